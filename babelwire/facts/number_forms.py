"""How a written number reaches past its first digits: scale chains, compounds, ranges, units.

Babel knows one scale word per number ("2,5 millones") and text2num (used here, in
``word_numbers``) reads number words in eight European languages; neither reads the
compounds news copy writes, so these are ours:

- CJK chains: "7억5000만" is 750,000,000, "3조 2000억" 3.2 trillion, "4万2000" 42,000,
  "135 亿" (machine-translated copy puts a space before the scale);
- Arabic compounds joined by و: "950 ألفًا و430" is 950,430, "مليون و 300 ألف" 1,300,000
  (the leading scale word is itself the number);
- Turkish "25 bin 239" is 25,239;
- Han numerals before a counter ("三人", "两千名"; no library finds them inside running text)
  and Korean native numerals before a counter ("세 명");
- ranges: "10-15", "27 – 30", "between 10 and 15", "2 to 3 million" (one fact, value and upper);
- a unit written against the number: "50°F", "40 км/ч", "35 °C", "38℃", "45 درجة مئوية".

Each helper takes the digit-normalised text and a position and returns what it read and
where the number now ends; numbers.py decides what to keep.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ._data import LETTER, base_lang, load, phrase_regex

CJK_SCALE = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "만": 1e4, "억": 1e8, "千": 1e3, "천": 1e3,
             "조": 1e12, "兆": 1e12}
_CJK_NEXT = re.compile(r"(?P<sp>\s?)(?P<n>\d+(?:\.\d+)?)\s?(?P<s>[万萬亿億만억千천조兆])?")


def cjk_scale_at(digits: str, pos: int) -> tuple[float, int] | None:
    """The CJK scale character at ``pos`` (one optional space before it): (multiplier, end)."""
    m = re.match(r"\s?([万萬亿億만억千천조兆])", digits[pos:pos + 3])
    return (CJK_SCALE[m.group(1)], pos + m.end()) if m else None


def cjk_chain(digits: str, pos: int, total: float, last: float) -> tuple[float, int]:
    """Continue "7억" with "5000만" (each group smaller than the one before); bare digits
    straight after a 万/만 or larger close the number ("4万2000")."""
    while True:
        m = _CJK_NEXT.match(digits, pos)
        if not m:
            break
        mult = CJK_SCALE.get(m.group("s") or "")
        if mult is None:
            if m.group("sp") or last < 1e4 or float(m.group("n")) >= last or "." in m.group("n"):
                break
            total += float(m.group("n"))
            pos = m.end()
            break
        if mult >= last:
            break
        total += float(m.group("n")) * mult
        last, pos = mult, m.end()
    return total, pos


_AR_AND = re.compile(r"\s*و\s*(?P<n>\d+(?:[.,]\d+)?)")
# "6 bin 820, Çin'de", "12 tys. 132.": a comma or full stop may close the compound, a decimal may not
_TR_REST = re.compile(r"\s(?P<n>\d{1,3})(?!\d|[.,]\d)")


def compound_rest(digits: str, pos: int, mult: float, lang: str, scale_re: re.Pattern[str],
                  scales: dict[str, float]) -> tuple[float, int]:
    """What a scale word's number adds after it: Arabic "و430", "و 300 ألف"; Turkish "bin 239",
    "4 milyon 500 bin"; Spanish "427 mil 100". Returns (amount added, new end)."""
    added = 0.0
    if lang == "ar":
        rest = _AR_AND
    elif lang in ("tr", "es", "pl", "ru"):  # "25 bin 239", "786 mil 228", "28 tys. 700", "3 тыс. 500"
        rest = _TR_REST
    else:
        return 0.0, pos
    while mult >= 1e3:
        m = rest.match(digits, pos)
        if not m:
            break
        n = float(m.group("n").replace(",", "."))
        sm = scale_re.match(digits, m.end())
        sub = scales.get(" ".join(sm.group("w").lower().split())) if sm else None
        if sm and sub and sub < mult:
            added += n * sub
            pos, mult = sm.end(), sub
            continue
        if sub is None and n < mult:
            added += n
            pos = m.end()
        break
    return added, pos


# Arabic writes "مليون و 300 ألف": a scale word alone stands for one of it.
_AR_WORD_NUMBER = re.compile(rf"(?<![\d\w])(?P<w>مليون|مليار|ألف|الف|ألفين|مليونين|ملياري|مليارين){'(?!' + LETTER + ')'}")
_AR_WORD_VALUE = {"مليون": 1e6, "مليار": 1e9, "ألف": 1e3, "الف": 1e3, "ألفين": 2e3, "مليونين": 2e6,
                  "ملياري": 2e9, "مليارين": 2e9}


def arabic_word_numbers(digits: str) -> list[tuple[int, int, float, float]]:
    """(start, end, value, scale) of Arabic scale words used as numbers, not after a digit."""
    out = []
    for m in _AR_WORD_NUMBER.finditer(digits):
        before = digits[max(0, m.start() - 3):m.start()]
        if re.search(r"\d\s*$", before):
            continue  # "300 ألف": the word multiplies the number before it
        if not _AR_AND.match(digits, m.end()):
            continue  # alone ("ألف مرة" reads "a thousand times" too loosely) only in a compound
        v = _AR_WORD_VALUE[m.group("w")]
        out.append((m.start(), m.end(), v, 1e3 if v < 1e6 else (1e6 if v < 1e9 else 1e9)))
    return out


# --------------------------------------------------------------------------- ranges

@lru_cache(maxsize=None)
def _range_words(language: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(joiner between two numbers, "between"-word before the first) for a language."""
    lang = base_lang(language)
    dash = r"\s?[-–—~〜]\s?|\s?至\s?|\s?到\s?"
    to = {"en": "to", "fr": "à", "es": "a", "it": "a", "pt": "a", "de": "bis", "pl": "do", "ru": "до",
          "no": "til", "id": "hingga|sampai", "tr": "ile", "ar": "إلى|الى", "hi": "से"}.get(lang)
    and_ = {"en": "and", "fr": "et", "es": "y", "it": "e", "pt": "e", "de": "und", "pl": "a", "ru": "и",
            "no": "og", "tr": "ile", "id": "dan", "ar": "و"}.get(lang)
    between = {"en": "between", "fr": "entre", "es": "entre", "it": "tra|fra", "pt": "entre",
               "de": "zwischen", "pl": "od|między", "ru": "от|между", "no": "mellom", "id": "antara",
               "ar": "بين|من"}.get(lang)
    joiner = dash + (rf"|\s+(?:{to})\s+" if to else "")
    joiner_between = joiner + (rf"|\s+(?:{and_})\s*" if and_ else "")
    before = re.compile(rf"(?<!{LETTER})(?:{between})\s+(?:\S+\s+)?$", re.IGNORECASE) if between else re.compile("(?!)")
    return re.compile(joiner, re.IGNORECASE), re.compile(joiner_between, re.IGNORECASE), before


_SECOND = re.compile(r"\d+(?:[.,\u00a0 ]\d{3})*(?:[.,]\d+)?")


def range_joiner_end(digits: str, pos: int, start: int, lang: str) -> int | None:
    """Where a range's second number may start after a first that ends at ``pos`` ("three to
    four", "zwei bis drei"): the end of the joiner, or None."""
    joiner, joiner_between, between = _range_words(lang)
    rx = joiner_between if between.search(digits[max(0, start - 24):start]) else joiner
    m = rx.match(digits, pos)
    return m.end() if m else None


def range_after(digits: str, pos: int, start: int, lang: str) -> tuple[str, int, int] | None:
    """The second number of a range that starts at ``start`` and whose first number ends at
    ``pos``: (its digits, its start, its end). "between X and Y" also accepts "and"."""
    joiner, joiner_between, between = _range_words(lang)
    lo = max(0, start - 24)
    rx = joiner_between if between.search(digits[lo:start]) else joiner
    m = rx.match(digits, pos)
    if not m:
        return None
    n = _SECOND.match(digits, m.end())
    if not n:
        return None
    if re.match(r"[\d:/]", digits[n.end():n.end() + 1]):
        return None
    return n.group(0), n.start(), n.end()


# --------------------------------------------------------------------------- units written on the number

_DEGREE = re.compile(r"\s?(?:[°º]\s?(?P<cf>[CF])?(?![A-Za-z])|(?P<sym>[℃℉]))")
# A degree word whose scale is written with it: Arabic "45 درجة مئوية".
_DEGREE_WORD = re.compile(r"\s?(?:درجة|درجات)\s+(?:(?P<c>مئوية)|(?P<f>فهرنهايت))")
# Chinese "35度", Korean "33도" are degrees only where the clause speaks of temperature
# ("3度" is also "three times"); Arabic "درجة" is a quake's magnitude unless it does.
_CJK_DEGREE = re.compile(r"\s?[度도]")
_AR_DEGREE = re.compile(r"\s?(?:درجة|درجات)(?!\w)")
_TEMPERATURE = re.compile(r"气温|氣溫|温度|溫度|高温|低温|零下|摄氏|攝氏|기온|온도|영하|섭씨|الحرارة|حرارة")
_SPEED = re.compile(
    # CJK runs on after the unit ("25 英里/小时的速度")
    r"\s?(?:(?:公里|千米|英里)\s?(?:/|每)\s?小时|(?:km\s?/\s?h|km/s|км\s?/\s?ч|km/sa|kmh|mi\s?/\s?h|mph"
    # spelled out: "110 kilómetros por hora", "80 kilometres per hour", "50 miles an hour"
    r"|(?:km|kil[oó]m[eè]tr[eoesy]s?|Kilometer[n]?|chilometri|kilometrów|километр\w*|miles|millas)\s+"
    r"(?:por|per|pro|an|a|à l['’]|par|all['’]|na|в)\s?(?:hora|hour|Stunde|heure|ora|godzinę|час))(?!\w))",
    re.IGNORECASE)
# Basis points (hundredths of a percent): "25 basis points", "25 puntos básicos", "25 基点".
_BASIS = re.compile(
    r"\s?(?:basis points?|(?-i:bps?)(?![A-Za-z])|puntos? básicos|points? de base|punti base|Basispunkt\w*"
    r"|базисн\w* пункт\w*|baz puan\w*|punkt\w* bazow\w*|pontos?[- ]base|pontos? básicos|个基点|個基點|基点|基點)",
    re.IGNORECASE)


# Percentage points are not percent: "o 2,4 p.p.", "3 Prozentpunkte", "1.5 percentage points".
_POINTS = re.compile(
    r"\s?(?:p\.\s?p\.?|pp(?![A-Za-z])|punkt(?:y|ów)? procentow\w*|prozentpunkt\w*|percentage points?"
    r"|points? de pourcentage|puntos? porcentuales?|punti percentuali|процентн\w* пункт\w*|yüzde puan\w*)",
    re.IGNORECASE)


# Area units: the area is the unit, not the length word inside it ("2.000 metros cuadrados" is
# 2,000 m², not 2,000 metres).
_AREA = (
    ("km²", r"km\s?[²2]|sq\.?\s?km|square kilomet(?:re|er)s?|kilómetros? cuadrados?|chilometri quadrati|chilometro quadrato"
            r"|kilomètres? carrés?|quadratkilometer\w*|kilometr\w* kwadratow\w*|квадратн\w+ километр\w*|кв\.\s?км"
            r"|kilometrekare|平方公里|平方千米|平方キロ"),
    ("m²", r"m\s?[²2](?![\w/])|sq\.?\s?m(?!\w)|square met(?:re|er)s?|metros? cuadrados?|metri quadrati|metro quadrato"
           r"|mètres? carrés?|quadratmeter\w*|metr\w* kwadratow\w*|квадратн\w+ метр\w*|кв\.\s?м(?!\w)|metrekare"
           r"|平方米|平方公尺|平米|平方メートル"),
    ("sq ft", r"sq\.?\s?ft\.?|square f(?:ee|oo)t|平方英尺"),
    ("sq mi", r"sq\.?\s?mi(?:les?)?|square miles?|平方英里"),
)
AREA_UNITS = frozenset(u for u, _ in _AREA)
_AREA_RX = re.compile(r"\s?(?:" + "|".join(f"(?P<a{i}>{rx})" for i, (_, rx) in enumerate(_AREA)) + r")(?!\w)",
                      re.IGNORECASE)


def unit_on(digits: str, pos: int, lang: str = "und") -> tuple[str, int] | None:
    """A unit written against the number: "50°F" (°F), "35 °C", "38℃", "40 км/ч" (km/h),
    "2,4 p.p." (pp); "45 درجة مئوية" (°C), "35度" in a clause about temperature (°); an area
    ("2.000 metros cuadrados", "2000 平方米": m²)."""
    m = _POINTS.match(digits, pos)
    if m:
        return "pp", m.end()
    m = _BASIS.match(digits, pos)
    if m:
        return "bp", m.end()
    m = _AREA_RX.match(digits, pos)
    if m:
        return next(u for i, (u, _) in enumerate(_AREA) if m.group(f"a{i}")), m.end()
    m = _DEGREE.match(digits, pos)
    if m:
        if m.group("sym"):
            return ("°C" if m.group("sym") == "℃" else "°F"), m.end()
        return ("°" + m.group("cf")) if m.group("cf") else "°", m.end()
    if lang == "ar":
        m = _DEGREE_WORD.match(digits, pos)
        if m:
            return ("°C" if m.group("c") else "°F"), m.end()
    if lang in ("zh", "ko", "ar"):
        m = (_AR_DEGREE if lang == "ar" else _CJK_DEGREE).match(digits, pos)
        if m and _TEMPERATURE.search(digits, max(0, pos - 30), pos):
            return degree_scale(digits, m.end()) if lang == "ar" else "°", m.end()
    m = _SPEED.match(digits, pos)
    if m:
        said = m.group(0).lower()
        return ("mph" if "mph" in said or "mil" in said or "mi/" in said or "英里" in said else "km/h"), m.end()
    return None


def degree_scale(text: str, pos: int) -> str:
    """"degrees Celsius" / "градусов по Цельсию": which degrees a degree word means."""
    window = text[pos:pos + 30].lower()
    if re.search(r"celsius|цельси|santigrat|摄氏|섭씨|सेल्सियस|مئوية", window):
        return "°C"
    if re.search(r"fahrenheit|фаренгейт|华氏|화씨|फ़ारेनहाइट|फारेनहाइट|فهرنهايت", window):
        return "°F"
    return "°"


# Letters glued after the digits that are not a unit: "20s", "5th", "4G", "3D".
_ORDINAL_OR_DECADE = re.compile(r"(?:'?s|st|nd|rd|th|er|ème|e|º|ª|x|g|d|p|k)(?![A-Za-z])", re.IGNORECASE)


def glued_suffix(digits: str, pos: int) -> str | None:
    """Latin letters written straight after the number, when they are not a unit: "20s"."""
    m = re.match(r"'?[A-Za-z]+", digits[pos:pos + 12])
    if not m:
        return None
    if _ORDINAL_OR_DECADE.fullmatch(m.group(0)):
        return m.group(0)
    return None


# --------------------------------------------------------------------------- numbers in words

def word_numbers(text: str, digits: str, lang: str) -> list[tuple[int, int, float, float]]:
    """(start, end, value, scale) of numbers written in words: text2num for the European
    languages it knows, Arabic scale words leading a compound."""
    out = list(arabic_word_numbers(digits)) if lang == "ar" else []
    if lang in ("zh", "ja"):
        out += han_numbers(text)
    small = _small_words(lang)
    if small is not None:  # our table: whole words only, inflected forms listed
        table = load("number_words.json")[lang]
        for m in small.finditer(text):
            if lang == "ko" and not _KO_COUNTER.match(text, m.end()):
                continue  # "세", "네", "열" are also "tax", "yes", "heat": a number only before a counter
            # Turkish "İki" lower-cases to "i" + a combining dot: compare without it.
            value = table.get(m.group(0).lower().replace("\u0307", ""))
            if value is not None:
                out.append((m.start(), m.end(), float(value), 1.0))
    if lang not in _T2N_LANGS:
        return out
    try:
        # optional: text_to_num reads numbers in words; without it only our own word lists do
        from text_to_num import alpha2digit, find_numbers as t2n_find
    except ImportError:  # optional: without it, numbers in words are not read
        return out
    if alpha2digit(text, lang, threshold=3.0) == text:
        return out  # one call in Rust: most texts hold no number in words, and skip tokenising
    toks = [_Tok(m.group(0), m.start(), m.end()) for m in _T2N_TOKEN.finditer(text)]
    for occ in t2n_find(toks, lang, 3.0):
        span = toks[occ.start:occ.end]
        if occ.is_ordinal or any(any(c.isdigit() for c in t.t) for t in span):
            continue  # digits are read by the main pass
        if len(span) == 1 and span[0].t.lower() in _INDEFINITE:
            continue  # "thousands of tourists", "miles de personas": many, not 1,000
        s, e = span[0].s, span[-1].e
        if re.search(r"\d\s*$", digits[max(0, s - 3):s]):
            continue  # "19 mil": the word is the scale of the digits before it
        value = float(occ.value)
        half = _HALF.search(text, max(0, s - 12), s)
        if half:  # "eine halbe Milliarde", "half a million"
            s, value = half.start(), value / 2
        out.append((s, e, value, 1.0))
    return out


# Korean native numerals count with a counter word straight after them: "세 명", "두 곳".
_KO_COUNTER = re.compile(r"\s?(?:명|곳|채|개|건|가구|척|마리)")

# Han numerals: "三人", "十二名", "两千"; a counter (or a scale, then a counter) must follow, so
# "一些", "十分", "统一" stay words. "一" alone ("一名男子", "一人で") is an article more than a count,
# and "第三人" an ordinal. Written here: the few Chinese-numeral packages on PyPI convert whole
# strings and cannot find numerals inside running text.
_HAN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_HAN_UNIT = {"十": 10, "百": 100, "千": 1000}
_HAN_NUMBER = re.compile(
    r"(?<![第〇零一二两兩三四五六七八九十百千万萬亿億数幾几])(?P<n>[一二两兩三四五六七八九十][〇零一二三四五六七八九十百千]*)"
    r"(?=[万萬亿億]?(?:人(?![帮幫组組])|名|个|個|座|所|户|戸|棟|件|起|头|頭|架|艘|辆|台|か所|カ所|ヶ所))")


def _han_value(s: str) -> int | None:
    total, digit = 0, None
    for ch in s:
        if ch in _HAN_DIGIT:
            if digit is not None:
                return None  # "三四人" (three or four) is no single number
            digit = _HAN_DIGIT[ch]
        else:
            total += (1 if digit is None else digit) * _HAN_UNIT[ch]
            digit = None
    return total + (digit or 0)


def han_numbers(text: str) -> list[tuple[int, int, float, float]]:
    """(start, end, value, 1.0) of Han numerals counting something: "三人死亡", "两千名"."""
    out = []
    for m in _HAN_NUMBER.finditer(text):
        v = _han_value(m.group("n"))
        if v is not None and v > 1:
            out.append((m.start(), m.end(), float(v), 1.0))
    return out


@lru_cache(maxsize=None)
def _magnitude_table(lang: str) -> tuple[dict[str, float], re.Pattern[str] | None]:
    table = {k.lower(): float(v) for k, v in load("magnitude_words.json").get(lang, {}).items()}
    if not table:
        return table, None
    if lang in ("zh", "ja", "ko"):  # no spaces between words: the phrase itself, longest first
        alt = "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True))
        return table, re.compile(rf"(?:{alt})(?![万萬亿億千兆만억천조])")
    return table, phrase_regex(list(table))


def magnitude_words(text: str, digits: str, lang: str) -> list[tuple[int, int, float]]:
    """(start, end, magnitude) of number words that give only an order of magnitude:
    "hundreds" 100, "Tausende" 1,000, "kilkuset" 100, "数百" 100 (magnitude_words.json).
    Not after a digit or a number word: "3 thousands", "dwa tysiące" is a number."""
    table, rx = _magnitude_table(base_lang(lang))
    if rx is None:
        return []
    small = _small_words(base_lang(lang))
    out = []
    for m in rx.finditer(text):
        before = digits[max(0, m.start() - 16):m.start()]
        if re.search(r"\d\s*$", before):
            continue
        prev = re.search(rf"({LETTER}+)\s+$", before)
        if prev and small is not None and small.fullmatch(prev.group(1)):
            continue
        value = table.get(" ".join(m.group(0).lower().split()))
        if value:
            out.append((m.start(), m.end(), value))
    return out


@lru_cache(maxsize=None)
def _small_words(lang: str) -> re.Pattern[str] | None:
    """Number words of a language text2num does not know (number_words.json)."""
    return phrase_regex(list(load("number_words.json").get(lang, {})))


_HALF = re.compile(r"(?<!\w)(?:half(?:\s+a)?|halbe[n]?|demi|mezzo|medio|media|meia|meio)\s+$", re.IGNORECASE)
_T2N_LANGS = {"en", "fr", "es", "pt", "de", "nl", "it", "da"}
_INDEFINITE = {"hundreds", "thousands", "millions", "billions", "cientos", "miles", "millones", "centenas",
               "milhares", "milhões", "centinaia", "migliaia", "milioni", "honderden", "duizenden", "miljoenen",
               "hunderte", "tausende", "millionen", "centaines", "milliers"}
_T2N_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")


class _Tok:
    """A token as text2num reads it (its Token protocol), with our offsets."""

    __slots__ = ("t", "s", "e")

    def __init__(self, t: str, s: int, e: int) -> None:
        self.t, self.s, self.e = t, s, e

    def text(self) -> str:
        return self.t

    def nt_separated(self, previous: "_Tok") -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return False
