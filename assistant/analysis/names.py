"""Character and place names, so suggestions can speak about *this* pitch (林晚, 한지우, Mara), not "the heroine".

Chinese: jieba part-of-speech tags (nr person, ns place), decoded by text/zh_pos.py. Korean: kiwipiepy proper nouns, re-joining names the
tokenizer splits (서/준 → 서준). English: capitalised words that are not sentence starters or stock words.
The tokenizers load lazily, once per process.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from functools import lru_cache

_LOCK = threading.Lock()
_EN_STOP = {
    "The", "A", "An", "And", "But", "Or", "In", "On", "At", "Of", "To", "For", "With", "When", "Then", "She", "He", "They", "His", "Her",
    "Their", "It", "Its", "This", "That", "These", "Those", "Ep", "Episode", "Season", "Act", "Part", "Logline", "Title", "Synopsis",
    "World", "Characters", "Character", "Setting", "Beat", "Beats", "After", "Before", "By", "As", "If", "While", "Now", "Years",
    "Everyone", "Nobody", "Someone", "One", "Two", "Three", "Her", "Him", "Who", "What", "Why", "How", "Where", "I", "We", "You",
    "Meanwhile", "Later", "Finally", "Instead", "Not", "No", "Yes", "Mr", "Mrs", "Ms", "Dr", "CEO", "TV", "OK", "Not", "Is",
    "Alpha", "Omega", "Luna", "Duke", "Duchess", "Lord", "Lady", "King", "Queen", "Prince", "Princess", "Emperor", "Empress", "Sir",
    "Madam", "Miss", "Mom", "Dad", "Grandma", "Grandpa", "Aunt", "Uncle", "Boss", "Chairman", "President", "Director", "Doctor", "Detective",
    "Payoff", "Hook", "Twist", "Cliffhanger", "Finale", "Pilot", "Act", "Ghost", "Lycan", "Christmas", "Monday", "Friday", "Sunday",
    "Each", "Every", "Our", "My", "Your",  # "(the kneel). Each win costs…": a determiner, never a character
}
_ZH_STOP = {"岳母", "婆婆", "总裁", "少爷", "小姐", "老太太", "老爷子", "女主", "男主", "女二", "男二", "大小姐", "养母", "养父",
            "侍卫", "小三", "公公", "师父", "师兄", "师姐", "付费卡"}
_ZH_PLACE_SUFFIX = tuple("城市县镇村州岛街巷山河湖海港区省京府湾乡屯寨坊")
_ZH_TOWN_SUFFIX = tuple("市县镇村乡屯寨")  # unlike 山 / 河 (林守山, 顾长河), no given name ends in these
_ZH_CITIES = {"上海", "北京", "广州", "深圳", "杭州", "苏州", "重庆", "成都", "香港", "南京", "武汉", "西安", "天津", "长沙", "厦门",
              "青岛", "澳门", "台北", "云南", "四川", "东北", "江南", "海南", "西藏", "新疆"}


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    import jieba
    import jieba.posseg

    from assistant.text.zh_pos import install

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    install()  # the same tagger, decoded with numpy
    return jieba.posseg


@lru_cache(maxsize=1)
def _kiwi():  # type: ignore[no-untyped-def]
    from kiwipiepy import Kiwi

    # One thread: batch workers already use every core. Without the typo and multi-word dictionaries it loads in a
    # third of the time and tags faster; proper nouns, all we ask of it, come out the same on our pitch sets.
    return Kiwi(num_workers=1, load_typo_dict=False, load_multi_dict=False)


def _setting_first(text: str, places: Counter[str], limit: int) -> list[str]:
    """The places by mentions, but the setting first: of the places named at least half as often as the most frequent,
    the one the pitch names first ("1998年，景德镇…" before the 广州 someone comes back from, named twice)."""
    if not places:
        return []
    top = max(places.values())
    lead = min((w for w, n in places.items() if n >= 0.5 * top), key=lambda w: (text.find(w), w))
    return ([lead] + [w for w in _top(places, limit) if w != lead and w not in lead])[:limit]


def _top(counter: Counter[str], limit: int) -> list[str]:
    ranked = [w for w, n in counter.most_common() if n >= 2] or [w for w, _ in counter.most_common(limit)]
    out: list[str] = []
    for word in ranked:  # drop a name contained in a longer kept one (姜 inside 姜雨柔)
        if not any(word != kept and word in kept for kept in ranked[: ranked.index(word)] + out):
            out.append(word)
    return out[:limit]


TAGGED_PREFIX = 500  # names are introduced early; tagging the whole pitch costs ~60 ms per 1,000 characters


def _merge_variants(text: str, names) -> Counter[str]:  # type: ignore[no-untyped-def]
    """One entry per person. A name that almost never stands alone is a fragment of longer ones (许知 in 许知夏 and 许知远;
    윤서 in 윤서아) and goes; a rare longer form of a name the pitch mostly uses alone (한지우 beside 지우) goes too.
    Counts are over the whole pitch."""
    counts = Counter({w: text.count(w) for w in names})
    for short in sorted(counts, key=len):
        longer = [w for w in counts if w != short and short in w]
        if not longer or short not in counts:
            continue
        alone = counts[short] - sum(counts[w] for w in longer)
        if alone <= 0.25 * counts[short]:
            del counts[short]
        else:
            for w in longer:
                if counts[w] < alone:
                    del counts[w]
    return counts


# Common surnames: a place word that always follows one is the given name of a person (顾长河), while one that always
# follows a verb is still a place (回上海, 认回上海宋家).
_ZH_SURNAMES = frozenset("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
                         "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤温康施文牛樊葛邢安齐易乔伍庞颜倪"
                         "庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")


def _always_inside_longer(text: str, word: str) -> bool:
    """True when every occurrence of `word` follows the same surname: it is the given name of a longer name."""
    before = {text[i - 1] for i in (m.start() for m in re.finditer(re.escape(word), text)) if i > 0}
    return len(before) == 1 and next(iter(before)) in _ZH_SURNAMES


# Words for a kind of place, not a place's name (冰山 is also the "iceberg" of 冰山总裁; 靠山 a backer).
_ZH_GENERIC_PLACES = frozenset("山区 深山 后山 冰山 山村 古镇 内城 半山 小镇 县城 乡村 农村 城里 海边 江湖 江山 河山 火山 靠山 小山 大山 山里 村里 镇上 "
                               "老城区 旧城区 新城区 市区 城区 郊区 小城 大城市 边城 孤岛 小岛 回城 新区 渡河 满山 城镇 溪河 黑市 城中村".split())


def chinese_names(text: str) -> tuple[list[str], list[str]]:
    """Tag the opening with jieba (nr person, ns place), then count those names over the whole pitch."""
    with _LOCK:
        tokens = list(_jieba().cut(text[:TAGGED_PREFIX]))
    people = {t.word for t in tokens if t.flag == "nr" and len(t.word) >= 2 and t.word not in _ZH_STOP and not t.word.endswith(("家", "府"))}
    places = {t.word for t in tokens if t.flag == "ns" and len(t.word) >= 2 and t.word not in ("上市", "城市", "都市", "上门", "下山", "上山", "出山", "进山", "进京", "下海")
              and (t.word.endswith(_ZH_PLACE_SUFFIX) or t.word in _ZH_CITIES)}
    places |= {t.word for t in tokens if t.flag == "nr" and len(t.word) >= 3 and t.word.endswith(_ZH_TOWN_SUFFIX)}  # jieba reads 景德镇 as a name
    places |= {t.word + n.word for t, n in zip(tokens, tokens[1:]) if t.flag == "ns" and len(t.word) >= 2 and n.word in _ZH_TOWN_SUFFIX}  # 云岭 + 村
    places = {w for w in places if w not in _ZH_GENERIC_PLACES and not (w[-1] in "市县" and w[:-1] in places)}  # 江州 and 江州市 are one place
    people -= places
    people = set(_merge_variants(text, sorted(people, key=lambda w: (text.find(w), w))))
    places = {w for w in places if not any(w in person for person in people) and not _always_inside_longer(text, w)}  # 长河 in 顾长河
    # Counted in order of first appearance, so equal counts rank the same way in every process (set order does not).
    in_order = lambda words: Counter({w: text.count(w) for w in sorted(words, key=lambda w: (text.find(w), w))})  # noqa: E731
    return _top(in_order(people), 6), _setting_first(text, in_order(places), 4)


_KO_PLACE_SUFFIX = ("도", "시", "군", "읍", "면", "리", "동", "섬", "마을", "항", "역", "구", "강", "산", "시장", "골목")
_KO_PLACES = {"서울", "부산", "인천", "대구", "광주", "대전", "울산", "제주", "강릉", "전주", "목포", "여수", "통영", "한강", "유럽", "미국",
              "중국", "일본", "한국", "조선", "경성", "평양", "군산", "속초", "포항", "경주", "안동", "청주", "수원", "성남", "춘천", "거제"}
_KO_NAMED_PLACE = re.compile(r"(?:섬|마을|동네|도시|항구|읍내|산골)\s+([가-힣]{2,4}(?:도|리|섬|마을|항|포|촌|골))(?=[\s.,은는이가의에을를와과도]|$)")
_KO_NOT_NAMES = ("회", "어", "사", "청", "부", "팀", "그룹", "앨범", "재단", "가", "상사", "전자", "건설", "수산", "산업", "물산")  # groups, languages, institutions


_KO_SURNAMES = frozenset("김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 전 홍 고 문 양 손 배 백 허 유 남 심 노 하 곽 성 차 주 우 구 "
                         "민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 왕 금 옥 육 인 맹 제 모 탁 국".split())


def korean_names(text: str) -> tuple[list[str], list[str]]:
    """kiwipiepy proper nouns, re-joining split names; places by suffix, known names or a following 에서/로 particle."""
    with _LOCK:
        tokens = _kiwi().tokenize(text[:TAGGED_PREFIX * 2])  # Hangul carries less per character than Hanzi
    people: Counter[str] = Counter()
    places: Counter[str] = Counter()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        surname = tok.form in _KO_SURNAMES and tok.tag in ("NNP", "NR")  # Kiwi reads 오 of 오순녀 as a number
        if tok.tag == "NNP" or surname:
            form, end = tok.form, tok.start + tok.len
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            joined = len(form) == 1 and nxt is not None and nxt.start == end and nxt.tag.startswith("NN") and len(nxt.form) <= 2
            while joined and nxt is not None and nxt.start == end and nxt.tag.startswith("NN") and len(form) + len(nxt.form) <= 3:
                # a surname and a given name Kiwi split into syllables: 김+태+민, 오+순+녀
                form, end, i = form + nxt.form, nxt.start + nxt.len, i + 1
                nxt = tokens[i + 1] if i + 1 < len(tokens) else None
                if not surname:
                    break
            if tok.tag == "NR" and len(form) != 3:  # a number after all
                i += 1
                continue
            # A name rejoined from one syllable and a noun (서+준) is a person; "하군으로 나뉘고" is not a trip somewhere.
            locative = not joined and nxt is not None and nxt.tag == "JKB" and nxt.form in ("에서", "에", "로", "으로")
            compound = nxt is not None and nxt.start == tok.start + tok.len and nxt.tag.startswith("NN")  # 한강그룹: a name inside a name
            if len(form) >= 2 and not compound and not (form.endswith(_KO_NOT_NAMES) and form not in _KO_PLACES):
                if form in _KO_PLACES or form.endswith(_KO_PLACE_SUFFIX) and len(form) >= 3 or (locative and form not in people):
                    places[form] += 1
                else:
                    people[form] += 1
        i += 1
    for m in _KO_NAMED_PLACE.finditer(text[:TAGGED_PREFIX * 2]):  # "작은 섬 여울도", "바닷가 마을 갯마루"
        places[m.group(1)] += 1
    for place in places:
        people.pop(place, None)
    people = _merge_variants(text, people)
    places = Counter({w: text.count(w) for w in places})
    return _top(people, 6), _setting_first(text, places, 4)


_EN_PLACE_BEFORE = re.compile(r"\b(?:in|at|to|from|into|near|across|outside|inside|around|toward|towards|through)\s+$")
_EN_NOT_PLACES = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
                  "Army", "Navy", "Silver", "Gold", "Heaven", "Hell", "Court", "Congress", "Parliament"}


_EN_PLACE_NOUNS = {"Tower", "Towers", "Street", "Road", "Avenue", "Bay", "Harbor", "Harbour", "Island", "Hill", "Hills", "Park", "Bridge",
                   "Hospital", "Hotel", "Mall", "Square", "Station", "Academy", "School", "University", "College", "Village", "Town",
                   "City", "County", "Valley", "Lake", "River", "Beach", "Point", "Reach", "Cove", "Falls", "Heights", "Market",
                   "Plaza", "Palace", "Manor", "Hall", "Estate", "Farm", "Ranch", "Landing", "Creek", "Springs", "Harbourside"}
_EN_NAMED_THINGS = _EN_PLACE_NOUNS | {"War", "Wars", "Group", "Corp", "Inc", "Industries", "Foundation", "Company", "Holdings", "Bank",
                                      "Media", "Records", "Studios", "Capital", "Partners", "Agency", "Council", "Party", "Festival",
                                      "Awards", "Cup", "Act", "Law", "Prize", "Games", "Times", "Post", "News"}
_EN_OWNER = re.compile(r"\b([A-Z][a-z]+)['’]s\s+$")  # "Harrow's " before a word


def english_names(text: str) -> tuple[list[str], list[str]]:
    """Capitalised words that are not sentence starters, stock words, or words the pitch also writes in lower case;
    those that follow 'in / at / to / from …' are places."""
    lower_words = set(re.findall(r"\b[a-z][a-z]+\b", text))
    people: Counter[str] = Counter()
    places: Counter[str] = Counter()
    surnames = {m.group(2) for m in re.finditer(r"\b([A-Z][a-z]+)[ \t]+([A-Z][a-z]+)\b", text)
                if m.group(1) not in _EN_STOP and m.group(1).lower() not in lower_words}
    # "Each Tier", "every Trial": a thing wherever it is written ("Tier 12"); after "the" only there ("the Calder family")
    things = set(re.findall(r"\b(?:[Ee]ach|[Ee]very|[Oo]ur|[Mm]y|[Yy]our)[ \t]+([A-Z][a-z]+)\b", text))
    for m in re.finditer(r"(?<![.!?:\-—–]\s)(?<![.!?:\-—–])(?<!^)\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b", text, re.MULTILINE):
        parts = m.group(1).split()
        word = parts[0]
        owner = _EN_OWNER.search(text[max(0, m.start() - 20) : m.start()])
        owner = owner if owner and owner.group(1) not in _EN_STOP and owner.group(1) not in ("There", "Here", "Let") else None  # "It's Harper"
        if owner or parts[-1] in _EN_NAMED_THINGS:
            # "Harrow's Reach", "Sinclair Tower": a place named after someone; "the 1979 Gear War": an event, not a person
            if parts[-1] in _EN_PLACE_NOUNS and (owner or len(parts) == 2 and parts[0] not in _EN_STOP):
                places[f"{owner.group(1)}'s {parts[-1]}" if owner else " ".join(parts)] += 1
            continue
        if word in surnames and not _EN_PLACE_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            continue  # "Ava Sinclair … Sinclair": the surname is the same person, not a second character
        if word in _EN_STOP or word.lower() in lower_words or len(word) < 3 or word in things \
                or text[max(0, m.start() - 4) : m.start()].lower() == "the ":
            continue
        if _EN_PLACE_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            if word not in _EN_NOT_PLACES:
                places[" ".join(parts) if word in ("New", "San", "Los", "Las", "Saint", "Port", "Fort", "East", "West", "North", "South") else word] += 1
        else:
            people[word] += 1
    for word in list(people):
        if places[word] > people[word]:
            people.pop(word)
    for word in list(places):
        if people.get(word, 0) >= places[word]:
            places.pop(word)
    return _top(people, 6), _top(places, 4)


def lead_first(text: str, names: list[str]) -> list[str]:
    """Put the lead first: of the names mentioned at least half as often as the most frequent one, the one the pitch
    introduces first (a logline names its lead before anyone else; a dead father may still be mentioned more)."""
    if len(names) < 2:
        return names
    counts = {n: text.count(n) for n in names}
    top = max(counts.values())
    major = [n for n in names if counts[n] >= 0.5 * top]
    lead = min(major, key=lambda n: text.find(n))
    return [lead] + [n for n in names if n != lead]


# A country named once is somewhere a character is sent or comes back from ("새어머니가 지우를 미국으로 보내자고"), not
# where the story happens; "미국의 물건 하나" then reads oddly in a character sheet. Named twice or more, it is a setting.
_COUNTRIES = {"미국", "중국", "일본", "한국", "유럽", "영국", "프랑스", "독일", "캐나다", "호주",
              "美国", "中国", "日本", "韩国", "英国", "法国", "德国", "欧洲", "国外", "海外",
              "America", "China", "Japan", "Korea", "England", "France", "Germany", "Europe", "Canada", "Australia"}


def extract_names(text: str, lang: str) -> tuple[list[str], list[str]]:
    """(characters, places) found in the pitch, the lead first; empty lists when none are clear."""
    if lang == "zh":
        people, places = chinese_names(text)
    elif lang == "ko":
        people, places = korean_names(text)
    else:
        people, places = english_names(text)
    return lead_first(text, people), [p for p in places if p not in _COUNTRIES or text.count(p) >= 2]
