"""Search results: one hit per case, with the reasons it matched."""

from __future__ import annotations

from pydantic import BaseModel, Field


class MatchSignals(BaseModel):
    vector: float = Field(description="Semantic similarity of the best-matching documents (cosine).")
    lexical: float = Field(0.0, description="Word-level (BM25) match in the query's language, as a share of the best case's (0–1).")
    words: list[str] = Field(default_factory=list, description="The query's rarest words that the case's documents share.")
    concepts: list[str] = Field(default_factory=list, description="Taxonomy ids shared by the query and the case.")
    title: str | None = Field(None, description="A title or alias of the case found in the query.")
    remake_of: str | None = Field(None, description="A title found in the query whose remake (or original) this case is.")
    dimensions: list[str] = Field(default_factory=list, description="Asked-about dimensions the case satisfies.")
    country: bool = Field(False, description="The query asked for this case's country.")
    stacking_level: str | None = Field(None, description="The case's stacking level, when a pitch's analysis found its own close to it.")
    language: str = Field(description="Language of the document that matched best.")


class CaseHit(BaseModel):
    case_id: str
    title: str
    titles: dict[str, str | None]
    country: str
    year: int | None
    score: float
    snippet: str
    why: list[str] = Field(description="Readable reasons, in the query's language.")
    signals: MatchSignals


class SearchFilters(BaseModel):
    country: str | None = None
    tropes: list[str] = Field(default_factory=list)
    format: str | None = None
    ip_origin: str | None = None
    development_strategy: str | None = None

    def matches(self, meta: dict) -> bool:
        """The same test as `to_where`, on a record's metadata in memory."""
        return ((not self.country or meta.get("country") == self.country)
                and all(t in (meta.get("tropes") or []) for t in self.tropes)
                and (not self.format or meta.get("format_kind") == self.format)
                and (not self.ip_origin or meta.get("ip_origin") == self.ip_origin)
                and (not self.development_strategy or meta.get("development_strategy") == self.development_strategy))

    def to_where(self) -> dict | None:
        clauses: list[dict] = []
        if self.country:
            clauses.append({"country": self.country})
        clauses += [{"tropes": {"$contains": t}} for t in self.tropes]
        if self.format:
            clauses.append({"format_kind": self.format})
        if self.ip_origin:
            clauses.append({"ip_origin": self.ip_origin})
        if self.development_strategy:
            clauses.append({"development_strategy": self.development_strategy})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}
