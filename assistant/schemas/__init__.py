"""Pydantic contracts between the pipeline stages and the JSON StoryWorld emits."""

from assistant.schemas.case import Case
from assistant.schemas.common import LANGUAGES, Language, Trilingual
from assistant.schemas.taxonomy import Concept, Taxonomy

__all__ = ["Case", "Concept", "LANGUAGES", "Language", "Taxonomy", "Trilingual"]
