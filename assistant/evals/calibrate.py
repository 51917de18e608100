"""How far to trust the judge: agreement with human scores on judge_calibration.jsonl."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from assistant.evals.rubric import Rubric
from assistant.evals.stats import spearman


class CalibrationItem(BaseModel):
    id: str
    language: str
    pitch: str
    critique: dict[str, Any]
    human: dict[str, int]
    variant: str = ""
    rationale: str = ""


def load_calibration(path: Path) -> list[CalibrationItem]:
    from assistant.datasets import load_jsonl

    return load_jsonl(path, CalibrationItem)


def agreement(human: list[int], judge: list[int]) -> dict[str, float]:
    n = len(human)
    return {"n": n, "spearman": spearman(human, judge),
            "exact": sum(h == j for h, j in zip(human, judge)) / n if n else float("nan"),
            "within_one": sum(abs(h - j) <= 1 for h, j in zip(human, judge)) / n if n else float("nan")}


def calibrate_judge(items: list[CalibrationItem], rubric: Rubric, judge) -> dict[str, dict[str, float]]:  # type: ignore[no-untyped-def]
    criteria = rubric.by_kind("judge")
    pairs: dict[str, tuple[list[int], list[int]]] = {c.id: ([], []) for c in criteria}
    for item in items:
        try:
            verdict = judge.grade(criteria, item.pitch, item.critique)
        except Exception:  # a failed judgement is left out of the agreement, not guessed
            continue
        for c in criteria:
            if c.id in item.human and c.id in verdict:
                pairs[c.id][0].append(item.human[c.id])
                pairs[c.id][1].append(verdict[c.id].score)
    return {cid: agreement(h, j) for cid, (h, j) in pairs.items()}
