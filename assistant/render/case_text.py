"""A case annotation as plain text for the terminal."""

from __future__ import annotations

from assistant.schemas.case import Case


def case_to_text(case: Case, lang: str = "en") -> str:
    d = case.dimensions
    fmt = case.format
    lines = [
        f"{case.titles.original} ({case.title('en')}) — {case.id}",
        f"{case.country}, {case.year or 'year unknown'}, {case.platform}",
        f"Format: {fmt.kind}, {fmt.orientation}, {fmt.episodes or '?'} episodes × {fmt.minutes_per_episode or '?'} min",
        f"Genre: {case.genre}",
        "",
        f"Premise: {case.premise.get(lang)}",
        "",
        f"Industrial model: {d.industrial_model.type} — {d.industrial_model.financing}; {d.industrial_model.distribution}",
        f"IP origin: {d.ip_origin.type} ({' → '.join(d.ip_origin.chain)}) {d.ip_origin.note}".rstrip(),
        f"Development: {d.development_strategy.type} {d.development_strategy.note}".rstrip(),
        f"Narrative logic: stacking {d.narrative_logic.stacking_level}; core: {d.narrative_logic.emotional_core}",
        f"Teaches: {d.case_lesson.get(lang)}",
        "",
        f"Tropes: {', '.join(case.tropes)}",
    ]
    if case.counter_example:
        lines.append(f"Counter-example: {case.counter_example}")
    lines += [
        "",
        f"Lesson — story world: {case.lessons.story_world.get(lang)}",
        f"Lesson — characters: {case.lessons.characters.get(lang)}",
        f"Lesson — transmedia: {case.lessons.transmedia.get(lang)}",
        "",
        f"Confidence: {case.confidence}" + (f"; gaps: {case.gaps}" if case.gaps else ""),
    ]
    return "\n".join(lines)
