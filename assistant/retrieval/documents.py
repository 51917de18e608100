"""Turn one annotated case into the several documents the index embeds.

A case is found by its premise (in the writer's language), by the lessons it teaches, by its place on the
research's dimensions (IP chain, development strategy, financing), by its genre and its people, and by its
titles in any script; one document per angle keeps each vector about one thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.retrieval.embedding_cache import text_hash
from assistant.schemas.case import Case
from assistant.schemas.taxonomy import Taxonomy
from assistant.text.dimension_words import medium, word


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    metadata: dict[str, Any]

    @property
    def hash(self) -> str:
        return text_hash(self.text + repr(sorted(self.metadata.items())))


def dimension_text(case: Case, lang: str) -> str:
    """The research's dimensions of a case as one sentence-like text in `lang`."""
    d = case.dimensions
    sep = "，" if lang == "zh" else ", "
    chain = " → ".join(medium(m, lang) for m in d.ip_origin.chain)
    strategy = d.development_strategy
    extensions = [f"{word(name, lang)}: {'; '.join(items)}" for name, items in
                  (("sequels", strategy.sequels), ("spin_offs", strategy.spin_offs), ("remakes", strategy.remakes)) if items]
    parts = [
        f"{word(case.country, lang)} {word(case.format.kind, lang)}",
        f"{word('ip', lang)}: {medium(d.ip_origin.type, lang)} ({chain})",
        f"{word('strategy', lang)}: {word(strategy.type, lang)}",
        *extensions,
        f"{word('industry', lang)}: {word(d.industrial_model.type, lang)}",
        f"{word('logic', lang)}: {word(d.narrative_logic.stacking_level, lang)}",
        case.platform,
    ]
    if lang == "en" or lang in case.localized:  # the notes, in the reader's language where the case has them written so
        notes = case.notes(lang)
        parts += [notes.ip_note, notes.strategy_note, notes.financing]
    return sep.join(p for p in parts if p)


def title_text(case: Case) -> str:
    t = case.titles
    return " / ".join(dict.fromkeys(x for x in (t.original, t.zh, t.ko, t.en, *t.aliases) if x))


def case_metadata(case: Case) -> dict[str, Any]:
    d = case.dimensions
    meta: dict[str, Any] = {
        "case_id": case.id,
        "country": case.country,
        "year": case.year if case.year is not None else -1,
        "format_kind": case.format.kind,
        "ip_origin": d.ip_origin.type,
        "industrial_model": d.industrial_model.type,
        "development_strategy": d.development_strategy.type,
        "stacking_level": d.narrative_logic.stacking_level,
    }
    tropes = sorted(case.all_tropes())
    if tropes:  # Chroma rejects empty lists
        meta["tropes"] = tropes
    return meta


def case_documents(case: Case, taxonomy: Taxonomy | None = None) -> list[Document]:
    """Several documents for one case; ids are stable (`case-id::kind`) so edits re-embed only what changed."""
    base = case_metadata(case)
    docs: list[Document] = []

    def add(kind: str, lang: str, text: str) -> None:
        docs.append(Document(f"{case.id}::{kind}", text, {**base, "doc_kind": kind.split("-")[0], "lang": lang}))

    for lang in ("zh", "ko", "en"):
        add(f"premise-{lang}", lang, f"{case.title(lang, reading=False)}: {case.premise.get(lang)}")
        lessons = case.lessons
        add(f"lessons-{lang}", lang, " ".join(
            [case.dimensions.case_lesson.get(lang), lessons.story_world.get(lang), lessons.characters.get(lang), lessons.transmedia.get(lang)]))
        add(f"dimensions-{lang}", lang, dimension_text(case, lang))
    # Genre and who the people are, each on its own: what an editor names when asking for "a grounded crime comedy" or
    # "a chaebol secretary", which no premise sentence or trope label says as plainly. The people also in each language
    # the case is localised into. A Chinese or Korean genre is not a document of its own: two or three words ending in
    # 剧 or 드라마 sit close to any question with "drama" in it (the pooled query sets lost 0.0011 with them).
    if case.genre and "not recorded" not in case.genre.lower():
        add("genre", "en", case.genre)
    for lang in ("en", *case.localized):
        archetypes = "; ".join(a for a in case.notes(lang).archetypes if a)
        if archetypes:
            add("people" if lang == "en" else f"people-{lang}", lang, archetypes)
    add("titles", "mixed", title_text(case))
    # One short document per distinct title, so a translated title ("평범한 영광" for Ordinary Glory) meets its twin alone.
    t = case.titles
    for i, title in enumerate(dict.fromkeys(x for x in (t.original, t.zh, t.ko, t.en, *t.aliases) if x)):
        add(f"title-{i}", "mixed", title)
    if taxonomy is not None:
        labels = [taxonomy.get(t) for t in case.tropes]
        add("tropes", "mixed", " · ".join(f"{c.label.zh} / {c.label.ko} / {c.label.en}" for c in labels if c))
    return docs
