"""A watchlist's preview: what a query would alert on among the store's recent stories, before
anyone subscribes (as monitoring tools show sample results when an alert is made), so that the
query, its filters and its sensitivity can be tuned.

The stories are judged as ``decide.evaluate`` judges a batch: the matcher learns its feedback
from the candidates first, then ``Matcher.match`` scores and filters each one; so ``passed``
is what an ingest of these stories would decide for a new watchlist with these settings.
Nothing is written: no watchlist, alert or outbox row (with a translator configured, the
query's translations go to the store's translation cache, as the live matcher's do).

The matcher must be one of its own (``Workspace.preview_watchlist`` gives each preview a
``Matcher.sibling`` of the live one): the matcher keeps its feedback per query text (and
wordings), and a long-running process's would otherwise learn a previewed query's feedback from
the last days' stories, and skip seeding it from the watchlist's own alerts
(``Matcher.learn``'s ``seed`` runs only the first time a query is met). The sibling shares what each article says alone (its
names and countries, costly to extract), so a second preview reads them from memory; what it
works out of the previewed text (names, countries) stays its own and goes with it, so a server
previewing many texts does not keep them all.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..store.base import Watchlist
from .breaking import parse_time
from .decide import iso, utcnow
from .match import Matcher

if TYPE_CHECKING:
    from ..store import Store

DAYS = 7  # the window a preview looks back over, by default
SCAN = 300  # stories scored at most, the most recently seen first (each costs its members' names)
BELOW = 5  # stories below the threshold shown after those that would alert, by default


def window(store: Store, days: float, now: datetime | None = None) -> tuple[str, str]:
    """The ``days`` up to ``now``, by default up to the store's latest publication date or the
    wall clock, whichever is earlier, so a store filled from an archive previews its own last
    days (a misparsed date in the future does not empty the window). A publication date
    decides over a story's last-seen time: undated pages of an archive are seen when they were
    ingested (today), and a window ending today would hold only them. A store with no dated
    article at all ends at its newest story."""
    if days <= 0:
        raise ConfigError(f"a preview needs a window of more than 0 days, not {days:g}")
    end = now or utcnow()
    if now is None:
        newest = parse_time(store.alerts().newest_published(iso(end)))
        if newest is None:
            rows, _ = store.story_page(sort="recent", limit=1)
            newest = parse_time(rows[0].get("last_seen")) if rows else None
        if newest is not None and newest < end:
            end = newest
    return iso(end - timedelta(days=days)), iso(end)


def preview(store: Store, matcher: Matcher, w: Watchlist, *, days: float = DAYS, now: datetime | None = None,
            limit: int | None = None, below: int | None = BELOW, scan: int = SCAN) -> dict[str, Any]:
    """The stories seen within ``days`` (``window``; the ``scan`` most recent at most) judged
    for ``w`` (checked: ``alerts.checked``), those that would alert first, then by score;
    ``below``: how many that would not to keep (None: all), ``limit``: stories returned at
    most. ``matcher``: one of its own (module docstring)."""
    if not w.query:
        raise ConfigError("a preview needs a query (breaking stories are decided as they arrive, not previewed)")
    if scan < 1 or (limit is not None and limit < 1) or (below is not None and below < 0):
        raise ConfigError("a preview's limit and scan must be at least 1, and below at least 0")
    since, until = window(store, days, now)
    rows, total = store.story_page(sort="recent", since=since, limit=scan)
    views = matcher.views([r["id"] for r in rows])
    matcher.learn(w, views.values())  # the feedback first, as a batch's decision learns it
    judged = sorted(((matcher.match(w, v), v) for v in views.values()),
                    key=lambda mv: (not mv[0].passed, -mv[0].score, mv[1].story_id))
    passing = sum(1 for m, _ in judged if m.passed)
    keep = judged if below is None else judged[:passing + below]
    stories = [_row(matcher, w, m, v) for m, v in keep[:limit]]
    return {"watchlist": w.to_dict(), "since": since, "until": until, "days": days, "scanned": len(views),
            "in_window": total, "would_alert": passing, "stories": stories}


def _row(matcher: Matcher, w: Watchlist, m: Any, view: Any) -> dict[str, Any]:
    best = next((a for a in view.articles if a.id == m.best_article), None)
    # the match finds names only for a story that passes; one below shows them too, to tune by
    names = m.names or (matcher.name_shares(w.query, view)[1] if matcher.names else [])
    return {"story_id": view.story_id, "headline": view.headline or (best.title if best else None),
            "languages": view.languages, "sources": view.sources(), "event_sources": m.sources,
            "score": round(m.score, 4), "threshold": m.threshold, "passed": m.passed, "why_not": m.why_not,
            "names": names, "keywords": m.keywords,
            "best_article": None if best is None else {"id": best.id, "title": best.title, "url": best.url,
                                                       "language": best.language, "source": best.source,
                                                       "published": best.published}}
