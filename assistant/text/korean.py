"""Korean particles after filled-in names: templates write 이(가), 을(를) …; the name's last syllable picks the right one."""

from __future__ import annotations

import re

_PAIRS = {"이(가)": ("이", "가"), "을(를)": ("을", "를"), "은(는)": ("은", "는"), "과(와)": ("과", "와"), "와(과)": ("과", "와"),
          "이(라)": ("이라", "라"), "으로(로)": ("으로", "로"), "아(야)": ("아", "야")}
_PATTERN = re.compile(r"([가-힣A-Za-z0-9])([》」』\"'”’)\]]*)(" + "|".join(re.escape(k) for k in _PAIRS) + ")")


def _has_final_consonant(ch: str) -> bool:
    if "가" <= ch <= "힣":
        return (ord(ch) - 0xAC00) % 28 != 0
    return ch.lower() in "lmnr0136789"  # rough reading for Latin letters and digits


def fix_particles(text: str) -> str:
    def pick(m: re.Match[str]) -> str:
        with_final, without = _PAIRS[m.group(3)]
        return m.group(1) + m.group(2) + (with_final if _has_final_consonant(m.group(1)) else without)

    return _PATTERN.sub(pick, text)
