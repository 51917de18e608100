"""The shared vocabulary of exciting moments, tropes, world and character elements and transmedia forms."""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from pydantic import Field

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
    note: str = Field("", description="Why the concept matters; required when no case uses it.")


class Taxonomy(Strict):
    version: int
    concepts: list[Concept]

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
