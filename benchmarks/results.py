"""Where benchmark numbers are kept: benchmarks/results/<name>.json, merged so a partial run keeps the other numbers."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def save(name: str, results: dict) -> Path:  # type: ignore[type-arg]
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    path.write_text(json.dumps({**previous, **results}, indent=2), encoding="utf-8")
    return path
