"""Pitch intake: every format writers use, and clear errors for what cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.pitch import MAX_CHARS, PitchError, make_pitch, read_pitch
from tests.conftest import run_cli

ZH = "第1集：林晚在婚礼上被顾言当众退婚。\n第2集：林晚回到江城老宅，发现母亲留下的账本。"


def test_reads_text_markdown_and_fountain(tmp_path: Path) -> None:
    for suffix in (".txt", ".md", ".fountain"):
        path = tmp_path / f"pitch{suffix}"
        path.write_text("# 雨夜归来\n" + ZH, encoding="utf-8")
        pitch = read_pitch(path)
        assert pitch.language == "zh" and pitch.title == "雨夜归来" and pitch.id == "pitch"


def test_reads_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("여울도 해녀회", level=1)
    document.add_paragraph("1화: 한지우가 스무 해 만에 섬에 돌아온다.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "2화"
    table.rows[0].cells[1].text = "해녀회 총회에서 서준이 보상안을 내놓는다."
    path = tmp_path / "pitch.docx"
    document.save(str(path))
    pitch = read_pitch(path)
    assert pitch.language == "ko" and "보상안" in pitch.text and "한지우" in pitch.text


@pytest.mark.parametrize("damage", ["not a zip", "no document part", "broken xml"])
def test_a_damaged_docx_is_a_clear_error(tmp_path: Path, damage: str) -> None:
    """Whatever is wrong inside the file, the writer is told to re-save it from Word, not shown a traceback."""
    import zipfile

    import docx

    good, path = tmp_path / "good.docx", tmp_path / "pitch.docx"
    document = docx.Document()
    document.add_paragraph("第1集：林晚被退婚。第2集：林晚回到江城。")
    document.save(str(good))
    if damage == "not a zip":
        path.write_bytes(b"PK but not really a zip file")
    else:
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as out:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename == "word/document.xml":
                    if damage == "no document part":
                        continue
                    data = data[: len(data) // 2]
                out.writestr(item, data)
    with pytest.raises(PitchError, match="not a readable .docx file.*re-save it from Word"):
        read_pitch(path)


def test_crlf_and_bom_are_normalised_but_words_kept() -> None:
    pitch = make_pitch("\ufeffEp 1: Mara returns to the harbour.\r\nEp 2: The union votes against her.\r\n")
    assert "\r" not in pitch.text and pitch.text.startswith("Ep 1") and pitch.language == "en"


def test_mixed_language_is_detected() -> None:
    pitch = make_pitch("第1集：林晚 returns to 江城 as the new CEO of the hotel group, and nobody recognises her.")
    assert pitch.mixed and pitch.language in {"zh", "en"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        ("短".encode(), "at least a logline"),
        ("爽".encode() * (MAX_CHARS + 10), "the limit is"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("第1集：林晚回到江城。".encode("gbk") + b"\xff\xfe\xfa", "not UTF-8"),
    ],
)
def test_bad_input_gets_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "pitch.txt"
    path.write_bytes(content)
    with pytest.raises(PitchError, match=message):
        read_pitch(path)


def test_unsupported_type_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "pitch.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(PitchError, match="unsupported file type"):
        read_pitch(tmp_path / "pitch.pdf")
    with pytest.raises(PitchError, match="file not found"):
        read_pitch(tmp_path / "nope.md")


def test_cli_reports_bad_pitch_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_text("   \n", encoding="utf-8")
    result = run_cli("critique", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr and "is empty" in result.stderr
