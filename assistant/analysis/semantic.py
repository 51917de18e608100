"""Semantic reading of each beat: closer to a payoff-only beat, a depth-building beat, or a hook with a cost.

Keywords miss restrained prose that still stacks payoffs, and depth written without cue words; the sentence
encoder catches both, in any of the three languages. The prototypes (prototypes.yaml) are hand-written and
never fitted to the labelled pitches. A pitch is encoded once, sentence by sentence (`encode_pitch`): the sentence
reader reads the sentences, and each beat's vector is the mean of its sentences' (encoding the beats as well cost a
2,000-character pitch about 50 ms more).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import yaml

from assistant.text.lang import detect_language

_LOCK = threading.Lock()
MAX_BEAT_CHARS = 240  # a text is encoded up to here: a sentence or a beat's opening carries what it does, and cost grows with every character
VECTOR_DIM = 512  # the encoder's output
KINDS = ("payoff", "depth", "grounded_hook")
TOP = 3  # mean of the 3 closest prototypes: steadier than the single nearest


@lru_cache(maxsize=1)
def _prototypes() -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Prototype vectors with their language's centre taken out, and those centres (the mean of a language's prototypes).

    The encoder puts every Korean sentence nearer some Korean prototypes than others whatever it says (a plain Korean
    content beat read as payoff-like): reading beat and prototypes from their language's centre compares what they say."""
    from assistant.retrieval.encoder import use_model

    data = yaml.safe_load(resources.files("assistant.analysis").joinpath("prototypes.yaml").read_text(encoding="utf-8"))
    model = use_model()
    with _LOCK:
        raw = {kind: np.atleast_2d(model.encode(data[kind])) for kind in KINDS}
    scripts = {kind: np.array([detect_language(s) for s in data[kind]]) for kind in KINDS}
    every, every_script = np.vstack([raw[k] for k in KINDS]), np.concatenate([scripts[k] for k in KINDS])
    centres = {lang: every[every_script == lang].mean(axis=0) for lang in ("zh", "ko", "en")}
    centred = {kind: _unit(raw[kind] - np.array([centres[lang] for lang in scripts[kind]])) for kind in KINDS}
    return centred, centres


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=-1, keepdims=True), 1e-9)


def encode(texts: list[str]) -> np.ndarray:
    from assistant.retrieval.encoder import use_model

    with _LOCK:
        return np.atleast_2d(use_model().encode([t[:MAX_BEAT_CHARS] for t in texts]))


# Sentences encoded at most, evenly sampled; a beat none of them falls in is encoded whole. The sentence reader's summary
# is a distribution, which an even sample keeps, and beats are built from the same sample: encoding is most of a
# critique's time (400 sentences, as until session 13, put a 2,000-character Chinese pitch at 78 sentences and over
# 100 ms; only two of the 1,110 labelled pitches have more than 64).
MAX_SENTENCES = 64


@dataclass(frozen=True)
class PitchVectors:
    """One encoding pass over a pitch's sentences, read three ways: by the sentence reader, per beat, and by retrieval."""

    sentences: list[str]  # what the sentence reader reads: at most MAX_SENTENCES, evenly sampled
    sentence_vectors: np.ndarray
    beats: np.ndarray  # a unit vector per beat: the normalised mean of its sentences' vectors


def encode_pitch(text: str, beats) -> PitchVectors:  # type: ignore[no-untyped-def]
    """Encode each (sampled) sentence once; a beat's vector is built from its sentences', not encoded again."""
    from assistant.analysis.beats import sentence_spans

    spans = _evenly(sentence_spans(text), MAX_SENTENCES)
    vectors = encode([text[a:b] for a, b in spans]) if spans else np.zeros((0, VECTOR_DIM))
    starts = np.array([a for a, _ in spans])
    inside = [np.flatnonzero((starts >= beat.start) & (starts < beat.end)) for beat in beats]
    lone = [i for i, rows in enumerate(inside) if not len(rows)]
    own = dict(zip(lone, encode([beats[i].text for i in lone]))) if lone else {}
    per_beat = np.array([own[i] if i in own else whole_vector(vectors[rows]) for i, rows in enumerate(inside)]).reshape(len(beats), -1)
    return PitchVectors([text[a:b] for a, b in spans], vectors, per_beat)


def _evenly(items: list, limit: int) -> list:  # type: ignore[type-arg]
    if len(items) <= limit:
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def whole_vector(vectors: np.ndarray) -> np.ndarray:
    """Several vectors as one unit vector (a beat from its sentences, a pitch from its beats): their normalised mean."""
    whole = np.atleast_2d(vectors).mean(axis=0)
    return whole / max(float(np.linalg.norm(whole)), 1e-9)


@dataclass(frozen=True)
class BeatReading:
    payoff: float
    depth: float
    grounded: float

    @property
    def nearest(self) -> str:
        values = {"payoff": self.payoff, "depth": self.depth, "grounded_hook": self.grounded}
        return max(values, key=lambda k: values[k])


def read_beats(beat_texts: list[str], vectors: np.ndarray | None = None, lang: str = "en") -> list[BeatReading]:
    """How close each beat is to each kind of prototype, both read from the centre of their language (a mixed pitch:
    of all three)."""
    if not beat_texts:
        return []
    protos, centres = _prototypes()
    centre = centres[lang] if lang in centres else np.mean(list(centres.values()), axis=0)
    vecs = _unit((encode(beat_texts) if vectors is None else vectors) - centre)

    def closeness(kind: str) -> np.ndarray:
        sims = vecs @ protos[kind].T
        k = min(TOP, sims.shape[1])
        return np.sort(sims, axis=1)[:, -k:].mean(axis=1)

    p, d, g = closeness("payoff"), closeness("depth"), closeness("grounded_hook")
    return [BeatReading(float(a), float(b), float(c)) for a, b, c in zip(p, d, g)]
