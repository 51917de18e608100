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
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from assistant.text.korean import KoreanText
from assistant.text.zh_words import ChineseWords

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


# Everyday English a short case card happens to share with a pitch ("walks", "next", "four"): true, and no reason.
_EN_PLAIN = frozenset(
    "two three four five six seven eight nine ten first second third last next another other every each same own new old "
    "walk walked walking arrive arrived sent send slip slipped close closed open opened find found take took get got make made "
    "come came go went tell told ask asked turn turned leave left meet met see saw look looked keep kept give gave put start started "
    "try tried stand stood sit sat hold held run ran bring brought begin began end ended back away still again later before after "
    "day night week month morning time thing way people man woman men women".split()
)
WORTH_NAMING = 1.2  # idf a shared word needs to be named in a "why" line (about: in fewer than a quarter of the cases)


class BM25:
    """Okapi BM25 over one text per case, with each term's contribution precomputed. A query sums over the postings
    of its terms when they are short (a small library), else over each candidate's own terms (a common bigram in a
    10,000-case library has a posting for nearly every case)."""

    def __init__(self, texts: dict[str, str], k1: float = 1.2, b: float = 0.75) -> None:
        all_counts = {case_id: Counter(tokens(text)) for case_id, text in texts.items()}
        df: Counter[str] = Counter()
        for counts in all_counts.values():
            df.update(counts.keys())
        n = max(len(texts), 1)
        lengths = {case_id: sum(counts.values()) for case_id, counts in all_counts.items()}
        average = sum(lengths.values()) / n or 1.0
        self.idf = {term: math.log(1 + (n - f + 0.5) / (f + 0.5)) for term, f in df.items()}
        norm = {case_id: k1 * (1 - b + b * length / average) for case_id, length in lengths.items()}
        # Kept two ways: per case (also what shared_words reads) and per term as postings, turned into arrays only
        # for the terms a query has (converting all of them cost a new CLI process a tenth of a second).
        self.weights = {case_id: {t: self.idf[t] * tf * (k1 + 1) / (tf + norm[case_id]) for t, tf in counts.items()}
                        for case_id, counts in all_counts.items()}
        self.case_ids = list(all_counts)
        row = {case_id: i for i, case_id in enumerate(self.case_ids)}
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for case_id, weights in self.weights.items():
            for t, w in weights.items():
                rows, values = postings.setdefault(t, ([], []))
                rows.append(row[case_id])
                values.append(w)
        self.postings = postings
        self._arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.row = row

    def _array(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        if term not in self._arrays:
            rows, values = self.postings[term]
            self._arrays[term] = (np.asarray(rows, dtype=np.int32), np.asarray(values, dtype=np.float32))
        return self._arrays[term]

    def scores(self, query: str, among: Iterable[str]) -> dict[str, float]:
        terms = set(tokens(query))
        among = list(among)
        hits = [t for t in terms if t in self.postings]
        if sum(len(self.postings[t][0]) for t in hits) <= 64 * len(among):  # walking the postings is cheaper
            totals = np.zeros(len(self.case_ids), dtype=np.float32)
            if hits:
                arrays = [self._array(t) for t in hits]
                np.add.at(totals, np.concatenate([r for r, _ in arrays]), np.concatenate([v for _, v in arrays]))
            return {case_id: float(totals[self.row[case_id]]) for case_id in among
                    if case_id in self.row and totals[self.row[case_id]] > 0}
        out: dict[str, float] = {}
        for case_id in among:
            weights = self.weights.get(case_id)
            if weights:
                score = sum(map(weights.__getitem__, terms & weights.keys()))
                if score:
                    out[case_id] = score
        return out


class LexicalIndex:
    """One BM25 per query language, built on first use from the same documents the vector index embeds."""

    def __init__(self, documents: Callable[[], dict[str, list[tuple[str, str, str]]]], cache_dir: Path | None = None) -> None:
        self._load = documents  # () -> case id -> [(doc kind, language, text)]; called once, when first needed
        self._documents: dict[str, list[tuple[str, str, str]]] | None = None
        self._indexes: dict[str, BM25] = {}
        self._cache_dir = cache_dir
        self._chinese: ChineseWords | None = None

    def _chinese_words(self) -> ChineseWords:
        if self._chinese is None:
            self._chinese = ChineseWords.load(self._cache_dir)
        return self._chinese

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

    def shared_words(self, query: str, case_ids: list[str], lang: str, limit: int = 3) -> dict[str, list[str]]:
        """For each case, the query's rarest words that its documents also contain, for the "why" line: English words
        as typed, and for Chinese or Korean the longest stretch of the query around a shared bigram whose every bigram
        the case shares (修表匠, not 修表 + 表匠). Terms are intersected as sets, so a whole pitch costs little."""
        if not case_ids:
            return {}
        index = self._index(lang)
        text = query.lower()
        typed = {tokens(word)[0]: word for word in _RUN.findall(text) if word.isascii() and not word.isdigit() and tokens(word)}
        query_terms = set(tokens(text))
        out: dict[str, list[str]] = {}
        korean = KoreanText(text)  # reads the text only if a Korean word needs it
        chinese = self._chinese_words() if _HAN.search(text) else None
        for case_id in case_ids:
            terms = index.weights.get(case_id, {})
            shared = sorted((t for t in query_terms & terms.keys() if index.idf.get(t, 0.0) >= WORTH_NAMING),
                            key=lambda t: (-index.idf[t], text.find(t), t))  # ties in the order the writer wrote them
            words: list[str] = []
            for term in shared:
                if term.isdigit() or len(term) < 2 or term in _EN_PLAIN:  # a lone character or an everyday word says nothing
                    continue
                word = typed.get(term) or _readable(_stretch(text, term, terms), text, korean, chinese)
                if word and not any(word in w or w in word for w in words):
                    words.append(word)
                if len(words) == limit:
                    break
            out[case_id] = words
        return out


def _stretch(text: str, bigram: str, terms) -> str:  # type: ignore[no-untyped-def]
    """The longest run of `text` around the first occurrence of `bigram` whose every bigram is in `terms`."""
    at = text.find(bigram)
    if at < 0:
        return ""
    start, end = at, at + len(bigram)
    while start > 0 and text[start - 1 : start + 1] in terms:
        start -= 1
    while end < len(text) and text[end - 1 : end + 1] in terms:
        end += 1
    return text[start:end]


_HAN = re.compile(r"[\u4e00-\u9fff]")
_ZH_FUNCTION = "的了在是一和着也就都而及与她他我你们这那个上下不有之为被把给让对到从"


def _readable(piece: str, text: str, korean: KoreanText | None = None, chinese: ChineseWords | None = None) -> str:
    """A stretch worth showing a reader, or "": Chinese without function characters at its ends (老人在 → 老人, and no
    了两 or 一的) and, with `chinese`, cut back to whole words (重生回 → 重生); Korean only a noun from the start of a
    word, without its particle (웹소설에서 → 웹소설; not 해의 from inside a word, nor a verb such as 알고 or 드러나는)."""
    if not piece:
        return ""
    if "\uac00" <= piece[0] <= "\ud7a3":
        at = text.find(piece)
        if at > 0 and ("\uac00" <= text[at - 1] <= "\ud7a3" or text[at - 1].isalnum()):
            return ""
        word = re.match(r"[\uac00-\ud7a3]+", text[at:]).group()  # type: ignore[union-attr]
        noun = (korean or KoreanText(text)).noun(word)
        return noun if noun and len(noun) <= len(piece) else ""  # the case must share the whole noun, not 현장 of 현장소장
    piece = piece.strip(_ZH_FUNCTION)
    if len(piece) < 2 or len(piece) == 2 and set(piece) & set(_ZH_FUNCTION):
        return ""
    if chinese is None:
        return piece
    word = chinese.whole(piece, text).strip(_ZH_FUNCTION)  # 院的人 → 的人 → 人: nothing left
    return word if len(word) >= 2 and word not in chinese.stop else ""
