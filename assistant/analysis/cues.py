"""Cue-word matching (see cues.yaml): how a pitch tells its events — loudly, with a cost, from the inside."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class CueMatch:
    category: str
    start: int
    end: int


class Cues:
    def __init__(self, table: dict[str, dict[str, list[str]]]) -> None:
        self.patterns: dict[str, re.Pattern[str]] = {}
        for category, by_lang in table.items():
            forms = sorted({f for forms in by_lang.values() for f in forms}, key=len, reverse=True)
            parts = [rf"\b{re.escape(f)}\b" if f.isascii() else re.escape(f) for f in forms]
            self.patterns[category] = re.compile("|".join(parts), re.IGNORECASE)

    def find(self, text: str, category: str) -> list[CueMatch]:
        return [CueMatch(category, m.start(), m.end()) for m in self.patterns[category].finditer(text)]

    def count(self, text: str, category: str) -> int:
        return len(self.patterns[category].findall(text))


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    table = yaml.safe_load(resources.files("assistant.analysis").joinpath("cues.yaml").read_text(encoding="utf-8"))
    return Cues(table)
