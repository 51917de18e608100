"""The critique pipeline: pitch → analysis → retrieval → chain (offline or model) → grounding → Critique."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.analysis.analyzer import get_analyzer
from assistant.library import CaseLibrary
from assistant.schemas.analysis import Analysis
from assistant.schemas.retrieval import CaseHit
from assistant.critique.grounding import ground
from assistant.critique.offline import compose
from assistant.errors import StoryWorldError
from assistant.schemas.critique import Critique, GroundingNote
from assistant.schemas.pitch import Pitch
from assistant.settings import Settings, get_settings

COMPS_TO_RETRIEVE = 20  # enough that the best Chinese and the best Korean case are both among them


_SEARCHERS: dict[tuple, object] = {}  # type: ignore[type-arg]


def searcher(settings: Settings):  # type: ignore[no-untyped-def]
    """One Searcher per index location and embedding, reused across pitches (opening costs a model load)."""
    from assistant.retrieval.search import Searcher

    key = (str(settings.path(settings.index_dir)), settings.chroma_url, settings.embedding)
    if key not in _SEARCHERS:
        _SEARCHERS[key] = Searcher.open(settings)
    return _SEARCHERS[key]


def pitch_vectors(pitch: Pitch):  # type: ignore[no-untyped-def]
    """Encode the pitch once; the analysis reads its sentences and beats, and retrieval uses the beats as passages."""
    from assistant.analysis.beats import split_beats
    from assistant.analysis.semantic import encode_pitch

    return encode_pitch(pitch.text, split_beats(pitch.text))


def query_vectors(vectors):  # type: ignore[no-untyped-def]
    """Whole-pitch vector (normalised mean of the beats) followed by the beat vectors."""
    from assistant.analysis.semantic import whole_vector

    return [whole_vector(vectors), *vectors] if len(vectors) > 1 else [whole_vector(vectors)]


def output_language(pitch: Pitch, lang: str | None) -> str:
    if lang in (None, "", "auto"):
        return pitch.language
    if lang not in ("zh", "ko", "en"):
        raise StoryWorldError(f"unknown language {lang!r}; use auto, zh, ko or en")
    return lang


@dataclass
class Prepared:
    """Everything a critique needs before (or without) a model: the CPU-bound half of the pipeline."""

    pitch: Pitch
    language: str
    analysis: Analysis
    hits: list[CaseHit]
    offline: Critique


def prepare(pitch: Pitch, lang: str | None = None, settings: Settings | None = None) -> Prepared:
    """Analysis, retrieval and the offline critique (CPU-bound; batch runs it in worker processes)."""
    settings = settings or get_settings()
    out_lang = output_language(pitch, lang)
    analyzer = get_analyzer()
    vectors = pitch_vectors(pitch)
    analysis = analyzer.analyze(pitch, out_lang, vectors=vectors)
    hits = searcher(settings).search(pitch.text, k=COMPS_TO_RETRIEVE, vectors=query_vectors(vectors.beats), stacking=analysis.scores.stacking_index)
    return Prepared(pitch, out_lang, analysis, hits, compose(pitch, analysis, hits, analyzer.library, out_lang))


def finish(prepared: Prepared, backend: str, settings: Settings | None = None, library: CaseLibrary | None = None) -> Critique:
    """The model half (I/O-bound; batch runs it in threads) and the grounding check, for either backend."""
    settings = settings or get_settings()
    library = library or CaseLibrary.load(settings)
    p = prepared
    if backend == "offline":
        return ground(p.offline, p.pitch, p.hits, library)
    from assistant.critique.llm import LLMError, llm_critique

    try:
        result = llm_critique(p.pitch, p.analysis, p.hits, library, p.language, settings)
    except LLMError as exc:
        fallback = p.offline.model_copy(update={"grounding": [GroundingNote(kind="fallback", detail=f"model call failed, offline critique shown: {exc}")]})
        return ground(fallback, p.pitch, p.hits, library)
    return ground(result, p.pitch, p.hits, library, fallback=p.offline)


def critique_pitch(pitch: Pitch, backend: str | None = None, lang: str | None = None, settings: Settings | None = None) -> Critique:
    """Critique one pitch. With backend=openai a failed model call falls back to the offline critique, marked as such."""
    settings = settings or get_settings()
    backend = backend or settings.effective_backend
    if backend not in ("offline", "openai"):
        raise StoryWorldError(f"unknown backend {backend!r}; use offline or openai")
    return finish(prepare(pitch, lang, settings), backend, settings, get_analyzer().library)


def expand_pitch(pitch: Pitch, axis: str, backend: str | None = None, lang: str | None = None, settings: Settings | None = None):  # type: ignore[no-untyped-def]
    """A story-bible section on one axis; a failed model call falls back to the offline section."""
    from assistant.critique.expand import AXES, expand_offline

    if axis not in AXES:
        raise StoryWorldError(f"unknown axis {axis!r}; use world, characters or transmedia")
    settings = settings or get_settings()
    backend = backend or settings.effective_backend
    p = prepare(pitch, lang, settings)
    library = get_analyzer().library
    offline = expand_offline(pitch, p.analysis, p.hits, library, axis, p.language)
    if backend != "openai":
        return offline
    from assistant.critique.llm import LLMError, llm_expand

    try:
        return llm_expand(pitch, p.analysis, p.hits, library, axis, p.language, settings)
    except LLMError:
        return offline
