"""Live ingestion: feeds (RSS, Atom, JSON Feed) and article pages over HTTP.

This module holds the feed list (subscribe, unsubscribe, OPML in and out) over a store;
``watch.py`` polls the feeds and fetches pages in a ``schedule.Session`` that the Workspace
makes (babelwire/api.py), which is how the CLI and the web reach all of it.

Everything fetched goes through ``http.PoliteClient`` (timeouts, retries, size cap,
per-host politeness) and ``safety`` (http/https only, no private addresses unless allowed).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..store import Feed
from .errors import FetchError
from .feeds import language_code
from .opml import OpmlFeed, build_opml, parse_opml
from .safety import check_url

if TYPE_CHECKING:
    from ..store import Store


def _clean_language(language: str | None, origin: str) -> str | None:
    if language is None or not language.strip():
        return None
    code = language_code(language)
    if code is None:
        raise InputError(f"not a language code: {language!r} (use ISO 639-1 such as 'ar' or 'ru')", path=origin)
    return code


def _clean_country(country: str | None) -> str | None:
    if country is None or not country.strip():
        return None
    c = country.strip()
    return c.upper() if len(c) == 2 else c


def _clean_url(url: str) -> str:
    try:
        return check_url(url)
    except FetchError as e:
        raise InputError(e.reason, path=url) from None


def add_feed(store: Store, url: str, name: str | None = None, language: str | None = None,
             country: str | None = None) -> Feed:
    """Subscribe to a feed; it is polled on the next watch cycle."""
    url = _clean_url(url)
    return store.feeds().add(url, name=(name or "").strip() or None,
                             language=_clean_language(language, url), country=_clean_country(country))


def list_feeds(store: Store) -> list[Feed]:
    return store.feeds().list()


def remove_feed(store: Store, url_or_id: str | int) -> Feed:
    """Unsubscribe; articles already stored from the feed stay."""
    return store.feeds().remove(url_or_id)


def import_opml(store: Store, path: str) -> dict[str, Any]:
    """Add every feed in an OPML file; feeds already present are left as they are."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", path=path) from None
    fs = store.feeds()
    added, existing, invalid = [], [], []
    for f in parse_opml(data, origin=path):
        try:
            url = _clean_url(f.url)
            if fs.get(url) is not None:
                existing.append(url)
                continue
            fs.add(url, name=f.name, language=_clean_language(f.language, url), country=_clean_country(f.country))
            added.append(url)
        except InputError as e:
            invalid.append({"url": f.url, "reason": e.reason})
    return {"added": added, "existing": existing, "invalid": invalid}


def export_opml(store: Store) -> str:
    return build_opml(OpmlFeed(f.url, f.name or f.title, f.language, f.country) for f in list_feeds(store))
