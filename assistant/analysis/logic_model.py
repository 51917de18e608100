"""The traffic / content / balanced call: a small multinomial logistic regression, fitted to labelled pitches.

Two thresholds on the stacking index alone put literary prose that still stacks payoffs, and genre-heavy pitches
built for depth, on the wrong side of a single number. The model weighs eighteen named analysis features together
(payoff counts and shares, unsupported payoffs, character and world signals, the semantic beat readings, the payoff
density, world and character depth, how far its tropes overlap the library, and the payoff rhythm and episode-end hooks the pitch states: structure.py), plus nine numbers that sum up
how its sentences read, one by one, against the labelled pitches' sentences (sentence_reader.py), and the three
log-probabilities its wording gets from character n-grams (lexical_reader.py), so every weight can be read. The
sentences carry what the named features miss: payoff chains told in plain narrative with no trope word to find; the
wording carries the register a payoff engine is written in. Holding out one writer batch at a time on 792 pitches:
named features alone 0.74 (on the first 360), with the sentence readings 0.81, with the wording as well 0.905 (random
6-fold 0.914). Numpy only, stored as JSON beside
this file, refitted with `storyworld eval analysis --fit`, and judged by cross-validation of the whole fitting
procedure (k-fold, and one writer batch held out at a time) plus held-out sets, never by accuracy on the pitches it
was fitted to.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from contextlib import contextmanager
from typing import Callable, Iterator

import numpy as np

from assistant.analysis import lexical_reader, sentence_reader
from assistant.analysis.lexical_reader import LexicalReader
from assistant.analysis.sentence_reader import SUMMARY, SentenceReader, rounded, softmax
from assistant.errors import StoryWorldError

LABELS = ("traffic", "balanced", "content")
FEATURES = (
    "moment_load", "moment_beat_share", "unsupported_share", "character_per_beat", "world_signals", "world_kinds", "continuity",
    "semantic_payoff_share", "semantic_depth_share", "semantic_grounded_share", "semantic_lean",
    "payoff_density", "library_overlap", "world_depth", "character_depth", "stated_rhythm", "payoff_rhythm", "hook_labels",
)
LEXICAL = ("lexical_traffic", "lexical_balanced", "lexical_content")  # the wording's log-probabilities (lexical_reader.py)
INPUTS = FEATURES + SUMMARY + LEXICAL  # what the regression weighs: the named features, the sentence readings' summary, the wording
L2_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)  # regularisation strengths `fit` chooses among, by cross-validation on its own rows
INNER_FOLDS = 5  # the readers are cross-fitted in this many folds of writer batches (see `fit`): 3 gave 0.81 by batch, 5 0.82, all 14 0.83 at three times the cost (measured before the wording reader)
STEPS = 1500
RATE = 0.1


@dataclass
class ModelInput:
    """One pitch as the model reads it: the named features (FEATURES order), its sentence vectors (n × 512) and its text."""

    features: np.ndarray
    sentence_vectors: np.ndarray
    text: str = ""


def model_input(features: dict[str, float], sentence_vectors: np.ndarray | None = None, text: str = "") -> ModelInput:
    vectors = np.zeros((0, 0)) if sentence_vectors is None else np.atleast_2d(sentence_vectors)
    return ModelInput(np.array([float(features[k]) for k in FEATURES]), vectors, text)


def _readings(inputs: list[ModelInput], reader: SentenceReader, lexical: LexicalReader) -> np.ndarray:
    """The readers' part of each row: the sentence summary and the wording's log-probabilities."""
    return np.array([np.concatenate([reader.summary(i.sentence_vectors), lexical.log_probabilities(i.text)]) for i in inputs])


def _rows(inputs: list[ModelInput], reader: SentenceReader, lexical: LexicalReader) -> np.ndarray:
    return np.hstack([np.array([i.features for i in inputs]), _readings(inputs, reader, lexical)])


@dataclass
class LogicModel:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # (INPUTS, 3)
    bias: np.ndarray  # (3,)
    reader: SentenceReader
    lexical: LexicalReader
    info: dict  # type: ignore[type-arg]

    def probabilities(self, inputs: list[ModelInput]) -> np.ndarray:
        return softmax(_rows(inputs, self.reader, self.lexical), self.mean, self.scale, self.weights, self.bias)

    def predict(self, model_in: ModelInput) -> tuple[str, dict[str, float]]:
        p = self.probabilities([model_in])[0]
        return LABELS[int(p.argmax())], {label: round(float(x), 3) for label, x in zip(LABELS, p)}

    def to_json(self) -> str:
        """Readable where it can be: a line per named input's weights, a line per sentence-vector dimension, a line per
        n-gram (its IDF, then its traffic, balanced and content weights)."""
        reader, lexical = self.reader.to_dict(), self.lexical.to_dict()
        rows = {"mean": rounded(self.mean), "scale": rounded(self.scale), "bias": rounded(self.bias),
                "weights": {name: rounded(w) for name, w in zip(INPUTS, self.weights)},
                "sentence_mean": reader["mean"], "sentence_scale": reader["scale"], "sentence_bias": reader["bias"],
                "sentence_weights": reader["weights"], "lexical_bias": lexical["bias"], "lexical_ngrams": lexical["ngrams"]}
        text = json.dumps({"labels": LABELS, "inputs": INPUTS, **self.info, **{k: f"@{k}@" for k in rows}}, ensure_ascii=False, indent=1)
        for key, value in rows.items():
            if isinstance(value, dict):
                body = "{\n" + ",\n".join(f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in value.items()) + "\n }"
            elif key == "sentence_weights":
                body = "[\n" + ",\n".join(f"  {json.dumps(v)}" for v in value) + "\n ]"
            else:
                body = json.dumps(value)
            text = text.replace(f'"@{key}@"', body)
        return text

    @classmethod
    def from_json(cls, text: str) -> "LogicModel":
        try:
            data = json.loads(text)
            if tuple(data["inputs"]) != INPUTS or tuple(data["labels"]) != LABELS or not isinstance(data["weights"], dict):
                raise ValueError
            reader = SentenceReader.from_dict({k: data[f"sentence_{k}"] for k in ("mean", "scale", "bias", "weights")})
            lexical = LexicalReader.from_dict({"bias": data["lexical_bias"], "ngrams": data["lexical_ngrams"]})
            if reader.weights.shape != (len(reader.mean), len(LABELS)) or len(data["mean"]) != len(INPUTS) or lexical.bias.shape != (len(LABELS),):
                raise ValueError
        except (ValueError, KeyError, TypeError):
            raise StoryWorldError(f"{model_path()}: not a logic model for this version; refit it with `storyworld eval analysis --fit`") from None
        info = {k: v for k, v in data.items() if k not in ("mean", "scale", "bias", "weights", "labels", "inputs")
                and not k.startswith(("sentence_", "lexical_"))}
        weights = np.array([data["weights"][name] for name in INPUTS])
        return cls(np.array(data["mean"]), np.array(data["scale"]), weights, np.array(data["bias"]), reader, lexical, info)


def stacking_from(probabilities: dict[str, float]) -> float:
    """P(traffic) + ½·P(balanced): 1 when the model is sure of a pure payoff engine, 0 when sure of a content one.
    Judged as the stacking index is judged (AUC, traffic against content) on writers the model never read: 0.995
    holding out one writer batch at a time on 792 pitches, against 0.930 for the payoff density alone."""
    return round(min(max(probabilities["traffic"] + 0.5 * probabilities["balanced"], 0.0), 1.0), 3)


def fit(inputs: list[ModelInput], labels: list[str], groups: list[str] | None = None, l2: float | None = None) -> LogicModel:
    """The two readers (sentences, wording) on every pitch, and the regression on the named features plus their readings.

    The regression must learn from readings like the ones it will meet on new pitches, not from readings of pitches
    the readers were fitted to (those are too sure of themselves), so its training readings are cross-fitted: each
    pitch read by readers fitted on the other writer batches (`groups`; INNER_FOLDS folds of them). Without `l2`, its
    strength is chosen from L2_GRID by 5-fold cross-validation on these rows alone, so cross-validating `fit` judges
    that choice too."""
    if groups is None or len(set(groups)) < 2:  # no writer batches to hold out: folds of rows instead
        groups = [str(i % INNER_FOLDS) for i in range(len(labels))]
    readings = np.zeros((len(inputs), len(SUMMARY) + len(LEXICAL)))
    for held in _group_folds(groups, INNER_FOLDS):
        kept = [i for i in range(len(inputs)) if i not in held]
        reader, lexical = _fit_readers([inputs[i] for i in kept], [labels[i] for i in kept])
        order = sorted(held)
        readings[order] = _readings([inputs[i] for i in order], reader, lexical)
    rows = np.hstack([np.array([i.features for i in inputs]), readings])
    if l2 is None:
        l2 = choose_l2(rows, labels)
    mean, scale, weights, bias = _fit_many(rows, labels, (l2,))[0]
    return LogicModel(mean, scale, weights, bias, *_fit_readers(inputs, labels), {"l2": l2})


def _fit_readers(inputs: list[ModelInput], labels: list[str]) -> tuple[SentenceReader, LexicalReader]:
    return sentence_reader.fit([i.sentence_vectors for i in inputs], labels), lexical_reader.fit([i.text for i in inputs], labels)


def _group_folds(groups: list[str], folds: int) -> list[set[int]]:
    """The rows of each fold when the distinct groups are dealt round-robin into `folds` folds (fewer if fewer groups)."""
    names = sorted(set(groups))
    fold_of = {name: n % min(folds, len(names)) for n, name in enumerate(names)}
    return [{i for i, g in enumerate(groups) if fold_of[g] == k} for k in range(min(folds, len(names)))]


def _fit_many(rows: np.ndarray, labels: list[str], l2s: tuple[float, ...]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Softmax regression by full-batch gradient descent on standardised inputs, one per regularisation strength,
    fitted together (the same steps, batched over the strengths): (mean, scale, weights, bias) each."""
    mean, scale = rows.mean(axis=0), rows.std(axis=0) + 1e-6
    z = (rows - mean) / scale
    zt = np.ascontiguousarray(z.T)
    target = np.eye(len(LABELS))[[LABELS.index(y) for y in labels]]
    g, k = len(l2s), len(LABELS)
    strengths = np.repeat(np.array(l2s), k)  # the strengths side by side as one (inputs, strengths × labels) matrix
    target = np.tile(target, (1, g))
    weights, bias = np.zeros((z.shape[1], g * k)), np.zeros(g * k)
    for _ in range(STEPS):
        logits = (z @ weights + bias).reshape(len(z), g, k)
        p = np.exp(logits - logits.max(axis=2, keepdims=True))
        p /= p.sum(axis=2, keepdims=True)
        error = p.reshape(len(z), g * k) - target
        weights -= RATE * (zt @ error / len(z) + strengths * weights)
        bias -= RATE * error.mean(axis=0)
    per_group, group_bias = weights.reshape(z.shape[1], g, k), bias.reshape(g, k)
    return [(mean, scale, per_group[:, i], group_bias[i]) for i in range(g)]


def choose_l2(rows: np.ndarray, labels: list[str], folds: int = 5) -> float:
    """The L2_GRID strength with the best 5-fold accuracy on these rows; ties go to the stronger one."""
    correct = np.zeros(len(L2_GRID))
    for train, test in _folds(labels, folds, seed=0):
        fitted = _fit_many(rows[train], [labels[i] for i in train], L2_GRID)
        gold = np.array([LABELS.index(labels[i]) for i in test])
        correct += [int((softmax(rows[test], *m).argmax(axis=1) == gold).sum()) for m in fitted]
    best = correct.max()
    return max(l2 for l2, c in zip(L2_GRID, correct) if c == best)


def _folds(labels: list[str], folds: int, seed: int) -> list[tuple[list[int], list[int]]]:
    """k folds with each label dealt round-robin into them, after a seeded shuffle."""
    order = list(range(len(labels)))
    random.Random(seed).shuffle(order)
    order.sort(key=lambda i: labels[i])
    fold_of = {i: n % folds for n, i in enumerate(order)}
    return [([i for i in order if fold_of[i] != k], [i for i in order if fold_of[i] == k]) for k in range(folds)]


def cv_accuracy(labels: list[str], fit_predict: Callable[[list[int], list[int]], list[str]], folds: int = 6, repeats: int = 5) -> float:
    """Mean accuracy on held-out folds over repeated k-fold splits, each label dealt round-robin into the folds.

    `fit_predict(train, test)` fits on the train indices and returns the predicted labels of the test indices, so
    the whole fitting procedure is what gets judged (the thresholds in calibration.py use the same splits)."""
    scores = []
    for seed in range(repeats):
        correct = 0
        for train, test in _folds(labels, folds, seed):
            correct += sum(p == labels[i] for p, i in zip(fit_predict(train, test), test))
        scores.append(correct / len(labels))
    return float(np.mean(scores))


def cross_validate(inputs: list[ModelInput], labels: list[str], groups: list[str] | None = None, folds: int = 6, repeats: int = 2) -> float:
    """Cross-validated accuracy of fitting this model, the sentence reader and the choice of L2 included (both made
    inside each training fold). Two repeats, not the thresholds' five: each fit trains four sentence readers."""
    def fit_predict(train: list[int], test: list[int]) -> list[str]:
        model = fit([inputs[i] for i in train], [labels[i] for i in train], [groups[i] for i in train] if groups else None)
        return [LABELS[int(p)] for p in model.probabilities([inputs[i] for i in test]).argmax(axis=1)]

    return cv_accuracy(labels, fit_predict, folds, repeats)


def predict_by_group(inputs: list[ModelInput], labels: list[str], groups: list[str]) -> list[dict[str, float]]:
    """Each row's probabilities from the model fitted to all the other groups (leave one writer batch out): pitches
    from one writer share habits a random split would leak into training."""
    out: list[dict[str, float]] = [{} for _ in labels]
    for group in sorted(set(groups)):
        train = [i for i, g in enumerate(groups) if g != group]
        test = [i for i, g in enumerate(groups) if g == group]
        model = fit([inputs[i] for i in train], [labels[i] for i in train], [groups[i] for i in train])
        for i, p in zip(test, model.probabilities([inputs[i] for i in test])):
            out[i] = {label: float(x) for label, x in zip(LABELS, p)}
    return out


def model_path() -> Path:
    return Path(str(resources.files("assistant.analysis").joinpath("logic_model.json")))


_CACHE: dict[tuple[str, int], LogicModel | None] = {}
_IGNORED = False


@contextmanager
def ignoring_saved_model() -> Iterator[None]:
    """Analyse as if no model were saved: refitting must work when the saved one no longer matches the features."""
    global _IGNORED
    _IGNORED = True
    try:
        yield
    finally:
        _IGNORED = False


def load() -> LogicModel | None:
    """The fitted model, or None when there is none (the analysis then falls back to the stacking-index thresholds)."""
    if _IGNORED:
        return None
    path = model_path()
    stamp = (str(path), path.stat().st_mtime_ns if path.exists() else 0)
    if stamp not in _CACHE:
        _CACHE.clear()
        _CACHE[stamp] = LogicModel.from_json(path.read_text(encoding="utf-8")) if path.exists() else None
    return _CACHE[stamp]


def fitted_to(datasets: list[Path]) -> bool:
    """Whether the saved model was fitted to any of these datasets (then its accuracy on them is in-sample)."""
    model = load()
    fitted = {Path(f).name for f in model.info.get("fitted_on", [])} if model is not None else set()
    return any(Path(p).name in fitted for p in datasets)


def save(model: LogicModel) -> Path:
    path = model_path()
    path.write_text(model.to_json() + "\n", encoding="utf-8")
    _CACHE.clear()
    return path
