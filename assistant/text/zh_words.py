"""Chinese word edges without a segmenter: a shared stretch of a pitch cut back to whole words (来发现 → 发现,
公司资 → 公司, 主身份 → 身份), and words a reader learns nothing from (自己, 已经, 后来) left out.

A stretch of characters the pitch and a case share can start or end inside a word of the pitch ("后来发现" shares
来发现). Loading jieba to segment the pitch would cost a new `storyworld search` a second; instead, a common two-character
word of jieba's dictionary that straddles the stretch's edge (后来) says the edge cuts a word, and the stretch is
trimmed. The few thousand words needed are read from the installed dictionary once and cached.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from assistant.cache import files_digest, write_atomically

EDGE_FREQUENCY = 200  # a two-character word at least this common in jieba's dictionary marks a word edge
# Pronouns, adverbs, conjunctions, prepositions, particles, numbers, measure, time and place words: the parts of speech
# that carry no premise (自己, 已经, 所以, 当年, 最后, 三十).
_FUNCTION_TAGS = frozenset("r d c p u y e o q t f m mq ad".split())
_NOT_WORTH_NAMING = frozenset(
    "知道 回来 回到 开始 发现 看见 看到 变成 成为 决定 留下 获得 只能 出现 得到 进入 离开 来到 带着 认为 觉得 需要 想要 不能 可以 没有 "
    "不是 就是 还是 一个 时候 所有人 两人 东西 这个 那个 一起 一切 事情 地方 样子 一直 终于 然后 因为 但是 结果 其中 之后 以后 之前".split()
)


def _dictionary() -> Path | None:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    return path if path.exists() else None


class ChineseWords:
    def __init__(self, edges: frozenset[str], stop: frozenset[str]) -> None:
        self.edges = edges  # common two-character words
        self.stop = stop | _NOT_WORTH_NAMING

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> ChineseWords:
        """From the cache when it matches the installed dictionary; else from the dictionary (about half a second)."""
        source = _dictionary()
        if source is None:
            return cls(frozenset(), frozenset())
        cache = cache_dir / f"zh-words-{files_digest([source, Path(__file__)])}.txt" if cache_dir else None  # rebuilt when either changes
        if cache is not None and cache.exists():
            edges, _, stop = cache.read_text(encoding="utf-8").partition("\n--\n")
            return cls(frozenset(edges.split()), frozenset(stop.split()))
        edge_words, stop_words = [], []
        with source.open(encoding="utf-8") as lines:
            for line in lines:
                word, freq, tag = line.split()[:3]
                if len(word) == 2 and int(freq) >= EDGE_FREQUENCY:
                    edge_words.append(word)
                if tag in _FUNCTION_TAGS and int(freq) >= 100:
                    stop_words.append(word)
        if cache is not None:
            write_atomically(cache, ("\n".join(edge_words) + "\n--\n" + "\n".join(stop_words)).encode("utf-8"))
        return cls(frozenset(edge_words), frozenset(stop_words))

    def whole(self, piece: str, text: str) -> str:
        """`piece` (found in `text`) trimmed until neither edge cuts a common word of `text`; "" when nothing worth
        naming is left."""
        at = text.find(piece)
        if at < 0:
            return ""
        start, end = at, at + len(piece)
        # An edge cuts a word when the characters across it make a common word and the ones inside it do not.
        while end - start >= 2 and start > 0 and text[start - 1 : start + 1] in self.edges and text[start : start + 2] not in self.edges:
            start += 1
        while end - start >= 2 and end < len(text) and text[end - 1 : end + 1] in self.edges and text[end - 2 : end] not in self.edges:
            end -= 1
        word = text[start:end]
        return word if len(word) >= 2 and word not in self.stop else ""
