"""Retrieval quality gate on the graded query sets (`storyworld eval retrieval` prints the same numbers).

`retrieval.jsonl` was used while designing the ranking, so its numbers are development numbers.
`retrieval_holdout.jsonl` was written separately and kept out of design choices for two sessions; its failures were
then read to find the remake-direction and Korean negation-scope bugs, so it is now half-seen.
`retrieval_fresh.jsonl` was written blind afterwards (from the case cards only) and measured once before any further
change. `retrieval_fresh2.jsonl` was written blind in session 5 (again from the case cards alone, by a helper that saw
neither code nor other queries) and measured once, after that session's ranking changes: those raised the development
set from 0.80 to 0.86 and left the blind sets where they were (about 0.73 and 0.75). The fresh set's failures were
then read to find the negation bugs that came next, so it is half-seen too; `retrieval_fresh2.jsonl` is the honest
check (its overall number was watched, its queries were not read). `retrieval_dev2.jsonl` (90 queries, session 6,
written from the case cards by two helpers) was measured once at 0.781 and then became development data.
`retrieval_fresh3.jsonl` (45, written blind late in session 6) was measured once then: 0.824 (the session's starting
code: 0.818), and once at the end of session 7: 0.834 (fresh2 0.816); in session 8 its dimension misses were read, so
it is half-seen now (0.863 after that session's changes). `retrieval_fresh4.jsonl` (45, written blind from the case
cards in session 8) was measured once, at the end of that session: 0.845 (dimension 0.73, Korean 0.77; the session's
starting code 0.824); in session 9 it scored 0.872 after that session's changes, read as half-seen.
`retrieval_fresh5.jsonl` (45, session 9) was measured once mid-session: 0.795 (negatives 0.52; the session's starting
code 0.782); its misses were then read, so it is half-seen (0.826 at the end). In the same way `retrieval_fresh6.jsonl`
was measured once at 0.781 (starting code 0.756; 0.855 after its misses were read) and `retrieval_fresh7.jsonl` at
0.808 (starting code 0.778; 0.828 after). `retrieval_fresh8.jsonl` (45, written last) was measured once, at the end of
session 9: 0.836 (negatives 0.61; the starting code 0.831). `retrieval_fresh9.jsonl` (45, written blind from the case
cards at the start of session 10) was measured once, after that session's ranking changes: 0.875 (the session's
starting code 0.873), the first blind set to meet the issue's whole bar, which `test_blind_set_meets_the_issue_bar`
now holds it to. `retrieval_fresh10.jsonl` (45, written blind in session 10 and asked for less obvious angles) was
measured once, with the same code: 0.791 (dimension 0.72, trope 0.75, Chinese 0.74; the starting code 0.753), so the
bar is met on one blind set of two. Its misses were then read (it is half-seen now: 0.832 after the fixes they led to,
fresh9 unchanged). `retrieval_fresh11.jsonl` (45, written blind in session 10) was measured once after those fixes:
0.784 (negatives 0.50, dimension 0.68, English 0.75; the starting code 0.785); its misses were read too (0.864 after).
`retrieval_fresh12.jsonl` (45, written blind last) was measured once with the session's final code: 0.835 (negatives
0.66, Korean 0.73; the starting code 0.813); its queries were shown (not studied) at the start of session 11, so it is
half-seen now (0.844). `retrieval_fresh13.jsonl` (45, written blind from the cards in session 11) was measured once with
that session's starting code: 0.779 (dimension 0.62, negatives 0.67, Korean 0.64); its misses were then read (0.837
after). `retrieval_pitchcomps.jsonl` is a different check: 36 pitches NOT written from the cards (from the labelled
pitch sets and the examples), their comps graded by a helper that read only them and the cards. It scores 0.302 (plain
baseline 0.221): the card-derived pitch queries overstate how well a writer's own pitch finds its comps.
`retrieval_fresh14.jsonl` (45, written blind late in session 11, its pitches asked to be new projects rather than
paraphrased cards) was measured once with that session's final ranking: 0.870 (negatives 0.69, the only slice under
0.75; the session's starting code 0.856); its queries were not read. `retrieval_fresh15.jsonl` (45, written blind from
the cards in session 12) was measured once with that session's retrieval: 0.819 (dimension 0.74, negatives 0.69,
English 0.77; the session's starting code 0.827); the one query whose score the session had lowered was then read and
fixed (0.827); after the session's later fixes, which its other misses led to, it is half-seen (0.853).
`retrieval_fresh16.jsonl` (45, written blind from the cards at the end of session 12) was measured once with that
session's final retrieval: 0.840 (every kind and language at 0.77 or more; dimension 0.80, negatives 0.77; the
session's starting code 0.825); its queries were not read (0.834 with session 13's final code).
`retrieval_fresh17.jsonl` (45, written blind from the cards in session 13, asked for less obvious dimension angles)
was measured once mid-session: 0.793 (dimension 0.58, trope 0.72, Korean 0.76; the session's starting code 0.781);
its misses were then read (0.844 after the fixes they led to), so it is half-seen. `retrieval_fresh18.jsonl` (45,
written blind in session 13) was measured once with the session's final retrieval: 0.877 (every kind and language at
0.83 or more; the plain baseline 0.244; the session's starting code 0.870); its queries were not read. The floors
sit just under the measured values: they catch regressions; the README reports the numbers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evals.retrieval import PlainBaseline, evaluate, load_queries

DATASETS = Path(__file__).resolve().parent.parent / "evals" / "datasets"


@pytest.fixture(scope="module")
def reports(searcher):  # type: ignore[no-untyped-def]
    out = {}
    for name in ("retrieval", "retrieval_dev2", "retrieval_holdout", "retrieval_fresh", "retrieval_fresh2", "retrieval_fresh3", "retrieval_fresh4",
                 "retrieval_fresh5", "retrieval_fresh6", "retrieval_fresh7", "retrieval_fresh8", "retrieval_fresh9", "retrieval_fresh10", "retrieval_fresh11", "retrieval_fresh12",
                 "retrieval_fresh13", "retrieval_fresh14", "retrieval_fresh15", "retrieval_fresh16", "retrieval_fresh17", "retrieval_fresh18",
                 "retrieval_pitchcomps"):
        queries = load_queries(DATASETS / f"{name}.jsonl")
        ours = evaluate(queries, lambda q: [h.case_id for h in searcher.search(q, k=10)], "storyworld")
        plain = PlainBaseline(searcher.cases.values(), searcher.embedding)
        out[name] = (ours, evaluate(queries, plain.rank, "plain"))
    return out


def test_datasets_are_big_and_varied_enough() -> None:
    queries = load_queries(DATASETS / "retrieval.jsonl")
    assert len(queries) >= 60
    assert {q.kind for q in queries} == {"trope", "pitch", "dimension", "title", "negative"}
    assert {q.language for q in queries} == {"zh", "ko", "en"}


@pytest.mark.parametrize("name", ["retrieval", "retrieval_dev2", "retrieval_holdout", "retrieval_fresh"])
def test_beats_the_plain_baseline_where_ranking_ideas_apply(reports, name: str) -> None:  # type: ignore[no-untyped-def]
    ours, plain = reports[name]
    for kind in ("trope", "pitch", "dimension"):
        assert ours.by_kind[kind].ndcg5 >= plain.by_kind[kind].ndcg5 + 0.1, (kind, ours.by_kind[kind], plain.by_kind[kind])


def test_development_set_floor(reports) -> None:  # type: ignore[no-untyped-def]
    ours, _ = reports["retrieval"]
    assert ours.overall.ndcg5 >= DEV_FLOOR["overall"], ours.overall
    for kind, metrics in ours.by_kind.items():
        assert metrics.ndcg5 >= DEV_FLOOR[kind], (kind, metrics)
    for lang, metrics in ours.by_language.items():
        assert metrics.ndcg5 >= DEV_FLOOR["language"], (lang, metrics)


@pytest.mark.parametrize("name", ["retrieval_dev2", "retrieval_holdout", "retrieval_fresh", "retrieval_fresh2", "retrieval_fresh3", "retrieval_fresh4",
                                  "retrieval_fresh5", "retrieval_fresh6", "retrieval_fresh7", "retrieval_fresh8", "retrieval_fresh9", "retrieval_fresh10", "retrieval_fresh11", "retrieval_fresh12",
                                  "retrieval_fresh13", "retrieval_fresh14", "retrieval_fresh15", "retrieval_fresh16", "retrieval_fresh17", "retrieval_fresh18",
                                  "retrieval_pitchcomps"])
def test_held_out_floors(reports, name: str) -> None:  # type: ignore[no-untyped-def]
    ours, _ = reports[name]
    assert ours.overall.ndcg5 >= HELD_OUT_FLOOR[name], ours.overall


@pytest.mark.parametrize("name", ["retrieval_fresh16", "retrieval_fresh18"])
def test_the_newest_blind_sets_meet_the_per_kind_bar(reports, name: str) -> None:  # type: ignore[no-untyped-def]
    """fresh16 (measured once with session 12's final code) and fresh18 (once with session 13's), never read: every
    kind and language at 0.75 or more and the ranked kinds 0.1 over the plain baseline, as the issue asks; their
    overall (0.840, 0.877) is gated with the others."""
    ours, plain = reports[name]
    for slice_, metrics in [*ours.by_kind.items(), *ours.by_language.items()]:
        assert metrics.ndcg5 >= 0.75, (slice_, metrics)
    for kind in ("trope", "pitch", "dimension"):
        assert ours.by_kind[kind].ndcg5 >= plain.by_kind[kind].ndcg5 + 0.1, (kind, ours.by_kind[kind], plain.by_kind[kind])


@pytest.mark.parametrize("name", ["retrieval_fresh9", "retrieval_fresh18"])
def test_blind_set_meets_the_issue_bar(reports, name: str) -> None:  # type: ignore[no-untyped-def]
    """The issue's whole bar (0.85 overall, 0.75 on every kind and language, 0.1 over the plain baseline on the kinds
    the ranking ideas are for) on the blind sets that met it when measured once: fresh9 (0.875, session 10; read since,
    so a regression gate) and fresh18 (0.877, session 13; never read). Of the ten blind sets measured once since
    session 10 (fresh9 to fresh18), these two met it; the others measured 0.78-0.87 overall."""
    ours, plain = reports[name]
    assert ours.overall.ndcg5 >= 0.85, ours.overall
    for slice_, metrics in [*ours.by_kind.items(), *ours.by_language.items()]:
        assert metrics.ndcg5 >= 0.75, (slice_, metrics)
    for kind in ("trope", "pitch", "dimension"):
        assert ours.by_kind[kind].ndcg5 >= plain.by_kind[kind].ndcg5 + 0.1, (kind, ours.by_kind[kind], plain.by_kind[kind])


DEV_FLOOR = {"overall": 0.87, "trope": 0.84, "pitch": 0.90, "dimension": 0.84, "title": 0.92, "negative": 0.75, "language": 0.84}  # issue bar: 0.85, every kind and language 0.75
HELD_OUT_FLOOR = {"retrieval_dev2": 0.84, "retrieval_holdout": 0.89, "retrieval_fresh": 0.82, "retrieval_fresh2": 0.86, "retrieval_fresh3": 0.85,
                  "retrieval_fresh4": 0.86, "retrieval_fresh5": 0.84, "retrieval_fresh6": 0.84,
                  "retrieval_fresh7": 0.83, "retrieval_fresh8": 0.85, "retrieval_fresh9": 0.86, "retrieval_fresh10": 0.82, "retrieval_fresh11": 0.85, "retrieval_fresh12": 0.82,
                  "retrieval_fresh13": 0.82, "retrieval_fresh14": 0.85, "retrieval_fresh15": 0.83, "retrieval_fresh16": 0.82,
                  "retrieval_fresh17": 0.83, "retrieval_fresh18": 0.86, "retrieval_pitchcomps": 0.28}  # dev2: development data since its first measurement
