"""The package type-checks (mypy with the pydantic plugin, configured in pyproject.toml): contracts between stages are
pydantic models and typed functions, and this keeps them honest as the code changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_errors(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "assistant", "--cache-dir", str(tmp_path / "mypy")],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
