"""The `openai` backend: the same Critique, written by a model on any OpenAI-compatible endpoint.

The analysis and the retrieved cases' annotations go into the prompt; the answer is structured output into a
pydantic draft (json_schema where the server supports it; plain JSON with our own parsing where it does not).
Timeouts and 429/5xx retries with backoff are the openai client's; invalid output gets one repair attempt with
the validation error; after that an LLMError, which the service turns into the offline critique, marked.
"""

from __future__ import annotations

import json
import logging
import re
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from assistant.errors import StoryWorldError
from assistant.library import CaseLibrary
from assistant.prompts import render
from assistant.schemas.analysis import Analysis, Logic
from assistant.schemas.critique import Comparable, Critique, Diagnosis, Finding, Suggestions
from assistant.schemas.pitch import Pitch
from assistant.schemas.retrieval import CaseHit
from assistant.settings import Settings

log = logging.getLogger(__name__)
LANGUAGE_NAMES = {"zh": "Simplified Chinese (简体中文)", "ko": "Korean (한국어)", "en": "English"}
CASES_IN_PROMPT = 6


class LLMError(StoryWorldError):
    """The model could not produce a usable critique (unreachable, timed out, or invalid twice)."""


class CritiqueDraft(BaseModel):
    """What the model writes; the analysis, ids and versioning are added by StoryWorld."""

    logic: Logic = Field(description="traffic, content or balanced")
    findings: list[Finding] = Field(description="At least one per research dimension; evidence quoted verbatim from the pitch or null.")
    comparable_cases: list[Comparable] = Field(description="Cases from the given list only, by exact case_id.")
    suggestions: Suggestions
    summary: str


def case_brief(case: Any, lang: str) -> dict[str, Any]:
    d = case.dimensions
    return {
        "case_id": case.id, "title": case.title(lang), "country": case.country, "year": case.year, "format": case.format.kind,
        "premise": case.premise.get(lang), "industrial_model": d.industrial_model.type, "ip_chain": d.ip_origin.chain,
        "development_strategy": d.development_strategy.type, "stacking_level": d.narrative_logic.stacking_level,
        "emotional_core": case.notes(lang).emotional_core, "teaches": d.case_lesson.get(lang),
        "lessons": {"story_world": case.lessons.story_world.get(lang), "characters": case.lessons.characters.get(lang),
                    "transmedia": case.lessons.transmedia.get(lang)},
        "tropes": case.tropes,
    }


def analysis_brief(a: Analysis) -> dict[str, Any]:
    return {
        "logic": a.logic, "scores": a.scores.model_dump(), "reasons": a.reasons, "characters": a.characters, "places": a.places,
        "moments": [{"beat": m.beat, "kind": m.kind, "quote": m.quote, "intensity": m.intensity} for m in a.moments[:20]],
        "denied_moments": [m.quote for m in a.negated[:5]],
        "depth_signals": [{"beat": s.beat, "kind": s.kind, "quote": s.quote} for s in a.signals[:20]],
        "tropes": a.tropes,
    }


@lru_cache(maxsize=8)
def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A draft's JSON schema for the prompt, built once: pydantic rebuilds it on every call otherwise."""
    return model.model_json_schema()


def build_messages(pitch: Pitch, analysis: Analysis, cases: list[Any], lang: str) -> list[tuple[str, str]]:
    values = {"language_name": LANGUAGE_NAMES[lang], "pitch": pitch.text, "analysis": analysis_brief(analysis),
              "cases": [case_brief(c, lang) for c in cases], "schema": json_schema(CritiqueDraft)}
    return [("system", render("critique", "system", **values)), ("human", render("critique", "user", **values))]


_MODELS: dict[tuple, Any] = {}  # type: ignore[type-arg]


def chat_model(settings: Settings, model: str | None = None):  # type: ignore[no-untyped-def]
    """One ChatOpenAI (and its HTTP connection pool) per endpoint and model, shared by threads: building one costs more
    CPU than a request, which is what limits a concurrent batch."""
    from langchain_openai import ChatOpenAI

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    if not key:
        raise LLMError("the openai backend needs OPENAI_API_KEY (or use --backend offline)")
    cache_key = (model or settings.model, key, settings.openai_base_url, settings.request_timeout, settings.max_retries)
    if cache_key not in _MODELS:
        _MODELS[cache_key] = ChatOpenAI(model=cache_key[0], api_key=key, base_url=settings.openai_base_url,  # type: ignore[arg-type]
                                        timeout=settings.request_timeout, max_retries=settings.max_retries, temperature=0.2)
    return _MODELS[cache_key]


_STRUCTURED: dict[tuple[int, type], tuple[Any, Any]] = {}


@lru_cache(maxsize=8)
def response_format(model: type[BaseModel]) -> dict[str, Any]:
    """The strict json_schema response format, built once. Handing LangChain the pydantic class instead makes the
    openai client rebuild this schema and walk it on every request: most of a call's CPU in a concurrent batch."""
    from openai.lib._pydantic import to_strict_json_schema

    return {"type": "json_schema", "json_schema": {"name": model.__name__, "schema": to_strict_json_schema(model), "strict": True}}


def structured(llm, schema: type[BaseModel]):  # type: ignore[no-untyped-def]
    """The model bound to the schema's json_schema response format, built once; it answers an AIMessage whose content
    we validate ourselves. (`with_structured_output(include_raw=True)` would keep the raw answer too, but it runs each
    call through parallel runnables that start threads: a third of a call's CPU, which limits a concurrent batch.)"""
    key = (id(llm), schema)
    if key not in _STRUCTURED:
        # Sent as extra body, which the server receives the same way: as a typed parameter the openai client walks
        # the whole schema on every request to transform it, about a third of a call's CPU.
        bound = llm.bind(extra_body={"response_format": response_format(schema)})
        _STRUCTURED[key] = (llm, bound)  # holds llm so its id stays unique
    return _STRUCTURED[key][1]


def parse_json(text: str, model: type[BaseModel]) -> BaseModel:
    """Pull the JSON object out of a plain answer (code fences and chatter allowed) and validate it."""
    match = re.search(r"\{.*\}", text or "", re.DOTALL)
    if not match:
        raise ValueError("no JSON object found in the answer")
    return model.model_validate(json.loads(match.group(0)))


def structured_call(llm, messages: list[tuple[str, str]], schema: type[BaseModel], lang: str, prompt: str = "critique",  # type: ignore[no-untyped-def]
                    settings: Settings | None = None) -> BaseModel:
    """One logged model call (see llm_log.py) of `_structured_call`."""
    import time

    from assistant import llm_log

    started = time.perf_counter()
    prompt_chars = sum(len(text) for _, text in messages)
    try:
        result = _structured_call(llm, messages, schema, lang, prompt)
    except LLMError as exc:
        llm_log.record(prompt, started, False, settings, model=getattr(llm, "model_name", None), error=str(exc), prompt_chars=prompt_chars)
        raise
    llm_log.record(prompt, started, True, settings, model=getattr(llm, "model_name", None), prompt_chars=prompt_chars,
                   response_chars=len(result.model_dump_json()))
    return result


def _structured_call(llm, messages: list[tuple[str, str]], schema: type[BaseModel], lang: str, prompt: str) -> BaseModel:  # type: ignore[no-untyped-def]
    """json_schema structured output; plain JSON if the server rejects it; one repair attempt on invalid output."""
    import openai

    try:
        try:
            answer = structured(llm, schema).invoke(messages)
            raw = answer.content
            refusal = answer.additional_kwargs.get("refusal")
            if refusal:
                return _repair(llm, messages, raw, f"the model refused: {refusal}", schema, lang, prompt)
            try:
                return schema.model_validate_json(str(raw))
            except ValidationError:
                pass
            try:  # a server that takes the parameter but wraps its JSON in prose or code fences
                return parse_json(str(raw), schema)
            except (ValueError, ValidationError) as err:
                return _repair(llm, messages, raw, err, schema, lang, prompt)
        except openai.BadRequestError as exc:
            log.info("server rejected json_schema (%s); falling back to plain JSON", exc.status_code)
            raw = llm.invoke(messages).content
            try:
                return parse_json(str(raw), schema)
            except (ValueError, ValidationError) as err:
                return _repair(llm, messages, raw, err, schema, lang, prompt)
        except (ValueError, ValidationError) as err:  # an error object in a 200 answer, which langchain-openai raises as ValueError
            return _repair(llm, messages, getattr(err, "llm_output", None) or "", err, schema, lang, prompt)
    except openai.APITimeoutError:
        raise LLMError("the model timed out (STORYWORLD_REQUEST_TIMEOUT); try again or use --backend offline") from None
    except openai.RateLimitError:
        raise LLMError("the model server kept answering 429 (rate limited) after retries") from None
    except openai.APIStatusError as exc:
        raise LLMError(f"the model server answered HTTP {exc.status_code} after retries") from None
    except openai.APIConnectionError:
        raise LLMError("cannot reach the model server (OPENAI_BASE_URL)") from None


def _repair(llm, messages, raw, error, schema, lang, prompt="critique"):  # type: ignore[no-untyped-def]
    repair = render(prompt, "repair", error=str(error)[:800], language_name=LANGUAGE_NAMES[lang])
    answer = llm.invoke([*messages, ("ai", str(raw)[:6000] or "(invalid)"), ("human", repair)]).content
    try:
        return parse_json(str(answer), schema)
    except (ValueError, ValidationError) as err:
        raise LLMError(f"the model's answer was invalid twice: {str(err)[:300]}") from None


def llm_critique(pitch: Pitch, analysis: Analysis, hits: list[CaseHit], library: CaseLibrary, lang: str, settings: Settings) -> Critique:
    cases = [library.get(h.case_id) for h in hits[:CASES_IN_PROMPT]]
    llm = chat_model(settings)
    draft = structured_call(llm, build_messages(pitch, analysis, cases, lang), CritiqueDraft, lang, settings=settings)
    assert isinstance(draft, CritiqueDraft)
    return Critique(
        pitch_id=pitch.id, title=pitch.title, language=lang, backend="openai", model=settings.model,  # type: ignore[arg-type]
        analysis=analysis, diagnosis=Diagnosis(logic=draft.logic, stacking_index=analysis.scores.stacking_index, findings=draft.findings),
        comparable_cases=draft.comparable_cases, suggestions=draft.suggestions, summary=draft.summary,
    )


class Section(BaseModel):
    heading: str
    body: str


class ExpansionDraft(BaseModel):
    sections: list[Section] = Field(min_length=2)


def llm_expand(pitch: Pitch, analysis: Analysis, hits: list[CaseHit], library: CaseLibrary, axis: str, lang: str, settings: Settings):  # type: ignore[no-untyped-def]
    from assistant.schemas.critique import Expansion

    cases = [library.get(h.case_id) for h in hits[:CASES_IN_PROMPT]]
    values = {"axis": axis, "language_name": LANGUAGE_NAMES[lang], "pitch": pitch.text, "analysis": analysis_brief(analysis),
              "cases": [case_brief(c, lang) for c in cases], "schema": json_schema(ExpansionDraft)}
    messages = [("system", render("expand", "system", **values)), ("human", render("expand", "user", **values))]
    draft = structured_call(chat_model(settings), messages, ExpansionDraft, lang, prompt="expand", settings=settings)
    return Expansion(pitch_id=pitch.id, axis=axis, language=lang, backend="openai",  # type: ignore[arg-type]
                     sections=[s.model_dump() for s in draft.sections], cases=[c.id for c in cases])  # type: ignore[attr-defined]
