"""Talking a pitch through. With a model: a LangChain agent with tools (search cases, re-analyse, expand), streamed.
Offline: the same tools behind a plain intent router, answering in the user's language and saying what it cannot do.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from assistant.text.dimension_words import country as country_word, logic as logic_word
from assistant.text.lang import detect_language

INTENTS = [
    ("cases", re.compile(r"案例|类似|参考|comps?\b|cases?\b|similar|사례|비슷한|레퍼런스", re.IGNORECASE)),
    ("expand_world", re.compile(r"世界观|世界|world|세계관|세계", re.IGNORECASE)),
    ("expand_characters", re.compile(r"人物|角色|人设|character|캐릭터|인물", re.IGNORECASE)),
    ("expand_transmedia", re.compile(r"跨媒介|改编|IP|transmedia|webtoon|adaptation|트랜스미디어|웹툰|각색", re.IGNORECASE)),
    ("stacking", re.compile(r"堆叠|爽点|stacking|exciting moment|사이다|고구마|밀도", re.IGNORECASE)),
    ("why", re.compile(r"为什么|原因|why|explain|왜|이유", re.IGNORECASE)),
]
COUNTRY = [("KR", re.compile(r"韩|korea|한국", re.IGNORECASE)), ("CN", re.compile(r"中国|国产|china|chinese|중국", re.IGNORECASE))]

TEXT = {
    "no_pitch": {"zh": "先在“剧本诊断”里粘贴剧本并点击诊断，或者直接把剧本贴在这里。", "ko": "먼저 '기획안 진단' 탭에 기획안을 넣고 진단하거나, 여기에 기획안을 바로 붙여 넣으세요.",
                 "en": "Paste a pitch in the Critique tab and run it first — or paste the pitch right here."},
    "cases": {"zh": "与你的剧本最接近的案例：", "ko": "기획안과 가장 가까운 사례:", "en": "The closest cases to your pitch:"},
    "stacking": {"zh": "爽点堆叠指数衡量的是：爽点（打脸、掉马、复仇、反转）有多密集，以及它们前后是否有动机和后果支撑。指数高说明剧情靠一个接一个的爽点推进，爽完即清零；指数低说明剧情靠人物和后果推进。你的剧本目前是 {value}。",
                 "ko": "사이다 밀도 지수는 사이다(응징, 정체 공개, 복수, 반전)가 얼마나 촘촘한지, 그 앞뒤에 동기와 결과가 있는지를 잰다. 높으면 사이다가 연달아 터지고 끝나면 남는 게 없다는 뜻이고, 낮으면 인물과 결과가 이야기를 끈다는 뜻이다. 지금 기획안은 {value}.",
                 "en": "The stacking index measures how densely exciting moments (face-slaps, identity reveals, revenge, reversals) are stacked, and whether motivation and consequence surround them. High means the plot runs on one payoff after another that resets to zero; low means characters and consequences drive it. Your pitch is at {value}."},
    "revised": {"zh": "修改后的版本：{logic}，爽点堆叠 {before} → {after}，世界深度 {wb} → {wa}，人物深度 {cb} → {ca}。", "ko": "수정본: {logic}, 사이다 밀도 {before} → {after}, 세계 깊이 {wb} → {wa}, 인물 깊이 {cb} → {ca}.",
                "en": "Revised version: {logic}; stacking {before} → {after}, world depth {wb} → {wa}, character depth {cb} → {ca}."},
    "revised_first": {"zh": "这一版：{logic}，爽点堆叠 {after}，世界深度 {wa}，人物深度 {ca}。", "ko": "이 기획안: {logic}, 사이다 밀도 {after}, 세계 깊이 {wa}, 인물 깊이 {ca}.",
                      "en": "This version: {logic}; stacking {after}, world depth {wa}, character depth {ca}."},
    "model_down": {"zh": "（模型暂时不可用：{error}；以下为离线回答）", "ko": "(모델을 쓸 수 없어 오프라인으로 답합니다: {error})",
                   "en": "(model unavailable: {error}; answering offline)"},
    "help": {"zh": "离线模式下我可以：找类似的中韩案例、扩展世界观 / 人物 / 跨媒介、解释诊断结果、重新分析你贴进来的修改稿。自由对话需要配置模型（设置 OPENAI_API_KEY）。",
             "ko": "오프라인 모드에서는 비슷한 중·한 사례 찾기, 세계관·캐릭터·트랜스미디어 확장, 진단 설명, 붙여 넣은 수정본 재분석을 할 수 있습니다. 자유 대화는 모델 설정(OPENAI_API_KEY)이 필요합니다.",
             "en": "Offline I can: find similar Chinese and Korean cases, expand the world / characters / transmedia, explain the diagnosis, and re-analyse a revised pitch you paste. Free conversation needs a model (set OPENAI_API_KEY)."},
}


def chat_text(key: str, lang: str, **kw: Any) -> str:
    """A chat line in the user's language."""
    return TEXT[key].get(lang, TEXT[key]["en"]).format(**kw)


def route(message: str) -> str:
    """The offline intent of a chat message; a long multi-sentence message is a revised pitch."""
    if len(message) > 160 and len(re.findall(r"[。！？.!?\n]", message)) >= 3:
        return "revised"
    for name, pattern in INTENTS:
        if pattern.search(message):
            return name
    return "help"


def offline_reply(message: str, pitch_text: str, critique: dict[str, Any] | None) -> tuple[str, dict[str, Any] | None]:
    """(answer, updated critique) for one message, using only the package's offline tools."""
    from assistant.critique.service import critique_pitch, expand_pitch
    from assistant.pitch import make_pitch

    lang = detect_language(message)
    intent = route(message)
    if intent == "help":
        return chat_text("help", lang), critique
    if intent == "revised":
        revised = critique_pitch(make_pitch(message), lang=lang, backend="offline")
        old = (critique or {}).get("analysis", {}).get("scores", {})
        new = revised.analysis.scores
        f = lambda v: f"{v:.2f}" if isinstance(v, (int, float)) else "—"  # noqa: E731
        # Compared with the pitch critiqued before, if there was one; a first version is simply read.
        text = chat_text("revised" if old else "revised_first", lang, logic=logic_word(revised.diagnosis.logic, lang),
                         before=f(old.get("stacking_index")), after=f(new.stacking_index), wb=f(old.get("world_depth")),
                         wa=f(new.world_depth), cb=f(old.get("character_depth")), ca=f(new.character_depth))
        return text + "\n\n" + revised.summary, revised.model_dump(mode="json")
    if not pitch_text.strip():
        return chat_text("no_pitch", lang), critique
    pitch = make_pitch(pitch_text)
    if intent == "cases":
        return _cases(message, pitch.text, lang), critique
    if intent.startswith("expand_"):
        result = expand_pitch(pitch, intent.removeprefix("expand_"), backend="offline", lang=lang)
        return "\n\n".join(f"**{s['heading']}**\n{s['body']}" for s in result.sections), critique
    if critique is None:
        critique = critique_pitch(pitch, lang=lang, backend="offline").model_dump(mode="json")
    if intent == "stacking":
        return chat_text("stacking", lang, value=f"{critique['analysis']['scores']['stacking_index']:.2f}"), critique
    return critique["summary"] + "\n\n" + "\n".join(f"- {r}" for r in critique["analysis"]["reasons"]), critique


def _cases(message: str, pitch_text: str, lang: str) -> str:
    from assistant.critique.service import searcher
    from assistant.schemas.retrieval import SearchFilters
    from assistant.settings import get_settings

    country = next((c for c, p in COUNTRY if p.search(message)), None)
    hits = searcher(get_settings()).search(pitch_text, k=5, filters=SearchFilters(country=country) if country else None)
    lines = [f"- **{h.title}** [{country_word(h.country, lang)}] `{h.case_id}` — {'; '.join(h.why[:2])}" for h in hits]
    return chat_text("cases", lang) + "\n" + "\n".join(lines)


def flatten(content: Any) -> str:
    """Gradio 6 history content may be a list of blocks; strict providers want a plain string."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return str(content or "")


def model_reply(message: str, history: list[dict[str, Any]], pitch_text: str, settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Stream a model answer from an agent that can search cases, re-analyse and expand."""
    from langchain.agents import create_agent
    from langchain.tools import tool

    from assistant.critique.llm import chat_model
    from assistant.critique.service import critique_pitch, expand_pitch, searcher
    from assistant.pitch import make_pitch

    @tool
    def search_cases(query: str, country: str = "") -> str:
        """Find comparable real Chinese (CN) or Korean (KR) cases for a query or a pitch."""
        from assistant.schemas.retrieval import SearchFilters

        hits = searcher(settings).search(query, k=5, filters=SearchFilters(country=country.upper()) if country.upper() in ("CN", "KR") else None)
        return "\n".join(f"{h.case_id} [{h.country}] {h.title}: {h.snippet[:160]}" for h in hits)

    @tool
    def analyze_pitch(text: str) -> str:
        """Re-analyse a (revised) pitch: logic, scores and reasons."""
        c = critique_pitch(make_pitch(text), backend="offline")
        return f"logic={c.diagnosis.logic}; scores={c.analysis.scores.model_dump()}; reasons={c.analysis.reasons}"

    @tool
    def expand(axis: str) -> str:
        """Expand the current pitch on one axis: world, characters or transmedia."""
        result = expand_pitch(make_pitch(pitch_text), axis, backend="offline")
        return "\n".join(f"{s['heading']}: {s['body']}" for s in result.sections)

    system = ("You are StoryWorld, a story editor for micro-dramas. Help the writer move from stacked exciting moments to a story world. "
              "Answer in the user's language. Use the tools for cases and analysis; never invent facts about real series.\n\nCURRENT PITCH:\n" + pitch_text[:6000])
    agent = create_agent(chat_model(settings), tools=[search_cases, analyze_pitch, expand], system_prompt=system)
    messages = [{"role": m["role"], "content": flatten(m.get("content"))} for m in history] + [{"role": "user", "content": message}]
    answer = ""
    from assistant.llm_log import langchain_logger

    stream = agent.stream({"messages": messages}, stream_mode="messages",  # type: ignore[call-overload]  # plain dicts are valid input; the stubs want AgentState
                          config={"callbacks": [langchain_logger("chat", settings)]})
    for chunk, meta in stream:
        if getattr(chunk, "type", "") == "AIMessageChunk" and isinstance(chunk.content, str) and chunk.content:
            answer += chunk.content
            yield answer
