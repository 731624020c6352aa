"""The entry points of live ingestion: `watch` (cycles until stopped) and `fetch` (single URLs).

This module holds ``watch`` with its ``WatchReport`` and the sleep between cycles, and
``fetch_urls``. The parts they are built from live beside it: ``schedule`` (backoff, worker
threads, per-host dispatch, Session), ``pages`` (one page fetched and extracted),
``poll`` (one feed fetched, one item made a document) and ``cycle`` (one cycle, and the
commit order that makes a restart safe at any instant). Both run in a ``schedule.Session``
that the Workspace makes (its store, settings, and its own ingest and clustering).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

from ..models import IngestReport, RawDoc, Rejection
from .cycle import CycleReport, cluster_articles, run_cycle
from .errors import Stopped
from .pages import Outcome, fetch_page
from .schedule import Session


# -- entry points ----------------------------------------------------------------------------
@dataclass
class WatchReport:
    cycles: list[CycleReport] = field(default_factory=list)
    stopped: bool = False

    def total(self, key: str) -> int:
        return sum(getattr(c, key) for c in self.cycles)

    def to_dict(self) -> dict[str, Any]:
        return {"cycles": [c.to_dict() for c in self.cycles], "stopped": self.stopped}


def watch(session: Session, *, once: bool = False, cycles: int | None = None, cluster: bool = True,
          on_cycle: Callable[[CycleReport], None] | None = None) -> WatchReport:
    """Poll due feeds in cycles until the session's ``stop`` is set (or ``once`` / ``cycles`` run out)."""
    out = WatchReport()
    with session:
        if cluster:  # articles a killed run stored but did not get to cluster
            leftover = session.feeds.unclustered_articles()
            if leftover:
                cluster_articles(session, leftover)
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


def fetch_urls(session: Session, urls: Iterable[str], *, cluster: bool = True) -> IngestReport:
    """Fetch single article pages, extract and store them; failures come back as rejections."""
    seen = list(dict.fromkeys(u.strip() for u in urls if u.strip()))
    items: list[RawDoc | Rejection] = []
    with session:
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
    return session.ingest(items, cluster=cluster)
