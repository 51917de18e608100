"""Chroma 1.5 embedding functions: the offline multilingual encoder (default) and any OpenAI-compatible endpoint.

Both are registered with Chroma so a persisted collection reopens with the function that built it;
`name()` is what Chroma compares on reopen, so it doubles as a schema version: change it when vectors change meaning.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.errors import StoryWorldError
from assistant.retrieval.cached_encoder import CachedEmbedding, CachedUSE
from assistant.retrieval.encoder import NAME as USE_M3_NAME


@register_embedding_function
class USEM3Embedding(CachedUSE, EmbeddingFunction[Documents]):
    """Google's universal-sentence-encoder-multilingual v3 (zh/ko/en in one 512-d space), offline, numpy only."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        return self.embed(list(input))

    @staticmethod
    def name() -> str:
        return USE_M3_NAME

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "USEM3Embedding":
        return USEM3Embedding()


@register_embedding_function
class OpenAICompatibleEmbedding(CachedEmbedding, EmbeddingFunction[Documents]):
    """Embeddings from OpenAI or any compatible server (OPENAI_BASE_URL); the key is read from the environment, never stored."""

    def __init__(self, model: str = "text-embedding-3-small", base_url: str | None = None) -> None:
        self.model = model
        self.base_url = base_url

    def __call__(self, input: Documents) -> Embeddings:
        return self.embed(list(input))

    def _cache_key(self) -> str:
        return f"{self.name()}:{self.base_url or 'default'}:{self.model}"

    def _encode(self, texts: list[str]) -> np.ndarray:
        import openai

        key = os.environ.get("OPENAI_API_KEY")
        if not key:
            raise StoryWorldError("embedding=openai needs OPENAI_API_KEY; set it or use STORYWORLD_EMBEDDING=use-m3")
        client = openai.OpenAI(api_key=key, base_url=self.base_url or os.environ.get("OPENAI_BASE_URL"), max_retries=3, timeout=60)
        try:
            response = client.embeddings.create(model=self.model, input=texts)
        except openai.OpenAIError as exc:
            raise StoryWorldError(f"embedding request failed ({type(exc).__name__}): {exc}") from None
        vectors = np.array([item.embedding for item in sorted(response.data, key=lambda d: d.index)], dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)

    @staticmethod
    def name() -> str:
        return "storyworld-openai"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model, "base_url": self.base_url}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "OpenAICompatibleEmbedding":
        return OpenAICompatibleEmbedding(model=config.get("model", "text-embedding-3-small"), base_url=config.get("base_url"))
