"""Batch reports, rendered from the logs on disk (never from memory): summary.csv/.xlsx, report.html, one page per pitch."""

from __future__ import annotations

import csv
import re
from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

from assistant.batch import log
from assistant.batch.runner import ERRORS, RESULTS
from assistant.errors import StoryWorldError
from assistant.render.labels import labels
from assistant.schemas.critique import Critique
from assistant.schemas.taxonomy import Taxonomy
from assistant.text.dimension_words import logic

COLUMNS = ["id", "title", "language", "logic", "stacking_index", "homogeneity", "world_depth", "character_depth",
           "top_comps", "story_world", "characters", "transmedia"]
# What a summary column is called in each language: the report's table and the UI's batch table.
COLUMN_WORDS = {
    "en": {"id": "id", "title": "title", "language": "language", "logic": "logic", "stacking_index": "stacking", "homogeneity": "homogeneity",
           "world_depth": "world", "character_depth": "character", "top_comps": "top comps",
           "story_world": "story world moves", "characters": "character moves", "transmedia": "transmedia moves"},
    "zh": {"id": "编号", "title": "标题", "language": "语言", "logic": "叙事逻辑", "stacking_index": "爽点堆叠", "homogeneity": "同质化",
           "world_depth": "世界深度", "character_depth": "人物深度", "top_comps": "可比案例",
           "story_world": "故事世界建议", "characters": "人物建议", "transmedia": "跨媒介建议"},
    "ko": {"id": "번호", "title": "제목", "language": "언어", "logic": "서사 논리", "stacking_index": "사이다 밀도", "homogeneity": "동질성",
           "world_depth": "세계 깊이", "character_depth": "인물 깊이", "top_comps": "비교 사례",
           "story_world": "스토리 월드 제안", "characters": "인물 제안", "transmedia": "트랜스미디어 제안"},
}
# The workbook is read by people: its sheets, headers and logic calls are in the report's language (summary.csv keeps
# the column ids and values for scripts).
SHEET_WORDS = {
    "en": {"summary": "summary", "errors": "errors", "where": "where", "stage": "stage", "reason": "reason"},
    "zh": {"summary": "汇总", "errors": "出错", "where": "位置", "stage": "阶段", "reason": "原因"},
    "ko": {"summary": "요약", "errors": "오류", "where": "위치", "stage": "단계", "reason": "이유"},
}
REPORT_COLUMNS = ["id", "title", "language", "logic", "stacking_index", "homogeneity", "world_depth", "character_depth", "top_comps"]
SORTABLE = set(REPORT_COLUMNS) - {"top_comps"}


def column_headers(keys: list[str], lang: str) -> list[str]:
    words = COLUMN_WORDS.get(lang, COLUMN_WORDS["en"])
    return [words[k] for k in keys]


# The report's own words, in the language most of its critiques are written in (the batch's --lang, or the slate's).
REPORT_TEXT: dict[str, dict[str, Any]] = {
    "en": {"title": "StoryWorld batch report", "line": "{n} critiqued · {errors} errors · {logics} · sorted by {sort}",
           "scatter": "Stacking vs world depth", "tropes": "Trope frequency (how homogeneous is this slate?)", "pitches": "Pitches",
           "filter": "Filter:", "search": "id or title", "all_logics": "all logics", "all_languages": "all languages", "errors": "Errors",
           "none": "none", "no_tropes": "No tropes found.", "x": "stacking index →", "y": "world depth →"},
    "zh": {"title": "StoryWorld 批量诊断报告", "line": "已诊断 {n} 部 · 出错 {errors} 个 · {logics} · 按 {sort} 排序",
           "scatter": "爽点堆叠与世界深度", "tropes": "套路出现次数（这批剧本有多同质？）", "pitches": "剧本",
           "filter": "筛选：", "search": "编号或标题", "all_logics": "全部叙事逻辑", "all_languages": "全部语言", "errors": "出错",
           "none": "无", "no_tropes": "没有找到套路。", "x": "爽点堆叠指数 →", "y": "世界深度 →"},
    "ko": {"title": "StoryWorld 일괄 진단 보고서", "line": "{n}편 진단 · 오류 {errors}건 · {logics} · {sort} 기준 정렬",
           "scatter": "사이다 밀도와 세계 깊이", "tropes": "트로프 빈도 (이 기획안 묶음은 얼마나 비슷한가?)", "pitches": "기획안",
           "filter": "필터:", "search": "번호 또는 제목", "all_logics": "모든 서사 논리", "all_languages": "모든 언어", "errors": "오류",
           "none": "없음", "no_tropes": "트로프를 찾지 못했습니다.", "x": "사이다 밀도 지수 →", "y": "세계 깊이 →"},
}


def report_language(rows: list[dict[str, Any]]) -> str:
    """The language most critiques are written in; English for an empty or evenly mixed slate."""
    counts = Counter(r["language"] for r in rows).most_common()
    return counts[0][0] if counts and (len(counts) == 1 or counts[0][1] > counts[1][1]) and counts[0][0] in REPORT_TEXT else "en"


def _safe_name(pitch_id: str) -> str:
    return re.sub(r"[^\w.-]+", "_", pitch_id)[:80] or "pitch"


def summary_rows(out_dir: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Critique]]:
    latest: dict[str, dict[str, Any]] = {}
    for record in log.read(out_dir / RESULTS):
        latest[record["id"]] = record  # a re-critiqued pitch (edited text or settings) replaces its older line
    critiques = {pid: Critique.model_validate(r["critique"]) for pid, r in latest.items()}
    rows = []
    for pid, c in critiques.items():
        s = c.analysis.scores
        first = lambda axis: (getattr(c.suggestions, axis) or [None])[0]  # noqa: E731
        rows.append({
            "id": pid, "title": c.title, "language": c.language, "logic": c.diagnosis.logic,
            "stacking_index": s.stacking_index, "homogeneity": s.homogeneity, "world_depth": s.world_depth, "character_depth": s.character_depth,
            "top_comps": "; ".join(f"{x.title} ({x.country})" for x in c.comparable_cases[:3]),
            **{axis: (first(axis).move if first(axis) else "") for axis in ("story_world", "characters", "transmedia")},
        })
    errors = list(log.read(out_dir / ERRORS))
    return rows, errors, critiques


def write_reports(out_dir: Path, sort_by: str = "stacking_index", descending: bool = True) -> dict[str, Path]:
    """summary.csv, summary.xlsx, report.html and critiques/<id>.html, all from results.jsonl and errors.jsonl."""
    from assistant.render.html import critique_to_html

    if sort_by not in SORTABLE:
        raise StoryWorldError(f"cannot sort by {sort_by!r}; use one of: {', '.join(sorted(SORTABLE))}")
    if not (out_dir / RESULTS).exists() and not (out_dir / ERRORS).exists():
        raise StoryWorldError(f"{out_dir}: no results.jsonl or errors.jsonl here; run `storyworld batch INPUT --out {out_dir}` first")
    rows, errors, critiques = summary_rows(out_dir)
    rows.sort(key=lambda r: (r[sort_by] is None, r[sort_by]), reverse=descending)
    pages = out_dir / "critiques"
    pages.mkdir(exist_ok=True)
    for pid, critique in critiques.items():
        (pages / f"{_safe_name(pid)}.html").write_text(critique_to_html(critique), encoding="utf-8")
    paths = {"csv": out_dir / "summary.csv", "xlsx": out_dir / "summary.xlsx", "html": out_dir / "report.html"}
    with paths["csv"].open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel opens CJK text correctly
        writer = csv.DictWriter(handle, fieldnames=COLUMNS + ["status", "error"])
        writer.writeheader()
        writer.writerows({**r, "status": "ok", "error": ""} for r in rows)
        writer.writerows({"id": e.get("id"), "status": "error", "error": e.get("reason")} for e in errors)
    _write_xlsx(paths["xlsx"], rows, errors, report_language(rows))
    paths["html"].write_text(render_html(rows, errors, critiques, sort_by, _taxonomy()), encoding="utf-8")
    return paths


def _taxonomy() -> Taxonomy | None:
    """Trope labels for the chart; a library that does not load leaves the ids (the report is still written)."""
    from assistant.library import CaseLibrary

    try:
        return CaseLibrary.load().taxonomy
    except StoryWorldError:
        return None


def _write_xlsx(path: Path, rows: list[dict[str, Any]], errors: list[dict[str, Any]], lang: str) -> None:
    import openpyxl

    words = SHEET_WORDS[lang]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = words["summary"]
    sheet.append(column_headers(COLUMNS, lang))
    for r in rows:
        sheet.append([logic(r[c], lang) if c == "logic" and r[c] else r[c] for c in COLUMNS])
    sheet.freeze_panes = "A2"
    bad = book.create_sheet(words["errors"])
    bad.append([COLUMN_WORDS[lang]["id"], words["where"], words["stage"], words["reason"]])
    for e in errors:
        bad.append([e.get("id"), e.get("where"), e.get("stage"), e.get("reason")])
    book.save(str(path))


def scatter_svg(rows: list[dict[str, Any]], width: int = 460, height: int = 340, lang: str = "en") -> str:
    pad = 44
    color = {"traffic": "#b3261e", "balanced": "#8a6100", "content": "#1b6e3a"}
    dots = "".join(
        f'<circle cx="{pad + r["stacking_index"] * (width - 2 * pad):.1f}" cy="{height - pad - r["world_depth"] * (height - 2 * pad):.1f}" r="5" '
        f'fill="{color.get(r["logic"], "#555")}" fill-opacity="0.7"><title>{escape(str(r["id"]))}: {escape(r["title"])}</title></circle>'
        for r in rows)
    axes = (f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#999"/>'
            f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#999"/>'
            f'<text x="{width / 2}" y="{height - 8}" text-anchor="middle">{escape(REPORT_TEXT[lang]["x"])}</text>'
            f'<text x="14" y="{height / 2}" transform="rotate(-90 14 {height / 2})" text-anchor="middle">{escape(REPORT_TEXT[lang]["y"])}</text>')
    return f'<svg id="scatter" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">{axes}{dots}</svg>'


def tropes_svg(critiques: dict[str, Critique], width: int = 460, top: int = 15, lang: str = "en", taxonomy: Taxonomy | None = None) -> str:
    counts = Counter(t for c in critiques.values() for t in dict.fromkeys(c.analysis.tropes))
    items = counts.most_common(top)
    if not items:
        return f'<p id="tropes">{escape(REPORT_TEXT[lang]["no_tropes"])}</p>'
    concept = taxonomy.get if taxonomy is not None else (lambda _: None)
    label = lambda t: (c.label.get(lang) or t) if (c := concept(t)) else t  # noqa: E731
    bar_h, label_w = 20, 150
    most = items[0][1]
    bars = "".join(
        f'<text x="{label_w - 6}" y="{i * bar_h + 14}" text-anchor="end">{escape(label(t))}<title>{escape(t)}</title></text>'
        f'<rect x="{label_w}" y="{i * bar_h + 3}" width="{(width - label_w - 40) * n / most:.1f}" height="{bar_h - 6}" fill="#1f5fa8"/>'
        f'<text x="{label_w + (width - label_w - 40) * n / most + 4:.1f}" y="{i * bar_h + 14}">{n}</text>'
        for i, (t, n) in enumerate(items))
    return f'<svg id="tropes" width="{width}" height="{len(items) * bar_h + 6}" xmlns="http://www.w3.org/2000/svg">{bars}</svg>'


def render_html(rows: list[dict[str, Any]], errors: list[dict[str, Any]], critiques: dict[str, Critique], sort_by: str,
                taxonomy: Taxonomy | None = None) -> str:
    e = escape
    lang = report_language(rows)
    T, L = REPORT_TEXT[lang], labels(lang)
    head = "".join(f"<th>{e(c)}</th>" for c in column_headers(REPORT_COLUMNS, lang))
    body = "".join(
        f'<tr data-logic="{e(r["logic"])}" data-language="{e(r["language"])}"><td><a href="critiques/{e(_safe_name(r["id"]))}.html">{e(str(r["id"]))}</a></td>'
        f'<td>{e(r["title"])}</td><td>{e(r["language"])}</td><td class="logic-{e(r["logic"])}">{e(L.get(r["logic"], r["logic"]))}</td>'
        + "".join(f"<td>{r[k]:.2f}</td>" for k in ("stacking_index", "homogeneity", "world_depth", "character_depth"))
        + f'<td>{e(r["top_comps"])}</td></tr>' for r in rows)
    errs = "".join(f"<li><b>{e(str(x.get('id')))}</b> ({e(str(x.get('where', '')))}): {e(str(x.get('reason')))}</li>" for x in errors)
    counts = Counter(r["logic"] for r in rows)
    logics = " · ".join(f"{L[k]} {counts[k]}" for k in ("traffic", "balanced", "content"))
    options = "".join(f'<option value="{k}">{e(L[k])}</option>' for k in ("traffic", "balanced", "content"))
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{e(T['title'])}</title><style>
body{{font-family:system-ui,'Noto Sans CJK SC','Noto Sans CJK KR',sans-serif;margin:2em;color:#222}}table{{border-collapse:collapse;font-size:14px}}
td,th{{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}}.charts{{display:flex;gap:2em;flex-wrap:wrap}}
.logic-traffic{{color:#b3261e}}.logic-content{{color:#1b6e3a}}.logic-balanced{{color:#8a6100}}svg text{{font-size:11px}}</style></head><body>
<h1>{e(T['title'])}</h1>
<p>{e(T['line'].format(n=len(rows), errors=len(errors), logics=logics, sort=COLUMN_WORDS[lang][sort_by]))}</p>
<div class="charts"><div><h2>{e(T['scatter'])}</h2>{scatter_svg(rows, lang=lang)}</div><div><h2>{e(T['tropes'])}</h2>{tropes_svg(critiques, lang=lang, taxonomy=taxonomy)}</div></div>
<h2>{e(T['pitches'])}</h2>
<p>{e(T['filter'])} <input id="q" placeholder="{e(T['search'])}"> <select id="logic"><option value="">{e(T['all_logics'])}</option>{options}</select>
<select id="lang"><option value="">{e(T['all_languages'])}</option><option>zh</option><option>ko</option><option>en</option></select></p>
<table id="overview"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
<h2>{e(T['errors'])}</h2><ul id="errors">{errs or f"<li>{e(T['none'])}</li>"}</ul>
<script>
const q=document.getElementById('q'),lg=document.getElementById('logic'),la=document.getElementById('lang');
function f(){{for(const tr of document.querySelectorAll('#overview tbody tr')){{const t=tr.textContent.toLowerCase();
tr.style.display=(!q.value||t.includes(q.value.toLowerCase()))&&(!lg.value||tr.dataset.logic===lg.value)&&(!la.value||tr.dataset.language===la.value)?'':'none';}}}}
[q,lg,la].forEach(x=>x.addEventListener('input',f));
</script></body></html>"""
