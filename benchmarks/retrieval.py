"""Retrieval benchmark: index build time and query latency, for the real library and a synthetic 10,000-case one.

Run with `make bench` (all benchmarks) or `python -m benchmarks.retrieval [--synthetic N]`.
Prints a table and writes benchmarks/results/retrieval.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.results import save

from assistant.library import CaseLibrary
from assistant.retrieval.documents import Document, case_metadata
from assistant.retrieval.index import build_index
from assistant.retrieval.search import Searcher
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHORT_QUERIES = ["男主隐藏身份的契约婚姻", "회귀해서 복수하는 이야기", "contract marriage with a hidden chaebol husband",
                 "웹소설에서 웹툰을 거쳐 드라마가 된 작품", "有续集的年代家庭短剧", "ghost laundry shop in a small town"]


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1)}


def _latency(searcher: Searcher, queries: list[str], rounds: int) -> dict[str, float]:
    for q in queries:  # warm-up: model load, and the word index of each query language (built on its first query)
        searcher.search(q)
    samples = []
    for _ in range(rounds):
        for q in queries:
            t0 = time.perf_counter()
            searcher.search(q, k=5)
            samples.append(time.perf_counter() - t0)
    return _percentiles(samples)


def _pitch_queries() -> list[str]:
    pitches = sorted((ROOT / "examples" / "pitches").glob("*.md"))
    return [p.read_text(encoding="utf-8") for p in pitches] or ["第1集 " + "女主重生回到婚礼前夜，决定揭穿未婚夫。" * 30]


def cli_search(home: Path, runs: int = 5) -> dict:
    """`storyworld search` as a writer runs it: a new process per query, the index and caches already built."""
    import subprocess
    import sys

    env = {**os.environ, "STORYWORLD_HOME": str(home), "STORYWORLD_CACHE_DIR": str(home / "cache")}
    command = [str(Path(sys.executable).parent / "storyworld"), "search", "男主隐藏身份的契约婚姻", "-k", "5"]
    subprocess.run(command, env=env, check=True, capture_output=True)  # the first process after a build writes the caches
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        samples.append(time.perf_counter() - t0)
    return {"p50_s": round(statistics.median(samples), 2), "max_s": round(max(samples), 2)}


def bench_real(home: Path) -> dict:
    settings = Settings(home=home, cache_dir=home / "cache")
    cold = build_index(settings)
    warm = build_index(settings)
    searcher = Searcher.open(settings)
    return {"documents": cold.total, "cold_build_s": round(cold.seconds, 2), "unchanged_rebuild_s": round(warm.seconds, 2),
            "short_query": _latency(searcher, SHORT_QUERIES, 10), "pitch_query": _latency(searcher, _pitch_queries(), 3),
            "cli_search_new_process": cli_search(home)}


def synthetic_documents(n: int, seed: int = 7) -> tuple[list, list[Document]]:
    """n cases made by recombining real premises and metadata, one document each (as the targets specify)."""
    rng = random.Random(seed)
    library = CaseLibrary.load()
    cases, docs = [], []
    for i in range(n):
        a, b = rng.sample(library.cases, 2)
        lang = rng.choice(["zh", "ko", "en"])
        text = f"{a.premise.get(lang)} {b.premise.get(lang).split('。')[0].split('.')[0]} #{i}"
        case = a.model_copy(update={"id": f"{a.country.lower()}-synthetic-{i:05d}"})
        cases.append(case)
        docs.append(Document(f"{case.id}::premise-{lang}", text, {**case_metadata(case), "case_id": case.id, "doc_kind": "premise", "lang": lang}))
    return cases, docs


def bench_synthetic(home: Path, n: int) -> dict:
    settings = Settings(home=home, cache_dir=home / "cache")
    cases, docs = synthetic_documents(n)
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 10 or done == total:
            last[0] = time.perf_counter()
            print(f"  synthetic build: {done}/{total} documents", flush=True)

    cold = build_index(settings, documents=docs, progress=progress)
    cached = build_index(settings, documents=docs, rebuild=True)  # drops the collection; the embedding cache stays
    library = CaseLibrary.load()
    from assistant.retrieval.index import open_collection
    from assistant.text.concepts import ConceptMatcher

    collection, fn = open_collection(settings, build_if_missing=False)
    searcher = Searcher(cases, collection, fn, ConceptMatcher(library.taxonomy))
    return {"cases": n, "cold_build_s": round(cold.seconds, 1), "rebuild_from_cache_s": round(cached.seconds, 1),
            "short_query": _latency(searcher, SHORT_QUERIES, 5)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic", type=int, default=10_000, help="Synthetic library size (0 to skip).")
    args = parser.parse_args()
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        shutil.copytree(ROOT / "vectorstore" / "cases", home / "vectorstore" / "cases")
        shutil.copy(ROOT / "vectorstore" / "taxonomy.yaml", home / "vectorstore" / "taxonomy.yaml")
        results["real"] = bench_real(home)
        print("real library:", json.dumps(results["real"]))
        if args.synthetic:
            synth = Path(tmp) / "synthetic"
            synth.mkdir()
            results["synthetic"] = bench_synthetic(synth, args.synthetic)
            print("synthetic library:", json.dumps(results["synthetic"]))
    save("retrieval", results)


if __name__ == "__main__":
    main()
