"""Which case a development move draws on: the one whose lesson on the move's axis says the most about that move.

A move cited with a case whose lesson is about something else ("Add interiority between hooks. From Don't Become a
Watermelon!: cast an actor whose real life matches the role") reads as boilerplate. Traits (the case's tropes and
dimension types) say which cases could illustrate a move; the sentence encoder says which lesson speaks to it. Lessons
and moves are compared in English, the one language every annotation has; their vectors are cached on disk by content
hash (the index's cache), so only a new or edited lesson is ever encoded.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.critique.comps import fits_traits

if TYPE_CHECKING:
    from assistant.critique.templates import Move
    from assistant.library import CaseLibrary
    from assistant.schemas.case import Case

COMP_BONUS = 0.05  # a pitch's own comps are preferred when their lesson fits nearly as well


@lru_cache(maxsize=4)
def _embedding(cache: Path):  # type: ignore[no-untyped-def]
    from assistant.retrieval.cached_encoder import CachedUSE
    from assistant.retrieval.embedding_cache import EmbeddingCache

    fn = CachedUSE()  # not the index's Chroma embedding function: importing chromadb here stopped batch workers forking
    fn.cache = EmbeddingCache(cache)
    return fn


_UNITS: dict[str, np.ndarray] = {}  # moves and lessons are a few hundred fixed texts: each read from the disk cache once


def _unit(texts: list[str]) -> np.ndarray:
    from assistant.settings import get_settings

    missing = [t for t in dict.fromkeys(texts) if t not in _UNITS]
    if missing:
        settings = get_settings()  # the home in force now: a test or a team may point it elsewhere
        vectors = np.asarray(_embedding(settings.path(settings.cache_dir) / "embeddings.sqlite").embed(missing), dtype=np.float32)
        _UNITS.update(zip(missing, vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)))
    return np.stack([_UNITS[t] for t in texts])


def move_text(move: Move) -> str:
    """The move and its reason in English, without the sentence that cites a case."""
    return f"{move.move.en}. {move.why.en.split(' From {case_title}')[0]}"


def lesson(case: Case, axis: str) -> str:
    return str(getattr(case.lessons, axis).en)


def case_for_move(move: Move, comps: list[Case], related: list[Case], library: CaseLibrary, avoid: set[str]) -> Case | None:
    """Among the cases retrieved for the pitch (`related`, comps first) with the trait the move needs, the one whose
    lesson is closest to the move, a comp by a small margin; the whole library only when none has the trait."""
    def usable(pool: list[Case]) -> list[Case]:
        found = {c.id: c for c in pool if c.id not in avoid and c.confidence != "low" and fits_traits(c, move.case_traits)}
        return list(found.values())

    # A plot comp illustrates a world or character move; a transmedia move is about the path an IP took, which any case
    # that took it illustrates, whatever its plot.
    cases = usable([*comps, *(library.cases if move.axis == "transmedia" else related)]) or usable(library.cases)
    if not cases:
        return comps[0] if comps else None
    vectors = _unit([move_text(move), *(lesson(c, move.axis) for c in cases)])
    comp_ids = {c.id for c in comps}
    fit = vectors[1:] @ vectors[0] + np.array([COMP_BONUS if c.id in comp_ids else 0.0 for c in cases])
    return cases[int(np.argmax(fit))]
