"""How the pitch says it is built: a stated payoff rhythm ("每3集一个反转", "3~4화마다 사이다", "a twist every episode")
and labelled episode-end hooks ("结尾：", "엔딩:", "Cliffhanger:").

A platform pitch announces its engine in these words whatever its prose sounds like: a quiet family drama with "每集
结尾一个家族秘密的揭晓" runs on hooks, and a pitch full of genre words but with no stated rhythm rarely does. A rhythm
phrase with a payoff or hook word beside it ("每集一个反转") says more than one without ("每集一个病人", an episodic
case drama); running times ("每集3分钟") are not rhythm at all. The counts feed the logic model (logic_model.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.analysis.evidence import quote
from assistant.text.negation import Span, is_negated

RHYTHM = re.compile(
    r"每集(?!\s*\d+\s*分钟)|每一集|每\s*\d+\s*集|每[一二三四五六七八九十两几]+集|集集|每隔.{0,3}集|每\s*\d+\s*[-~到]\s*\d+\s*集"
    r"|매\s?화|매회|\d+\s?화마다|\d+\s?~\s?\d+\s?화마다|화마다|회마다|에피소드마다"
    r"|every (?:single )?episode|each episode|every \d+(?:[-–]\d+)? episodes|every (?:few|other|couple of) episodes|per episode"
    r"|episode after episode",
    re.IGNORECASE)
PAYOFF_WORDS = re.compile(
    r"爽点|爽感|反转|钩子|悬念|打脸|高潮|反杀|揭晓|翻盘|逆袭|卡点|付费点|名场面|爆点|反击|揭穿|曝光|复仇"
    r"|사이다|반전|훅|엔딩|클리프행어|역전|폭로|응징|복수|한 방|통쾌"
    r"|payoff|pay-off|twist|hook|cliffhanger|reveal|reversal|comeuppance|exposure|exposed|revenge|win|victory|discovery|humiliat",
    re.IGNORECASE)
HOOK_LABEL = re.compile(r"结尾[:：]|集末[:：]|钩子[:：]|悬念[:：]|卡点[:：]|엔딩[:：]|훅[:：]|클리프행어|cliffhanger|\bhook[:：]|\bending[:：]|\bstinger\b",
                        re.IGNORECASE)
NEAR = 30  # characters either side of a rhythm phrase in which a payoff word makes it a payoff rhythm


@dataclass(frozen=True)
class Structure:
    rhythm: int  # rhythm phrases ("每集", "3~4화마다", "every episode"), running times excluded
    payoff_rhythm: int  # of those, the ones with a payoff or hook word nearby
    hook_labels: int  # labelled episode-end hooks
    example: str  # the first payoff-rhythm clause, quoted, for the reasons ("" if none)


def read_structure(text: str, negated: list[Span] | None = None) -> Structure:
    """Counts over the whole pitch; phrases the pitch denies ("不是每集一个反转的爽剧") are not counted."""
    rhythm = payoff = 0
    example = ""
    for match in RHYTHM.finditer(text):
        if negated and is_negated(negated, match.start(), match.end()):
            continue
        rhythm += 1
        window = text[max(0, match.start() - NEAR): match.end() + NEAR]
        if PAYOFF_WORDS.search(window):
            payoff += 1
            if not example:
                example = quote(text, match.start(), match.end())[0]
    hooks = sum(1 for m in HOOK_LABEL.finditer(text) if not (negated and is_negated(negated, m.start(), m.end())))
    return Structure(rhythm, payoff, hooks, example)

