"""The Chroma index of case documents: build incrementally by content hash, reopen safely, embedded or server.

Each record stores the hash of its text and metadata, so a build only re-embeds documents whose hash changed
and deletes documents of removed cases. The collection's embedding function is recorded by Chroma itself;
opening it with another function is turned into a clear "rebuild" error.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass
from typing import Any, Callable

from assistant.errors import StoryWorldError
from assistant.retrieval.documents import Document, case_documents
from assistant.settings import Settings, get_settings

COLLECTION = "storyworld-cases"
logging.getLogger("chromadb").setLevel(logging.ERROR)
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


class IndexMismatchError(StoryWorldError):
    """The index was built with another embedding function."""


@dataclass
class BuildReport:
    total: int = 0
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    embedding: str = ""

    def summary(self) -> str:
        return (f"{self.total} documents ({self.added} added, {self.updated} re-embedded, {self.deleted} deleted, "
                f"{self.unchanged} unchanged) with {self.embedding} in {self.seconds:.2f}s")


def embedding_function(settings: Settings):  # type: ignore[no-untyped-def]
    """The configured embedding function, with the on-disk cache attached."""
    from assistant.retrieval.embedding_cache import EmbeddingCache
    from assistant.retrieval.embeddings import OpenAICompatibleEmbedding, USEM3Embedding

    fn: Any
    if settings.embedding == "openai":
        fn = OpenAICompatibleEmbedding(model=settings.embedding_model, base_url=settings.openai_base_url)
    else:
        fn = USEM3Embedding()
    fn.cache = EmbeddingCache(settings.path(settings.cache_dir) / "embeddings.sqlite")
    return fn


def client(settings: Settings):  # type: ignore[no-untyped-def]
    """A Chroma client: HTTP when STORYWORLD_CHROMA_URL is set (a shared team library), else embedded on disk."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        from urllib.parse import urlparse

        url = urlparse(settings.chroma_url)
        try:
            return chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000, ssl=url.scheme == "https", settings=chroma_settings)
        except Exception as exc:  # chroma raises plain ValueError/ConnectError on an unreachable server
            raise StoryWorldError(f"cannot reach the Chroma server at {settings.chroma_url}: {exc}") from None
    path = settings.path(settings.index_dir)
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def _open(settings: Settings, create: bool):  # type: ignore[no-untyped-def]
    fn = embedding_function(settings)
    chroma = client(settings)
    try:
        if create:
            return chroma.get_or_create_collection(COLLECTION, embedding_function=fn, configuration={"hnsw": {"space": "cosine"}}), fn
        return chroma.get_collection(COLLECTION, embedding_function=fn), fn
    except ValueError as exc:
        if "conflict" in str(exc).lower() or "already exists" in str(exc).lower():
            raise IndexMismatchError(
                f"the case index was built with another embedding function than {fn.name()!r}; "
                "run `storyworld index build --rebuild` to rebuild it") from None
        raise
    except Exception as exc:
        if type(exc).__name__ in {"NotFoundError", "InvalidCollectionException"}:
            return None, fn
        raise


def open_collection(settings: Settings | None = None, build_if_missing: bool = True):  # type: ignore[no-untyped-def]
    """The collection for queries; builds it on first use if it does not exist yet."""
    settings = settings or get_settings()
    collection, fn = _open(settings, create=False)
    if collection is None or collection.count() == 0:
        if not build_if_missing:
            raise StoryWorldError("the case index does not exist; run `storyworld index build`")
        build_index(settings)
        collection, fn = _open(settings, create=False)
    return collection, fn


def library_documents(settings: Settings) -> list[Document]:
    from assistant.library import CaseLibrary

    library = CaseLibrary.load(settings)
    return [doc for case in library.cases for doc in case_documents(case, library.taxonomy)]


def build_index(settings: Settings | None = None, rebuild: bool = False, documents: list[Document] | None = None,
                progress: Callable[[int, int], None] | None = None) -> BuildReport:
    """Bring the index in line with the documents: embed new and changed ones, delete stale ones."""
    settings = settings or get_settings()
    started = time.perf_counter()
    docs = documents if documents is not None else library_documents(settings)
    if rebuild:
        _drop(settings)
    collection, fn = _open(settings, create=True)
    existing = _existing_hashes(collection)
    wanted = {d.id: d for d in docs}
    stale = [doc_id for doc_id in existing if doc_id not in wanted]
    todo = [d for d in docs if existing.get(d.id) != d.hash]
    report = BuildReport(total=len(docs), deleted=len(stale), embedding=fn.name())
    report.added = sum(1 for d in todo if d.id not in existing)
    report.updated = len(todo) - report.added
    report.unchanged = len(docs) - len(todo)
    for start in range(0, len(stale), 1000):
        collection.delete(ids=stale[start : start + 1000])
    _upsert(collection, fn, todo, progress)
    collection.modify(metadata={"built_at": time.strftime("%Y-%m-%dT%H:%M:%S"), "documents": len(docs)})
    if not settings.chroma_url and settings.embedding == "use-m3":  # only offline queries read the snapshot
        from assistant.retrieval.snapshot import fingerprint, load_snapshot, write_snapshot

        changed = bool(todo or stale)
        if changed or load_snapshot(settings, fingerprint({d.id: d.hash for d in docs}), fn.name()) is None:
            write_snapshot(settings, collection, fn.name())
    report.seconds = time.perf_counter() - started
    return report


def refresh_snapshot(settings: Settings, collection, embedding: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    """Write the query snapshot for an embedded index that matches the case files but has none (built by an older
    version, or its snapshot was deleted); a stale index gets none, so queries keep seeing what Chroma holds."""
    from assistant.retrieval.snapshot import fingerprint, write_snapshot

    if fingerprint(_existing_hashes(collection)) == expected:
        write_snapshot(settings, collection, embedding)


def _drop(settings: Settings) -> None:
    from assistant.retrieval.snapshot import remove_snapshot

    remove_snapshot(settings)
    chroma = client(settings)
    try:
        chroma.delete_collection(COLLECTION)
    except Exception as exc:  # a missing collection is fine: there is nothing to drop
        if type(exc).__name__ not in {"NotFoundError", "InvalidCollectionException", "ValueError"}:
            raise


def _existing_hashes(collection) -> dict[str, str]:  # type: ignore[no-untyped-def]
    out: dict[str, str] = {}
    total = collection.count()
    for offset in range(0, total, 5000):
        batch = collection.get(include=["metadatas"], limit=5000, offset=offset)
        out.update({i: (m or {}).get("hash", "") for i, m in zip(batch["ids"], batch["metadatas"])})
    return out


def _upsert(collection, fn, docs: list[Document], progress: Callable[[int, int], None] | None) -> None:  # type: ignore[no-untyped-def]
    done = 0
    step = 256
    for start in range(0, len(docs), step):
        chunk = docs[start : start + step]
        vectors = fn.embed([d.text for d in chunk])
        collection.upsert(
            ids=[d.id for d in chunk],
            documents=[d.text for d in chunk],
            embeddings=vectors,
            metadatas=[{**d.metadata, "hash": d.hash} for d in chunk],
        )
        done += len(chunk)
        if progress:
            progress(done, len(docs))


@dataclass
class IndexStatus:
    exists: bool
    location: str
    embedding: str | None = None
    documents: int = 0
    cases: int = 0
    built_at: str | None = None
    stale_documents: int = 0

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=2)


def index_status(settings: Settings | None = None) -> IndexStatus:
    """What is in the index and whether the case files have changed since it was built."""
    settings = settings or get_settings()
    location = settings.chroma_url or str(settings.path(settings.index_dir))
    collection, fn = _open(settings, create=False)
    if collection is None:
        return IndexStatus(exists=False, location=location)
    existing = _existing_hashes(collection)
    docs = library_documents(settings)
    wanted = {d.id for d in docs}
    stale = sum(1 for d in docs if existing.get(d.id) != d.hash) + sum(1 for i in existing if i not in wanted)
    meta = collection.metadata or {}
    return IndexStatus(
        exists=True, location=location, embedding=fn.name(), documents=len(existing),
        cases=len({i.split("::")[0] for i in existing}), built_at=meta.get("built_at"), stale_documents=stale,
    )
