"""`storyworld logs`: the model calls made so far (kind, model, endpoint host, time, outcome); keys are never logged."""

from __future__ import annotations

import json

import typer


def logs_command(
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many recent calls."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines."),
) -> None:
    """Show recent model calls from the SQLite log (STORYWORLD_CACHE_DIR/llm_calls.sqlite).

    Example: storyworld logs -n 5
    """
    from assistant.llm_log import log_path, recent
    from assistant.settings import get_settings

    rows = recent(limit=limit)
    if not rows:
        typer.echo(f"No model calls logged yet ({log_path(get_settings())}).")
        return
    for row in rows:
        if as_json:
            typer.echo(json.dumps(row, ensure_ascii=False))
        else:
            status = "ok" if row["ok"] else f"failed: {row['error']}"
            typer.echo(f"{row['ts']}  {row['kind']:<9} {row['model']:<20} {row['endpoint']:<20} {row['duration_ms']:>6} ms  {status}")
