"""Korean particles, both ways: after a filled-in name (templates write 이(가), 을(를) …; the name's last syllable picks
the right one), and as the mark of a noun in a writer's text (웹소설에서 is 웹소설 with 에서; 드러나는 carries no particle)."""

from __future__ import annotations

import re

_PAIRS = {"이(가)": ("이", "가"), "을(를)": ("을", "를"), "은(는)": ("은", "는"), "과(와)": ("과", "와"), "와(과)": ("과", "와"),
          "이(라)": ("이라", "라"), "으로(로)": ("으로", "로"), "아(야)": ("아", "야")}
_PATTERN = re.compile(r"([가-힣A-Za-z0-9])([》」』\"'”’)\]]*)(" + "|".join(re.escape(k) for k in _PAIRS) + ")")


def _has_final_consonant(ch: str) -> bool:
    if "가" <= ch <= "힣":
        return (ord(ch) - 0xAC00) % 28 != 0
    return ch.lower() in "lmnr0136789"  # rough reading for Latin letters and digits


def fix_particles(text: str) -> str:
    def pick(m: re.Match[str]) -> str:
        with_final, without = _PAIRS[m.group(3)]
        return m.group(1) + m.group(2) + (with_final if _has_final_consonant(m.group(1)) else without)

    return _PATTERN.sub(pick, text)


# What may follow a noun inside one Korean word, and whether the noun must end in a consonant ("C") or a vowel ("V"):
# 사실이 but 아내가, 노인을 but 아내를. A verb's ending that only looks like a particle breaks the rule (살아남는).
_TAILS = {
    "이": "C", "가": "V", "을": "C", "를": "V", "은": "C", "는": "V", "과": "C", "와": "V", "으로": "C", "로": "V", "이나": "C",
    "이라는": "C", "라는": "V", "이라고": "C", "라고": "V", "이란": "C", "란": "V", "이다": "C", "이었다": "C", "였다": "V",
    "입니다": "C", "이며": "C", "이고": "C", "이자": "C", "였던": "V", "이었던": "C", "의": "", "에": "", "에서": "", "에게": "", "한테": "",
    "까지": "", "부터": "", "처럼": "", "보다": "", "마저": "", "조차": "", "만": "", "도": "", "마다": "", "에는": "", "에도": "", "에서는": "",
    "에서도": "", "에게는": "", "에게도": "", "에선": "", "엔": "V", "으로는": "C", "로는": "V", "과의": "C", "와의": "V", "과는": "C", "와는": "V",
    "만의": "", "만을": "", "까지는": "", "부터는": "", "으로서": "C", "로서": "V", "으로만": "C", "로만": "V", "으로도": "C", "로도": "V",
    "에서만": "", "에게만": "", "에서의": "",
}
_LONGEST_TAIL = max(map(len, _TAILS))
_PLURAL = "들"
# Words a reader learns nothing from: pronouns, adverbs and connectives, bound nouns (and 나오, 있어, 없음: verb forms that pass).
_NOT_WORTH_NAMING = frozenset(
    "가장 미리 먼저 조금 결국 자기 아직 서로 그냥 원래 새로 마주 스스로 어느 얼마 다시 진짜 정말 매회 매주 매일 매번 만큼 그녀 누구 누군가 하나 "
    "그리고 그런데 그래서 하지만 그러나 그러 또한 이미 이제 지금 그때 처음 모두 전부 함께 혼자 모든 바로 계속 점점 오히려 그대 이번 다음 자신 우리 "
    "당신 그들 이들 때문 무엇 어디 여기 거기 이것 그것 이곳 그곳 사람 사이 동안 이후 이전 대신 마침내 드디어 역시 아무 실제 번째 "
    "자체 경우 정도 부분 가운데 이상 이하 스스 언제 그래 그대로 자들 나오 있어 없음 오래 직접".split()
)
_STEM_ENDS = frozenset("하되시았었였겠")
_VERB_STEM_LAST = frozenset("이기리우르키서나치추세바쓰가아어지라려보티꾸")  # 보이는, 지키는, 사라지는, 끌려가: a verb's ending


def _final(ch: str) -> int:
    """The index of a syllable's final consonant (0: none; 1 ㄱ, 4 ㄴ, 8 ㄹ, 16 ㅁ, 17 ㅂ, 19 ㅅ, 21 ㅇ, …)."""
    return (ord(ch) - 0xAC00) % 28 if "가" <= ch <= "힣" else 0


# Nouns end in a vowel or ㄱ ㄴ ㄹ ㅁ ㅂ ㅅ ㅇ (every Sino-Korean syllable does); 똑같-, 물려받-, 좋- are verb stems.
_NOUN_FINALS = frozenset((0, 1, 4, 8, 16, 17, 19, 21))


# Last syllables of verb, adjective and adverb forms (알고, 떠난, 조용히): a bare word ending in one is not taken for a noun.
_VERBAL_LAST = frozenset("다고며면게던는니요죠야아어여해워려켜쳐러라나져겨눠꿔와히이은한된난운진린친킨든온본준쓴탄찬힌른낸갈할될볼줄을긴뀐꿀꾼닌룬선")


def _ends_like_a_stem(word: str) -> bool:
    """A final consonant no noun ends in (똑같-), or a stem after a connective vowel (살아남-, 돌아오-)."""
    return _final(word[-1]) not in _NOUN_FINALS or len(word) > 2 and word[-2] in "아어여워"


def _looks_verbal(word: str) -> bool:
    return word[-1] in _VERBAL_LAST or _ends_like_a_stem(word)


def _split(word: str) -> tuple[str, str] | None:
    """(noun, particle) when `word` ends in a particle: noun "" when the particle is not attached as to a noun (a verb's
    ending that looks like one); None when no particle ends it."""
    for size in range(min(_LONGEST_TAIL, len(word) - 1), 0, -1):  # the longest particle first: 에서는, not 는
        tail = word[-size:]
        if tail in _TAILS:
            noun = word[: -len(tail)]
            need = _TAILS[tail]
            if need and (need == "C") != _has_final_consonant(noun[-1]):
                return "", tail
            if (noun.endswith(("다", "지")) or noun.endswith("고") and tail == "도" or noun[-1] in _STEM_ENDS or _ends_like_a_stem(noun)
                    or tail in ("는", "를", "가", "와", "로") and noun[-1] in _VERB_STEM_LAST):
                return "", tail
            return (noun[:-1] if noun.endswith(_PLURAL) and len(noun) > 2 else noun), tail
    return None


class KoreanText:
    """The words of a text as `noun` reads them: each word at its start, the words it is written with one to three
    syllables more (남편 → 남편은), and the word written after it. Built once per text: a pitch has hundreds of words."""

    _WORD = re.compile(r"(?<![가-힣0-9A-Za-z])([가-힣]+)(?=(?:\s+([가-힣]+))?)")

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: tuple[dict[str, set[str]], dict[str, set[str]]] | None = None  # read on the first bare word
        self._nouns: dict[str, str | None] = {}  # a word is asked about once per comp that shares it

    def _index(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """(word → the longer words it starts, word → the words written after it)."""
        if self._words is None:
            longer: dict[str, set[str]] = {}
            before: dict[str, set[str]] = {}
            for m in self._WORD.finditer(self.text):
                word, after = m.group(1), m.group(2)
                for extra in (1, 2, 3):
                    if len(word) > extra:
                        longer.setdefault(word[:-extra], set()).add(word)
                if after:
                    before.setdefault(word, set()).add(after)
            self._words = longer, before
        return self._words

    def noun(self, word: str) -> str | None:
        """The noun a Korean word names, or None when it reads as a verb, an adverb or a fragment: 사실이 → 사실,
        웹소설에서 → 웹소설, 알고 / 드러나는 / 그녀를 → None. No tagger is loaded (Kiwi costs a new process over a
        second): a noun is recognised by a particle attached the way Korean attaches particles. A bare word is a noun
        when the text also writes it with a particle (남편 … 남편은), or when it does not end the way verbs do and stands
        before a noun with its particle, as the first noun of a compound (사기 조직을)."""
        if word not in self._nouns:
            self._nouns[word] = self._noun(word)
        return self._nouns[word]

    def _noun(self, word: str) -> str | None:
        split = _split(word)
        if split is not None:
            noun = split[0]
        elif len(word) < 2 or word.endswith(("다", "지")):  # 바다 is lost with 왔다, 하지
            return None
        elif not self._with_a_particle(word) and (_looks_verbal(word) or not self._before_a_noun(word)):
            return None
        else:
            noun = word
        return noun if len(noun) >= 2 and noun not in _NOT_WORTH_NAMING else None

    def _with_a_particle(self, word: str) -> bool:
        return any((_split(longer) or ("", ""))[0] == word for longer in self._index()[0].get(word, ()))

    def _before_a_noun(self, word: str) -> bool:
        return any((_split(after) or ("", ""))[0] for after in self._index()[1].get(word, ()))
