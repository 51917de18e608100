"""What a query asks about the research's dimensions, and how well a case answers it.

Plot words say little about "which Korean shows grew from a web novel into a webtoon?": such questions
are about fields (IP chain, sequels, financing, format, country), so they are answered from the annotation,
not from the premise vectors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

from assistant.schemas.case import Case
from assistant.text.negation import negated_spans, strip_negated


def _rx(*forms: str) -> re.Pattern[str]:
    parts = [rf"\b{re.escape(f)}" if f.isascii() else re.escape(f) for f in forms]
    return re.compile("|".join(parts), re.IGNORECASE)


def _chain(case: Case) -> list[str]:
    return [m.lower() for m in case.dimensions.ip_origin.chain]


def _forms(case: Case) -> set[str]:
    return {t.form for t in case.transmedia} | set(case.tropes)


def _has_medium(name: str) -> Callable[[Case], bool]:
    return lambda case: any(name in m for m in _chain(case)) or name in _forms(case)


# "rather than a paid mini-program", "predates the paid mini-program model": a note names a model to contrast with it.
_CONTRAST = re.compile(r"\b(?:rather than|instead of|unlike|predates|before)\b[^;.]*", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _affirmed(note: str) -> str:
    """What an industrial-model note says the case is: without what it denies ("no paywall") or contrasts it with."""
    return _CONTRAST.sub(" ", strip_negated(note, negated_spans(note)))


def _model_notes(case: Case, financing: bool = True, distribution: bool = True) -> str:
    """The industrial-model notes asked for, each as it affirms."""
    model = case.dimensions.industrial_model
    notes = ([model.financing] if financing else []) + ([model.distribution] if distribution else [])
    return " ".join(_affirmed(note) for note in notes)


def _platform(*names: str) -> Callable[[Case], bool]:
    return lambda case: any(n.lower() in (case.platform + " " + _model_notes(case, financing=False)).lower() for n in names)


def _financing(*patterns: str, distribution: bool = False) -> Callable[[Case], bool]:
    """Patterns that start a word of the case's financing note ("ad" must not find "made" or "broadcaster"); with
    `distribution`, of its distribution note too ("first released as a paid short drama")."""
    rx = re.compile(r"\b(?:" + "|".join(patterns) + ")", re.IGNORECASE)
    return lambda case: bool(rx.search(_model_notes(case, distribution=distribution)))


_AD_FUNDED = _financing(r"ads?\b", "advertis", "iaa", r"free\b(?!\s+(?:opening|episodes?))")  # "ad-funded", "ad-unlocked", "ads", "IAA", "free to watch"
# Viewers paying for episodes; "creators are paid from ad revenue" is the opposite model.
_PAID = _financing(r"paid (?:mini-program|micro-drama|short drama|top-up|model)", "mini-program", "top-up", "pay-per-episode", "in-app payment",
                   "paywall", r"payment\b", "coins", distribution=True)


def _production(pattern: str) -> Callable[[Case], bool]:
    """How a case was made, as its industrial-model notes record it (budget, talent, technology)."""
    rx = re.compile(pattern, re.IGNORECASE)
    return lambda case: bool(rx.search(_model_notes(case)))


def _notes_say(pattern: str, notes: Callable[[Case], list[str]]) -> Callable[[Case], bool]:
    """Whether the given notes of a case (release, source, metrics) use one of the pattern's phrasings."""
    rx = re.compile(pattern, re.IGNORECASE)
    return lambda case: bool(rx.search(" ".join(notes(case))))


# "웹툰·웹소설 플랫폼", "webtoon platforms", "网文平台" ask who distributes, not where a story came from: the source-media
# intents do not read these phrases, the webtoon-platform intent does.
_MEDIUM = r"(?:웹툰|웹소설|webtoons?|web[- ]?novels?|条漫|网漫|网文|漫画)"
_MEDIA_PLATFORM = re.compile(rf"{_MEDIUM}(?:\s*(?:[·/、,]|and|or|이나|나|과|와)\s*{_MEDIUM})*\s*(?:플랫폼|platforms?|平台|앱|apps?\b)", re.IGNORECASE)


_BIG_NUMBER = re.compile(r"\d(?:\.\d+)?\s?(?:bn|billion)\s+(?:global\s+|cumulative\s+|'effective'\s+)?(?:views|plays)|(?:views|plays)\s+(?:above|passed)\s+\d(?:\.\d+)?bn"
                         r"|\b1bn (?:plays|views)|revenue (?:above|passed) (?:\d{3}m|\d+bn) yuan", re.IGNORECASE)
_MONEY = re.compile(r"yuan|元|\$\s?\d|\brevenue\b|top-up|recharge|\bsales\b|\bearned\b|\bgross\b|매출|억 원|流水|营收", re.IGNORECASE)
# Who hides: the secret-billionaire formula hides the husband; writers ask for it flipped ("SHE's the one hiding the
# money, not the guy"). Read from the characters' archetypes ("heiress in hiding", "betrayed wife who goes undercover").
_HIDING = re.compile(r"\bhid(?:den|ing|es)\b|\bsecret(?:ly|s)?\b|disguis|\bposing\b|\bpassing as\b|undercover|double (?:life|identity)|incognito|\bmasks?\b", re.IGNORECASE)
_WOMAN = re.compile(r"\b(?:heiress|wife|mother|woman|daughter|girl|heroine|female|queen|princess|lady|widow|sister)\b(?!'s)", re.IGNORECASE)
_MAN = re.compile(r"\bmale\b", re.IGNORECASE)  # a male lead's archetype may name the heroine ("the heroine's secret crush")


# … or from the premise, where an archetype names no one ("ordinary employee living a double identity"): a hiding verb
# with "she" or "her" close by ("conceals who she is", "stands in for a rich friend to wreck her blind date").
_SHE_HIDES = re.compile(r"\b(?:conceals?|hides|hiding|disguises? herself|dresses as|stands? in for|poses? as|pretends? to be|passing as|passes as)\b[^.;]{0,40}?\b(?:she|her)\b",
                        re.IGNORECASE)


def _hiding_heroines(case: Case) -> list[str]:
    return [c.archetype for c in case.characters
            if c.archetype and _HIDING.search(c.archetype) and not _MAN.search(c.role) and (_WOMAN.search(c.archetype) or _WOMAN.search(c.role))]


def _heroine_hides(case: Case) -> bool:
    return bool(_SHE_HIDES.search(case.premise.en) or _hiding_heroines(case))


# The flipped billionaire formula asks for the heroine's hidden *wealth* ("the woman is the one secretly loaded"): an
# heiress in hiding, a mother whose 马甲 is a powerful identity; not a heroine who hides a plain job or her sex.
_WEALTH_ASKED = re.compile(r"\b(?:rich|loaded|money|billionaires?|heiress|wealth\w*|fortune|millionaire)\b|首富|千金|豪门|有钱|大佬|재벌|상속녀|부자|돈", re.IGNORECASE)
_WEALTH = re.compile(r"heiress|\brich|wealth|billion|fortune|chaebol|马甲", re.IGNORECASE)


_AGGREGATE = re.compile(r"\bcontext\b|\btogether\b|whole studio", re.IGNORECASE)  # a number about a chart, a studio or the industry


@dataclass(frozen=True)
class Intent:
    name: str
    pattern: re.Pattern[str]
    test: Callable[[Case], bool]
    weight: float = 1.0  # format words are background in most questions; named platforms and IP chains are the point
    members: tuple["Intent", ...] = ()  # alternatives asked as one ("web novel or webtoon"): any of them answers
    # What setting this dimension aside removes, where that is narrower than what asking for it finds: "not the Korean
    # remake" sets aside remakes, not the originals they were made from, which a question about remakes wants.
    excludes: Callable[[Case], bool] | None = None

    def as_ruled_out(self) -> "Intent":
        return self if self.excludes is None else Intent(self.name, self.pattern, self.excludes, self.weight)


INTENTS: list[Intent] = [
    Intent("web-novel origin", _rx("网文", "网络小说", "小说改编", "原著小说", "웹소설", "web novel", "webnovel", "novel"), _has_medium("novel")),
    Intent("webtoon", _rx("条漫", "韩漫", "网漫", "웹툰", "webtoon"), _has_medium("webtoon")),
    Intent("comic / manhua", _rx("漫画", "만화", "manhua", "comic"), lambda c: _has_medium("manhua")(c) or _has_medium("comic")(c) or _has_medium("webtoon")(c)),
    Intent("remake", _rx("翻拍", "改编权", "版权输出", "买下版权", "买了版权", "리메이크", "판권", "사 와서", "사와서", "remake", "remade", "adaptation rights",
                         "bought the rights"),
           lambda c: bool(c.dimensions.development_strategy.remakes) or c.dimensions.ip_origin.type == "remake" or "remake" in _forms(c),
           excludes=lambda c: c.dimensions.ip_origin.type == "remake"),
    Intent("sequel", _rx("续集", "第二季", "第二部", "续作", "시즌2", "시즌 2", "속편", "후속", "시리즈화", "sequel", "season 2", "second season", "seasons"),
           lambda c: bool(c.dimensions.development_strategy.sequels) or c.dimensions.ip_origin.type == "sequel" or "sequel" in _forms(c)),
    Intent("spin-off", _rx("衍生", "番外", "外传", "스핀오프", "외전", "spin-off", "spinoff"),
           lambda c: bool(c.dimensions.development_strategy.spin_offs) or c.dimensions.ip_origin.type == "spin-off" or "spin-off" in _forms(c)),
    # "世界观设定", "세계관 장치": one story's world-building, not a world several titles share
    Intent("story universe", re.compile(r"(?:世界观|세계관)(?!\s?(?:设定|设置|架构|장치|설정))|" + _rx("宇宙", "共享", "유니버스", "universe", "shared world", "story world").pattern,
                                        re.IGNORECASE),
           lambda c: "shared-universe" in _forms(c)),  # a deliberate shared world, not any IP that grew vertically
    Intent("original IP", _rx("原创", "original screenplay", "original ip"), lambda c: c.dimensions.ip_origin.type == "original"),
    # "paid for by a local government" says who paid, not that viewers pay.
    Intent("paid mini-program", re.compile(_rx("付费", "小程序", "充值", "按集付费", "유료", "결제", "pay-per-episode", "mini-program", "top-up", "paywall").pattern
                                           + r"|\bpaid\b(?!\s+(?:for|by|out|from)\b)", re.IGNORECASE),
           _PAID),
    Intent("ad-funded free app", _rx("免费", "广告", "红果", "IAA", "무료", "광고", "free app", "ad-funded", "ad-supported", "hongguo"),
           lambda c: _AD_FUNDED(c) or _platform("hongguo", "红果")(c)),
    # Money from a brand or a public body rather than from viewers or a platform: branded web dramas, place promotion.
    Intent("brand or public money", _rx("品牌定制", "品牌植入", "品牌赞助", "品牌合作", "赞助", "冠名", "政府出资", "政府出品", "宣传部", "文旅局", "地方政府",
                                        "브랜드 협찬", "브랜드 웹드", "브랜디드", "협찬", "지자체", "sponsor", "branded", "brand-funded", "brand money",
                                        "bankrolled by a brand", "brand deal", "local government", "government-funded", "public money", "place promotion"),
           _financing("brand", "sponsor", "public", "propaganda", "government", "place promotion")),
    # The state's hand in distribution: recommended slates of the broadcasting regulator, state media, propaganda offices.
    Intent("state backing", re.compile(r"NRTA|广电|官方推荐|官方扶持|推荐剧目|国家队|광전|관영|정부 추천|국가 추천|관 주도"
                                       r"|\bstate[- ](?:side|backed|funded|support|media|push|recommend)|\bpropaganda|government[- ](?:backed|pushed|support)"
                                       r"|official(?:ly)? recommend|recommend(?:ed|ation) (?:list|slate)s?", re.IGNORECASE),
           _notes_say(r"NRTA|propaganda|CCTV|Xinhua|People's Daily|National Radio|publicity department|state[- ](?:media|backed|funded|broadcaster)",
                      lambda c: [c.platform, c.dimensions.industrial_model.financing, c.dimensions.industrial_model.distribution,
                                 *(m.value for m in c.metrics), c.dimensions.development_strategy.note or ""])),
    Intent("revenue share", _rx("分账", "수익 배분", "수익배분", "revenue share", "revenue-share"), _financing("revenue[ -]share")),
    Intent("traffic logic", _rx("流量", "投流", "트래픽", "traffic"), lambda c: c.dimensions.industrial_model.type == "channel-centric"),
    Intent("content logic", _rx("内容导向", "精品", "콘텐츠 중심", "content-centric", "premium"), lambda c: c.dimensions.industrial_model.type == "content-centric"),
    Intent("vertical micro format", _rx("竖屏", "微短剧", "短剧", "세로", "숏폼", "숏드라마", "숏드", "vertical", "micro-drama", "microdrama", "short drama", "1-2 minute"),
           lambda c: c.format.kind == "micro", weight=0.5),
    Intent("web drama", _rx("网剧", "웹드라마", "web drama", "web series"), lambda c: c.format.kind == "web", weight=0.6),
    Intent("long-form series", _rx("长剧", "电视剧", "장편", "롱폼", "미니시리즈", "long-form", "tv series"), lambda c: c.format.kind == "long-form", weight=0.6),
    Intent("horizontal format", _rx("横屏", "가로형", "가로 화면", "horizontal", "widescreen", "landscape"),
           lambda c: c.format.orientation == "horizontal", weight=0.6),
    Intent("production technology", re.compile(r"虚拟拍摄|虚拟制片|AIGC|인공지능|버추얼|\bvirtual production|(?-i:(?<![A-Za-z])(?:AI|VP)(?![A-Za-z]))", re.IGNORECASE),
           _production(r"virtual[- ]production|\bAI\b|AIGC")),
    Intent("premium production", _rx("大制作", "大投资", "电影级", "影视公司", "电影人", "导演", "高成本", "明星", "长剧团队", "长剧公司", "卫视",
                                     "대작", "영화감독", "영화 감독", "제작비", "방송사 PD", "영화 인력", "드라마·영화 인력", "스타 배우",
                                     "big-budget", "high-budget", "film-grade", "established film", "established star", "film director", "big director",
                                     "tv talent", "tv-drama talent", "film talent", "broadcast talent", "long-drama studio", "film and tv people"),
           # Who made it, as its notes record: a broadcaster's drama is premium only as a maker of shorts (the format intents say which).
           _production(r"film[- ]director|supervising director|\bPD\b|TV talent|long-drama|cost more than|premium|established (?:TV |film )?(?:actress|actor|star)"
                       r"|\bstars (?:the|an?) established|co-produced (?:by|with) (?:a |the )?(?:provincial |terrestrial )?broadcaster|and the terrestrial broadcaster")),
    Intent("webtoon platform", re.compile(_MEDIA_PLATFORM.pattern + "|" + _rx("웹툰사", "webtoon compan").pattern, re.IGNORECASE),
           _platform("lezhin", "kakao", "naver", "daum", "webtoon platform")),  # the platform as distributor, not a source medium
    Intent("long-video platform", _rx("长视频平台", "长视频", "腾讯视频", "爱奇艺", "芒果", "优酷", "long-video platform"),
           _platform("tencent", "iqiyi", "mango", "youku", "bilibili")),
    Intent("overseas app", _rx("出海", "海外短剧", "해외 플랫폼", "overseas app"), _platform("reelshort", "dramabox", "shortmax")),
    Intent("tourism tie-in", _rx("文旅", "旅行", "取景", "打卡", "관광", "촬영지", "tourism"), lambda c: "tourism" in _forms(c)),
    # When it came out: the Spring Festival slot is a release season of its own in China (not a story set at New Year).
    Intent("spring festival release", re.compile(r"春节档|过年档|贺岁档|春节(?:期间)?(?:上线|播出|档期)|설 연휴|설 명절|명절 (?:시즌|특수)|춘절"
                                                 r"|spring festival (?:slot|season|release|window)|lunar new year (?:slot|season|release|window)", re.IGNORECASE),
           _notes_say(r"spring festival", lambda c: [c.platform, c.dimensions.industrial_model.distribution, *(m.date or "" for m in c.metrics)])),
    # A whole season dropped at once instead of a few free episodes, then pay per episode.
    Intent("all-at-once release", re.compile(r"all at once|every episode at once|(?:dropped|released) (?:every|all) episodes|binge[- ]?(?:release|drop|viewing)|full[- ]season drop"
                                             r"|全集(?:上线|放出|更新)|一次性(?:上线|放出|更新|全部)|全部上线|전편 (?:동시 )?공개|한꺼번에 공개|한 번에 공개|일괄 공개|통째로 공개",
                                             re.IGNORECASE),
           _notes_say(r"released together|(?:released|dropped|all) at once|for binge|weekly \w+ drops of",
                      lambda c: [c.dimensions.industrial_model.distribution, c.dimensions.narrative_logic.structure, *(m.value for m in c.metrics)])),
    # An adaptation that sent audiences back to its source or its parent title: the IP side's return, in the notes' words.
    Intent("source revival", re.compile(r"역주행|원작(?:의)? (?:웹소설|웹툰)?\s*(?:조회수|매출|독자)|反哺|带火原著|原著.{0,6}(?:销量|阅读量|翻红|回暖)|翻红"
                                        r"|(?:sent|send|sends|brought|drove) (?:readers|viewers|fans|audiences?) back|revived|revive|source(?:'s)? (?:sales|readership)"
                                        r"|readership|sales of the (?:source|original)", re.IGNORECASE),
           _notes_say(r"역주행|revived|readership|sales surg|views and sales|back to the original|source's readership",
                      lambda c: [c.dimensions.ip_origin.note, c.dimensions.development_strategy.note, *(t.note for t in c.transmedia),
                                 *(m.value for m in c.metrics)])),
    # A story told in self-contained cases or jobs on a running thread (单元剧, case-of-the-week): a structure, in the structure notes.
    Intent("case-by-case structure", re.compile(r"单元剧|单元故事|单元案|单元结构|每(?:集|几集)[^，。,]{0,4}(?:破|办|解决)[^，。,]{0,3}(?:案|单)|一集一个案"
                                                r"|에피소드식|옴니버스|매회 (?:사건|의뢰|케이스)|사건 해결형|케이스별"
                                                r"|case[- ]of[- ]the[- ]week|\bprocedurals?\b|episodic (?:cases|structure|format)|standalone (?:cases|jobs)"
                                                r"|(?:a|one|new) case (?:every|each|per) (?:episode|ep)\b", re.IGNORECASE),
           _notes_say(r"unit cases|单元|\bepisodic (?!domestic)|case-style|case-by-case|each (?:case|assignment|job)|cases? of the week|procedural",
                      lambda c: [c.dimensions.narrative_logic.structure])),
    # A hit by its reported numbers: a billion plays or views, or revenue of a hundred million yuan; not a platform's heat
    # index, nor a number about a whole chart, studio or industry quoted beside a case.
    Intent("reported hit", re.compile(r"爆款|爆火|大爆|火爆|破十亿|十亿|播放(?:量)?(?:破|超|过)|出圈|흥행|대박|히트작|억 뷰"
                                      r"|\bblew up|\bbroke out|\bbreakout|\bbillion\+?\s*(?:views|plays)|\bhit a billion|\b(?:biggest|smash|big|breakout|actual) hits?"
                                      r"|\bactually hit\b|\bhuge numbers|\b(?:huge|massive|big|giant) (?:view(?:ing)? (?:numbers|counts)|views|viewership|audiences?)"
                                      r"|播放量?(?:很高|极高|惊人|爆表)|高播放|数据(?:爆了|很能打)|조회수(?:가|도)? ?(?:높|터진|터졌|대박|폭발)|조회수 폭발", re.IGNORECASE),
           lambda c: any(_BIG_NUMBER.search(m.value) and not _AGGREGATE.search(m.value) for m in c.metrics)),
    Intent("heroine in hiding", re.compile(
        r"\b(?:heroine|woman|she|girl|wife|female lead)(?:'s|’s|\s+is|\s+was)?\s+(?:the\s+one\s+)?(?:who(?:'s|\s+is)?\s+)?(?:secretly|hiding|in hiding|in disguise|undercover|the secret|the hidden)\b"
        r"|女主(?:才是|是)?(?:那个)?(?:隐藏|隐瞒|有马甲|马甲|深藏不露|隐形富豪|隐藏大佬)|女方(?:才是)?(?:隐藏|隐瞒|有马甲)"
        r"|(?:여주|여자 ?주인공|여자)(?:가|이|쪽이)?\s?(?:(?:정체|신분)(?:을|를)?\s?(?:숨|감추|속)|숨은 재벌|재벌 상속녀인)", re.IGNORECASE),
           _heroine_hides),
    # Money figures a case reports (revenue, top-up flow, sales, cost recovered), asked for as numbers; not a financing
    # model ("分账", "revenue share", "수익 모델"), which the model intents read.
    Intent("reported revenue", re.compile(r"流水|充值(?:金额|数据)|营收|收入(?:数据|数字)|回本|回收数据|赚(?:了)?多少|能赚多少|매출|수익(?:을 올|이 얼마|을 냈)|얼마(?:나)? 벌"
                                          r"|(?<!ad )(?<!share )\brevenue(?!\s*(?:share|sharing|model|split))|\bgrossed\b|top-up totals|money numbers|return on cost|\bearned\b|how much (?:it|they) (?:made|earned)", re.IGNORECASE),
           lambda c: any(_MONEY.search(m.value) and not _AGGREGATE.search(m.value) for m in c.metrics)),
    # Adaptations into games and animation; a game inside a story ("a rules-based game", "서열 게임") is plot, not this.
    Intent("game / anime", _rx("游戏改编", "改编成游戏", "改编游戏", "手游", "动画", "动漫", "게임화", "게임으로", "모바일 게임", "애니",
                               "video game", "mobile game", "game adaptation", "games based on", "anime", "animated"),
           lambda c: bool({"game", "anime"} & _forms(c))),
]

# Few payoffs asked for in so many words ("节奏慢", "slow burn"), or by ruling payoffs out (search.py: "不靠爽点", "사이다 없이").
# Or in the research's own terms: a low stacking level, payoffs that are few or sparse.
_FEW = (r"慢节奏|节奏慢|慢热|细水长流|잔잔|느린 호흡|\bslow[- ]?(?:burn|paced)\b|\blow-key\b"
        r"|爽点(?:少|不多|稀|密度低)|少爽点|低爽点|不堆爽点|사이다(?:가|는)? (?:적|별로 없)|감정 중심|감정이 먼저"
        r"|\blow[- ](?:payoff[- ])?(?:stacking|density)|(?:stacking level|payoff density):? (?:is )?low|\bfew(?:er)? payoffs?|payoffs? (?:are |is )?(?:few|sparse|rare)"
        r"|\bemotion[- ](?:first|driven)")
FEW_PAYOFFS = Intent("few payoffs", re.compile(_FEW, re.IGNORECASE), lambda c: c.dimensions.narrative_logic.stacking_level == "low")
INTENTS.append(FEW_PAYOFFS)
_MANY = (r"(?:爽点|打脸|反转)[^，。,；;！？]{0,3}?(?:密集|很密|够密|要密|多|拉满)|高密度爽点|爽点密度高|每集都有爽点|一集一个爽点|사이다 (?:폭탄|연속|연타)|사이다가 (?:많|연속)"
         r"|高刺激|强刺激|고자극|\bhigh[- ]stimulation|\bhigh[- ]stacking|stacking level:? (?:is )?high|payoff[- ]dense|\b(?:wall-to-wall|back-to-back|non-stop) payoffs")
MANY_PAYOFFS = Intent("many payoffs", re.compile(_MANY, re.IGNORECASE), lambda c: c.dimensions.narrative_logic.stacking_level == "high")
INTENTS.append(MANY_PAYOFFS)
# 사이다물, "사이다 복수물", "사이다 응징", "爽点复仇": a genre ruled out (the revenge concept reads it), not payoffs as such.
PAYOFF_WORDS = re.compile(r"(?:爽点|爽感|사이다|payoffs?\b|exciting moments?|\bstack(?:ed|ing)\b)(?!\s?(?:[물극]|복수|응징|참교육|复仇|报复|打脸|revenge|retribution))", re.IGNORECASE)

# A genre set aside ("연애 얘기 아닌", "로맨스 아닌 것만", "not a romance"): read from the card's genre, since romance runs
# through many tropes. Asked for, a genre is read by the concepts; this intent counts only when ruled out.
ROMANCE_GENRE = Intent("romance genre", re.compile(r"恋爱|言情|爱情|谈情说爱|로맨스|연애|멜로|러브라인|\bromance|\bromantic|\brom-?coms?\b|\blove stor(?:y|ies)|\bdating\b",
                                                   re.IGNORECASE),
                       lambda c: bool(re.search(r"\bromance|\bromantic|\brom-com|\bdating\b|甜宠", c.genre or "", re.IGNORECASE)))


# Named platforms, as writers type them in each language; each is its own intent.
PLATFORMS: dict[str, tuple[str, ...]] = {
    "vigloo": ("vigloo", "비글루"), "tving": ("tving", "티빙"), "watcha": ("watcha", "왓챠", "숏챠", "shortcha"),
    "kakao": ("kakao", "카카오", "daum", "다음 숏드"), "naver": ("naver", "네이버"), "playlist": ("playlist", "플레이리스트"),
    "kt studio genie": ("kt studio genie", "kt스튜디오지니", "스튜디오지니", "studio genie"), "lezhin": ("lezhin", "레진"),
    "tvn": ("tvn",), "jtbc": ("jtbc",), "mbc": ("mbc",), "sbs": ("sbs",), "ocn": ("ocn",), "netflix": ("netflix", "넷플릭스", "网飞", "奈飞"),
    "disney": ("disney", "디즈니", "迪士尼"), "prime video": ("prime video", "amazon", "아마존", "亚马逊"),
    "hongguo": ("hongguo", "红果", "훙궈"), "douyin": ("douyin", "抖音", "더우인"), "kuaishou": ("kuaishou", "快手", "콰이서우"),
    "tencent": ("tencent", "腾讯", "텐센트"), "iqiyi": ("iqiyi", "爱奇艺", "아이치이"), "mango": ("mango tv", "芒果", "망고"),
    "youku": ("youku", "优酷", "유쿠"), "bilibili": ("bilibili", "哔哩哔哩", "b站", "빌리빌리"), "letv": ("letv", "乐视"),
    "reelshort": ("reelshort", "릴숏"), "dramabox": ("dramabox", "드라마박스"), "wechat": ("wechat", "微信", "위챗"),
    "cctv": ("cctv", "央视"), "youtube": ("youtube", "유튜브", "油管"), "facebook": ("facebook", "페이스북", "脸书"),
}
INTENTS += [Intent(f"platform: {name}", _rx(*forms), _platform(name), weight=2.0) for name, forms in PLATFORMS.items()]
FORMAT_INTENTS = {"vertical micro format", "web drama", "long-form series"}

COUNTRY_PATTERNS = {
    "KR": _rx("韩国", "韩剧", "韩版", "한국", "국내", "k-drama", "korean", "korea"),
    "CN": _rx("中国", "国产", "国内", "中剧", "중국", "chinese", "china", "c-drama"),
}


# Remakes have a direction: "Korean dramas remade in China" is not "Chinese titles remade in Korea".
# Country words as the annotations and the queries write them (broadcasters stand for their country).
_REMAKE_COUNTRY_WORDS = {
    "KR": ("korea", "korean", "tvn", "jtbc", "mbc", "sbs", "kbs", "ocn", "한국", "韩"),
    "CN": ("china", "chinese", "letv", "hunan", "tencent", "iqiyi", "youku", "mango", "中国", "国产", "중국"),
    "JP": ("japan", "japanese", "tv asahi", "fuji tv", "日本", "일본"),
}
_NAME_TO_COUNTRY = {"korea": "KR", "korean": "KR", "한국": "KR", "韩国": "KR", "韩": "KR", "china": "CN", "chinese": "CN", "중국": "CN",
                    "中国": "CN", "国内": "CN", "国产": "CN", "japan": "JP", "japanese": "JP", "일본": "JP", "日本": "JP", "日剧": "JP", "日版": "JP"}
_COUNTRY_NAMES = "(" + "|".join(sorted(_NAME_TO_COUNTRY, key=len, reverse=True)) + ")"  # longest first: "korean" before "korea"
_TARGET = re.compile(
    rf"\b(?:in|for|by|into)\s+(?:south\s+|mainland\s+)?{_COUNTRY_NAMES}|{_COUNTRY_NAMES}\s*(?:remakes?|versions?|adaptations?|에서|판|버전|翻拍|版|重拍)"
    rf"|(?:被|在){_COUNTRY_NAMES}",
    re.IGNORECASE,
)
_ORIGIN = re.compile(rf"翻拍(?:自)?{_COUNTRY_NAMES}|{_COUNTRY_NAMES}\s*원작|remakes?\s+of\s+{_COUNTRY_NAMES}", re.IGNORECASE)


def _countries_in(text: str) -> set[str]:
    low = text.lower()
    return {country for country, words in _REMAKE_COUNTRY_WORDS.items() if any(w in low for w in words)}


def remake_notes(case: Case) -> tuple[list[str], str]:
    """What the annotation says about remakes: of this case (development strategy) and, for a remake, of its source."""
    origin = case.dimensions.ip_origin
    return list(case.dimensions.development_strategy.remakes), (origin.note or "") if origin.type == "remake" else ""


def remake_flows(case: Case) -> set[tuple[str, str]]:
    """(from country, to country) for every remake this case took part in, read from its annotation."""
    made, source = remake_notes(case)
    flows: set[tuple[str, str]] = {(case.country, to) for to in _countries_in(" ".join(made))}
    flows |= {(src, case.country) for src in _countries_in(source)}
    return {(a, b) for a, b in flows if a != b}


def remake_origins(query: str) -> set[str]:
    """Countries a query names as where a remake came from ("翻拍韩国未生的", "한국 원작"): such a question is about a
    remake flow (the directed remake intent reads it), so its countries are no constraint on the answer."""
    return {_NAME_TO_COUNTRY[next(g for g in m.groups() if g).lower()] for m in _ORIGIN.finditer(query)}


# "remade in mainland China", "被中国翻拍", "중국에서 리메이크된": where titles were remade (verbs); "the Korean remake"
# names the remake itself, which ruling out the remake intent reads (its `excludes`).
_REMADE_IN = re.compile(rf"\bremade\s+(?:in|for|by|into)\s+(?:south\s+|mainland\s+)?{_COUNTRY_NAMES}|(?:被|在){_COUNTRY_NAMES}\S{{0,3}}?翻拍"
                        rf"|{_COUNTRY_NAMES}에서\s*리메이크", re.IGNORECASE)


def remade_in(text: str) -> str | None:
    """The country a phrase says titles were remade in ("skip anything remade in mainland China")."""
    match = _REMADE_IN.search(text)
    return _NAME_TO_COUNTRY[next(g for g in match.groups() if g).lower()] if match else None


def remakes_into(country: str) -> Intent:
    """Cases remade in `country`, or remakes made there: what "skip anything remade in China" sets aside."""
    return Intent(f"remake →{country}", _rx("remake"), lambda case: any(to == country for _, to in remake_flows(case)))


def remake_direction(query: str) -> tuple[str, str] | None:
    """(origin, target) when a remake question names where the remake was made and one other country."""
    def named(pattern: re.Pattern[str]) -> str | None:
        match = pattern.search(query)
        return _NAME_TO_COUNTRY[next(g for g in match.groups() if g).lower()] if match else None

    target, origin = named(_TARGET), named(_ORIGIN)
    mentioned = {_NAME_TO_COUNTRY[m.lower()] for m in re.findall(_COUNTRY_NAMES, query, re.IGNORECASE)}
    if target and not origin and len(mentioned - {target}) == 1:
        origin = (mentioned - {target}).pop()
    if origin and not target and len(mentioned - {origin}) == 1:
        target = (mentioned - {origin}).pop()
    return (origin, target) if origin and target and origin != target else None


# Source media, platforms, formats and ways an IP grew can be asked for as alternatives: "원작 웹소설이나 웹툰", "web novel /
# webtoon", "腾讯或者爱奇艺", "续集、衍生剧或者系列化IP", "sequels, spin-offs or a shared world".
_ALTERNATIVE = re.compile(r"\s*(?:或者?|还是|이나|^나(?=\s)|혹은|또는|/|\bor\b)\s*", re.IGNORECASE)  # 나: "카카오나 레진"
_LISTED = re.compile(r"^(?:s|剧|물)?\s*[、,，]\s*$")  # a list separator: alternatives too when an "or" closes the list
_MEDIA = {"web-novel origin", "webtoon", "comic / manhua", "game / anime"}
_GROWTH = {"sequel", "spin-off", "story universe"}
_FORMATS = FORMAT_INTENTS | {"horizontal format"}  # "vertical or long-form examples"


def _one_of(intents: list[Intent]) -> Intent:
    return Intent(" | ".join(i.name for i in intents), intents[0].pattern, lambda case: any(i.test(case) for i in intents),
                  max(i.weight for i in intents), tuple(intents))


def _alternatives(query: str, intents: list[Intent]) -> list[Intent]:
    """Neighbouring media (or platforms) joined by an "or" become one intent that any of them meets."""
    # Formats list with source media ("网文、网剧或者漫画IP": a web drama as a source) and with each other ("vertical or long-form").
    kind = lambda i: ("media" if i.name in _MEDIA | _FORMATS else "growth" if i.name in _GROWTH  # noqa: E731
                      else "platform" if i.name.startswith("platform: ") else None)
    found = sorted(((m.start(), m.end(), i) for i in intents if kind(i) for m in [i.pattern.search(query)] if m), key=lambda x: x[0])
    groups: list[tuple[list[Intent], bool]] = []  # the intents, and whether an "or" joins them
    last_end = -1
    for start, end, intent in found:
        between = query[last_end:start]
        neighbours = groups and kind(groups[-1][0][-1]) == kind(intent) and len(between) <= 8
        if neighbours and _ALTERNATIVE.search(between) and not re.search(r"[,，。.;；]", between):
            groups[-1] = (groups[-1][0] + [intent], True)
        elif neighbours and _LISTED.match(between):  # "续集、衍生剧或者…": a list an "or" closes
            groups[-1] = (groups[-1][0] + [intent], bool(_ALTERNATIVE.match(query[end:end + 6].lstrip("剧作물s "))))
        else:
            groups.append(([intent], False))
        last_end = end
    merged = {id(i): one for g, with_or in groups if len(g) > 1 and with_or for one in [_one_of(g)] for i in g}
    out: list[Intent] = []
    for intent in intents:
        one = merged.get(id(intent), intent)
        if all(one is not o for o in out):
            out.append(one)
    return out


def _only_added(intent: Intent, query: str) -> bool:
    """A format only allowed, not asked for: "长剧也行", "롱폼도 괜찮아요", "long-form too"."""
    return intent.name in FORMAT_INTENTS and all(_ALSO.search(query[m.end():]) for m in intent.pattern.finditer(query))


# Never searched for: detect_intents puts it in place of "heroine in hiding" when the question speaks of money.
HEROINE_RICH = Intent("heroine secretly rich", _rx("heroine secretly rich"), lambda case: any(_WEALTH.search(a) for a in _hiding_heroines(case)))


def detect_intents(query: str) -> list[Intent]:
    as_source = _MEDIA_PLATFORM.sub(lambda m: " " * len(m.group()), query)  # same length, so positions still line up
    intents = _alternatives(query, [intent for intent in INTENTS if intent.pattern.search(as_source if intent.name in _MEDIA else query)
                                    and not _only_added(intent, query)])
    if any(i.name == "heroine in hiding" for i in intents) and _WEALTH_ASKED.search(query):
        intents = [HEROINE_RICH if i.name == "heroine in hiding" else i for i in intents]
    if any(i.name == "premium production" for i in intents):  # "长剧公司、长剧出身的主创下场做微短剧": long-form names the makers, not the format
        intents = [i for i in intents if i.name != "long-form series"]
    if any(i.name == "source revival" for i in intents):  # "원작 매출이 역주행": the source's sales, which source revival reads
        intents = [i for i in intents if i.name != "reported revenue"]
    direction = remake_direction(query) if any(i.name == "remake" for i in intents) else None
    if direction:
        directed = Intent(f"remake {direction[0]}→{direction[1]}", _rx("remake"), lambda case: direction in remake_flows(case), weight=1.5)
        # "중국 원작(웹드라마, 만화)을 한국이 판권 사 와서": the media name the source of that flow, so a case meets
        # them only as part of it (a Korean webtoon remade in China is the other way round)
        intents = [directed if i.name == "remake" else _within(i, directed) if i.name in _MEDIA else i for i in intents]
    return intents


def _within(intent: Intent, flow: Intent) -> Intent:
    return replace(intent, test=lambda case: flow.test(case) and intent.test(case),
                   members=tuple(_within(m, flow) for m in intent.members))


# What a "why" line calls each dimension, in the query's language (the names above are ids; English reads as is).
INTENT_LABELS: dict[str, dict[str, str]] = {
    "web-novel origin": {"zh": "网文改编", "ko": "웹소설 원작"},
    "webtoon": {"zh": "条漫改编", "ko": "웹툰 원작"},
    "comic / manhua": {"zh": "漫画改编", "ko": "만화 원작"},
    "remake": {"zh": "翻拍", "ko": "리메이크"},
    "sequel": {"zh": "续集/多季", "ko": "속편·시즌제"},
    "spin-off": {"zh": "衍生/番外", "ko": "스핀오프"},
    "story universe": {"zh": "共享世界观", "ko": "공유 세계관"},
    "original IP": {"zh": "原创IP", "ko": "오리지널 IP"},
    "paid mini-program": {"zh": "付费小程序", "ko": "유료 결제(미니프로그램)"},
    "ad-funded free app": {"zh": "免费广告平台", "ko": "무료·광고 기반 앱"},
    "revenue share": {"zh": "分账", "ko": "수익 배분"},
    "state backing": {"zh": "官方推荐/扶持", "ko": "정부·관영 지원"},
    "brand or public money": {"zh": "品牌或公共资金", "ko": "브랜드·공공 자금"},
    "traffic logic": {"zh": "流量逻辑", "ko": "트래픽 논리"},
    "content logic": {"zh": "内容导向", "ko": "콘텐츠 중심"},
    "vertical micro format": {"zh": "竖屏微短剧", "ko": "세로형 숏폼"},
    "web drama": {"zh": "网剧", "ko": "웹드라마"},
    "long-form series": {"zh": "长剧", "ko": "장편 드라마"},
    "long-video platform": {"zh": "长视频平台", "ko": "롱폼 플랫폼"},
    "overseas app": {"zh": "出海App", "ko": "해외 숏드라마 앱"},
    "tourism tie-in": {"zh": "文旅联动", "ko": "관광 연계"},
    "game / anime": {"zh": "游戏/动画", "ko": "게임·애니메이션"},
    "reported hit": {"zh": "有数据的爆款", "ko": "수치로 확인된 흥행작"},
    "reported revenue": {"zh": "有收入数据", "ko": "매출 수치 공개"},
    "heroine in hiding": {"zh": "女主隐藏身份", "ko": "정체를 숨긴 여주"},
    "heroine secretly rich": {"zh": "女主才是隐藏的有钱人", "ko": "숨은 재벌 여주"},
    "case-by-case structure": {"zh": "单元剧结构", "ko": "에피소드식 사건 구조"},
    "source revival": {"zh": "带火原著", "ko": "원작 역주행"},
    "spring festival release": {"zh": "春节档", "ko": "춘절 시즌 공개"},
    "all-at-once release": {"zh": "全集一次上线", "ko": "전편 동시 공개"},
    "horizontal format": {"zh": "横屏", "ko": "가로형"},
    "production technology": {"zh": "制作技术", "ko": "제작 기술"},
    "premium production": {"zh": "精品大制作", "ko": "대작·기성 제작진"},
    "webtoon platform": {"zh": "网漫平台出品", "ko": "웹툰 플랫폼"},
    "few payoffs": {"zh": "弱爽点、慢节奏", "ko": "사이다 적은 전개"},
    "many payoffs": {"zh": "爽点密集", "ko": "사이다 연타"},
}
_COUNTRY_LABELS = {"KR": {"zh": "韩国", "ko": "한국", "en": "KR"}, "CN": {"zh": "中国", "ko": "중국", "en": "CN"},
                   "JP": {"zh": "日本", "ko": "일본", "en": "JP"}}


def intent_label(name: str, lang: str) -> str:
    """An intent's name as a writer in `lang` would say it; platforms in that language's script where we know it."""
    if lang not in ("zh", "ko"):
        return name
    if name.startswith("platform: "):
        platform = name.removeprefix("platform: ")
        script = (lambda f: any("\u4e00" <= ch <= "\u9fff" for ch in f)) if lang == "zh" else (lambda f: any("\uac00" <= ch <= "\ud7a3" for ch in f))
        form = next((f for f in PLATFORMS.get(platform, ()) if script(f)), platform)
        return ("平台：" if lang == "zh" else "플랫폼: ") + form
    direction = re.fullmatch(r"remake (\w+)→(\w+)", name)
    if direction:
        a, b = (_COUNTRY_LABELS.get(code, {}).get(lang, code) for code in direction.groups())
        return f"{INTENT_LABELS['remake'][lang]} {a}→{b}"
    return INTENT_LABELS.get(name, {}).get(lang, name)


# Who owns a platform is not where a title comes from: "Korean dramas on Chinese-owned apps" asks for Korean titles;
# nor is a style ("Chinese-style payoff stacking", "중국식 사이다", "韩式慢热") a country.
_OWNERSHIP = re.compile(r"(?:chinese|korean)[- ](?:owned|backed|run)|(?:chinese|korean)(?:[- ][\w-]+){0,3}?[- ](?:style|toolkit|formula|playbook|template|grammar)\b|중국계|한국계|중국식|한국식|중국풍|中资|韩资|中国资本|韩国资本|中式|韩式|韩风",
                        re.IGNORECASE)


# "韩国那边的也要", "한국 것도 괜찮아", "Korean ones too": a country added to the rest, not a constraint.
_ALSO = re.compile(r"^[^，。,.!?！？]{0,8}?(?:也要|也行|也可以|也算|都行|都可以|都算|也|도 |도$|도 괜찮|\btoo\b|\bas well\b)", re.IGNORECASE)


def detect_countries(query: str) -> set[str]:
    """The countries a question limits itself to: none when every country it names is only added ("… 也要")."""
    query = _OWNERSHIP.sub(" ", query)
    found = {}
    for country, pattern in COUNTRY_PATTERNS.items():
        matches = list(pattern.finditer(query))
        if matches:
            found[country] = all(_ALSO.search(query[m.end():]) for m in matches)
    return {country for country, added in found.items() if not added}


def intent_score(case: Case, intents: list[Intent]) -> tuple[float, list[str]]:
    """Share of the asked-about dimensions this case satisfies, and their names."""
    if not intents:
        return 0.0, []
    met = [i for i in intents if i.test(case)]
    names = [m.name for i in met for m in (i.members or (i,)) if m.test(case)]
    return sum(i.weight for i in met) / sum(i.weight for i in intents), names


def strip_format_words(query: str) -> str:
    """The query without format words (短剧, 숏드라마, web drama): they are matched on fields, and in a vector they
    only pull toward whatever document talks most about being a short drama."""
    out = query
    for intent in INTENTS:
        if intent.name in FORMAT_INTENTS:
            out = intent.pattern.sub(" ", out)
    out = re.sub(r"\s+", " ", out).strip()
    return out if sum(ch.isalnum() for ch in out) >= 2 else query
