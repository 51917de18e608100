"""Finding a case by its title as writers type it: in any script, romanised, partial or slightly misspelt.

"Jia Li Jia Wai", "jaebeoljip magnaeadeul" and "背着善在跑" all name a case: pinyin and Revised Romanization keys
are built from every Chinese and Korean title, and short queries are also compared character by character, so one
wrong character or a dropped subtitle still finds the show.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path
from typing import Iterable

from assistant.cache import write_atomically
from assistant.schemas.case import Case

SHORT_QUERY = 40  # characters of a normalised query; longer ones are descriptions, not title lookups
FUZZY_SIMILARITY = 0.75  # share of a title's characters found in order in the query
ROMAN_SIMILARITY = 0.85  # romanisations vary (maknae / magnae): a little more tolerance costs no precision there

# Revised Romanization, letter by letter; romanize_korean_spoken adds the sound changes.
_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_VOWELS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"]
_FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t",
           "p", "t"]


def norm(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text.lower())


def romanize_korean(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            out.append(_INITIALS[code // 588] + _VOWELS[(code % 588) // 28] + _FINALS[code % 28])
        else:
            out.append(ch)
    return "".join(out)


# Sound changes inside a word, as Revised Romanization writes them ("막내" is mangnae, "집에" jibe): writers type titles
# both ways, and the letter-by-letter key alone misses the spoken form once the query holds more than the title.
_LIAISON = {1: "g", 2: "kk", 4: "n", 7: "d", 8: "r", 16: "m", 17: "b", 19: "s", 20: "ss", 22: "j", 23: "ch", 24: "k", 25: "t", 26: "p", 27: ""}
_K_FINALS, _P_FINALS, _T_FINALS = {1, 2, 3, 9, 24}, {14, 17, 18, 26}, {7, 19, 20, 22, 23, 25, 27}
_SILENT, _N, _M, _R = 11, 2, 6, 5  # initial consonant indices: ㅇ, ㄴ, ㅁ, ㄹ


def romanize_korean_spoken(text: str) -> str:
    """Revised Romanization with liaison, nasalisation and liquidisation between syllables of one word."""
    syllables = [divmod(ord(ch) - 0xAC00, 28) if 0 <= ord(ch) - 0xAC00 < 11172 else None for ch in text]
    out = []
    next_initial: str | None = None
    for i, (ch, syl) in enumerate(zip(text, syllables)):
        if syl is None:
            out.append(ch)
            next_initial = None
            continue
        head, final = syl
        initial = _INITIALS[head // 21] if next_initial is None else next_initial
        coda, next_initial = _FINALS[final], None
        following = syllables[i + 1] if i + 1 < len(syllables) else None
        if final and following is not None:
            after = following[0] // 21
            if after == _SILENT and final in _LIAISON:
                coda, next_initial = "", _LIAISON[final]
            elif after in (_N, _M) or (after == _R and final not in (4, 8, 16, 21)):
                coda = "ng" if final in _K_FINALS else "m" if final in _P_FINALS else "n" if final in _T_FINALS else coda
                next_initial = "n" if after == _R else None
            elif after == _R:
                coda, next_initial = ("l", "l") if final in (4, 8) else (coda, "n")
        out.append(initial + _VOWELS[head % 21] + coda)
    return "".join(out)


def romanize_chinese(text: str) -> str:
    from pypinyin import lazy_pinyin  # imported on the first romanised query only

    return "".join(lazy_pinyin(text))


def _has_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def romanize(title: str) -> str | None:
    """The title in Latin letters, or None when it has no Chinese or Korean characters."""
    has_hangul = _has_hangul(title)
    has_han = any("\u4e00" <= ch <= "\u9fff" for ch in title)
    if not (has_hangul or has_han):
        return None
    text = romanize_korean(title) if has_hangul else title
    return norm(romanize_chinese(text) if has_han else text)


@dataclass(frozen=True)
class TitleMatch:
    title: str
    matched_chars: int  # how much of the query the title accounts for
    similarity: float  # 1 for an exact title; less for a partial or misspelt one


def _in_order(key: str, query: str) -> tuple[int, int, int]:
    """Characters of `key` found in order in `query`, the longest unbroken run of them, and the stretch of the query
    they span (a title spelt with one wrong character spans about its own length; scattered hits span far more)."""
    blocks = [b for b in SequenceMatcher(None, key, query, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return 0, 0, 0
    return sum(b.size for b in blocks), max(b.size for b in blocks), blocks[-1].b + blocks[-1].size - blocks[0].b


def _romanizations(titles: list[str], cache_dir: Path | None) -> dict[str, str | None]:
    """Every title's romanisation, kept on disk by the titles' content: pypinyin costs a cold English query 0.3 s."""
    if cache_dir is None:
        return {t: romanize(t) for t in titles}
    from importlib.metadata import version

    digest = hashlib.sha256("\n".join([version("pypinyin"), *titles]).encode()).hexdigest()[:16]
    path = cache_dir / f"title-romanizations-{digest}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    except (OSError, ValueError):
        pass
    table = {t: romanize(t) for t in titles}
    write_atomically(path, json.dumps(table, ensure_ascii=False).encode("utf-8"))
    return table


def _word_bounded(raw: str, query: str):  # type: ignore[no-untyped-def]
    """A test: does the normalised key occur in `query` (= norm(raw)) with no ASCII letter or digit right outside it in `raw`?"""
    low = raw.lower()
    positions = [i for i, ch in enumerate(low) if ch.isalnum()]  # what norm keeps (\w less _), without a regex call per character
    if len(positions) != len(query):  # normalising changed lengths (rare letters): no check rather than a wrong one
        return lambda key: True

    def outside(i: int) -> bool:
        return not (0 <= i < len(low) and low[i].isascii() and low[i].isalnum())

    def test(key: str) -> bool:
        start = query.find(key)
        while start >= 0:
            if outside(positions[start] - 1) and outside(positions[start + len(key) - 1] + 1):
                return True
            start = query.find(key, start + 1)
        return False

    return test


class TitleIndex:
    def __init__(self, cases: Iterable[Case], cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self.entries: list[tuple[str, str, str]] = []  # normalised title, case id, title as written
        for case in cases:
            t = case.titles
            for title in {t.original, t.zh, t.ko, t.en, *t.aliases, *t.ko_readings} - {None}:
                key = norm(title)  # type: ignore[arg-type]
                if len(key) >= 2 and (not key.isascii() or len(key) >= 4):
                    self.entries.append((key, case.id, title))  # type: ignore[arg-type]

    @cached_property
    def romanized(self) -> list[tuple[str, str, str]]:
        out = []
        table = _romanizations(sorted({title for _, _, title in self.entries}), self.cache_dir)
        for key, case_id, title in self.entries:
            roman = table.get(title)
            if roman and len(roman) >= 6:
                out.append((roman, case_id, title))
                spoken = norm(romanize_korean_spoken(title)) if _has_hangul(title) else roman
                if spoken != roman:
                    out.append((spoken, case_id, title))
        return out

    def find(self, query: str, raw: str | None = None) -> dict[str, TitleMatch]:
        """Titles named in the (normalised) query: exactly, romanised, or, in a short query, partly or misspelt.
        With the `raw` query, an English title must start and end on its word boundaries ("a sweet, homey
        story" does not name Sweet Home)."""
        found: dict[str, TitleMatch] = {}
        on_words = _word_bounded(raw, query) if raw is not None else (lambda key: True)
        memo: dict[str, tuple[int, int, int]] = {}  # one comparison per distinct title, however many cases share it

        def in_order(key: str) -> tuple[int, int, int]:
            if key not in memo:
                memo[key] = _in_order(key, query)
            return memo[key]

        def keep(case_id: str, match: TitleMatch) -> None:
            old = found.get(case_id)
            if old is None or (match.similarity, match.matched_chars) > (old.similarity, old.matched_chars):
                found[case_id] = match

        for key, case_id, title in self.entries:
            if key in query and (not key.isascii() or on_words(key)):
                keep(case_id, TitleMatch(title, len(key), 1.0))
        letters = sum(ch.isascii() and ch.isalpha() for ch in query)
        if letters >= 6:
            for roman, case_id, title in self.romanized:
                if roman in query:
                    keep(case_id, TitleMatch(title, len(roman), 1.0))
                elif len(query) <= SHORT_QUERY and abs(len(roman) - len(query)) <= 0.2 * len(roman):  # the query is the title, respelt
                    matched, run, _ = in_order(roman)
                    if run >= len(roman) / 2 and matched / len(roman) >= ROMAN_SIMILARITY:
                        keep(case_id, TitleMatch(title, matched, matched / len(roman)))
        if len(query) <= SHORT_QUERY and not query.isascii():
            chars = set(query)
            for key, case_id, title in self.entries:
                if key.isascii() or len(key) < 5 or key in query or len(chars & set(key)) < 3:  # in four characters one is too many
                    continue
                matched, run, span = in_order(key)
                similarity = matched / len(key)
                if run >= 2 and similarity >= FUZZY_SIMILARITY and span <= len(key) + 1:  # one or two characters off
                    keep(case_id, TitleMatch(title, matched, similarity))
                elif run >= 4 and run >= 0.6 * len(query):  # the query is mostly a stretch of a longer title ("闪婚老伴是…")
                    keep(case_id, TitleMatch(title, run, run / len(key)))
        return found
