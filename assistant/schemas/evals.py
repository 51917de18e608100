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


class EvalResult(BaseModel):
    item_id: str
    language: str
    label: str | None = None
    scores: list[CriterionScore]
