"""Find taxonomy concepts in text: 打脸, 사이다 and face-slap all light `face-slap`.

Chinese and Korean forms match as substrings (no spaces in Chinese; Korean particles attach to the stem);
English forms match on word boundaries, case-insensitively, so "system" does not fire inside "systematic".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.schemas.taxonomy import Category, Taxonomy


@dataclass(frozen=True)
class ConceptMatch:
    concept_id: str
    category: Category
    start: int
    end: int
    form: str


class ConceptMatcher:
    """One compiled regex per taxonomy; longest form wins where forms overlap."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._category = {c.id: c.category for c in taxonomy.concepts}
        entries: list[tuple[str, str]] = []
        for concept in taxonomy.concepts:
            for form in concept.forms.all():
                if form.strip():
                    entries.append((form.strip(), concept.id))
        entries.sort(key=lambda e: len(e[0]), reverse=True)
        self._owner: dict[str, str] = {}
        parts = []
        for form, concept_id in entries:
            key = form.lower()
            if key in self._owner:
                continue
            self._owner[key] = concept_id
            escaped = re.escape(form)
            parts.append(rf"\b{escaped}\b" if form.isascii() else escaped)
        self._pattern = re.compile("|".join(parts), re.IGNORECASE) if parts else None

    def find(self, text: str, categories: set[Category] | None = None) -> list[ConceptMatch]:
        if self._pattern is None:
            return []
        out = []
        for m in self._pattern.finditer(text):
            concept_id = self._owner[m.group(0).lower()]
            category = self._category[concept_id]
            if categories is None or category in categories:
                out.append(ConceptMatch(concept_id, category, m.start(), m.end(), m.group(0)))
        return out

    def concept_ids(self, text: str, categories: set[Category] | None = None) -> set[str]:
        return {m.concept_id for m in self.find(text, categories)}


@lru_cache(maxsize=4)
def matcher_for(taxonomy_json: str) -> ConceptMatcher:
    """Cache compiled matchers by taxonomy content (compiling takes a few ms; queries are many)."""
    return ConceptMatcher(Taxonomy.model_validate_json(taxonomy_json))
