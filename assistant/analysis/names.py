"""Character and place names, so suggestions can speak about *this* pitch (林晚, 한지우, Mara), not "the heroine".

Chinese: jieba part-of-speech tags (nr person, ns place). Korean: kiwipiepy proper nouns, re-joining names the
tokenizer splits (서/준 → 서준). English: capitalised words that are not sentence starters or stock words.
The tokenizers load lazily, once per process.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from functools import lru_cache

_LOCK = threading.Lock()
_EN_STOP = {
    "The", "A", "An", "And", "But", "Or", "In", "On", "At", "Of", "To", "For", "With", "When", "Then", "She", "He", "They", "His", "Her",
    "Their", "It", "Its", "This", "That", "These", "Those", "Ep", "Episode", "Season", "Act", "Part", "Logline", "Title", "Synopsis",
    "World", "Characters", "Character", "Setting", "Beat", "Beats", "After", "Before", "By", "As", "If", "While", "Now", "Years",
    "Everyone", "Nobody", "Someone", "One", "Two", "Three", "Her", "Him", "Who", "What", "Why", "How", "Where", "I", "We", "You",
    "Meanwhile", "Later", "Finally", "Instead", "Not", "No", "Yes", "Mr", "Mrs", "Ms", "Dr", "CEO", "TV", "OK", "Not", "Is",
}
_ZH_STOP = {"岳母", "婆婆", "总裁", "少爷", "小姐", "老太太", "老爷子", "女主", "男主", "女二", "男二", "大小姐", "养母", "养父",
            "侍卫", "小三", "公公", "师父", "师兄", "师姐", "付费卡"}
_ZH_PLACE_SUFFIX = tuple("城市县镇村州岛街巷山河湖海港区省京府湾乡屯寨坊")
_ZH_CITIES = {"上海", "北京", "广州", "深圳", "杭州", "苏州", "重庆", "成都", "香港", "南京", "武汉", "西安", "天津", "长沙", "厦门",
              "青岛", "澳门", "台北", "云南", "四川", "东北", "江南", "海南", "西藏", "新疆"}


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.posseg


@lru_cache(maxsize=1)
def _kiwi():  # type: ignore[no-untyped-def]
    from kiwipiepy import Kiwi

    return Kiwi()


def _top(counter: Counter[str], limit: int) -> list[str]:
    ranked = [w for w, n in counter.most_common() if n >= 2] or [w for w, _ in counter.most_common(limit)]
    out: list[str] = []
    for word in ranked:  # drop a name contained in a longer kept one (姜 inside 姜雨柔)
        if not any(word != kept and word in kept for kept in ranked[: ranked.index(word)] + out):
            out.append(word)
    return out[:limit]


TAGGED_PREFIX = 500  # names are introduced early; tagging the whole pitch costs ~60 ms per 1,000 characters


def chinese_names(text: str) -> tuple[list[str], list[str]]:
    """Tag the opening with jieba (nr person, ns place), then count those names over the whole pitch."""
    with _LOCK:
        tokens = list(_jieba().cut(text[:TAGGED_PREFIX]))
    people = {t.word for t in tokens if t.flag == "nr" and len(t.word) >= 2 and t.word not in _ZH_STOP and not t.word.endswith(("家", "府"))}
    places = {t.word for t in tokens if t.flag == "ns" and len(t.word) >= 2 and (t.word.endswith(_ZH_PLACE_SUFFIX) or t.word in _ZH_CITIES)}
    return _top(Counter({w: text.count(w) for w in people}), 6), _top(Counter({w: text.count(w) for w in places}), 4)


def korean_names(text: str) -> tuple[list[str], list[str]]:
    with _LOCK:
        tokens = _kiwi().tokenize(text)
    names: Counter[str] = Counter()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.tag == "NNP":
            form, end = tok.form, tok.start + tok.len
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if len(form) == 1 and nxt is not None and nxt.start == end and nxt.tag.startswith("NN") and len(nxt.form) <= 2:
                form, i = form + nxt.form, i + 1
            if len(form) >= 2:
                names[form] += 1
        i += 1
    people = _top(names, 8)
    return people[:6], []


def english_names(text: str) -> tuple[list[str], list[str]]:
    counts: Counter[str] = Counter()
    for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b", text, re.MULTILINE):
        words = m.group(1).split()
        if words[0] in _EN_STOP:
            continue
        counts[words[0]] += 1
    return _top(counts, 6), []


def extract_names(text: str, lang: str) -> tuple[list[str], list[str]]:
    """(characters, places) found in the pitch; empty lists when none are clear."""
    if lang == "zh":
        return chinese_names(text)
    if lang == "ko":
        return korean_names(text)
    return english_names(text)
