"""The eval suite: checks that fail exactly when they should, a judge on a real local server, and baseline gating."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.analysis.calibration import LabelledPitch
from assistant.evals.checks import CHECKS, EvalContext
from assistant.evals.rubric import load_rubric
from assistant.evals.runner import compare, score_item
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
RUBRIC = ROOT / "evals" / "rubric.yaml"


@pytest.fixture(scope="module")
def good(index_home: Path):  # type: ignore[no-untyped-def]
    from assistant.critique.service import critique_pitch
    from assistant.pitch import read_pitch
    from assistant.settings import Settings

    pitch = read_pitch(ROOT / "examples" / "pitches" / "ko-traffic.md")
    critique = critique_pitch(pitch, backend="offline", settings=Settings(home=index_home, cache_dir=ROOT / ".cache"))
    return pitch, critique.model_dump(mode="json")


def _scores(pitch, raw, library, gold="traffic") -> dict[str, float]:  # type: ignore[no-untyped-def]
    ctx = EvalContext(pitch_text=pitch.text, language="ko", gold_label=gold, raw=raw, known_cases={c.id for c in library.cases})
    return {name: fn(ctx)[0] for name, fn in CHECKS.items()}


def test_good_critique_passes_every_check(good, library) -> None:  # type: ignore[no-untyped-def]
    pitch, raw = good
    assert _scores(pitch, raw, library) == {name: 1.0 for name in CHECKS}


@pytest.mark.parametrize(
    ("breakage", "fails"),
    [
        ("wrong_language", {"language_fidelity"}),
        ("invented_case", {"citations_valid"}),
        ("quote_not_in_pitch", {"evidence_in_pitch"}),
        ("empty_section", {"coverage"}),
        ("leak", {"no_leak"}),
        ("generic", {"specificity"}),
        ("invalid", set(CHECKS) - {"no_leak"}),
    ],
)
def test_each_breakage_fails_exactly_its_checks(good, library, breakage: str, fails: set[str]) -> None:  # type: ignore[no-untyped-def]
    pitch, raw = good
    broken = json.loads(json.dumps(raw))
    if breakage == "wrong_language":
        broken["summary"] = "This critique is written in English although the pitch is Korean."
        for f in broken["diagnosis"]["findings"]:
            f["message"] = "The pacing stacks payoffs without consequences."
        name = raw["analysis"]["characters"][0]
        for axis in ("story_world", "characters", "transmedia"):
            for s in broken["suggestions"][axis]:
                s["move"], s["why"] = "Raise the stakes.", "Payoffs need a cost."
                s["example"] = f"Give {name} a wound that the first payoff reopens, and make the world's one rule cost her something."
    elif breakage == "invented_case":
        broken["comparable_cases"][0]["case_id"] = "kr-made-up-drama"
    elif breakage == "quote_not_in_pitch":
        broken["diagnosis"]["findings"][0]["evidence"] = "이 문장은 기획안에 없다"
    elif breakage == "empty_section":
        broken["suggestions"]["transmedia"] = []
    elif breakage == "leak":
        broken["summary"] += " You are StoryWorld, a senior story editor."
    elif breakage == "generic":
        for axis in ("story_world", "characters", "transmedia"):
            broken["suggestions"][axis] = [{"move": "세계를 더 풍부하게", "why": "깊이가 필요하다", "case_id": None, "example": "인물에게 깊이를 더하라"}]
    elif breakage == "invalid":
        broken.pop("diagnosis")
    scores = _scores(pitch, broken, library)
    assert {name for name, value in scores.items() if value < 1.0} == fails


def test_adjacent_logic_call_scores_half(good, library) -> None:  # type: ignore[no-untyped-def]
    pitch, raw = good
    assert _scores(pitch, raw, library, gold="balanced")["diagnosis_agreement"] == 0.5
    assert _scores(pitch, raw, library, gold="content")["diagnosis_agreement"] == 0.0


def test_judge_criteria_are_not_scored_without_a_judge(good, library) -> None:  # type: ignore[no-untyped-def]
    pitch, raw = good
    row = LabelledPitch(id="x", language="ko", label="traffic", text=pitch.text)
    scores = score_item(row, raw, load_rubric(RUBRIC), {c.id for c in library.cases}, judge=None, repeat=1)
    judged = [s for s in scores if s["kind"] == "judge"]
    assert judged and all(s["score"] is None and "not scored" in s["reason"] for s in judged)


def _verdict(criteria: list[str], score: int) -> str:
    return json.dumps({"scores": [{"criterion": c, "score": score, "reason": f"level {score} fits"} for c in criteria]})


def test_judge_on_a_local_server_with_malformed_answers(good, library, script, fake_llm_url, monkeypatch, index_home) -> None:  # type: ignore[no-untyped-def]
    from assistant.evals.judge import Judge
    from assistant.settings import Settings

    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    settings = Settings(home=index_home, prompts_dir=ROOT / "prompts", openai_base_url=f"{fake_llm_url}/v1", model="judge-model",
                        request_timeout=2.0, max_retries=0)
    rubric = load_rubric(RUBRIC)
    ids = [c.id for c in rubric.by_kind("judge")]
    pitch, raw = good
    row = LabelledPitch(id="x", language="ko", label="traffic", text=pitch.text)
    judge = Judge(settings, library)
    # 1st repeat: malformed then repaired (score 4); 2nd repeat: valid (score 2); 3rd: missing criteria twice -> failure not faked
    script({"content": "{oops"}, {"content": _verdict(ids, 4)}, {"content": _verdict(ids, 2)},
           {"content": _verdict(ids[:1], 5)}, {"content": _verdict(ids[:1], 5)})
    scores = {s["criterion"]: s for s in score_item(row, raw, rubric, {c.id for c in library.cases}, judge, repeat=3)}
    for cid in ids:
        assert scores[cid]["raw"] == [4, 2] and scores[cid]["score"] == pytest.approx((3 - 1) / 4) and scores[cid]["std"] == 1.0
    assert "levels" not in json.dumps(scores)


def test_baseline_gate_fails_on_a_drop_and_passes_on_a_rise() -> None:
    base = {"criteria": {"specificity": {"mean": 0.9, "tolerance": 0.05}, "coverage": {"mean": 1.0, "tolerance": 0.0}}}
    dropped = {"criteria": {"specificity": {"mean": 0.8, "tolerance": 0.05}, "coverage": {"mean": 1.0, "tolerance": 0.0}}}
    risen = {"criteria": {"specificity": {"mean": 0.95, "tolerance": 0.05}, "coverage": {"mean": 1.0, "tolerance": 0.0}}}
    assert compare(dropped, base) == ["specificity: 0.900 → 0.800 (tolerance 0.05)"]
    assert compare(risen, base) == []


def test_offline_eval_run_writes_outputs_resumes_and_passes_the_baseline(tmp_path: Path) -> None:
    out = tmp_path / "eval"
    first = run_cli("eval", "run", "--out", str(out), "--baseline", "evals/baselines/offline.json")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "in-sample" not in first.stdout  # the default set is one the logic model never saw (pitches_fresh.jsonl)
    assert {p.name for p in out.iterdir()} >= {"results.jsonl", "summary.json", "report.md", "report.html"}
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["criteria"]["story_world_depth"]["status"] == "not scored" and summary["items"] >= 30
    lines = (out / "results.jsonl").read_text(encoding="utf-8").count("\n")
    again = run_cli("eval", "run", "--out", str(out))
    assert again.returncode == 0 and (out / "results.jsonl").read_text(encoding="utf-8").count("\n") == lines  # resumed, nothing redone
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="criteria"' in html and 'id="chart"' in html


def test_baseline_regression_exits_non_zero(tmp_path: Path) -> None:
    baseline = json.loads((ROOT / "evals" / "baselines" / "offline.json").read_text(encoding="utf-8"))
    # Pretend the past was better than any run can be, with no slack: today is a regression whatever the analysis scores.
    baseline["criteria"]["diagnosis_agreement"].update(mean=1.5, tolerance=0.0)
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(baseline), encoding="utf-8")
    result = run_cli("eval", "run", "--out", str(tmp_path / "eval"), "--baseline", str(path))
    assert result.returncode == 1 and "diagnosis_agreement" in result.stderr


def test_user_rubric_with_a_bad_check_name_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "rubric.yaml"
    path.write_text("criteria:\n  - {id: mine, kind: check, check: nope, description: x}\n", encoding="utf-8")
    result = run_cli("eval", "run", "--rubric", str(path), "--out", str(tmp_path / "o"), "--limit", "1")
    assert result.returncode == 1 and "unknown check(s) nope" in result.stderr and "Traceback" not in result.stderr


def test_calibration_set_is_labelled_and_the_judge_agreement_is_computed(library, script, fake_llm_url, monkeypatch, index_home) -> None:  # type: ignore[no-untyped-def]
    from assistant.evals.calibrate import calibrate_judge, load_calibration
    from assistant.evals.judge import Judge
    from assistant.schemas.critique import Critique
    from assistant.settings import Settings

    items = load_calibration(ROOT / "evals" / "datasets" / "judge_calibration.jsonl")
    assert len(items) >= 30 and {"generic", "wrong_comps", "wrong_language", "offline"} <= {i.variant for i in items}
    for item in items:
        Critique.model_validate(item.critique)
    rubric = load_rubric(RUBRIC)
    ids = [c.id for c in rubric.by_kind("judge")]
    sample = items[:4]
    # A judge that agrees exactly with the humans on 3 items and answers garbage twice on the 4th (left out, not guessed).
    steps = [{"content": json.dumps({"scores": [{"criterion": c, "score": it.human[c], "reason": "matches"} for c in ids]})} for it in sample[:3]]
    steps += [{"content": "garbage"}, {"content": "more garbage"}]
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    settings = Settings(home=index_home, prompts_dir=ROOT / "prompts", openai_base_url=f"{fake_llm_url}/v1", max_retries=0, request_timeout=2)
    script(*steps)
    report = calibrate_judge(sample, rubric, Judge(settings, library))
    for cid in ids:
        assert report[cid]["n"] == 3 and report[cid]["exact"] == 1.0 and report[cid]["within_one"] == 1.0


def test_calibrate_without_a_model_says_what_to_do() -> None:
    result = run_cli("eval", "calibrate")
    assert result.returncode == 1 and "OPENAI_API_KEY" in result.stderr


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_label_reviews_are_in_step_with_the_datasets() -> None:
    """The blind reviews describe the labels as they are: editing a label or a grade without reviewing it fails here."""
    datasets = ROOT / "evals" / "datasets"
    labels = {r["id"]: r["label"] for name in ("pitches", "pitches_b", "pitches_c", "pitches_holdout") for r in _jsonl(datasets / f"{name}.jsonl")}
    reviews = {r["id"]: r for r in _jsonl(datasets / "pitch_label_review.jsonl")}
    assert set(reviews) == set(labels)
    assert all(reviews[i]["label"] == labels[i] for i in labels)
    agree = sum(r["reader_a"]["label"] == r["label"] and r["reader_b"]["label"] == r["label"] for r in reviews.values())
    assert agree / len(reviews) >= 0.95  # readers agreed on 172 and 173 of 174: labels they dispute need another look

    fresh = {r["id"]: r["label"] for r in _jsonl(datasets / "pitches_fresh.jsonl")}
    fresh_reviews = {r["id"]: r for r in _jsonl(datasets / "pitch_label_review_fresh.jsonl")}
    assert set(fresh_reviews) == set(fresh) and all(fresh_reviews[i]["label"] == fresh[i] for i in fresh)
    assert sum(r["reader_a"]["label"] == r["label"] for r in fresh_reviews.values()) / len(fresh) >= 0.9  # 35 of 36
    for name in ("fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11"):  # 36, 35, 36, 35, 36, 36, 36, 35, 36, 36 of 36
        blind = {r["id"]: r["label"] for r in _jsonl(datasets / f"pitches_{name}.jsonl")}
        blind_reviews = {r["id"]: r for r in _jsonl(datasets / f"pitch_label_review_{name}.jsonl")}
        assert set(blind_reviews) == set(blind) and all(blind_reviews[i]["label"] == blind[i] for i in blind)
        assert sum(r["reader_a"]["label"] == r["label"] for r in blind_reviews.values()) / len(blind) >= 0.9
    for name in ("d", "e", "f"):  # 216 of 216 each, ids hidden
        more = {r["id"]: r["label"] for r in _jsonl(datasets / f"pitches_{name}.jsonl")}
        more_reviews = {r["id"]: r for r in _jsonl(datasets / f"pitch_label_review_{name}.jsonl")}
        assert set(more_reviews) == set(more) and all(more_reviews[i]["label"] == more[i] for i in more)
        assert sum(r["reader_a"]["label"] == r["label"] for r in more_reviews.values()) / len(more) >= 0.95

    judged = {r["id"]: r for r in _jsonl(datasets / "retrieval_judgments.jsonl")}
    for name in ("retrieval", "retrieval_holdout"):
        for query in _jsonl(datasets / f"{name}.jsonl"):
            grades = judged[query["id"]]["grades"]
            final = {cid: g["final"] for cid, g in grades.items() if g["final"] > 0}
            assert final == query["relevant"], query["id"]
            assert all(g["final"] == sorted([g["author"], g["judge_a"], g["judge_b"]])[1] for g in grades.values()), query["id"]


def test_cached_critiques_are_keyed_by_the_pipeline_they_came_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An eval must never score stale critiques: editing the taxonomy (or the analysis, its data or the case library)
    changes the key under which critiques are cached."""
    import shutil

    from assistant.cache import pipeline_fingerprint

    taxonomy = tmp_path / "taxonomy.yaml"
    shutil.copy(ROOT / "vectorstore" / "taxonomy.yaml", taxonomy)
    monkeypatch.setenv("STORYWORLD_TAXONOMY_PATH", str(taxonomy))
    before = pipeline_fingerprint()
    assert pipeline_fingerprint() == before  # stable while nothing changes
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert pipeline_fingerprint() != before


def test_eval_analysis_no_cv_scores_the_saved_model_on_several_sets_without_refitting() -> None:
    # Two never-seen writer batches: with the default --cv that would start the by-batch refits; --no-cv only scores.
    result = run_cli("eval", "analysis", "--no-cv", "--dataset", "evals/datasets/pitches_fresh9.jsonl", "--dataset", "evals/datasets/pitches_fresh10.jsonl")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("72 pitches · logic accuracy 0.") and "never saw" in first
    assert "cross-validated" not in result.stdout and "holding out" not in result.stdout
    assert "AUC traffic vs content" in result.stdout
