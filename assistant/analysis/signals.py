"""Depth signals: what makes a pitch a story world rather than a string of payoffs."""

from __future__ import annotations

from assistant.analysis.cues import load_cues
from assistant.analysis.evidence import quote
from assistant.schemas.analysis import Beat, Signal
from assistant.text.concepts import ConceptMatch
from assistant.text.negation import Span, is_negated

CONCEPT_KINDS = {
    "motivation": "motivation", "wound": "wound", "character-arc": "arc", "relationship-change": "relationship",
    "moral-dilemma": "dilemma", "ensemble": "relationship", "world-rules": "world_rule", "factions": "faction",
    "history-backstory": "history", "signature-place": "place", "shared-universe": "universe",
}
CUE_KINDS = {"consequence": "consequence", "interiority": "interiority", "relationship": "relationship",
             "world": "world_rule", "transmedia": "transmedia_hook"}
WORLD_KINDS = {"world_rule", "history", "place", "faction", "universe"}
CHARACTER_KINDS = {"motivation", "interiority", "wound", "arc", "relationship", "dilemma"}
FORMAT_ONLY = {"micro-drama"}  # naming the format is not a transmedia plan


def find_signals(text: str, beats: list[Beat], matches: list[ConceptMatch], negated: list[Span]) -> list[Signal]:
    """Signals per beat, one per (beat, kind, clause), negated mentions dropped."""
    cues = load_cues()
    out: list[Signal] = []
    seen: set[tuple[int, str, int]] = set()

    def add(beat: Beat, kind: str, concept: str | None, start: int, end: int) -> None:
        if is_negated(negated, start, end):
            return
        words, q_start, _ = quote(text, start, end, beat.start, beat.end)
        key = (beat.index, kind, q_start)
        if key not in seen:
            seen.add(key)
            out.append(Signal(beat=beat.index, kind=kind, concept=concept, quote=words))  # type: ignore[arg-type]

    depth_categories = {"character_element", "world_element", "transmedia_form"}
    for beat in beats:
        for m in matches:
            if m.category not in depth_categories or m.concept_id in FORMAT_ONLY or not (beat.start <= m.start and m.end <= beat.end):
                continue
            kind = CONCEPT_KINDS.get(m.concept_id, "transmedia_hook" if m.category == "transmedia_form" else None)
            if kind:
                add(beat, kind, m.concept_id, m.start, m.end)
        segment = text[beat.start : beat.end]
        for category, kind in CUE_KINDS.items():
            for c in cues.find(segment, category):
                add(beat, kind, None, beat.start + c.start, beat.start + c.end)
    return out
