"""Dates and deadlines written in article text, in any language dateparser knows.

Month and weekday names come from dateparser's per-language data, so "10. juli 2020",
"10 जुलाई", "10 يوليو", "vendredi 10 juillet" and "Jumat (11/7)" all read the same way.
A date written without a year gets the year that puts it nearest the publication date (or,
failing that, the story's dates), and says so in its notes. A weekday alone ("fredag") is
resolved against a publication date known to the day. A weekday written beside a date is
checked against it: "Jumat (11/7)" in July 2020 names a Friday, but 11 July 2020 was a
Saturday, and the fact carries that contradiction.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from ..dates import interval, parse_text_date
from ..text import ascii_digits
from ._data import NOT_AFTER, NOT_BEFORE, base_lang, cue_regex, cue_words, dateparser_info

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_CAPITALISED_WEEKDAYS = {"en", "id", "ms", "de", "nl"}
# Languages whose words (or, in Korean, whose particles) run on without a boundary to match at.
_UNSPACED = {"zh", "ja", "ko"}
WEEKDAY_EN = tuple(w.capitalize() for w in WEEKDAYS)
MONTH_EN = tuple(m.capitalize() for m in MONTHS)


@dataclass(slots=True)
class DateMention:
    """A date as found: what was written, what it resolves to, and how sure that is."""

    start: int
    end: int
    raw: str
    day: int | None
    month: int | None
    year: int | None
    year_written: bool
    weekday: int | None  # 0 = Monday, as written beside or instead of the date
    weekday_raw: str | None
    deadline: bool = False
    value: date | None = None
    precision: str | None = None  # day | month
    notes: list[str] = field(default_factory=list)
    weekday_mismatch: bool = False
    confidence: float = 1.0  # lowered where the reading had to infer what the text left out


def _is_latin(s: str) -> bool:
    return all(ord(c) < 0x250 or not c.isalpha() for c in s)


@lru_cache(maxsize=None)
def _names(language: str) -> tuple[dict[str, int], dict[str, int], set[str], str]:
    """(month name -> 1..12, weekday name -> 0..6, weekday names safe alone, date order)."""
    info = dateparser_info(language)
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    alone: set[str] = set()
    for i, m in enumerate(MONTHS, 1):
        for name in info.get(m, []) or []:
            n = name.lower()
            # Two-letter Latin abbreviations ("ma", "ju") are ordinary words elsewhere.
            if len(n) >= 3 or (len(n) >= 2 and not _is_latin(n)):
                months[n] = i
    for i, w in enumerate(WEEKDAYS):
        forms = [n.lower() for n in info.get(w, []) or []]
        longest = max(forms, key=len, default="")
        for n in forms:
            if len(n) >= 3 or (len(n) >= 2 and not _is_latin(n)):
                weekdays[n] = i
            if n == longest or len(n) >= 5 or (language == "zh" and n.startswith("周")):
                alone.add(n)  # "周五" is how Chinese news writes Friday (guarded in _patterns)
    order = str(info.get("date_order") or "DMY")
    return months, weekdays, alone, order


def is_month_name(word: str, language: str) -> bool:
    """"gennaio", "enero", "January": a month's name in ``language``."""
    return word.lower() in _names(language)[0]


def is_weekday_name(word: str, language: str) -> bool:
    """"Perşembe", "Thursday", "jeudi": a weekday's name in ``language``."""
    return word.lower() in _names(language)[1]


def _alt(names) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@lru_cache(maxsize=None)
def _patterns(language: str) -> list[tuple[str, re.Pattern[str]]]:
    months, weekdays, alone, _order = _names(language)
    pats: list[tuple[str, re.Pattern[str]]] = []
    D = r"(?P<d>\d{1,2})"
    Y = r"(?P<y>(?:1[5-9]|2[01])\d\d)"  # a year the news can mean: "im Mai 3160 Menschen" is no date
    if months:
        MON = f"(?P<m>{_alt(months)})"
        WD = f"(?P<wd>{_alt(weekdays)})" if weekdays else "(?P<wd>(?!))"
        # Arabic writes "يوم الجمعة 10 يوليو"; French "vendredi 10 juillet"; "den 10. juli".
        wd_pre = rf"(?:(?:يوم\s+)?{WD}[,،]?\s+(?:den\s+|le\s+|el\s+|der\s+)?)?"
        pats.append(("dmy", re.compile(
            rf"{NOT_BEFORE}{wd_pre}{D}(?:\.|er|st|nd|rd|th)?\s*(?:de\s+|di\s+)?{MON}\.?{NOT_AFTER}"
            rf"(?:,?\s+(?:de\s+)?{Y}(?!\d))?", re.IGNORECASE)))
        pats.append(("mdy", re.compile(
            rf"{NOT_BEFORE}(?:{WD},?\s+)?{MON}\.?\s+{D}(?:st|nd|rd|th)?(?![\d:.]\d)(?!\d){NOT_AFTER}"
            rf"(?:,?\s+{Y}(?!\d))?", re.IGNORECASE)))
        pats.append(("my", re.compile(rf"{NOT_BEFORE}{MON}\.?\s+{Y}(?!\d)", re.IGNORECASE)))
    if weekdays:
        WD = f"(?P<wd>{_alt(weekdays)})"
        # Indonesian/Malay news: "Jumat (10/7)" — day/month in brackets after the weekday.
        pats.append(("paren", re.compile(
            rf"{NOT_BEFORE}{WD}\s*\(\s*{D}\s*/\s*(?P<mn>\d{{1,2}})(?:\s*/\s*(?P<y>\d{{2,4}}))?\s*\)",
            re.IGNORECASE)))
        # Portuguese/Brazilian news: "quinta-feira (13)" — the day of the month in brackets.
        pats.append(("wdday", re.compile(
            rf"{NOT_BEFORE}{WD}\s*\(\s*{D}\s*\)", re.IGNORECASE)))
        if base_lang(language) in _UNSPACED:  # "预计周五将有", "금요일에는": no word boundaries to ask for
            # not "每周一次" (once a week), "两周五天" (two weeks, five days)
            pats.append(("weekday", re.compile(rf"(?<![每一二两兩三四五六七八九十几幾数數上下本])(?P<wd>{_alt(alone)})(?![次天年])")))
        else:
            pats.append(("weekday", re.compile(rf"{NOT_BEFORE}(?P<wd>{_alt(alone)}){NOT_AFTER}", re.IGNORECASE)))
    # Chinese/Japanese "3月13日", Korean "5월 29일"; Vietnamese "ngày 20/2".
    pats.append(("cjk", re.compile(r"(?:(?P<y>\d{4})\s?[年년]\s?)?(?P<mn>\d{1,2})\s?[月월]\s?(?P<d>\d{1,2})\s?[日일]")))
    if base_lang(language) in ("zh", "ja", "ko"):
        # A day of the month alone: Korean "14일", Chinese/Japanese "14日" (not "3日間", "3일간": spans).
        pats.append(("cjkday", re.compile(r"(?<![\d/.月월])(?P<d>\d{1,2})\s?[日일](?![間间간째])")))
    pats.append(("vi", re.compile(r"(?<![\w])(?:ngày|Ngày)\s+(?P<d>\d{1,2})/(?P<mn>\d{1,2})(?:/(?P<y>\d{4}))?(?![\d/])")))
    pats.append(("iso", re.compile(r"(?<![\d/.])(?P<y>\d{4})-(?P<mn>\d{1,2})-(?P<d>\d{1,2})(?![\d/.])")))
    pats.append(("numeric", re.compile(
        r"(?<![\d/.:])(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<y>\d{4})(?![\d/.])")))
    return pats


def _reference_mid(ref: tuple[date, date] | None) -> date | None:
    if ref is None:
        return None
    a, b = ref
    return a + (b - a) / 2


_CLAUSE_START = re.compile(r"(?:^|[.!?।؟\n]\s*|[\"«“]\s*)$")


def _cue_near(text: str, start: int, end: int, language: str) -> bool:
    before = cue_regex("deadline_before", language)
    if before is not None:
        lo = max(0, start - 40)
        window = text[lo:start]
        for m in before.finditer(window):
            # The cue must stand right before the date (a few spaces or "le"/"den" at most),
            # and not open the sentence: "Hingga Sabtu (15/3) siang, …" is "as of", not "by".
            gap = window[m.end():]
            if len(gap.strip()) <= 3 and "\n" not in gap and not _CLAUSE_START.search(text[:lo + m.start()]):
                return True
    after = cue_regex("deadline_after", language)
    if after is not None:
        if after.match(text, end + (len(text[end:]) - len(text[end:].lstrip()))):
            return True
    return False


def find_dates(
    text: str,
    language: str,
    *,
    published: str | None = None,
    context: str | None = None,
) -> list[DateMention]:
    """Every date in ``text``; ``published`` is the article's own date (ISO, any precision),
    ``context`` a fallback date for the year (the story's earliest publication)."""
    lang = base_lang(language)
    digits = ascii_digits(text)
    months, weekdays, _alone, order = _names(lang)
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pat in _patterns(lang):
        for m in pat.finditer(digits):
            found.append((m.start(), m.end(), kind, m))
    # Longest first; a shorter match inside a longer one is the same date.
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[int, int, str, re.Match[str]]] = []
    for f in found:
        if any(f[0] < e and s < f[1] for s, e in taken):
            continue
        taken.append((f[0], f[1]))
        chosen.append(f)
    chosen.sort(key=lambda f: f[0])

    pub_iv = interval(published)
    ctx_iv = interval(context)
    out: list[DateMention] = []
    for start, end, kind, m in chosen:
        g = m.groupdict()
        if kind == "weekday" and lang in _CAPITALISED_WEEKDAYS and g["wd"].islower():
            continue  # Indonesian "minggu ini" is "this week"; the day is "Minggu"
        wd_raw = g.get("wd")
        wd = weekdays.get(wd_raw.lower()) if wd_raw else None
        day = month = year = None
        if kind in ("dmy", "mdy", "my"):
            month = months.get(g["m"].lower().rstrip("."))
            day = int(g["d"]) if g.get("d") else None
        elif kind in ("paren", "iso", "cjk", "vi"):
            day, month = int(g["d"]), int(g["mn"])
        elif kind in ("wdday", "cjkday"):
            day = int(g["d"])
        elif kind == "numeric":
            a, b = int(g["a"]), int(g["b"])
            day, month = (a, b) if order.index("D") < order.index("M") else (b, a)
        y = g.get("y")
        if y:
            year = int(y) + (2000 if len(y) == 2 else 0)
        if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
            continue
        if kind == "my" and _counted_after(digits, end, lang):
            continue  # "im Mai 2020 Menschen arbeitslos": a month, then a count of people
        dm = DateMention(start, end, text[start:end], day, month, year, bool(y), wd, wd_raw)
        dm.deadline = _cue_near(digits, start, end, lang)
        ahead = dm.deadline or _future_near(digits, start, end, lang)
        _resolve(dm, pub_iv, ctx_iv, ahead=ahead)
        out.append(dm)
    return out


_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")


def _counted_after(digits: str, end: int, lang: str) -> bool:
    """A counter noun right after a month and a year-like number: the number counts it."""
    # deferred: number_words reads its tables on first use; dates need it only here
    from .number_words import counter_key

    m = _NEXT_WORD.match(digits, end)
    if m is None:
        return False
    return counter_key(m.group(1), lang)[1] in ("specific", "generic")


_SENTENCE_END = re.compile(r"[.!?。！？؟।\n]")


def _future_near(text: str, start: int, end: int, language: str) -> bool:
    """A forecast or plan in the same sentence ("will", "expected", "next"): a weekday written
    alone there points forward from the publication date, not back."""
    if base_lang(language) in _UNSPACED:
        rx = _unspaced_cues("future", base_lang(language))
    else:
        rx = cue_regex("future", language)
    if rx is None:
        return False
    lo = max(0, start - 120)
    cut = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    lo = cut[-1] if cut else lo
    m = _SENTENCE_END.search(text, end, end + 120)
    hi = m.start() if m else min(len(text), end + 120)
    return rx.search(text, lo, hi) is not None


@lru_cache(maxsize=None)
def _unspaced_cues(table: str, language: str) -> re.Pattern[str] | None:
    """A cue table's phrases matched anywhere, for languages without spaces between words."""
    phrases = cue_words(table, language)
    return re.compile("|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))) if phrases else None


def _resolve(dm: DateMention, pub: tuple[date, date] | None, ctx: tuple[date, date] | None,
             *, ahead: bool = False) -> None:
    ref, ref_name = (pub, "publication date") if pub else (ctx, "story's dates")
    if dm.month is None and dm.day is not None:  # a day of the month alone: "14일", "quinta-feira (13)"
        _resolve_day(dm, dm.day, pub)
        return
    if dm.month is None:  # a weekday alone
        weekday = dm.weekday
        if weekday is None or pub is None or pub[0] != pub[1]:
            dm.notes.append("weekday not resolved: publication date not known to the day")
            return
        base = pub[0]
        if ahead:  # "until Friday", a forecast's "Friday night": the next such day
            delta = (weekday - base.weekday()) % 7
            dm.value = base + timedelta(days=delta)
            dm.notes.append(f"weekday resolved forward from the publication date {base.isoformat()}")
            dm.confidence = 0.75
        else:
            delta = (base.weekday() - weekday) % 7
            dm.value = base - timedelta(days=delta)
            dm.notes.append(f"weekday resolved against the publication date {base.isoformat()}")
            dm.confidence = 0.6  # no tense cue: the last such day is the likelier, not a sure, reading
        dm.precision = "day"
        return
    if dm.year is None:
        mid = _reference_mid(ref)
        if mid is None:
            dm.notes.append("year not written and no date to infer it from")
            dm.precision = "day" if dm.day else "month"
            return
        best = None
        for y in (mid.year - 1, mid.year, mid.year + 1):
            try:
                cand = date(y, dm.month, dm.day or 15)
            except ValueError:
                continue
            if best is None or abs((cand - mid).days) < abs((best - mid).days):
                best = cand
        if best is None:
            return
        dm.year = best.year
        dm.notes.append(f"year {best.year} inferred from the {ref_name}")
        dm.confidence = 0.9
    try:
        dm.value = date(dm.year, dm.month, dm.day or 1)
    except ValueError:
        dm.notes.append("not a valid calendar date")
        return
    dm.precision = "day" if dm.day else "month"
    if dm.weekday is not None and dm.day:
        actual = dm.value.weekday()
        if actual != dm.weekday:
            dm.weekday_mismatch = True
            # The weekday most likely meant: the nearest day with that name.
            diff = (dm.weekday - actual + 3) % 7 - 3
            meant = dm.value + timedelta(days=diff)
            dm.notes.append(
                f"{dm.value.day} {MONTH_EN[dm.month - 1]} {dm.year} was a {WEEKDAY_EN[actual]}, "
                f"not a {WEEKDAY_EN[dm.weekday]} ({dm.weekday_raw}); that {WEEKDAY_EN[dm.weekday]} "
                f"was {meant.day} {MONTH_EN[meant.month - 1]}"
            )


def _resolve_day(dm: DateMention, day: int, pub: tuple[date, date] | None) -> None:
    """The month of a day written alone: the one that puts it nearest the publication day; with a
    weekday beside it, the nearest month where that day has that weekday."""
    if pub is None or pub[0] != pub[1]:
        dm.notes.append("day of the month not resolved: publication date not known to the day")
        return
    base = pub[0]
    cands = []
    for shift in (-1, 0, 1):
        y, m = base.year + (base.month + shift - 1) // 12, (base.month + shift - 1) % 12 + 1
        try:
            cands.append(date(y, m, day))
        except ValueError:
            continue
    if dm.weekday is not None and any(c.weekday() == dm.weekday for c in cands):
        cands = [c for c in cands if c.weekday() == dm.weekday]
    if not cands:
        return
    best = min(cands, key=lambda c: abs((c - base).days))
    dm.value, dm.month, dm.year, dm.precision = best, best.month, best.year, "day"
    dm.notes.append(f"month and year inferred from the publication date {base.isoformat()}")
    dm.confidence = 0.8
    if dm.weekday is not None and best.weekday() != dm.weekday:
        dm.weekday_mismatch = True
        dm.notes.append(f"{best.day} {MONTH_EN[best.month - 1]} {best.year} was a {WEEKDAY_EN[best.weekday()]}, "
                        f"not a {WEEKDAY_EN[dm.weekday]} ({dm.weekday_raw})")


def display_date(d: date | None, precision: str | None, *, year_inferred: bool = False,
                 weekday_raw: str | None = None, month: int | None = None, day: int | None = None) -> str:
    if d is None:
        if month and day:  # the text gives day and month, nothing places the year: show what it says
            return f"{day} {MONTH_EN[month - 1]}"
        return weekday_raw or "?"
    if precision == "month":
        return f"{MONTH_EN[d.month - 1]} {d.year}"
    # A year the text left out is shown in brackets, the editor's mark for an insertion.
    y = f" [{d.year}]" if year_inferred else f" {d.year}"
    return f"{WEEKDAY_EN[d.weekday()][:3]} {d.day} {MONTH_EN[d.month - 1]}{y}"


_TIME = re.compile(r"\s*(?:kl\.?\s*|à\s*|at\s*|pukul\s*)?(\d{1,2})[:.](\d{2})(?!\d)")
_DATELINE_MAX = 140


def dateline_published(text: str, language: str, known: str | None = None, *, lines: int = 15):
    """The publication date a page prints near its top ("Publisert: 10. juli 2020 21:06").

    Returns a ``Published`` more precise than ``known`` and agreeing with it, else None. With
    several dates on the line (published, updated) the earliest is the publication.
    """
    best = None
    for ln in text.split("\n")[:lines]:
        if not ln.strip() or len(ln) > _DATELINE_MAX:
            continue
        for dm in find_dates(ln, language):
            if not dm.year_written or dm.day is None:
                continue
            seg = ln[dm.start:dm.end]
            t = _TIME.match(ascii_digits(ln), dm.end)
            if t:
                seg = ln[dm.start:t.end()]
            p = parse_text_date(seg, language, source="text")
            if p is None:
                continue
            if known and not p.value.startswith(known[:7]):
                continue
            if best is None or p.value < best.value:
                best = p
    return best
