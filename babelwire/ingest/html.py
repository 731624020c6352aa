"""HTML pages (.html, .htm, .xhtml): the article's text and what the page says about it.

trafilatura finds the main text (favouring precision: navigation, share boxes, footers
and comments stay out) plus title, site name and canonical URL; htmldate, run through
trafilatura with our parameters, finds the publication date with its time when the page
gives one. Broken markup is parsed as far as it goes; nothing here raises on bad input.
"""
from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any, Iterator
from urllib.parse import urlsplit

from ..models import RawDoc, Rejection
from .common import Limits, file_too_large, normalise, safe_published, text_too_long
from .decode import DecodeError, decode

# trafilatura logs every page it cannot use; the rejection already says so.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_HTML_LANG = re.compile(r"<html\b[^>]{0,500}?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_LINK_TEXT = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.I | re.S)


def _date_params() -> dict[str, Any]:
    return {
        "original_date": True,  # when it was published, not last updated
        "extensive_search": False,  # no dates guessed from free text: unknown stays unknown
        "outputformat": _DATE_FORMAT,
        "deferred_url_extractor": True,  # a /2020/07/10/ URL has no time; prefer the page's own
        "max_date": date.today().isoformat(),
    }


def extract(html: str) -> Any:
    """trafilatura's Document (text and metadata) for a decoded page, or None."""
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_tables=True,
        favor_precision=True,  # a missed paragraph costs less than a menu in the text
        deduplicate=False,
        date_extraction_params=_date_params(),
    )


def published_from(value: str | None):
    """htmldate's answer with the precision it really has: midnight without a zone is a day."""
    if not value:
        return None
    value = value.strip()
    if len(value) == 19 and value.endswith("T00:00:00"):
        return safe_published(value[:10], "html")
    if len(value) > 19 and value[19] in "+-" and value[-5:].lstrip("+-").isdigit():
        value = f"{value[:-2]}:{value[-2:]}"  # +0200 -> +02:00 for fromisoformat
    return safe_published(value, "html")


def _only_links(text: str, html: str) -> bool:
    """A short "text" made only of link labels is a menu (a page with nothing but a nav)."""
    if len(text) > 200:
        return False
    labels = {" ".join(re.sub(r"<[^>]+>", " ", m).split()) for m in _LINK_TEXT.findall(html)}
    return all(" ".join(line.split()) in labels for line in text.split("\n") if line.strip())


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host or None


def _strip_title(text: str, title: str | None) -> str:
    """trafilatura keeps the <h1> as the first line; the title is already its own field."""
    if not title:
        return text
    first, _, rest = text.partition("\n")
    if " ".join(first.split()).casefold() == " ".join(title.split()).casefold() and rest.strip():
        return rest.lstrip("\n")
    return text


def read_html(data: bytes, *, origin: str, path: str, limits: Limits) -> Iterator[RawDoc | Rejection]:
    if not data.strip():
        yield Rejection(origin, "empty file")
        return
    if len(data) > limits.max_file_bytes:  # bound the parse before it starts
        yield file_too_large(origin, len(data), limits)
        return
    try:
        decoded = decode(data, html=True)
    except DecodeError as e:
        yield Rejection(origin, e.reason)
        return
    # lxml refuses str input that carries an encoding declaration; we have decoded already.
    html = _XML_DECL.sub("", decoded.text, count=1)
    try:
        doc = extract(html)
    except Exception as e:  # lxml/trafilatura on hostile markup; the batch goes on
        yield Rejection(origin, f"could not parse HTML: {type(e).__name__}: {e}")
        return
    text = (doc.text or "").strip() if doc is not None else ""
    if not text or _only_links(text, html):
        yield Rejection(origin, "no article text found in HTML")
        return
    title = " ".join(normalise(doc.title).split()) if doc.title else None
    text = _strip_title(normalise(text), title)
    if len(text) > limits.max_text_chars:
        yield text_too_long(origin, None, len(text), limits)
        return
    url = doc.url if doc.url and doc.url.startswith(("http://", "https://")) else None
    sitename = (doc.sitename or "").strip() or None
    metadata: dict[str, Any] = {"path": path, "encoding": decoded.encoding}
    for key in ("author", "description", "sitename", "hostname"):
        value = getattr(doc, key, None)
        if value:
            metadata[key] = value
    for key in ("categories", "tags"):
        value = getattr(doc, key, None)
        if value:
            metadata[key] = list(value)
    lang = _HTML_LANG.search(html[:5000])
    if lang:  # a template default as often as not: a hint for detection, not the language
        metadata["html_lang"] = lang.group(1)
    published = published_from(doc.date)
    if doc.date and published is None:
        metadata["published_raw"] = doc.date
    yield RawDoc(
        text=text, title=title, url=url, source=sitename or _domain(url), published=published,
        origin=origin, metadata=metadata,
    )
