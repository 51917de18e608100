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

# Dimension vocabulary per language, so a Korean question about 웹소설 meets a Korean dimension text.
_MEDIA = {
    "web-novel": {"zh": "网络小说", "ko": "웹소설", "en": "web novel"},
    "webtoon": {"zh": "条漫", "ko": "웹툰", "en": "webtoon"},
    "manhua": {"zh": "漫画", "ko": "만화", "en": "comic"},
    "novel": {"zh": "小说", "ko": "소설", "en": "novel"},
    "drama": {"zh": "剧集", "ko": "드라마", "en": "drama"},
    "micro-drama": {"zh": "微短剧", "ko": "숏폼 드라마", "en": "micro-drama"},
    "web-drama": {"zh": "网剧", "ko": "웹드라마", "en": "web drama"},
    "remake": {"zh": "翻拍", "ko": "리메이크", "en": "remake"},
    "film": {"zh": "电影", "ko": "영화", "en": "film"},
    "game": {"zh": "游戏", "ko": "게임", "en": "game"},
    "anime": {"zh": "动画", "ko": "애니메이션", "en": "anime"},
    "original": {"zh": "原创", "ko": "오리지널", "en": "original"},
    "sequel": {"zh": "续集", "ko": "속편", "en": "sequel"},
}
_WORDS = {
    "ip": {"zh": "IP来源", "ko": "IP 원천", "en": "IP origin"},
    "industry": {"zh": "产业模式", "ko": "산업 모델", "en": "Industrial model"},
    "strategy": {"zh": "开发策略", "ko": "개발 전략", "en": "Development strategy"},
    "logic": {"zh": "叙事逻辑", "ko": "서사 논리", "en": "Narrative logic"},
    "channel-centric": {"zh": "渠道导向、流量逻辑", "ko": "채널 중심, 트래픽 논리", "en": "channel-centric traffic logic"},
    "content-centric": {"zh": "内容导向", "ko": "콘텐츠 중심", "en": "content-centric"},
    "hybrid": {"zh": "渠道与内容混合", "ko": "채널·콘텐츠 혼합", "en": "hybrid of channel and content"},
    "horizontal": {"zh": "横向数据库式复制", "ko": "수평적 데이터베이스식 확장", "en": "horizontal database-style expansion"},
    "vertical": {"zh": "纵向故事宇宙", "ko": "수직적 스토리 유니버스", "en": "vertical story universe"},
    "mixed": {"zh": "横纵结合", "ko": "수평·수직 혼합", "en": "mixed horizontal and vertical"},
    "single": {"zh": "单部作品", "ko": "단일 작품", "en": "single title"},
    "sequels": {"zh": "续集", "ko": "속편·시즌제", "en": "sequels"},
    "spin_offs": {"zh": "衍生剧", "ko": "스핀오프", "en": "spin-offs"},
    "remakes": {"zh": "翻拍", "ko": "리메이크", "en": "remakes"},
    "low": {"zh": "爽点密度低", "ko": "사이다 밀도 낮음", "en": "low density of exciting moments"},
    "medium": {"zh": "爽点密度中等", "ko": "사이다 밀도 보통", "en": "medium density of exciting moments"},
    "high": {"zh": "爽点密集", "ko": "사이다 밀도 높음", "en": "high density of exciting moments"},
    "micro": {"zh": "竖屏微短剧", "ko": "세로형 숏폼 드라마", "en": "vertical micro-drama"},
    "web": {"zh": "网剧", "ko": "웹드라마", "en": "web drama"},
    "long-form": {"zh": "长剧", "ko": "장편 드라마", "en": "long-form series"},
    "CN": {"zh": "中国", "ko": "중국", "en": "Chinese"},
    "KR": {"zh": "韩国", "ko": "한국", "en": "Korean"},
    "other": {"zh": "海外", "ko": "해외", "en": "overseas"},
}


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    metadata: dict[str, Any]

    @property
    def hash(self) -> str:
        return text_hash(self.text + repr(sorted(self.metadata.items())))


def _word(key: str, lang: str) -> str:
    return _WORDS.get(key, {}).get(lang, key)


def _medium(key: str, lang: str) -> str:
    return _MEDIA.get(key, {}).get(lang, key)


def dimension_text(case: Case, lang: str) -> str:
    """The research's dimensions of a case as one sentence-like text in `lang`."""
    d = case.dimensions
    sep = "，" if lang == "zh" else ", "
    chain = " → ".join(_medium(m, lang) for m in d.ip_origin.chain)
    strategy = d.development_strategy
    extensions = [f"{_word(name, lang)}: {'; '.join(items)}" for name, items in
                  (("sequels", strategy.sequels), ("spin_offs", strategy.spin_offs), ("remakes", strategy.remakes)) if items]
    parts = [
        f"{_word(case.country, lang)} {_word(case.format.kind, lang)}",
        f"{_word('ip', lang)}: {_medium(d.ip_origin.type, lang)} ({chain})",
        f"{_word('strategy', lang)}: {_word(strategy.type, lang)}",
        *extensions,
        f"{_word('industry', lang)}: {_word(d.industrial_model.type, lang)}",
        f"{_word('logic', lang)}: {_word(d.narrative_logic.stacking_level, lang)}",
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
    import os
    for lang in ("en", *[x for x in case.localized if x in os.environ.get("PEOPLE", "zh ko").split()]):
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
