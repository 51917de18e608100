"""`storyworld batch`: a folder or sheet of pitches in, results.jsonl + summary + report out; resumable, nothing lost."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from assistant.errors import StoryWorldError


def batch_command(
    source: str = typer.Argument(..., help="A folder of .txt/.md/.docx, a .csv/.xlsx (columns id, title, text) or a .jsonl file; or 'report' to re-render DIR."),
    report_dir: Path | None = typer.Argument(None, help="With 'report': the batch output folder to re-render."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Output folder (results.jsonl, errors.jsonl, summary.csv/.xlsx, report.html)."),
    backend: str | None = typer.Option(None, "--backend", help="offline or openai (default: openai when OPENAI_API_KEY is set)."),
    concurrency: int = typer.Option(8, "--concurrency", min=1, max=64, help="Parallel model requests with --backend openai."),
    resume: bool = typer.Option(True, "--resume/--no-resume", help="Skip pitches already done (default); --no-resume keeps old logs as .bak and starts over."),
    lang: str = typer.Option("auto", "--lang", help="Answer language: auto (each pitch's own), zh, ko or en."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Critique at most N new pitches this run."),
    sort: str = typer.Option("stacking_index", "--sort", help="Column to sort the summary by."),
) -> None:
    """Critique many pitches; every finished critique is saved at once, and re-running the same command resumes.

    Examples:
      storyworld batch submissions/ --out out/slate
      storyworld batch pitches.xlsx --out out/contest --backend openai --concurrency 16
      storyworld batch report out/slate --sort homogeneity
    """
    from assistant.batch.report import write_reports

    if source == "report":
        if report_dir is None:
            raise StoryWorldError("give the batch folder: storyworld batch report DIR")
        paths = write_reports(report_dir, sort_by=sort)
        typer.echo(f"Wrote {paths['html']}, {paths['csv']}, {paths['xlsx']}")
        return
    if out is None:
        raise StoryWorldError("give an output folder with --out DIR")
    from assistant.batch.runner import BatchOptions, progress_bar, run_batch
    from assistant.settings import get_settings

    settings = get_settings()
    chosen = backend or settings.effective_backend
    if chosen not in ("offline", "openai"):
        raise StoryWorldError(f"unknown backend {chosen!r}; use offline or openai")
    if lang not in ("auto", "zh", "ko", "en"):
        raise StoryWorldError(f"unknown language {lang!r}; use auto, zh, ko or en")
    options = BatchOptions(backend=chosen, lang=lang, concurrency=concurrency, resume=resume, limit=limit, model=settings.model)
    with progress_bar(sys.stderr.isatty()) as bar:
        task = bar.add_task("critique", total=None)
        summary = run_batch(Path(source), out, options, progress=lambda done, total: bar.update(task, completed=done, total=total))
    for note in summary.notes:
        typer.echo(f"note: {note}", err=True)
    typer.echo(f"{summary.done} critiqued, {summary.skipped} already done, {summary.failed} failed, {summary.bad_input} bad input rows "
               f"({summary.rate:.1f} pitches/s) → {out}", err=True)
    paths = write_reports(out, sort_by=sort)
    typer.echo(f"Report: {paths['html']}")
    if summary.interrupted:
        typer.echo("Interrupted: finished critiques are saved; run the same command again to resume.", err=True)
        raise typer.Exit(130)
