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


def main(rounds: int = 40) -> dict:
    """The three languages take turns, round by round: this machine's speed drifts by a third within minutes, and
    timing one language after another gave whichever ran in a slow spell its numbers."""
    pitches = {}
    for lang in ("zh", "ko", "en"):
        base = read_pitch(ROOT / "examples" / "pitches" / f"{lang}-traffic.md").text
        pitches[lang] = make_pitch(((base + "\n") * (2000 // len(base) + 1))[:2000])
        critique_pitch(pitches[lang], backend="offline")  # warm-up: model and tokenizer loads
    samples: dict[str, list[float]] = {lang: [] for lang in pitches}
    for _ in range(rounds):
        for lang, pitch in pitches.items():
            t0 = time.perf_counter()
            critique_pitch(pitch, backend="offline")
            samples[lang].append(time.perf_counter() - t0)
    results = {}
    for lang, times in samples.items():
        times.sort()
        results[lang] = {"chars": len(pitches[lang].text), "p50_ms": round(statistics.median(times) * 1000, 1),
                         "p95_ms": round(times[int(0.95 * (len(times) - 1))] * 1000, 1)}
        print(f"critique {lang}: {json.dumps(results[lang])}")
    save("critique", results)
    return results


if __name__ == "__main__":
    main()
