"""`storyworld expand`: a fuller story-bible section on one axis (world, characters, transmedia), offline or on a model."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from assistant.analysis.signals import CHARACTER_KINDS, WORLD_KINDS
from assistant.critique.comps import case_for_traits, choose_comps
from assistant.critique.lesson_fit import case_for_move
from assistant.critique.elements import pitch_elements, quoted, short_quote
from assistant.critique.offline import _chain, conditions, suggestion
from assistant.critique.templates import moves, msg
from assistant.errors import StoryWorldError
from assistant.library import CaseLibrary
from assistant.schemas.analysis import Analysis
from assistant.schemas.case import Case
from assistant.schemas.critique import Expansion
from assistant.schemas.pitch import Pitch
from assistant.schemas.retrieval import CaseHit
from assistant.text.dimension_words import medium

AXES = ("world", "characters", "transmedia")
# a line that states a want: "林晚想守住…" (not 想起 "recalls", 没想到 "never expected", 思想 "thought"; 원하, but not
# inside 애원하 "plead" or 지원하 "support")
_WANTS = re.compile(r"(?<![思感理回猜幻联构冥遐料])想(?![起到象法不])|希望|梦想|盼望|一心要|立志|\bwants?\b|\bwanted\b|\bdreams? of\b|\bdetermined to\b|(?<![애지자입퇴복환동구청응후])원(?:하|한다|했|해)|하려|싶")
_TURNS = ("consequence", "dilemma", "relationship", "arc")  # a content pitch's turning points, best first, when it has no payoff to name
TRAITS = {"world": ["world-rules", "history-backstory", "factions", "signature-place", "shared-universe"],
          "characters": ["wound", "character-arc", "relationship-change", "ensemble"],
          "transmedia": ["webtoon", "web-novel", "remake", "sequel", "spin-off"]}


@lru_cache(maxsize=1)
def _templates() -> dict[str, Any]:
    return yaml.safe_load(resources.files("assistant.critique").joinpath("expansions.yaml").read_text(encoding="utf-8"))


def _t(node: dict[str, str], lang: str, **values: Any) -> str:
    from assistant.text.korean import fix_particles

    text = (node.get(lang) or node["en"]).format(**values)
    return fix_particles(text) if lang == "ko" else text


def expand_offline(pitch: Pitch, analysis: Analysis, hits: list[CaseHit], library: CaseLibrary, axis: str, lang: str) -> Expansion:
    if axis not in AXES:
        raise StoryWorldError(f"unknown axis {axis!r}; use world, characters or transmedia")
    e = pitch_elements(analysis, library.taxonomy, lang)
    comps = [library.get(h.case_id) for h in choose_comps(hits, limit=4)]
    case = case_for_traits(TRAITS[axis], comps + [library.get(h.case_id) for h in hits], library, set())
    if axis == "transmedia":  # the plan follows one case's IP path, and cites the case it follows
        case = next((c for c in (case, *comps) if c and len(c.dimensions.ip_origin.chain) >= 3), case or (comps[0] if comps else None))
    values = {**e.values(), "case_title": case.title(lang) if case else "", "chain": _chain(case, lang) if case else "",
              "case_lesson": getattr(case.lessons, {"world": "story_world"}.get(axis, axis)).get(lang) if case else "",
              "moment": e.moment if analysis.moments else _turn(analysis, lang)}
    if axis == "transmedia":
        sections = _transmedia(values, lang, case)
    else:
        sections = {"world": _world, "characters": _characters}[axis](analysis, values, lang, library, comps)
    return Expansion(pitch_id=pitch.id, axis=axis, language=lang, backend="offline", sections=sections,  # type: ignore[arg-type]
                     cases=[case.id] if case else [])


def _turn(a: Analysis, lang: str) -> str:
    """A pitch with no payoff is still built on turns: the first consequence, dilemma or change after the opening (a
    stable sort keeps the pitch's order within a kind; the opening states the premise, so a turn after it comes first)."""
    turns = sorted((s for s in a.signals if s.kind in _TURNS), key=lambda s: (s.beat == 0, _TURNS.index(s.kind)))
    return short_quote(turns[0].quote) if turns else _t(_templates()["characters"]["turn"], lang)


def _world(a: Analysis, v: dict[str, str], lang: str, library: CaseLibrary, comps: list) -> list[dict[str, str]]:  # type: ignore[type-arg]
    t, heads = _templates(), _templates()["headings"]["world"][lang]
    world = [s.quote for s in a.signals if s.kind in WORLD_KINDS]
    sep = "、" if lang == "zh" else "; "
    first = _t(t["world"]["existing_some"], lang, quote=sep.join(dict.fromkeys(short_quote(q) for q in world[:4])), **v) if world \
        else _t(t["world"]["existing_none"], lang, **v)
    sections = [{"heading": heads[0], "body": first}]
    held = conditions(a)
    active = held | {"low_world"}  # the writer asked for more world, whatever the pitch has
    by_id = {m.id: m for m in moves()}
    for heading, section in zip(heads[1:5], ("rules", "history", "places", "factions")):
        usable = [by_id[i] for i in t["world_sections"][section] if set(by_id[i].requires) <= active]
        # the move whose conditions this pitch meets: a porcelain-kiln drama gets its guild's customs, not a price on a hidden card
        move = max(usable, key=lambda m: len(set(m.when) & held), default=None)
        if move is None:  # no feud or hidden identity to dig under: a plain history of the place
            sections.append({"heading": heading, "body": _t(t["world"]["history"], lang, **v)})
            continue
        case = case_for_move(move, comps, [], library, set())
        sections.append({"heading": heading, "body": suggestion(move, case, _elements_from(v), lang).example})
    sections.append({"heading": heads[5], "body": _t(t["world"]["threads"], lang, **v)})
    return sections


def _characters(a: Analysis, v: dict[str, str], lang: str, library: CaseLibrary, comps: list) -> list[dict[str, str]]:  # type: ignore[type-arg]
    """A sheet per lead, grown from what the pitch already says of that person (a want, a wound) where it says it."""
    t, heads = _templates()["characters"], _templates()["headings"]["characters"][lang]
    names = (a.characters or [v["protagonist"]])[:3]
    stock_trope = v["trope"] == msg("fallback.trope", lang)  # no trope found: "under the 'the core hook' surface" says nothing
    sep = "；" if lang == "zh" else "; "
    sections = []
    for i, name in enumerate(names):
        other = names[(i + 1) % len(names)] if len(names) > 1 else v["second"]
        own = [s for s in a.signals if name in s.quote and (s.kind in CHARACTER_KINDS or s.kind == "consequence")]
        said = {kind: next((short_quote(s.quote) for s in own if s.kind == kind), None) for kind in ("motivation", "wound")}
        said["motivation"] = said["motivation"] or next((short_quote(s.quote) for s in own if _WANTS.search(s.quote)), None)
        values = {**v, "name": name, "other": other, "turn": v["moment"],  # expand_offline set it to a turn if no payoff
                  "rival": names[1] if len(names) > 1 else v["second"]}
        quotes = sep.join(quoted(q, lang) for q in dict.fromkeys(short_quote(s.quote) for s in own[:3]))
        lead = i == 0 or name == v["protagonist"]
        # The second lead's sheet is written against the lead's, a third lead's between the two: no two sheets alike.
        role = "" if lead else ("_other" if i == 1 else "_between")
        own_kind = lambda key: t[key + role]  # noqa: E731
        lines = {
            "pitch": _t(t["in_pitch_some"], lang, quotes=quotes, **values) if own else _t(t["in_pitch_none"], lang, **values),
            "want": _t(t["want_from"], lang, quote=said["motivation"], **values) if said["motivation"] else _t(own_kind("want"), lang, **values),
            "need": _t(t["need_plain"] if stock_trope and lead else own_kind("need"), lang, **values),
            "wound": _t(t["wound_from"], lang, quote=said["wound"], **values) if said["wound"] else _t(own_kind("wound"), lang, **values),
            "arc": _t(own_kind("arc"), lang, **values),
            "relationships": _t(t["relationships"], lang, **values),
        }
        sections.append({"heading": name, "body": "\n".join(f"{h}: {text}" for h, text in zip(heads, lines.values()))})
    return sections


def _transmedia(values: dict[str, str], lang: str, case: Case | None) -> list[dict[str, str]]:
    t = _templates()["transmedia"]
    steps = case.dimensions.ip_origin.chain if case else ["web-novel", "webtoon", "drama"]
    sections = []
    if case:  # how the comp's IP actually travelled, and what the library draws from it, before the plan built on it
        notes = case.notes(lang)
        went = ("" if lang == "zh" else " ").join(n.strip() for n in (notes.ip_note, notes.strategy_note) if n)
        lesson = case.lessons.transmedia.get(lang) or case.lessons.transmedia.get("en") or ""
        sections.append({"heading": t["case_heading"][lang], "body": _t(t["case_path"], lang, went=went, lesson=lesson, **values)})
    sections.append({"heading": _templates()["headings"]["transmedia"][lang], "body": _t(t["intro"], lang, **values)})
    order = [*dict.fromkeys(steps), *([] if "sequel" in steps else ["sequel"])]
    for n, step in enumerate(order, 1):
        node = t["media"].get(step, t["media"]["other"])
        sections.append({"heading": f"{n}. {medium(step, lang)}", "body": _t(node, lang, medium=medium(step, lang), **values)})
    return sections


def _elements_from(v: dict[str, str]):  # type: ignore[no-untyped-def]
    from assistant.critique.elements import Elements

    return Elements(protagonist=v["protagonist"], second=v["second"], place=v["place"], trope=v["trope"], moment=v["moment"], found=(),
                    detail=v.get("detail", ""), payoff=v.get("payoff", ""))
