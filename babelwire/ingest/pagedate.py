"""A web page's publication date, most reliable source first, on the page's own clock.

The order is htmldate's: (1) a date in the URL path ("/2023/11/08/"), the day the site filed
the story under; (2) the page's original-date metadata (meta tags, JSON-LD, <time>), read by
htmldate with ``original_date=True`` after the markup that only says when the page was
*modified* is taken out (htmldate otherwise falls back to it, and a modified date is never the
publication date); (3) htmldate's extensive search (visible text, comments) as a fallback,
kept at day precision. Step 2 may refine step 1 with a time when both name the same day.

A time keeps the offset the page wrote: the value is the page's local wall clock, so the
calendar day is the one the page states (a Tokyo story of 15 February stays on the 15th);
the offset and the UTC instant go in the metadata. Nothing here raises on bad input.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any

from ..dates import from_datetime, parse_published, parse_text_date
from ..models import Published

_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
# Markup that states a modification time: meta names/properties and JSON-LD keys.
_MODIFIED_META = re.compile(
    r"<meta\b[^>]{0,300}?(?:name|property|itemprop)\s*=\s*[\"'][^\"']{0,40}(?:modif|updated|revised|lastmod)[^\"']{0,20}[\"'][^>]{0,300}>",
    re.I)
_MODIFIED_JSON = re.compile(r"\"(?:dateModified|modified|dateUpdated|lastReviewed)\"\s*:\s*\"[^\"]{0,60}\"\s*,?", re.I)
# Elements whose class says "updated": their text is left, their date-ness taken away.
_MODIFIED_CLASS = re.compile(r"\b(?:class|itemprop)\s*=\s*[\"'][^\"'<>]{0,40}(?:modif|updat)[^\"'<>]{0,40}[\"']", re.I)


def _options(extensive: bool) -> Any:
    # deferred: htmldate is slow to import; paid only when this runs
    from htmldate.utils import Extractor

    return Extractor(extensive, datetime.now() + timedelta(days=1), datetime(1995, 1, 1), True, _FORMAT)


def url_day(url: str | None) -> Published | None:
    """The day a URL path names, by htmldate's URL rules; None when it names none."""
    if not url:
        return None
    # deferred: htmldate is slow to import; paid only when this runs
    from htmldate.extractors import extract_url_date

    try:
        found = extract_url_date(url, _options(False))
    except Exception:  # noqa: BLE001 - an odd URL has no date
        return None
    return _parse(found, "url")[0] if found else None


def _parse(value: str | None, source: str) -> tuple[Published | None, dict[str, str]]:
    """htmldate's answer as (Published on the page's clock, {offset, utc}); midnight without a
    zone is a day, not a minute."""
    if not value:
        return None, {}
    value = value.strip()
    if len(value) > 19 and value[19] in "+-" and value[-5:].lstrip("+-").isdigit():
        value = f"{value[:-2]}:{value[-2:]}"  # +0200 -> +02:00 for fromisoformat
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None, {}
    if dt.tzinfo is None and (dt.hour, dt.minute, dt.second) == (0, 0, 0):
        return from_datetime(date(dt.year, dt.month, dt.day), "day", "html"), {}
    extra: dict[str, str] = {}
    if dt.tzinfo is not None:
        off = dt.utcoffset() or timedelta(0)
        sign, mins = ("-" if off < timedelta(0) else "+"), abs(int(off.total_seconds())) // 60
        extra = {"published_offset": f"{sign}{mins // 60:02d}:{mins % 60:02d}",
                 "published_utc": dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")}
    # The local wall clock, not converted: from_datetime would move it to UTC.
    return from_datetime(dt.replace(tzinfo=None), "minute", "html"), extra


_DATE_ELEMENT = re.compile(
    r"<(span|div|p|time|small|li)\b[^>]{0,200}?(?:class|id)\s*=\s*[\"']([^\"']{0,80}?"
    r"(?:date|time|publi|posted|datum|fecha|data\b|дата)[^\"']{0,80})[\"'][^>]{0,200}>", re.I)
_NOT_PUBLISHED = re.compile(r"modif|updat|edit|comment|copyright", re.I)
_COMMENT_DATE = re.compile(
    r"<!--[^>]{0,40}?(?:publi\w*|posted)\s*[:=]?\s*(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?", re.I)
_TAG = re.compile(r"<[^>]+>")


def _element_date(html: str, language: str | None) -> Published | None:
    """The date a page shows in its date element, parsed in the page's language."""

    for m in _DATE_ELEMENT.finditer(html):
        if _NOT_PUBLISHED.search(m.group(2)):
            continue
        inner = html[m.end(): m.end() + 300]
        close = re.search(rf"</{m.group(1)}\s*>", inner, re.I)
        shown = " ".join(_TAG.sub(" ", inner[: close.start() if close else 0]).split())
        if not shown or len(shown) > 120 or not any(c.isdigit() for c in shown):
            continue
        words = shown.split(" ")
        first_digit = next(i for i, w in enumerate(words) if any(c.isdigit() for c in w))
        # "Published 11 May 2023", "Publicado el 11 de …", "Posted March 3, 2021": the label
        # before the date is dropped (dateparser refuses words it does not know). The plain
        # layouts are tried first on every form, dateparser (a millisecond a call) after.
        forms = [" ".join(words[skip:]) for skip in dict.fromkeys((0, first_digit, max(0, first_digit - 1)))]
        for fast_only in (True, False):
            for form in forms:
                found = parse_text_date(form, language, source="html", fast_only=fast_only)
                if found is not None and found.precision in ("day", "minute"):
                    return found
    comment = _COMMENT_DATE.search(html)
    if comment:
        return parse_published(comment.group(1) + (f"T{comment.group(2)}" if comment.group(2) else ""), "html")
    return None


def without_modified(html: str) -> str:
    return _MODIFIED_CLASS.sub("", _MODIFIED_JSON.sub("", _MODIFIED_META.sub("", html)))


def page_date(html: str, url: str | None, language: str | None = None) -> tuple[Published | None, dict[str, str]]:
    """(Published, metadata) for a decoded page: ``published_from`` names the step that found
    it (url, url+metadata, metadata, text, extensive), with ``published_offset``/``published_utc``
    when a zone was given. ``language`` (the page's lang attribute) is how visible dates are read."""
    # deferred: htmldate is slow to import; paid only when this runs
    from htmldate import find_date

    from_url = url_day(url)
    cleaned = without_modified(html)

    def search(extensive: bool) -> str | None:
        try:
            return find_date(cleaned, extensive_search=extensive, original_date=True, outputformat=_FORMAT,
                             deferred_url_extractor=True,  # the URL was step 1; here the markup
                             max_date=(datetime.now() + timedelta(days=1)).strftime("%Y-%m-%d"))
        except Exception:  # noqa: BLE001 - hostile markup: no date, not a failed page
            return None

    meta, extra = _parse(search(False), "html")
    if from_url is not None:
        if meta is not None and meta.precision == "minute" and meta.value.startswith(from_url.value):
            return meta, {"published_from": "url+metadata", **extra}
        return from_url, {"published_from": "url"}
    if meta is not None:
        return meta, {"published_from": "metadata", **extra}
    shown = _element_date(cleaned, language)
    if shown is not None:
        return shown, {"published_from": "text"}
    found, extra = _parse(search(True), "html")
    if found is None or found.value.endswith("-01-01"):
        return None, {}
    # Free text rarely carries its zone: keep only the day the page shows.
    return Published(found.value[:10], "day", "html"), {"published_from": "extensive"}
