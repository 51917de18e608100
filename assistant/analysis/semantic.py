"""Semantic lean of each beat: closer to a payoff-only beat or to a depth-building beat (prototypes.yaml).

Keywords miss restrained prose that still stacks payoffs, and depth written without cue words; the sentence
encoder catches both, in any of the three languages. Prototypes are hand-written, not fitted to labelled pitches.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources

import numpy as np
import yaml

_LOCK = threading.Lock()
MAX_BEAT_CHARS = 400


@lru_cache(maxsize=1)
def _prototypes() -> tuple[np.ndarray, np.ndarray]:
    from assistant.retrieval.embeddings import _use_model

    data = yaml.safe_load(resources.files("assistant.analysis").joinpath("prototypes.yaml").read_text(encoding="utf-8"))
    model = _use_model()
    return np.atleast_2d(model.encode(data["payoff"])), np.atleast_2d(model.encode(data["depth"]))


def encode(texts: list[str]) -> np.ndarray:
    from assistant.retrieval.embeddings import _use_model

    with _LOCK:
        return np.atleast_2d(_use_model().encode([t[:MAX_BEAT_CHARS] for t in texts]))


def beat_leans(beat_texts: list[str], vectors: np.ndarray | None = None) -> list[float]:
    """Per beat: (max similarity to payoff prototypes) − (max similarity to depth prototypes)."""
    if not beat_texts:
        return []
    payoff, depth = _prototypes()
    vecs = encode(beat_texts) if vectors is None else vectors
    return [float(v) for v in (vecs @ payoff.T).max(axis=1) - (vecs @ depth.T).max(axis=1)]
