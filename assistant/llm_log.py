"""A log of every model call in SQLite (what ran, on which model, how long, whether it worked), never the key.

Writers and editors who pay per token want to see what the tool sent; maintainers want latencies and failure rates.
Schema changes go through the ordered MIGRATIONS list, applied once each.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from assistant.settings import Settings, get_settings

MIGRATIONS = [
    """CREATE TABLE calls (id INTEGER PRIMARY KEY, ts TEXT NOT NULL, kind TEXT NOT NULL, model TEXT, endpoint TEXT,
       duration_ms INTEGER, ok INTEGER NOT NULL, error TEXT, prompt_chars INTEGER, response_chars INTEGER)""",
    "CREATE INDEX calls_ts ON calls (ts)",
]
_LOCK = threading.Lock()


def log_path(settings: Settings) -> Path:
    return settings.path(settings.cache_dir) / "llm_calls.sqlite"


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), timeout=10, check_same_thread=False)  # shared by threads, under _LOCK
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (n INTEGER PRIMARY KEY)")
    done = {row[0] for row in db.execute("SELECT n FROM _migrations")}
    for n, statement in enumerate(MIGRATIONS):
        if n not in done:
            db.execute(statement)
            db.execute("INSERT INTO _migrations (n) VALUES (?)", (n,))
    db.commit()
    return db


def _endpoint(url: str | None) -> str:
    """Host only: a base URL may carry credentials or tokens in its path or query."""
    if not url:
        return "api.openai.com"
    from urllib.parse import urlparse

    return urlparse(url).hostname or "?"


_OPEN: dict[Path, sqlite3.Connection] = {}


def _shared(path: Path) -> sqlite3.Connection:
    """One connection per log file and process, in WAL mode without a sync per row: a batch on a model logs hundreds of
    calls from many threads, and opening, migrating and fsyncing for each one serialised them behind this lock."""
    if path not in _OPEN:
        db = _connect(path)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        _OPEN[path] = db
    return _OPEN[path]


def record(kind: str, started: float, ok: bool, settings: Settings | None = None, model: str | None = None, error: str | None = None,
           prompt_chars: int = 0, response_chars: int = 0) -> None:
    settings = settings or get_settings()
    row = (time.strftime("%Y-%m-%dT%H:%M:%S"), kind, model or settings.model, _endpoint(settings.openai_base_url),
           int((time.perf_counter() - started) * 1000), int(ok), (error or "")[:300] or None, prompt_chars, response_chars)
    with _LOCK:
        try:
            db = _shared(log_path(settings))
            db.execute("INSERT INTO calls (ts, kind, model, endpoint, duration_ms, ok, error, prompt_chars, response_chars) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
            db.commit()
        except sqlite3.Error:
            pass  # a log that cannot be written must never break a critique


def recent(settings: Settings | None = None, limit: int = 20) -> list[dict[str, Any]]:
    settings = settings or get_settings()
    path = log_path(settings)
    if not path.exists():
        return []
    db = _connect(path)
    db.row_factory = sqlite3.Row
    rows = [dict(r) for r in db.execute("SELECT * FROM calls ORDER BY id DESC LIMIT ?", (limit,))]
    db.close()
    return rows


def langchain_logger(kind: str, settings: Settings | None = None):  # type: ignore[no-untyped-def]
    """A LangChain callback that records every chat-model call an agent makes (one row per model turn)."""
    from langchain_core.callbacks import BaseCallbackHandler

    class _Logger(BaseCallbackHandler):
        def __init__(self) -> None:
            self.started: dict[Any, tuple[float, int]] = {}

        def on_chat_model_start(self, serialized, messages, *, run_id, **kwargs) -> None:  # type: ignore[no-untyped-def]
            chars = sum(len(str(getattr(m, "content", ""))) for batch in messages for m in batch)
            self.started[run_id] = (time.perf_counter(), chars)

        def on_llm_end(self, response, *, run_id, **kwargs) -> None:  # type: ignore[no-untyped-def]
            started, chars = self.started.pop(run_id, (time.perf_counter(), 0))
            text = sum(len(getattr(g, "text", "") or "") for gens in response.generations for g in gens)
            record(kind, started, True, settings, prompt_chars=chars, response_chars=text)

        def on_llm_error(self, error, *, run_id, **kwargs) -> None:  # type: ignore[no-untyped-def]
            started, chars = self.started.pop(run_id, (time.perf_counter(), 0))
            record(kind, started, False, settings, error=f"{type(error).__name__}: {error}", prompt_chars=chars)

    return _Logger()
