"""Eval results: one score per item and criterion, with the reason."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class CriterionScore(BaseModel):
    criterion: str
    kind: Literal["check", "judge"]
    score: float | None = Field(None, description="Normalised to [0,1]; None when not scored (no judge configured).")
    passed: bool | None = None
    reason: str = ""
    raw: list[int] | None = Field(None, description="The judge's 1-5 scores, one per repeat.")
    std: float | None = Field(None, description="Spread of the judge's scores across repeats.")


class EvalResult(BaseModel):
    """One line of an eval run's results.jsonl."""

    item_id: str
    fingerprint: str = Field(description="Hash of the rubric and run settings; a resumed run skips items with the same one.")
    language: str
    label: str | None = None
    scores: list[CriterionScore]
