"""The entry points of live ingestion: `watch` (cycles until stopped) and `fetch` (single URLs).

This module holds ``watch`` with its ``WatchReport`` and the sleep between cycles, and
``fetch_urls``. The parts they are built from live beside it: ``schedule`` (backoff, worker
threads, per-host dispatch, Session), ``pages`` (one page fetched and extracted),
``poll`` (one feed fetched, one item made a document) and ``cycle`` (one cycle, and the
commit order that makes a restart safe at any instant). Their public names are re-exported
here, so ``from babelwire.live.watch import Session, run_cycle, backoff_delay`` keeps working.
"""
from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

from ..models import IngestReport, RawDoc, Rejection
from ..parallel import workers_for

# Besides what this module uses, these re-export the names that lived here before the split.
from .cycle import (  # noqa: F401
    COMMIT_EVERY,
    COMMIT_SECONDS,
    MAX_ITEM_ATTEMPTS,
    STOP_GRACE,
    CycleReport,
    cluster_articles,
    log,
    run_cycle,
)
from .errors import Stopped
from .pages import HTML_TYPES, PAGE_ACCEPT, Outcome, fetch_page, page_to_doc  # noqa: F401
from .poll import FEED_ACCEPT, FeedFetch, fetch_feed, process_item  # noqa: F401
from .schedule import MIN_BACKOFF, Dispatcher, Session, Workers, backoff_delay  # noqa: F401


# -- entry points ----------------------------------------------------------------------------
@dataclass
class WatchReport:
    cycles: list[CycleReport] = field(default_factory=list)
    stopped: bool = False

    def total(self, key: str) -> int:
        return sum(getattr(c, key) for c in self.cycles)

    def to_dict(self) -> dict[str, Any]:
        return {"cycles": [c.to_dict() for c in self.cycles], "stopped": self.stopped}


def watch(ws: Any, *, interval: float | None = None, once: bool = False, cycles: int | None = None,
          allow_private: bool | None = None, stop: threading.Event | None = None, cluster: bool = True,
          on_cycle: Callable[[CycleReport], None] | None = None) -> WatchReport:
    """Poll due feeds in cycles until ``stop`` is set (or ``once`` / ``cycles`` run out)."""
    out = WatchReport()
    with Session(ws, allow_private=allow_private, stop=stop, interval=interval,
                 page_workers=workers_for(ws.settings.ingest_workers, cluster)) as session:
        if cluster:  # articles a killed run stored but did not get to cluster
            leftover = session.feeds.unclustered_articles()
            if leftover:
                cluster_articles(ws, leftover)
        for n in itertools.count(1):
            rep = run_cycle(session, cluster=cluster)
            out.cycles.append(rep)
            if on_cycle:
                on_cycle(rep)
            if rep.stopped or session.stop.is_set():
                out.stopped = True
                break
            if once or (cycles is not None and n >= cycles):
                break
            if session.stop.wait(_sleep_for(session)):
                out.stopped = True
                break
    return out


def _sleep_for(session: Session) -> float:
    """Until the next feed is due, at most one interval."""
    nxt = session.feeds.next_due()
    if nxt is None:
        return session.interval
    if nxt == "":
        return 0.0
    try:
        wait = (datetime.fromisoformat(nxt) - datetime.now(timezone.utc)).total_seconds()
    except ValueError:
        return session.interval
    return min(max(wait, 0.0), session.interval)


def fetch_urls(ws: Any, urls: Iterable[str], *, allow_private: bool | None = None,
               stop: threading.Event | None = None, cluster: bool = True) -> IngestReport:
    """Fetch single article pages, extract and store them; failures come back as rejections."""
    seen = list(dict.fromkeys(u.strip() for u in urls if u.strip()))
    items: list[RawDoc | Rejection] = []
    with Session(ws, allow_private=allow_private, stop=stop, page_workers=workers_for(ws.settings.ingest_workers, cluster)) as session:
        dispatch = session.dispatcher()
        for u in seen:
            dispatch.add(u, u, fetch_page, session, u)
        results: dict[str, Outcome] = {}
        while dispatch.busy and not session.stop.is_set():
            dispatch.pump()
            for url, fut in dispatch.completed(timeout=0.25):
                exc = fut.exception()
                if isinstance(exc, Stopped):
                    continue
                results[url] = (Outcome("rejected", reason=f"unexpected error: {type(exc).__name__}: {exc}")
                                if exc is not None else fut.result())
        for u in seen:
            o = results.get(u)
            if o is None:
                items.append(Rejection(u, "not fetched: stopped before it was done"))
            elif o.status == "doc" and o.doc is not None:
                o.doc.metadata.setdefault("full_text_from", "page")
                items.append(o.doc)
            else:
                items.append(Rejection(u, o.reason or o.status))
    return ws.ingest_docs(items, cluster=cluster)
