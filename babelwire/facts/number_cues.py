"""Readings that turn a figure into something other than a plain level, from cue words around it.

``find_numbers`` (numbers.py) asks these after reading a number: whose dollar "$" is (an
article about Auckland pays in NZD), whether "from X to Y" is a change rather than a range
("from 255 to 256", "10 proc. wyborców więcej"), whether it is a rate per day or year, a weight
in pounds, or the infected among Arabic "مصابين". They share the cue tables (cues.json) and
ask about the sentence, not the digits, so they sit apart from number_context.py's counted
word and scope.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ._data import LETTER, cue_words, phrase_regex
from .lexicon import is_function_word
from .number_context import CLAUSE_BREAK
from .number_words import parse_number

# --------------------------------------------------------------------------- whose dollars

# Countries that call their own currency the dollar: "$" or "dollars" there are not US dollars.
_DOLLAR_COUNTRIES = {"AU": "AUD", "NZ": "NZD", "CA": "CAD", "HK": "HKD", "SG": "SGD", "TW": "TWD", "JM": "JMD",
                     "NA": "NAD", "FJ": "FJD", "LR": "LRD", "BS": "BSD", "BB": "BBD", "TT": "TTD", "GY": "GYD",
                     "BZ": "BZD", "BN": "BND"}
# A currency word several countries use (currencies.json's lowercase keys): its code by country.
_LOCAL_CURRENCIES = {"pesos": {"MX": "MXN", "AR": "ARS", "CO": "COP", "CL": "CLP", "UY": "UYU", "DO": "DOP",
                               "CU": "CUP", "PH": "PHP"}}
# The dollar said to be American: kept as USD whatever places the sentence names.
_US_DOLLAR = re.compile(
    r"US\s?\$|U\.S\.\s?\$|\bUSD\b|US-Dollar|U\.S\. dollars?|American dollars?|美元|美金|долл\w* США"
    r"|dólares (?:estadounidenses|americanos)|dollari (?:statunitensi|americani)|dollars? américains?"
    r"|Amerikan doları|dolar\w* amerykańsk\w*", re.IGNORECASE)
_CAPITALISED_RUN = re.compile(r"[A-ZÀ-Þ][\w'’-]+(?:\s[A-ZÀ-Þ][\w'’-]+)?")


def _countries_named(text: str, s_start: int, s_end: int, places: list[tuple[int, int, str]],
                     lang: str) -> set[str]:
    """The countries a stretch of text names, by country name or by one of their cities."""
    # deferred: the city list takes a second to load; only a bare dollar or peso needs it
    from .cities import city_place, find_city, find_cjk_cities

    codes = {c for s, e, c in places if s_start <= s and e <= s_end}
    sentence = text[s_start:s_end]
    cities = [find_city(m.group(0)) or next(filter(None, map(find_city, m.group(0).split())), None)
              for m in _CAPITALISED_RUN.finditer(sentence)]
    cities += [(key, name) for _s, _e, key, name in find_cjk_cities(sentence)] if lang in ("zh", "ja") else []
    return codes | {place[1] for c in cities if c for place in [city_place(c[0])] if place}


def local_dollar(text: str, start: int, tail: int, s_start: int, s_end: int,
                 places: list[tuple[int, int, str]], lang: str, unit: str = "USD") -> str | None:
    """The currency of "$" or "dollars" read as USD when the sentence (else the article) names one
    country only, and that one pays in its own dollars: "costing Auckland ratepayers hundreds of
    thousands of dollars" is NZD. None when the dollar stays American (or nothing says otherwise).
    For a word several countries use (``unit`` "pesos"), the code of the one such country named."""
    table = _LOCAL_CURRENCIES.get(unit, _DOLLAR_COUNTRIES)
    if unit == "USD" and _US_DOLLAR.search(text, max(s_start, start - 12), min(s_end, tail + 40)):
        return None
    codes = _countries_named(text, s_start, s_end, places, lang)
    if not codes:  # nothing in the sentence: the article's countries and cities
        codes = _countries_named(text, 0, len(text), places, lang)
    if unit != "USD":  # pesos: the one peso country the text names, whatever else it names
        codes &= set(table)
    # one country named, and it pays in its own dollars ("Singapore … in India … $8 billion" stays USD)
    return table.get(codes.pop()) if len(codes) == 1 else None


# --------------------------------------------------------------------------- changes, rates, weights

@lru_cache(maxsize=None)
def _cue_rx(table: str, lang: str) -> re.Pattern[str] | None:
    return phrase_regex(list(cue_words(table, lang)))


_CHANGE_Y = re.compile(r"\s*[$€£¥₹]?\s*(?P<y>\d+(?:[.,\u00a0 ]\d{3})*(?:[.,]\d+)?)(?![\d:/])")


def is_change(digits: str, start: int, tail: int, s_start: int, x: float, lang: str) -> bool:
    """"from X to Y" is a change, not a range, when a change word stands before it in the
    sentence ("rose from 12 to 15", "stieg von 12 auf 15") or the two are close counts no range
    would give ("من 255 إلى 256"). X is then what it was, not what it is."""
    frm, to = _cue_rx("change_from", lang), _cue_rx("change_to", lang)
    if frm is None or to is None:
        return False
    if not re.search(rf"(?:{frm.pattern})\s*[$€£¥₹]?\s*$", digits[max(s_start, start - 16):start], re.IGNORECASE):
        return False
    m = re.match(rf"\s*(?:{to.pattern})", digits[tail:tail + 12], re.IGNORECASE)
    n = _CHANGE_Y.match(digits, tail + m.end()) if m else None
    y = parse_number(n.group("y"), lang) if n else None
    if y is None or y == x:
        return False
    head = digits[s_start:start].lower()
    if any(re.search(rf"(?<!\w){re.escape(w.lower())}", head) for w in cue_words("change_words", lang)):
        return True
    return x >= 100 and y > x and (y - x) / x < 0.1 and not (x % 10 == 0 and y % 10 == 0)


def is_weight(digits: str, start: int, tail: int, s_start: int, s_end: int, lang: str) -> bool:
    """"Pounds" written as a word, in a sentence that weighs something ("six pounds nine ounces")."""
    if re.search(r"£\s*$", digits[max(0, start - 3):start]):
        return False
    words = cue_words("weight_context", lang) or cue_words("weight_context", "en")
    sentence = digits[s_start:s_end].lower()
    return any(re.search(rf"(?<!\w){re.escape(w)}", sentence) for w in words)


def infected(text: str, s_start: int, s_end: int, counts: str | None, lang: str) -> bool:
    """Arabic "مصاب" is hit by anything: in a sentence naming a disease, infected."""
    words = cue_words("disease", lang)
    return bool(words) and any(w in text[s_start:s_end] for w in words)


_THAN = re.compile(r"\s+(?:than|de|que|als|niż|od|чем|di|d['’]|del|dei|des|du)(?!\w)", re.IGNORECASE)


def change_after(digits: str, tail: int, right: int, lang: str) -> bool:
    """A comparative a word or two after the number: "10 proc. wyborców więcej", "54 percent more
    likely" (not "or more", "no more", "nicht mehr")."""
    rx = _cue_rx("change_after", lang)
    if rx is None:
        return False
    m = re.match(rf"\s*(?:{LETTER}+\s+){{0,2}}?(?P<c>{rx.pattern})", digits[tail:right], re.IGNORECASE)
    if not m or _THAN.match(digits, m.end()):
        return False  # "9 mil plazas en más de 40 hoteles": the "more than" of the next number
    between = digits[tail:tail + m.start("c")].split()
    # "or more" is a bound; "no more", "nicht mehr" a negation; "plazas en más" another clause
    return not (between and (between[-1].lower() in ("or", "oder", "ou", "o", "lub", "или", "no", "nicht", "ne", "nie",
                                                     "не", "keine") or any(is_function_word(w, lang) for w in between)))


_PER_CJK_BEFORE = re.compile(r"(?:每|每个|每個)(?P<p>[年天日周週月])[^\d。，,；;]{0,10}$")
_CJK_PERIOD = {"年": "year", "天": "day", "日": "day", "周": "week", "週": "week", "月": "month"}
_PERIOD_NEXT = re.compile(r"\s*(?:(?:1[89]|20)\d\d(?![\d.,]\d)|ago\b|earlier\b|later\b|before\b|after\b|от\b)", re.IGNORECASE)


def per_period(digits: str, start: int, tail: int, left: int, right: int, lang: str) -> str | None:
    """"per day" or "per year" within five words after the number, no other number between:
    "9.7 مليون برميل يوميا", "400 mil visitantes cada año" (not "in a day": within one day; not
    "im Jahr 2019", "a year ago"), or "every day" before it in its clause; in Chinese and Japanese
    "每年", "每周" before it: "day" | "week" | "month" | "year" | None."""
    if lang in ("zh", "ja"):
        m = _PER_CJK_BEFORE.search(digits, max(left, start - 14), start)
        return _CJK_PERIOD[m.group("p")] if m else None
    before = _cue_rx("per_day_before", lang)  # "todos los días se otorgan más de 50 mil consultas"
    if before is not None:
        cue = next(reversed(list(before.finditer(digits, max(left, start - 60), start))), None)
        if cue is not None and not CLAUSE_BREAK.search(digits, cue.end(), start) and not re.search(
                r"\d", digits[cue.end():start]):
            return "day"
    for period in ("day", "year"):
        rx = _cue_rx(f"per_{period}", lang)
        m = rx and re.match(rf"\s*(?:{LETTER}+\s+){{0,5}}?(?<!\bin )(?<!\bwithin )(?:{rx.pattern})",
                            digits[tail:right], re.IGNORECASE)
        if m and not _PERIOD_NEXT.match(digits, tail + m.end()):
            return period
    return None
