"""Evidence quotes: the clause around a match, cut from the pitch itself so it is always a verbatim substring."""

from __future__ import annotations

_STOPS = set("，。！？；;!?\n：:")
_SOFT_STOPS = set(",.")
MAX_QUOTE = 90


def clause_around(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """Expand [start, end) to the enclosing clause inside [lo, hi), capped at MAX_QUOTE characters."""
    hi = len(text) if hi is None else hi
    left = start
    while left > lo and text[left - 1] not in _STOPS and not (text[left - 1] in _SOFT_STOPS and _is_boundary(text, left - 1)):
        left -= 1
        if end - left > MAX_QUOTE * 2 // 3:
            break
    right = end
    while right < hi and text[right] not in _STOPS and not (text[right] in _SOFT_STOPS and _is_boundary(text, right)):
        right += 1
        if right - left > MAX_QUOTE:
            break
    # A cap reached inside a word ("nlan comes home" for "Nora Quinlan comes home"): in a spaced script, start and end
    # on whole words; Chinese has no spaces, and any cut is between characters.
    if left > lo and text[left - 1].isalnum() and text[left].isalnum() and (space := text.find(" ", left, start)) != -1:
        left = space + 1
    if right < hi and text[right - 1].isalnum() and text[right].isalnum() and (space := text.rfind(" ", end, right)) != -1:
        right = space
    while left < start and text[left] in " \t\"'“”‘’「」『』()（）*#-—":
        left += 1
    while right > end and text[right - 1] in " \t":
        right -= 1
    return left, right


def _is_boundary(text: str, i: int) -> bool:
    # "3.5" or "Mr." are not clause ends; ". " followed by space/newline is.
    return i + 1 >= len(text) or text[i + 1] in " \n\t\"”’"


def quote(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> tuple[str, int, int]:
    left, right = clause_around(text, start, end, lo, hi)
    return text[left:right], left, right
