"""The offline critique: no model, composed from the analysis, the retrieved cases' annotations and the moves library.

Every sentence is chosen by the analysis (which findings, which moves) and filled with the pitch's own names,
quotes and the cited case's lessons, in the output language.
"""

from __future__ import annotations

from assistant.critique.comps import choose_comps, to_comparable
from assistant.critique.lesson_fit import case_for_move
from assistant.critique.elements import Elements, pitch_elements, quoted, short_quote
from assistant.analysis.signals import CHARACTER_KINDS, WORLD_KINDS
from assistant.critique.templates import Move, moves, msg
from assistant.library import CaseLibrary
from assistant.text.dimension_words import country, medium
from assistant.schemas.analysis import Analysis
from assistant.schemas.case import Case
from assistant.schemas.critique import Critique, Diagnosis, Finding, Suggestion, Suggestions
from assistant.schemas.pitch import Pitch
from assistant.schemas.retrieval import CaseHit
from assistant.text.korean import fix_particles

SUGGESTIONS_PER_AXIS = 3
STOCK = 0.45  # homogeneity from which a combination counts as a reused formula (half of a case's combination, about)
ROMANCE = {"sweet-romance", "contract-marriage", "flash-marriage", "first-love", "love-triangle", "friends-to-lovers", "sweet-moment"}
FAMILY = {"blended-family", "chosen-family", "makjang", "silver-romance", "period-nostalgia", "divorce-remarriage", "secret-baby"}


def conditions(a: Analysis) -> set[str]:
    s, kinds = a.scores, set(a.tropes) | {m.kind for m in a.moments}
    out = {"always"}
    out |= {name for name, on in (
        ("low_world", s.world_depth < 0.45), ("low_character", s.character_depth < 0.45), ("high_stacking", s.stacking_index >= 0.45),
        ("high_homogeneity", s.homogeneity >= STOCK), ("has_revenge", "revenge" in kinds),
        ("has_rebirth", bool({"rebirth", "time-travel", "de-aging", "book-transmigration"} & kinds)),
        ("has_identity", bool({"identity-reveal", "hidden-identity"} & kinds)), ("has_romance", bool(ROMANCE & kinds)),
        ("has_family", bool(FAMILY & kinds))) if on}
    return out


def select_moves(active: set[str], axis: str, limit: int = SUGGESTIONS_PER_AXIS) -> list[Move]:
    """Moves of an axis ranked by how many of their conditions hold; 'always' moves fill the rest."""
    candidates = [m for m in moves() if m.axis == axis and set(m.when) & active and set(m.requires) <= active]
    candidates.sort(key=lambda m: (-len(set(m.when) & (active - {"always"})), m.id))
    return candidates[:limit]


def _chain(case: Case, lang: str) -> str:
    return " → ".join(medium(m, lang) for m in case.dimensions.ip_origin.chain)


def suggestion(move: Move, case: Case | None, elements: Elements, lang: str) -> Suggestion:
    axis_lesson = {"story_world": "story_world", "characters": "characters", "transmedia": "transmedia"}[move.axis]
    values = {
        **elements.values(),
        "case_title": case.title(lang) if case else "",
        "case_lesson": getattr(case.lessons, axis_lesson).get(lang) if case else "",
        "chain": _chain(case, lang) if case else "",
    }
    fill = (lambda t: fix_particles(t.format(**values))) if lang == "ko" else (lambda t: t.format(**values))
    return Suggestion(move=fill(move.move.get(lang)), why=fill(move.why.get(lang)), case_id=case.id if case else None,
                      example=fill(move.example.get(lang)))


def compose(pitch: Pitch, analysis: Analysis, hits: list[CaseHit], library: CaseLibrary, lang: str) -> Critique:
    elements = pitch_elements(analysis, library.taxonomy, lang)
    comp_hits = choose_comps(hits)
    comp_cases = [library.get(h.case_id) for h in comp_hits]
    comparables = [to_comparable(h, c, lang) for h, c in zip(comp_hits, comp_cases)]
    active = conditions(analysis)
    sections: dict[str, list[Suggestion]] = {}
    used: set[str] = set()
    for axis in ("story_world", "characters", "transmedia"):
        items = []
        for move in select_moves(active, axis):
            case = case_for_move(move, comp_cases, [library.get(h.case_id) for h in hits], library, used)
            if case:
                used.add(case.id)
            items.append(suggestion(move, case, elements, lang))
        sections[axis] = items
    findings = build_findings(analysis, comparables, comp_cases, library, lang)
    return Critique(
        pitch_id=pitch.id, title=pitch.title, language=lang, backend="offline", analysis=analysis,  # type: ignore[arg-type]
        diagnosis=Diagnosis(logic=analysis.logic, stacking_index=analysis.scores.stacking_index, findings=findings),
        comparable_cases=comparables, suggestions=Suggestions(**sections),
        summary=summary(pitch, analysis, elements, comparables, lang),
    )


def _sep(lang: str) -> str:
    return "、" if lang == "zh" else ", "


def build_findings(a: Analysis, comps: list, comp_cases: list[Case], library: CaseLibrary, lang: str) -> list[Finding]:  # type: ignore[type-arg]
    s = a.scores
    strongest = max(a.moments, key=lambda m: m.intensity, default=None)
    severity = {"traffic": "major", "balanced": "minor", "content": "info"}[a.logic]
    values = dict(stacking=s.stacking_index, moments=len(a.moments), beats=len(a.beats), unsupported=a.features.get("unsupported_share", 0.0),
                  homogeneity=s.homogeneity, world=s.world_depth, character=s.character_depth)
    out = [
        Finding(dimension="narrative_logic", severity=severity, message=msg(f"findings.narrative_logic.{a.logic}", lang, **values),  # type: ignore[arg-type]
                evidence=strongest.quote if strongest else None),
        Finding(dimension="industrial_model", severity=severity, message=msg(f"findings.industrial_model.{a.logic}", lang),  # type: ignore[arg-type]
                evidence=a.moments[0].quote if a.moments else None),
    ]
    tropes = [t for t in a.tropes if (c := library.taxonomy.get(t)) and c.category == "trope"]
    labels = _sep(lang).join(library.taxonomy.get(t).label.get(lang) for t in tropes[:5])  # type: ignore[union-attr]
    level = "none" if not tropes else ("high" if s.homogeneity >= STOCK and a.formula else "low")
    case = library.get(a.formula.case_id) if a.formula else None
    if level == "high" and case is not None:  # name the formula it reuses: the case and the tropes shared with it
        labels = _sep(lang).join(c.label.get(lang) for c in map(library.taxonomy.get, a.formula.shared) if c)  # type: ignore[union-attr]
    out.append(Finding(dimension="ip_origin", severity="major" if level == "high" else "info",
                       message=msg(f"findings.ip_origin.{level}", lang, tropes=labels, homogeneity=s.homogeneity,
                                   case=case.title(lang) if case else "")))
    world_signals = [x for x in a.signals if x.kind in WORLD_KINDS]
    if s.world_depth >= 0.45 and world_signals:
        items = _sep(lang).join(quoted(q, lang) for q in dict.fromkeys(short_quote(x.quote, 24) for x in world_signals[:3]))
        out.append(Finding(dimension="development_strategy", severity="info",
                           message=msg("findings.development_strategy.vertical", lang, world=s.world_depth, world_items=items),
                           evidence=world_signals[0].quote))
    else:
        out.append(Finding(dimension="development_strategy", severity="major" if a.logic == "traffic" else "minor",
                           message=msg("findings.development_strategy.horizontal", lang, world=s.world_depth)))
    if comps:
        names = _sep(lang).join(f"{c.title}（{country(c.country, lang)}）" if lang == "zh" else f"{c.title} ({country(c.country, lang)})" for c in comps)
        out.append(Finding(dimension="case_study", severity="info", message=msg(
            "findings.case_study", lang, comps=names, lead_title=comps[0].title, lead_lesson=comps[0].lesson)))
    char_signals = [x for x in a.signals if x.kind in CHARACTER_KINDS or x.kind == "consequence"]
    out.append(_depth_finding("characters", "character", s.character_depth, char_signals, a.logic, lang))
    out.append(_depth_finding("world", "world", s.world_depth, world_signals, a.logic, lang))
    if a.negated:
        kinds = _sep(lang).join(sorted({m.label for m in a.negated}))
        key = "contradicted" if a.logic == "traffic" and a.moments else "honest"
        out.append(Finding(dimension="narrative_logic", severity="major" if key == "contradicted" else "info",
                           message=msg(f"findings.denied.{key}", lang, kinds=kinds, moments=len(a.moments)), evidence=a.negated[0].quote))
    return out


def _depth_finding(dimension: str, value_name: str, score: float, signals: list, logic: str, lang: str) -> Finding:  # type: ignore[type-arg]
    """Low depth is a problem (major on a traffic pitch); real depth is shown with the pitch's own words."""
    if score < 0.45 or not signals:
        return Finding(dimension=dimension, severity="major" if logic == "traffic" else "minor",  # type: ignore[arg-type]
                       message=msg(f"findings.{dimension}.low", lang, **{value_name: score}))
    quote = signals[0].quote
    return Finding(dimension=dimension, severity="info", evidence=quote,  # type: ignore[arg-type]
                   message=msg(f"findings.{dimension}.ok", lang, evidence=quote, **{value_name: score}))


def summary(pitch: Pitch, a: Analysis, e: Elements, comps: list, lang: str) -> str:  # type: ignore[type-arg]
    names = _sep(lang).join(c.title for c in comps[:2]) or "—"
    return msg(f"summary.{a.logic}", lang, title=pitch.title, logic=msg(f"logic_name.{a.logic}", lang), moments=len(a.moments),
               character=a.scores.character_depth, world=a.scores.world_depth, moment=e.moment, comps=names)
