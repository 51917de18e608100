"""Pure functions from results to what the UI shows; no Gradio here, so they are unit-tested without a server.

Every string that came from a pitch, a model or a case file is HTML-escaped before it reaches an HTML or Markdown
component: Gradio's gr.HTML does not sanitise.
"""

from __future__ import annotations

from html import escape

from assistant.render.case_text import case_fields
from assistant.render.labels import beat_label, dimension_label, flat_curve_note, labels, severity_label
from assistant.schemas.case import Case
from assistant.schemas.critique import Critique
from assistant.schemas.taxonomy import Taxonomy

LOGIC_COLORS = {"traffic": "#b3261e", "balanced": "#8a6100", "content": "#1b6e3a"}


def diagnosis_card(c: Critique) -> str:
    L = labels(c.language)
    s = c.analysis.scores
    metric = lambda key, value: f'<div class="sw-metric"><span>{escape(L[key])}</span><b>{value:.2f}</b></div>'  # noqa: E731
    return (
        f'<div class="sw-card" id="sw-diagnosis"><div class="sw-logic" style="color:{LOGIC_COLORS[c.diagnosis.logic]}">'
        f'{escape(L["logic"])}: <b>{escape(L[c.diagnosis.logic])}</b></div><div class="sw-metrics">'
        + metric("stacking", s.stacking_index) + metric("homogeneity", s.homogeneity) + metric("world", s.world_depth)
        + metric("character", s.character_depth) + f'</div><p class="sw-summary">{escape(c.summary)}</p>'
        + f'<p class="sw-reasons">{escape("; ".join(c.analysis.reasons))}</p></div>'
    )


def findings_markdown(c: Critique) -> str:
    lines = []
    for f in c.diagnosis.findings:
        lines.append(f"- **{escape(dimension_label(f.dimension, c.language))}** ({escape(severity_label(f.severity, c.language))}): {escape(f.message)}")
        if f.evidence:
            lines.append(f"  > {escape(f.evidence)}")
    return "\n".join(lines)


def comps_markdown(c: Critique) -> str:
    return "\n".join(f"- **{escape(x.title)}** [{escape(x.country)}] `{escape(x.case_id)}` — {escape(x.why)}\n  - {escape(x.lesson)}"
                     for x in c.comparable_cases)


def suggestions_markdown(c: Critique) -> str:
    L = labels(c.language)
    out = []
    for axis in ("story_world", "characters", "transmedia"):
        out.append(f"### {escape(L[axis])}")
        for s in getattr(c.suggestions, axis):
            case = f" (`{escape(s.case_id)}`)" if s.case_id else ""
            out.append(f"- **{escape(s.move)}**{case}\n  - {escape(L['why'])}: {escape(s.why)}\n  - {escape(L['example'])}: {escape(s.example)}")
    return "\n".join(out)


def curve_figure(c: Critique):  # type: ignore[no-untyped-def]
    """Matplotlib figure of the intensity curve, with the beats that hold exciting moments marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = ["Noto Sans CJK JP", "Noto Sans CJK SC", "DejaVu Sans"]
    L = labels(c.language)
    points = c.analysis.curve
    fig, ax = plt.subplots(figsize=(8, 2.8))
    xs = list(range(len(points)))
    ax.plot(xs, [p.intensity for p in points], color="#1f5fa8", linewidth=2)
    marked = [i for i, p in enumerate(points) if p.moments]
    ax.scatter(marked, [points[i].intensity for i in marked], color="#b3261e", zorder=3, label=L["moments"])
    ax.set_xticks(xs, [beat_label(p.label, c.language) for p in points], rotation=45 if len(points) > 8 else 0, fontsize=8)
    ax.set_ylim(0, 1.6)
    ax.set_ylabel(L["intensity"])
    ax.set_title(L["curve"])
    note = flat_curve_note(points, c.language)
    if note:
        ax.text(0.5, 0.6, note, transform=ax.transAxes, ha="center", va="center", fontsize=9, color="#555")
    else:
        ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    return fig


def case_card(case: Case, lang: str, taxonomy: Taxonomy | None = None) -> str:
    """The case's rows (render/case_text.py) as an HTML card."""
    e = escape
    body = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in case_fields(case, lang, taxonomy))
    return (f'<div class="sw-case" id="sw-case-{e(case.id)}"><h3>{e(case.titles.original)} · {e(case.title(lang))} '
            f'<small>[{e(case.country)} {case.year or ""}] {e(case.notes(lang).platform)}</small></h3><table>{body}</table></div>')


def case_rows(cases: list[Case], lang: str) -> list[list[str]]:
    return [[c.id, c.title(lang), c.country, str(c.year or ""), c.dimensions.ip_origin.type, c.dimensions.development_strategy.type,
             c.dimensions.narrative_logic.stacking_level] for c in cases]


CSS = """.sw-card{border:1px solid #ddd;border-radius:10px;padding:12px}.sw-logic{font-size:1.2em;margin-bottom:8px}
.sw-metrics{display:flex;gap:10px;flex-wrap:wrap}.sw-metric{border:1px solid #e4e4e4;border-radius:8px;padding:6px 12px;min-width:110px}
.sw-metric b{display:block;font-size:1.5em}.sw-case table{border-collapse:collapse}.sw-case th{text-align:left;padding-right:10px;vertical-align:top}"""
