"""The Workspace's methods for live sources (feeds, fetch, watch) and watchlists with their
alerts: a base class of ``api.Workspace``, kept apart so that each file reads in one sitting.

Stage modules are imported inside the methods, as in ``api``, so that ``import babelwire``
loads none of them.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .models import IngestReport, RawDoc, Rejection
from .settings import Settings
from .store import Feed, Store

if TYPE_CHECKING:
    from .live.cycle import CycleReport
    from .live.schedule import Session
    from .live.watch import WatchReport


class LiveSources:
    """Feeds, page fetching, the watch loop, watchlists and alerts. ``Workspace`` supplies the
    store, the settings and the ingest and clustering methods a live session stores through."""

    settings: Settings
    store: Store

    if TYPE_CHECKING:  # defined by Workspace
        def ingest_docs(self, docs: Iterable[RawDoc | Rejection], *, progress: Callable[[int], None] | None = None,
                        cluster: bool = True, workers: int | None = None,
                        stage: Callable[[str], None] | None = None, shared: bool = False) -> IngestReport: ...

        def assign_stories(self, article_ids: Iterable[str], *, wait: bool = True, sweep: bool = False) -> Any: ...

        def _ingest_workers(self, workers: int | None, cluster: bool) -> int: ...

        def alert_matcher(self) -> Any: ...

    # -- live sources -----------------------------------------------------------------------
    def add_feed(self, url: str, *, name: str | None = None, language: str | None = None,
                 country: str | None = None) -> Feed:
        """Follow a feed (name, language, country optional); `watch` polls it."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from . import live

        return live.add_feed(self.store, url, name=name, language=language, country=country)

    def feeds(self) -> list[Feed]:
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from . import live

        return live.list_feeds(self.store)

    def remove_feed(self, url_or_id: str | int) -> Feed:
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from . import live

        return live.remove_feed(self.store, url_or_id)

    def import_opml(self, path: str) -> dict[str, Any]:
        """Follow every feed an OPML file lists: ``added``, ``existing`` and ``invalid`` back."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from . import live

        return live.import_opml(self.store, path)

    def export_opml(self) -> str:
        """Every followed feed as an OPML document."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from . import live

        return live.export_opml(self.store)

    def live_session(self, *, allow_private: bool | None = None, stop: threading.Event | None = None,
                     interval: float | None = None, page_workers: int = 0) -> Session:
        """What one `fetch` or `watch` run shares (HTTP client, workers, ``page_workers``
        processes reading fetched pages), storing through this workspace's ingest and
        clustering; close it (``with``) when done."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from .live.schedule import Session

        return Session(self.store, self.settings, self.ingest_docs, self.assign_stories,
                       allow_private=allow_private, stop=stop, interval=interval, page_workers=page_workers)

    def fetch(self, urls: Iterable[str], *, allow_private: bool | None = None, stop: threading.Event | None = None,
              cluster: bool = True) -> IngestReport:
        """Fetch single article pages over HTTP and ingest them."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from .live.watch import fetch_urls

        session = self.live_session(allow_private=allow_private, stop=stop,
                                    page_workers=self._ingest_workers(None, cluster))
        return fetch_urls(session, urls, cluster=cluster)

    def watch(self, *, interval: float | None = None, once: bool = False, cycles: int | None = None,
              allow_private: bool | None = None, stop: threading.Event | None = None, cluster: bool = True,
              on_cycle: Callable[[CycleReport], None] | None = None) -> WatchReport:
        """Poll every due feed (once=True: one cycle), ingesting and clustering new items."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from .live.watch import watch

        session = self.live_session(allow_private=allow_private, stop=stop, interval=interval,
                                    page_workers=self._ingest_workers(None, cluster))

        def cycle_done(rep: CycleReport) -> None:
            # a quiet cycle still sends retries come due and digests whose period closed
            if self.settings.alert_deliver and self.store.alerts().watchlists():
                self.deliver_alerts()
            if on_cycle:
                on_cycle(rep)

        return watch(session, once=once, cycles=cycles, cluster=cluster, on_cycle=cycle_done)

    # -- watchlists and alerts (babelwire/alerts) ----------------------------------------
    def add_watchlist(self, name: str, query: str | None = None, **options: Any) -> Any:
        """Watch a query in any language (languages, places, countries, outlets, min_sources,
        sensitivity, digest, webhooks, emails, notify optional: ``alerts.add_watchlist``);
        matching stories raise one alert each as articles arrive. ``breaking=True``: breaking
        stories too (every one passing the filters when there is no query)."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from . import alerts

        return alerts.add_watchlist(self.store, name, query, **options)

    def edit_watchlist(self, name: str, query: str | None = None, **options: Any) -> Any:
        """Change a watchlist in place: the options of ``add_watchlist`` given replace its
        settings, webhooks/emails/notify add channels, remove_channels take them away
        (``alerts.edit_watchlist``). Its alerts stay; none is sent again for the edit."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from . import alerts

        return alerts.edit_watchlist(self.store, name, query, **options)

    def preview_watchlist(self, name: str | None = None, query: str | None = None, *, days: float | None = None,
                          limit: int | None = None, below: int | None = None, all_stories: bool = False,
                          now: Any = None, **options: Any) -> dict[str, Any]:
        """What a watchlist would alert on among the stories seen in the last ``days`` (7), ranked
        by score, those that would alert first; nothing is written. ``name``: a watchlist's
        settings, the options given (query, languages, places, countries, outlets, min_sources,
        sensitivity: as ``add_watchlist``'s) over them; without it, a new watchlist's. ``below``
        (5): stories kept that would not alert, ``all_stories``: every one; ``limit``: at most.
        Scored by a matcher of its own (``Matcher.sibling``), so that a preview leaves the
        watchlists' feedback as it was (``alerts.preview``)."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from . import alerts
        from .alerts import preview

        w = alerts.previewed(self.store, name, query, **options)
        return preview.preview(self.store, self.alert_matcher().sibling(), w,
                               days=preview.DAYS if days is None else days, now=now, limit=limit,
                               below=None if all_stories else (preview.BELOW if below is None else below))

    def watchlists(self) -> list[Any]:
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from . import alerts

        return alerts.list_watchlists(self.store)

    def remove_watchlist(self, name: str) -> Any:
        """Stop watching; the watchlist's alerts and undelivered outbox rows go with it."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from . import alerts

        return alerts.remove_watchlist(self.store, name)

    def alerts(self, *, watchlist: str | None = None, limit: int = 50, outbox: bool = False,
               kind: str | None = None) -> dict[str, Any]:
        """Recent alerts with their reasons; ``kind``: match or breaking only; ``outbox``: also
        dead letters and pending deliveries."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from . import alerts

        return alerts.alerts_report(self.store, watchlist=watchlist, limit=limit, outbox=outbox, kind=kind)

    def deliver_alerts(self) -> dict[str, Any]:
        """Send every delivery that is due now (webhooks, e-mail); counts back."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from . import alerts

        return alerts.deliver_due(self.store, self.settings)

    def alerts_feed(self, *, watchlist: str | None = None, limit: int = 50, kind: str | None = None) -> bytes:
        """The Atom feed of recent alerts (of one watchlist, or all; ``kind="breaking"``: the
        breaking stories, one entry each)."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from .alerts import check_kind
        from .alerts.feed import atom

        check_kind(kind)
        return atom(self.store, self.settings, watchlist=watchlist, limit=limit, kind=kind)
