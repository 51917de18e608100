"""Deterministic rubric checks: each takes the eval context and returns (score in [0,1], reason)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from pydantic import ValidationError

from assistant.schemas.critique import Critique
from assistant.text.lang import script_counts

DIMENSIONS = {"industrial_model", "ip_origin", "development_strategy", "narrative_logic", "case_study"}
SECTIONS = ("story_world", "characters", "transmedia")
# Distinctive lines of our prompts; any of them in an answer means the prompt leaked.
LEAK_MARKERS = ("You are StoryWorld", "Reply with one JSON object", "DETERMINISTIC ANALYSIS", "RETRIEVED CASES", "matching this schema",
                "Answer in Simplified Chinese", "Answer in Korean", "Answer in English")


@dataclass
class EvalContext:
    pitch_text: str
    language: str  # the language the critique must be in
    gold_label: str | None
    raw: dict[str, Any]  # the critique as JSON (may be invalid)
    known_cases: set[str]
    critique: Critique | None = field(default=None)

    def __post_init__(self) -> None:
        try:
            self.critique = Critique.model_validate(self.raw)
        except ValidationError:
            self.critique = None


def _needs_critique(fn: Callable[[EvalContext], tuple[float, str]]) -> Callable[[EvalContext], tuple[float, str]]:
    def wrapper(ctx: EvalContext) -> tuple[float, str]:
        if ctx.critique is None:
            return 0.0, "not a valid Critique, so nothing to check"
        return fn(ctx)

    wrapper.__name__ = fn.__name__
    return wrapper


def schema_valid(ctx: EvalContext) -> tuple[float, str]:
    if ctx.critique is None:
        try:
            Critique.model_validate(ctx.raw)
        except ValidationError as exc:
            return 0.0, f"invalid: {str(exc).splitlines()[0][:160]}"
    return 1.0, "valid Critique"


@_needs_critique
def diagnosis_agreement(ctx: EvalContext) -> tuple[float, str]:
    got = ctx.critique.diagnosis.logic  # type: ignore[union-attr]
    if ctx.gold_label is None:
        return 1.0, "no gold label"
    if got == ctx.gold_label:
        return 1.0, f"{got} = gold"
    adjacent = "balanced" in (got, ctx.gold_label)
    return (0.5 if adjacent else 0.0), f"{got} vs gold {ctx.gold_label}"


@_needs_critique
def evidence_in_pitch(ctx: EvalContext) -> tuple[float, str]:
    c = ctx.critique
    quotes = [f.evidence for f in c.diagnosis.findings if f.evidence] + [m.quote for m in c.analysis.moments]  # type: ignore[union-attr]
    missing = [q for q in quotes if q not in ctx.pitch_text]
    if not quotes:
        return 1.0, "no quotes to check"
    return (1.0 - len(missing) / len(quotes)), ("all quotes verbatim" if not missing else f"not in the pitch: {missing[0][:50]!r} (+{len(missing) - 1})")


@_needs_critique
def citations_valid(ctx: EvalContext) -> tuple[float, str]:
    c = ctx.critique
    cited = [x.case_id for x in c.comparable_cases] + [s.case_id for a in SECTIONS for s in getattr(c.suggestions, a) if s.case_id]  # type: ignore[union-attr]
    unknown = [x for x in cited if x not in ctx.known_cases]
    countries = {x.country for x in c.comparable_cases if x.case_id in ctx.known_cases}  # type: ignore[union-attr]
    problems = ([f"unknown case id {unknown[0]!r}"] if unknown else []) + ([f"no {k} comp" for k in ("CN", "KR") if k not in countries])
    return (0.0 if problems else 1.0), ("; ".join(problems) or f"{len(cited)} citations, CN and KR comps")


@_needs_critique
def coverage(ctx: EvalContext) -> tuple[float, str]:
    c = ctx.critique
    empty = [a for a in SECTIONS if not getattr(c.suggestions, a)]  # type: ignore[union-attr]
    missing_dims = DIMENSIONS - {f.dimension for f in c.diagnosis.findings}  # type: ignore[union-attr]
    parts = 4 - len(empty) - (1 if missing_dims else 0)
    reason = "; ".join([f"empty section: {a}" for a in empty] + ([f"missing dimensions: {', '.join(sorted(missing_dims))}"] if missing_dims else []))
    return parts / 4, reason or "three sections and five dimensions"


def pitch_elements(ctx: EvalContext) -> list[str]:
    """Names and places the analysis found; else distinctive capitalised words or CJK runs of the pitch."""
    c = ctx.critique
    found = list(dict.fromkeys((c.analysis.characters[:4] + c.analysis.places[:3]) if c else []))
    if found:
        return found
    return list(dict.fromkeys(re.findall(r"\b[A-Z][a-z]{2,}\b|[\u4e00-\u9fff\uac00-\ud7a3]{2,4}", ctx.pitch_text)))[:20]


@_needs_critique
def specificity(ctx: EvalContext) -> tuple[float, str]:
    """Share of the filled sections that name the pitch's elements (empty sections are coverage's business)."""
    elements = pitch_elements(ctx)
    filled = [a for a in SECTIONS if getattr(ctx.critique.suggestions, a)]  # type: ignore[union-attr]
    if not filled:
        return 0.0, "no suggestions at all"
    hits = [any(e in (s.move + s.why + s.example) for s in getattr(ctx.critique.suggestions, a) for e in elements) for a in filled]  # type: ignore[union-attr]
    generic = [a for a, ok in zip(filled, hits) if not ok]
    return sum(hits) / len(filled), ("every section names the pitch's elements" if not generic else f"no pitch element in: {', '.join(generic)}")


def text_of(c: Critique) -> str:
    parts = [c.summary] + [f.message for f in c.diagnosis.findings]
    parts += [s.move + " " + s.why + " " + s.example for a in SECTIONS for s in getattr(c.suggestions, a)]
    return "\n".join(parts)


def written_language(text: str) -> str:
    """Script-based language of generated prose, ignoring quoted names (a Korean critique may quote 林晚)."""
    counts = script_counts(text)
    weights = {"zh": counts.han, "ko": counts.hangul * 1.2, "en": counts.latin / 4}
    return max(weights, key=lambda k: weights[k])


@_needs_critique
def language_fidelity(ctx: EvalContext) -> tuple[float, str]:
    c = ctx.critique
    pieces = [c.summary] + [s.example for a in SECTIONS for s in getattr(c.suggestions, a)] + [f.message for f in c.diagnosis.findings]  # type: ignore[union-attr]
    langs = [written_language(p) for p in pieces if p.strip()]
    right = sum(1 for x in langs if x == ctx.language)
    overall = written_language(text_of(c))  # type: ignore[arg-type]
    score = right / len(langs) if langs else 0.0
    if overall != ctx.language:
        score = min(score, 0.0)
    return round(score, 3), f"written in {overall}, expected {ctx.language} ({right}/{len(langs)} parts)"


def no_leak(ctx: EvalContext) -> tuple[float, str]:
    import json

    blob = json.dumps(ctx.raw, ensure_ascii=False)
    leaked = [m for m in LEAK_MARKERS if m in blob]
    return (0.0, f"prompt text in output: {leaked[0]!r}") if leaked else (1.0, "no prompt text")


CHECKS: dict[str, Callable[[EvalContext], tuple[float, str]]] = {
    fn.__name__: fn for fn in (schema_valid, diagnosis_agreement, evidence_in_pitch, citations_valid, coverage, specificity, language_fidelity, no_leak)
}
