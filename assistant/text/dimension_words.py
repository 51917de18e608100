"""The research's dimension values (IP media, strategies, models, levels) as a Chinese, Korean or English reader
says them: shared by the index's dimension documents and the case card."""

from __future__ import annotations

MEDIA = {
    "web-novel": {"zh": "网络小说", "ko": "웹소설", "en": "web novel"},
    "webtoon": {"zh": "条漫", "ko": "웹툰", "en": "webtoon"},
    "manhua": {"zh": "漫画", "ko": "만화", "en": "comic"},
    "novel": {"zh": "小说", "ko": "소설", "en": "novel"},
    "drama": {"zh": "剧集", "ko": "드라마", "en": "drama"},
    "micro-drama": {"zh": "微短剧", "ko": "숏폼 드라마", "en": "micro-drama"},
    "web-drama": {"zh": "网剧", "ko": "웹드라마", "en": "web drama"},
    "remake": {"zh": "翻拍", "ko": "리메이크", "en": "remake"},
    "film": {"zh": "电影", "ko": "영화", "en": "film"},
    "game": {"zh": "游戏", "ko": "게임", "en": "game"},
    "anime": {"zh": "动画", "ko": "애니메이션", "en": "anime"},
    "original": {"zh": "原创", "ko": "오리지널", "en": "original"},
    "sequel": {"zh": "续集", "ko": "속편", "en": "sequel"},
    "spin-off": {"zh": "衍生作品", "ko": "스핀오프", "en": "spin-off"},
    "musical": {"zh": "音乐剧", "ko": "뮤지컬", "en": "musical"},
    "other": {"zh": "其他", "ko": "기타", "en": "other"},  # an IP origin the facts record no source for
}
WORDS = {
    "ip": {"zh": "IP来源", "ko": "IP 원천", "en": "IP origin"},
    "industry": {"zh": "产业模式", "ko": "산업 모델", "en": "Industrial model"},
    "strategy": {"zh": "开发策略", "ko": "개발 전략", "en": "Development strategy"},
    "logic": {"zh": "叙事逻辑", "ko": "서사 논리", "en": "Narrative logic"},
    "channel-centric": {"zh": "渠道导向、流量逻辑", "ko": "채널 중심, 트래픽 논리", "en": "channel-centric traffic logic"},
    "content-centric": {"zh": "内容导向", "ko": "콘텐츠 중심", "en": "content-centric"},
    "hybrid": {"zh": "渠道与内容混合", "ko": "채널·콘텐츠 혼합", "en": "hybrid of channel and content"},
    "horizontal": {"zh": "横向数据库式复制", "ko": "수평적 데이터베이스식 확장", "en": "horizontal database-style expansion"},
    "vertical": {"zh": "纵向故事宇宙", "ko": "수직적 스토리 유니버스", "en": "vertical story universe"},
    "mixed": {"zh": "横纵结合", "ko": "수평·수직 혼합", "en": "mixed horizontal and vertical"},
    "single": {"zh": "单部作品", "ko": "단일 작품", "en": "single title"},
    "sequels": {"zh": "续集", "ko": "속편·시즌제", "en": "sequels"},
    "spin_offs": {"zh": "衍生剧", "ko": "스핀오프", "en": "spin-offs"},
    "remakes": {"zh": "翻拍", "ko": "리메이크", "en": "remakes"},
    "low": {"zh": "爽点密度低", "ko": "사이다 밀도 낮음", "en": "low density of exciting moments"},
    "medium": {"zh": "爽点密度中等", "ko": "사이다 밀도 보통", "en": "medium density of exciting moments"},
    "high": {"zh": "爽点密集", "ko": "사이다 밀도 높음", "en": "high density of exciting moments"},
    "micro": {"zh": "竖屏微短剧", "ko": "세로형 숏폼 드라마", "en": "vertical micro-drama"},
    "web": {"zh": "网剧", "ko": "웹드라마", "en": "web drama"},
    "long-form": {"zh": "长剧", "ko": "장편 드라마", "en": "long-form series"},
    "CN": {"zh": "中国", "ko": "중국", "en": "Chinese"},
    "KR": {"zh": "韩国", "ko": "한국", "en": "Korean"},
    "other": {"zh": "海外", "ko": "해외", "en": "overseas"},
}

LOGIC = {"traffic": {"zh": "流量逻辑", "ko": "트래픽 논리", "en": "traffic logic"},
         "balanced": {"zh": "平衡型", "ko": "균형형", "en": "balanced"},
         "content": {"zh": "内容逻辑", "ko": "콘텐츠 논리", "en": "content logic"}}  # the logic call, said the same everywhere

LEVELS = {"high": {"zh": "高", "ko": "높음", "en": "high"}, "medium": {"zh": "中", "ko": "보통", "en": "medium"},
          "low": {"zh": "低", "ko": "낮음", "en": "low"}}  # a level on its own: a table cell, a confidence


def logic(label: str, lang: str) -> str:
    """A logic call (`traffic`, `balanced`, `content`) in `lang`."""
    return LOGIC.get(label, {}).get(lang, label)


def word(key: str, lang: str) -> str:
    """A dimension value (`vertical`, `channel-centric`, `KR` …) in `lang`; unknown keys as they are."""
    return WORDS.get(key, {}).get(lang, key)


def country(code: str, lang: str) -> str:
    """A case's country as the reader names it: 韩国 / 한국 for Chinese and Korean readers, the code (KR) in English."""
    return word(code, lang) if lang in ("zh", "ko") else code


def medium(key: str, lang: str) -> str:
    """A medium of an IP chain (`web-novel`, `webtoon` …) in `lang`."""
    return MEDIA.get(key, {}).get(lang, key)


def level(key: str, lang: str) -> str:
    """high / medium / low, short, in `lang`."""
    return LEVELS.get(key, {}).get(lang, key)
