"""The LLM judge: one structured verdict (score 1-5 + reason per criterion) for a critique, on any OpenAI-compatible model.

With no judge configured the judge criteria are reported as not scored; they are never filled in offline.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator

from assistant.evals.rubric import Criterion
from assistant.library import CaseLibrary
from assistant.prompts import render
from assistant.settings import Settings


class CriterionVerdict(BaseModel):
    criterion: str
    score: int = Field(ge=1, le=5, description="The anchored level that fits best.")
    reason: str = Field(min_length=3)


class JudgeVerdict(BaseModel):
    scores: list[CriterionVerdict]

    @field_validator("scores")
    @classmethod
    def _unique(cls, value: list[CriterionVerdict]) -> list[CriterionVerdict]:
        ids = [v.criterion for v in value]
        if len(ids) != len(set(ids)):
            raise ValueError("each criterion must be scored once")
        return value


class Judge:
    """Grades critiques against the judge criteria of a rubric."""

    def __init__(self, settings: Settings, library: CaseLibrary) -> None:
        from assistant.critique.llm import chat_model

        self.settings = settings
        self.library = library
        self.llm = chat_model(settings, model=settings.judge_model or settings.model)

    def grade(self, criteria: list[Criterion], pitch: str, critique: dict[str, Any]) -> dict[str, CriterionVerdict]:
        from assistant.critique.llm import LLMError, case_brief, structured_call

        cited = {c.get("case_id") for c in critique.get("comparable_cases", [])}
        for axis in ("story_world", "characters", "transmedia"):
            cited |= {s.get("case_id") for s in critique.get("suggestions", {}).get(axis, [])}
        lang = critique.get("language", "en") if critique.get("language") in ("zh", "ko", "en") else "en"
        cases = [case_brief(self.library.get(cid), lang) for cid in sorted(x for x in cited if x and x in self.library)]
        values = {"criteria": [{"id": c.id, "description": c.description, "levels": c.levels} for c in criteria], "pitch": pitch,
                  "critique": {k: v for k, v in critique.items() if k != "analysis"}, "cases": cases, "schema": JudgeVerdict.model_json_schema()}
        messages = [("system", render("judge", "system", **values)), ("human", render("judge", "user", **values))]
        verdict = structured_call(self.llm, messages, JudgeVerdict, lang, prompt="judge", settings=self.settings)
        found = {v.criterion: v for v in verdict.scores}  # type: ignore[attr-defined]
        missing = [c.id for c in criteria if c.id not in found]
        if missing:
            raise LLMError(f"the judge did not score: {', '.join(missing)}")
        return found
