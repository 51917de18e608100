"""Small value types shared by every contract."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Language = Literal["zh", "ko", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "ko", "en")
Country = Literal["CN", "KR", "other"]
Level = Literal["low", "medium", "high"]


class Strict(BaseModel):
    """Base for hand-written data files: unknown keys are typos, so they fail."""

    model_config = ConfigDict(extra="forbid")


class Trilingual(Strict):
    """The same idea written for Chinese, Korean and English readers."""

    zh: str = Field(min_length=2)
    ko: str = Field(min_length=2)
    en: str = Field(min_length=2)

    def get(self, lang: str) -> str:
        """Text in `lang`, falling back to English for mixed or unknown languages."""
        return getattr(self, lang, None) or self.en
