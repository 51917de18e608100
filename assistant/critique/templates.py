"""Loading the offline critique's sentences (messages.yaml) and development moves (moves.yaml)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.schemas.common import Trilingual


def _load(name: str) -> Any:
    return yaml.safe_load(resources.files("assistant.critique").joinpath(name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def messages() -> dict[str, Any]:
    return _load("messages.yaml")


def msg(path: str, lang: str, **values: Any) -> str:
    """The message at a dotted path in `lang` (English if missing), formatted with `values`."""
    node: Any = messages()
    for part in path.split("."):
        node = node[part]
    template = node.get(lang) or node["en"]
    text = template.format(**values)
    if lang == "ko":
        from assistant.text.korean import fix_particles

        text = fix_particles(text)
    return text


class Move(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    axis: str
    when: list[str]  # the move is offered when any of these holds …
    requires: list[str] = []  # … and all of these do: what its text takes for granted (a feud, a hidden identity)
    case_traits: list[str] = []
    move: Trilingual
    why: Trilingual
    example: Trilingual


@lru_cache(maxsize=1)
def moves() -> list[Move]:
    return [Move.model_validate(m) for m in _load("moves.yaml")["moves"]]
