"""A case annotation in the reader's language: the rows the UI card and the terminal share, and the terminal text."""

from __future__ import annotations

from assistant.schemas.case import Case
from assistant.schemas.taxonomy import Taxonomy
from assistant.text.dimension_words import level, medium, word

CARD_HEADINGS = {
    "en": ["premise", "industrial model", "IP origin", "development", "narrative logic", "teaches", "story world", "characters",
           "transmedia", "tropes", "counter-example", "confidence"],
    "zh": ["故事梗概", "产业模式", "IP来源", "开发策略", "叙事逻辑", "案例启示", "故事世界", "人物", "跨媒介", "套路", "反例", "可信度"],
    "ko": ["줄거리", "산업 모델", "IP 원천", "개발 전략", "서사 논리", "사례의 교훈", "스토리 월드", "캐릭터", "트랜스미디어", "트로프", "반례", "신뢰도"],
}
ORIENTATION = {"horizontal": {"zh": "横屏", "ko": "가로형"}, "vertical": {"zh": "竖屏", "ko": "세로형"}}
# The terminal's header lines: format, genre, episodes, minutes, distribution, year unknown.
HEADER = {
    "en": ("Format", "Genre", "episodes", "min", "Distribution", "year unknown"),
    "zh": ("形式", "类型", "集", "分钟", "播出与发行", "年份不详"),
    "ko": ("형식", "장르", "회", "분", "방송·유통", "연도 미상"),
}


def _lead(value: str, note: str) -> str:
    """The value, then its note; once only when the note opens with it (单部作品 单部作品；…)."""
    return note if note.startswith(value) else f"{value} {note}".rstrip()


def case_fields(case: Case, lang: str, taxonomy: Taxonomy | None = None) -> list[tuple[str, str]]:
    """(heading, value) rows in `lang` where the case is written in it (premise, lessons, localised notes, dimension
    values, trope labels), the rest as annotated."""
    d = case.dimensions
    notes = case.notes(lang)
    chain = " → ".join(medium(m, lang) for m in d.ip_origin.chain)
    confidence = level(case.confidence, lang)
    concepts = [taxonomy.get(t) if taxonomy is not None else None for t in case.tropes]
    values = [
        case.premise.get(lang), f"{word(d.industrial_model.type, lang)} — {notes.financing}",
        f"{medium(d.ip_origin.type, lang)}: {chain} {notes.ip_note}".rstrip(), _lead(word(d.development_strategy.type, lang), notes.strategy_note),
        f"{word(d.narrative_logic.stacking_level, lang)}; {notes.emotional_core}", d.case_lesson.get(lang),
        case.lessons.story_world.get(lang), case.lessons.characters.get(lang), case.lessons.transmedia.get(lang),
        ", ".join(c.label.get(lang) if c else t for c, t in zip(concepts, case.tropes)),
        notes.counter_example or "—", confidence + (f"; {notes.gaps}" if notes.gaps else ""),
    ]
    return list(zip(CARD_HEADINGS.get(lang, CARD_HEADINGS["en"]), values))


def case_to_text(case: Case, lang: str = "en", taxonomy: Taxonomy | None = None) -> str:
    fmt, notes = case.format, case.notes(lang)
    fmt_word, genre, episodes, minutes, distribution, no_year = HEADER.get(lang, HEADER["en"])
    gap = " " if lang == "en" else ""  # 16 episodes, 16集, 16회
    other_title = next((t for t in (case.title(lang), case.title("en")) if t != case.titles.original), None)
    orientation = ORIENTATION.get(fmt.orientation, {}).get(lang, fmt.orientation)
    lines = [
        f"{case.titles.original}" + (f" ({other_title})" if other_title else "") + f" — {case.id}",
        f"{word(case.country, lang)}, {case.year or no_year}, {notes.platform}",
        f"{fmt_word}: {word(fmt.kind, lang)}" + ("" if orientation in word(fmt.kind, lang) else f", {orientation}") + ", "
        f"{fmt.episodes or '?'}{gap}{episodes} × {fmt.minutes_per_episode or '?'}{gap}{minutes}",
        f"{genre}: {notes.genre}",
        f"{distribution}: {notes.distribution}",
        "",
    ]
    lines += [f"{heading[:1].upper()}{heading[1:]}: {value}" for heading, value in case_fields(case, lang, taxonomy)]
    return "\n".join(lines)
