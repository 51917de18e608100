"""One error family, so the CLI and UI can show a single clear line instead of a traceback."""

from __future__ import annotations


class StoryWorldError(Exception):
    """A problem the user can fix; the message says what to do."""


class CaseLibraryError(StoryWorldError):
    """A case file or the taxonomy is missing, malformed or inconsistent."""


class NotFoundError(StoryWorldError):
    """An id the user asked for does not exist."""


def render_validation_error(exc: Exception) -> str:
    """Pydantic errors as short `field: message` lines a writer can act on."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return str(exc)
    lines = []
    for err in errors():
        loc = ".".join(str(part) for part in err.get("loc", ())) or "(root)"
        lines.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "; ".join(lines)
