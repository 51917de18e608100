"""Which language a text is in, by script counts: robust for zh/ko/en and cheap enough to run on every query."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.schemas.common import Language


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"


@dataclass(frozen=True)
class ScriptCounts:
    han: int
    hangul: int
    latin: int
    other_letters: int

    @property
    def weighted(self) -> dict[str, float]:
        # A Latin letter carries about a third of what a CJK syllable does; weigh so mixed text is judged by meaning, not bytes.
        return {"zh": float(self.han), "ko": float(self.hangul), "en": self.latin / 3.0}


def script_counts(text: str) -> ScriptCounts:
    han = hangul = latin = other = 0
    for ch in text:
        if _is_han(ch):
            han += 1
        elif _is_hangul(ch):
            hangul += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
        elif ch.isalpha():
            other += 1
    return ScriptCounts(han, hangul, latin, other)


def detect_language(text: str, default: Language = "en") -> Language:
    """Dominant language of `text`; any real amount of Hangul means Korean, since Chinese never uses it."""
    counts = script_counts(text)
    weights = counts.weighted
    if counts.hangul and counts.hangul >= 0.15 * (counts.han + counts.hangul):
        weights["ko"] *= 1.5
    best = max(weights, key=lambda lang: weights[lang])
    return best if weights[best] > 0 else default  # type: ignore[return-value]


def language_mix(text: str) -> dict[str, float]:
    """Share of each language in `text` (weighted as in `detect_language`); sums to 1 unless the text has no letters."""
    weights = script_counts(text).weighted
    total = sum(weights.values())
    return {k: round(v / total, 3) if total else 0.0 for k, v in weights.items()}
