"""Pitch → Analysis: beats, moments, depth signals, names, semantic lean, scores and the logic call."""

from __future__ import annotations

from typing import Any

import numpy as np

from assistant.analysis import logic_model, scoring
from assistant.analysis.beats import split_beats
from assistant.analysis.moments import find_moments
from assistant.analysis.names import extract_names
from assistant.analysis.semantic import PitchVectors, encode_pitch, read_beats
from assistant.analysis.signals import CHARACTER_KINDS, WORLD_KINDS, find_signals
from assistant.analysis.structure import Structure, read_structure
from assistant.library import CaseLibrary
from assistant.schemas.analysis import Analysis, CurvePoint, Formula, Logic, Moment, Signal
from assistant.schemas.pitch import Pitch
from assistant.text.concepts import ConceptMatcher
from assistant.text.dimension_words import logic as logic_word
from assistant.text.negation import cue_within, is_negated, negated_spans

RUNNER_UP_SHOWN = 0.05  # the second label's probability is named from here
REASONS: dict[str, dict[str, Any]] = {  # per language; "kinds" and "labels" hold a table per language
    "moments": {"zh": "{n} 个爽点分布在 {beats} 个段落中（每段强度 {load:.2f}）", "ko": "{beats}개 구간에 사이다 포인트 {n}개(구간당 강도 {load:.2f})",
                "en": "{n} exciting moments across {beats} beats (intensity {load:.2f} per beat)"},
    "unsupported": {"zh": "其中 {pct:.0%} 的爽点段落前后没有动机或后果的铺垫", "ko": "사이다 구간 중 {pct:.0%}는 앞뒤에 동기나 결과가 없음",
                    "en": "{pct:.0%} of the payoff beats have no motivation or consequence before or after them"},
    "semantic": {"zh": "{pct:.0%} 的段落在语义上更接近纯爽点桥段", "ko": "구간의 {pct:.0%}가 의미상 사이다 전용 장면에 가까움",
                 "en": "{pct:.0%} of beats read closer to payoff-only scenes than to character or world building"},
    "character": {"zh": "人物信号 {n} 处（动机、内心、关系变化、后果）", "ko": "인물 신호 {n}개(동기, 내면, 관계 변화, 결과)",
                  "en": "{n} character signals (motivation, interiority, changing relationships, consequences)"},
    "world": {"zh": "世界信号 {n} 处，涉及 {kinds}", "ko": "세계 신호 {n}개: {kinds}", "en": "{n} world signals: {kinds}"},
    "kinds": {"zh": {"world_rule": "规则", "history": "前史", "place": "地点", "faction": "势力", "universe": "共享世界观"},
              "ko": {"world_rule": "규칙", "history": "전사", "place": "장소", "faction": "세력", "universe": "공유 세계관"},
              "en": {"world_rule": "rules", "history": "history", "place": "places", "faction": "factions", "universe": "shared universe"}},
    "no_world": {"zh": "几乎没有世界规则、历史、地点或势力", "ko": "세계 규칙·역사·장소·세력이 거의 없음", "en": "almost no world rules, history, places or factions"},
    "model": {"zh": "拟合模型倾向{label}（{p:.0%}；其次{second} {p2:.0%}）", "ko": "학습된 판정 모델은 {label} 쪽({p:.0%}; 다음은 {second} {p2:.0%})",
              "en": "the fitted model leans {label} ({p:.0%}; next, {second} at {p2:.0%})"},
    "model_sure": {"zh": "拟合模型判为{label}（{p:.0%}）", "ko": "학습된 판정 모델은 {label}({p:.0%})", "en": "the fitted model reads {label} ({p:.0%})"},
    "rhythm": {"zh": "自述的爽点节奏 {n} 处，如“{quote}”", "ko": "스스로 밝힌 사이다 리듬 {n}곳, 예: \"{quote}\"",
               "en": "the pitch states a payoff rhythm {n} time(s), e.g. \"{quote}\""},
    "sentences": {"zh": "{pct:.0%} 的句子更像流量型剧本的写法，最典型的一句：“{quote}”",
                  "ko": "문장의 {pct:.0%}가 트래픽형 기획안의 문장에 더 가까움. 가장 그런 문장: \"{quote}\"",
                  "en": "{pct:.0%} of the sentences read more like traffic-logic pitches than content-logic ones, most of all \"{quote}\""},
    # A pitch called content-led quotes the sentence that reads most like a content-logic pitch: the line the call leans on.
    "sentences_content": {"zh": "只有 {pct:.0%} 的句子更像流量型剧本的写法；最像内容型剧本的一句：“{quote}”",
                          "ko": "트래픽형 기획안에 가까운 문장은 {pct:.0%}뿐. 콘텐츠형에 가장 가까운 문장: \"{quote}\"",
                          "en": "only {pct:.0%} of the sentences read more like traffic-logic pitches; the most content-like is \"{quote}\""},
    # The wording reader's own call (lexical_reader.py): a literary pitch that stacks payoffs can word them like either.
    "wording": {"zh": "仅看措辞，最像{label}剧本（{p:.0%}）", "ko": "표현만 보면 {label} 기획안에 가장 가까움({p:.0%})",
                "en": "on its wording alone it reads most like a {label} pitch ({p:.0%})"},
    "denied": {"zh": "文中否认的爽点未计入：{kinds}", "ko": "부정된 사이다 요소는 세지 않음: {kinds}", "en": "moments the pitch denies were not counted: {kinds}"},
}


QUOTE_CHARS = 80  # a quoted sentence in a reason is cut here


class Analyzer:
    """Holds what analysis needs once per process: the taxonomy matcher and the library's tropes."""

    def __init__(self, library: CaseLibrary) -> None:
        self.library = library
        self.matcher = ConceptMatcher(library.taxonomy)
        self.trope_ids = {c.id for c in library.taxonomy.concepts if c.category in ("trope", "exciting_moment")}
        self.case_tropes = [c.all_tropes() & self.trope_ids for c in library.cases]
        self.trope_counts = {t: sum(1 for ts in self.case_tropes if t in ts) for t in self.trope_ids}

    def analyze(self, pitch: Pitch, out_lang: str | None = None, vectors: PitchVectors | None = None) -> Analysis:
        """Analyse `pitch`; labels and reasons are written in `out_lang` (default: the pitch's language)."""
        return self.analyze_with_input(pitch, out_lang, vectors)[0]

    def analyze_with_input(self, pitch: Pitch, out_lang: str | None = None, vectors: PitchVectors | None = None):  # type: ignore[no-untyped-def]
        """The analysis and the logic model's input row (what `eval analysis --fit` learns from)."""
        text, lang = pitch.text, out_lang or pitch.language
        beats = split_beats(text)
        matches = self.matcher.find(text)
        # A cue inside a concept's own form ("没有血缘的一家人", "not related by blood") names the concept, it denies nothing.
        negated = [s for s in negated_spans(text) if not any(cue_within(text, s, m.start, m.end) for m in matches)]
        characters, places = extract_names(text, pitch.language)
        if not places:  # no named place: the pitch's own word for its setting (老街, 마을, harbour) still beats a stock phrase
            setting = next((m.form for m in matches if m.concept_id == "signature-place" and not is_negated(negated, m.start, m.end)), None)
            places = [("the " + setting.lower()) if setting and setting.isascii() else setting] if setting else []
        moments, denied = find_moments(text, beats, matches, self.library.taxonomy, negated, lang)
        signals = find_signals(text, beats, matches, negated)
        if vectors is None:
            vectors = encode_pitch(text, beats)
        readings = read_beats([b.text for b in beats], vectors.beats, pitch.language) if beats else []
        tropes = sorted({m.concept_id for m in matches if m.category in ("trope", "exciting_moment")
                         and not is_negated(negated, m.start, m.end)})
        structure = read_structure(text, negated)
        feats = scoring.features([b.text for b in beats], moments, signals, characters, readings, structure)
        share, nearest, shared = scoring.nearest_formula(tropes, self.case_tropes)  # homogeneity, and the case it comes from
        scores = scoring.scores(feats, share)
        overlap = round(scoring.library_overlap(tropes, self.case_tropes, self.trope_counts), 3)
        row = logic_model.model_input({**feats.as_dict(), **scores.model_dump(), "library_overlap": overlap}, vectors.sentence_vectors, text)
        model = logic_model.load()
        logic: Logic  # the fitted model's call; the payoff-density thresholds' when no model is saved
        logic, probabilities = (scoring.decide(scores), {}) if model is None else model.predict(row)  # type: ignore[assignment]
        sentence_share, sentence_quote = self._sentence_lean(model, vectors, toward_content=logic == "content")
        wording = {} if model is None else dict(zip(logic_model.LABELS, np.exp(model.lexical.log_probabilities(text))))
        if probabilities:  # the model's reading of how far the pitch runs on stacked payoffs
            scores = scores.model_copy(update={"stacking_index": logic_model.stacking_from(probabilities)})
        formula = Formula(case_id=self.library.cases[nearest].id, shared=shared) if nearest is not None else None
        analysis = Analysis(
            language=pitch.language, beats=beats, moments=moments, negated=denied, signals=signals, tropes=tropes,
            characters=characters, places=places, scores=scores, formula=formula, logic=logic,
            reasons=self._reasons(lang, feats, moments, denied, signals, len(beats), logic, probabilities, structure, (sentence_share, sentence_quote), wording),
            curve=curve(beats, moments),
            features={**feats.as_dict(), "library_overlap": overlap, "margin": round(scoring.margin(scores), 4), **{f"p_{k}": v for k, v in probabilities.items()},
                      **({"sentence_traffic_share": sentence_share} if sentence_quote else {})},
        )
        return analysis, row

    @staticmethod
    def _sentence_lean(model: logic_model.LogicModel | None, vectors: PitchVectors, toward_content: bool = False) -> tuple[float, str]:
        """Share of sentences the fitted sentence reader leans traffic on, and the sentence the call leans on most
        (quoted): the most traffic-like one, or for a content call the most content-like one."""
        if model is None or not vectors.sentences:
            return 0.0, ""
        leans = model.reader.leans(vectors.sentence_vectors)
        share = round(float((leans > 0).mean()), 3)
        if not (share < 1 if toward_content else share > 0):  # no sentence leans the way the call does
            return share, ""
        return share, vectors.sentences[int(leans.argmin() if toward_content else leans.argmax())].lstrip("#>*- ")[:QUOTE_CHARS]

    def _reasons(self, lang: str, f: scoring.Features, moments: list[Moment], denied: list[Moment], signals: list[Signal], n: int,
                 logic: str, probabilities: dict[str, float], structure: Structure, sentence_lean: tuple[float, str],
                 wording: dict[str, float]) -> list[str]:
        t = {k: v.get(lang, v["en"]) for k, v in REASONS.items() if k not in ("kinds", "labels")}
        kind_names = REASONS["kinds"].get(lang, REASONS["kinds"]["en"])
        sep = "、" if lang == "zh" else ", "
        out = [t["moments"].format(n=len(moments), beats=n, load=f.moment_load)]
        if moments:
            out.append(t["unsupported"].format(pct=f.unsupported_share))
        out.append(t["semantic"].format(pct=f.semantic_payoff_share))
        out.append(t["character"].format(n=len({(s.beat, s.kind) for s in signals if s.kind in CHARACTER_KINDS or s.kind == "consequence"})))
        world = sorted({s.kind for s in signals if s.kind in WORLD_KINDS})
        out.append(t["world"].format(n=f.world_signals, kinds=sep.join(kind_names[k] for k in world)) if world else t["no_world"])
        if structure.payoff_rhythm:
            out.append(t["rhythm"].format(n=structure.payoff_rhythm, quote=structure.example))
        if sentence_lean[1]:
            out.append(t["sentences_content" if logic == "content" else "sentences"].format(pct=sentence_lean[0], quote=sentence_lean[1]))
        if wording:
            top = max(wording, key=lambda k: wording[k])
            out.append(t["wording"].format(label=logic_word(top, lang), p=wording[top]))
        if probabilities:
            names = {label: logic_word(label, lang) for label in probabilities}
            second = sorted((k for k in probabilities if k != logic), key=lambda k: -probabilities[k])[0]
            key = "model" if probabilities[second] >= RUNNER_UP_SHOWN else "model_sure"  # "next, balanced at 0%" says nothing
            out.append(t[key].format(label=names[logic], p=probabilities[logic], second=names[second], p2=probabilities[second]))
        if denied:
            out.append(t["denied"].format(kinds=sep.join(sorted({m.label for m in denied}))))
        return out


def curve(beats, moments: list[Moment]) -> list[CurvePoint]:  # type: ignore[no-untyped-def]
    """Beat → summed intensity (capped at 1.5 so one beat cannot flatten the plot)."""
    points = []
    for beat in beats:
        here = [m for m in moments if m.beat == beat.index]
        points.append(CurvePoint(beat=beat.index, label=beat.label, intensity=round(min(sum(m.intensity for m in here), 1.5), 3),
                                 moments=[m.kind for m in here]))
    return points


_ANALYZER: Analyzer | None = None


def get_analyzer() -> Analyzer:
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = Analyzer(CaseLibrary.load())
    return _ANALYZER
