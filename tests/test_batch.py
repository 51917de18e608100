"""Batch critique: every input format, malformed input reported not fatal, and a SIGKILL mid-run that loses nothing."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.batch.inputs import BadItem, BatchInputError, BatchItem, read_items
from assistant.batch.report import write_reports
from assistant.batch.runner import BatchOptions, run_batch

ROOT = Path(__file__).resolve().parent.parent
LABELLED = [json.loads(line) for line in (ROOT / "evals" / "datasets" / "pitches.jsonl").read_text(encoding="utf-8").splitlines()]


def _rows(n: int) -> list[dict]:
    return [{"id": f"p{i:04d}", "title": LABELLED[i % len(LABELLED)]["title"], "text": LABELLED[i % len(LABELLED)]["text"] + f"\n(v{i})"}
            for i in range(n)]


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_csv_xlsx_jsonl_and_folder_inputs(tmp_path: Path) -> None:
    import openpyxl

    rows = _rows(3)
    with (tmp_path / "in.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "title", "text"])
        writer.writeheader()
        writer.writerows(rows)
    book = openpyxl.Workbook()
    book.active.append(["ID", "Title", "Text"])
    for r in rows:
        book.active.append([r["id"], r["title"], r["text"]])
    book.save(str(tmp_path / "in.xlsx"))
    _jsonl(tmp_path / "in.jsonl", rows)
    folder = tmp_path / "folder"
    folder.mkdir()
    for r in rows:
        (folder / f"{r['id']}.md").write_text(r["text"], encoding="utf-8")
    for source in ("in.csv", "in.xlsx", "in.jsonl", "folder"):
        items = list(read_items(tmp_path / source))
        assert [i.id for i in items] == [r["id"] for r in rows], source
        assert all(isinstance(i, BatchItem) and i.text.startswith(r["text"][:10]) for i, r in zip(items, rows))


def test_missing_column_and_unknown_format_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text("id,title,body\n1,a,b\n", encoding="utf-8")
    with pytest.raises(BatchInputError, match=r"missing column\(s\) text"):
        list(read_items(tmp_path / "bad.csv"))
    (tmp_path / "in.pdf").write_bytes(b"%PDF")
    with pytest.raises(BatchInputError, match="unsupported input"):
        list(read_items(tmp_path / "in.pdf"))


def test_bad_rows_are_reported_not_fatal(tmp_path: Path) -> None:
    good = _rows(2)
    lines = [json.dumps(good[0], ensure_ascii=False), '{"id": "empty", "text": "   "}', "{not json",
             json.dumps({**good[1], "id": good[0]["id"]}, ensure_ascii=False), json.dumps({"id": "huge", "text": "爽" * 40_000}, ensure_ascii=False)]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "gbk.txt").write_bytes("第1集：林晚被退婚。".encode("gbk") + b"\xff")
    items = list(read_items(tmp_path / "in.jsonl")) + list(read_items(tmp_path / "folder"))
    bad = {i.id: i.reason for i in items if isinstance(i, BadItem)}
    assert "is empty" in bad["empty"] and "the limit is" in bad["huge"] and "not UTF-8" in bad["gbk"]
    assert "duplicate id" in bad[good[0]["id"]] and any("not a JSON object" in r for r in bad.values())
    summary = run_batch(tmp_path / "in.jsonl", tmp_path / "out", BatchOptions(workers=1))
    assert summary.done == 1 and summary.bad_input == 4
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {e["stage"] for e in errors} == {"input"} and len(errors) == 4
    again = run_batch(tmp_path / "in.jsonl", tmp_path / "out", BatchOptions(workers=1))
    assert again.skipped == 1 and again.done == 0
    assert len((tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8").splitlines()) == 4  # not duplicated


def test_reports_are_rendered_from_the_log(tmp_path: Path) -> None:
    run_batch(_jsonl(tmp_path / "in.jsonl", _rows(4)), tmp_path / "out", BatchOptions(workers=1))
    paths = write_reports(tmp_path / "out", sort_by="world_depth")
    html = paths["html"].read_text(encoding="utf-8")
    assert 'id="scatter"' in html and 'id="tropes"' in html and html.count("<tr data-logic") == 4
    assert len(list((tmp_path / "out" / "critiques").glob("*.html"))) == 4
    with paths["csv"].open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    depths = [float(r["world_depth"]) for r in rows]
    assert depths == sorted(depths, reverse=True)


def test_report_speaks_the_slate_language(tmp_path: Path) -> None:
    """A Chinese slate gets a Chinese report (headings, logic words, trope labels); the filters keep the raw values."""
    pitches = tmp_path / "slate"
    pitches.mkdir()
    for name in ("zh-traffic", "zh-content", "zh-balanced", "ko-traffic"):
        (pitches / f"{name}.md").write_text((ROOT / "examples" / "pitches" / f"{name}.md").read_text(encoding="utf-8"), encoding="utf-8")
    run_batch(pitches, tmp_path / "out", BatchOptions(workers=1))
    paths = write_reports(tmp_path / "out")
    html = paths["html"].read_text(encoding="utf-8")
    assert '<html lang="zh">' in html and "批量诊断报告" in html and "按 爽点堆叠 排序" in html
    assert '>流量逻辑</td>' in html and '<option value="traffic">流量逻辑</option>' in html and 'data-logic="traffic"' in html
    assert ">打脸<title>face-slap</title>" in html  # the trope chart's label, the id kept as its tooltip
    # The workbook is for people (Chinese sheet, headers and calls); the CSV keeps ids and values for scripts.
    import openpyxl

    book = openpyxl.load_workbook(paths["xlsx"])
    assert book.sheetnames == ["汇总", "出错"]
    table = list(book["汇总"].iter_rows(values_only=True))
    assert table[0][:4] == ("编号", "标题", "语言", "叙事逻辑") and len(table) == 5
    assert {row[3] for row in table[1:]} <= {"流量逻辑", "内容逻辑", "平衡型"} and "流量逻辑" in {row[3] for row in table[1:]}
    with paths["csv"].open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["logic"] for r in rows} <= {"traffic", "content", "balanced"} and "stacking_index" in rows[0]


def test_sigkill_mid_run_then_resume_gives_exactly_one_result_each(tmp_path: Path) -> None:
    source = _jsonl(tmp_path / "in.jsonl", _rows(200))
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "assistant.cli.main", "batch", str(source), "--out", str(out), "--backend", "offline"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    results = out / "results.jsonl"
    deadline = time.time() + 240
    while time.time() < deadline:
        if results.exists() and results.read_bytes().count(b"\n") >= 40:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the driver and its workers, mid-write if unlucky
    proc.wait(30)
    before = results.read_bytes().count(b"\n")
    assert 40 <= before < 200, before
    resumed = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    lines = results.read_bytes().split(b"\n")
    assert lines[-1] == b""
    records = [json.loads(line) for line in lines[:-1]]  # every line parses: nothing torn, nothing corrupt
    ids = [r["id"] for r in records]
    assert len(ids) == 200 and len(set(ids)) == 200
    assert all(r["status"] == "ok" and r["critique"]["pitch_id"] == r["id"] for r in records)
    assert "already done" in resumed.stderr


def test_forked_workers_give_the_same_critiques_as_one_process(tmp_path: Path) -> None:
    """A new process forks its workers after warming up (see runner._process_pool); they must answer exactly as an
    unforked run does."""
    source = _jsonl(tmp_path / "in.jsonl", _rows(12))
    script = ("import sys; from pathlib import Path; from assistant.batch import runner\n"
              "assert runner._can_fork(), 'a new process should be able to fork'\n"
              "s = runner.run_batch(Path(sys.argv[1]), Path(sys.argv[2]), runner.BatchOptions(backend='offline', workers=2))\n"
              "assert s.done == 12 and s.failed == 0, s\n")
    forked = subprocess.run([sys.executable, "-c", script, str(source), str(tmp_path / "forked")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert forked.returncode == 0, forked.stderr
    run_batch(source, tmp_path / "single", BatchOptions(backend="offline", workers=1))

    def read(folder: str) -> dict[str, dict]:
        rows = [json.loads(x) for x in (tmp_path / folder / "results.jsonl").read_text(encoding="utf-8").splitlines()]
        return {r["id"]: r["critique"] for r in rows}

    forked_results, single = read("forked"), read("single")
    assert forked_results.keys() == single.keys() and len(single) == 12
    for pid, critique in single.items():
        other = forked_results[pid]
        assert other["analysis"] == critique["analysis"], pid
        assert other["diagnosis"] == critique["diagnosis"], pid
        assert [c["case_id"] for c in other["comparable_cases"]] == [c["case_id"] for c in critique["comparable_cases"]], pid


def test_no_fork_while_another_thread_runs() -> None:
    import threading

    from assistant.batch.runner import _can_fork

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not _can_fork()
    finally:
        stop.set()
        thread.join()


def test_a_critique_leaves_batch_workers_free_to_fork(index_home: Path) -> None:
    """An offline critique must not import chromadb: a process that has (the UI, a benchmark after its warm-up, a
    second batch) spawns its batch workers cold instead of forking them warm, which made the model batch 3.6 x slower
    than its ideal where forking gives 1.7 x. Run in a fresh interpreter, as the CLI would."""
    code = ("import sys; from assistant.critique.service import critique_pitch; from assistant.pitch import make_pitch; "
            "critique_pitch(make_pitch('第1集：林晚被退婚。第2集：林晚回到江城，遇见顾言。'), backend='offline'); "
            "from assistant.batch.runner import _can_fork; print('chromadb' in sys.modules, _can_fork())")
    env = {**os.environ, "STORYWORLD_HOME": str(index_home), "STORYWORLD_CACHE_DIR": str(ROOT / ".cache")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["False", "True"], out.stdout


def test_resume_key_follows_the_pipeline_not_only_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Resuming after an analysis upgrade (here: an edited taxonomy) must critique again, not keep the older results;
    on a model, an edited prompt does the same."""
    import shutil

    from assistant.batch.runner import BatchOptions, fingerprint

    root = Path(__file__).resolve().parent.parent
    taxonomy, prompts = tmp_path / "taxonomy.yaml", tmp_path / "prompts"
    shutil.copy(root / "vectorstore" / "taxonomy.yaml", taxonomy)
    shutil.copytree(root / "prompts", prompts)
    monkeypatch.setenv("STORYWORLD_TAXONOMY_PATH", str(taxonomy))
    monkeypatch.setenv("STORYWORLD_PROMPTS_DIR", str(prompts))
    offline, online = BatchOptions(backend="offline"), BatchOptions(backend="openai", model="m")
    before = fingerprint(offline), fingerprint(online)
    assert (fingerprint(offline), fingerprint(online)) == before
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert fingerprint(offline) != before[0] and fingerprint(online) != before[1]
    after_taxonomy = fingerprint(offline), fingerprint(online)
    prompt = sorted(prompts.glob("*.yaml"))[0]
    prompt.write_text(prompt.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert fingerprint(offline) == after_taxonomy[0] and fingerprint(online) != after_taxonomy[1]
