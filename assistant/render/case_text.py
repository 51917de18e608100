"""A case annotation as plain text for the terminal."""

from __future__ import annotations

from assistant.schemas.case import Case


def case_to_text(case: Case, lang: str = "en") -> str:
    d = case.dimensions
    notes = case.notes(lang)
    fmt = case.format
    lines = [
        f"{case.titles.original} ({case.title('en')}) — {case.id}",
        f"{case.country}, {case.year or 'year unknown'}, {case.platform}",
        f"Format: {fmt.kind}, {fmt.orientation}, {fmt.episodes or '?'} episodes × {fmt.minutes_per_episode or '?'} min",
        f"Genre: {notes.genre}",
        "",
        f"Premise: {case.premise.get(lang)}",
        "",
        f"Industrial model: {d.industrial_model.type} — {notes.financing}; {d.industrial_model.distribution}",
        f"IP origin: {d.ip_origin.type} ({' → '.join(d.ip_origin.chain)}) {notes.ip_note}".rstrip(),
        f"Development: {d.development_strategy.type} {notes.strategy_note}".rstrip(),
        f"Narrative logic: stacking {d.narrative_logic.stacking_level}; core: {notes.emotional_core}",
        f"Teaches: {d.case_lesson.get(lang)}",
        "",
        f"Tropes: {', '.join(case.tropes)}",
    ]
    if notes.counter_example:
        lines.append(f"Counter-example: {notes.counter_example}")
    lines += [
        "",
        f"Lesson — story world: {case.lessons.story_world.get(lang)}",
        f"Lesson — characters: {case.lessons.characters.get(lang)}",
        f"Lesson — transmedia: {case.lessons.transmedia.get(lang)}",
        "",
        f"Confidence: {case.confidence}" + (f"; gaps: {case.gaps}" if case.gaps else ""),
    ]
    return "\n".join(lines)
