"""Live ingestion: feeds (RSS, Atom, JSON Feed) and article pages over HTTP.

Functions take a Workspace, so `babelwire.api` can wire them as methods:

    add_feed(ws, url, name=None, language=None, country=None) -> Feed
    list_feeds(ws) -> list[Feed]
    remove_feed(ws, url_or_id) -> Feed
    import_opml(ws, path) -> dict
    export_opml(ws) -> str
    fetch_urls(ws, urls, allow_private=False) -> IngestReport
    watch(ws, interval=None, once=False, cycles=None, allow_private=False) -> WatchReport

Everything fetched goes through ``http.PoliteClient`` (timeouts, retries, size cap,
per-host politeness) and ``safety`` (http/https only, no private addresses unless allowed).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from ..store import Feed

__all__ = ["Feed", "add_feed", "export_opml", "fetch_urls", "import_opml", "list_feeds",
           "remove_feed", "run_cycle", "watch"]


def _clean_language(language: str | None, origin: str) -> str | None:
    from .feeds import language_code

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
    from .errors import FetchError
    from .safety import check_url

    try:
        return check_url(url)
    except FetchError as e:
        raise InputError(e.reason, path=url) from None


def add_feed(ws: Any, url: str, name: str | None = None, language: str | None = None,
             country: str | None = None) -> Feed:
    """Subscribe to a feed; it is polled on the next watch cycle."""
    url = _clean_url(url)
    return ws.store.feeds().add(url, name=(name or "").strip() or None,
                                   language=_clean_language(language, url), country=_clean_country(country))


def list_feeds(ws: Any) -> list[Feed]:
    return ws.store.feeds().list()


def remove_feed(ws: Any, url_or_id: str | int) -> Feed:
    """Unsubscribe; articles already stored from the feed stay."""
    return ws.store.feeds().remove(url_or_id)


def import_opml(ws: Any, path: str) -> dict[str, Any]:
    """Add every feed in an OPML file; feeds already present are left as they are."""
    from .opml import parse_opml

    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", path=path) from None
    fs = ws.store.feeds()
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


def export_opml(ws: Any) -> str:
    from .opml import OpmlFeed, build_opml

    return build_opml(OpmlFeed(f.url, f.name or f.title, f.language, f.country) for f in list_feeds(ws))


def fetch_urls(ws: Any, urls: Any, allow_private: bool | None = None, **kw: Any):
    from .watch import fetch_urls as _fetch

    return _fetch(ws, urls, allow_private=allow_private, **kw)


def watch(ws: Any, interval: float | None = None, once: bool = False, cycles: int | None = None,
          allow_private: bool | None = None, **kw: Any):
    from .watch import watch as _watch

    return _watch(ws, interval=interval, once=once, cycles=cycles, allow_private=allow_private, **kw)


def run_cycle(ws: Any, allow_private: bool | None = None, interval: float | None = None, **kw: Any):
    """Exactly one cycle (what `watch --once` runs)."""
    from ..parallel import workers_for
    from .watch import Session, run_cycle as _run

    with Session(ws, allow_private=allow_private, interval=interval,
                 page_workers=workers_for(ws.settings.ingest_workers, kw.get("cluster", True))) as session:
        return _run(session, **kw)
