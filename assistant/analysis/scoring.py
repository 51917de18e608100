"""From counted evidence to the four scores and the traffic / content / balanced call.

Every score is a saturating function of counts per beat, so a long pitch is not judged deeper just for being
long. The logic call uses two thresholds on the stacking index, the only numbers fitted to labelled pitches
(calibration.py; `storyworld eval analysis` reports them cross-validated); everything else is set by hand here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from assistant.analysis.signals import CHARACTER_KINDS, WORLD_KINDS
from assistant.analysis.structure import Structure
from assistant.schemas.analysis import Logic, Moment, Scores, Signal



def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(x, 50.0), -50.0)))


def sat(x: float, scale: float) -> float:
    """0 at 0, about 0.63 at `scale`, approaching 1: more evidence helps, with diminishing returns."""
    return 1.0 - math.exp(-max(x, 0.0) / scale)


@dataclass
class Features:
    beats: int
    moment_load: float  # summed intensity per beat
    moment_beat_share: float  # share of beats with at least one moment
    unsupported_share: float  # share of moment beats with no character signal or consequence in that beat or the next
    character_per_beat: float  # distinct (beat, kind) character/consequence signals per beat
    world_signals: int  # distinct (beat, kind) world signals
    world_kinds: int  # distinct kinds of world signal (rules, history, places, factions, universe)
    continuity: float  # share of beats in which the main character appears
    semantic_payoff_share: float  # share of beats nearest to the payoff-only prototypes
    semantic_depth_share: float  # share of beats nearest to the depth prototypes
    semantic_grounded_share: float  # share of beats nearest to the hook-with-a-cost prototypes
    semantic_lean: float  # mean (payoff − depth) closeness
    stated_rhythm: float  # rhythm phrases ("每集", "3~4화마다"), saturating at 3 (structure.py)
    payoff_rhythm: float  # rhythm phrases next to a payoff or hook word, saturating at 3
    hook_labels: float  # labelled episode-end hooks ("结尾：", "엔딩:"), saturating at 5

    def as_dict(self) -> dict[str, float]:
        return {k: round(float(v), 4) for k, v in self.__dict__.items()}


def features(beat_texts: list[str], moments: list[Moment], signals: list[Signal], characters: list[str], readings: list,  # type: ignore[type-arg]
             structure: Structure) -> Features:
    n = max(len(beat_texts), 1)
    moment_beats = {m.beat for m in moments}
    support = {s.beat for s in signals if s.kind in CHARACTER_KINDS or s.kind == "consequence"}
    unsupported = [b for b in moment_beats if b not in support and b + 1 not in support]
    char_pairs = {(s.beat, s.kind) for s in signals if s.kind in CHARACTER_KINDS or s.kind == "consequence"}
    world_pairs = {(s.beat, s.kind) for s in signals if s.kind in WORLD_KINDS}
    lead = characters[0] if characters else None
    return Features(
        beats=len(beat_texts),
        moment_load=sum(m.intensity for m in moments) / n,
        moment_beat_share=len(moment_beats) / n,
        unsupported_share=len(unsupported) / len(moment_beats) if moment_beats else 0.0,
        character_per_beat=len(char_pairs) / n,
        world_signals=len(world_pairs),
        world_kinds=len({k for _, k in world_pairs}),
        continuity=sum(1 for t in beat_texts if lead and lead in t) / n if lead else 0.0,
        semantic_payoff_share=_share(readings, "payoff"),
        semantic_depth_share=_share(readings, "depth"),
        semantic_grounded_share=_share(readings, "grounded_hook"),
        semantic_lean=sum(r.payoff - r.depth for r in readings) / len(readings) if readings else 0.0,
        stated_rhythm=min(structure.rhythm, 3) / 3,
        payoff_rhythm=min(structure.payoff_rhythm, 3) / 3,
        hook_labels=min(structure.hook_labels, 5) / 5,
    )


def _share(readings: list, kind: str) -> float:  # type: ignore[type-arg]
    return sum(1 for r in readings if r.nearest == kind) / len(readings) if readings else 0.0


def scores(f: Features, formula_share: float) -> Scores:
    """The four scores; homogeneity is `formula_share` (nearest_formula, which the analyzer also reads for the case it names)."""
    stacking = (0.25 * sat(f.moment_load, 0.6) + 0.10 * f.moment_beat_share + 0.15 * f.unsupported_share
                + 0.50 * sigmoid(f.semantic_lean / 0.02))
    character = 0.55 * sat(f.character_per_beat, 0.6) + 0.2 * f.continuity + 0.25 * (f.semantic_depth_share + 0.5 * f.semantic_grounded_share)
    world = 0.7 * sat(f.world_signals, 4.0) + 0.3 * sat(f.world_kinds, 2.0)
    density = round(min(max(stacking, 0.0), 1.0), 3)
    return Scores(
        stacking_index=density,  # until the logic model reads the pitch (analyzer.py)
        payoff_density=density,
        homogeneity=round(formula_share, 3),
        world_depth=round(min(world, 1.0), 3),
        character_depth=round(min(character, 1.0), 3),
    )


COPY_FLOOR = 4  # a case with fewer tropes counts as this many, so one or two shared tropes are not a copy of it


def library_overlap(tropes: list[str], case_tropes: list[set[str]], trope_counts: dict[str, int]) -> float:
    """How common the pitch's tropes are in the library and how close it sits to one case (the mean of the tropes'
    commonness and the best Jaccard overlap). The logic model reads this (it was `homogeneity` until session 11):
    refitted on the share-of-a-formula measure below instead, the model did no better on writers it never read (0.814
    by batch against 0.809) and worse on the never-seen pitches (214 of 246 against 221)."""
    wanted = set(tropes)
    if not wanted or not case_tropes:
        return 0.0
    top = max(trope_counts.values(), default=0) or 1
    commonness = math.fsum(trope_counts.get(t, 0) / top for t in wanted) / len(wanted)  # exact: the same in any set order
    best = max(len(wanted & ts) / len(wanted | ts) for ts in case_tropes)
    return 0.5 * commonness + 0.5 * best


def homogeneity(tropes: list[str], case_tropes: list[set[str]]) -> float:
    """How stock the combination is: the largest share of one library case's trope combination that the pitch
    reproduces. A pitch that re-skins a known formula (war god + hidden identity + face-slaps: 无双) scores high however
    many other tropes it adds; the earlier measure (library_overlap, which the logic model still reads) fell as a pitch
    stacked more stock tropes, and barely told traffic pitches from content ones (AUC 0.55 on the labelled pitches,
    against 0.68 for this one)."""
    return nearest_formula(tropes, case_tropes)[0]


def nearest_formula(tropes: list[str], case_tropes: list[set[str]]) -> tuple[float, int | None, list[str]]:
    """The share of the closest case's combination reproduced, that case's index, and the tropes shared with it (the
    first case wins a tie, so the answer does not depend on set order)."""
    wanted = set(tropes)
    best: tuple[float, int | None, list[str]] = (0.0, None, [])
    for index, ts in enumerate(case_tropes):
        share = len(wanted & ts) / max(len(ts), COPY_FLOOR)
        if share > best[0]:
            best = (share, index, sorted(wanted & ts))
    return best


def margin(s: Scores) -> float:
    return s.payoff_density - (s.world_depth + s.character_depth) / 2


def decide(s: Scores, thresholds: dict[str, float] | None = None) -> Logic:
    """traffic at or above the fitted traffic threshold of the payoff density, content below the content one."""
    from assistant.analysis.calibration import decide as by_threshold, load_thresholds

    t = thresholds or load_thresholds()
    return by_threshold(s.payoff_density, t["traffic"], t["content"])  # type: ignore[return-value]
