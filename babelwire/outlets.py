"""Who published an article, named as a reader can use it: never a hash, never None.

In order: the outlet the input named (feed, JSON ``source``, the page's site name), a site name
in the metadata, the URL's domain, a byline printed at the head of the text ("(CNN Business)–",
"PARIS (Reuters) -"). When nothing names the outlet, articles are labelled "source 1", shown
beside their language ("source 1 (fr)"), numbered in the order a story lists them. A regex of our own: no library reads agency bylines,
and the pattern is narrow on purpose (a wrong outlet is a false claim).
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Mapping
from urllib.parse import urlsplit

from .models import get_field

# "(CNN Business)–", "PARIS (Reuters) -", "(AFP) :" at the very start; the name starts with a
# capital and has at most four words, so "(11/7)" or a parenthesised sentence is not a byline.
_BYLINE = re.compile(
    r"^\s*(?:[A-ZÀ-Þ][A-ZÀ-Þ .'-]{1,30},?\s*)?\(([A-Z][A-Za-z&.'-]*(?: [A-Z][A-Za-z&.'-]*){0,3})\)\s*[-–—:]?")


def domain(url: str | None) -> str | None:
    """The host of an http(s) URL without "www.", or None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "") if parts.scheme in ("http", "https") else ""
    return (host[4:] if host.startswith("www.") else host) or None


def byline(text: str | None) -> str | None:
    """The outlet of a byline at the head of ``text`` ("(CNN Business)–…" gives "CNN Business")."""
    m = _BYLINE.match((text or "")[:120])
    return m.group(1) if m else None


def outlet_of(a: Any) -> str | None:
    """The article's outlet (an Article or a dict with its fields), or None when nothing names it."""
    if get_field(a, "source"):
        return str(get_field(a, "source"))
    meta = get_field(a, "metadata") or {}
    for key in ("site_name", "sitename", "publisher", "outlet"):
        v = meta.get(key) if isinstance(meta, Mapping) else None
        if isinstance(v, str) and v.strip():
            return v.strip()
    return domain(get_field(a, "url")) or byline(get_field(a, "text"))


def outlet_labels(articles: Iterable[Any]) -> dict[str, str]:
    """Article id -> outlet name, or "source N" numbered in the given order when unknown."""
    out: dict[str, str] = {}
    n = 0
    for a in articles:
        name = outlet_of(a)
        if name is None:
            n += 1
            name = f"source {n}"  # shown beside its language everywhere: "source 1 (fr)"
        out[str(get_field(a, "id"))] = name
    return out
