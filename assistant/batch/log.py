"""Append-only JSON Lines logs that survive kill -9: every line is flushed and fsynced; a torn last line is cut on reopen."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterator


def repair(path: Path) -> int:
    """Cut a partial last line left by a crash; returns the number of bytes removed."""
    if not path.exists():
        return 0
    size = path.stat().st_size
    with path.open("rb+") as handle:
        data = handle.read()
        if not data or data.endswith(b"\n"):
            return 0
        keep = data.rfind(b"\n") + 1
        handle.truncate(keep)
        handle.flush()
        os.fsync(handle.fileno())
    return size - keep


def read(path: Path) -> Iterator[dict[str, Any]]:
    """Valid records only; a line that does not parse (it cannot happen after `repair`) is skipped, not fatal."""
    if not path.exists():
        return
    with path.open("rb") as handle:
        for line in handle:
            if line.strip():
                try:
                    yield json.loads(line)
                except (json.JSONDecodeError, UnicodeDecodeError):
                    continue


class JsonlWriter:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        repair(path)
        self._handle = path.open("ab")

    def append(self, record: dict[str, Any]) -> None:
        self.append_raw(json.dumps(record, ensure_ascii=False))

    def append_raw(self, line: str) -> None:
        """Append one already-serialised JSON object (no newline inside)."""
        self._handle.write(line.encode("utf-8") + b"\n")  # one write per record: a crash leaves at most one torn line
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()
