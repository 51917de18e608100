"""`storyworld cases ...`: browse and validate the annotated case library."""

from __future__ import annotations

import json

import typer

from assistant.errors import CaseLibraryError
from assistant.settings import get_settings

app = typer.Typer(help="Browse and validate the annotated case library.", no_args_is_help=True)


def _library():  # type: ignore[no-untyped-def]
    from assistant.library import CaseLibrary

    return CaseLibrary.load()


@app.command("list")
def list_cases(
    country: str | None = typer.Option(None, "--country", help="CN, KR or other."),
    trope: str | None = typer.Option(None, "--trope", help="A taxonomy id, e.g. contract-marriage."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines."),
) -> None:
    """List cases, optionally filtered by country and taxonomy id.

    Example: storyworld cases list --country KR --trope rebirth
    """
    if country and country.upper() not in {"CN", "KR", "OTHER"}:
        raise CaseLibraryError(f"unknown country {country!r}; use CN, KR or other")
    cases = _library().filter(country=country if country is None or country.upper() != "OTHER" else "other", trope=trope)
    for case in cases:
        if as_json:
            typer.echo(json.dumps({"id": case.id, "title": case.title(), "country": case.country, "year": case.year}, ensure_ascii=False))
        else:
            typer.echo(f"{case.id:<36} {case.country:<5} {case.year or '—':<5} {case.titles.original} / {case.title('en')}")
    if not as_json:
        typer.echo(f"{len(cases)} case(s)", err=True)


@app.command("show")
def show_case(
    case_id: str = typer.Argument(..., help="Case id, e.g. kr-marry-my-husband."),
    lang: str = typer.Option("en", "--lang", help="Language of the case text (premise, lessons, notes, dimension values, trope labels): zh, ko or en."),
    as_json: bool = typer.Option(False, "--json", help="Print the full annotation as JSON."),
) -> None:
    """Show one case's annotation.

    Example: storyworld cases show cn-jialijiawai --lang zh
    """
    if lang not in {"zh", "ko", "en"}:
        raise CaseLibraryError(f"unknown language {lang!r}; use zh, ko or en")
    from assistant.render.case_text import case_to_text

    library = _library()
    case = library.get(case_id)
    typer.echo(case.model_dump_json(indent=2) if as_json else case_to_text(case, lang, library.taxonomy))


@app.command("validate")
def validate() -> None:
    """Check every case file against the schema and the taxonomy; exit 1 on any problem.

    Example: storyworld cases validate
    """
    from assistant.library import validate_library

    settings = get_settings()
    report = validate_library(settings.path(settings.cases_dir), settings.path(settings.taxonomy_path))
    for problem in report.problems:
        typer.echo(problem, err=True)
    counts = {c: sum(1 for x in report.cases if x.country == c) for c in ("CN", "KR", "other")}
    summary = f"{len(report.cases)} valid case(s): CN {counts['CN']}, KR {counts['KR']}, other {counts['other']}"
    if not report.ok:
        raise CaseLibraryError(f"{len(report.problems)} problem(s) found; {summary}")
    typer.echo(f"OK: {summary}")
