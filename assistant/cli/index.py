"""`storyworld index ...`: build and inspect the case index."""

from __future__ import annotations

import sys

import typer

app = typer.Typer(help="Build and inspect the Chroma index of the case library.", no_args_is_help=True)


@app.command("build")
def build(rebuild: bool = typer.Option(False, "--rebuild", help="Drop the index and embed everything again (needed after switching embedding functions).")) -> None:
    """Build or update the index; only new or edited documents are embedded.

    Example: storyworld index build
    """
    from rich.progress import Progress

    from assistant.retrieval.index import build_index

    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("embedding", total=None)
        report = build_index(rebuild=rebuild, progress=lambda done, total: bar.update(task, completed=done, total=total))
    typer.echo(f"Index up to date: {report.summary()}")


@app.command("status")
def status(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show where the index is, what built it and whether the case files changed since.

    Example: storyworld index status
    """
    from assistant.retrieval.index import index_status

    st = index_status()
    if as_json:
        typer.echo(st.to_json())
    elif not st.exists:
        typer.echo(f"No index at {st.location}; run `storyworld index build` (queries also build it on first use).")
    else:
        state = "up to date" if st.stale_documents == 0 else f"{st.stale_documents} document(s) out of date; run `storyworld index build`"
        typer.echo(f"{st.location}: {st.cases} cases, {st.documents} documents, embedding {st.embedding}, built {st.built_at}; {state}")
