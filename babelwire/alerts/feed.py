"""The Atom feed of alerts (all, or one watchlist's), made with feedgen: any feed reader
subscribes. An entry is one alert; its id stays while its version grows, and ``updated``
moves, so readers show a growing story's alert once, refreshed. The breaking feed
(``kind="breaking"``) has one entry per story, however many watchlists it alerted."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .decide import payload, story_link
from .deliver import mail_text

if TYPE_CHECKING:
    from ..settings import Settings
    from ..store import Store


def atom(store: Store, settings: Settings, *, watchlist: str | None = None, limit: int = 50,
         kind: str | None = None) -> bytes:
    # deferred: feedgen is slow to import; paid only when this runs
    from feedgen.feed import FeedGenerator

    alerts = store.alerts().recent_alerts(watchlist=watchlist, limit=limit, kind=kind)
    if kind == "breaking" and not watchlist:  # newest first: the newest alert of each story
        newest = {a.story_id: a for a in reversed(alerts)}
        alerts = sorted(newest.values(), key=lambda a: (a.updated_at, a.id), reverse=True)
    base = (settings.alert_base_url or "").rstrip("/")
    fg = FeedGenerator()
    fg.id(f"urn:babelwire:alerts:{watchlist or 'all'}" + (f":{kind}" if kind else ""))
    name = "babelwire breaking stories" if kind == "breaking" else "babelwire alerts"
    fg.title(f"{name}: {watchlist}" if watchlist else name)
    fg.author({"name": "babelwire"})
    fg.updated(alerts[0].updated_at if alerts else "1970-01-01T00:00:00Z")
    if base:
        query = "&".join(f"{k}={v}" for k, v in (("watchlist", watchlist), ("kind", kind)) if v)
        fg.link(href=f"{base}/alerts.atom" + (f"?{query}" if query else ""), rel="self")
    for a in reversed(alerts):  # feedgen puts each new entry first: oldest in, newest on top
        p = {**payload(a, a.version > 1), "link": story_link(settings, a.story_id)}  # the address now
        title, text = mail_text(p)
        e = fg.add_entry()
        e.id(f"urn:babelwire:alert:{a.id}" if kind != "breaking" or watchlist else f"urn:babelwire:breaking:{a.story_id}")
        e.title(title.removeprefix("[babelwire] "))
        e.updated(a.updated_at)
        e.published(a.decided_at)
        e.link(href=p["link"])
        e.summary(text)
        e.category(term=a.watchlist)
        e.category(term=a.kind)
    return fg.atom_str(pretty=True)
