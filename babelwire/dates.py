"""Publication dates with their precision. Unknown stays unknown: nothing is ever guessed."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any, cast

from .models import Published
from .text import ascii_digits

_ISO_PARTIAL = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


def _format(dt: datetime | date, precision: str) -> str:
    if precision == "year":
        return f"{dt.year:04d}"
    if precision == "month":
        return f"{dt.year:04d}-{dt.month:02d}"
    if precision == "day":
        return f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}"
    return dt.strftime("%Y-%m-%dT%H:%M")


def utc_iso(dt: datetime) -> str:
    """An aware datetime as the ISO 8601 UTC timestamp the store keeps: "2026-12-05T16:11:28+00:00"."""
    return dt.astimezone(timezone.utc).isoformat(timespec="seconds")


def now_iso() -> str:
    """Now, as :func:`utc_iso` writes it."""
    return utc_iso(datetime.now(timezone.utc))


def from_datetime(dt: datetime | date, precision: str, source: str) -> Published:
    """Normalise an aware datetime to UTC; a naive one is kept as written."""
    if isinstance(dt, datetime) and dt.tzinfo is not None and precision == "minute":
        dt = dt.astimezone(timezone.utc)
    return Published(_format(dt, precision), precision, source)  # type: ignore[arg-type]


def parse_published(value: object, source: str = "field") -> Published | None:
    """Parse an explicit date given by the input: ISO 8601 (full or partial), RFC 2822, epoch.

    Returns None when ``value`` is empty or not a date; the caller decides whether that is
    an error. Precision follows what was written: "2020-07" is a month, not 1 July.
    """
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
        if abs(seconds) > 1e11:  # epoch milliseconds, as JavaScript writes them
            seconds /= 1000.0
        try:
            return from_datetime(datetime.fromtimestamp(seconds, timezone.utc), "minute", source)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    s = value.strip()
    m = _ISO_PARTIAL.match(s)
    if m:
        y, mo, d = m.groups()
        try:
            dt = date(int(y), int(mo or 1), int(d or 1))
        except ValueError:
            return None
        precision = "day" if d else "month" if mo else "year"
        return from_datetime(dt, precision, source)
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError):
            return None
    if dt is None:
        return None
    return from_datetime(dt, "minute", source)


# --- dates written in running text (datelines) -------------------------------------------

# Numeric dates are only unambiguous once the convention is known. Languages not listed
# (English among them: US and UK sites disagree) refuse a numeric date that reads both ways.
_DATE_ORDER = {
    **dict.fromkeys(
        "ar bg bn ca cs da de el es et fa fi fr he hi hr id it ms nb nl pl pt ro ru sk sl sr sv "
        "sw th tr uk ur vi".split(),
        "DMY",
    ),
    **dict.fromkeys("hu ja ko lt mn zh".split(), "YMD"),
}
# Codes our detector or inputs use that dateparser spells differently.
_DATEPARSER_LANG = {"no": "nb", "nn": "nb", "iw": "he", "in": "id", "tl": "fil"}
# Most specific first, so the precision is what was written and nothing is filled in.
_PARTS: tuple[tuple[str, ...], ...] = (("day", "month", "year"), ("month", "year"), ("year",))
_PERIOD_PRECISION = {"time": "minute", "day": "day", "week": "day", "month": "month", "year": "year"}
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?!\d)")
_MAX_DATELINE = 200
# Spellings dateparser misses in some languages: "21h06" (fr/pt/es), "kl. 21.06" (sv/da/no).
_H_TIME = re.compile(r"(?<!\d)(\d{1,2})\s?h\s?(\d{2})(?!\d)")
_PAREN_ZONE = re.compile(r"\(\s*((?:UTC|GMT)\s*(?:[+-]\d{1,2}(?::?\d{2})?)?)\s*\)\Z")
_KL = re.compile(r"\b(?:kl|klo)\.?\s+(?=\d)", re.IGNORECASE)
# Only zones that say their offset: "CST" or "IST" mean different places on different sites.
_EXPLICIT_ZONE = re.compile(r"\(?(?:(?:UTC|GMT)\s*(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}|Z)\)?\Z")


def _dateparser_lang(language: str | None) -> str | None:
    if not language:
        return None
    base = language.strip().lower().replace("_", "-").split("-")[0]
    if not base or base == "und":
        return None
    return _DATEPARSER_LANG.get(base, base)


@lru_cache(maxsize=256)
def _date_parser(lang: str | None, parts: tuple[str, ...], relative_base: datetime | None) -> Any:
    # deferred: dateparser is slow to import; paid only when this runs
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {
        "RETURN_TIME_AS_PERIOD": True,
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if relative_base is None:
        # Without a base, "2 hours ago" would be resolved against today: a guess.
        settings["PARSERS"] = ["custom-formats", "absolute-time"]
        settings["REQUIRE_PARTS"] = list(parts)
    else:
        settings["PARSERS"] = ["relative-time"]
        settings["RELATIVE_BASE"] = relative_base
    if lang in _DATE_ORDER:
        settings["DATE_ORDER"] = _DATE_ORDER[lang]
    return DateDataParser(languages=[lang] if lang else None, settings=settings)


def _year_written(digits: str, year: int) -> bool:
    # dateparser reads "10 juli" as July 2010; only a year that is actually written counts.
    if str(year) in digits:
        return True
    return any(m.group(3) == f"{year % 100:02d}" for m in _NUMERIC_DATE.finditer(digits))


def _ambiguous_numeric(digits: str, lang: str | None) -> bool:
    if lang in _DATE_ORDER:
        return False
    for m in _NUMERIC_DATE.finditer(digits):
        a, b = int(m.group(1)), int(m.group(2))
        if a != b and a <= 12 and b <= 12:
            return True
    return False


def _written_zone(s: str) -> tzinfo | None:
    """The zone written as an offset right after the time ("21:06 GMT+7", "+0200"), else None."""
    # deferred: dateparser is slow to import; paid only when this runs
    from dateparser.timezone_parser import pop_tz_offset_from_string

    rest, tz = pop_tz_offset_from_string(s)
    if tz is None:
        return None
    head = rest.rstrip()
    token = s[len(head):].strip() if s.startswith(head) else ""
    if not _EXPLICIT_ZONE.match(token):
        return None  # an abbreviation (or French "et" read as US Eastern): keep as written
    return cast(tzinfo, tz)


# The fast path reads the plain layouts most datelines use ("10. juli 2020 21:06",
# "10/07/2020", "July 10, 2020") from dateparser's own month and weekday names, in microseconds
# instead of the millisecond a dateparser call takes. Anything it does not fully understand
# (zones, AM/PM words it lacks, CJK, two-digit years) goes to dateparser unchanged.
_FAST_TIME = re.compile(r"(?<![\d.:/-])(\d{1,2})[:.](\d{2})(?::\d{2})?(?![\d.:/-])")
_FAST_YMD = re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?![\d.:/-])")
_FAST_DMY = re.compile(r"(?<![\d.:/-])(\d{1,2})[-./](\d{1,2})[-./](\d{4})(?!\d)")
_FAST_SPLIT = re.compile(r"[\s,;|()\[\]،–—-]+")
_FILLERS = frozenset(
    "de del do da of the at on à a le um am alle ore às las en в г года pukul kl klo klockan "
    "klokken kello om op el den".split()
)
_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)
_DAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@lru_cache(maxsize=64)
def _locale_words(lang: str) -> tuple[dict[str, int], frozenset[str], frozenset[str], frozenset[str]] | None:
    try:
        # deferred: dateparser is slow to import; paid only when this runs
        from dateparser.languages import default_loader

        info = default_loader.get_locale(lang).info
    except Exception:  # unknown to dateparser: no fast path
        return None
    months: dict[str, int] = {}
    for i, key in enumerate(_MONTH_KEYS, 1):
        for w in info.get(key, []):
            months[w.lower().rstrip(".")] = i
    days = {w.lower().rstrip(".") for key in _DAY_KEYS for w in info.get(key, [])}
    both = days & set(months)  # Spanish "mar" is March and Tuesday: let dateparser decide
    for w in both:
        del months[w]
    skip = {w.lower().strip().rstrip(".") for w in info.get("skip", [])} | _FILLERS
    am = frozenset(w.lower().rstrip(".") for w in info.get("am", []))
    pm = frozenset(w.lower().rstrip(".") for w in info.get("pm", []))
    return months, frozenset((days | skip) - both - am - pm), am, pm


# The one CJK layout: "2021年11月17日", "2021年1月7日（木） 14:05", "2021년 11월 17일 9시 30분".
_FAST_CJK = re.compile(
    r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]\s*"
    r"(?:[(（]\s*(?:星期|周|週)?[日月火水木金土一二三四五六天월화수목금토일](?:曜日|曜|요일)?\s*[)）]\s*)?"
    r"(?:(\d{1,2})\s*(?::|時|时|시)\s*(\d{2})\s*(?:分|분)?)?")


def _fast_cjk(s: str) -> tuple[datetime, str] | None:
    m = _FAST_CJK.fullmatch(s.strip())
    if m is None:
        return None
    year, month, day = (int(g) for g in m.groups()[:3])
    hour, minute = m.group(4), m.group(5)
    try:
        if hour is not None:
            return datetime(year, month, day, int(hour), int(minute or 0)), "minute"
        return datetime(year, month, day), "day"
    except ValueError:
        return None


def _fast_parse(digits: str, lang: str | None) -> tuple[datetime, str] | None:
    """(datetime, precision) for a plain layout; None means "ask dateparser"."""
    if lang in ("zh", "ja", "ko"):
        return _fast_cjk(digits)
    if lang is None:
        return None
    words = _locale_words(lang)
    if words is None:
        return None
    months, ignorable, am, pm = words
    s = digits.lower()
    hour = minute = None
    times = _FAST_TIME.findall(s)
    if len(times) > 1:
        return None
    if times:
        hour, minute = int(times[0][0]), int(times[0][1])
        s = _FAST_TIME.sub(" ", s)
    day = month = year = None
    for rx, order in ((_FAST_YMD, "ymd"), (_FAST_DMY, "dmy")):
        found = rx.findall(s)
        if len(found) > 1:
            return None
        if found:
            if order == "dmy" and _DATE_ORDER.get(lang) != "DMY":
                return None
            a, b, c = (int(x) for x in found[0])
            year, month, day = (a, b, c) if order == "ymd" else (c, b, a)
            s = rx.sub(" ", s)
    meridian = None
    for tok in _FAST_SPLIT.split(s):
        tok = tok.strip(".:'’")
        if not tok:
            continue
        if tok.isdigit():
            n = int(tok)
            if len(tok) == 4 and year is None:
                year = n
            elif len(tok) <= 2 and day is None and 1 <= n <= 31:
                day = n
            else:
                return None
        elif tok in months and month is None:
            month = months[tok]
        elif hour is not None and meridian is None and (tok in am or tok in pm):
            meridian = "pm" if tok in pm else "am"
        elif tok not in ignorable:
            return None
    if year is None or (day is not None and month is None):
        return None
    if meridian is not None and hour is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridian == "pm" else 0)
    if hour is not None and (day is None or month is None):
        return None
    try:
        if day is not None and month is not None:
            if hour is not None:
                return datetime(year, month, day, hour, minute or 0), "minute"
            return datetime(year, month, day), "day"
        if month is not None:
            return datetime(year, month, 1), "month"
        return datetime(year, 1, 1), "year"
    except ValueError:
        return None


def parse_text_date(
    text: str, language: str | None, *, relative_base: datetime | None = None, source: str = "dateline",
    fast_only: bool = False,
) -> Published | None:
    """Parse a date as written in an article ("10. juli 2020 21:06", "juillet 2020").

    Precision is what was written: minute when a time is given, else day, month or year.
    Relative phrases ("il y a 3 jours") are only resolved against ``relative_base``; a date
    without a written year, an ambiguous numeric date, or anything unparsable gives None.
    ``fast_only``: only the plain layouts read without dateparser (microseconds, not a
    millisecond); None means "not one of those", not "no date".
    """
    if not text:
        return None
    s = " ".join(text.split())
    if not s or len(s) > _MAX_DATELINE:
        return None
    lang = _dateparser_lang(language)
    s = _PAREN_ZONE.sub(r"\1", _KL.sub("", _H_TIME.sub(r"\1:\2", s)))
    digits = ascii_digits(s)  # Arabic-Indic, Devanagari... so the written year can be checked
    if _ambiguous_numeric(digits, lang):
        return None
    fast = _fast_parse(digits, lang)
    if fast is not None:
        return from_datetime(fast[0], fast[1], source)
    if fast_only:
        return None
    try:
        data = None
        for parts in _PARTS:
            data = _date_parser(lang, parts, None).get_date_data(s)
            if data.date_obj is not None:
                break
        if data is not None and data.date_obj is not None:
            if not _year_written(digits, data.date_obj.year):
                return None
        elif relative_base is not None:
            data = _date_parser(lang, (), relative_base).get_date_data(s)
    except ValueError:  # a language dateparser does not know
        return None
    if data is None or data.date_obj is None:
        return None
    precision = _PERIOD_PRECISION.get(data.period or "day", "day")
    dt = data.date_obj
    if precision == "minute":
        tz = _written_zone(s)
        if tz is not None:
            dt = dt.replace(tzinfo=tz)
    return from_datetime(dt, precision, source)


def interval(value: str | None) -> tuple[date, date] | None:
    """The days an ISO value truncated to its precision may fall on ("2020-07" is all of July)."""
    if not value:
        return None
    m = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return None
    y, mo, d = m.groups()
    try:
        if d:
            day = date(int(y), int(mo), int(d))
            return day, day
        if mo:
            start = date(int(y), int(mo), 1)
            nxt = date(int(y) + (mo == "12"), int(mo) % 12 + 1, 1)
            return start, nxt - timedelta(days=1)
        return date(int(y), 1, 1), date(int(y), 12, 31)
    except ValueError:
        return None
