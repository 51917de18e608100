"""A pitch as the writer gave it, after intake (decoding, limits, language detection)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.schemas.common import Language


class Pitch(BaseModel):
    id: str
    title: str
    text: str = Field(description="The pitch text every evidence quote is a substring of.")
    language: Language
    language_mix: dict[str, float] = Field(default_factory=dict, description="Share of zh/ko/en in the text.")
    source: str = Field("text", description="File path, 'stdin' or 'text'.")

    @property
    def mixed(self) -> bool:
        return sum(1 for share in self.language_mix.values() if share >= 0.2) > 1
