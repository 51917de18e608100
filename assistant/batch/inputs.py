"""Batch inputs: a folder of files, a CSV or XLSX sheet, or JSON Lines — each row checked, bad rows reported, none fatal."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from assistant.errors import StoryWorldError
from assistant.pitch import PitchError, TEXT_SUFFIXES, _decode, _read_docx, _title_from, check_text

REQUIRED_COLUMNS = ("id", "text")


@dataclass(frozen=True)
class BatchItem:
    id: str
    title: str
    text: str
    where: str  # "row 7", "file a.md": for error messages

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class BadItem:
    id: str
    where: str
    reason: str


class BatchInputError(StoryWorldError):
    """The batch input as a whole cannot be read (missing file, missing column, unknown format)."""


def _item(raw_id: object, title: object, text: object, where: str) -> BatchItem | BadItem:
    pitch_id = str(raw_id).strip() if raw_id not in (None, "") else ""
    if not pitch_id:
        return BadItem(id=f"({where})", where=where, reason="missing id")
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    try:
        clean = check_text(text, where)
    except PitchError as exc:
        return BadItem(id=pitch_id, where=where, reason=str(exc))
    return BatchItem(id=pitch_id, title=str(title or "").strip() or _title_from(clean, pitch_id), text=clean, where=where)


def _check_columns(header: list[str], source: Path) -> dict[str, int]:
    names = {str(h).strip().lower(): i for i, h in enumerate(header) if h is not None}
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise BatchInputError(f"{source}: missing column(s) {', '.join(missing)}; the sheet needs id, title (optional) and text; found: {', '.join(map(str, header))}")
    return names


def read_csv(path: Path) -> Iterator[BatchItem | BadItem]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BatchInputError(f"{path}: not UTF-8 (byte {exc.start}); export the sheet as 'CSV UTF-8'") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise BatchInputError(f"{path}: empty file; expected a header row with id, title, text")
    cols = _check_columns(header, path)
    for n, row in enumerate(reader, start=2):
        get = lambda c: row[cols[c]] if c in cols and cols[c] < len(row) else None  # noqa: E731
        if not any(cell.strip() for cell in row):
            continue
        yield _item(get("id"), get("title"), get("text"), f"row {n}")


def read_xlsx(path: Path) -> Iterator[BatchItem | BadItem]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise BatchInputError(f"{path}: not a readable .xlsx file ({type(exc).__name__}); re-save it from Excel") from None
    try:
        rows = workbook.active.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise BatchInputError(f"{path}: empty sheet; expected a header row with id, title, text")
        cols = _check_columns(list(header), path)
        for n, row in enumerate(rows, start=2):
            if not any(cell not in (None, "") for cell in row):
                continue
            get = lambda c: row[cols[c]] if c in cols and cols[c] < len(row) else None  # noqa: E731
            yield _item(get("id"), get("title"), get("text"), f"row {n}")
    finally:
        workbook.close()


def read_jsonl(path: Path) -> Iterator[BatchItem | BadItem]:
    for n, line in enumerate(path.read_bytes().split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield BadItem(id=f"(line {n})", where=f"line {n}", reason=f"not a JSON object in UTF-8 ({type(exc).__name__})")
            continue
        if not isinstance(row, dict):
            yield BadItem(id=f"(line {n})", where=f"line {n}", reason="expected a JSON object with id, title, text")
            continue
        yield _item(row.get("id"), row.get("title"), row.get("text"), f"line {n}")


def read_folder(path: Path) -> Iterator[BatchItem | BadItem]:
    files = sorted(p for p in path.iterdir() if p.is_file() and (p.suffix.lower() in TEXT_SUFFIXES | {".docx"}) and not p.name.startswith("."))
    if not files:
        raise BatchInputError(f"{path}: no .txt, .md, .fountain or .docx files in this folder")
    for file in files:
        where = f"file {file.name}"
        try:
            text = _read_docx(file) if file.suffix.lower() == ".docx" else _decode(file.read_bytes(), where)
        except PitchError as exc:
            yield BadItem(id=file.stem, where=where, reason=str(exc))
            continue
        yield _item(file.stem, None, text, where)


def read_items(source: Path) -> Iterator[BatchItem | BadItem]:
    """Items in input order; duplicate ids after the first are reported as bad items, never merged."""
    if not source.exists():
        raise BatchInputError(f"{source}: not found")
    suffix = source.suffix.lower()
    if source.is_dir():
        rows = read_folder(source)
    elif suffix == ".csv":
        rows = read_csv(source)
    elif suffix == ".xlsx":
        rows = read_xlsx(source)
    elif suffix in (".jsonl", ".ndjson"):
        rows = read_jsonl(source)
    else:
        raise BatchInputError(f"{source}: unsupported input {suffix!r}; use a folder, .csv, .xlsx or .jsonl")
    seen: dict[str, str] = {}
    for row in rows:
        if isinstance(row, BatchItem):
            if row.id in seen:
                yield BadItem(id=row.id, where=row.where, reason=f"duplicate id {row.id!r} (first seen at {seen[row.id]}); give each pitch its own id")
                continue
            seen[row.id] = row.where
        yield row
