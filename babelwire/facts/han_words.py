"""Chinese words: where jieba cuts Chinese text, which of its words are names, which count.

Chinese writes no spaces, so a name found inside a text is a word only where a segmenter says
so, and a number's counted noun is the first word after it. ``jieba`` (a dictionary and HMM
segmenter with part-of-speech tags) does the cutting; each look-up degrades to a plain answer
when it is missing. Kept apart from ``lexicon`` (word lists for every language): only Chinese
needs a segmenter.
"""
from __future__ import annotations

import re
from functools import lru_cache

_HAN_CONTENT = ("n", "j", "l", "q", "vn", "eng")  # jieba tags of nouns, abbreviations, idioms, classifiers


@lru_cache(maxsize=200_000)
def _zh_frequency(word: str) -> float:
    """wordfreq's Zipf frequency in Chinese news and web text (0 without wordfreq). Read here,
    not through ``lexicon.word_frequency``: lexicon asks this module about Chinese words."""
    try:
        # deferred: wordfreq is slow to import; paid only when this runs
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover
        return 0.0
    return zipf_frequency(word, "zh")


def han_function_word(word: str) -> bool | None:
    """A Chinese run glued to a number starts with no noun or classifier ("的新中央", "和多单元"):
    no word a number counts. None without jieba."""
    pseg = _jieba()
    if pseg is None:
        return None
    first = next(iter(pseg.cut(word)), None)
    return first is None or not first.flag.startswith(_HAN_CONTENT)


def first_han_word(text: str) -> str:
    """The first word jieba cuts from Chinese ``text`` (its first character without jieba)."""
    if _jieba() is None:
        return text[:1]
    # deferred: jieba is slow to import; paid only when this runs
    import jieba

    return next(iter(jieba.cut(text)), text[:1])


# Characters Chinese uses to spell foreign names by sound (蓬佩奥 Pompeo, 多伦多 Toronto);
# a word made of them only is a transliterated name, not a Chinese word.
_TRANSLIT_CHARS = set(
    "阿埃艾爱安昂奥澳巴拜班邦包保鲍贝本比彼毕宾波伯博布查达戴丹道德迪蒂杜多厄恩尔法凡范菲费芬"
    "丰佛夫弗福盖甘冈戈格贡古哈海汉豪赫亨胡华怀霍基吉加贾杰捷金卡凯坎康考柯科克肯库夸奎拉"
    "莱兰朗劳勒雷蕾里利莉丽连林琳卢鲁路伦罗洛马玛迈麦曼梅门蒙米密缪摩莫姆穆纳娜奈南内尼涅"
    "纽努诺欧帕潘庞佩彭皮普奇恰乔切钦琼丘萨塞赛桑森瑟沙莎尚舍圣施史舒斯松苏索塔泰坦汤唐特"
    "提汀通图托瓦万旺威韦维温沃乌西希锡谢辛休许雅亚扬耶伊因尤约泽扎詹兹佐祖蓬培德萨迪穆"
    "罕默桑茨赞泽哲黛薇娅奥莉但丁廷"
)


@lru_cache(maxsize=None)
def _han_dot_regex() -> re.Pattern[str]:
    part = "[" + "".join(sorted(_TRANSLIT_CHARS)) + "]{1,6}"
    return re.compile(rf"{part}(?:[·•‧・]{part})+")


def han_dot_names(text: str) -> list[tuple[int, int]]:
    """Foreign names in Chinese, their parts spelled by sound and joined by a middle dot
    ("乔伊·里德", "阿米尔·迪克·穆罕默德")."""
    return [(m.start(), m.end()) for m in _han_dot_regex().finditer(text)]


_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
                "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
                "顾毛郝龚邵万钱严覃武戴莫孔向汤习")
_HAN_ORG_END = ("通讯社", "公司", "集团", "大学", "医院", "银行", "委员会", "协会", "电视台", "基金会", "研究所",
                "航空", "党", "部", "局")


@lru_cache(maxsize=None)
def _jieba():
    try:
        # deferred: jieba is slow to import; paid only when this runs
        import jieba
        import jieba.posseg

        jieba.setLogLevel(60)
        return jieba.posseg
    except Exception:  # pragma: no cover
        return None


@lru_cache(maxsize=64)
def _han_words(text: str) -> dict[int, int] | None:
    if _jieba() is None:
        return None
    # deferred: jieba is slow to import; paid only when this runs
    import jieba

    words, pos = {}, 0
    for w in jieba.cut(text):
        words[pos] = pos + len(w)
        pos += len(w)
    return words


_HAN_ADMIN = ("州", "省", "市", "县", "区")


def han_whole_word(text: str, start: int, end: int) -> bool:
    """A name found inside Chinese text is a word of its own where jieba says so (True without
    jieba): "海地" (Haiti) is none inside "沿海地区" (coastal areas), nor "布拉格" (Prague)
    inside "布拉格堡" (Fort Bragg); "北卡罗来纳" may take its "州"."""
    words = _han_words(text)
    if words is None:
        return True
    e = words.get(start)  # a name jieba does not know may be cut in two: only its ends count
    return e is not None and (end in words or end >= len(text) or text[end:e] in _HAN_ADMIN)


def han_city_word(text: str, start: int, end: int) -> bool:
    """A city name found inside Chinese text is a word of its own (``han_whole_word``) and no
    person's given name: "布兰登" (Brandon) before a surname spelled by sound ("布鲁克斯") is
    a person, not the city; "北京" before "市" is Beijing wherever jieba ends the word ("北京市政府",
    "北京市民"), as is "东京都" (Tokyo Metropolis). True without jieba."""
    words = _han_words(text)
    city_word = words is not None and ("市" in (text[end - 1], text[end:end + 1]) and start in words
                                       or words.get(start) == end + 1 and text[end] == "都")
    if not (city_word or han_whole_word(text, start, end)):
        return False
    pseg = _jieba()
    nxt = next(iter(pseg.cut(text[end:end + 8])), None) if pseg is not None else None
    return not (nxt is not None and nxt.flag in ("nr", "nrt", "nrfg") and len(nxt.word) >= 2
                and all(c in _TRANSLIT_CHARS for c in nxt.word))


def han_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of person and organisation names jieba tags in Chinese text, kept
    only where the word is no ordinary one: a transliteration ("蓬佩奥"), a surname with a
    rare given name, or an organisation ending in an organisation word ("日本航空公司")."""
    pseg = _jieba()
    if pseg is None:
        return []
    words, pos = [], 0
    for w, flag in pseg.cut(text):
        words.append((pos, pos + len(w), w, flag))
        pos += len(w)
    out = []
    i = 0
    while i < len(words):
        s, e, w, flag = words[i]
        j = i + 1
        while j < len(words) and words[j][2] in _HAN_ORG_END:
            j += 1
        if flag in ("nr", "nrt", "nrfg", "nt", "nz", "ns") and j > i + 1:
            out.append((s, words[j - 1][1], "org"))  # "阿纳多卢" + "通讯社", "日本" + "航空" + "公司"
            i = j
            continue
        if flag == "nt" and len(w) >= 4 and w.endswith(_HAN_ORG_END):
            out.append((s, e, "org"))
        elif flag in ("nr", "nrt", "nrfg") and len(w) >= 2:
            translit = all(c in _TRANSLIT_CHARS for c in w)
            native = len(w) in (2, 3) and w[0] in _SURNAMES
            if (translit or native) and _zh_frequency(w) < 3.5:
                out.append((s, e, "person"))
        i += 1
    return out
