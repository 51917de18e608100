"""Case-level search: vector similarity fused with what the library knows (taxonomy concepts, titles, dimensions).

Each case has several documents; a case's semantic score is its best document's similarity (for a long pitch,
half the whole-pitch similarity and half the mean over its passages, so one lucky sentence cannot carry it).
That score is then fused linearly with five signals the vectors miss: a word-level BM25 match in the query's
language (lexical.py), shared taxonomy concepts weighted by rarity (打脸 / 사이다 / face-slap are one concept), a
title or alias typed in any script, the dimensions the query asks about (IP chain, sequels, financing, format) and
the country it names.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import StoryWorldError
from assistant.retrieval.documents import case_documents
from assistant.retrieval.intent import intent_label, intent_score, remake_notes, strip_format_words
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.reading import QUESTION_CHARS, Reading, read_query
from assistant.retrieval.titles import SHORT_QUERY, TitleIndex, TitleMatch
from assistant.retrieval.titles import norm as norm_title
from assistant.schemas.case import Case
from assistant.schemas.retrieval import CaseHit, MatchSignals, SearchFilters
from assistant.text.concepts import ConceptMatcher
from assistant.text.negation import Span, negated_spans

MAX_QUERY_CHARS = 20_000  # longer input is cut here; a pitch is rarely a tenth of this
IN_MEMORY_LIMIT = 100_000  # up to this many documents, vectors are scored exactly in memory (faster than HNSW at this size)
PASSAGE_CHARS = 280
MAX_PASSAGES = 8
SHOW_WORDS = 0.3  # a word match this strong (share of the best case's) is named in the "why" line …
STACKING_LEVELS = {"low": 0.15, "medium": 0.5, "high": 0.85}  # a case's annotated level on the stacking index's scale
SAME_LOGIC_SHOWN = 0.85  # this close, the "why" line says the case is built the same way
RELATED = 0.3  # a near-synonym concept (taxonomy `related`) counts this much of a shared one
SHOWN = 8  # … of the first hits, the ones a reader sees (a critique retrieves 20 to choose its comps from)


@dataclass(frozen=True)
class Weights:
    """Fusion weights; see `storyworld eval retrieval` for what each one buys against the plain baseline."""

    concepts: float = 0.35
    title: float = 0.60
    dimensions: float = 0.4
    country: float = 0.5  # only for questions (QUESTION_CHARS): there a named country is a constraint
    pitch_dimensions: float = 0.25  # share of the dimension weight kept for pitches and descriptions (QUESTION_CHARS)
    negated: float = 0.3  # penalty for cases built on anything the query explicitly does not want
    ruled_out: float = 0.5  # penalty for cases with a dimension the query rules out ("长剧不要"), like a country asked for
    title_similarity: float = 0.75  # a short query this close to one title document is taken as that title
    title_coverage: float = 0.35  # a title making up this share of the query or more is a lookup; a smaller share only a word in it
    lexical: float = 0.1  # BM25 in the query's language (share of the best case): rare exact words the vectors blur
    pitch_lexical: float = 0.5  # the same for a pitch or description (QUESTION_CHARS): its many words are more evidence
    # A pitch's comps built the same way (`stacking`). On 36 pitches not written from the cards: +0.014 nDCG@5 with the
    # hand-built payoff density as the pitch's level, +0.027 with the stacking index (0.3: +0.024 / +0.029, 0.5: +0.04);
    # on the 151 pitch queries written from the cards −0.005 / −0.007 (0.5: −0.027), so a light weight.
    same_logic: float = 0.2


def clean_query(query: str) -> str:
    """Reject what cannot be searched, with a message that says what to fix; cut what is merely too long."""
    if query is None or not query.strip():
        raise StoryWorldError("the query is empty; type a question, a logline or a pitch")
    controls = sum(1 for ch in query if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if controls > max(3, len(query) // 50) or "\x00" in query:
        raise StoryWorldError("the query looks like binary data, not text; paste the pitch as plain text")
    text = re.sub(r"\s+", " ", query).strip()[:MAX_QUERY_CHARS]
    if not any(ch.isalnum() for ch in text):
        raise StoryWorldError("the query has no words to search for")
    return text


def passages(text: str) -> list[str]:
    """Split a long pitch into sentence-aligned passages of about PASSAGE_CHARS characters."""
    if len(text) <= PASSAGE_CHARS * 1.5:
        return []
    sentences = [s for s in re.split(r"(?<=[。！？!?.;；])\s*|\s(?=第\s*\d+\s*集|\d+\s*화|Ep\.?\s*\d+)", text) if s and s.strip()]
    out: list[str] = []
    current = ""
    for sentence in sentences:
        if current and len(current) + len(sentence) > PASSAGE_CHARS:
            out.append(current)
            current = ""
        current = f"{current} {sentence}".strip()
    if current:
        out.append(current)
    if len(out) > MAX_PASSAGES:  # keep coverage of the whole pitch: sample evenly
        step = len(out) / MAX_PASSAGES
        out = [out[int(i * step)] for i in range(MAX_PASSAGES)]
    return out


@dataclass
class _Candidate:
    sims: dict[int, float] = field(default_factory=dict)  # query-vector index -> best similarity
    best_doc: tuple[float, str, str] = (-1.0, "", "")  # similarity, text, language
    title_sim: float = -1.0  # best similarity of the whole query to a single-title document
    title_doc: str = ""


@dataclass(frozen=True)
class _Scoring:
    """A query's reading plus what scoring it needs from the search call."""

    reading: Reading
    lexical_weight: float  # exact words count for more the longer the text
    n_vectors: int  # the whole text, then its passages
    stacking: float | None = None  # the pitch's stacking index, when the caller analysed it


class Searcher:
    """Search over one opened collection; build with `Searcher.open()` for the configured index."""

    def __init__(self, cases: list[Case], collection, embedding, matcher: ConceptMatcher, weights: Weights | None = None,  # type: ignore[no-untyped-def]
                 snapshot: dict | None = None, cache_dir: Path | None = None) -> None:  # type: ignore[type-arg]
        self.cases = {c.id: c for c in cases}
        self.collection = collection  # None when searching a snapshot
        self.embedding = embedding
        self.matcher = matcher
        self.weights = weights or Weights()
        self._idf = self._concept_idf(cases)
        self._tropes = {c.id: c.all_tropes() for c in cases}
        self._related = matcher.taxonomy.related
        self._titles = TitleIndex(cases, cache_dir)
        self._remakes = self._remake_links(cases)
        self._lexical = LexicalIndex(lambda: {c.id: [(d.metadata["doc_kind"], d.metadata["lang"], d.text) for d in case_documents(c)]
                                              for c in cases}, cache_dir)
        if snapshot is not None:
            self._matrix = self._group(snapshot["ids"], snapshot["metadatas"], snapshot["documents"], snapshot["vectors"])
        else:
            self._matrix = self._load_vectors() if collection.count() <= IN_MEMORY_LIMIT else None

    @classmethod
    def open(cls, settings=None, weights: Weights | None = None) -> "Searcher":  # type: ignore[no-untyped-def]
        """The configured index: its snapshot when current (no Chroma start-up), else the Chroma collection."""
        from assistant.library import CaseLibrary
        from assistant.retrieval.documents import case_documents
        from assistant.retrieval.encoder import NAME, QueryEncoder
        from assistant.retrieval.snapshot import fingerprint, load_snapshot
        from assistant.settings import get_settings

        settings = settings or get_settings()
        library = CaseLibrary.load(settings)
        matcher = ConceptMatcher(library.taxonomy)
        offline_local = settings.embedding == "use-m3" and not settings.chroma_url
        if offline_local:
            expected = fingerprint({d.id: d.hash for c in library.cases for d in case_documents(c, library.taxonomy)})
            snapshot = load_snapshot(settings, expected, NAME)
            if snapshot is not None and len(snapshot["ids"]) <= IN_MEMORY_LIMIT:
                return cls(library.cases, None, QueryEncoder(), matcher, weights, snapshot=snapshot, cache_dir=settings.path(settings.cache_dir))
        from assistant.retrieval.index import open_collection, refresh_snapshot

        collection, fn = open_collection(settings)
        if offline_local:
            refresh_snapshot(settings, collection, fn.name(), expected)  # an index built before snapshots existed
        return cls(library.cases, collection, fn, matcher, weights, cache_dir=settings.path(settings.cache_dir))

    def _remake_links(self, cases: list[Case]) -> dict[str, set[str]]:
        """Cases linked as original and remake, read from the annotations' remake notes by exact title (Go Princess Go
        and Mr. Queen): someone looking up one title wants to see the other."""
        links: dict[str, set[str]] = defaultdict(set)
        for case in cases:
            made, source = remake_notes(case)
            for note in filter(None, [*made, source]):
                for other, match in self._titles.find(norm_title(note)).items():
                    if other != case.id and match.similarity >= 1.0:
                        links[case.id].add(other)
                        links[other].add(case.id)
        return links

    @staticmethod
    def _concept_idf(cases: list[Case]) -> dict[str, float]:
        counts: dict[str, int] = defaultdict(int)
        for case in cases:
            for concept in case.all_tropes():
                counts[concept] += 1
        n = max(len(cases), 1)
        return {c: math.log(1 + n / k) for c, k in counts.items()}

    def _load_vectors(self):  # type: ignore[no-untyped-def]
        """All document vectors, read once from Chroma for exact in-memory scoring."""
        from assistant.retrieval.snapshot import read_collection

        ids, metas, docs, vectors = read_collection(self.collection)
        return self._group(ids, metas, docs, vectors)

    @staticmethod
    def _group(ids: list[str], metas: list[dict], docs: list[str], vectors):  # type: ignore[no-untyped-def, type-arg]
        """Documents sorted by case, vectors normalised, with each case's first row, for per-case max scoring."""
        import numpy as np

        if not ids:
            return None
        order = sorted(range(len(ids)), key=lambda i: metas[i]["case_id"])
        matrix = np.asarray(vectors, dtype=np.float32)[order]
        matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
        metas = [metas[i] for i in order]
        docs = [docs[i] for i in order]
        case_ids = [m["case_id"] for m in metas]
        starts = np.array([i for i in range(len(case_ids)) if i == 0 or case_ids[i] != case_ids[i - 1]])
        is_title = np.array([m.get("doc_kind") == "title" for m in metas])
        return {"metas": metas, "docs": docs, "matrix": matrix, "starts": starts,
                "cases": [case_ids[i] for i in starts], "is_title": is_title}

    def search(self, query: str, k: int = 5, filters: SearchFilters | None = None, vectors: list | None = None,  # type: ignore[type-arg]
               stacking: float | None = None) -> list[CaseHit]:
        """Top-k cases for a question or a pitch. `vectors` (whole text first, then passages) skips encoding. `stacking`
        (a pitch's stacking index, 0–1, from its analysis) favours cases built the same way: an editor's comps for a
        payoff engine are payoff engines, for a slow family story slow ones."""
        if k < 1:
            raise StoryWorldError("k must be at least 1")
        text = clean_query(query)
        r = read_query(text, self.matcher)
        vectors = vectors if vectors is not None else self._vectors(strip_format_words(r.wanted))
        candidates = self._vector_candidates(vectors, filters)
        norm_query = norm_title(text)
        titles = self._titles.find(norm_query, text)
        named_out = self._titles_ruled_out(text, r.spans, r.wanted)  # "not Sweet Home", "재벌집 막내아들 같은 거 말고"
        titles = {case_id: match for case_id, match in titles.items() if case_id not in named_out}
        for case_id, cand in candidates.items():
            if len(norm_query) <= SHORT_QUERY and case_id not in titles and cand.title_sim >= self.weights.title_similarity:
                titles[case_id] = TitleMatch(cand.title_doc, len(norm_title(cand.title_doc)), 1.0)
        strengths = {case_id: self._title_strength(match, norm_query) for case_id, match in titles.items()}
        siblings: dict[str, tuple[str, float]] = {}  # remake or original of a looked-up title: half its title strength
        for case_id, strength in strengths.items():
            for other in self._remakes.get(case_id, ()):
                if other not in titles and strength / 2 > siblings.get(other, ("", 0.0))[1]:
                    siblings[other] = (titles[case_id].title, strength / 2)
        for case_id in [*titles, *siblings]:
            if case_id not in candidates and self._passes(case_id, filters):
                candidates[case_id] = _Candidate()
        lexical = self._lexical.scores(r.wanted, r.lang, [c for c in candidates if c in self.cases])
        w = self.weights
        q = _Scoring(r, lexical_weight=w.lexical if len(text) <= QUESTION_CHARS else w.pitch_lexical, n_vectors=len(vectors), stacking=stacking)
        scored = [(case_id, *self._score(case_id, cand, q, lexical.get(case_id, 0.0),
                                         titles[case_id].title if case_id in titles else None,
                                         strengths.get(case_id, siblings.get(case_id, ("", 0.0))[1]),
                                         siblings[case_id][0] if case_id in siblings else None, case_id in named_out))
                  for case_id, cand in candidates.items() if case_id in self.cases]
        scored.sort(key=lambda x: x[1], reverse=True)
        top = scored[:k]
        shown = [case_id for case_id, _, signals in top[:SHOWN] if signals.lexical >= SHOW_WORDS]
        words = self._lexical.shared_words(r.wanted, shown, r.lang)
        for case_id, _, signals in top:
            signals.words = words.get(case_id, [])
        return [self._hit(case_id, score, signals, r.lang) for case_id, score, signals in top]

    def _vectors(self, text: str) -> list:  # type: ignore[type-arg]
        # Other scripts (Thai, Cyrillic …) are still embedded by the multilingual encoder; only the taxonomy signals go quiet.
        return list(self.embedding._encode([text, *passages(text)]))

    def _vector_candidates(self, vectors: list, filters: SearchFilters | None) -> dict[str, _Candidate]:  # type: ignore[type-arg]
        if self._matrix is not None:
            return self._memory_candidates(vectors, filters)
        total = self.collection.count() if self.collection is not None else 0
        if total == 0:
            return {}
        result = self.collection.query(
            query_embeddings=vectors, n_results=min(total, 400), where=filters.to_where() if filters else None,
            include=["metadatas", "distances", "documents"],
        )
        candidates: dict[str, _Candidate] = defaultdict(_Candidate)
        for qi, (ids, metas, dists, docs) in enumerate(zip(result["ids"], result["metadatas"], result["distances"], result["documents"])):
            for doc_id, meta, dist, doc in zip(ids, metas, dists, docs):
                cand = candidates[meta["case_id"]]
                sim = 1.0 - float(dist)
                if sim > cand.sims.get(qi, -1.0):
                    cand.sims[qi] = sim
                if qi == 0 and sim > cand.best_doc[0]:
                    cand.best_doc = (sim, doc, meta.get("lang", "en"))
                if qi == 0 and meta.get("doc_kind") == "title" and sim > cand.title_sim:
                    cand.title_sim, cand.title_doc = sim, doc
        return candidates

    def _memory_candidates(self, vectors: list, filters: SearchFilters | None, keep: int = 300) -> dict[str, _Candidate]:  # type: ignore[type-arg]
        """Per-case best similarity for each query vector; only the `keep` best cases by vector go on to fusion."""
        import numpy as np

        m = self._matrix
        sims = np.asarray(vectors, dtype=np.float32) @ m["matrix"].T  # (queries, docs)
        if filters is not None:
            allowed = np.array([filters.matches(meta) for meta in m["metas"]])
            sims = np.where(allowed[None, :], sims, -2.0)
        per_case = np.maximum.reduceat(sims, m["starts"], axis=1)  # (queries, cases)
        titles = np.maximum.reduceat(np.where(m["is_title"][None, :], sims[:1], -2.0), m["starts"], axis=1)[0]
        whole = per_case[0]
        rank = whole if per_case.shape[0] == 1 else 0.5 * whole + 0.5 * per_case[1:].mean(axis=0)
        chosen = np.argsort(-rank)[:keep]
        bounds = list(m["starts"]) + [len(m["metas"])]
        candidates: dict[str, _Candidate] = {}
        for c in chosen:
            if whole[c] <= -2.0:  # every document of this case was filtered out
                continue
            lo, hi = bounds[c], bounds[c + 1]
            best = lo + int(np.argmax(sims[0, lo:hi]))
            cand = _Candidate(sims={qi: float(per_case[qi, c]) for qi in range(per_case.shape[0])},
                              best_doc=(float(whole[c]), m["docs"][best], m["metas"][best].get("lang", "en")))
            if titles[c] > -2.0:
                t_best = lo + int(np.argmax(np.where(m["is_title"][lo:hi], sims[0, lo:hi], -2.0)))
                cand.title_sim, cand.title_doc = float(titles[c]), m["docs"][t_best]
            candidates[m["cases"][c]] = cand
        return candidates

    def _passes(self, case_id: str, filters: SearchFilters | None) -> bool:
        """Whether a case found by title (not by vector) passes the filters; same test as for indexed documents."""
        from assistant.retrieval.documents import case_metadata

        if case_id not in self.cases:
            return False
        return filters is None or filters.matches(case_metadata(self.cases[case_id]))

    def _titles_ruled_out(self, text: str, spans: list[Span], wanted: str) -> set[str]:
        """Cases the query names in order to set them aside. A title that itself holds a negation word
        ("Please Don't Spoil Me") is not ruled out by it."""
        if not spans:
            return set()
        negated = " ".join(text[s.start : s.end] for s in spans)
        named = {case_id for case_id, match in self._titles.find(norm_title(negated), negated).items()
                 if match.similarity >= 0.9 and not negated_spans(match.title)}
        return named - set(self._titles.find(norm_title(wanted), wanted)) if named else set()

    def _title_strength(self, match: TitleMatch | None, norm_query: str) -> float:
        """1 for a title lookup ("Misaeng", "《请和我的老公结婚》讲的什么"); less when the title is one word in a longer
        description ("a family moving abroad…", "sharehouse horror: strangers…"), which asks for something else, and
        less for a partial or misspelt title."""
        if match is None:
            return 0.0
        coverage = match.matched_chars / max(len(norm_query), 1)
        return min(1.0, coverage / self.weights.title_coverage) * match.similarity

    def _score(self, case_id: str, cand: _Candidate, q: _Scoring, lexical: float, title: str | None, title_strength: float = 1.0,
               remake_of: str | None = None, named_out: bool = False) -> tuple[float, MatchSignals]:
        """The fused score and the signals behind it (cheap: runs for every candidate)."""
        case, r = self.cases[case_id], q.reading
        tropes = self._tropes[case_id]
        whole = cand.sims.get(0, 0.0)
        if q.n_vectors > 1:
            parts = [cand.sims.get(i, 0.0) for i in range(1, q.n_vectors)]
            vector = 0.5 * whole + 0.5 * sum(parts) / len(parts)
        else:
            vector = whole
        shared = sorted(r.concepts & tropes)
        near = [c for c in r.concepts - tropes if self._related.get(c, set()) & tropes]  # 회귀 asked, a time slip found: RELATED of a match
        concept = ((sum(self._idf.get(c, 0.0) for c in shared) + RELATED * sum(self._idf.get(c, 0.0) for c in near))
                   / max(sum(self._idf.get(c, 1.0) for c in r.concepts), 1e-9)) if r.concepts else 0.0
        dim, met = intent_score(case, r.intents)
        country = case.country in r.countries and len(r.countries) == 1
        w = self.weights
        clash = 1.0 if r.unwanted & tropes else 0.0  # one thing the writer ruled out is enough to rule a case down
        # A title, country, format, platform or model ruled out is a constraint.
        excluded = 1.0 if named_out or case.country in r.countries_out or any(i.test(case) for i in r.ruled_out) else 0.0
        pitch_share = 1.0 if r.question else w.pitch_dimensions  # a pitch's format and platform words are not questions
        stacking_level = case.dimensions.narrative_logic.stacking_level
        # closeness of the case's annotated stacking level to the pitch's own
        same_logic = 1.0 - abs(STACKING_LEVELS.get(stacking_level, 0.5) - q.stacking) if q.stacking is not None else 0.0
        score = (w.same_logic * same_logic + vector + q.lexical_weight * lexical + w.concepts * concept + w.title * title_strength + pitch_share * (w.dimensions * dim + w.country * country)
                 - w.negated * clash - w.ruled_out * excluded)
        signals = MatchSignals(vector=round(vector, 4), lexical=round(lexical, 4), concepts=shared, title=title, remake_of=remake_of, dimensions=met, country=country,
                               language=cand.best_doc[2] or r.lang, stacking_level=stacking_level if same_logic >= SAME_LOGIC_SHOWN else None)
        return score, signals

    def _hit(self, case_id: str, score: float, signals: MatchSignals, lang: str) -> CaseHit:
        """The full hit, built only for the cases returned."""
        case = self.cases[case_id]
        return CaseHit(
            case_id=case.id, title=case.title(lang), titles={"original": case.titles.original, "zh": case.titles.zh, "ko": case.titles.ko, "en": case.titles.en},
            country=case.country, year=case.year, score=round(score, 4), snippet=case.premise.get(lang)[:300],
            why=explain(signals, lang, self.matcher), signals=signals,
        )


_WHY = {
    "title": {"zh": "标题匹配：{}", "ko": "제목 일치: {}", "en": "title match: {}"},
    "remake": {"zh": "与《{}》互为原作/翻拍", "ko": "〈{}〉의 원작·리메이크", "en": "original or remake of {}"},
    "concepts": {"zh": "共同元素：{}", "ko": "공통 요소: {}", "en": "shared concepts: {}"},
    "words": {"zh": "共同词语：{}", "ko": "공통 단어: {}", "en": "shared words: {}"},
    "dimensions": {"zh": "维度相符：{}", "ko": "차원 일치: {}", "en": "dimension match: {}"},
    "country": {"zh": "符合所问国家", "ko": "질문한 국가와 일치", "en": "country asked for"},
    "stacking": {"zh": "爽点密度相近（{}）", "ko": "사이다 밀도 비슷({})", "en": "built the same way ({} payoff stacking)"},
    "vector": {"zh": "语义相似（{}文档，{:.2f}）", "ko": "의미 유사({} 문서, {:.2f})", "en": "semantic similarity ({} document, {:.2f})"},
}


_LEVEL_WORDS = {"zh": {"low": "低", "medium": "中", "high": "高"}, "ko": {"low": "낮음", "medium": "중간", "high": "높음"}}
_DOC_LANGUAGE = {"zh": {"zh": "中文", "ko": "韩文", "en": "英文", "mixed": "多语"},
                 "ko": {"zh": "중국어", "ko": "한국어", "en": "영어", "mixed": "다국어"}}


def explain(signals: MatchSignals, lang: str, matcher: ConceptMatcher) -> list[str]:
    """Readable reasons in the query's language."""
    t = {key: forms.get(lang, forms["en"]) for key, forms in _WHY.items()}
    sep = "、" if lang == "zh" else ", "
    out = []
    if signals.title:
        out.append(t["title"].format(signals.title))
    if signals.remake_of:
        out.append(t["remake"].format(signals.remake_of))
    if signals.concepts:
        labels = [c.label.get(lang) for c in (matcher.taxonomy.get(i) for i in signals.concepts) if c]
        out.append(t["concepts"].format(sep.join(labels)))
    if signals.words:
        out.append(t["words"].format(sep.join(signals.words)))
    if signals.dimensions:
        out.append(t["dimensions"].format(sep.join(intent_label(name, lang) for name in signals.dimensions)))
    if signals.country:
        out.append(t["country"])
    if signals.stacking_level:
        out.append(t["stacking"].format(_LEVEL_WORDS.get(lang, {}).get(signals.stacking_level, signals.stacking_level)))
    out.append(t["vector"].format(_DOC_LANGUAGE.get(lang, {}).get(signals.language, signals.language), signals.vector))
    return out


def search(query: str, k: int = 5, filters: SearchFilters | None = None) -> list[CaseHit]:
    """Search the configured case index (built on first use)."""
    return Searcher.open().search(query, k, filters)
