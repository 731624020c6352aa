"""Numbers, amounts and percentages in any digit system, normalised, with what they count.

"840 000", "840,000", "500.000", "2 milliarder", "165 मिलियन", "315 juta", "2,5 millones"
and Arabic-Indic or Devanagari digits all become plain values. Whether "," or "." is the
decimal mark comes from Babel's number symbols for the article's language; scale words
from Babel's compact number formats plus our scales.json. Qualifiers ("more than",
"rundt", "لنحو") and scope cues ("dans le monde", "in the US", "in one quarter") come from
cues.json; what a number counts from counters.json.

The code is split along its seams; every name below stays importable from here:

``number_words``  ``parse_number``, decimal marks, scale words, currencies and counters per language
``magnitudes``    ``display_value``, ``magnitude_close``, ``rounding_tolerance``
this module       ``find_numbers``: numbers in text with qualifiers, counted thing and scope
"""
from __future__ import annotations

# math, NOT_BEFORE, babel_locale, load, phrase_regex and the names re-exported below are not
# all used here any more; they are imported so that this module offers the same names as before
# the split.
import math  # noqa: F401
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..similarity.features import ascii_digits
from ._data import (  # noqa: F401
    LETTER,
    NOT_AFTER,
    NOT_BEFORE,
    babel_locale,
    base_lang,
    cue_regex,
    load,
    phrase_regex,
)
from .magnitudes import _NAMES, _plain, display_value, magnitude_close, rounding_tolerance  # noqa: F401
from .number_words import (  # noqa: F401
    _AR_CLITIC,
    _CJK,
    _KINDS,
    _SPACE,
    _TOKEN,
    _ambiguous_decimal,
    _counters,
    _currency_tables,
    _decimal_mark,
    _factors,
    _keys_in,
    _keys_of_kind,
    _kind_of,
    _scale_regex,
    _scales,
    counter_key,
    generic_keys,
    parse_number,
    unit_keys,
)

_NUM = re.compile(
    # Latin, Greek and Cyrillic letters glued to digits make codes ("S20", "COVID-19"); CJK
    # text writes numbers against letters ("发生6.9级地震").
    r"(?<![0-9A-Za-z\u00c0-\u024f\u0370-\u04ff.,/:_])(?<![A-Za-z]-)"
    r"(?P<n>\d{1,3}(?P<sep>[.,\u00a0\u202f\u2009' ])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)"
    r"(?![\d])(?![.,]\d)(?!\s?[:/]\s?\d)"
)
# Clock times are not quantities: "4 h 17", "21.42 WITA", "9:42 p.m.".
_TIME = re.compile(
    r"(?<!\d)\d{1,2}\s?(?:h|uhr)\s?\d{2}(?!\d)"
    r"|(?<!\d)\d{1,2}[:.]\d{2}\s*(?:a\.?m\.?|p\.?m\.?|uhr|h\b|wib|wita|wit|gmt|utc|cet|cest|msk|heures?)",
    re.IGNORECASE,
)
_CJK_SCALE = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "만": 1e4, "억": 1e8, "千": 1e3, "천": 1e3}
_PERCENT_WORDS = ["percent", "per cent", "pour cent", "prosent", "persen", "por ciento", "prozent",
                  "प्रतिशत", "फीसदी", "फ़ीसदी", "फीसद", "بالمئة", "بالمائة", "في المئة", "في المائة"]
_PERCENT = re.compile(r"\s?[%٪]|\s+(?:" + "|".join(re.escape(w) for w in _PERCENT_WORDS) + r")" + NOT_AFTER,
                      re.IGNORECASE)
# Clause boundaries: cues on the far side of a comma or semicolon qualify something else.
_CLAUSE = re.compile(r"[,;:،؛()\[\]–—]|\s-\s")
_LINK_WORDS = {"de", "d'", "d’", "of", "di", "des", "del"}
_RANGE = re.compile(r"\s*(?:to|à|til|hingga|sampai|bis|and|et|og|dan|y|a|से|إلى|الى|-|–)\s*\d[\d.,]*\s*",
                    re.IGNORECASE)


@dataclass(slots=True)
class NumberMention:
    start: int
    end: int
    raw: str
    value: float
    kind: str = "count"  # count | money | percent
    unit: str | None = None
    scale_word: str | None = None
    approx: bool = False
    bound: str | None = None
    counts: str | None = None
    key: str | None = None
    scope: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- extraction

def _clause_bounds(text: str, start: int, end: int, sent_start: int, sent_end: int) -> tuple[int, int]:
    left = sent_start
    for m in _CLAUSE.finditer(text, sent_start, start):
        left = m.end()
    m = _CLAUSE.search(text, end, sent_end)
    right = m.start() if m else sent_end
    return left, right


def find_numbers(
    text: str,
    language: str,
    *,
    sentences: list[tuple[int, int]] | None = None,
    skip: list[tuple[int, int]] | None = None,
) -> list[NumberMention]:
    """Every number worth reporting in ``text``: with a counted thing, a unit, or ≥ 100.

    ``sentences`` are (start, end) spans that bound the cue windows; ``skip`` spans (dates,
    times) are not numbers.
    """
    lang = base_lang(language)
    digits = ascii_digits(text)
    skip = sorted(skip or [])
    times = [(m.start(), m.end()) for m in _TIME.finditer(digits)]
    from .entities import find_places

    places_all = find_places(text, lang)  # once per text; scope windows pick from these
    spans = sorted(sentences or [(0, len(text))])
    scale_re = _scale_regex(lang)
    currency, currency_words = _currency_tables(lang)
    scales = _scales(lang)
    out: list[NumberMention] = []
    si = 0
    for m in _NUM.finditer(digits):
        start, end = m.start("n"), m.end("n")
        if any(s <= start < e for s, e in skip):
            continue
        while si < len(spans) and spans[si][1] <= start:
            si += 1
        s_start, s_end = spans[si] if si < len(spans) else (0, len(text))
        raw = m.group("n")
        # A space-grouped number may have swallowed a neighbour ("2020 500"); keep it plain.
        value = parse_number(raw, lang)
        if value is None:
            continue
        if any(s <= start < e for s, e in times):
            continue
        nm = NumberMention(start, end, text[start:end], value)
        tail = end
        cjk = _CJK_SCALE.get(digits[tail:tail + 1])
        if cjk:  # "13亿" = 1.3e9; Korean "4만2000" = 42,000
            nm.value *= cjk
            nm.scale_word = text[tail]
            tail += 1
            more = re.match(r"\d+", digits[tail:])
            if more and cjk >= 1e4:
                nm.value += float(more.group(0))
                tail += more.end()
        sm = None if cjk else scale_re.match(digits, tail)
        if sm:
            word = sm.group("w").lower()
            mult = scales.get(" ".join(word.split()), scales.get(word))
            if mult:
                if _ambiguous_decimal(raw, lang, True):
                    nm.value = float(ascii_digits(raw).replace(_decimal_mark(lang), "."))
                nm.value *= mult
                nm.scale_word = text[sm.start("w"):sm.end("w")]
                tail = sm.end()
                more = re.match(r"\s(\d{1,3})(?![\d.,])", digits[tail:])
                if more and mult == 1e3:  # Turkish "4 bin 500" is 4,500
                    nm.value += float(more.group(1))
                    tail += more.end()
        pm = _PERCENT.match(digits, tail)
        if pm:
            nm.kind, nm.unit = "percent", "%"
            tail = pm.end()
        else:
            _money(nm, digits, start, tail, currency, currency_words, lang)
            if nm.kind == "money" and nm.unit and digits[tail:].lstrip().lower().startswith(
                    tuple(w for w, c in currency.items() if c == nm.unit and w.isalpha())):
                mw = re.match(rf"\s*{LETTER}+", digits[tail:])
                tail += mw.end() if mw else 0
        nm.end = tail
        nm.raw = text[start:tail]
        is_year = raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2100 and not nm.scale_word
        left, right = _clause_bounds(digits, start, tail, s_start, s_end)
        _qualifiers(nm, digits, start, tail, left, lang)
        _what(nm, text, tail, left, right, lang)
        if is_year and (nm.counts is None or counter_key(nm.counts, lang)[1] != "specific"):
            continue  # "bis Ende 2026": a year, unless it directly counts something
        if nm.kind == "count" and nm.counts is None and nm.value < 100 and not nm.scale_word:
            continue  # a small bare number ("top 10", "phase 3") says nothing
        _scope(nm, text, digits, start, tail, left, min(right + 40, s_end), lang, places_all)
        out.append(nm)
    return out


@lru_cache(maxsize=None)
def _symbol_regexes(language: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, dict[str, str]]:
    currency, _ = _currency_tables(language)
    syms = sorted((k for k in currency if not k.isalpha() or k in ("Rp", "US$", "kr")), key=len, reverse=True)
    alt = "|".join(re.escape(k) for k in syms)
    before = re.compile(rf"(?:{alt})\s?$") if syms else None
    after = re.compile(rf"\s?(?:{alt})") if syms else None
    return before, after, currency


def _money(nm: NumberMention, digits: str, start: int, tail: int, currency: dict[str, str],
           currency_words: re.Pattern[str] | None, lang: str = "en") -> None:
    before_rx, after_rx, _ = _symbol_regexes(lang)
    if before_rx is not None:
        m = before_rx.search(digits, max(0, start - 5), start)
        if m:
            nm.kind, nm.unit = "money", currency[m.group(0).strip()]
            return
    after = digits[tail:tail + 24]
    if after_rx is not None:
        m = after_rx.match(after)
        if m and not m.group(0).strip().isalpha():
            nm.kind, nm.unit = "money", currency[m.group(0).strip()]
            return
    # "480 millions d'euros", "14,5 millones de euros": the currency may follow "of".
    stripped = re.sub(r"^\s*(?:d['’]|de\s+|di\s+|of\s+)?", "", after, flags=re.IGNORECASE)
    if currency_words is not None:
        cm = currency_words.match(stripped)
        if cm:
            nm.kind, nm.unit = "money", currency[cm.group(0).lower()]
            return
    for word, code in _cjk_currency(lang):  # CJK writes the currency against the number: "13亿美元"
        if stripped.startswith(word):
            nm.kind, nm.unit = "money", code
            return


@lru_cache(maxsize=None)
def _cjk_currency(language: str) -> tuple[tuple[str, str], ...]:
    currency, _ = _currency_tables(language)
    return tuple(sorted(((w, c) for w, c in currency.items() if _CJK.match(w[:1])), key=lambda x: -len(x[0])))


def _qualifiers(nm: NumberMention, digits: str, start: int, tail: int, left: int, lang: str) -> None:
    window = digits[max(left, start - 40):start]
    for table, attr, val in (("min_before", "bound", "min"), ("max_before", "bound", "max"),
                             ("approx_before", "approx", True)):
        rx = cue_regex(table, lang)
        if rx is None:
            continue
        for m in rx.finditer(window):
            gap = window[m.end():]
            # Only what stands right before the number (a currency sign may sit between).
            if len(gap.strip(" $€£¥₹")) == 0:
                setattr(nm, attr, val)
    after = digits[tail:tail + 30]
    for table, attr, val in (("min_after", "bound", "min"), ("max_after", "bound", "max"),
                             ("approx_after", "approx", True)):
        rx = cue_regex(table, lang)
        if rx is not None:
            m = rx.match(after.lstrip())
            if m:
                setattr(nm, attr, val)


def _what(nm: NumberMention, text: str, tail: int, left: int, right: int, lang: str) -> None:
    """The counted word right after the number, and a language-independent key for it.

    A generic counter ("people", "times") or a measure ("km") gives way to a specific key in
    the same clause: "165 مليون مرة … تحميل" counts downloads, "depth of 42 km" a depth.
    Durations ("5 hours later") keep their own key.
    """
    rng = _RANGE.match(ascii_digits(text[tail:right]))
    if rng:  # "15 hingga 60 detik": the counted word follows the range's second number
        tail += rng.end()
    counted = None
    if tail < len(text) and _CJK.match(text[tail:tail + 1]):
        counted = text[tail:min(right, tail + 4)]  # CJK: no spaces; the next few characters
    else:
        for m in _TOKEN.finditer(text, tail, right):
            if m.group(0).lower() in _LINK_WORDS:
                continue
            counted = m.group(0)
            break
    key, kind = (None, "")
    if counted:
        nm.counts = counted
        key, kind = counter_key(counted, lang)
        factor = _factors().get(counted.lower()) or next(
            (v for w, v in _factors().items() if counted.lower().startswith(w)), None)
        if factor:  # "28.000 στρέμματα" is 2,800 hectares
            nm.value *= factor[1]
            nm.unit = "ha" if factor[0] == "area" else nm.unit
    if kind in ("specific", "unit"):
        nm.key = key
        return
    if kind == "measure":
        nm.unit = nm.unit or key
    cjk = bool(_CJK.search(text[max(left, nm.start - 4):nm.start]))
    reach = 10 if cjk else 40
    if nm.kind in ("money", "percent") or kind in ("generic", "measure"):
        # "Стоимость миссии … оценивается в 580 млн евро", "Число погибших … 12 человек":
        # the whole clause may name what an amount or a head count is of.
        reach = len(text)
    elif counted and not kind and not cjk:
        # The number counts a word we do not know ("68 οχήματα"): only a key written right
        # before the number can say what it is ("magnitud 6,9").
        lo = max(left, nm.start - 24)
        before = [(p, k) for p, k, kd in _keys_in(text, lo, nm.start, lang) if kd == "specific"]
        nm.key = before[-1][1] if before else None
        return
    best: tuple[int, str] | None = None
    for pos, k, kd in _keys_in(text, max(left, nm.start - reach), min(right, tail + reach), lang):
        if kd == "specific":
            d = abs(pos - nm.start)
            if best is None or d < best[0]:
                best = (d, k)
    nm.key = best[1] if best else key


@lru_cache(maxsize=None)
def _period_regexes(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for period in ("day", "week", "quarter", "month", "year"):
        rx = cue_regex("scope_period", lang, sub=period)
        if rx is not None:
            out.append((period, rx))
    return out


_YEAR_IN = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def _scope(nm: NumberMention, text: str, digits: str, start: int, tail: int, left: int, right: int,
           lang: str, places_all: list[tuple[int, int, str]]) -> None:
    scope: dict = {"place": None, "period": None, "cues": []}
    window = digits[left:right]
    places: list[tuple[int, str, str]] = []
    world = cue_regex("scope_world", lang)
    if world is not None:
        for m in world.finditer(window):
            places.append((left + m.start(), "world", m.group(0)))
    for s, e, code in places_all:
        if left <= s and e <= right:
            places.append((s, code, text[s:e]))
    if places:
        pos, place, cue = min(places, key=lambda p: abs(p[0] - start))
        scope["place"] = place
        scope["cues"].append(cue)
    for period, rx in _period_regexes(lang):
        m = rx.search(window)
        if m:
            scope["period"] = period
            scope["cues"].append(m.group(0))
            break
    # A bare year near a number ("by the end of 2027") dates it rather than scoping it.
    nm.scope = scope
