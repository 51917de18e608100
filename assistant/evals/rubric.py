"""The rubric: criteria as data (evals/rubric.yaml), so users add criteria and rubric files without code changes."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.errors import StoryWorldError, render_validation_error


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    kind: Literal["check", "judge"]
    description: str
    check: str | None = Field(None, description="Name of a built-in check (kind: check).")
    weight: float = Field(1.0, ge=0)
    threshold: float = Field(0.6, ge=0, le=1)
    tolerance: float = Field(0.05, ge=0, le=1, description="Allowed drop against a baseline before the gate fails.")
    levels: dict[int, str] = Field(default_factory=dict, description="Anchored 1-5 scale (kind: judge).")

    @model_validator(mode="after")
    def _kind_fields(self) -> "Criterion":
        if self.kind == "check" and not self.check:
            raise ValueError(f"{self.id}: a check criterion needs `check:` (the name of a built-in check)")
        if self.kind == "judge" and sorted(self.levels) != [1, 2, 3, 4, 5]:
            raise ValueError(f"{self.id}: a judge criterion needs `levels` 1 to 5, each described")
        return self


class Rubric(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int = 1
    criteria: list[Criterion]

    def by_kind(self, kind: str) -> list[Criterion]:
        return [c for c in self.criteria if c.kind == kind]


def load_rubric(path: Path) -> Rubric:
    from assistant.evals.checks import CHECKS

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoryWorldError(f"{path}: rubric not found") from None
    except yaml.YAMLError as exc:
        raise StoryWorldError(f"{path}: malformed YAML ({exc})") from None
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as exc:
        raise StoryWorldError(f"{path}: {render_validation_error(exc)}") from None
    ids = [c.id for c in rubric.criteria]
    if len(ids) != len(set(ids)):
        raise StoryWorldError(f"{path}: duplicate criterion ids")
    unknown = [c.check for c in rubric.criteria if c.kind == "check" and c.check not in CHECKS]
    if unknown:
        raise StoryWorldError(f"{path}: unknown check(s) {', '.join(map(str, unknown))}; built-in checks: {', '.join(sorted(CHECKS))}")
    return rubric
