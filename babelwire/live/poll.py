"""Fetching one feed (conditional GET) and turning one feed item into a document.

This module holds the worker-side steps for feeds: ``fetch_feed`` (GET with
ETag/Last-Modified, parse, or a 304) and ``FeedFetch`` its result, and ``process_item``
with ``_item_doc``, which build the ``RawDoc`` for an item from the feed's own statements,
fetching the item's page (via ``pages.fetch_page``) when the feed does not carry the full
text. It is separate from the cycle because these run on worker threads and never touch
the store, and from ``pages`` because the feed-versus-page merging rules are feed-specific.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from ..models import RawDoc
from ..store import Feed
from .feeds import FeedItem, parse_feed
from .pages import Outcome, fetch_page, status_error
from .schedule import Session

FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, "
               "application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5")


def _item_doc(feed: Feed, item: FeedItem, page: RawDoc | None) -> RawDoc:
    """The RawDoc for a feed item: the feed's statements first, the page's to fill gaps."""
    origin = item.url or f"{feed.url}#{item.key}"
    metadata: dict[str, Any] = dict(page.metadata) if page else {}
    metadata.update({"feed": feed.url, "feed_item": item.key})
    if feed.country:
        metadata["country"] = feed.country
    if item.author:
        metadata["author"] = item.author
    if item.tags:
        metadata["tags"] = item.tags
    metadata["full_text_from"] = "page" if page else "feed"
    doc = RawDoc(
        text=page.text if page else (item.content or ""),
        title=item.title or (page.title if page else None),
        url=(page.url if page else None) or item.url,
        # The person's name for the feed, else the site's own name, else the channel title.
        source=feed.name or (page.source if page else None) or feed.title,
        # An item with neither link nor page gets a stable id from its feed and guid.
        id=None if (item.url or page) else "feed-" + hashlib.sha256(f"{feed.url}\x1f{item.key}".encode()).hexdigest()[:16],
        published=item.published or (page.published if page else None),
        language=feed.language or item.language,
        origin=origin,
        metadata=metadata,
    )
    return doc


def process_item(session: Session, feed: Feed, item: FeedItem) -> Outcome:
    """Worker side of one item: fetch its page unless the feed carries the full text."""
    if item.content and len(item.content) >= session.full_text_chars:
        return Outcome("doc", doc=_item_doc(feed, item, None), url=item.url)
    if not item.url:
        return Outcome("rejected", reason="item has neither a link nor full text")
    got = fetch_page(session, item.url)
    if got.status == "doc":
        got.doc = _item_doc(feed, item, got.doc)
    return got


@dataclass
class FeedFetch:
    status: int
    parsed: Any = None
    etag: str | None = None
    last_modified: str | None = None


def fetch_feed(session: Session, feed: Feed) -> FeedFetch:
    headers = {"Accept": FEED_ACCEPT}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    resp = session.client.get(feed.url, headers)
    if resp.status == 304:
        return FeedFetch(304)
    if resp.status != 200:
        raise status_error(resp)
    parsed = parse_feed(resp.content, url=resp.url, content_type=resp.content_type,
                        headers=dict(resp.headers), full_text_chars=session.full_text_chars)
    return FeedFetch(200, parsed, resp.headers.get("etag"), resp.headers.get("last-modified"))
