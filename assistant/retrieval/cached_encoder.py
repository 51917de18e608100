"""Sentence vectors with an on-disk cache, and nothing of Chroma: the critique path (lesson fit) encodes case lessons
with these, and a process that has loaded chromadb can no longer fork batch workers (nor start as fast)."""

from __future__ import annotations

import numpy as np

from assistant.retrieval.embedding_cache import EmbeddingCache, text_hash
from assistant.retrieval.encoder import NAME as USE_M3_NAME, use_model


class CachedEmbedding:
    """Mixin: look texts up in the on-disk cache before encoding the rest in batches."""

    cache: EmbeddingCache | None = None
    batch_size = 64

    def _cache_key(self) -> str:
        raise NotImplementedError

    def _encode(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def embed(self, texts: list[str]) -> list[np.ndarray]:
        hashes = [text_hash(t) for t in texts]
        known = self.cache.get_many(self._cache_key(), hashes) if self.cache else {}
        todo = [i for i, h in enumerate(hashes) if h not in known]
        for start in range(0, len(todo), self.batch_size):
            idx = todo[start : start + self.batch_size]
            vectors = self._encode([texts[i] for i in idx])
            fresh = {hashes[i]: np.asarray(v, dtype=np.float32) for i, v in zip(idx, vectors)}
            known.update(fresh)
            if self.cache:
                self.cache.put_many(self._cache_key(), fresh)
        return [known[h] for h in hashes]


class CachedUSE(CachedEmbedding):
    """The offline multilingual encoder behind the cache, under the same key as the index's embedding function, so the
    two share cached vectors."""

    def _cache_key(self) -> str:
        return USE_M3_NAME

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(use_model().encode(texts))
