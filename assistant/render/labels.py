"""Headings for rendered critiques, per output language."""

from assistant.text.dimension_words import LOGIC

LABELS = {
    "zh": {"diagnosis": "诊断", "logic": "叙事逻辑", "stacking": "爽点堆叠指数", "homogeneity": "同质化", "world": "世界深度",
           "character": "人物深度", "curve": "强度曲线", "findings": "发现", "evidence": "原文", "comps": "可比案例",
           "suggestions": "开发建议", "story_world": "故事世界", "characters": "人物", "transmedia": "跨媒介", "why": "为什么",
           "example": "示例", "case": "参考案例", "summary": "总结", "moments": "爽点", "reasons": "依据", "grounding": "校验记录",
           "beat": "段落", "intensity": "强度",
           "no_moments": "没有找到爽点：曲线平稳，内容型剧本常见"},
    "ko": {"diagnosis": "진단", "logic": "서사 논리", "stacking": "사이다 밀도 지수", "homogeneity": "동질성", "world": "세계 깊이",
           "character": "인물 깊이", "curve": "강도 곡선", "findings": "발견", "evidence": "원문", "comps": "비교 사례",
           "suggestions": "개발 제안", "story_world": "스토리 월드", "characters": "인물", "transmedia": "트랜스미디어", "why": "이유",
           "example": "예시", "case": "참고 사례", "summary": "요약", "moments": "사이다 포인트", "reasons": "근거", "grounding": "검증 기록",
           "beat": "구간", "intensity": "강도",
           "no_moments": "사이다 포인트 없음: 곡선이 평탄합니다 (콘텐츠형 기획에서 흔함)"},
    "en": {"diagnosis": "Diagnosis", "logic": "Narrative logic", "stacking": "Stacking index", "homogeneity": "Homogeneity",
           "world": "World depth", "character": "Character depth", "curve": "Intensity curve", "findings": "Findings",
           "evidence": "Evidence", "comps": "Comparable cases", "suggestions": "Suggestions", "story_world": "Story world",
           "characters": "Characters", "transmedia": "Transmedia", "why": "Why", "example": "Example", "case": "Case",
           "summary": "Summary", "moments": "Exciting moments", "reasons": "Reasons", "grounding": "Grounding notes",
           "beat": "beat", "intensity": "intensity",
           "no_moments": "No exciting moments found: the curve stays flat, as it often does in a content-led pitch"},
}


for _lang, _words in LABELS.items():
    _words.update({label: forms[_lang] for label, forms in LOGIC.items()})


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["en"])


DIMENSIONS = {
    "zh": {"industrial_model": "产业模式", "ip_origin": "IP来源", "development_strategy": "开发策略", "narrative_logic": "叙事逻辑",
           "case_study": "案例对照", "characters": "人物", "world": "世界观"},
    "ko": {"industrial_model": "산업 모델", "ip_origin": "IP 원천", "development_strategy": "개발 전략", "narrative_logic": "서사 논리",
           "case_study": "사례 비교", "characters": "인물", "world": "세계관"},
    "en": {"industrial_model": "industrial model", "ip_origin": "IP origin", "development_strategy": "development strategy",
           "narrative_logic": "narrative logic", "case_study": "case study", "characters": "characters", "world": "world"},
}
SEVERITIES = {"zh": {"major": "重要", "minor": "次要", "info": "提示"}, "ko": {"major": "중요", "minor": "보통", "info": "참고"},
              "en": {"major": "major", "minor": "minor", "info": "info"}}


def dimension_label(dimension: str, lang: str) -> str:
    """A finding's research dimension as the reader's language names it (the JSON keeps the id)."""
    return DIMENSIONS.get(lang, DIMENSIONS["en"]).get(dimension, dimension)


def severity_label(severity: str, lang: str) -> str:
    return SEVERITIES.get(lang, SEVERITIES["en"]).get(severity, severity)


BEAT_NAMES = {"zh": {"premise": "开篇"}, "ko": {"premise": "도입"}, "en": {}}


def beat_label(label: str, lang: str) -> str:
    """The analysis names the text before the first episode 'premise'; show it in the reader's language."""
    return BEAT_NAMES.get(lang, {}).get(label, label)


def moment_names(critique) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Moment kind → its label in the critique's language, as the analysis wrote them (for the curve)."""
    return {m.kind: m.label for m in critique.analysis.moments}


def flat_curve_note(points, lang: str) -> str | None:  # type: ignore[no-untyped-def]
    """The note every chart of a curve without moments carries: a flat line alone reads as a broken chart."""
    return None if any(p.moments for p in points) else labels(lang)["no_moments"]
