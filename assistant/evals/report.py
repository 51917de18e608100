"""Eval reports (report.md and report.html): per-criterion table, a bar chart of scores, worst items with reasons."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from assistant.evals.rubric import Rubric


def _fmt(value: Any) -> str:
    return "—" if value is None else f"{value:.2f}"


def _ci(c: dict[str, Any]) -> str:
    return "—" if not c.get("ci") else f"{c['ci'][0]:.2f}–{c['ci'][1]:.2f}"


def worst_items(results: list[dict[str, Any]], limit: int = 8) -> list[tuple[str, str, float, str]]:
    rows = [(r["item_id"], s["criterion"], s["score"], s["reason"]) for r in results for s in r["scores"]
            if s["score"] is not None and not s.get("passed", True)]
    return sorted(rows, key=lambda x: x[2])[:limit]


def chart_svg(summary: dict[str, Any], width: int = 640) -> str:
    items = [(cid, c) for cid, c in summary["criteria"].items()]
    bar_h, label_w = 22, 170
    body = ""
    for i, (cid, c) in enumerate(items):
        y = i * bar_h
        if c["mean"] is None:
            body += f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(cid)}</text><text x="{label_w + 4}" y="{y + 15}" fill="#888">not scored</text>'
            continue
        w = (width - label_w - 60) * c["mean"]
        color = "#1b6e3a" if c["mean"] >= c.get("threshold", 0) else "#b3261e"
        body += (f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(cid)}</text>'
                 f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{bar_h - 8}" fill="{color}"/>'
                 f'<text x="{label_w + w + 4:.1f}" y="{y + 15}">{c["mean"]:.2f}</text>')
    return f'<svg id="chart" width="{width}" height="{len(items) * bar_h + 4}" xmlns="http://www.w3.org/2000/svg">{body}</svg>'


def write_report(out_dir: Path, summary: dict[str, Any], results: list[dict[str, Any]], rubric: Rubric) -> None:
    head = "| criterion | kind | mean | 95% CI | pass rate | n |\n|---|---|---|---|---|---|\n"
    rows = "".join(f"| {cid} | {c['kind']} | {_fmt(c['mean'])} | {_ci(c)} | "
                   f"{_fmt(c['pass_rate'])} | {c['n'] or c['status']} |\n" for cid, c in summary["criteria"].items())
    overall = summary["overall"]
    worst = worst_items(results)
    md = [f"# StoryWorld eval report\n\nBackend `{summary['backend']}`, judge `{summary['judge']}`, {summary['items']} items.\n",
          f"Overall: **{_fmt(overall['mean'])}**" + (f" (95% CI {overall['ci'][0]:.2f}–{overall['ci'][1]:.2f})" if overall["ci"] else "") + "\n",
          head + rows, "\n## By language\n\n" + "".join(f"- {k}: {_fmt(v['mean'])} (n={v['n']})\n" for k, v in summary["by_language"].items()),
          "\n## By label\n\n" + "".join(f"- {k}: {_fmt(v['mean'])} (n={v['n']})\n" for k, v in summary["by_label"].items()),
          "\n## Worst items\n\n" + ("".join(f"- `{i}` {c}: {s:.2f} — {r}\n" for i, c, s, r in worst) or "none failed\n")]
    (out_dir / "report.md").write_text("\n".join(md), encoding="utf-8")
    e = escape
    table = "".join(f"<tr><td>{e(cid)}</td><td>{c['kind']}</td><td>{_fmt(c['mean'])}</td><td>{_ci(c)}</td>"
                    f"<td>{_fmt(c['pass_rate'])}</td><td>{c['n'] or e(c['status'])}</td></tr>" for cid, c in summary["criteria"].items())
    worst_html = "".join(f"<li><code>{e(i)}</code> {e(c)}: {s:.2f} — {e(r)}</li>" for i, c, s, r in worst) or "<li>none failed</li>"
    html = f"""<!doctype html><html><head><meta charset="utf-8"><title>StoryWorld eval report</title><style>
body{{font-family:system-ui,'Noto Sans CJK SC','Noto Sans CJK KR',sans-serif;margin:2em;color:#222}}table{{border-collapse:collapse}}
td,th{{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left}}svg text{{font-size:12px}}</style></head><body>
<h1>StoryWorld eval report</h1><p>Backend <b>{e(summary['backend'])}</b>, judge <b>{e(summary['judge'])}</b>, {summary['items']} items.
Overall <b>{_fmt(overall['mean'])}</b>.</p>
<h2>Criteria</h2><table id="criteria"><thead><tr><th>criterion</th><th>kind</th><th>mean</th><th>95% CI</th><th>pass rate</th><th>n</th></tr></thead><tbody>{table}</tbody></table>
<h2>Scores</h2>{chart_svg(summary)}
<h2>Worst items</h2><ul id="worst">{worst_html}</ul></body></html>"""
    (out_dir / "report.html").write_text(html, encoding="utf-8")
