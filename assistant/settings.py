"""All configuration in one object: STORYWORLD_* environment variables plus the standard OpenAI ones."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
Backend = Literal["offline", "openai"]


class Settings(BaseSettings):
    """Effective settings; `storyworld config` prints them with secrets masked."""

    model_config = SettingsConfigDict(env_prefix="STORYWORLD_", extra="ignore")

    home: Path = Field(PROJECT_ROOT, description="Root that relative paths resolve against.")
    cases_dir: Path = Field(Path("vectorstore/cases"), description="Folder of annotated case YAML files.")
    taxonomy_path: Path = Field(Path("vectorstore/taxonomy.yaml"), description="Taxonomy of moments, tropes and forms.")
    index_dir: Path = Field(Path("vectorstore/index"), description="Persisted Chroma index (git-ignored).")
    cache_dir: Path = Field(Path(".cache"), description="Tokenizer and embedding caches.")
    prompts_dir: Path = Field(Path("prompts"), description="Prompt files for the chains and the judge.")
    backend: Backend | None = Field(None, description="offline or openai; default: openai when OPENAI_API_KEY is set, else offline.")
    model: str = Field("gpt-4o-mini", description="Chat model name for the openai backend.")
    judge_model: str | None = Field(None, description="Chat model for the eval judge (default: the same as model).")
    embedding: Literal["use-m3", "openai"] = Field("use-m3", description="Embedding function for the case index.")
    embedding_model: str = Field("text-embedding-3-small", description="Embedding model name when embedding=openai.")
    chroma_url: str | None = Field(None, description="Use a Chroma server (e.g. http://127.0.0.1:8000) instead of the embedded store.")
    request_timeout: float = Field(60.0, description="Seconds before an LLM request times out.")
    max_retries: int = Field(3, description="Retries on 429/5xx/timeouts for LLM requests.")
    openai_api_key: SecretStr | None = Field(None, validation_alias=AliasChoices("OPENAI_API_KEY", "STORYWORLD_OPENAI_API_KEY"), description="API key (standard OPENAI_API_KEY).")
    openai_base_url: str | None = Field(None, validation_alias=AliasChoices("OPENAI_BASE_URL", "STORYWORLD_OPENAI_BASE_URL"), description="OpenAI-compatible endpoint (standard OPENAI_BASE_URL).")

    def path(self, value: Path) -> Path:
        """Resolve a configured path against `home` unless it is absolute."""
        return value if value.is_absolute() else (self.home / value)

    @property
    def effective_backend(self) -> Backend:
        if self.backend:
            return self.backend
        return "openai" if self.openai_api_key and self.openai_api_key.get_secret_value() else "offline"

    def masked(self) -> dict[str, str]:
        """Printable settings; secrets show only that they are set."""
        out: dict[str, str] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                out[name] = "**** (set)" if value.get_secret_value() else "(not set)"
            elif value is None:
                out[name] = "(not set)"
            else:
                out[name] = str(value)
        out["effective_backend"] = self.effective_backend
        return out


@lru_cache(maxsize=1)
def _cached(env_key: tuple[tuple[str, str], ...]) -> Settings:
    return Settings()


def get_settings() -> Settings:
    """Settings for the current environment (re-read when STORYWORLD_*/OPENAI_* variables change)."""
    key = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith(("STORYWORLD_", "OPENAI_"))))
    return _cached(key)
