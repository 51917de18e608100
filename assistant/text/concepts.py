"""Find taxonomy concepts in text: 打脸, 사이다 and face-slap all light `face-slap`.

Chinese and Korean forms match as substrings (no spaces in Chinese; Korean particles attach to the stem);
English forms match on word boundaries, case-insensitively, so "system" does not fire inside "systematic".
A concept's `not_forms` (썸네일, "justice system") are matched like forms and then dropped: the longest match wins, so
they swallow the form they contain.
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


_END = ""  # the key that marks a complete form in a trie node


def _trie(words) -> dict:  # type: ignore[no-untyped-def, type-arg]
    root: dict = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return root


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _boundary(text: str, pos: int) -> bool:
    """Where regex `\\b` would match: between a word character and a non-word character (or the text's edge)."""
    before = pos > 0 and _is_word(text[pos - 1])
    after = pos < len(text) and _is_word(text[pos])
    return before != after


def _lower_keeping_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(low_ch if len(low_ch := ch.lower()) == 1 else ch for ch in text)  # İ → i̇ would shift every offset


_PARTICLE_WORD = re.compile(r"([가-힣]{2,})[을를이가] ")


def _without_particles(form: str) -> str:
    """"신분을 숨" → "신분 숨": writers drop case particles ("재벌이 신분 숨기고"), so a form matches either way."""
    return _PARTICLE_WORD.sub(r"\1 ", form)


def _hyphen_variants(form: str) -> tuple[str, ...]:
    """"secret billionaire" ↔ "secret-billionaire": English writers hyphenate a compound used as a modifier."""
    if not form.isascii():
        return ()
    return form.replace(" ", "-"), form.replace("-", " ")


class ConceptMatcher:
    """Two character tries per taxonomy (CJK forms as substrings, Latin forms on word boundaries), scanned left to
    right for the longest form at each position. A trie walk in Python replaced one big compiled regex: compiling
    that regex cost a fresh process 0.14 s, and the walk matches a pitch as fast."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._category = {c.id: c.category for c in taxonomy.concepts}
        self._owner: dict[str, str | None] = {}
        for concept in taxonomy.concepts:
            for form in concept.forms.all():
                key = form.strip().lower()
                for variant in (key, _without_particles(key), *_hyphen_variants(key)):
                    if variant and variant not in self._owner:
                        self._owner[variant] = concept.id
        for concept in taxonomy.concepts:  # another concept's form outranks a not-form
            for word in concept.not_forms:
                self._owner.setdefault(word.strip().lower(), None)
        self._other = _trie(k for k in self._owner if not k.isascii())
        self._latin = _trie(k for k in self._owner if k.isascii())

    @staticmethod
    def _ends(trie: dict, text: str, start: int) -> list[int]:  # type: ignore[type-arg]
        """Every end position of a form that starts at `start`, shortest first."""
        ends, node, i = [], trie, start
        while i < len(text):
            node = node.get(text[i])  # type: ignore[assignment]
            if node is None:
                break
            i += 1
            if _END in node:
                ends.append(i)
        return ends

    def _match_at(self, low: str, start: int) -> int | None:
        ends = self._ends(self._other, low, start)
        if ends:
            return ends[-1]
        if low[start] not in self._latin:  # most positions of a Chinese or Korean pitch: no Latin form starts here
            return None
        if not _boundary(low, start):
            return None
        return next((end for end in reversed(self._ends(self._latin, low, start)) if _boundary(low, end)), None)

    def find(self, text: str, categories: set[Category] | None = None) -> list[ConceptMatch]:
        low = _lower_keeping_length(text)
        out, start = [], 0
        while start < len(low):
            end = self._match_at(low, start)
            if end is None:
                start += 1
                continue
            concept_id = self._owner[low[start:end]]
            if concept_id is not None:  # None: a not-form, a word that only looks like a form
                category = self._category[concept_id]
                if categories is None or category in categories:
                    out.append(ConceptMatch(concept_id, category, start, end, text[start:end]))
            start = end
        return out

    def named_anywhere(self, text: str) -> set[str]:
        """Every concept a form names, overlaps included: in "古人穿到现代" the longest match at each position is
        古人穿到 (a fish out of water), yet 穿到现代 names a time slip too."""
        low = _lower_keeping_length(text)
        found, blocked = set(), 0  # inside a not-form (穷鬼) no form counts (鬼)
        for start in range(len(low)):
            end = self._match_at(low, start)
            if end is None:
                continue
            owner = self._owner[low[start:end]]
            if owner is None:
                blocked = max(blocked, end)
            elif end > blocked:
                found.add(owner)
        return found

    def concept_ids(self, text: str, categories: set[Category] | None = None) -> set[str]:
        return {m.concept_id for m in self.find(text, categories)}
