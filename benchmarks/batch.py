"""Batch benchmark.

1. Offline throughput: 1,000 pitches of about 1,500 characters on this machine (target ≥ 20 pitches/s).
2. Model concurrency: the local OpenAI-compatible test server answers each request after 200 ms; 320 pitches with
   --concurrency 16 should finish within 1.3 × the ideal 320 / 16 × 0.2 s = 4 s. Measured in a warmed-up process (the
   ideal has no start-up either); a cold `storyworld batch` process, start-up included, is timed beside it.
`python -m benchmarks.batch [--offline N] [--model N]`; writes benchmarks/results/batch.json.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import socket
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.results import save

ROOT = Path(__file__).resolve().parent.parent


def _pitches(n: int, chars: int) -> list[dict]:
    rows = []
    for path in ("pitches.jsonl", "pitches_b.jsonl"):
        rows += [json.loads(x) for x in (ROOT / "evals" / "datasets" / path).read_text(encoding="utf-8").splitlines() if x.strip()]
    out = []
    for i in range(n):
        base = rows[i % len(rows)]["text"]
        text = (base + "\n") * (chars // len(base) + 1)
        out.append({"id": f"b{i:05d}", "title": rows[i % len(rows)]["title"], "text": text[:chars] + f" #{i}"})
    return out


def _write(rows: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def offline(n: int, tmp: Path) -> dict:
    from assistant.batch.runner import BatchOptions, run_batch

    source = _write(_pitches(n, 1500), tmp / "offline.jsonl")
    summary = run_batch(source, tmp / "offline-out", BatchOptions(backend="offline"))
    return {"pitches": n, "chars": 1500, "seconds": round(summary.seconds, 1), "pitches_per_s": round(summary.done / summary.seconds, 1), "failed": summary.failed}


def _serve() -> tuple[subprocess.Popen, str]:
    """The test server in its own process, as a real endpoint would be: it must not share this process's GIL."""
    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "tests.fake_openai:app", "--host", "127.0.0.1", "--port", str(port),
                             "--log-level", "warning"], cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(f"{url}/_requests", timeout=1)
            return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the test server did not start")


def _warm_everything(rows: list[dict]) -> object:
    """What a running process has loaded after its first pitch in each language and its first model call."""
    from assistant.critique.llm import CritiqueDraft, chat_model, structured
    from assistant.critique.service import critique_pitch
    from assistant.pitch import make_pitch
    from assistant.settings import get_settings

    first = {}
    for row in rows:
        pitch = make_pitch(row["text"])
        first.setdefault(pitch.language, pitch)
    critiques = [critique_pitch(p, backend="offline") for p in first.values()]
    structured(chat_model(get_settings()), CritiqueDraft)
    return critiques[0]


def model(n: int, tmp: Path, concurrency: int = 16, delay: float = 0.2) -> dict:
    """Two numbers. `seconds`: run_batch in a process that has already loaded what it needs (the tokenizers, encoder,
    index and LangChain client), which is what the ideal n / concurrency × delay compares with. `cold_cli_s`: the same
    batch as a new `storyworld batch` process, start-up included."""
    import httpx

    from assistant.batch.runner import BatchOptions, run_batch

    server, url = _serve()
    os.environ.update({"OPENAI_API_KEY": "bench", "OPENAI_BASE_URL": f"{url}/v1", "STORYWORLD_MODEL": "bench-model"})
    rows = _pitches(n, 400)
    warm = _warm_everything(rows)
    draft = {"logic": warm.diagnosis.logic, "findings": [f.model_dump() for f in warm.diagnosis.findings],
             "comparable_cases": [c.model_dump() for c in warm.comparable_cases], "suggestions": warm.suggestions.model_dump(), "summary": warm.summary}
    script = [{"sleep": delay, "content": json.dumps(draft, ensure_ascii=False)}] * (n + 10)
    httpx.post(f"{url}/_script", json=script).raise_for_status()
    source = _write(rows, tmp / "model.jsonl")
    summary = run_batch(source, tmp / "model-out", BatchOptions(backend="openai", concurrency=concurrency, model="bench-model"))
    httpx.post(f"{url}/_script", json=script).raise_for_status()
    started = time.perf_counter()
    cli = subprocess.run([str(Path(sys.executable).parent / "storyworld"), "batch", str(source), "--out", str(tmp / "model-cli"),
                          "--backend", "openai", "--concurrency", str(concurrency)], cwd=ROOT, capture_output=True, text=True)
    cold = time.perf_counter() - started
    server.terminate()
    ideal = n / concurrency * delay
    return {"pitches": n, "chars": 400, "concurrency": concurrency, "delay_s": delay, "seconds": round(summary.seconds, 2),
            "ideal_s": ideal, "ratio_to_ideal": round(summary.seconds / ideal, 2), "failed": summary.failed,
            "cold_cli_s": round(cold, 2) if cli.returncode == 0 else f"failed: {cli.stderr[-300:]}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offline", type=int, default=1000)
    parser.add_argument("--model", type=int, default=320)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.offline:
            results["offline"] = offline(args.offline, Path(tmp))
            print("batch offline:", json.dumps(results["offline"]))
        if args.model:
            results["model"] = model(args.model, Path(tmp))
            print("batch model:", json.dumps(results["model"]))
    save("batch", results)


if __name__ == "__main__":
    main()
