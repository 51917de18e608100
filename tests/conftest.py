"""Shared fixtures: the real case library, and isolated copies of it for tests that break things."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT.parent / "shared" / "research" / "cases_facts.jsonl"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may pick up a developer's key or server: offline unless a test says otherwise."""
    for name in list(os.environ):
        if name.startswith(("STORYWORLD_", "OPENAI_")):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def library():  # type: ignore[no-untyped-def]
    from assistant.library import CaseLibrary

    return CaseLibrary.load()


@pytest.fixture(scope="session")
def facts() -> dict[str, dict]:
    if not FACTS.exists():
        pytest.skip(f"facts file not found at {FACTS}")
    return {row["id"]: row for row in map(json.loads, FACTS.read_text(encoding="utf-8").splitlines()) if row}


@pytest.fixture
def library_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the case library, used through STORYWORLD_HOME."""
    shutil.copytree(ROOT / "vectorstore" / "cases", tmp_path / "vectorstore" / "cases")
    shutil.copy(ROOT / "vectorstore" / "taxonomy.yaml", tmp_path / "vectorstore" / "taxonomy.yaml")
    monkeypatch.setenv("STORYWORLD_HOME", str(tmp_path))
    return tmp_path


def run_cli(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed CLI in a subprocess, exactly as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli.main", *args], capture_output=True, text=True, env=full_env, input=input, cwd=ROOT, timeout=300
    )


@pytest.fixture(scope="session")
def fake_llm_url():  # type: ignore[no-untyped-def]
    """The scripted OpenAI-compatible server, on a free loopback port for the whole session."""
    import threading
    import time

    import uvicorn

    from tests.fake_openai import app

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)


@pytest.fixture
def script(fake_llm_url):  # type: ignore[no-untyped-def]
    import httpx

    return lambda *steps: httpx.post(f"{fake_llm_url}/_script", json=list(steps)).raise_for_status()


@pytest.fixture(scope="session")
def index_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with a copy of the library and a built index, shared by the retrieval tests."""
    from assistant.retrieval.index import build_index
    from assistant.settings import Settings

    home = tmp_path_factory.mktemp("home")
    shutil.copytree(ROOT / "vectorstore" / "cases", home / "vectorstore" / "cases")
    shutil.copy(ROOT / "vectorstore" / "taxonomy.yaml", home / "vectorstore" / "taxonomy.yaml")
    build_index(Settings(home=home, cache_dir=ROOT / ".cache"))
    return home


@pytest.fixture(scope="session")
def searcher(index_home: Path):  # type: ignore[no-untyped-def]
    from assistant.retrieval.search import Searcher
    from assistant.settings import Settings

    return Searcher.open(Settings(home=index_home, cache_dir=ROOT / ".cache"))
