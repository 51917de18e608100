"""Lexical matching (BM25) over each case's documents, fused with the vectors.

The sentence encoder blurs the rare, exact words a question turns on (修表匠, 杀猪盘, 다단계, sharehouse, cable
car): a word-level score in the query's own language catches them. Chinese and Korean are split into character
bigrams (the classic tokenisation for BM25 in unsegmented scripts: no dictionary to load, no start-up cost), English
into words. Each language's index holds the case documents written in it, the English ones and the titles, so a
Korean question also meets the English genre and archetype lines by any English word it contains.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Callable, Iterable

_RUN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]+|[\uac00-\ud7a3]+|[a-z0-9]+")
_EN_STOP = frozenset(
    "a an the of and or in on to for with by from is are was were be been it its this that as at who what which when where how "
    "i me my we our you your he she his her they their them not no but into about than then so if do does did has have had can "
    "could would should will just like one any all some more most very also only over such want looking need find show shows "
    "drama dramas series story stories episode episodes up out year years old something comps comp really genuinely kind "
    "type ones".split()
)


def tokens(text: str) -> list[str]:
    """Bigrams of every Han or Hangul run (a one-character run stays whole), English words without stop words."""
    out: list[str] = []
    for run in _RUN.findall(text.lower()):
        if run.isascii():
            if len(run) > 1 and run not in _EN_STOP:
                out.append(run[:-1] if len(run) > 3 and run.endswith("s") and not run.endswith("ss") else run)
        elif len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


WORTH_NAMING = 1.2  # idf a shared word needs to be named in a "why" line (about: in fewer than a quarter of the cases)


class BM25:
    """Okapi BM25 over one text per case. Scoring walks the candidates' own term counts, not the postings of every
    case: a common bigram in a 10,000-case library would otherwise cost a pass over all of them."""

    def __init__(self, texts: dict[str, str], k1: float = 1.2, b: float = 0.75) -> None:
        self.counts = {case_id: Counter(tokens(text)) for case_id, text in texts.items()}
        df: Counter[str] = Counter()
        for counts in self.counts.values():
            df.update(counts.keys())
        n = max(len(texts), 1)
        lengths = {case_id: sum(counts.values()) for case_id, counts in self.counts.items()}
        average = sum(lengths.values()) / n or 1.0
        self.idf = {term: math.log(1 + (n - f + 0.5) / (f + 0.5)) for term, f in df.items()}
        self.norm = {case_id: k1 * (1 - b + b * length / average) for case_id, length in lengths.items()}
        self.k1 = k1

    def scores(self, query: str, among: Iterable[str]) -> dict[str, float]:
        terms = [(term, self.idf[term]) for term in set(tokens(query)) if term in self.idf]
        out: dict[str, float] = {}
        for case_id in among:
            counts = self.counts.get(case_id)
            if not counts:
                continue
            score = 0.0
            for term, idf in terms:
                tf = counts.get(term)
                if tf:
                    score += idf * tf * (self.k1 + 1) / (tf + self.norm[case_id])
            if score:
                out[case_id] = score
        return out


class LexicalIndex:
    """One BM25 per query language, built on first use from the same documents the vector index embeds."""

    def __init__(self, documents: Callable[[], dict[str, list[tuple[str, str, str]]]]) -> None:
        self._load = documents  # () -> case id -> [(doc kind, language, text)]; called once, when first needed
        self._documents: dict[str, list[tuple[str, str, str]]] | None = None
        self._indexes: dict[str, BM25] = {}

    def _index(self, lang: str) -> BM25:
        lang = lang if lang in ("zh", "ko") else "en"
        if lang not in self._indexes:
            if self._documents is None:
                self._documents = self._load()
            self._indexes[lang] = BM25({
                case_id: " ".join(text for kind, doc_lang, text in docs if doc_lang in (lang, "en") or kind in ("title", "titles"))
                for case_id, docs in self._documents.items()
            })
        return self._indexes[lang]

    def scores(self, query: str, lang: str, among: Iterable[str]) -> dict[str, float]:
        """Each candidate's BM25 score as a share of the best candidate's (0–1), so the fusion weight means the same
        for every query."""
        raw = self._index(lang).scores(query, among)
        top = max(raw.values(), default=0.0)
        return {case_id: score / top for case_id, score in raw.items()} if top > 0 else {}

    def shared_words(self, query: str, case_id: str, lang: str, limit: int = 3) -> list[str]:
        """The query's words that the case's documents also contain, rarest first, for the "why" line: English words
        as typed, and the longest stretches of Chinese or Korean whose every bigram the case shares (修表匠, not 修表 + 表匠)."""
        index = self._index(lang)
        terms = index.counts.get(case_id, {})
        found: dict[str, float] = {}
        for match in _RUN.finditer(query.lower()):
            run = match.group()
            if run.isascii():
                term = tokens(run)
                if term and term[0] in terms:
                    found[run] = index.idf.get(term[0], 0.0)
                continue
            start = 0
            for i in range(len(run)):
                if i + 1 < len(run) and run[i : i + 2] in terms:
                    continue
                if i > start:  # run[start : i + 1] is a stretch of shared bigrams
                    piece = run[start : i + 1]
                    found[piece] = sum(index.idf.get(piece[j : j + 2], 0.0) for j in range(len(piece) - 1))
                start = i + 1
        return [word for word, weight in sorted(found.items(), key=lambda kv: -kv[1])[:limit] if weight >= WORTH_NAMING]
