"""Feeds to items: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed 1.x by hand.

Parsing is pure (bytes in, ``ParsedFeed`` out) and raises ``FetchError`` with a reason
for anything that is not a usable feed. An item carries what the feed states and nothing
more: its date only when the feed gives one, its language when the item or the channel
names one, and its full text only when the feed ships content (not a teaser summary).
"""
from __future__ import annotations

import calendar
import hashlib
import html as htmllib
import io
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urljoin

from lxml import etree, html as lh

from ..ingest.decode import DecodeError, binary_reason, decode
from ..ingest.jsonl import DECODER, RecordError, checked
from ..models import Published
from .errors import FetchError

JSON_FEED_VERSION = re.compile(r"^https?://jsonfeed\.org/version/1(\.\d+)?/?$")
_TAG = re.compile(r"<[^>]+>")
_LANG = re.compile(r"^[A-Za-z]{2,3}$")
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
           "tr", "section", "article", "figure", "figcaption", "header", "footer", "ul", "ol", "table")
_FUTURE_SLACK = timedelta(days=1)  # a date further ahead than this is a broken feed, not news


@dataclass
class FeedItem:
    key: str  # what identifies the item in its feed: guid/id, else link, else a hash
    url: str | None = None
    title: str | None = None
    published: Published | None = None
    author: str | None = None
    language: str | None = None
    content: str | None = None  # full text as plain text, when the feed carries it
    summary: str | None = None
    tags: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, data: str) -> "FeedItem":
        d = json.loads(data)
        if d.get("published"):
            d["published"] = Published(**d["published"])
        return cls(**d)


@dataclass
class ParsedFeed:
    kind: str  # "rss20", "atom10", "json1.1", ... as feedparser names them
    title: str | None
    language: str | None
    link: str | None
    items: list[FeedItem]
    warning: str | None = None  # recovered from malformed markup


def language_code(value: Any) -> str | None:
    """'en-US' -> 'en'; anything that is not a language tag -> None."""
    if not isinstance(value, str):
        return None
    code = re.split(r"[-_]", value.strip(), maxsplit=1)[0]
    return code.lower() if _LANG.match(code) else None


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, paragraphs kept as blank-line breaks."""
    if not fragment or not fragment.strip():
        return ""
    if "<" not in fragment:
        return _tidy(htmllib.unescape(fragment))
    try:
        root = lh.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(htmllib.unescape(_TAG.sub(" ", fragment)))
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCKS:
            el.tail = "\n\n" + (el.tail or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def plain(value: Any) -> str | None:
    """A title or name without markup or entities; None when empty."""
    if not isinstance(value, str):
        return None
    text = " ".join(htmllib.unescape(_TAG.sub(" ", value)).split())
    return text or None


def _http_url(value: Any, base: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    url = urljoin(base, value.strip())
    return url if url.lower().startswith(("http://", "https://")) else None


def _published(dt: datetime | None, has_time: bool) -> Published | None:
    if dt is None:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc)
        if dt - datetime.now(timezone.utc) > _FUTURE_SLACK:
            return None
    if has_time:
        return Published(dt.strftime("%Y-%m-%dT%H:%M"), "minute", "feed")
    return Published(dt.strftime("%Y-%m-%d"), "day", "feed")


def _item_key(*candidates: Any) -> str:
    for c in candidates[:2]:
        if isinstance(c, (str, int)) and str(c).strip():
            return str(c).strip()[:500]
    blob = "\x1f".join(str(c) for c in candidates[2:])
    return "sha1:" + hashlib.sha1(blob.encode("utf-8")).hexdigest()


def parse_feed(data: bytes, *, url: str, content_type: str = "", headers: dict[str, str] | None = None,
               full_text_chars: int = 500) -> ParsedFeed:
    """Items of the feed in ``data`` (served from ``url``); FetchError if it is not a feed."""
    if not data.strip():
        raise FetchError("empty response where a feed was expected", url=url)
    why = binary_reason(data[:8192])
    if why and not data.startswith(b"\x1f\x8b"):
        raise FetchError(f"not a feed: {why}", url=url)
    if why:
        raise FetchError("not a feed: the body is gzip data the server did not label as such", url=url)
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if "json" in content_type or head.startswith(b"{"):
        return parse_json_feed(data, url=url, full_text_chars=full_text_chars)
    return parse_xml_feed(data, url=url, headers=headers or {}, full_text_chars=full_text_chars)


def parse_xml_feed(data: bytes, *, url: str, headers: dict[str, str], full_text_chars: int) -> ParsedFeed:
    # deferred: feedparser is slow to import; paid only when this runs
    import feedparser

    response_headers = {k.lower(): v for k, v in headers.items()}
    response_headers.setdefault("content-location", url)  # base for relative links
    # A BytesIO, never bytes or str: feedparser opens a str/bytes that names a file or URL.
    d = feedparser.parse(io.BytesIO(_no_surrogate_refs(data)), response_headers=response_headers)
    exc = d.get("bozo_exception")
    if not d.get("version"):
        head = data[:2048].lower()
        if b"<html" in head or b"<!doctype html" in head:
            raise FetchError("not a feed: the URL serves an HTML page (look for its RSS or Atom link)", url=url)
        detail = f": {_exc_text(exc)}" if exc else ""
        raise FetchError(f"malformed feed: no RSS, Atom or JSON Feed found{detail}", url=url)
    feed = d.feed
    # An item with neither a link nor content cannot become an article.
    items = [i for i in (_xml_item(e, url, full_text_chars) for e in d.entries) if i.url or i.content]
    if d.get("bozo") and not items and not isinstance(exc, _harmless()):
        raise FetchError(f"malformed feed: {_exc_text(exc)}", url=url)
    warning = None
    if d.get("bozo") and exc is not None and not isinstance(exc, _harmless()):
        warning = f"feed has markup errors, read leniently: {_exc_text(exc)}"
    return ParsedFeed(
        kind=d.version, title=plain(feed.get("title")), language=language_code(feed.get("language")),
        link=_http_url(feed.get("link"), url), items=items, warning=warning,
    )


_CHAR_REF = re.compile(rb"&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10});")


def _no_surrogate_refs(data: bytes) -> bytes:
    """``&#xD800;`` names no character; feedparser's lenient parser crashes encoding it."""
    if b"&#" not in data:
        return data

    def fix(m: re.Match) -> bytes:
        ref = m.group(1)
        n = int(ref[1:], 16) if ref[:1] in b"xX" else int(ref)
        return b"&#xFFFD;" if 0xD800 <= n <= 0xDFFF else m.group(0)

    return _CHAR_REF.sub(fix, data)


def _harmless() -> tuple[type, ...]:
    # deferred: feedparser is slow to import; paid only when this runs
    import feedparser

    # Routine and handled: a charset that differs from the HTTP one, a missing or
    # text/plain content type.
    return (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def _exc_text(exc: Any) -> str:
    text = str(exc) if exc is not None else "unknown error"
    return text if len(text) < 200 else text[:200] + "…"


def _xml_item(e: Any, feed_url: str, full_text_chars: int) -> FeedItem:
    link = _http_url(e.get("link"), feed_url)
    raw_date, parsed = None, None
    for key in ("published", "updated", "created"):
        if e.get(f"{key}_parsed"):
            raw_date, parsed = e.get(key), e.get(f"{key}_parsed")
            break
    dt = datetime.fromtimestamp(calendar.timegm(parsed), timezone.utc) if parsed else None
    published = _published(dt, has_time=bool(raw_date) and ":" in str(raw_date))
    content = None
    best = ""
    for c in e.get("content") or []:
        value = c.get("value") or ""
        text = html_to_text(value) if "html" in (c.get("type") or "html") else _tidy(value)
        if len(text) > len(best):
            best = text
    if len(best) >= full_text_chars:
        content = best
    lang = None
    for c in e.get("content") or []:
        lang = lang or language_code(c.get("language"))
    summary = html_to_text(e.get("summary") or "")[:1000] or None
    return FeedItem(
        key=_item_key(e.get("id"), link, e.get("title"), raw_date, summary),
        url=link,
        title=plain(e.get("title")),
        published=published,
        author=plain(e.get("author")),
        language=lang,
        content=content,
        summary=summary,
        tags=[t.get("term") for t in (e.get("tags") or []) if t.get("term")][:30],
    )


def _json_feed_doc(text: str, url: str) -> Any:
    """The feed parsed as the readers parse JSON: bounded and made valid Unicode. An item
    over a bound is dropped alone; the rest of the feed is read."""
    try:
        doc = DECODER.decode(text)
        if not isinstance(doc, dict):
            return doc
        items = doc.pop("items", None)
        doc = checked(doc)[0]
    except RecursionError:
        raise FetchError("malformed JSON Feed: nested too deeply", url=url) from None
    except RecordError as e:
        raise FetchError(f"malformed JSON Feed: {e.reason}", url=url) from None
    if isinstance(items, list):
        kept = []
        for it in items:
            try:
                kept.append(checked(it)[0])
            except RecordError:
                continue
        items = kept
    if items is not None:
        doc["items"] = items
    return doc


def parse_json_feed(data: bytes, *, url: str, full_text_chars: int) -> ParsedFeed:
    try:
        text = decode(data).text
        doc = _json_feed_doc(text, url)
    except DecodeError as e:
        raise FetchError(f"malformed JSON Feed: {e.reason}", url=url) from None
    except json.JSONDecodeError as e:
        raise FetchError(f"malformed JSON Feed: {e.msg} at line {e.lineno} column {e.colno}", url=url) from None
    if not isinstance(doc, dict) or not JSON_FEED_VERSION.match(str(doc.get("version", ""))):
        raise FetchError("not a feed: JSON without a JSON Feed version "
                         "(expected \"version\": \"https://jsonfeed.org/version/1.1\")", url=url)
    raw_items = doc.get("items")
    if not isinstance(raw_items, list):
        raise FetchError("malformed JSON Feed: \"items\" is missing or not a list", url=url)
    feed_lang = language_code(doc.get("language"))
    items = []
    for it in raw_items:
        if not isinstance(it, dict):
            continue
        link = _http_url(it.get("url"), url) or _http_url(it.get("external_url"), url)
        body = ""
        if isinstance(it.get("content_html"), str):
            body = html_to_text(it["content_html"])
        if isinstance(it.get("content_text"), str) and len(it["content_text"].strip()) > len(body):
            body = _tidy(it["content_text"])
        raw_date = it.get("date_published") or it.get("date_modified")
        published = None
        if isinstance(raw_date, str):
            try:
                dt = datetime.fromisoformat(raw_date.strip().replace("Z", "+00:00"))
            except ValueError:
                dt = None
            published = _published(dt, has_time="T" in raw_date or ":" in raw_date)
        authors = it.get("authors") or ([it["author"]] if isinstance(it.get("author"), dict) else [])
        author = next((plain(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name")), None)
        summary = it.get("summary") if isinstance(it.get("summary"), str) else None
        items.append(FeedItem(
            key=_item_key(it.get("id"), link, it.get("title"), raw_date, summary),
            url=link,
            title=plain(it.get("title")),
            published=published,
            author=author,
            language=language_code(it.get("language")),
            content=body if len(body) >= full_text_chars else None,
            summary=html_to_text(summary)[:1000] if summary else None,
            tags=[str(t) for t in (it.get("tags") or []) if isinstance(t, (str, int))][:30],
        ))
    items = [i for i in items if i.url or i.content]
    version = str(doc["version"]).rstrip("/").rsplit("/", 1)[-1]
    return ParsedFeed(
        kind=f"json{version}", title=plain(doc.get("title")), language=feed_lang,
        link=_http_url(doc.get("home_page_url"), url), items=items,
    )
