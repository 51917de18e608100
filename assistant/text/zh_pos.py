"""jieba's part-of-speech HMM decoded with numpy: the same model and the same answers, several times faster.

jieba tags the characters it cannot segment from its dictionary (most character names are such runs) with a
Viterbi search over 256 (position, tag) states written in pure Python. It was most of the cost of analysing a
Chinese pitch. `FastViterbi` replays that search step for step (the same candidate states, the same additions in
the same order, the same tie-break: the larger state wins), so `install()` changes speed, not results;
tests/test_zh_pos.py checks the two decoders agree.
"""

from __future__ import annotations

from typing import Any

import numpy as np

MIN_FLOAT = -3.14e100  # jieba's "unseen emission" score


class FastViterbi:
    """A drop-in for `jieba.posseg.viterbi.viterbi(obs, states, start_p, trans_p, emit_p)` over fixed tables."""

    def __init__(self, char_states: dict[str, Any], start_p: dict[Any, float], trans_p: dict[Any, dict[Any, float]],
                 emit_p: dict[Any, dict[str, float]]) -> None:
        self.names = sorted(trans_p)  # tuple order, so a larger index is the state jieba's max() prefers on a tie
        index = {s: i for i, s in enumerate(self.names)}
        n = len(self.names)
        self.trans = np.full((n, n), -np.inf)
        for x, row in trans_p.items():
            for y, p in row.items():
                self.trans[index[x], index[y]] = p
        self.reach = np.isfinite(self.trans)
        self.has_next = np.array([len(trans_p[s]) > 0 for s in self.names])
        self.start = np.array([start_p[s] for s in self.names])
        self.every = np.arange(n)
        self._index, self._emit_p, self._char_states = index, emit_p, char_states
        self._states: dict[str, np.ndarray] = {}
        self._emit: dict[str, np.ndarray] = {}

    def _candidates(self, char: str) -> np.ndarray:
        if char not in self._states:
            listed = self._char_states.get(char)
            self._states[char] = self.every if listed is None else np.array(sorted(self._index[s] for s in listed))
        return self._states[char]

    def _emission(self, char: str) -> np.ndarray:
        if char not in self._emit:
            self._emit[char] = np.array([self._emit_p[s].get(char, MIN_FLOAT) for s in self.names])
        return self._emit[char]

    def __call__(self, obs: str, states: Any = None, start_p: Any = None, trans_p: Any = None, emit_p: Any = None) -> tuple[float, list]:
        current = self._candidates(obs[0])
        scores = self.start[current] + self._emission(obs[0])[current]
        back: list[np.ndarray] = []
        for char in obs[1:]:
            keep = self.has_next[current]
            prev, prev_scores = current, scores
            prev, prev_scores = prev[keep], prev_scores[keep]
            expected = self.reach[prev].any(axis=0)
            candidates = self._candidates(char)
            nxt = candidates[expected[candidates]]
            if not len(nxt):
                nxt = np.flatnonzero(expected) if expected.any() else self.every
            table = (prev_scores[:, None] + self.trans[np.ix_(prev, nxt)]) + self._emission(char)[nxt][None, :]
            best = len(prev) - 1 - table[::-1].argmax(axis=0)  # the last maximum: the larger previous state
            scores = table[best, np.arange(len(nxt))]
            pointer = np.full(len(self.names), -1)
            pointer[nxt] = prev[best]
            back.append(pointer)
            current = nxt
        last = len(current) - 1 - int(scores[::-1].argmax())
        state = int(current[last])
        route = [state]
        for pointer in reversed(back):
            state = int(pointer[state])
            route.append(state)
        return float(scores[last]), [self.names[i] for i in reversed(route)]


def install() -> None:
    """Make jieba.posseg decode with FastViterbi (idempotent)."""
    import jieba.posseg as posseg

    if not isinstance(posseg.viterbi, FastViterbi):
        posseg.viterbi = FastViterbi(posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)
