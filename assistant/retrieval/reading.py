"""What a query asks for and what it rules out, read once before any case is scored.

A question's words are constraints ("韩国的", "长剧不要", "로맨스 아닌 것만"); a pitch's are setting details. This module
turns the text into that reading (concepts wanted and unwanted, dimensions asked and ruled out, countries); search.py
holds the reading against every candidate case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.retrieval.intent import (FEW_PAYOFFS, MANY_PAYOFFS, PAYOFF_WORDS, ROMANCE_GENRE, Intent, detect_countries, detect_intents,
                                        remade_in, remake_origins, remakes_into)
from assistant.text.concepts import ConceptMatch, ConceptMatcher
from assistant.text.lang import detect_language
from assistant.text.negation import Span, cue_within, is_negated, negated_spans, strip_negated

QUERY_CATEGORIES = {"trope", "exciting_moment", "transmedia_form"}
FORMAT_CONCEPTS = {"micro-drama", "drama-series"}  # answered by the format intents, not by concept overlap
QUESTION_CHARS = 150  # longer queries are pitches or descriptions: a country they name is a setting, not a constraint …
QUESTION_CHARS_EN = 300  # … English spends about twice the characters on the same question


_GENRE_AFTER = re.compile(r"\s?(?:题材|故事|剧|文|片|극|물|드라마|서사|(?:story|stories|drama|dramas|thriller|plot|arc)\b)", re.IGNORECASE)
_AGE = re.compile(r"(\d{2})\s*(?:-year-old|-something|\s*years? old|岁|歲|세|살)|(?<![\d\w])(?:in (?:her|his) (sixties|seventies|eighties))", re.IGNORECASE)
_AGE_WORDS = re.compile(r"(?:예순|일흔|여든)(?!\s?(?:해|년))|六十多岁|七十多岁|六十几岁|七十几岁|六旬|七旬")  # "예순 해 동안": sixty years, not an age
SILVER = "silver-romance"


def older_lead(text: str) -> bool:
    """A story about people of 55 or more ("a 63-year-old widow", "일흔을 앞둔 과부", "63岁的裁缝"): the library's silver-age
    cases are its comps, though no trope word names them."""
    if _AGE_WORDS.search(text):
        return True
    return any((m.group(1) and int(m.group(1)) >= 55) or m.group(2) for m in _AGE.finditer(text))


def _unwanted(text: str, spans: list[Span], matches: list[ConceptMatch], asked: set[str], countries: set[str]) -> set[str]:
    """Concepts the query rules out. "Not the silver flash-marriage ones", "중국 마갑물 말고": an age or a country
    the query does not itself ask for narrows what is set aside to a subset, so only the narrowing (silver age; the
    country, read elsewhere) is unwanted, not the whole trope it qualifies. In "中老年题材，别再是闪婚、老伴打脸那一套"
    the age is the topic, and the tropes listed are what is set aside."""
    out: set[str] = set()
    for span in spans:
        inside = [m for m in matches if span.start <= m.start and m.end <= span.end]
        phrase = text[span.start:span.end]
        narrowed = (any(m.concept_id == SILVER for m in inside) and SILVER not in asked) or bool(detect_countries(phrase) - countries)
        out |= {m.concept_id for m in inside if not narrowed or m.concept_id == SILVER}
    return out


def _genre_ruled_out(text: str, spans: list[Span], matches: list[ConceptMatch], genre: Intent) -> bool:
    """Whether a negated phrase sets a whole genre aside ("연애 얘기 아닌", "zero romance"), not only a kind of it that a
    longer concept form names ("skip the silver romance versions": that concept is ruled out, not romance)."""
    for span in spans:
        for m in genre.pattern.finditer(text, span.start, span.end):
            if not any(c.start <= m.start() and m.end() <= c.end and c.end - c.start > m.end() - m.start() for c in matches):
                return True
    return False


@dataclass(frozen=True)
class Reading:
    """One query, read: what it asks for and rules out."""

    lang: str
    spans: list[Span]  # negated phrases
    wanted: str  # the text without them
    question: bool  # a question's format, platform and country words are constraints; a pitch's are setting details
    concepts: set[str]
    unwanted: set[str]
    intents: list[Intent]
    ruled_out: list[Intent]
    countries: set[str]
    countries_out: set[str]


def read_query(text: str, matcher: ConceptMatcher) -> Reading:
    """Read a cleaned query (search.clean_query)."""
    lang = detect_language(text)
    matches = [m for m in matcher.find(text, QUERY_CATEGORIES) if m.concept_id not in FORMAT_CONCEPTS]  # type: ignore[arg-type]
    # A cue inside a concept's own form ("没有血缘的一家人", "not related by blood") names the concept, it rules nothing out.
    spans = [s for s in negated_spans(text, asked_head=True) if not any(cue_within(text, s, m.start, m.end) for m in matches)]
    wanted = strip_negated(text, spans)  # the query without what it rules out
    concepts = {m.concept_id for m in matches if not is_negated(spans, m.start, m.end)}
    if older_lead(wanted) and matcher.taxonomy.get(SILVER):
        concepts.add(SILVER)
    named_countries = detect_countries(wanted)
    # A remake ruled out is read by the remake intent (its `excludes`): the concept would also rule down the original.
    unwanted = _unwanted(text, spans, matches, concepts, named_countries) - concepts - {"remake"}
    if unwanted:  # "古人穿到现代…，反过来现代人穿回古代的别推": the time slip asked for is not ruled out with its reverse
        unwanted -= matcher.named_anywhere(wanted)
    # What the query asks about is read from its positive part; a dimension it rules out ("长剧不要", "I don't
    # mean the Disney+ show", "instead of a paid mini-program") counts against the cases that have it.
    intents = detect_intents(wanted)
    asked = {m.name for i in intents for m in (i.members or (i,))}
    negated_text = " ".join(text[s.start:s.end] for s in spans)
    # Asking for few or many payoffs ("节奏慢", "不靠爽点", "사이다 연타") is a question's constraint; a pitch's "slow burn" is its own pacing.
    question = len(text) <= (QUESTION_CHARS_EN if lang == "en" else QUESTION_CHARS)
    if not question:
        intents = [i for i in intents if i not in (FEW_PAYOFFS, MANY_PAYOFFS)]
    elif FEW_PAYOFFS.name not in asked and PAYOFF_WORDS.search(negated_text):
        intents = [*intents, FEW_PAYOFFS]
        asked.add(FEW_PAYOFFS.name)  # "不靠爽点、节奏慢也能爆": the slow pace caught in the same negation is asked for, not ruled out
    ruled_out = [i.as_ruled_out() for i in detect_intents(negated_text) if i.name not in asked] if spans else []
    if _genre_ruled_out(text, spans, matches, ROMANCE_GENRE):
        ruled_out.append(ROMANCE_GENRE)
    if FEW_PAYOFFS in intents:  # "counterexamples to the face-slap formula": a payoff named in a question for few payoffs is the contrast,
        # unless it is named as the genre asked for ("想要复仇题材", "복수극", "a revenge story")
        payoffs = {m.concept_id for m in matches if m.category == "exciting_moment"}
        concepts -= payoffs - {m.concept_id for m in matches if _GENRE_AFTER.match(text, m.end)}
        intents = [i for i in intents if i.name not in (MANY_PAYOFFS.name, "traffic logic")]  # "counterexamples to the 'traffic machine' argument"
        # "别是那种一集打三次脸的爽剧": what is ruled out is the density (the few-payoffs intent reads it), not every case with a face-slap
        unwanted -= payoffs
    # A country or format named in a question is a constraint ("国产微短剧", "Korean shows"); in a pitch or a
    # description it is a setting detail. A country it rules out ("중국 작품은 빼 주세요", "不要国产的") is a
    # constraint the other way.
    countries = named_countries if question and not remake_origins(wanted) else set()
    countries_out = detect_countries(negated_text) - countries if question and spans else set()
    remade_out = remade_in(negated_text) if question and spans else None
    if remade_out:  # "skip anything remade in mainland China": the remakes made there, not every Chinese case
        ruled_out.append(remakes_into(remade_out))
        countries_out.discard(remade_out)
    return Reading(lang=lang, spans=spans, wanted=wanted, question=question, concepts=concepts, unwanted=unwanted,
                   intents=intents, ruled_out=ruled_out, countries=countries, countries_out=countries_out)
