"""Pure functions from results to what the UI shows; no Gradio here, so they are unit-tested without a server.

Every string that came from a pitch, a model or a case file is HTML-escaped before it reaches an HTML or Markdown
component: Gradio's gr.HTML does not sanitise.
"""

from __future__ import annotations

from html import escape

from assistant.batch.report import column_headers
from assistant.render.case_text import case_fields
from assistant.render.labels import beat_label, dimension_label, flat_curve_note, labels, severity_label
from assistant.schemas.case import Case
from assistant.schemas.critique import Critique
from assistant.schemas.taxonomy import Taxonomy
from assistant.text.dimension_words import country, level, medium, word

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
    return "\n".join(f"- **{escape(x.title)}** [{escape(country(x.country, c.language))}] `{escape(x.case_id)}` — {escape(x.why)}\n  - {escape(x.lesson)}"
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
    title = case.titles.original + ("" if case.title(lang) == case.titles.original else f" · {case.title(lang)}")
    where = ", ".join(x for x in (word(case.country, lang), str(case.year or "")) if x)
    return (f'<div class="sw-case" id="sw-case-{e(case.id)}"><h3>{e(title)} '
            f'<small>[{e(where)}] {e(case.notes(lang).platform)}</small></h3><table>{body}</table></div>')


BATCH_COLUMNS = ["id", "title", "language", "logic", "stacking_index", "world_depth", "character_depth", "top_comps"]
TABLE_HEADERS = {
    "cases": {"en": ["id", "title", "country", "year", "IP origin", "strategy", "stacking"],
              "zh": ["案例ID", "片名", "国家/地区", "年份", "IP来源", "开发策略", "爽点密度"],
              "ko": ["사례 ID", "제목", "국가", "연도", "IP 원천", "개발 전략", "사이다 밀도"]},
    "batch": {lang: column_headers(BATCH_COLUMNS, lang) for lang in ("en", "zh", "ko")},  # as the batch report names them
    "evals": {"en": ["criterion", "kind", "mean", "95% CI", "pass rate"],
              "zh": ["评分项", "类型", "均值", "95%置信区间", "通过率"],
              "ko": ["평가 항목", "유형", "평균", "95% 신뢰구간", "통과율"]},
}
NOT_SCORED = {"zh": "未评分", "ko": "채점 안 함", "en": "not scored"}
CRITERION_KINDS = {"check": {"zh": "自动检查", "ko": "자동 검사", "en": "check"}, "judge": {"zh": "模型评审", "ko": "모델 평가", "en": "judge"}}


def table(kind: str, rows: list[list], lang: str) -> dict:  # type: ignore[type-arg]
    """A Dataframe value with its column headers in the reader's language (Gradio takes headers with the data)."""
    return {"headers": TABLE_HEADERS[kind].get(lang, TABLE_HEADERS[kind]["en"]), "data": rows}


def case_rows(cases: list[Case], lang: str) -> list[list[str]]:
    """The case library's rows: country, IP origin, strategy and stacking level in `lang`, the id as it is."""
    return [[c.id, c.title(lang), word(c.country, lang), str(c.year or ""), medium(c.dimensions.ip_origin.type, lang),
             word(c.dimensions.development_strategy.type, lang), level(c.dimensions.narrative_logic.stacking_level, lang)] for c in cases]


def batch_rows(rows: list[dict], lang: str) -> list[list]:  # type: ignore[type-arg]
    """The batch summary's rows, the logic call in `lang`."""
    L = labels(lang)
    return [[L.get(r[k], r[k]) if k == "logic" else r[k] for k in BATCH_COLUMNS] for r in rows]


def eval_rows(criteria: dict, lang: str) -> list[list]:  # type: ignore[type-arg]
    """Per-criterion scores; the criterion ids stay as the rubric names them."""
    return [[cid, CRITERION_KINDS.get(c["kind"], {}).get(lang, c["kind"]), NOT_SCORED.get(lang, "not scored") if c["mean"] is None else round(c["mean"], 3),
             "" if not c["ci"] else f"{c['ci'][0]:.2f}–{c['ci'][1]:.2f}", "" if c["pass_rate"] is None else c["pass_rate"]]
            for cid, c in criteria.items()]


CSS = """.sw-card{border:1px solid #ddd;border-radius:10px;padding:12px}.sw-logic{font-size:1.2em;margin-bottom:8px}
.sw-metrics{display:flex;gap:10px;flex-wrap:wrap}.sw-metric{border:1px solid #e4e4e4;border-radius:8px;padding:6px 12px;min-width:110px}
.sw-metric b{display:block;font-size:1.5em}.sw-case table{border-collapse:collapse}.sw-case th{text-align:left;padding-right:10px;vertical-align:top}"""


def filter_choices(taxonomy: Taxonomy, lang: str, everything: str) -> tuple[list[tuple[str, str]], ...]:
    """The case library's filters as (label in `lang`, value) pairs: country, trope, IP origin, strategy."""
    from typing import get_args

    from assistant.schemas.case import IPOriginType, StrategyType
    from assistant.ui.i18n import STRINGS

    every = (STRINGS.get(lang, STRINGS["en"])["all"], everything)
    tropes = sorted(((c.label.get(lang) or c.id, c.id) for c in taxonomy.concepts), key=lambda pair: pair[0])
    return ([every, *((word(k, lang), k) for k in ("CN", "KR", "other"))], [every, *tropes],
            [every, *((medium(k, lang), k) for k in get_args(IPOriginType))], [every, *((word(k, lang), k) for k in get_args(StrategyType))])
