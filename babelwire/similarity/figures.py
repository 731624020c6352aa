"""Figures an article gives, in any digit system and script, and the days it was published.

Pure functions over text, used by the per-article evidence (``features.extract``) and the
anchors: numbers with scale words ("5 Mio", "84万"), years and day-of-month dates in the main
news languages, the figures a lead opens with, and publication-date intervals. Hand-written:
the pair scorer needs set-comparable keys from every script at a few microseconds an article;
the date and number libraries (dateparser, babel) parse one known locale at a time.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..dates import interval
from ..models import get_field
from ..text import ascii_digits

# --------------------------------------------------------------------------- numbers

_SCALES: dict[str, float] = {}
for _words, _value in (
    ("thousand thousands tausend mille mil bin ribu rb тыс тысяч тысячи тысяча tys tysięcy tysiące ألف آلاف हजार हज़ार", 1e3),
    ("lakh lakhs लाख", 1e5),
    ("million millions mio mln millionen millones millón milioni milione milhões milhão miljoner miljon millioner milyon juta jt милл миллион миллиона миллионов млн مليون ملايين milionów miliony milion", 1e6),
    ("crore crores करोड़ करोड", 1e7),
    ("billion billions mrd milliard milliards milliarde milliarden miliardi miliardo mil-millones milyar miliar miliardów miliardy млрд миллиард миллиарда миллиардов مليار مليارات", 1e9),
    ("trillion trillions billionen bilionów триллион триллиона трлн تريليون", 1e12),
):
    for _w in _words.split():
        _SCALES[_w] = _value
_CJK_SCALES = {"千": 1e3, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}

_GROUPED = r"\d{1,3}(?P<sep>[ \u00a0\u202f\u2009'.,])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d+)?"
_PLAIN = r"\d+(?:[.,]\d+)?"
_NUMBER = re.compile(rf"(?<![\d.,])(?:{_GROUPED}|{_PLAIN})(?![\d])")
# North American phone numbers ("313-596-2260", "(313) 596-2260", "1-800-222-1222"): their
# parts are no figures of an event, and local reports of one city share the police line
# (on the dev set, "313" and "596" anchored two Detroit shootings as one event).
_PHONE_NUMBER = re.compile(r"(?<![\d-])(?:1-)?(?:\(\d{3}\) ?|\d{3}-)\d{3}-\d{4}(?![\d-])|(?<![\d-])1-8\d\d-")
_SCALE_AFTER = re.compile(r"\s?([千万萬亿億]|[^\W\d_][\w\u0900-\u097f]*\.?)")


def _parse_number(raw: str) -> float | None:
    s = raw.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    seps = [c for c in s if not c.isdigit()]
    if not seps:
        return float(s)
    last = seps[-1]
    tail = s.rsplit(last, 1)[1]
    if len(seps) == 1:
        if last in " '":
            return float(s.replace(last, ""))
        # "840.000" / "840,000" group thousands; "3,5" / "3.25" are decimals.
        if len(tail) == 3 and s[0] != "0":
            return float(s.replace(last, ""))
        return float(s.replace(",", "."))
    first = seps[0]
    if all(c == first for c in seps):  # "1.234.567", "840 000 000"
        return float("".join(ch for ch in s if ch.isdigit()))
    # Mixed: the last different separator is the decimal point ("1.234,5", "1,234.5").
    whole, frac = s.rsplit(last, 1)
    digits = "".join(ch for ch in whole if ch.isdigit())
    try:
        return float(f"{digits}.{frac}")
    except ValueError:
        return None


def _number_key(v: float) -> str:
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.6g}"


def display_number(key: str) -> str:
    try:
        v = float(key)
    except ValueError:
        return key
    if v == int(v):
        return f"{int(v):,}"
    return key


def extract_numbers(text: str) -> tuple[set[str], set[int]]:
    """(numbers as normalised keys, years) from any digit system and grouping style."""
    t = ascii_digits(text)
    if "-" in t:
        t = _PHONE_NUMBER.sub(lambda m: " " * len(m.group(0)), t)
    numbers: set[str] = set()
    years: set[int] = set()
    for m in _NUMBER.finditer(t):
        raw = m.group(0)
        v = _parse_number(raw)
        if v is None:
            continue
        scaled = False
        nxt = _SCALE_AFTER.match(t, m.end())
        if nxt:
            word = nxt.group(1).lower().rstrip(".")
            scale = _SCALES.get(word) or _CJK_SCALES.get(word)
            if scale:
                v *= scale
                scaled = True
        if not scaled and raw.isdigit() and len(raw) == 4 and 1900 <= v <= 2099:
            years.add(int(v))
            continue
        numbers.add(_number_key(v))
    return numbers, years


# --------------------------------------------------------------------------- dates

_MONTH_WORDS = {
    1: "january jan janvier januar jänner enero gennaio janeiro januari stycznia styczeń styczen ocak января январь январе يناير जनवरी",
    2: "february feb février fevrier februar febrero febbraio fevereiro februari lutego luty şubat subat февраля февраль феврале فبراير شباط फरवरी फ़रवरी",
    3: "march mar mars märz marz marzo março maart marts marca marzec maret mart марта март марте مارس آذار मार्च",
    4: "april apr avril abril aprile kwietnia kwiecień kwiecien nisan апреля апрель апреле أبريل ابريل نيسان अप्रैल",
    5: "may mai mayo maggio maio mei maj maja mayıs mayis мая май мае مايو أيار ايار मई",
    6: "june jun juin juni junio giugno junho czerwca czerwiec haziran июня июнь июне يونيو يونيه حزيران जून",
    7: "july jul juillet juli julio luglio julho lipca lipiec temmuz июля июль июле يوليو يوليه تموز जुलाई",
    8: "august aug août aout agosto augustus augusti agustus sierpnia sierpień sierpien ağustos agustos августа август августе أغسطس آب अगस्त",
    9: "september sep sept septembre septiembre setiembre settembre setembro września wrzesień wrzesien eylül eylul сентября сентябрь сентябре سبتمبر أيلول सितंबर सितम्बर",
    10: "october oct octobre oktober octubre ottobre outubro oktober października październik pazdziernik ekim октября октябрь октябре أكتوبر اكتوبر अक्टूबर अक्तूबर",
    11: "november nov novembre noviembre novembro listopada listopad kasım kasim ноября ноябрь ноябре نوفمبر नवंबर नवम्बर",
    12: "december dec décembre decembre dezember diciembre dicembre dezembro desember grudnia grudzień grudzien aralık aralik декабря декабрь декабре ديسمبر दिसंबर दिसम्बर",
}
MONTHS: dict[str, int] = {w: m for m, ws in _MONTH_WORDS.items() for w in ws.split()}
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_WORD = r"[^\W\d_][\w\u0900-\u097f]*"
_DAY_MONTH = re.compile(rf"(?<!\d)(\d{{1,2}})\.?\s(?:de\s|di\s)?({_WORD})")
_MONTH_DAY = re.compile(rf"({_WORD})\.?\s(\d{{1,2}})(?!\d)(?!\s*[.:]\d)")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DMY_DATE = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")
_PAREN_DM = re.compile(r"\((\d{1,2})/(\d{1,2})\)")  # Indonesian/Malay "Jumat (10/7)"
_CJK_DATE = re.compile(r"(\d{1,2})月(\d{1,2})[日号]")


def _md(month: int, day: int) -> str | None:
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{month:02d}-{day:02d}"
    return None


def extract_dates(text: str) -> set[str]:
    """Days of the year ("07-10") written in the text, in any of the main news languages."""
    t = ascii_digits(text)
    low = t.lower()
    out: set[str] = set()
    for m in _DAY_MONTH.finditer(low):
        month = MONTHS.get(m.group(2))
        if month:
            out.add(_md(month, int(m.group(1))) or "")
    for m in _MONTH_DAY.finditer(low):
        month = MONTHS.get(m.group(1))
        if month:
            out.add(_md(month, int(m.group(2))) or "")
    for m in _ISO_DATE.finditer(t):
        out.add(_md(int(m.group(2)), int(m.group(3))) or "")
    for m in _DMY_DATE.finditer(t):
        out.add(_md(int(m.group(2)), int(m.group(1))) or "")
    for m in _PAREN_DM.finditer(t):
        out.add(_md(int(m.group(2)), int(m.group(1))) or "")
    for m in _CJK_DATE.finditer(t):
        out.add(_md(int(m.group(1)), int(m.group(2))) or "")
    out.discard("")
    return out


def display_date(md: str) -> str:
    month, day = md.split("-")
    return f"{int(day)} {_MONTH_ABBR[int(month) - 1]}"


LEAD_FIGURE_CHARS = 200  # a headline and the start of the first sentence: where a report puts its figure
LEAD_FIGURE_MIN = 10.0  # smaller counts ("3 people", "2 weeks") are in any lead
# A Chinese or Japanese number with a unit of time ("12 月" December, "10 点" ten o'clock) is no figure.
_CJK_TIME_UNIT = re.compile(r"\d+\s?[月年日号时点]")
_CLOCK = re.compile(r"(?<!\d)\d{1,2} ?[:h] ?\d{2}(?!\d)")


def lead_numbers(body: str) -> frozenset[str]:
    """Numbers of ``LEAD_FIGURE_MIN`` and up (not years) in the first ``LEAD_FIGURE_CHARS``
    characters: the figure a tally, market report or price item leads with ("283 Fälle",
    "41,98 dolar", "84 mil muertos")."""
    lead = ascii_digits(body[:LEAD_FIGURE_CHARS])
    if "\u3000" <= max(lead, default=" "):  # any CJK character: drop dates and hours first
        lead = _CJK_TIME_UNIT.sub(" ", lead)
    # days of the month and clock times are no figures ("lunes 25 de mayo", "10:58")
    for rx in (_CLOCK, _ISO_DATE, _DMY_DATE):
        lead = rx.sub(" ", lead)
    low = lead.lower()
    for rx in (_DAY_MONTH, _MONTH_DAY):
        for m in rx.finditer(low):
            if MONTHS.get(m.group(2) if rx is _DAY_MONTH else m.group(1)):
                lead = lead[:m.start()] + " " * (m.end() - m.start()) + lead[m.end():]
    nums, _years = extract_numbers(lead)
    out = set()
    for n in nums:
        try:
            if abs(float(n)) >= LEAD_FIGURE_MIN:
                out.add(n)
        except ValueError:  # not a number key
            continue
    return frozenset(out)


# --------------------------------------------------------------------------- publication

def published_interval(article: Any) -> tuple[date, date] | None:
    """The days the publication date may fall on: "2020-07" spans all of July."""
    pub = get_field(article, "published")
    if pub is None:
        return None
    value = pub if isinstance(pub, str) else getattr(pub, "value", None)
    if not value or not isinstance(value, str):
        return None
    return interval(value.strip())


def gap_days(a: tuple[date, date] | None, b: tuple[date, date] | None) -> float | None:
    """Days between two publication intervals; 0 when they overlap; None when unknown."""
    if a is None or b is None:
        return None
    if a[1] < b[0]:
        return float((b[0] - a[1]).days)
    if b[1] < a[0]:
        return float((a[0] - b[1]).days)
    return 0.0
