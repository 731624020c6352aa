"""The Atom feed of alerts (all, or one watchlist's), made with feedgen: any feed reader
subscribes. An entry is one alert; its id stays while its version grows, and ``updated``
moves, so readers show a growing story's alert once, refreshed."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .decide import payload, story_link
from .deliver import mail_text

if TYPE_CHECKING:
    from ..settings import Settings
    from ..store import Store


def atom(store: Store, settings: Settings, *, watchlist: str | None = None, limit: int = 50) -> bytes:
    # deferred: feedgen is slow to import; paid only when this runs
    from feedgen.feed import FeedGenerator

    alerts = store.alerts().recent_alerts(watchlist=watchlist, limit=limit)
    base = (settings.alert_base_url or "").rstrip("/")
    fg = FeedGenerator()
    fg.id(f"urn:babelwire:alerts:{watchlist or 'all'}")
    fg.title(f"babelwire alerts: {watchlist}" if watchlist else "babelwire alerts")
    fg.author({"name": "babelwire"})
    fg.updated(alerts[0].updated_at if alerts else "1970-01-01T00:00:00Z")
    if base:
        fg.link(href=f"{base}/alerts.atom" + (f"?watchlist={watchlist}" if watchlist else ""), rel="self")
    for a in reversed(alerts):  # feedgen puts each new entry first: oldest in, newest on top
        p = {**payload(a, a.version > 1), "link": story_link(settings, a.story_id)}  # the address now
        title, text = mail_text(p)
        e = fg.add_entry()
        e.id(f"urn:babelwire:alert:{a.id}")
        e.title(title.removeprefix("[babelwire] "))
        e.updated(a.updated_at)
        e.published(a.decided_at)
        e.link(href=p["link"])
        e.summary(text)
        e.category(term=a.watchlist)
    return fg.atom_str(pretty=True)
