"""`storyworld critique`: diagnose a pitch and suggest story-world, character and transmedia moves."""

from __future__ import annotations

from pathlib import Path

import typer

from assistant.errors import StoryWorldError

FORMATS = ("json", "md", "html")


def critique_command(
    pitch_file: str = typer.Argument(..., help="Pitch file (.txt, .md, .fountain, .docx) or '-' for stdin."),
    fmt: str = typer.Option("md", "--format", "-F", help="Output format: json, md or html."),
    lang: str = typer.Option("auto", "--lang", help="Answer language: auto (the pitch's), zh, ko or en."),
    backend: str | None = typer.Option(None, "--backend", help="offline or openai (default: openai when OPENAI_API_KEY is set)."),
    out: Path | None = typer.Option(None, "-o", "--out", help="Write to this file instead of stdout."),
) -> None:
    """Critique a pitch: stacked exciting moments or a story world in the making, with comps and suggestions.

    Examples:
      storyworld critique examples/pitches/zh-traffic.md
      storyworld critique my_pitch.docx --format html -o critique.html
      cat pitch.txt | storyworld critique - --lang en --format json
    """
    if fmt not in FORMATS:
        raise StoryWorldError(f"unknown format {fmt!r}; use json, md or html")
    from assistant.critique.service import critique_pitch
    from assistant.pitch import read_pitch
    from assistant.render.html import critique_to_html
    from assistant.render.markdown import critique_to_markdown

    pitch = read_pitch(pitch_file)
    result = critique_pitch(pitch, backend=backend, lang=lang)
    text = {"json": lambda: result.model_dump_json(indent=2), "md": lambda: critique_to_markdown(result), "html": lambda: critique_to_html(result)}[fmt]()
    if out is None:
        typer.echo(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote {out} ({result.diagnosis.logic}, stacking {result.diagnosis.stacking_index:.2f})", err=True)
