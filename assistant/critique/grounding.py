"""The grounding check, for offline and model critiques alike: nothing cited may be made up.

Every cited case id must exist, every evidence quote must appear verbatim in the pitch, the numbers must be the
analysis's own, and each suggestion section must be filled. What is fixed or dropped is recorded in
`critique.grounding`, so a reader (and the eval suite) can see it.
"""

from __future__ import annotations

from assistant.critique.comps import to_comparable
from assistant.library import CaseLibrary
from assistant.schemas.critique import Critique, GroundingNote
from assistant.schemas.pitch import Pitch
from assistant.schemas.retrieval import CaseHit


def ground(critique: Critique, pitch: Pitch, hits: list[CaseHit], library: CaseLibrary, fallback: Critique | None = None) -> Critique:
    c = critique.model_copy(deep=True)
    notes = list(c.grounding)
    for finding in c.diagnosis.findings:
        if finding.evidence and finding.evidence not in pitch.text:
            notes.append(GroundingNote(kind="dropped_quote", detail=f"{finding.dimension}: {finding.evidence[:60]!r} is not in the pitch"))
            finding.evidence = None
    kept = []
    for comp in c.comparable_cases:
        if comp.case_id in library:
            kept.append(comp)
        else:
            notes.append(GroundingNote(kind="dropped_case", detail=f"comparable case {comp.case_id!r} does not exist"))
    c.comparable_cases = kept
    for country in ("CN", "KR"):
        if not any(comp.country == country for comp in c.comparable_cases):
            hit = next((h for h in hits if h.country == country), None)
            if hit is not None:
                c.comparable_cases.append(to_comparable(hit, library.get(hit.case_id), c.language))
                notes.append(GroundingNote(kind="fixed_count", detail=f"added the best {country} comp ({hit.case_id})"))
    for axis in ("story_world", "characters", "transmedia"):
        items = getattr(c.suggestions, axis)
        for item in items:
            if item.case_id and item.case_id not in library:
                notes.append(GroundingNote(kind="dropped_case", detail=f"{axis}: case {item.case_id!r} does not exist"))
                item.case_id = None
        if not items and fallback is not None:
            setattr(c.suggestions, axis, getattr(fallback.suggestions, axis))
            notes.append(GroundingNote(kind="fallback", detail=f"{axis}: empty, filled from the offline composer"))
    if abs(c.diagnosis.stacking_index - c.analysis.scores.stacking_index) > 1e-9:
        notes.append(GroundingNote(kind="fixed_count", detail=f"stacking_index {c.diagnosis.stacking_index} replaced by the analysis value"))
        c.diagnosis.stacking_index = c.analysis.scores.stacking_index
    c.grounding = notes
    return c
