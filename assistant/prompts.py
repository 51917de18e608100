"""Prompt files (`prompts/*.yaml`, keyed sections) rendered with Jinja2 StrictUndefined."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import StoryWorldError
from assistant.settings import get_settings


@lru_cache(maxsize=8)
def _load(path: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoryWorldError(f"{path}: prompt file not found") from None
    if not isinstance(data, dict):
        raise StoryWorldError(f"{path}: a prompt file is a mapping of sections (system, user, ...)")
    return data


@lru_cache(maxsize=32)
def _template(path: str, section: str):  # type: ignore[no-untyped-def]
    """Compiled once per process: compiling costs more than rendering, and a batch renders thousands."""
    import jinja2

    data = _load(path)
    if section not in data:
        raise StoryWorldError(f"prompts/{Path(path).stem}.yaml has no section {section!r}")
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    return env.from_string(data[section])


def render(name: str, section: str, **values: Any) -> str:
    """Render one section of `prompts/<name>.yaml`; a missing variable raises with its name."""
    settings = get_settings()
    return _template(str(settings.path(settings.prompts_dir) / f"{name}.yaml"), section).render(**values)
