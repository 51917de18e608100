"""The pitch's own elements (names, place, main trope, strongest moment) that every suggestion must speak about."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.analysis.structure import RHYTHM
from assistant.critique.templates import msg
from assistant.schemas.analysis import Analysis
from assistant.schemas.taxonomy import Taxonomy

# Broad tropes say least about a pitch; prefer the specific one when naming "the core hook".
_BROAD = {"rich-family", "workplace", "sweet-romance", "slice-of-life", "campus-youth", "makjang", "villainess", "thriller"}


@dataclass(frozen=True)
class Elements:
    protagonist: str
    second: str
    place: str
    trope: str
    moment: str
    found: tuple[str, ...]  # the elements that really come from the pitch (for the specificity check)
    detail: str = ""  # a world or character detail the pitch itself gives (quoted), for examples to build on
    payoff: str = ""  # the pitch's most frequent kind of exciting moment, as a label

    def values(self) -> dict[str, str]:
        return {"protagonist": self.protagonist, "second": self.second, "place": self.place, "trope": self.trope, "moment": self.moment,
                "detail": self.detail, "payoff": self.payoff}


def pitch_elements(analysis: Analysis, taxonomy: Taxonomy, lang: str) -> Elements:
    chars = analysis.characters
    found: list[str] = list(chars[:2])
    place = analysis.places[0] if analysis.places else ""
    if place:
        found.append(place)
    tropes = [t for t in analysis.tropes if (c := taxonomy.get(t)) and c.category == "trope"]
    specific = [t for t in tropes if t not in _BROAD] or tropes
    trope = taxonomy.get(specific[0]).label.get(lang) if specific else ""  # type: ignore[union-attr]
    # The strongest scene, not the logline's promise of one ("3화마다 터지는 통쾌한 역전" reads as three payoffs at
    # once, but "write that scene as a debt" then names no scene) nor a writer's label for one ("(첫 사이다) 대가")
    scenes = [m for m in analysis.moments if not RHYTHM.search(m.quote) and len(short_quote(m.quote)) >= 5] or analysis.moments
    strongest = max(scenes, key=lambda m: m.intensity, default=None)
    moment = short_quote(strongest.quote) if strongest else ""
    if moment:
        found.append(moment)
    fb = lambda key: msg(f"fallback.{key}", lang)  # noqa: E731
    world = next((s for s in analysis.signals if s.kind in {"world_rule", "history", "place", "faction", "wound", "motivation"}), None)
    kinds = [m.kind for m in analysis.moments]
    top_kind = max(dict.fromkeys(kinds), key=kinds.count) if kinds else None  # a tie goes to the kind met first
    concept = taxonomy.get(top_kind) if top_kind else None
    return Elements(
        protagonist=chars[0] if chars else fb("protagonist"),
        second=chars[1] if len(chars) > 1 else fb("second"),
        place=place or fb("place"),
        trope=trope or fb("trope"),
        moment=moment or fb("moment"),
        found=tuple(found),
        detail=short_quote(world.quote) if world else (moment or fb("moment")),
        payoff=concept.label.get(lang) if concept else fb("moment"),
    )


def quoted(quote: str, lang: str) -> str:
    """A quote of the pitch in the marks its language uses."""
    return f"“{quote}”" if lang == "zh" else (f"'{quote}'" if lang == "ko" else f'"{quote}"')


_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# "但宋家股价一夜下跌。（大爽点，有代价）", "the fish fry sells out. (Payoff.)": the writer's label after the scene
_TRAILING_NOTE = re.compile(r"[。.!！]?\s*[（(][^（）()]{1,16}[）)]\s*$")
_CLOSED_NOTE = re.compile(r"^[^()（）]{0,20}[)）]\s*(?=\S)")  # "첫 번째 사이다) 서아가…": the tail of the writer's own "(…)" note


def short_quote(text: str, limit: int = 36) -> str:
    """A prefix of a quote that ends at a natural break, without the writer's bracketed notes at either end (still a
    verbatim substring of the pitch)."""
    text = _CLOSED_NOTE.sub("", text, count=1)
    bare = _TRAILING_NOTE.sub("", text)
    text = bare if len(bare) >= 8 else text
    if text.isascii():
        limit *= 2
    elif _HANGUL.search(text):  # Hangul spells a clause in about half again as many characters as Hanzi, with spaces
        limit = limit * 3 // 2
    if len(text) <= limit:
        return text
    cut = text[:limit]
    for marks in ("，、；,;", " "):
        at = max(cut.rfind(m) for m in marks)
        if at >= limit // 2:
            return cut[:at].rstrip()
    return cut.rstrip()
