"""`storyworld ui`: the Gradio app for writers who never open a terminal."""

from __future__ import annotations

import typer


def ui_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (127.0.0.1 keeps it on this machine)."),
    port: int = typer.Option(7860, "--port", help="Port."),
    share: bool = typer.Option(False, "--share/--no-share", help="Create a public Gradio share link (off by default)."),
) -> None:
    """Start the StoryWorld UI (critique, chat, batch, evals, case library). Set STORYWORLD_AUTH=user:password to require a login.

    Example: storyworld ui --port 7860
    """
    from assistant.ui.app import launch

    typer.echo(f"StoryWorld UI on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    launch(host=host, port=port, share=share, block=True)
