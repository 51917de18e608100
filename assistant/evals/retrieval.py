"""Retrieval evaluation on graded relevance: nDCG@5, recall@5 of the must-have cases, MRR.

Every number is reported next to a plain baseline (the encoder over each case's English premise alone),
so any ranking idea has to show what it buys.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
from pydantic import BaseModel, Field


K = 5


class RetrievalQuery(BaseModel):
    id: str
    query: str
    language: str
    kind: str
    relevant: dict[str, int] = Field(description="case id -> grade (2 = must find, 1 = useful).")
    distractors: list[str] = Field(default_factory=list)
    note: str = ""


def load_queries(path: Path) -> list[RetrievalQuery]:
    from assistant.datasets import load_jsonl

    return load_jsonl(path, RetrievalQuery)


def ndcg(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    dcg = sum((2 ** relevant.get(cid, 0) - 1) / math.log2(i + 2) for i, cid in enumerate(ranked[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    """Recall of the must-have (grade 2) cases; of every relevant case when a query has no must-have."""
    must = {cid for cid, g in relevant.items() if g >= 2} or {cid for cid, g in relevant.items() if g > 0}
    return len(must & set(ranked[:k])) / len(must) if must else 0.0


def reciprocal_rank(ranked: list[str], relevant: dict[str, int]) -> float:
    return next((1.0 / (i + 1) for i, cid in enumerate(ranked) if relevant.get(cid, 0) > 0), 0.0)


class Metrics(BaseModel):
    n: int
    ndcg5: float
    recall5: float
    mrr: float


def _metrics(rows: list[tuple[RetrievalQuery, list[str]]]) -> Metrics:
    n = len(rows)
    return Metrics(
        n=n,
        ndcg5=round(sum(ndcg(r, q.relevant) for q, r in rows) / n, 4) if n else 0.0,
        recall5=round(sum(recall(r, q.relevant) for q, r in rows) / n, 4) if n else 0.0,
        mrr=round(sum(reciprocal_rank(r, q.relevant) for q, r in rows) / n, 4) if n else 0.0,
    )


class RetrievalReport(BaseModel):
    system: str
    overall: Metrics
    by_kind: dict[str, Metrics]
    by_language: dict[str, Metrics]
    per_query: list[dict] = Field(default_factory=list)


def evaluate(queries: list[RetrievalQuery], rank: Callable[[str], list[str]], system: str) -> RetrievalReport:
    rows = [(q, rank(q.query)) for q in queries]
    groups: dict[str, dict[str, list]] = {"kind": defaultdict(list), "language": defaultdict(list)}
    for q, ranked in rows:
        groups["kind"][q.kind].append((q, ranked))
        groups["language"][q.language].append((q, ranked))
    return RetrievalReport(
        system=system,
        overall=_metrics(rows),
        by_kind={k: _metrics(v) for k, v in sorted(groups["kind"].items())},
        by_language={k: _metrics(v) for k, v in sorted(groups["language"].items())},
        per_query=[{"id": q.id, "kind": q.kind, "language": q.language, "ndcg5": round(ndcg(r, q.relevant), 3), "top5": r[:K]} for q, r in rows],
    )


class PlainBaseline:
    """The encoder over one English premise per case, cosine-ranked: what the library gives with no ranking ideas."""

    def __init__(self, cases: Iterable, embedding) -> None:  # type: ignore[no-untyped-def]
        cases = list(cases)
        self.ids = [c.id for c in cases]
        self.matrix = np.vstack(embedding.embed([c.premise.en for c in cases]))
        self.embedding = embedding

    def rank(self, query: str) -> list[str]:
        q = np.asarray(self.embedding._encode([query])[0])
        order = np.argsort(-(self.matrix @ q))
        return [self.ids[i] for i in order[:20]]


def format_report(reports: list[RetrievalReport]) -> str:
    """A plain-text table: one column per system, rows overall / per kind / per language."""
    lines = []
    header = f"{'slice':<22}{'n':>4}  " + "  ".join(f"{r.system[:24]:>24}" for r in reports)
    lines.append(header)
    lines.append(f"{'':<28}" + "  ".join(f"{'nDCG@5  R@5   MRR':>24}" for _ in reports))

    def row(label: str, pick: Callable[[RetrievalReport], Metrics]) -> None:
        ms = [pick(r) for r in reports]
        lines.append(f"{label:<22}{ms[0].n:>4}  " + "  ".join(f"{m.ndcg5:>8.3f} {m.recall5:>5.3f} {m.mrr:>5.3f}   " for m in ms))

    row("overall", lambda r: r.overall)
    for kind in reports[0].by_kind:
        row(f"kind={kind}", partial(lambda key, r: r.by_kind[key], kind))
    for lang in reports[0].by_language:
        row(f"language={lang}", partial(lambda key, r: r.by_language[key], lang))
    return "\n".join(lines)


def dump(reports: list[RetrievalReport]) -> str:
    return json.dumps([r.model_dump() for r in reports], ensure_ascii=False, indent=2)
