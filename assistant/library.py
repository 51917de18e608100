"""Loading and checking the case library and the taxonomy, the ground truth every other stage cites."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from assistant.errors import CaseLibraryError, NotFoundError, StoryWorldError, render_validation_error
from assistant.schemas.case import Case
from assistant.schemas.taxonomy import Taxonomy
from assistant.settings import Settings, get_settings


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses the library ~10x faster than pure Python


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CaseLibraryError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise CaseLibraryError(f"{path}: not UTF-8 text; save it as UTF-8") from None


def _read_yaml(path: Path, text: str | None = None) -> object:
    text = _read_text(path) if text is None else text
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise CaseLibraryError(f"{path}{where}: malformed YAML ({getattr(exc, 'problem', exc)})") from None


def load_taxonomy(path: Path) -> Taxonomy:
    data = _read_yaml(path)
    try:
        return Taxonomy.model_validate(data)
    except ValidationError as exc:
        raise CaseLibraryError(f"{path}: {render_validation_error(exc)}") from None


_CUT_BY_COMMENT = re.compile(r"^\s*[\w-]+: (?![\"'|>])[^\n]*\s#")  # key: plain value … #1 …


def load_case(path: Path) -> Case:
    text = _read_text(path)
    # An unquoted value with " #" in it is cut short there (YAML reads the rest as a comment): it happened to two
    # distribution notes ("it reached #1 on Netflix Japan"). Case files carry no comments, so such a line is a mistake.
    cut = next((n for n, line in enumerate(text.splitlines(), 1) if _CUT_BY_COMMENT.match(line)), None)
    if cut is not None:
        raise CaseLibraryError(f"{path} line {cut}: ' #' starts a YAML comment and cuts the value short; put the value in double quotes")
    data = _read_yaml(path, text)
    if not isinstance(data, dict):
        raise CaseLibraryError(f"{path}: expected a mapping of case fields, got {type(data).__name__}")
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        raise CaseLibraryError(f"{path}: {render_validation_error(exc)}") from None
    if path.stem != case.id:
        raise CaseLibraryError(f"{path}: file name must be the case id ({case.id}.yaml)")
    return case


def case_problems(case: Case, taxonomy: Taxonomy) -> list[str]:
    """Cross-file checks the schema alone cannot make: every taxonomy id must exist."""
    known = taxonomy.ids()
    return [f"{case.id}: unknown taxonomy id {tid!r}" for tid in sorted(case.all_tropes() - known)]


@dataclass
class ValidationReport:
    cases: list[Case] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    taxonomy: Taxonomy | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_library(cases_dir: Path, taxonomy_path: Path, check_usage: bool = True) -> ValidationReport:
    """Check every case file and the taxonomy, collecting all problems instead of stopping at the first.

    `check_usage` adds the curation rule that every taxonomy concept is used or justified;
    loading for queries skips it, since an unused concept does not make any answer wrong.
    """
    report = ValidationReport()
    try:
        taxonomy = load_taxonomy(taxonomy_path)
    except StoryWorldError as exc:
        report.problems.append(str(exc))
        return report
    report.taxonomy = taxonomy
    files = sorted(cases_dir.glob("*.yaml"))
    if not files:
        report.problems.append(f"{cases_dir}: no case files (*.yaml) found")
    for path in files:
        try:
            case = load_case(path)
        except StoryWorldError as exc:
            report.problems.append(str(exc))
            continue
        report.cases.append(case)
        report.problems.extend(case_problems(case, taxonomy))
    if not check_usage:
        return report
    used = set().union(*(c.all_tropes() for c in report.cases)) if report.cases else set()
    for concept in taxonomy.concepts:
        if concept.id not in used and not concept.note:
            report.problems.append(f"taxonomy: {concept.id!r} is used by no case and has no note saying why it is kept")
    return report


def _signature(cases_dir: Path, taxonomy_path: Path) -> tuple:  # type: ignore[type-arg]
    """Name, size and mtime of every file the library is read from: cheap to take, changes with any edit."""
    paths = sorted(cases_dir.glob("*.yaml")) + [taxonomy_path]
    return tuple((p.name, st.st_size, st.st_mtime_ns) for p in paths if (st := p.stat() if p.exists() else None))


_LOADED: dict[tuple, "CaseLibrary"] = {}  # type: ignore[type-arg]


def _code_version() -> tuple:  # type: ignore[type-arg]
    """The schema modules' own stats: a pickled library from other model classes must not be reused."""
    from assistant import schemas

    folder = Path(schemas.__file__).parent
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.py")))


def _read_cached(path: Path, key: tuple) -> "CaseLibrary | None":  # type: ignore[type-arg]
    """The validated library as the last process left it, if the files and schemas are unchanged since (a fresh
    CLI process then skips parsing 80 YAML files: 0.2 s of a 1 s search). Our own cache folder, written below."""
    import pickle

    try:
        with open(path, "rb") as f:
            stored_key, version, library = pickle.load(f)
    except Exception:  # missing, damaged or from another version: parse the files
        return None
    return library if stored_key == key and version == _code_version() else None


def _write_cached(path: Path, key: tuple, library: "CaseLibrary") -> None:  # type: ignore[type-arg]
    import pickle

    from assistant.cache import write_atomically

    write_atomically(path, pickle.dumps((key, _code_version(), library), protocol=pickle.HIGHEST_PROTOCOL))


class CaseLibrary:
    """The validated cases and taxonomy, loaded once and queried by id, country and trope."""

    def __init__(self, cases: list[Case], taxonomy: Taxonomy) -> None:
        self.cases = cases
        self.taxonomy = taxonomy
        self._by_id = {c.id: c for c in cases}

    @classmethod
    def load(cls, settings: Settings | None = None) -> "CaseLibrary":
        """The validated library; re-read only when a case file or the taxonomy changed (UI clicks and CLI steps share it)."""
        settings = settings or get_settings()
        cases_dir, taxonomy_path = settings.path(settings.cases_dir), settings.path(settings.taxonomy_path)
        key = (str(cases_dir), str(taxonomy_path), _signature(cases_dir, taxonomy_path))
        if key not in _LOADED:
            disk = settings.path(settings.cache_dir) / "library.pickle"
            library = _read_cached(disk, key)
            if library is None:
                report = validate_library(cases_dir, taxonomy_path, check_usage=False)
                if not report.ok:
                    raise CaseLibraryError(f"case library is invalid ({len(report.problems)} problems); first: {report.problems[0]}")
                library = cls(report.cases, report.taxonomy)  # type: ignore[arg-type]
                _write_cached(disk, key, library)
            _LOADED.clear()
            _LOADED[key] = library
        return _LOADED[key]

    def get(self, case_id: str) -> Case:
        try:
            return self._by_id[case_id]
        except KeyError:
            raise NotFoundError(f"unknown case id {case_id!r}; `storyworld cases list` shows the ids") from None

    def __contains__(self, case_id: object) -> bool:
        return case_id in self._by_id

    def filter(self, country: str | None = None, trope: str | None = None) -> list[Case]:
        if trope is not None and trope not in self.taxonomy.ids():
            raise NotFoundError(f"unknown trope id {trope!r}; see vectorstore/taxonomy.yaml for the ids")
        out = self.cases
        if country:
            wanted = country.upper() if country.lower() in {"cn", "kr"} else country
            out = [c for c in out if c.country == wanted]
        if trope:
            out = [c for c in out if trope in c.all_tropes()]
        return out
