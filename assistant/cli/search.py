"""`storyworld search`: find comparable cases for a question, a logline or a whole pitch."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from assistant.errors import StoryWorldError


def search_command(
    text: str | None = typer.Argument(None, help="What to search for: a question, a logline or a pitch (any of zh/ko/en)."),
    k: int = typer.Option(5, "-k", "--k", min=1, max=50, help="How many cases to return."),
    country: str | None = typer.Option(None, "--country", help="Only CN, KR or other cases."),
    trope: list[str] = typer.Option([], "--trope", help="Only cases with this taxonomy id (repeatable)."),
    fmt: str | None = typer.Option(None, "--format", help="Only micro, web or long-form."),
    ip_origin: str | None = typer.Option(None, "--ip-origin", help="Only this IP origin (original, web-novel, webtoon, remake ...)."),
    strategy: str | None = typer.Option(None, "--strategy", help="Only horizontal, vertical, mixed or single development."),
    file: Path | None = typer.Option(None, "--file", "-f", help="Search with a whole pitch file (.txt/.md)."),
    as_json: bool = typer.Option(False, "--json", help="Print the hits as JSON."),
) -> None:
    """Search the case library; one hit per case, with why it matched.

    Examples:
      storyworld search "男主隐藏身份的契约婚姻"
      storyworld search "웹소설에서 웹툰을 거쳐 드라마가 된 작품" --country KR
      storyworld search --file examples/pitches/en-traffic.md -k 3 --json
    """
    from assistant.retrieval.search import search
    from assistant.schemas.retrieval import SearchFilters

    query = _query_text(text, file)
    filters = SearchFilters(
        country=_country(country), tropes=trope, format=fmt, ip_origin=ip_origin, development_strategy=strategy
    )
    _check_filter_values(filters)
    hits = search(query, k=k, filters=filters)
    if as_json:
        typer.echo(json.dumps([h.model_dump() for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        typer.echo("No cases match these filters.")
    for rank, hit in enumerate(hits, 1):
        typer.echo(f"{rank}. [{hit.country}] {hit.title} ({hit.case_id}) score {hit.score:.3f}")
        typer.echo(f"   why: {'; '.join(hit.why)}")
        typer.echo(f"   {hit.snippet[:160]}")


def _query_text(text: str | None, file: Path | None) -> str:
    if file is not None:
        if not file.exists():
            raise StoryWorldError(f"{file}: file not found")
        try:
            return file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise StoryWorldError(f"{file}: not UTF-8 text; save it as UTF-8") from None
    if text is None:
        raise StoryWorldError("give a query, e.g. storyworld search \"contract marriage\", or --file PITCH.md")
    return text


def _country(value: str | None) -> str | None:
    if value is None:
        return None
    upper = value.upper()
    if upper not in {"CN", "KR", "OTHER"}:
        raise StoryWorldError(f"unknown country {value!r}; use CN, KR or other")
    return "other" if upper == "OTHER" else upper


def _check_filter_values(filters) -> None:  # type: ignore[no-untyped-def]
    from typing import get_args

    from assistant.library import CaseLibrary
    from assistant.schemas.case import FormatKind, IPOriginType, StrategyType

    for value, allowed, name in ((filters.format, FormatKind, "format"), (filters.ip_origin, IPOriginType, "ip-origin"),
                                 (filters.development_strategy, StrategyType, "strategy")):
        if value is not None and value not in get_args(allowed):
            raise StoryWorldError(f"unknown {name} {value!r}; use one of: {', '.join(get_args(allowed))}")
    known = CaseLibrary.load().taxonomy.ids()
    for trope in filters.tropes:
        if trope not in known:
            raise StoryWorldError(f"unknown trope id {trope!r}; see vectorstore/taxonomy.yaml for the ids")
