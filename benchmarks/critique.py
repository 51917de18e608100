"""Critique benchmark: offline critique latency for a 2,000-character pitch (target p50 < 100 ms after warm-up).

`python -m benchmarks.critique`; writes benchmarks/results/critique.json.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from assistant.critique.service import critique_pitch
from benchmarks.results import save
from assistant.pitch import make_pitch, read_pitch

ROOT = Path(__file__).resolve().parent.parent


def main(rounds: int = 30) -> dict:
    results = {}
    for lang in ("zh", "ko", "en"):
        base = read_pitch(ROOT / "examples" / "pitches" / f"{lang}-traffic.md").text
        pitch = make_pitch((base + "\n") * (2000 // len(base) + 1))
        pitch = make_pitch(pitch.text[:2000])
        critique_pitch(pitch, backend="offline")  # warm-up: model and tokenizer loads
        samples = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            critique_pitch(pitch, backend="offline")
            samples.append(time.perf_counter() - t0)
        samples.sort()
        results[lang] = {"chars": len(pitch.text), "p50_ms": round(statistics.median(samples) * 1000, 1),
                         "p95_ms": round(samples[int(0.95 * (len(samples) - 1))] * 1000, 1)}
        print(f"critique {lang}: {json.dumps(results[lang])}")
    save("critique", results)
    return results


if __name__ == "__main__":
    main()
