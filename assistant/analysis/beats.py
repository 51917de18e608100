"""Split a pitch into beats: episodes when it marks them (第3集, 3화, Ep 3, numbered lines), else paragraphs, else sentences."""

from __future__ import annotations

import re

from assistant.schemas.analysis import Beat

_NUM = r"[0-9０-９一二三四五六七八九十百两]+"
EPISODE_MARK = re.compile(
    rf"^[ \t>*#\-]*(?:\*\*)?(?P<label>第\s*{_NUM}\s*(?:[-–~至到]\s*{_NUM}\s*)?[集话話幕章回]|제?\s*\d+\s*(?:[-–~]\s*\d+\s*)?[화회부]|"
    rf"(?:ep(?:isode)?|e)\.?\s*\d+(?:\s*[-–~]\s*\d+)?|\d{{1,3}}\s*[.)、．:：](?=\s*\S)|beat\s*\d+)(?:\*\*)?",
    re.IGNORECASE | re.MULTILINE,
)
SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=[.;])\s+|(?<=다\.)|\n")


def _span_beats(text: str, cuts: list[tuple[int, str]]) -> list[Beat]:
    beats: list[Beat] = []
    bounds = cuts + [(len(text), "")]
    for i, ((start, label), (end, _)) in enumerate(zip(bounds, bounds[1:])):
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        offset = start + chunk.index(stripped)
        beats.append(Beat(index=len(beats), label=label, text=stripped, start=offset, end=offset + len(stripped)))
    return beats


def split_beats(text: str) -> list[Beat]:
    """Beats with offsets into `text`; the preamble before the first episode marker is beat 0 ('premise')."""
    marks = [(m.start(), re.sub(r"[*#>\s\-]+", "", m.group("label"))) for m in EPISODE_MARK.finditer(text)]
    if len(marks) >= 2:
        cuts = ([(0, "premise")] if marks[0][0] > 0 else []) + marks
        return _span_beats(text, cuts)
    paragraphs = [m.start() for m in re.finditer(r"(?:^|\n\s*\n)\s*(?=\S)", text)]
    if len(paragraphs) >= 3:
        return _span_beats(text, [(p, f"¶{i + 1}") for i, p in enumerate(paragraphs)])
    return _sentence_beats(text)


def _sentence_beats(text: str, per_beat: int = 2) -> list[Beat]:
    starts = [0] + [m.end() for m in SENTENCE_END.finditer(text) if 0 < m.end() < len(text)]
    starts = sorted(set(s for s in starts if text[s:].strip()))
    grouped = starts[::per_beat]
    return _span_beats(text, [(s, f"§{i + 1}") for i, s in enumerate(grouped)])


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the pitch's sentences (and lines), stripped, without fragments of three characters or fewer."""
    spans, start = [], 0
    for cut in [m.end() for m in SENTENCE_END.finditer(text)] + [len(text)]:
        chunk = text[start:cut]
        stripped = chunk.strip()
        if len(stripped) > 3:
            offset = start + chunk.index(stripped)
            spans.append((offset, offset + len(stripped)))
        start = max(start, cut)
    return spans
