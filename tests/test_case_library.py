"""The case library is the ground truth every critique cites: it must be complete, valid and faithful to the facts file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from assistant.errors import CaseLibraryError
from assistant.library import load_case, validate_library
from assistant.text.lang import detect_language

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "vectorstore" / "cases"
TAXONOMY = ROOT / "vectorstore" / "taxonomy.yaml"
EXAMPLE = CASES / "kr-marry-my-husband.yaml"


def test_library_validates_with_enough_cases_per_country() -> None:
    report = validate_library(CASES, TAXONOMY)
    assert report.problems == []
    counts = Counter(case.country for case in report.cases)
    assert counts["CN"] >= 30 and counts["KR"] >= 30, counts


def test_every_case_id_comes_from_the_facts_file(library, facts) -> None:  # type: ignore[no-untyped-def]
    unknown = [case.id for case in library.cases if case.id not in facts]
    assert unknown == []


def test_countries_and_years_match_the_facts(library, facts) -> None:  # type: ignore[no-untyped-def]
    mismatched = [
        case.id for case in library.cases if case.country != facts[case.id]["country"] or case.year != facts[case.id]["year"]
    ]
    assert mismatched == []


def test_every_case_has_trilingual_premise_and_lessons(library) -> None:  # type: ignore[no-untyped-def]
    for case in library.cases:
        for text in (case.premise, case.lessons.story_world, case.lessons.characters, case.lessons.transmedia):
            for lang in ("zh", "ko", "en"):
                assert detect_language(getattr(text, lang)) == lang, f"{case.id}: the {lang} text is not in {lang}"


def test_every_case_has_its_notes_in_chinese_and_korean(library) -> None:  # type: ignore[no-untyped-def]
    """The notes first written in English (genre, financing, IP and strategy notes, emotional core, archetypes,
    counter-example, platform, distribution, gaps) are written again for Chinese and Korean readers, so no case card
    falls back to English for them (a platform can be all names: Netflix, tvN; it is only required)."""
    for case in library.cases:
        assert set(case.localized) == {"zh", "ko"}, f"{case.id}: localized must have zh and ko"
        for lang, notes in case.localized.items():
            texts = [notes.genre, notes.financing, notes.emotional_core, notes.ip_note, notes.strategy_note, *notes.archetypes,
                     notes.counter_example or "", notes.distribution, notes.gaps]
            assert len(notes.archetypes) == len(case.characters), f"{case.id}: {lang} archetypes"
            assert bool(notes.ip_note) == bool(case.dimensions.ip_origin.note), f"{case.id}: {lang} ip_note"
            assert notes.platform and bool(notes.gaps) == bool(case.gaps), f"{case.id}: {lang} platform and gaps"
            for text in filter(None, texts):
                assert detect_language(text) == lang, f"{case.id}: {lang} note not in {lang}: {text!r}"


def _write_variant(tmp_path: Path, mutate) -> Path:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / EXAMPLE.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["premise"].pop("ko"), "premise.ko"),
        (lambda d: d.__setitem__("premise", {**d["premise"], "zh": ""}), "premise.zh"),
        (lambda d: d.__setitem__("confidence", "certain"), "confidence"),
        (lambda d: d.__setitem__("surprise_field", 1), "surprise_field"),
        (lambda d: d["dimensions"]["narrative_logic"].__setitem__("stacking_level", "extreme"), "stacking_level"),
        (lambda d: d.__setitem__("country", "CN"), "must start with 'cn-'"),
        (lambda d: d["localized"]["ko"]["archetypes"].pop(), "localized.ko.archetypes has"),
        (lambda d: d["localized"]["zh"].pop("financing"), "localized.zh.financing"),
        (lambda d: d["localized"]["ko"].pop("gaps"), "localized.ko.gaps must be given"),
        (lambda d: d["localized"]["zh"].pop("platform"), "localized.zh.platform is missing"),
    ],
)
def test_schema_breaks_are_reported_with_the_field(tmp_path: Path, mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CaseLibraryError, match=message.replace(".", r"\.")):
        load_case(_write_variant(tmp_path, mutate))


def test_unknown_trope_id_fails_validation(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    _write_variant(cases, lambda d: d["tropes"].append("not-a-trope"))
    report = validate_library(cases, TAXONOMY, check_usage=False)
    assert report.problems == ["kr-marry-my-husband: unknown taxonomy id 'not-a-trope'"]


def test_a_value_cut_short_by_a_yaml_comment_is_reported(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    path = _write_variant(cases, lambda d: None)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "counter_example: it reached #1 on Netflix Japan\n", encoding="utf-8")
    report = validate_library(cases, TAXONOMY, check_usage=False)
    assert len(report.problems) == 1 and "' #' starts a YAML comment" in report.problems[0] and "double quotes" in report.problems[0]
    path.write_text(text + 'counter_example: "it reached #1 on Netflix Japan"\n', encoding="utf-8")
    assert validate_library(cases, TAXONOMY, check_usage=False).problems == []


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "kr-broken.yaml"
    path.write_text("id: kr-broken\ntitles: [unclosed\n", encoding="utf-8")
    with pytest.raises(CaseLibraryError, match=r"kr-broken\.yaml line \d+: malformed YAML"):
        load_case(path)


def test_file_name_must_match_id(tmp_path: Path) -> None:
    path = tmp_path / "kr-other-name.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(CaseLibraryError, match="file name must be the case id"):
        load_case(path)


def test_every_taxonomy_concept_is_used_or_justified(library) -> None:  # type: ignore[no-untyped-def]
    used = set().union(*(case.all_tropes() for case in library.cases))
    unjustified = [c.id for c in library.taxonomy.concepts if c.id not in used and not c.note]
    assert unjustified == []
    assert len(library.taxonomy.concepts) >= 40


def test_taxonomy_has_trilingual_labels_and_forms(library) -> None:  # type: ignore[no-untyped-def]
    for concept in library.taxonomy.concepts:
        assert concept.forms.zh and concept.forms.ko and concept.forms.en, concept.id
    ids = [c.id for c in library.taxonomy.concepts]
    assert len(ids) == len(set(ids))


def test_library_cache_follows_edits_and_ignores_damage(tmp_path: Path) -> None:
    import shutil

    from assistant.library import CaseLibrary, _LOADED
    from assistant.settings import Settings

    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "vectorstore" / "cases", tmp_path / "vectorstore" / "cases")
    shutil.copy(root / "vectorstore" / "taxonomy.yaml", tmp_path / "vectorstore" / "taxonomy.yaml")
    settings = Settings(home=tmp_path, cache_dir=tmp_path / "cache")
    assert CaseLibrary.load(settings).get("kr-misaeng").year
    assert (tmp_path / "cache" / "library.pickle").exists()
    _LOADED.clear()  # as a new process would start
    path = tmp_path / "vectorstore" / "cases" / "kr-misaeng.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2014", "year: 2013"), encoding="utf-8")
    assert CaseLibrary.load(settings).get("kr-misaeng").year == 2013  # the edit, not the cached copy
    _LOADED.clear()
    (tmp_path / "cache" / "library.pickle").write_bytes(b"damaged")
    assert CaseLibrary.load(settings).get("kr-misaeng").year == 2013


def test_not_forms_keep_lookalike_words_from_lighting_a_concept(library) -> None:  # type: ignore[no-untyped-def]
    from assistant.text.concepts import ConceptMatcher

    found = lambda text: [(m.concept_id, m.form) for m in ConceptMatcher(library.taxonomy).find(text)]  # noqa: E731
    assert found("썸네일을 바꾸자 썸 타는 두 사람") == [("sweet-romance", "썸")]  # 썸네일 is a thumbnail
    assert found("세자매의 이야기, 세자의 비밀") == [("palace-intrigue", "세자")]  # 세자매: three sisters
    assert found("the justice system fails her, but the system levels her up") == [("game-system", "system")]
    assert found("矛盾升级，他绑定了系统") == [("game-system", "系统")]  # conflict escalating is not levelling up
    assert found("她今年十八岁") == [] and found("变回十八岁的奶奶") == [("de-aging", "变回十八岁")]


def test_a_not_form_that_blocks_nothing_is_a_clear_error(library) -> None:  # type: ignore[no-untyped-def]
    from pydantic import ValidationError

    from assistant.schemas.taxonomy import Concept

    concept = library.taxonomy.get("sweet-romance").model_dump()
    with pytest.raises(ValidationError, match="contain none of the concept's forms"):
        Concept.model_validate({**concept, "not_forms": ["썸네일", "thumbnail"]})


def test_a_chinese_title_reads_to_a_korean_writer_in_sino_korean() -> None:
    """No Korean title: 가리가외(家里家外) as the Korean press writes it; the index keeps the plain title."""
    from assistant.library import CaseLibrary

    cases = {c.id: c for c in CaseLibrary.load().cases}
    assert cases["cn-jialijiawai"].title("ko") == "가리가외(家里家外)"
    assert cases["cn-jialijiawai"].title("ko", reading=False) == cases["cn-jialijiawai"].titles.en
    assert cases["kr-misaeng"].title("ko") == cases["kr-misaeng"].titles.ko  # a Korean title stays as it is
    assert cases["cn-landlord"].title("ko") == cases["cn-landlord"].titles.en  # 방동유점괴 would read as noise
    assert cases["cn-twin-treasures-mommy-vest"].title("ko") == "일태이보(一胎二宝)"  # the reading names the title's first part
