"""Fetching one article page and extracting its text, and the Outcome every item fetch ends in.

This module holds the page side of live ingestion: ``page_to_doc`` (an HTML response
decoded with the right charset and read through the shared HTML reader, with the
same-host rule for canonical URLs), ``fetch_page`` (robots.txt check, GET, extraction,
every failure turned into an ``Outcome``), and ``Outcome`` itself. It is separate because
both `fetch` (single URLs) and the watch cycle (feed items too short to stand on their
own) use it, and because charset and extraction rules have nothing to do with feeds or
scheduling.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from ..ingest.decode import DecodeError, codec_for, decode
from ..models import RawDoc, Rejection
from ..parallel import PagePool
from .errors import FetchError
from .http import RETRY_STATUS, Response
from .schedule import Session

PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
HTML_TYPES = frozenset({"", "text/html", "application/xhtml+xml"})


# -- outcomes of fetching one item -----------------------------------------------------------
@dataclass
class Outcome:
    status: str  # doc | done | rejected | failed | blocked
    doc: RawDoc | None = None
    reason: str | None = None
    retry_after: float | None = None
    article_id: str | None = None
    url: str | None = None


def status_error(resp: Response) -> FetchError:
    phrase = httpx.codes.get_reason_phrase(resp.status)
    transient = resp.status in RETRY_STATUS or resp.status >= 500
    return FetchError(f"HTTP {resp.status}{' ' + phrase if phrase else ''}", url=resp.url,
                      transient=transient, status=resp.status, retry_after=resp.retry_after)


def page_to_doc(resp: Response, *, origin: str, limits: dict[str, int], pages: PagePool | None = None) -> RawDoc | Rejection:
    """The article in an HTML response, through the shared HTML reader (in ``pages``' worker
    processes when given)."""
    ctype = resp.content_type
    if ctype not in HTML_TYPES:
        return Rejection(origin, f"not an HTML page (content type {ctype})")
    declared = codec_for(resp.charset) if resp.charset else None
    try:
        # The HTTP charset outranks the page's own <meta> (HTML spec), unless it claims UTF-8,
        # which misconfigured servers say of everything; decode() tries UTF-8 first anyway.
        decoded = decode(resp.content, declared=None if declared == "utf-8" else declared, html=True)
    except DecodeError as e:
        return Rejection(origin, e.reason)
    # Handed on as UTF-8, so the reader cannot second-guess the charset chosen above.
    got = (pages or PagePool(0)).read_html(decoded.text.encode("utf-8"), origin, limits)
    doc = next((d for d in got if isinstance(d, RawDoc)), None)
    if doc is None:
        return next((d for d in got if isinstance(d, Rejection)), Rejection(origin, "no article text found in HTML"))
    doc.metadata["encoding"] = decoded.encoding
    final_host = (urlsplit(resp.url).hostname or "").lower()
    # A page may name its canonical URL, but only on its own host: article identity follows
    # the URL, so a foreign canonical would let one site overwrite another's articles.
    if not (doc.url and (urlsplit(doc.url).hostname or "").lower() == final_host):
        doc.url = resp.url
    if resp.redirects:
        doc.metadata["requested_url"] = resp.redirects[0]
    return doc


def fetch_page(session: Session, url: str) -> Outcome:
    """Fetch and extract one page; every failure becomes an Outcome, Stopped propagates."""
    try:
        if not session.robots.allowed(url):
            return Outcome("blocked", reason=session.robots.why_not(url), url=url)
        resp = session.client.get(url, {"Accept": PAGE_ACCEPT})
        if resp.status != 200:
            raise status_error(resp)
        got = page_to_doc(resp, origin=url, limits=session.limits, pages=session.pages)
    except FetchError as e:
        return Outcome("failed" if e.transient else "rejected", reason=e.reason, retry_after=e.retry_after, url=url)
    if isinstance(got, Rejection):
        return Outcome("rejected", reason=got.reason, url=url)
    return Outcome("doc", doc=got, url=url)
