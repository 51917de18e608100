"""A LangChain retriever over StoryWorld search, so chains and agents get case-level hits as Documents."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.schemas.retrieval import SearchFilters


class CaseRetriever(BaseRetriever):
    """Wraps a `Searcher`; each Document is one case's premise with its hit as metadata."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    searcher: Any
    k: int = 5
    filters: SearchFilters | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.searcher.search(query, k=self.k, filters=self.filters)
        return [Document(page_content=h.snippet, metadata={**h.model_dump(exclude={"snippet"}), "case_id": h.case_id}) for h in hits]
