"""Fitting and measuring the logic call on labelled pitches.

The logic model (logic_model.py) is what the analysis uses; two thresholds on the payoff density (the hand-built
score) are kept as its fallback and as the baseline it must beat. Both are judged by repeated k-fold cross-validation of the whole fitting
procedure (fit on k-1 folds, judge the held-out fold) and on a held-out set: those are the numbers we report and
gate, never the accuracy on the pitches a model was fitted to.
"""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Callable

from pydantic import BaseModel, Field


LABELS = ("traffic", "balanced", "content")
GRID = [round(x * 0.01, 2) for x in range(5, 96)]


class LabelledPitch(BaseModel):
    id: str
    title: str = ""
    language: str
    label: str
    tricky: bool = False
    note: str = ""
    text: str
    batch: str = Field("", description="Who wrote it (one helper's or one sitting's pitches); defaults to the file name.")


def load_labelled(paths: list[Path]) -> list[LabelledPitch]:
    from assistant.datasets import load_jsonl

    return [row if row.batch else row.model_copy(update={"batch": path.name}) for path in paths for row in load_jsonl(path, LabelledPitch)]


def decide(value: float, traffic: float, content: float) -> str:
    return "traffic" if value >= traffic else ("content" if value < content else "balanced")


def fit_thresholds(values: list[float], labels: list[str]) -> tuple[float, float]:
    """Grid search (traffic ≥ t1, content < t2); ties go to the widest balanced band's middle."""
    best: tuple[float, float, float, float] | None = None  # accuracy, closeness of the band's middle to 0.45, t1, t2
    for t2 in GRID:
        for t1 in GRID:
            if t1 <= t2:
                continue
            acc = sum(decide(v, t1, t2) == y for v, y in zip(values, labels)) / len(values)
            key = (acc, -abs((t1 + t2) / 2 - 0.45), t1, t2)
            if best is None or key[:2] > best[:2]:
                best = (acc, key[1], t1, t2)
    assert best is not None
    return best[2], best[3]


def cross_validate(values: list[float], labels: list[str], folds: int = 6, repeats: int = 5) -> float:
    """Cross-validated accuracy of fitting the two thresholds (the same splits as the logic model's)."""
    from assistant.analysis.logic_model import cv_accuracy

    def fit_predict(train: list[int], test: list[int]) -> list[str]:
        t1, t2 = fit_thresholds([values[i] for i in train], [labels[i] for i in train])
        return [decide(values[i], t1, t2) for i in test]

    return cv_accuracy(labels, fit_predict, folds, repeats)


def auc(values: list[float], labels: list[str], positive: str = "traffic", negative: str = "content") -> float:
    pos = [v for v, y in zip(values, labels) if y == positive]
    neg = [v for v, y in zip(values, labels) if y == negative]
    if not pos or not neg:
        return float("nan")
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))


def confusion(pred: list[str], gold: list[str]) -> dict[str, dict[str, int]]:
    counts = Counter(zip(gold, pred))
    return {g: {p: counts[(g, p)] for p in LABELS} for g in LABELS}


def thresholds_path() -> Path:
    return Path(str(resources.files("assistant.analysis").joinpath("thresholds.json")))


def load_thresholds() -> dict[str, float]:
    path = thresholds_path()
    if not path.exists():
        return {"traffic": 0.6, "content": 0.24}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {"traffic": float(data["traffic"]), "content": float(data["content"])}


def save_thresholds(t1: float, t2: float, datasets: list[str], n: int, cv_accuracy: float) -> Path:
    path = thresholds_path()
    path.write_text(json.dumps({"traffic": t1, "content": t2, "fitted_on": datasets, "n": n,
                                "cv_accuracy": round(cv_accuracy, 4)}, indent=2) + "\n", encoding="utf-8")
    return path


class AnalysisReport(BaseModel):
    n: int
    accuracy: float
    cv_accuracy: float | None
    cv_accuracy_thresholds: float | None
    cv_accuracy_by_batch: float | None = None  # leave one writer batch out: pitches by a writer the model never read
    auc_stacking_by_batch: float | None = None  # the stacking index those held-out models give
    auc_payoff_density: float | None = None  # the hand-built score alone
    auc_stacking: float
    auc_keyword_density: float
    by_language: dict[str, float]
    tricky_accuracy: float | None
    confusion: dict[str, dict[str, int]]
    thresholds: dict[str, float]
    errors: list[dict]


def reader(analyzer) -> Callable[[LabelledPitch], dict]:  # type: ignore[no-untyped-def, type-arg]
    """What `evaluate` and `fit_logic` need from the analysis of one labelled pitch."""
    from assistant.pitch import make_pitch

    def read(row: LabelledPitch) -> dict:  # type: ignore[type-arg]
        a, inputs = analyzer.analyze_with_input(make_pitch(row.text, pitch_id=row.id, lang=row.language))
        return {"stacking_index": a.scores.stacking_index, "payoff_density": a.scores.payoff_density, "logic": a.logic,
                "moment_load": a.features["moment_load"], "row": inputs}

    return read


def evaluate(rows: list[LabelledPitch], analyse: Callable[[LabelledPitch], dict], with_cv: bool = True,
             random_folds: bool = True) -> AnalysisReport:
    """Accuracy of the current logic call; CV accuracy of fitting the logic model and, as the baseline, the thresholds;
    AUCs of the stacking index, the payoff density and keyword density. `analyse` is `reader(analyzer)`.
    `random_folds=False` skips the model's repeated k-fold (twelve fits) and keeps the one-batch-out estimate."""
    from assistant.analysis import logic_model

    results = [analyse(r) for r in rows]
    inputs = [x["row"] for x in results]
    stacking = [x["stacking_index"] for x in results]
    density = [x["payoff_density"] for x in results]
    labels = [r.label for r in rows]
    pred = [x["logic"] for x in results]
    by_lang: dict[str, list[bool]] = {}
    for r, p in zip(rows, pred):
        by_lang.setdefault(r.language, []).append(p == r.label)
    tricky = [p == r.label for r, p in zip(rows, pred) if r.tricky]
    batches = [r.batch for r in rows]
    held_out = logic_model.predict_by_group(inputs, labels, batches) if with_cv and len(set(batches)) >= 3 else None
    return AnalysisReport(
        n=len(rows), accuracy=round(sum(p == y for p, y in zip(pred, labels)) / len(rows), 4),
        cv_accuracy=round(logic_model.cross_validate(inputs, labels, batches), 4) if with_cv and random_folds else None,
        cv_accuracy_thresholds=round(cross_validate(density, labels), 4) if with_cv else None,
        cv_accuracy_by_batch=round(sum(max(p, key=lambda k: p[k]) == y for p, y in zip(held_out, labels)) / len(rows), 4) if held_out else None,
        auc_stacking_by_batch=round(auc([logic_model.stacking_from(p) for p in held_out], labels), 4) if held_out else None,
        auc_payoff_density=round(auc(density, labels), 4),
        auc_stacking=round(auc(stacking, labels), 4), auc_keyword_density=round(auc([x["moment_load"] for x in results], labels), 4),
        by_language={k: round(sum(v) / len(v), 4) for k, v in sorted(by_lang.items())},
        tricky_accuracy=round(sum(tricky) / len(tricky), 4) if tricky else None,
        confusion=confusion(pred, labels), thresholds=load_thresholds(),
        errors=[{"id": r.id, "label": r.label, "predicted": p, "stacking": round(x["stacking_index"], 3), "tricky": r.tricky}
                for r, p, x in zip(rows, pred, results) if p != r.label],
    )


def fit_logic(rows: list[LabelledPitch], results: list[dict], datasets: list[str]) -> list[str]:  # type: ignore[type-arg]
    """Fit the logic model and its fallback thresholds on the same analysed pitches (`evaluate`'s `analyse` results)
    and save both, each with its cross-validated accuracy (the honest estimate). Returns what was done, a line each."""
    from assistant.analysis import logic_model

    labels = [r.label for r in rows]
    batches = [r.batch for r in rows]
    inputs = [x["row"] for x in results]
    cv = logic_model.cross_validate(inputs, labels, batches)
    model = logic_model.fit(inputs, labels, batches)
    model.info = {"fitted_on": datasets, "n": len(rows), "l2": model.info["l2"], "cv_accuracy": round(cv, 4)}
    path = logic_model.save(model)
    values = [x["payoff_density"] for x in results]
    t1, t2 = fit_thresholds(values, labels)
    saved = save_thresholds(t1, t2, datasets, len(rows), cross_validate(values, labels))
    return [f"Fitted the logic model on {len(rows)} pitches; cross-validated accuracy {cv:.3f}; saved {path}",
            f"Fitted the fallback thresholds traffic ≥ {t1:.2f}, content < {t2:.2f}; saved {saved}"]
