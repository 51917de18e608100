"""Critique → Markdown, for terminals, files and chat."""

from __future__ import annotations

from assistant.render.labels import beat_label, dimension_label, flat_curve_note, labels, moment_names, severity_label
from assistant.text.dimension_words import country
from assistant.schemas.critique import Critique, Expansion


def _bar(value: float, width: int = 10) -> str:
    filled = round(max(0.0, min(value, 1.0)) * width)
    return "█" * filled + "░" * (width - filled)


def critique_to_markdown(c: Critique) -> str:
    L = labels(c.language)
    s = c.analysis.scores
    out = [f"# {c.title}", "", f"**{L['summary']}**: {c.summary}", "", f"## {L['diagnosis']}", "",
           f"- {L['logic']}: **{L[c.diagnosis.logic]}**",
           f"- {L['stacking']}: {s.stacking_index:.2f} {_bar(s.stacking_index)}",
           f"- {L['homogeneity']}: {s.homogeneity:.2f} {_bar(s.homogeneity)}",
           f"- {L['world']}: {s.world_depth:.2f} {_bar(s.world_depth)}",
           f"- {L['character']}: {s.character_depth:.2f} {_bar(s.character_depth)}", "",
           f"{L['reasons']}: " + "; ".join(c.analysis.reasons), "", f"### {L['curve']}", "", "```"]
    names = moment_names(c)
    for point in c.analysis.curve:
        out.append(f"{beat_label(point.label, c.language):>8} {_bar(point.intensity / 1.5, 15)} {point.intensity:.2f} {' '.join(names.get(k, k) for k in point.moments)}")
    note = flat_curve_note(c.analysis.curve, c.language)
    out += ["```", *([note] if note else []), "", f"### {L['findings']}", ""]
    for f in c.diagnosis.findings:
        out.append(f"- **{dimension_label(f.dimension, c.language)}** ({severity_label(f.severity, c.language)}): {f.message}")
        if f.evidence:
            out.append(f"  > {f.evidence}")
    out += ["", f"## {L['comps']}", ""]
    for comp in c.comparable_cases:
        out.append(f"- **{comp.title}** [{country(comp.country, c.language)}] `{comp.case_id}` — {comp.why}")
        out.append(f"  - {comp.lesson}")
    out += ["", f"## {L['suggestions']}"]
    for axis in ("story_world", "characters", "transmedia"):
        out += ["", f"### {L[axis]}", ""]
        for item in getattr(c.suggestions, axis):
            out.append(f"- **{item.move}**" + (f" (`{item.case_id}`)" if item.case_id else ""))
            out.append(f"  - {L['why']}: {item.why}")
            out.append(f"  - {L['example']}: {item.example}")
    if c.grounding:
        out += ["", f"### {L['grounding']}", ""] + [f"- {n.kind}: {n.detail}" for n in c.grounding]
    out.append("")
    return "\n".join(out)


AXIS_LABELS = {"world": "story_world", "characters": "characters", "transmedia": "transmedia"}


def expansion_to_markdown(e: Expansion) -> str:
    """A story-bible section: the axis as the reader's language names it, then its sections and the cases it drew on."""
    L = labels(e.language)
    out = [f"# {L[AXIS_LABELS[e.axis]]}", ""]
    for section in e.sections:
        out += [f"## {section['heading']}", "", section["body"], ""]
    if e.cases:
        out.append(f"_{L['case']}: {', '.join(e.cases)} · {e.backend}_")
    return "\n".join(out).rstrip() + "\n"
