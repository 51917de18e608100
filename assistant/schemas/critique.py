"""The critique: the contract between the chains and every renderer (JSON, Markdown, HTML, UI)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.schemas.analysis import Analysis, Logic
from assistant.schemas.common import Language

CRITIQUE_VERSION = "1.3"  # 1.1: the stacking index is the logic model's reading; scores.payoff_density added; 1.2: homogeneity is the share of a case's formula reproduced, analysis.formula names that case; 1.3: each suggestion cites the case whose lesson fits the move
Dimension = Literal["industrial_model", "ip_origin", "development_strategy", "narrative_logic", "case_study", "characters", "world"]
Severity = Literal["info", "minor", "major"]


class Finding(BaseModel):
    dimension: Dimension
    severity: Severity
    message: str
    evidence: str | None = Field(None, description="A quote that appears verbatim in the pitch.")


class Diagnosis(BaseModel):
    logic: Logic
    stacking_index: float = Field(ge=0, le=1)
    findings: list[Finding]


class Comparable(BaseModel):
    case_id: str
    title: str
    country: str
    why: str = Field(description="Why this case is comparable to the pitch.")
    lesson: str = Field(description="What this case teaches this pitch.")


class Suggestion(BaseModel):
    move: str
    why: str
    case_id: str | None = Field(None, description="The library case the move draws on.")
    example: str = Field(description="The move written for this pitch's own characters and setting.")


class Suggestions(BaseModel):
    story_world: list[Suggestion]
    characters: list[Suggestion]
    transmedia: list[Suggestion]


class GroundingNote(BaseModel):
    kind: Literal["dropped_quote", "dropped_case", "fixed_count", "fallback"]
    detail: str


class Critique(BaseModel):
    version: str = CRITIQUE_VERSION
    pitch_id: str
    title: str
    language: Language
    backend: Literal["offline", "openai"]
    model: str | None = None
    analysis: Analysis
    diagnosis: Diagnosis
    comparable_cases: list[Comparable]
    suggestions: Suggestions
    summary: str
    grounding: list[GroundingNote] = Field(default_factory=list, description="What the grounding check fixed or dropped.")


class Expansion(BaseModel):
    """A fuller story-bible section on one axis (world, characters or transmedia)."""

    version: str = CRITIQUE_VERSION
    pitch_id: str
    axis: Literal["world", "characters", "transmedia"]
    language: Language
    backend: Literal["offline", "openai"]
    sections: list[dict[str, str]] = Field(description="Ordered [{'heading': ..., 'body': ...}].")
    cases: list[str] = Field(default_factory=list)
