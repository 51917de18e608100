"""The annotated case: one real Chinese or Korean series, read along the research's five dimensions."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from assistant.schemas.common import Country, Level, Strict, Trilingual

FormatKind = Literal["micro", "web", "long-form"]
Orientation = Literal["vertical", "horizontal", "unknown"]
IndustrialType = Literal["channel-centric", "content-centric", "hybrid"]
IPOriginType = Literal["original", "web-novel", "webtoon", "manhua", "novel", "remake", "sequel", "spin-off", "other"]
StrategyType = Literal["horizontal", "vertical", "mixed", "single"]


class Titles(Strict):
    """Titles in every script a writer might type; null where the facts do not give one."""

    original: str
    en: str | None = None
    zh: str | None = None
    ko: str | None = None
    aliases: list[str] = Field(default_factory=list, description="Nicknames, season labels, remake titles.")
    ko_readings: list[str] = Field(default_factory=list, description="A Chinese title read in Sino-Korean (家里家外 → 가리가외), as Korean "
                                   "writers type it; matched as a title, never embedded (the encoder reads such a string as noise).")


class Format(Strict):
    episodes: int | None = None
    minutes_per_episode: str | None = Field(None, description="Free text such as '1-2' or '~30'; null if unknown.")
    orientation: Orientation = "unknown"
    kind: FormatKind


class IndustrialModel(Strict):
    type: IndustrialType
    financing: str = Field(description="How it was paid for: paid mini-program, ad-funded (IAA), revenue share, broadcaster ...")
    distribution: str


class IPOrigin(Strict):
    type: IPOriginType
    chain: list[str] = Field(min_length=1, description="Media in order, e.g. ['web-novel', 'webtoon', 'drama'].")
    note: str = ""


class DevelopmentStrategy(Strict):
    type: StrategyType = Field(description="horizontal = database-style trope reuse; vertical = one deepening story universe.")
    sequels: list[str] = Field(default_factory=list)
    spin_offs: list[str] = Field(default_factory=list)
    remakes: list[str] = Field(default_factory=list)
    note: str = ""


class NarrativeLogic(Strict):
    stacking_level: Level = Field(description="Density of exciting moments (爽点 / 사이다).")
    moment_kinds: list[str] = Field(default_factory=list, description="Taxonomy ids of the exciting moments used.")
    emotional_core: str
    structure: str


class Dimensions(Strict):
    """The five dimensions of the research; `case_lesson` is the fifth (what the case study teaches)."""

    industrial_model: IndustrialModel
    ip_origin: IPOrigin
    development_strategy: DevelopmentStrategy
    narrative_logic: NarrativeLogic
    case_lesson: Trilingual


class Character(Strict):
    name: str | None = Field(None, description="Only names given by the facts; null otherwise.")
    role: str
    archetype: str
    motivation: str
    arc: str


class World(Strict):
    setting: str
    rules: list[str] = Field(default_factory=list)
    scope: str


class TransmediaExtension(Strict):
    form: str = Field(description="Taxonomy id of a transmedia form (e.g. webtoon, remake, sequel).")
    title: str | None = None
    year: int | None = None
    note: str = ""


class Metric(Strict):
    value: str
    date: str | None = Field(None, description="As precise as the source allows: '2024-02-05', '2025-11', '2025'.")
    source: str

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        # YAML reads 2024-02-05 as a date and 2025 as an int; the contract keeps dates as text.
        return None if value is None else str(value)


class Lessons(Strict):
    """Advice the critique can cite, in the writer's language."""

    story_world: Trilingual
    characters: Trilingual
    transmedia: Trilingual


class LocalNotes(Strict):
    """The annotations first written only in English, written again for a Chinese or Korean reader: the same facts,
    so a writer reads a whole case card in their language and a Korean question about financing meets Korean text."""

    genre: str = Field(min_length=1)
    financing: str = Field(min_length=1)
    ip_note: str = ""
    strategy_note: str = ""
    emotional_core: str = Field(min_length=1)
    archetypes: list[str] = Field(default_factory=list, description="One per character, in the order of `characters`.")
    counter_example: str | None = None
    platform: str = Field("", description="`platform`, for this reader.")
    distribution: str = Field("", description="`dimensions.industrial_model.distribution`, for this reader.")
    gaps: str = Field("", description="`gaps`: what the facts are silent on, for this reader.")


class Case(Strict):
    id: str = Field(pattern=r"^(cn|kr|other)-[a-z0-9-]+$")
    titles: Titles
    country: Country
    year: int | None = None
    platform: str
    format: Format
    genre: str
    premise: Trilingual
    dimensions: Dimensions
    tropes: list[str] = Field(min_length=1, description="Taxonomy ids.")
    characters: list[Character] = Field(default_factory=list)
    world: World
    transmedia: list[TransmediaExtension] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)
    confidence: Level
    counter_example: str | None = Field(None, description="How this case runs against the research's CN/KR contrast, if it does.")
    lessons: Lessons
    gaps: str = Field("", description="What the facts are silent on, said plainly instead of invented.")
    localized: dict[Literal["zh", "ko"], LocalNotes] = Field(default_factory=dict, description="The English-only notes in Chinese and Korean.")

    @model_validator(mode="after")
    def _id_matches_country(self) -> "Case":
        if not self.id.startswith(self.country.lower() + "-"):
            raise ValueError(f"id {self.id!r} must start with '{self.country.lower()}-' to match country {self.country}")
        return self

    @model_validator(mode="after")
    def _local_notes_match(self) -> "Case":
        for lang, notes in self.localized.items():
            if notes.archetypes and len(notes.archetypes) != len(self.characters):
                raise ValueError(f"localized.{lang}.archetypes has {len(notes.archetypes)} entries for {len(self.characters)} characters")
            if bool(notes.counter_example) != bool(self.counter_example):
                raise ValueError(f"localized.{lang}.counter_example must be given exactly when counter_example is")
            if not notes.platform:
                raise ValueError(f"localized.{lang}.platform is missing")
            for name, english in (("distribution", self.dimensions.industrial_model.distribution), ("gaps", self.gaps)):
                if bool(getattr(notes, name)) != bool(english):
                    raise ValueError(f"localized.{lang}.{name} must be given exactly when the English {name} is")
        return self

    def notes(self, lang: str) -> LocalNotes:
        """The English-only notes in `lang`, falling back to the English annotation (for English, or an unlocalised case)."""
        local = self.localized.get(lang)  # type: ignore[call-overload]
        if local is not None:
            return local
        d = self.dimensions
        return LocalNotes(genre=self.genre, financing=d.industrial_model.financing, ip_note=d.ip_origin.note,
                          strategy_note=d.development_strategy.note, emotional_core=d.narrative_logic.emotional_core,
                          archetypes=[c.archetype for c in self.characters], counter_example=self.counter_example,
                          platform=self.platform, distribution=d.industrial_model.distribution, gaps=self.gaps)

    def title(self, lang: str = "en", reading: bool = True) -> str:
        """Best display title for a reader of `lang`. A four-character Chinese title with no Korean one reads to a Korean
        writer as the Korean press writes it, 가리가외(家里家外), rather than in English; a longer one reads as a sentence of
        hanja sounds, so it stays English (and the index never uses readings: `reading=False`)."""
        preferred = {"zh": self.titles.zh, "ko": self.titles.ko, "en": self.titles.en}.get(lang)
        if not preferred and lang == "ko" and reading and self.titles.ko_readings and len(self.titles.ko_readings[0]) <= 4:
            short = re.split(r"[：:，,！!？?]", self.titles.zh or self.titles.original)[0]  # the part the reading reads
            return f"{self.titles.ko_readings[0]}({short})"
        return preferred or self.titles.en or self.titles.original

    def all_tropes(self) -> set[str]:
        """Every taxonomy id this case uses anywhere."""
        ids = set(self.tropes) | set(self.dimensions.narrative_logic.moment_kinds)
        return ids | {t.form for t in self.transmedia}
