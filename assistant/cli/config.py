"""`storyworld config`: what the tool will actually use, secrets masked."""

from __future__ import annotations

import json

import typer

from assistant.settings import get_settings


def show_config(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Print the effective settings (STORYWORLD_* and OPENAI_* variables), with secrets masked.

    Example: STORYWORLD_BACKEND=offline storyworld config
    """
    values = get_settings().masked()
    if as_json:
        typer.echo(json.dumps(values, ensure_ascii=False, indent=2))
        return
    width = max(map(len, values))
    for key, value in values.items():
        typer.echo(f"{key.ljust(width)}  {value}")
