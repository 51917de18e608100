"""A read-only copy of the embedded index's vectors, so a query process need not start Chroma at all.

Searching up to 100k documents is exact scoring in memory anyway; what Chroma costs a fresh `storyworld search` is
its import and start-up (about half a second). `index build` writes this snapshot (vectors as .npy, ids, metadata
and texts as JSON) next to the Chroma files. A searcher uses it only when it matches the case files exactly (the
same document hashes the build checks), the encoder is the offline one and no Chroma server is configured;
otherwise it opens Chroma as before.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from assistant.settings import Settings

VECTORS, META = "snapshot-vectors.npz", "snapshot.json"


def fingerprint(hashes: dict[str, str]) -> str:
    """One hash over every (document id, content hash) pair: equal exactly when the index matches the case files."""
    return hashlib.sha256("\n".join(f"{k}\t{v}" for k, v in sorted(hashes.items())).encode()).hexdigest()


def _dir(settings: Settings) -> Path:
    return settings.path(settings.index_dir)


def read_collection(collection: Any) -> tuple[list[str], list[dict], list[str], np.ndarray]:  # type: ignore[type-arg]
    """Every document of a Chroma collection: ids, metadata, texts and vectors, read in pages."""
    ids: list[str] = []
    metas: list[dict] = []  # type: ignore[type-arg]
    docs: list[str] = []
    chunks = []
    for offset in range(0, collection.count(), 5000):
        batch = collection.get(include=["embeddings", "metadatas", "documents"], limit=5000, offset=offset)
        ids += batch["ids"]
        metas += batch["metadatas"]
        docs += batch["documents"]
        chunks.append(np.asarray(batch["embeddings"], dtype=np.float32))
    return ids, metas, docs, (np.vstack(chunks) if chunks else np.zeros((0, 0), dtype=np.float32))


def write_snapshot(settings: Settings, collection: Any, embedding: str) -> None:
    from assistant.retrieval.search import IN_MEMORY_LIMIT

    if collection.count() > IN_MEMORY_LIMIT:  # searched through Chroma's own index at that size: no copy to keep
        remove_snapshot(settings)
        return
    ids, metas, docs, vectors = read_collection(collection)
    folder = _dir(settings)
    tmp_vectors, tmp_meta = folder / f"tmp-{os.getpid()}-{VECTORS}", folder / f"{META}.{os.getpid()}.tmp"  # concurrent builds never share a file
    hashes = {i: (m or {}).get("hash", "") for i, m in zip(ids, metas)}
    stamp = fingerprint(hashes)
    with open(tmp_vectors, "wb") as f:  # the fingerprint travels with the vectors: a reader racing a build cannot pair mismatched files
        np.savez(f, vectors=vectors, fingerprint=np.array(stamp))
    tmp_meta.write_text(json.dumps({"embedding": embedding, "fingerprint": stamp, "ids": ids, "metadatas": metas,
                                    "documents": docs}, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp_vectors, folder / VECTORS)
    os.replace(tmp_meta, folder / META)  # last: the metadata names the fingerprint the vectors belong to


def remove_snapshot(settings: Settings) -> None:
    for name in (META, VECTORS):
        (_dir(settings) / name).unlink(missing_ok=True)


def load_snapshot(settings: Settings, expected: str, embedding: str) -> dict[str, Any] | None:
    """The snapshot if it is current for these case files and this encoder; None means "open Chroma"."""
    if settings.chroma_url:
        return None
    folder = _dir(settings)
    try:
        data = json.loads((folder / META).read_text(encoding="utf-8"))
        if data.get("fingerprint") != expected or data.get("embedding") != embedding:
            return None
        with np.load(folder / VECTORS, allow_pickle=False) as z:
            if str(z["fingerprint"]) != expected:
                return None
            vectors = z["vectors"]
    except (OSError, ValueError, KeyError):
        return None
    if len(vectors) != len(data["ids"]):
        return None
    return {"ids": data["ids"], "metadatas": data["metadatas"], "documents": data["documents"], "vectors": vectors}
