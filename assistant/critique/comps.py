"""Comparable cases for a pitch: the best search hits, with at least one Chinese and one Korean case when relevant."""

from __future__ import annotations

from assistant.library import CaseLibrary
from assistant.schemas.case import Case
from assistant.schemas.critique import Comparable
from assistant.schemas.retrieval import CaseHit

MAX_COMPS = 4


def choose_comps(hits: list[CaseHit], limit: int = 3) -> list[CaseHit]:
    """Top hits, swapping in the best CN and KR hit if the top `limit` lacks a country."""
    chosen = hits[:limit]
    for country in ("CN", "KR"):
        if not any(h.country == country for h in chosen):
            best = next((h for h in hits if h.country == country), None)
            if best is not None:
                chosen = chosen + [best] if len(chosen) < MAX_COMPS else chosen[:-1] + [best]
    return chosen


def to_comparable(hit: CaseHit, case: Case, lang: str) -> Comparable:
    sep = "；" if lang == "zh" else "; "
    return Comparable(
        case_id=case.id, title=case.title(lang), country=case.country,
        why=sep.join(hit.why[:3]), lesson=case.dimensions.case_lesson.get(lang),
    )


def fits_traits(case: Case, traits: list[str]) -> bool:
    """Whether a case has one of the tropes or dimension types a move or an expansion needs (any case if none)."""
    d = case.dimensions
    words = case.all_tropes() | {d.development_strategy.type, d.industrial_model.type}
    return not traits or bool(set(traits) & words)


def case_for_traits(traits: list[str], preferred: list[Case], library: CaseLibrary, avoid: set[str]) -> Case | None:
    """The first preferred case (comps first) that has one of `traits`; else the best such case in the library."""
    for pool in (preferred, library.cases):
        for case in pool:
            if case.id not in avoid and fits_traits(case, traits) and case.confidence != "low":
                return case
    return preferred[0] if preferred else None
