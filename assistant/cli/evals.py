"""`storyworld eval ...`: measure retrieval (and, later, critiques) against labelled datasets."""

from __future__ import annotations

import json
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


@app.command("analysis")
def analysis(
    dataset: list[Path] = typer.Option([Path("evals/datasets/pitches.jsonl")], "--dataset", help="Labelled pitches (JSON lines); repeatable."),
    fit: bool = typer.Option(False, "--fit", help="Refit the logic thresholds on these datasets and save them (reports CV accuracy)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Score the offline analysis on labelled pitches: logic accuracy (and its cross-validated estimate), AUC of the stacking index.

    Example: storyworld eval analysis --dataset evals/datasets/pitches.jsonl --dataset evals/datasets/pitches_b.jsonl
    """
    from assistant.analysis import calibration
    from assistant.analysis.analyzer import get_analyzer
    from assistant.pitch import make_pitch
    from assistant.settings import get_settings

    settings = get_settings()
    paths = [p if p.is_absolute() or p.exists() else settings.path(p) for p in dataset]
    rows = calibration.load_labelled(paths)
    analyzer = get_analyzer()

    def run(row):  # type: ignore[no-untyped-def]
        result = analyzer.analyze(make_pitch(row.text, pitch_id=row.id, lang=row.language))
        return {"stacking_index": result.scores.stacking_index, "logic": result.logic, "moment_load": result.features["moment_load"]}

    if fit:
        cached = [run(r) for r in rows]
        values, labels = [x["stacking_index"] for x in cached], [r.label for r in rows]
        t1, t2 = calibration.fit_thresholds(values, labels)
        cv = calibration.cross_validate(values, labels)
        path = calibration.save_thresholds(t1, t2, [str(p) for p in dataset], len(rows), cv)
        typer.echo(f"Fitted traffic ≥ {t1:.2f}, content < {t2:.2f} on {len(rows)} pitches; cross-validated accuracy {cv:.3f}; saved {path}")
    report = calibration.evaluate(rows, run)
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
        return
    typer.echo(f"{report.n} pitches · thresholds traffic ≥ {report.thresholds['traffic']:.2f}, content < {report.thresholds['content']:.2f}")
    typer.echo(f"logic accuracy {report.accuracy:.3f} (cross-validated estimate of fitting the thresholds: {report.cv_accuracy:.3f})")
    typer.echo(f"AUC traffic vs content: stacking index {report.auc_stacking:.3f} · keyword density baseline {report.auc_keyword_density:.3f}")
    typer.echo("by language: " + ", ".join(f"{k} {v:.3f}" for k, v in report.by_language.items())
               + (f" · tricky {report.tricky_accuracy:.3f}" if report.tricky_accuracy is not None else ""))
    typer.echo("confusion (rows gold, columns predicted): " + json.dumps(report.confusion))
    for err in report.errors:
        typer.echo(f"  miss {err['id']}: {err['label']} → {err['predicted']} (stacking {err['stacking']})")
