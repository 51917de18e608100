"""Critique → a self-contained HTML page with an inline SVG intensity curve. All pitch and model text is escaped."""

from __future__ import annotations

from html import escape

from assistant.render.labels import beat_label, dimension_label, flat_curve_note, labels, moment_names, severity_label
from assistant.text.dimension_words import country
from assistant.schemas.analysis import CurvePoint
from assistant.schemas.critique import Critique

CSS = """body{font-family:system-ui,'Noto Sans CJK SC','Noto Sans CJK KR',sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}
.card{display:flex;gap:1em;flex-wrap:wrap}.metric{border:1px solid #ddd;border-radius:8px;padding:.6em 1em;min-width:130px}
.metric b{font-size:1.5em;display:block}.logic-traffic{color:#b3261e}.logic-content{color:#1b6e3a}.logic-balanced{color:#8a6100}
blockquote{border-left:3px solid #ccc;margin:.3em 0 .3em 1em;padding-left:.6em;color:#555}svg text{font-size:11px}
.sev-major{color:#b3261e}.sev-minor{color:#8a6100}.sev-info{color:#555}li{margin:.3em 0}"""


def curve_svg(points: list[CurvePoint], width: int = 720, height: int = 220, title: str = "", names: dict[str, str] | None = None,
              lang: str = "en") -> str:
    """A line chart of beat intensity with dots where moments land."""
    if not points:
        return ""
    pad, top = 36, 1.5
    step = (width - 2 * pad) / max(len(points) - 1, 1)
    xy = [(pad + i * step, height - pad - (p.intensity / top) * (height - 2 * pad)) for i, p in enumerate(points)]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(xy))
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{4 if p.moments else 2}" fill="{"#b3261e" if p.moments else "#888"}">'
        f"<title>{escape(beat_label(p.label, lang))}: {p.intensity:.2f} {escape(' '.join((names or {}).get(k, k) for k in p.moments))}</title></circle>"
        for (x, y), p in zip(xy, points))
    ticks = "".join(f'<text x="{x:.1f}" y="{height - pad + 16}" text-anchor="middle">{escape(beat_label(p.label, lang))}</text>' for (x, _), p in zip(xy, points))
    axis = f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#999"/>'
    note = flat_curve_note(points, lang)
    if note:
        axis += f'<text x="{width / 2:.0f}" y="{pad + 20}" text-anchor="middle" fill="#555">{escape(note)}</text>'
    return (f'<svg class="curve" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'xmlns="http://www.w3.org/2000/svg">{axis}<path d="{path}" fill="none" stroke="#1f5fa8" stroke-width="2"/>{dots}{ticks}</svg>')


def critique_to_html(c: Critique) -> str:
    L = labels(c.language)
    s = c.analysis.scores
    e = escape
    metrics = "".join(f'<div class="metric">{e(L[k])}<b>{v:.2f}</b></div>' for k, v in
                      (("stacking", s.stacking_index), ("homogeneity", s.homogeneity), ("world", s.world_depth), ("character", s.character_depth)))
    findings = "".join(
        f'<li><b class="sev-{f.severity}">{e(dimension_label(f.dimension, c.language))}</b> <small class="sev-{f.severity}">({e(severity_label(f.severity, c.language))})</small> {e(f.message)}' + (f"<blockquote>{e(f.evidence)}</blockquote>" if f.evidence else "") + "</li>"
        for f in c.diagnosis.findings)
    comps = "".join(f"<li><b>{e(x.title)}</b> [{e(country(x.country, c.language))}] <code>{e(x.case_id)}</code> — {e(x.why)}<br><i>{e(x.lesson)}</i></li>"
                    for x in c.comparable_cases)
    sections = ""
    for axis in ("story_world", "characters", "transmedia"):
        items = "".join(
            f"<li><b>{e(i.move)}</b>" + (f" <code>{e(i.case_id)}</code>" if i.case_id else "")
            + f"<br>{e(L['why'])}: {e(i.why)}<br>{e(L['example'])}: {e(i.example)}</li>" for i in getattr(c.suggestions, axis))
        sections += f'<h3>{e(L[axis])}</h3><ul class="suggestions-{axis}">{items}</ul>'
    moments = "".join(f"<li>{e(m.label)} ({m.intensity:.2f}): <q>{e(m.quote)}</q></li>" for m in c.analysis.moments)
    moments = f"<h3>{e(L['moments'])}</h3><ul>{moments}</ul>" if moments else ""  # none: the curve's note already says so
    return f"""<!doctype html><html lang="{e(c.language)}"><head><meta charset="utf-8"><title>{e(c.title)}</title><style>{CSS}</style></head><body>
<h1>{e(c.title)}</h1><p>{e(c.summary)}</p>
<h2>{e(L['diagnosis'])}</h2><p id="logic" class="logic-{e(c.diagnosis.logic)}">{e(L['logic'])}: <b>{e(L[c.diagnosis.logic])}</b></p>
<div class="card" id="diagnosis">{metrics}</div><p>{e('; '.join(c.analysis.reasons))}</p>
<h3>{e(L['curve'])}</h3>{curve_svg(c.analysis.curve, title=L['curve'], names=moment_names(c), lang=c.language)}
{moments}
<h3>{e(L['findings'])}</h3><ul>{findings}</ul>
<h2>{e(L['comps'])}</h2><ul>{comps}</ul>
<h2>{e(L['suggestions'])}</h2>{sections}
<footer><small>StoryWorld · {e(c.backend)}{(' · ' + e(c.model)) if c.model else ''} · v{e(c.version)}</small></footer></body></html>"""
