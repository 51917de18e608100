"""Docs stay in step with the code: every setting is in the README, every command's help shows an example."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import Settings
from tests.conftest import run_cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented(name: str) -> None:
    variable = {"openai_api_key": "OPENAI_API_KEY", "openai_base_url": "OPENAI_BASE_URL"}.get(name, f"STORYWORLD_{name.upper()}")
    assert f"`{variable}`" in README


@pytest.mark.parametrize("command", [["critique"], ["expand"], ["search"], ["batch"], ["ui"], ["eval", "run"], ["eval", "analysis"],
                                     ["eval", "retrieval"], ["eval", "calibrate"], ["cases", "list"], ["index", "build"], ["logs"]])
def test_help_has_an_example_and_the_readme_mentions_the_command(command: list[str]) -> None:
    result = run_cli(*command, "--help")
    assert result.returncode == 0 and "storyworld " + " ".join(command) in result.stdout.replace("\n", " ")
    assert "storyworld " + " ".join(command) in README
