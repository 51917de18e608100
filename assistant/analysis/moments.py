"""Exciting moments (爽点 / 사이다) per beat, with the exact clause as evidence and an intensity.

A moment the pitch only denies ("这不是一部打脸爽剧", "정체 공개나 통쾌한 반전 대신") is set aside, not counted.
A beat the writer tags as a payoff ("（小爽点）", "(첫 사이다)", "(Payoff.)") is one, whatever words it uses: outlines
written for the platforms mark their payoff beats, and a beat marked so but described plainly was not counted at all.
"""

from __future__ import annotations

import re

from assistant.analysis.cues import load_cues
from assistant.analysis.evidence import quote
from assistant.schemas.analysis import Beat, Moment
from assistant.schemas.taxonomy import Taxonomy
from assistant.text.concepts import ConceptMatch
from assistant.text.negation import Span, is_negated

# How hard each kind hits on its own; intensifiers in the same clause push it up.
BASE_INTENSITY = {
    "face-slap": 0.8, "identity-reveal": 0.75, "revenge": 0.6, "reversal": 0.55, "public-humiliation": 0.5,
    "power-up": 0.6, "wealth-flex": 0.65, "villain-exposed": 0.6, "rescue": 0.45, "sweet-moment": 0.35,
    "angst": 0.3, "cliffhanger": 0.35, "regret-groveling": 0.6,
}


WRITER_TAG = re.compile(r"[（(\[【]([^（）()\[\]【】\n]{0,10}?)(爽点|爽感|사이다|payoff|pay-off)([^（）()\[\]【】\n]{0,10})[）)\]】]", re.IGNORECASE)
TAG_INTENSITY = {"小": 0.45, "中": 0.65, "大": 0.85, "超": 0.95}
TAGGED = {"zh": "作者标注的爽点", "ko": "작가가 표시한 사이다", "en": "payoff the writer marked"}


def tagged_moments(text: str, beats: list[Beat], counted: list[Moment], negated: list[Span], lang: str) -> list[Moment]:
    """Payoffs the writer marked in brackets, in beats where no moment was found by its words (never counted twice)."""
    have = {m.beat for m in counted}
    out = []
    for match in WRITER_TAG.finditer(text):
        beat = next((b for b in beats if b.start <= match.start() and match.end() <= b.end), None)
        if beat is None or beat.index in have or is_negated(negated, match.start(), match.end()):
            continue
        have.add(beat.index)
        # The evidence is the clause the tag closes, tag included ("…当场刮目相看。（小爽点）"), not the bare tag.
        anchor = max(beat.start, match.start() - 2)
        _, q_start, _ = quote(text, anchor, anchor + 1, beat.start, beat.end)
        q_start, q_end = min(q_start, match.start()), match.end()
        words = text[q_start:q_end]
        size = next((v for k, v in TAG_INTENSITY.items() if k in match.group(1)), 0.6)
        out.append(Moment(beat=beat.index, kind="writer-marked", label=TAGGED.get(lang, TAGGED["en"]), quote=words, start=q_start, end=q_end,
                          intensity=size))
    return out


REACTION = {"zh": "以众人反应呈现的爽点", "ko": "반응으로 드러난 사이다", "en": "payoff shown by a reaction"}


def reaction_moments(text: str, beats: list[Beat], counted: list[Moment], negated: list[Span], lang: str) -> list[Moment]:
    """A beat with no moment found by its words, but where the room or the antagonist reacts ("하객들이 술렁인다",
    "脸色煞白", "everyone gasps"): the reaction is how a payoff is written without naming it. One per beat."""
    have = {m.beat for m in counted}
    out = []
    for match in load_cues().find(text, "reactions"):
        beat = next((b for b in beats if b.start <= match.start and match.end <= b.end), None)
        if beat is None or beat.index in have or is_negated(negated, match.start, match.end):
            continue
        have.add(beat.index)
        words, q_start, q_end = quote(text, match.start, match.end, beat.start, beat.end)
        out.append(Moment(beat=beat.index, kind="reaction", label=REACTION.get(lang, REACTION["en"]), quote=words, start=q_start, end=q_end,
                          intensity=0.5))
    return out


def find_moments(text: str, beats: list[Beat], matches: list[ConceptMatch], taxonomy: Taxonomy, negated: list[Span],
                 lang: str = "en") -> tuple[list[Moment], list[Moment]]:
    """Counted moments and denied ones; at most one moment of a kind per clause. `matches`: taxonomy hits in `text`."""
    cues = load_cues()
    counted: list[Moment] = []
    denied: list[Moment] = []
    seen: set[tuple[int, str, int]] = set()
    for beat in beats:
        for match in matches:
            if match.category != "exciting_moment" or not (beat.start <= match.start and match.end <= beat.end):
                continue
            start, end = match.start, match.end
            words, q_start, q_end = quote(text, start, end, beat.start, beat.end)
            key = (beat.index, match.concept_id, q_start)
            if key in seen:
                continue
            seen.add(key)
            boost = 0.15 * min(cues.count(words, "intensifiers"), 3) + (0.1 if any(c in words for c in "!！") else 0.0)
            concept = taxonomy.get(match.concept_id)
            moment = Moment(
                beat=beat.index, kind=match.concept_id, label=concept.label.get(lang) if concept else match.concept_id,
                quote=words, start=q_start, end=q_end, intensity=round(min(1.0, BASE_INTENSITY.get(match.concept_id, 0.5) + boost), 3),
            )
            (denied if is_negated(negated, start, end) else counted).append(moment)
    counted += tagged_moments(text, beats, counted, negated, lang)
    counted += reaction_moments(text, beats, counted, negated, lang)
    counted.sort(key=lambda m: (m.beat, m.start))
    return counted, denied
