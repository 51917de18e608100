"""Pitch intake: read what writers actually have (.txt, .md, .fountain, .docx, stdin), check it, detect its language.

Text is kept as written (only line endings, a BOM and trailing spaces are normalised) so that every evidence
quote the critique makes is a verbatim substring of what the writer gave.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from pathlib import Path

from assistant.errors import StoryWorldError
from assistant.schemas.pitch import Pitch
from assistant.text.lang import detect_language, language_mix

MIN_CHARS = 20
MAX_CHARS = 30_000
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".fountain", ""}


class PitchError(StoryWorldError):
    """The pitch cannot be read or is outside the limits."""


def normalise(text: str) -> str:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def check_text(text: str, where: str = "pitch") -> str:
    """Limits with messages that say what to change."""
    if "\x00" in text or sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t") > max(5, len(text) // 100):
        raise PitchError(f"{where}: looks like binary data, not text; paste or save the pitch as plain text (UTF-8)")
    text = normalise(text)
    letters = sum(1 for ch in text if ch.isalnum())
    if letters == 0:
        raise PitchError(f"{where}: is empty; write at least a logline ({MIN_CHARS}+ characters)")
    if len(text) < MIN_CHARS:
        raise PitchError(f"{where}: is {len(text)} characters; write at least a logline ({MIN_CHARS}+ characters)")
    if len(text) > MAX_CHARS:
        raise PitchError(f"{where}: is {len(text):,} characters; the limit is {MAX_CHARS:,} — critique one part (a season or 10-20 episodes) at a time")
    return text


def _decode(data: bytes, where: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Word's "Unicode text" export
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise PitchError(f"{where}: looks like binary data, not text; save the pitch as .txt, .md or .docx")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PitchError(f"{where}: is not UTF-8 text (byte {exc.start}); re-save it as UTF-8 (GBK and EUC-KR files need converting)") from None


def _read_docx(path: Path) -> str:
    import zipfile

    import docx
    from docx.opc.exceptions import OpcError
    from lxml.etree import LxmlError

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OpcError, LxmlError) as exc:  # not a zip; a zip without Word's parts; broken XML
        raise PitchError(f"{path}: not a readable .docx file ({type(exc).__name__}); re-save it from Word as .docx") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines)


def _title_from(text: str, fallback: str) -> str:
    first = text.strip().split("\n", 1)[0].strip()
    heading = re.match(r"^#+\s*(.+)$", first) or re.match(r"^(?:Title|标题|剧名|제목)\s*[:：]\s*(.+)$", first, re.IGNORECASE)
    if heading:
        return heading.group(1).strip()[:120]
    return fallback


def make_pitch(text: str, pitch_id: str | None = None, title: str | None = None, source: str = "text", lang: str | None = None) -> Pitch:
    """Build a checked Pitch from text; the id defaults to a content hash so re-runs are stable."""
    text = check_text(text, source)
    detected = detect_language(text)
    if lang not in (None, "auto") and lang not in ("zh", "ko", "en"):
        raise PitchError(f"unknown language {lang!r}; use auto, zh, ko or en")
    return Pitch(
        id=pitch_id or "p-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12],
        title=title or _title_from(text, text.strip().split("\n", 1)[0][:40]),
        text=text,
        language=detected if lang in (None, "auto") else lang,  # type: ignore[arg-type]
        language_mix=language_mix(text),
        source=source,
    )


def read_pitch(source: str | Path, lang: str | None = None) -> Pitch:
    """Read a pitch from a file path or '-' (stdin)."""
    if str(source) == "-":
        data = sys.stdin.buffer.read()
        return make_pitch(_decode(data, "stdin"), source="stdin", lang=lang)
    path = Path(source)
    if not path.exists():
        raise PitchError(f"{path}: file not found")
    if path.is_dir():
        raise PitchError(f"{path}: is a folder; give one pitch file (use `storyworld batch` for folders)")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        text = _read_docx(path)
    elif suffix in TEXT_SUFFIXES:
        if path.stat().st_size > MAX_CHARS * 4 + 1024:
            raise PitchError(f"{path}: is {path.stat().st_size:,} bytes; the limit is {MAX_CHARS:,} characters — critique one part at a time")
        text = _decode(path.read_bytes(), str(path))
    else:
        raise PitchError(f"{path}: unsupported file type {suffix!r}; use .txt, .md, .fountain or .docx")
    return make_pitch(text, pitch_id=path.stem, title=_title_from(text, path.stem), source=str(path), lang=lang)
