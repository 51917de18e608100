"""Labelled datasets are JSON Lines of one pydantic model per line; a bad line is a clear error with its number."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from assistant.errors import StoryWorldError

Row = TypeVar("Row", bound=BaseModel)


def load_jsonl(path: Path, model: type[Row]) -> list[Row]:
    if not path.exists():
        raise StoryWorldError(f"{path}: dataset not found")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(model.model_validate_json(line))
            except ValueError as exc:
                raise StoryWorldError(f"{path} line {number}: {str(exc)[:200]}") from None
    return rows
