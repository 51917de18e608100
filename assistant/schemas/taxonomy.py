"""The shared vocabulary of exciting moments, tropes, world and character elements and transmedia forms."""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from pydantic import Field, model_validator

from assistant.schemas.common import Strict, Trilingual

Category = Literal["exciting_moment", "trope", "world_element", "character_element", "transmedia_form"]


class SurfaceForms(Strict):
    """Words writers actually use for the concept, per language (matched case-insensitively)."""

    zh: list[str] = Field(default_factory=list)
    ko: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)

    def all(self) -> list[str]:
        return [*self.zh, *self.ko, *self.en]


class Concept(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    category: Category
    label: Trilingual
    forms: SurfaceForms
    not_forms: list[str] = Field(
        default_factory=list,
        description="Longer words that contain one of the forms but mean something else (썸네일 is not 썸, 세자매 not 세자).",
    )
    note: str = Field("", description="Why the concept matters; required when no case uses it.")
    related: list[str] = Field(
        default_factory=list,
        description="Concepts writers use almost interchangeably in a search (회귀 for a time slip into one's younger self): part of a match (search.RELATED).",
    )

    @model_validator(mode="after")
    def _not_forms_contain_a_form(self) -> "Concept":
        forms = [f.lower() for f in self.forms.all()]
        stray = [w for w in self.not_forms if not any(f in w.lower() for f in forms)]
        if stray:
            raise ValueError(f"{self.id}: not_forms {stray} contain none of the concept's forms, so they block nothing")
        return self


class Taxonomy(Strict):
    version: int
    concepts: list[Concept]

    @model_validator(mode="after")
    def _related_exist(self) -> "Taxonomy":
        ids = self.ids()
        stray = {c.id: [r for r in c.related if r not in ids or r == c.id] for c in self.concepts}
        stray = {k: v for k, v in stray.items() if v}
        if stray:
            raise ValueError(f"related concepts that are not in the taxonomy (or the concept itself): {stray}")
        return self

    @cached_property
    def related(self) -> dict[str, set[str]]:
        """Near-synonyms both ways: one concept's `related` line is enough."""
        out: dict[str, set[str]] = {c.id: set(c.related) for c in self.concepts}
        for c in self.concepts:
            for r in c.related:
                out[r].add(c.id)
        return out

    def ids(self) -> set[str]:
        return {c.id for c in self.concepts}

    @cached_property
    def _by_id(self) -> dict[str, Concept]:
        return {c.id: c for c in self.concepts}

    def get(self, concept_id: str) -> Concept | None:
        """By id, from an index built once: the analysis and every search's "why" lines look concepts up often."""
        return self._by_id.get(concept_id)

    def by_category(self, category: Category) -> list[Concept]:
        return [c for c in self.concepts if c.category == category]
