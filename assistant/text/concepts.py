"""Find taxonomy concepts in text: 打脸, 사이다 and face-slap all light `face-slap`.

Chinese and Korean forms match as substrings (no spaces in Chinese; Korean particles attach to the stem);
English forms match on word boundaries, case-insensitively, so "system" does not fire inside "systematic".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.schemas.taxonomy import Category, Taxonomy


@dataclass(frozen=True)
class ConceptMatch:
    concept_id: str
    category: Category
    start: int
    end: int
    form: str


def trie_pattern(words: list[str]) -> str:
    """One regex for many literal words, shaped as a trie so matching does not try each word in turn.

    Python's `re` tests alternatives one by one; with ~2,600 taxonomy forms a flat alternation made every
    search slow. Longer words are preferred where one word is a prefix of another.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


class ConceptMatcher:
    """Two compiled trie regexes per taxonomy (CJK forms as substrings, Latin forms on word boundaries)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._category = {c.id: c.category for c in taxonomy.concepts}
        self._owner: dict[str, str] = {}
        for concept in sorted(taxonomy.concepts, key=lambda c: 0):
            for form in concept.forms.all():
                key = form.strip().lower()
                if key and key not in self._owner:
                    self._owner[key] = concept.id
        latin = [k for k in self._owner if k.isascii()]
        other = [k for k in self._owner if not k.isascii()]
        parts = []
        if other:
            parts.append(trie_pattern(other))
        if latin:
            parts.append(r"\b" + trie_pattern(latin) + r"\b")
        self._pattern = re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE) if parts else None

    def find(self, text: str, categories: set[Category] | None = None) -> list[ConceptMatch]:
        if self._pattern is None:
            return []
        out = []
        for m in self._pattern.finditer(text):
            concept_id = self._owner.get(m.group(0).lower())
            if concept_id is None:
                continue
            category = self._category[concept_id]
            if categories is None or category in categories:
                out.append(ConceptMatch(concept_id, category, m.start(), m.end(), m.group(0)))
        return out

    def concept_ids(self, text: str, categories: set[Category] | None = None) -> set[str]:
        return {m.concept_id for m in self.find(text, categories)}
