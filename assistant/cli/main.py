"""Entry point: wires the command groups and turns StoryWorldError into one line and exit code 1."""

from __future__ import annotations

import sys

import typer

from assistant import __version__
from assistant.cli import batch, cases, config, critique, evals, expand, index, logs, search, ui
from assistant.errors import StoryWorldError

app = typer.Typer(
    name="storyworld",
    help="StoryWorld: critique micro-drama pitches for stacked exciting moments and grow them into story worlds, "
    "grounded in annotated Chinese and Korean cases. Works offline by default; set OPENAI_API_KEY to use a model.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(cases.app, name="cases")
app.add_typer(index.app, name="index")
app.add_typer(evals.app, name="eval")
app.command("critique")(critique.critique_command)
app.command("expand")(expand.expand_command)
app.command("ui")(ui.ui_command)
app.command("batch")(batch.batch_command)
app.command("search")(search.search_command)
app.command("config")(config.show_config)
app.command("logs")(logs.logs_command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"storyworld {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version.")) -> None:
    """StoryWorld command line."""


def main() -> None:
    """Run the CLI; user mistakes print one line on stderr, never a traceback."""
    try:
        code = app(standalone_mode=False)  # click returns typer.Exit codes here instead of raising
    except StoryWorldError as exc:
        typer.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("Aborted.", err=True)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:
        # Usage errors (unknown command, bad option) come from the click copy vendored in typer.
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):
            exc.show()
            sys.exit(exc.exit_code)
        raise
    if isinstance(code, int) and code:
        sys.exit(code)


if __name__ == "__main__":
    main()
