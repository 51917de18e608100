"""Deterministic analysis of a pitch: beats, exciting moments with evidence, depth signals and scores."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.schemas.common import Language

Logic = Literal["traffic", "content", "balanced"]
SignalKind = Literal["motivation", "interiority", "wound", "arc", "relationship", "dilemma", "consequence",
                     "world_rule", "history", "place", "faction", "universe", "transmedia_hook"]


class Beat(BaseModel):
    index: int
    label: str = Field(description="'第3集', '3화', 'Ep 3', '¶2' …")
    text: str
    start: int
    end: int


class Moment(BaseModel):
    """One exciting moment (爽点 / 사이다) with the exact words that show it."""

    beat: int
    kind: str = Field(description="Taxonomy id of an exciting_moment concept.")
    label: str
    quote: str = Field(description="Exact substring of the pitch.")
    start: int
    end: int
    intensity: float = Field(ge=0, le=1)


class Signal(BaseModel):
    """Evidence of depth: motivation, consequence, world rules, places, transmedia hooks …"""

    beat: int
    kind: SignalKind
    concept: str | None = None
    quote: str


class CurvePoint(BaseModel):
    beat: int
    label: str
    intensity: float
    moments: list[str] = Field(default_factory=list)


class Scores(BaseModel):
    stacking_index: float = Field(ge=0, le=1, description=(
        "How far the pitch runs on payoffs stacked without setup or consequence: 0 a character-and-world engine, 1 pure stacking. "
        "The logic model's reading, P(traffic) + ½·P(balanced), of everything below and of how the pitch's sentences read; "
        "without a fitted model, the payoff density."))
    payoff_density: float = Field(0.0, ge=0, le=1, description=(
        "The hand-built part: payoff moments per beat, their share without support and how close the beats sit to payoff-only scenes."))
    homogeneity: float = Field(ge=0, le=1, description="How stock the trope combination is against the case library.")
    world_depth: float = Field(ge=0, le=1)
    character_depth: float = Field(ge=0, le=1)


class Formula(BaseModel):
    """The library case whose trope combination the pitch reproduces most: where its homogeneity comes from."""

    case_id: str
    shared: list[str] = Field(description="Taxonomy ids the pitch shares with that case's combination.")


class Analysis(BaseModel):
    language: Language
    beats: list[Beat]
    moments: list[Moment]
    negated: list[Moment] = Field(default_factory=list, description="Moments the pitch mentions only to deny them; not counted.")
    signals: list[Signal]
    tropes: list[str] = Field(description="Taxonomy trope ids found (not negated).")
    characters: list[str] = Field(description="Character names found in the pitch.")
    places: list[str] = Field(default_factory=list)
    scores: Scores
    formula: Formula | None = Field(None, description="The case whose combination the pitch reproduces most (see scores.homogeneity).")
    logic: Logic
    reasons: list[str]
    curve: list[CurvePoint]
    features: dict[str, float] = Field(default_factory=dict, description="The raw numbers the scores are built from.")
