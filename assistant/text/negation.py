"""Which parts of a text are negated or set aside: "这不是一部打脸爽剧", "정체 공개나 통쾌한 반전 대신", "no superpowers".

A writer who says what their pitch is *not* must not be credited (or blamed) for it, and a search for
"家庭剧，不要豪门打脸" must not rank the 豪门打脸 cases first. Scope is the clause: Chinese and English cues
negate what follows them up to the clause end; Korean cues (아니라, 대신, 말고, 없는 …) negate what precedes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Clause boundaries, including contrastive words after which the positive claim starts.
# Korean connective endings (찾는데 / 배경인데 / 좋지만) close a clause too: "공포물 찾는데 로맨스 말고" sets aside only the romance;
# so does 중에서 / 중에 / 중 ("among"): "한국 숏드 중에서 재벌 공식 아닌 것" sets aside the formula, not the Korean shorts.
_CLAUSE = re.compile(r"[，。！？；;,!?\n：:（）()]|(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)\.|\s[-–—]+\s|——|而是|但是|反而|\bbut\b|\binstead\b(?! of)|하지만|그러나|오히려|(?<=[는인은던]데)\s|(?<=지만)\s|(?<=중에서)\s|(?<=중에)\s|(?<=\s중)\s",
                     re.IGNORECASE)
# An A-not-A question ("有没有…", "是不是…", "要不要…") asks; it does not rule anything out.
_ZH_BEFORE = re.compile(r"(?<!是)不是|并非|并不是|(?<!要)不要|(?<!有)没有|无需|不靠|不走|不做|不写|不用|拒绝|而非|告别|去掉|抛开|摒弃|不再是|别再|别给我|别来|可别|不想要|不想看|不含|绝不|不存在|少了|不同于|区别于|有别于|取代了|代替|别推|别找|别整|别要|(?<![特区分告识辨级性派类个差离道作惜送永诀])别(?:是|搞|弄)|不需要|不喜欢|排除|避开|不包括"
                       r"|不(?=打脸|逆袭|虐|狗血|反转|复仇|报仇|撒糖|掉马|开挂|炫富|降智)")  # "不打脸不逆袭": a bare 不 before a payoff word
# In a question a Chinese negation inside a modifier stops at its 的 (`asked_head`), unless the head noun is itself what
# is refused: "那种…的狗血爽剧" points at a kind, "拒绝廉价的打脸" refuses a payoff.
_ZH_NEGATED_HEAD = re.compile(r"那种|这种|那类|这类|那一套|的[^的]*(?:打脸|爽|逆袭|虐|复仇|报仇|反转|掉马|狗血)[^的]*$")
# Chinese also rules something out after naming it: "长剧不要", "穿越的除外", "霸总就算了", "打脸逆袭的都别推给我".
_ZH_AFTER = re.compile(r"(?:不要|不算|除外|就算了|不考虑|免谈|不看|不想看|免了|别推(?:给我)?|别给我推|别来)\s*(?:了|啦|哈|吧)?\s*$")
_EN_BEFORE = re.compile(
    r"\b(?:not|no|never|without|instead of|rather than|isn't|aren't|don't|doesn't|won't|avoid(?:s|ing)?|nor|free of|none of|skip(?:s|ping)?|zero|unlike|forget|except|exclud(?:e|es|ing)|leav(?:e|es|ing) out|omit(?:s|ting)?|other than|nothing (?:with|like|about))\b",
    re.IGNORECASE,
)
# A Korean cue sets aside a whole comma list before it ("재벌, 본부장 이런 거 말고"): short items with no clause ending.
_KO_LIST_ITEM = re.compile(r"^\s*[^\s]{1,8}(?:\s[^\s]{1,8})?\s*$")
_KO_CLAUSE_END = re.compile(r"(?:데|지만|고|서|면|요|다)\s*$")
# 대신 is "instead of" ("반전 대신"), but not as "on someone's behalf" before a verb (복수를 대신 해 주는, 대신 갚고) nor in 대신들 (ministers).
_INSTEAD = r"대신(?!들)(?!\s*(?:해\s*(?:주|줘|준|줄|드)|해(?:서|야|요)|해(?=[\s,.!?]|$)|하(?:는|고|며|여|다|기|자|던)(?![가-힣])|갚|싸우|싸워|맡|처리|나서|복수|받아|들어))"
_KO_AFTER = re.compile(r"아니라|아니다|아닌|아님|아니고|" + _INSTEAD + r"|말고|없는|없이|없다|없고|않는|않고|않다|않은|빼고|빼줘|빼 줘|빼주세요|빼 주세요|제외|배제|거리가 먼|와 달리|과 달리|보다는")


# An English list goes on after a comma with short items and closes with "or"/"and": "no CEOs, heirs or contracts".
_EN_LIST_ITEM = re.compile(r"^\s*(?:[\w'’-]+\s+){0,4}[\w'’-]+\s*$")
_EN_LIST_CLOSE = re.compile(r"^\s*(?:(?:or|and|nor)\s|(?:[\w'’-]+\s+){1,3}(?:or|and|nor)\s)", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _clauses(text: str) -> list[Span]:
    spans, start = [], 0
    for m in _CLAUSE.finditer(text):
        if m.start() > start:
            spans.append(Span(start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append(Span(start, len(text)))
    return spans


def _list_end(text: str, clauses: list[Span], index: int) -> int:
    """Where a negation that starts in clause `index` ends: the clause end, or the end of an English list it opens
    ("not the apps like Vigloo, DramaBox or ReelShort"), which is closed by "or" / "and" / "nor" in its last item."""
    end = clauses[index].end
    for later in clauses[index + 1 :]:
        if text[end : later.start].strip() != "," or not _EN_LIST_ITEM.match(text[later.start : later.end]):
            break
        if _EN_LIST_CLOSE.search(text[later.start : later.end]):
            return later.end
        end = later.end
    return clauses[index].end


def negated_spans(text: str, asked_head: bool = False) -> list[Span]:
    """Character spans under negation, cue included (so removing them leaves the positive text). `asked_head`: in a
    question, a Chinese negation inside a modifier stops at its 的, since the noun after it is what is searched for
    (the pitch analysis keeps the clause-long scope its fitted model was trained on)."""
    out: list[Span] = []
    clauses = _clauses(text)
    for index, clause in enumerate(clauses):
        segment = text[clause.start : clause.end]
        before = [m for pattern in (_ZH_BEFORE, _EN_BEFORE) for m in pattern.finditer(segment)]
        if before:
            cue = min(before, key=lambda m: m.start())
            start, end = clause.start + cue.start(), _list_end(text, clauses, index)
            if asked_head and cue.re is _ZH_BEFORE:  # "不靠打脸爽点、节奏慢的现实向短剧": the negation modifies; the noun after the last 的 is asked for
                head = text.rfind("的", clause.start + cue.end(), end)
                if head != -1 and text[head + 1 : end].strip() and not _ZH_NEGATED_HEAD.search(text, start, end):
                    end = head + 1
            out.append(Span(start, end))
        if _ZH_AFTER.search(segment):
            out.append(Span(clause.start, clause.end))
        after = list(_KO_AFTER.finditer(segment))
        if after:
            last = max(m.end() for m in after)
            start = clause.start
            inside = False  # walking back through a parenthetical: "추격극(金猪玉叶)은 빼주세요" is one clause
            for earlier in reversed(clauses[:index]):  # "재벌, 본부장 이런 거 말고": the list's first items too
                item, between = text[earlier.start : earlier.end], text[earlier.end : start].strip()
                if between in (")", "）") or (inside and between in ("(", "（")):
                    inside = between in (")", "）")
                elif between not in (",", "、") or not _KO_LIST_ITEM.match(item) or _KO_CLAUSE_END.search(item):
                    break
                start = earlier.start
            out.append(Span(start, clause.start + last))
    return out


def cue_within(text: str, span: Span, start: int, end: int) -> bool:
    """Whether the span's opening cue lies inside text[start:end]: a concept form that holds a negation word
    ("没有血缘", "not related by blood") names something, it does not rule it out."""
    if not start <= span.start < end:
        return False
    cue = _ZH_BEFORE.match(text, span.start) or _EN_BEFORE.match(text, span.start)
    return cue is not None and cue.end() <= end


def is_negated(spans: list[Span], start: int, end: int) -> bool:
    return any(s.start <= start and end <= s.end for s in spans)


def strip_negated(text: str, spans: list[Span] | None = None) -> str:
    """The text with its negated spans removed (pass them if already found); the original if nothing positive would remain."""
    spans = sorted(negated_spans(text) if spans is None else spans, key=lambda s: s.start)
    if not spans:
        return text
    keep, cursor = [], 0
    for span in spans:
        if span.start > cursor:
            keep.append(text[cursor : span.start])
        cursor = max(cursor, span.end)
    keep.append(text[cursor:])
    stripped = re.sub(r"\s+", " ", " ".join(keep)).strip(" ，,、")
    return stripped if any(ch.isalnum() for ch in stripped) else text
