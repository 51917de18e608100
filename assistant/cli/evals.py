"""`storyworld eval ...`: measure retrieval (and, later, critiques) against labelled datasets."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(help="Evaluate retrieval and critiques against labelled datasets.", no_args_is_help=True)


@app.command("retrieval")
def retrieval(
    dataset: Path = typer.Option(Path("evals/datasets/retrieval.jsonl"), "--dataset", help="Graded queries (JSON lines)."),
    as_json: bool = typer.Option(False, "--json", help="Print the full reports (with per-query results) as JSON."),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Also score the plain baseline (encoder over English premises)."),
) -> None:
    """Score search on graded queries: nDCG@5, recall@5 (must-have cases), MRR, overall / per kind / per language.

    Example: storyworld eval retrieval
    """
    from assistant.evals.retrieval import PlainBaseline, dump, evaluate, format_report, load_queries
    from assistant.retrieval.search import Searcher
    from assistant.settings import get_settings

    settings = get_settings()
    path = dataset if dataset.is_absolute() or dataset.exists() else settings.path(dataset)
    queries = load_queries(path)
    searcher = Searcher.open(settings)
    reports = [evaluate(queries, lambda q: [h.case_id for h in searcher.search(q, k=10)], "storyworld")]
    if baseline:
        plain = PlainBaseline(searcher.cases.values(), searcher.embedding)
        reports.append(evaluate(queries, plain.rank, "plain baseline"))
    typer.echo(dump(reports) if as_json else format_report(reports))
