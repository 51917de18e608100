"""`storyworld eval run`: critique each labelled pitch (cached), score every rubric criterion, aggregate, gate on a baseline.

Results are appended per item to results.jsonl as they finish, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from assistant.analysis.calibration import LabelledPitch
from assistant.batch import log
from assistant.evals.checks import CHECKS, EvalContext
from assistant.evals.rubric import Rubric
from assistant.evals.stats import bootstrap_ci
from assistant.schemas.critique import CRITIQUE_VERSION
from assistant.schemas.evals import CriterionScore, EvalResult


@dataclass
class EvalOptions:
    backend: str = "offline"
    judge: str = "offline"
    repeat: int = 1
    lang: str = "auto"
    model: str = ""


def fingerprint(rubric: Rubric, options: EvalOptions, pipeline: str) -> str:
    blob = json.dumps([rubric.model_dump(), options.backend, options.judge, options.repeat, options.lang, options.model, CRITIQUE_VERSION,
                       pipeline], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def cached_critique(row: LabelledPitch, options: EvalOptions, cache_dir: Path, pipeline: str) -> dict[str, Any]:
    """The critique of one item, from the cache when the same pitch, backend and settings were run before by the same
    offline pipeline (`pipeline`: cache.pipeline_fingerprint(), computed once per run)."""
    from assistant.critique.service import critique_pitch
    from assistant.pitch import make_pitch

    parts = [row.text, options.backend, options.lang, options.model, CRITIQUE_VERSION, pipeline]
    key = hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]
    path = cache_dir / f"{key}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    critique = critique_pitch(make_pitch(row.text, pitch_id=row.id, lang=row.language), backend=options.backend, lang=options.lang)
    data = critique.model_dump(mode="json")
    if not any(n.kind == "fallback" for n in critique.grounding):  # never cache a failed model call
        cache_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return data


def score_item(row: LabelledPitch, critique: dict[str, Any], rubric: Rubric, known_cases: set[str], judge, repeat: int,  # type: ignore[no-untyped-def]
               expected_language: str | None = None) -> list[dict[str, Any]]:
    """Every criterion for one item: checks once; judge criteria `repeat` times (mean, with the spread)."""
    lang: str = expected_language or (critique["language"] if critique.get("language") in ("zh", "ko", "en") else row.language)
    ctx = EvalContext(pitch_text=row.text, language=lang, gold_label=row.label, raw=critique, known_cases=known_cases)
    out = []
    for c in rubric.by_kind("check"):
        score, reason = CHECKS[c.check](ctx)  # type: ignore[index]
        out.append({"criterion": c.id, "kind": "check", "score": round(score, 4), "passed": score >= c.threshold, "reason": reason})
    judged = rubric.by_kind("judge")
    if not judged:
        return out
    if judge is None:
        out += [{"criterion": c.id, "kind": "judge", "score": None, "passed": None, "reason": "not scored: no judge model configured"} for c in judged]
        return out
    runs: dict[str, list[tuple[int, str]]] = defaultdict(list)
    failure = None
    for _ in range(max(1, repeat)):
        try:
            verdict = judge.grade(judged, row.text, critique)
        except Exception as exc:  # a judge failure is reported on the item, never faked
            failure = f"judge failed: {exc}"[:300]
            continue
        for c in judged:
            runs[c.id].append((verdict[c.id].score, verdict[c.id].reason))
    for c in judged:
        if not runs[c.id]:
            out.append({"criterion": c.id, "kind": "judge", "score": None, "passed": None, "reason": failure or "not scored"})
            continue
        raw = [s for s, _ in runs[c.id]]
        mean = sum(raw) / len(raw)
        score = (mean - 1) / 4
        std = math.sqrt(sum((x - mean) ** 2 for x in raw) / len(raw))
        out.append({"criterion": c.id, "kind": "judge", "score": round(score, 4), "passed": score >= c.threshold, "reason": runs[c.id][-1][1],
                    "raw": raw, "std": round(std, 3)})
    return out


def run_eval(rows: list[LabelledPitch], rubric: Rubric, options: EvalOptions, out_dir: Path, cache_dir: Path, known_cases: set[str],
             judge=None, progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Score all rows (skipping those already in out_dir/results.jsonl for these settings); write the four outputs."""
    from assistant.cache import pipeline_fingerprint

    out_dir.mkdir(parents=True, exist_ok=True)
    pipeline = pipeline_fingerprint()  # reads the pipeline's files: once per run, not once per item
    fp = fingerprint(rubric, options, pipeline)
    done = {r["item_id"] for r in log.read(out_dir / "results.jsonl") if r.get("fingerprint") == fp}
    writer = log.JsonlWriter(out_dir / "results.jsonl")
    try:
        for n, row in enumerate(rows, 1):
            if row.id not in done:
                critique = cached_critique(row, options, cache_dir, pipeline)
                expected = None if options.lang in ("auto", "", None) else options.lang
                scores = score_item(row, critique, rubric, known_cases, judge, options.repeat, expected)
                result = EvalResult(item_id=row.id, fingerprint=fp, language=row.language, label=row.label,
                                    scores=[CriterionScore.model_validate(s) for s in scores])
                writer.append(result.model_dump(mode="json"))
            if progress:
                progress(n, len(rows))
    finally:
        writer.close()
    latest = {r["item_id"]: r for r in log.read(out_dir / "results.jsonl") if r.get("fingerprint") == fp}
    results = [latest[r.id] for r in rows if r.id in latest]
    summary = summarise(results, rubric, options)
    (out_dir / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    from assistant.evals.report import write_report

    write_report(out_dir, summary, results, rubric)
    return summary


def _aggregate(results: list[dict[str, Any]], rubric: Rubric) -> dict[str, Any]:
    per: dict[str, list[float]] = defaultdict(list)
    stds: dict[str, list[float]] = defaultdict(list)
    for r in results:
        for s in r["scores"]:
            if s["score"] is not None:
                per[s["criterion"]].append(s["score"])
            if s.get("std") is not None:
                stds[s["criterion"]].append(s["std"])
    criteria: dict[str, dict[str, Any]] = {}
    for c in rubric.criteria:
        vals = per.get(c.id, [])
        if not vals:
            criteria[c.id] = {"kind": c.kind, "n": 0, "mean": None, "ci": None, "pass_rate": None, "status": "not scored"}
            continue
        low, high = bootstrap_ci(vals)
        criteria[c.id] = {"kind": c.kind, "n": len(vals), "mean": round(sum(vals) / len(vals), 4), "ci": [round(low, 4), round(high, 4)],
                          "pass_rate": round(sum(v >= c.threshold for v in vals) / len(vals), 4), "threshold": c.threshold,
                          "tolerance": c.tolerance, "status": "scored",
                          **({"judge_std": round(sum(stds[c.id]) / len(stds[c.id]), 4)} if stds.get(c.id) else {})}
    weighted = []
    for r in results:  # overall per item: weighted mean over the criteria that were scored
        pairs = [(s["score"], next(c.weight for c in rubric.criteria if c.id == s["criterion"])) for s in r["scores"] if s["score"] is not None]
        total = sum(w for _, w in pairs)
        if total:
            weighted.append(sum(s * w for s, w in pairs) / total)
    low, high = bootstrap_ci(weighted)
    overall = {"n": len(weighted), "mean": round(sum(weighted) / len(weighted), 4) if weighted else None,
               "ci": [round(low, 4), round(high, 4)] if weighted else None}
    return {"criteria": criteria, "overall": overall}


def summarise(results: list[dict[str, Any]], rubric: Rubric, options: EvalOptions) -> dict[str, Any]:
    main = _aggregate(results, rubric)
    groups: dict[str, dict[str, list]] = {"language": defaultdict(list), "label": defaultdict(list)}
    for r in results:
        groups["language"][r["language"]].append(r)
        groups["label"][r.get("label") or "none"].append(r)
    return {
        "version": 1, "rubric_version": rubric.version, "backend": options.backend, "judge": options.judge, "repeat": options.repeat,
        "items": len(results), **main,
        "by_language": {k: _aggregate(v, rubric)["overall"] for k, v in sorted(groups["language"].items())},
        "by_label": {k: _aggregate(v, rubric)["overall"] for k, v in sorted(groups["label"].items())},
    }


def compare(summary: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """Criteria whose mean dropped more than their tolerance against the baseline (empty list: the gate passes)."""
    drops = []
    for cid, now in summary["criteria"].items():
        before = baseline.get("criteria", {}).get(cid)
        if not before or now.get("mean") is None or before.get("mean") is None:
            continue
        tolerance = now.get("tolerance", before.get("tolerance", 0.0)) or 0.0
        if before["mean"] - now["mean"] > tolerance + 1e-9:
            drops.append(f"{cid}: {before['mean']:.3f} → {now['mean']:.3f} (tolerance {tolerance:.2f})")
    return drops
