"""Files in our own cache folder: written whole or not at all, so a reader never sees half a file."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a per-process temporary file, then rename it into place; a read-only cache folder only costs speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass


def pipeline_fingerprint() -> str:
    """A hash of everything an offline critique is computed from: the analysis, critique, retrieval and text code with
    their data files (cues, prototypes, moves, the fitted logic model), the taxonomy and the case library. A cached
    critique is only reused under the same fingerprint, so an upgraded analysis is never scored from stale results."""
    from assistant.settings import get_settings

    settings = get_settings()
    package = Path(__file__).resolve().parent
    files = [p for folder in ("analysis", "critique", "retrieval", "text") for p in sorted((package / folder).rglob("*"))
             if p.suffix in (".py", ".yaml", ".json")]
    files += [settings.path(settings.taxonomy_path), *sorted(settings.path(settings.cases_dir).glob("*.yaml"))]
    return files_digest(files)


def files_digest(files: list[Path]) -> str:
    """A hash of these files' names and contents (a missing one counts as missing, not as an error)."""
    import hashlib

    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()[:16]
