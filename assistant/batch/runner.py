"""Running a batch: skip what is done, critique the rest (process pool offline, bounded threads on a model), log each result at once.

Resuming is keyed by pitch id + content hash + a fingerprint of the settings and the pipeline, so an interrupted run (Ctrl-C, crash, kill -9)
re-run with the same command does only what is missing, and a changed pitch or setting is critiqued again.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from assistant.batch import log
from assistant.batch.inputs import BadItem, BatchItem, read_items
from assistant.schemas.critique import CRITIQUE_VERSION

RESULTS, ERRORS = "results.jsonl", "errors.jsonl"


@dataclass
class BatchOptions:
    backend: str = "offline"
    lang: str = "auto"
    concurrency: int = 4
    resume: bool = True
    limit: int | None = None
    model: str = ""
    workers: int = max(1, min(2, os.cpu_count() or 1))


@dataclass
class BatchSummary:
    total: int = 0
    skipped: int = 0
    done: int = 0
    failed: int = 0
    bad_input: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    out_dir: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0


def fingerprint(options: BatchOptions) -> str:
    """What a finished critique depends on: the settings, the whole offline pipeline (code, taxonomy, cases, fitted
    model) and, on a model, the prompts; an upgrade re-critiques instead of resuming into stale results."""
    from assistant.cache import files_digest, pipeline_fingerprint
    from assistant.settings import get_settings

    prompts = ""
    if options.backend == "openai":
        settings = get_settings()
        prompts = files_digest(sorted(settings.path(settings.prompts_dir).glob("*.yaml")))
    parts = [options.backend, options.lang, options.model if options.backend == "openai" else "", CRITIQUE_VERSION,
             pipeline_fingerprint(), prompts]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def item_key(item: BatchItem | BadItem, fp: str) -> str:
    content = item.content_hash if isinstance(item, BatchItem) else hashlib.sha256(item.reason.encode()).hexdigest()[:16]
    return f"{item.id}|{content}|{fp}"


# ---------------------------------------------------------------- worker side (runs in pool processes or threads)


def critique_item(item: BatchItem, backend: str, lang: str) -> dict[str, Any]:
    """Critique one item; returns a results.jsonl record, or an error record if this item fails."""
    from assistant.critique.service import critique_pitch
    from assistant.pitch import make_pitch

    try:
        pitch = make_pitch(item.text, pitch_id=item.id, title=item.title, source=item.where)
        critique = critique_pitch(pitch, backend=backend, lang=lang)
    except Exception as exc:  # one bad item must never sink the batch
        return {"status": "error", "id": item.id, "where": item.where, "reason": f"{type(exc).__name__}: {exc}"[:500]}
    # Serialised here, in the worker, so the single writing process only concatenates bytes.
    return {"status": "ok", "id": item.id, "title": item.title, "language": critique.language, "critique_json": critique.model_dump_json()}


def prepare_item(item: BatchItem, lang: str):  # type: ignore[no-untyped-def]
    """The CPU half of a model-backed critique, in a worker process; an error record if the item fails."""
    from assistant.critique.service import prepare
    from assistant.pitch import make_pitch

    try:
        return prepare(make_pitch(item.text, pitch_id=item.id, title=item.title, source=item.where), lang=lang)
    except Exception as exc:
        return {"status": "error", "id": item.id, "where": item.where, "reason": f"{type(exc).__name__}: {exc}"[:500]}


def finish_item(item: BatchItem, prepared, library) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The model half, in a thread: the request waits on the network, not on the CPU."""
    from assistant.critique.service import finish

    if isinstance(prepared, dict):
        return prepared
    try:
        critique = finish(prepared, "openai", library=library)
    except Exception as exc:
        return {"status": "error", "id": item.id, "where": item.where, "reason": f"{type(exc).__name__}: {exc}"[:500]}
    return {"status": "ok", "id": item.id, "title": item.title, "language": critique.language, "critique_json": critique.model_dump_json()}


def _prepare_and_finish(item: BatchItem, lang: str, library) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Both halves in one thread: with a single core there is no process pool to prepare in."""
    return finish_item(item, prepare_item(item, lang), library)


def _one_thread_per_worker() -> None:
    # One process per core, so every native thread pool in the worker gets one thread. An idle OpenBLAS helper thread
    # spins for as long as the worker computes: with two per worker, two workers ran at half speed on two cores.
    # The variables only act before numpy loads, and threadpool_limits only on libraries already loaded: do both.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    import numpy  # noqa: F401  (loads OpenBLAS so the limit below reaches it)
    from threadpoolctl import threadpool_limits

    from assistant.retrieval.encoder import limit_threads

    threadpool_limits(1)
    limit_threads(1)  # an encoder inherited from a forked parent keeps its own setting otherwise


def _warm_worker() -> None:
    """Limit threads, then load the tokenizer, encoder and index and run them once (a first call is slow): a spawned
    worker starts from nothing, a forked one has whatever its parent had loaded and only pays what is missing."""
    _one_thread_per_worker()
    from assistant.critique.service import critique_pitch
    from assistant.pitch import make_pitch

    critique_pitch(make_pitch("第1集：林晚被退婚。第2集：林晚回到江城。"), backend="offline")  # Kiwi loads on the first Korean pitch


def _can_fork() -> bool:
    """A fork copies only the calling thread, so no other may be running (it could hold a lock); and Chroma's native
    client does not survive one."""
    return hasattr(os, "fork") and threading.active_count() == 1 and "chromadb" not in sys.modules


def _process_pool(options: BatchOptions, items: list[tuple[str, BatchItem]]) -> ProcessPoolExecutor | None:
    """One worker per core, or none for tiny batches where starting workers costs more than it saves.

    Forked where that is safe: workers then start without a new interpreter and its imports, and a process that has
    already loaded the models (the UI, a benchmark, a second batch) hands them over for free. Otherwise spawned."""
    if options.workers <= 1 or len(items) < 8:
        return None
    method = "fork" if _can_fork() else "spawn"
    pool = ProcessPoolExecutor(max_workers=options.workers, mp_context=multiprocessing.get_context(method), initializer=_warm_worker)
    if method == "fork":
        pool.submit(os.getpid)  # forks every worker now, before this process starts a thread of its own
    return pool


# ---------------------------------------------------------------- driver


def _reset(out_dir: Path) -> None:
    """--no-resume keeps the old logs as .bak files instead of deleting anyone's work."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for name in (RESULTS, ERRORS):
        path = out_dir / name
        if path.exists():
            path.rename(out_dir / f"{name}.{stamp}.bak")


def run_batch(source: Path, out_dir: Path, options: BatchOptions, progress: Callable[[int, int], None] | None = None) -> BatchSummary:
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    if not options.resume:
        _reset(out_dir)
    fp = fingerprint(options)
    items = list(read_items(source))
    torn = log.repair(out_dir / RESULTS) + log.repair(out_dir / ERRORS)
    done_keys = {r.get("key") for r in log.read(out_dir / RESULTS)}
    input_errors = {r.get("key") for r in log.read(out_dir / ERRORS) if r.get("stage") == "input"}
    summary = BatchSummary(total=len(items), out_dir=str(out_dir))
    if torn:
        summary.notes.append(f"cut a torn last line ({torn} bytes) left by an interrupted run")
    results, errors = log.JsonlWriter(out_dir / RESULTS), log.JsonlWriter(out_dir / ERRORS)
    todo: list[tuple[str, BatchItem]] = []
    try:
        for item in items:
            key = item_key(item, fp)
            if isinstance(item, BadItem):
                summary.bad_input += 1
                if key not in input_errors:
                    errors.append({"key": key, "id": item.id, "where": item.where, "stage": "input", "reason": item.reason})
            elif key in done_keys:
                summary.skipped += 1
            else:
                todo.append((key, item))
        if options.limit is not None:
            todo = todo[: options.limit]
        _execute(todo, options, results, errors, summary, progress)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        results.close()
        errors.close()
        summary.seconds = time.perf_counter() - started
    return summary


def _execute(todo: list[tuple[str, BatchItem]], options: BatchOptions, results: log.JsonlWriter, errors: log.JsonlWriter,
             summary: BatchSummary, progress: Callable[[int, int], None] | None) -> None:
    def record(key: str, out: dict[str, Any]) -> None:
        if out.get("status") == "ok":
            body = out.pop("critique_json")
            head = json.dumps({"key": key, **{k: v for k, v in out.items() if k != "status"}, "status": "ok"}, ensure_ascii=False)
            results.append_raw(head[:-1] + ', "critique": ' + body + "}")
            summary.done += 1
        else:
            errors.append({"key": key, "stage": "critique", **{k: v for k, v in out.items() if k != "status"}})
            summary.failed += 1
        if progress:
            progress(summary.done + summary.failed, len(todo))

    if options.backend == "openai":
        return _execute_model(todo, options, record)
    pool = _process_pool(options, todo)
    if pool is None:
        for key, item in todo:
            record(key, critique_item(item, options.backend, options.lang))
        return
    window = max(4, options.workers * 4)
    pending: dict[Future, str] = {}
    queue = iter(todo)
    try:
        while True:
            while len(pending) < window:
                nxt = next(queue, None)
                if nxt is None:
                    break
                pending[pool.submit(critique_item, nxt[1], options.backend, options.lang)] = nxt[0]
            if not pending:
                break
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                key = pending.pop(future)
                try:
                    out = future.result()
                except Exception as exc:  # a crashed worker process: log it, keep going
                    out = {"status": "error", "id": key.split("|")[0], "where": "", "reason": f"worker failed: {type(exc).__name__}: {exc}"[:500]}
                record(key, out)
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _warm_client() -> None:
    from assistant.critique.llm import chat_model
    from assistant.settings import get_settings

    try:
        chat_model(get_settings())
    except Exception:  # no key or a bad setting: the first real call reports it, per pitch
        pass


def _execute_model(todo: list[tuple[str, BatchItem]], options: BatchOptions, record: Callable[[str, dict[str, Any]], None]) -> None:
    """Two stages: analysis and retrieval in worker processes, model calls in a bounded thread pool."""
    from assistant.library import CaseLibrary

    library = CaseLibrary.load()
    cpu = _process_pool(options, todo)
    # Import LangChain and build the client while the workers start, not on the first answer.
    threading.Thread(target=_warm_client, daemon=True).start()
    io = ThreadPoolExecutor(max_workers=max(1, options.concurrency))
    items = {key: item for key, item in todo}
    queue = iter(todo)
    preparing: dict[Future, str] = {}
    calling: dict[Future, str] = {}
    window = options.workers * 4 + options.concurrency
    try:
        while True:
            while len(preparing) + len(calling) < window:
                nxt = next(queue, None)
                if nxt is None:
                    break
                key, item = nxt
                if cpu is None:
                    calling[io.submit(_prepare_and_finish, item, options.lang, library)] = key
                else:
                    preparing[cpu.submit(prepare_item, item, options.lang)] = key
            if not preparing and not calling:
                break
            done, _ = wait(list(preparing) + list(calling), return_when=FIRST_COMPLETED)
            for future in done:
                if future in preparing:
                    key = preparing.pop(future)
                    try:
                        prepared = future.result()
                    except Exception as exc:  # a crashed worker process
                        prepared = {"status": "error", "id": items[key].id, "where": items[key].where, "reason": f"worker failed: {exc}"[:500]}
                    calling[io.submit(finish_item, items[key], prepared, library)] = key
                else:
                    record(calling.pop(future), future.result())
    except KeyboardInterrupt:
        if cpu:
            cpu.shutdown(wait=False, cancel_futures=True)
        io.shutdown(wait=False, cancel_futures=True)
        raise
    if cpu:
        cpu.shutdown(wait=True)
    io.shutdown(wait=True)


def progress_bar(enabled: bool):  # type: ignore[no-untyped-def]
    """A rich progress bar (count, rate, ETA) on a terminal; silent otherwise."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    class _Rate(TextColumn):
        def render(self, task):  # type: ignore[no-untyped-def]
            from rich.text import Text

            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f}/s" if speed else "–/s")

    return Progress(TextColumn("critiquing"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(), _Rate(""), TimeRemainingColumn(),
                    disable=not enabled, transient=False, console=Console(file=sys.stderr))
