"""The CLI as a user meets it: help, config, listing and one-line errors."""

from __future__ import annotations

import re

from pathlib import Path

from tests.conftest import run_cli


def test_help_lists_commands() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert "cases" in result.stdout and "config" in result.stdout


def test_config_masks_the_key_and_picks_openai_when_key_set() -> None:
    result = run_cli("config", "--json", env={"OPENAI_API_KEY": "sk-secret-value-123456"})
    assert result.returncode == 0
    assert "sk-secret" not in result.stdout and "123456" not in result.stdout
    assert '"effective_backend": "openai"' in result.stdout


def test_config_defaults_to_offline_and_backend_override_wins() -> None:
    assert '"effective_backend": "offline"' in run_cli("config", "--json").stdout
    forced = run_cli("config", "--json", env={"OPENAI_API_KEY": "sk-x", "STORYWORLD_BACKEND": "offline"})
    assert '"effective_backend": "offline"' in forced.stdout


def test_cases_list_filters_by_country_and_trope(library) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("cases", "list", "--country", "KR", "--trope", "web-novel", "--json")
    assert result.returncode == 0
    import json

    rows = [json.loads(line) for line in result.stdout.splitlines()]
    expected = {c.id for c in library.cases if c.country == "KR" and "web-novel" in c.all_tropes()}
    assert rows and {r["id"] for r in rows} == expected
    assert all(r["country"] == "KR" for r in rows)


def test_cases_show_prints_premise_in_requested_language() -> None:
    result = run_cli("cases", "show", "kr-marry-my-husband", "--lang", "zh")
    assert result.returncode == 0
    assert "十年前" in result.stdout
    korean = run_cli("cases", "show", "kr-lovely-runner", "--lang", "ko").stdout  # dimension values and trope labels too
    assert "웹소설 → 웹툰 → 드라마" in korean and "수직적 스토리 유니버스" in korean and "회귀" in korean
    assert not {"web-novel", "content-centric", "rebirth", "time-travel"} & set(re.findall(r"[a-z]+(?:-[a-z]+)+|[a-z]+", korean))


def _assert_one_line_error(result, needle: str) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert needle in result.stderr
    assert len([line for line in result.stderr.splitlines() if line.startswith("Error")]) == 1


def test_unknown_ids_give_one_line_errors() -> None:
    _assert_one_line_error(run_cli("cases", "show", "kr-nope"), "unknown case id 'kr-nope'")
    _assert_one_line_error(run_cli("cases", "list", "--trope", "nope"), "unknown trope id 'nope'")
    _assert_one_line_error(run_cli("cases", "list", "--country", "JP"), "unknown country 'JP'")
    _assert_one_line_error(run_cli("cases", "show", "kr-marry-my-husband", "--lang", "fr"), "unknown language 'fr'")


def test_validate_reports_a_malformed_case_file(library_copy: Path) -> None:
    (library_copy / "vectorstore" / "cases" / "kr-broken.yaml").write_text("id: [oops\n", encoding="utf-8")
    result = run_cli("cases", "validate")
    assert result.returncode == 1
    assert "kr-broken.yaml line" in result.stderr and "Traceback" not in result.stderr


def test_missing_taxonomy_is_a_clear_error(library_copy: Path) -> None:
    (library_copy / "vectorstore" / "taxonomy.yaml").unlink()
    _assert_one_line_error(run_cli("cases", "list"), "taxonomy.yaml: file not found")
