"""The numpy decoder of jieba's part-of-speech HMM must give exactly jieba's answers, only faster."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import jieba.posseg as posseg
from jieba.posseg.viterbi import viterbi as jieba_viterbi

from assistant.text.zh_pos import FastViterbi

ROOT = Path(__file__).resolve().parent.parent


def _chinese_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "pitches").glob("zh-*.md"))]
    for path in sorted((ROOT / "evals" / "datasets").glob("pitches*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        texts += [r["text"] for r in rows if r.get("language") == "zh"]
    return texts


def test_fast_viterbi_matches_jieba_on_every_han_run_and_on_random_strings() -> None:
    fast = FastViterbi(posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)
    texts = _chinese_texts()
    runs = [run for text in texts for run in re.findall(r"[\u4e00-\u9fff]+", text)]
    rng = random.Random(7)
    runs += ["".join(rng.choice(text) for _ in range(rng.randint(1, 40))) for text in texts for _ in range(5)]  # unseen mixes
    assert len(runs) > 1000
    for run in runs:
        expected_prob, expected_route = jieba_viterbi(run, posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)
        prob, route = fast(run)
        assert route == expected_route, run
        assert prob == expected_prob or abs(prob - expected_prob) <= 1e-9 * abs(expected_prob), run


def test_installed_decoder_leaves_tagging_unchanged() -> None:
    from assistant.analysis.names import _jieba

    text = _chinese_texts()[0][:500]
    tagged = [(w.word, w.flag) for w in _jieba().cut(text)]
    installed = posseg.viterbi
    try:
        posseg.viterbi = jieba_viterbi
        reference = [(w.word, w.flag) for w in posseg.cut(text)]
    finally:
        posseg.viterbi = installed
    assert isinstance(installed, FastViterbi)
    assert tagged == reference
