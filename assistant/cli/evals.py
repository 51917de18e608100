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
    fit: bool = typer.Option(False, "--fit", help="Refit the logic model on these datasets and save it (reports CV accuracy)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    cv: bool = typer.Option(True, "--cv/--no-cv", help="Also estimate, by cross-validation, how a model fitted to these pitches would do "
                            "(many fits: minutes for several writer batches). --no-cv scores the saved model only."),
) -> None:
    """Score the offline analysis on labelled pitches: logic accuracy (and its cross-validated estimate), AUC of the stacking index.

    Examples:
      storyworld eval analysis --dataset evals/datasets/pitches_holdout.jsonl
      storyworld eval analysis --no-cv --dataset evals/datasets/pitches_fresh9.jsonl --dataset evals/datasets/pitches_fresh10.jsonl
      storyworld eval analysis --fit --dataset evals/datasets/pitches.jsonl --dataset evals/datasets/pitches_b.jsonl --dataset evals/datasets/pitches_c.jsonl --dataset evals/datasets/pitches_d.jsonl --dataset evals/datasets/pitches_e.jsonl --dataset evals/datasets/pitches_f.jsonl
    """
    from assistant.analysis import calibration
    from assistant.analysis.analyzer import get_analyzer
    from assistant.settings import get_settings

    settings = get_settings()
    paths = [p if p.is_absolute() or p.exists() else settings.path(p) for p in dataset]
    rows = calibration.load_labelled(paths)
    analyzer = get_analyzer()

    run = calibration.reader(analyzer)

    if fit:  # one analysis pass feeds both fits; the report below analyses again, as the new model now decides
        from assistant.analysis.logic_model import ignoring_saved_model

        with ignoring_saved_model():  # the inputs do not depend on it, and an outdated one would not load
            results = [run(r) for r in rows]
        for line in calibration.fit_logic(rows, results, [str(p) for p in dataset]):
            typer.echo(line)
    report = calibration.evaluate(rows, run, with_cv=cv, random_folds=not fit)
    if fit:  # the fit has just cross-validated the same rows; twelve more fits would give the same number
        from assistant.analysis.logic_model import load

        report.cv_accuracy = load().info["cv_accuracy"]  # type: ignore[union-attr]
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
        return
    from assistant.analysis.logic_model import fitted_to

    seen = fitted_to(dataset)
    note = "the model was fitted to these pitches: optimistic, read the cross-validated number" if seen else "pitches the model never saw"
    typer.echo(f"{report.n} pitches · logic accuracy {report.accuracy:.3f} ({note})")
    if report.cv_accuracy is not None and report.cv_accuracy_thresholds is not None:
        typer.echo(f"cross-validated accuracy of fitting the logic model {report.cv_accuracy:.3f} · "
                   f"of fitting two payoff-density thresholds (baseline) {report.cv_accuracy_thresholds:.3f}")
    if report.cv_accuracy_by_batch is not None:
        typer.echo(f"holding out one writer batch at a time: logic accuracy {report.cv_accuracy_by_batch:.3f} · "
                   f"AUC of the stacking index {report.auc_stacking_by_batch:.3f}")
    typer.echo(f"AUC traffic vs content: stacking index {report.auc_stacking:.3f} · payoff density alone {report.auc_payoff_density:.3f} · "
               f"keyword density baseline {report.auc_keyword_density:.3f}")
    typer.echo("by language: " + ", ".join(f"{k} {v:.3f}" for k, v in report.by_language.items())
               + (f" · tricky {report.tricky_accuracy:.3f}" if report.tricky_accuracy is not None else ""))
    typer.echo("confusion (rows gold, columns predicted): " + json.dumps(report.confusion))
    for err in report.errors:
        typer.echo(f"  miss {err['id']}: {err['label']} → {err['predicted']} (stacking {err['stacking']}{', tricky' if err['tricky'] else ''})")


def _resolve(path: Path) -> Path:
    from assistant.settings import get_settings

    return path if path.is_absolute() or path.exists() else get_settings().path(path)


def _judge(kind: str):  # type: ignore[no-untyped-def]
    """An LLM judge for --judge openai; None for offline (judge criteria are then reported as not scored)."""
    from assistant.errors import StoryWorldError

    if kind == "offline":
        return None
    if kind != "openai":
        raise StoryWorldError(f"unknown judge {kind!r}; use offline or openai")
    from assistant.evals.judge import Judge
    from assistant.library import CaseLibrary
    from assistant.settings import get_settings

    settings = get_settings()
    if not settings.openai_api_key:
        raise StoryWorldError("--judge openai needs OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server)")
    return Judge(settings, CaseLibrary.load(settings))


@app.command("run")
def run(
    rubric: Path = typer.Option(Path("evals/rubric.yaml"), "--rubric", help="Rubric file (criteria, scales, weights, thresholds)."),
    dataset: Path = typer.Option(Path("evals/datasets/pitches_fresh.jsonl"), "--dataset", help="Labelled pitches (JSON lines: id, language, label, text); the default is a set the logic model never saw."),
    backend: str = typer.Option("offline", "--backend", help="Critique backend: offline or openai."),
    judge: str = typer.Option("offline", "--judge", help="offline (judge criteria not scored) or openai."),
    out: Path = typer.Option(Path("out/eval"), "--out", help="Output folder: results.jsonl, summary.json, report.md, report.html."),
    baseline: Path | None = typer.Option(None, "--baseline", help="A previous summary.json; exit 1 if any criterion drops beyond its tolerance."),
    repeat: int = typer.Option(1, "--repeat", min=1, max=10, help="Judge each item N times to measure judge variance."),
    lang: str = typer.Option("auto", "--lang", help="Answer language for the critiques: auto, zh, ko or en."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Only the first N items."),
) -> None:
    """Critique each labelled pitch (cached), score every rubric criterion, and write results, summary and reports.

    Examples:
      storyworld eval run
      storyworld eval run --judge openai --repeat 3 --out out/eval-judge
      storyworld eval run --baseline evals/baselines/offline.json
    """
    from assistant.analysis.calibration import load_labelled
    from assistant.errors import StoryWorldError
    from assistant.evals.rubric import load_rubric
    from assistant.evals.runner import EvalOptions, compare, run_eval
    from assistant.library import CaseLibrary
    from assistant.settings import get_settings

    if backend not in ("offline", "openai"):
        raise StoryWorldError(f"unknown backend {backend!r}; use offline or openai")
    settings = get_settings()
    the_rubric = load_rubric(_resolve(rubric))
    rows = load_labelled([_resolve(dataset)])[:limit]
    baseline_data = None
    if baseline is not None:
        path = _resolve(baseline)
        if not path.exists():
            raise StoryWorldError(f"{path}: baseline not found")
        baseline_data = json.loads(path.read_text(encoding="utf-8"))
    options = EvalOptions(backend=backend, judge=judge, repeat=repeat, lang=lang, model=settings.model if backend == "openai" else "")
    known = {c.id for c in CaseLibrary.load(settings).cases}
    summary = run_eval(rows, the_rubric, options, out, settings.path(settings.cache_dir) / "evals", known, judge=_judge(judge),
                       progress=lambda n, total: None)
    for cid, c in summary["criteria"].items():
        value = "not scored" if c["mean"] is None else f"{c['mean']:.3f}  [{c['ci'][0]:.2f}, {c['ci'][1]:.2f}]  pass {c['pass_rate']:.2f}"
        typer.echo(f"{cid:<22} {c['kind']:<6} {value}" + (f"  judge std {c['judge_std']:.2f}" if "judge_std" in c else ""))
    overall = summary["overall"]
    typer.echo(f"{'overall':<22} {'':<6} {overall['mean']:.3f}  [{overall['ci'][0]:.2f}, {overall['ci'][1]:.2f}]  ({summary['items']} items) → {out}")
    from assistant.analysis.logic_model import fitted_to

    if fitted_to([dataset]):
        typer.echo(f"note: the logic model was fitted to {_resolve(dataset).name}, so diagnosis_agreement is in-sample; "
                   "for an honest number use --dataset evals/datasets/pitches_fresh.jsonl or pitches_holdout.jsonl")
    if baseline_data is not None:
        drops = compare(summary, baseline_data)
        if drops:
            typer.echo("Regression against the baseline:\n  " + "\n  ".join(drops), err=True)
            raise typer.Exit(1)
        typer.echo("No criterion dropped beyond its tolerance against the baseline.")


@app.command("calibrate")
def calibrate(
    dataset: Path = typer.Option(Path("evals/datasets/judge_calibration.jsonl"), "--dataset", help="Critiques with human scores per judge criterion."),
    rubric: Path = typer.Option(Path("evals/rubric.yaml"), "--rubric", help="Rubric whose judge criteria are calibrated."),
    judge: str = typer.Option("openai", "--judge", help="The judge to calibrate (openai)."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Only the first N items."),
) -> None:
    """Judge-vs-human agreement per judge criterion: Spearman, exact agreement and agreement within ±1.

    Example: OPENAI_API_KEY=... storyworld eval calibrate
    """
    from assistant.errors import StoryWorldError
    from assistant.evals.calibrate import calibrate_judge, load_calibration
    from assistant.evals.rubric import load_rubric

    the_judge = _judge(judge)
    if the_judge is None:
        raise StoryWorldError("calibration needs a judge model: --judge openai with OPENAI_API_KEY set")
    items = load_calibration(_resolve(dataset))[:limit]
    report = calibrate_judge(items, load_rubric(_resolve(rubric)), the_judge)
    typer.echo(f"{'criterion':<20} {'n':>3} {'spearman':>9} {'exact':>6} {'±1':>6}")
    for cid, r in report.items():
        typer.echo(f"{cid:<20} {r['n']:>3} {r['spearman']:>9.3f} {r['exact']:>6.2f} {r['within_one']:>6.2f}")
