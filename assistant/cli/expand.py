"""`storyworld expand`: a fuller story-bible section for one axis of a pitch."""

from __future__ import annotations

import typer

from assistant.errors import StoryWorldError


def expand_command(
    axis: str = typer.Argument(..., help="world, characters or transmedia."),
    pitch_file: str = typer.Argument(..., help="Pitch file (.txt, .md, .fountain, .docx) or '-' for stdin."),
    lang: str = typer.Option("auto", "--lang", help="Answer language: auto, zh, ko or en."),
    backend: str | None = typer.Option(None, "--backend", help="offline or openai."),
    fmt: str = typer.Option("md", "--format", "-F", help="md or json."),
) -> None:
    """Write a story-bible section: world rules and history, character sheets, or an ordered transmedia plan.

    Examples:
      storyworld expand world examples/pitches/zh-traffic.md
      storyworld expand characters examples/pitches/ko-content.md --format json
    """
    if fmt not in ("md", "json"):
        raise StoryWorldError(f"unknown format {fmt!r}; use md or json")
    from assistant.critique.service import expand_pitch
    from assistant.pitch import read_pitch

    result = expand_pitch(read_pitch(pitch_file), axis, backend=backend, lang=lang)
    if fmt == "json":
        typer.echo(result.model_dump_json(indent=2))
        return
    from assistant.render.markdown import expansion_to_markdown

    typer.echo(expansion_to_markdown(result), nl=False)
