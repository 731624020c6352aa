"""One watch cycle: poll the due feeds, fetch new items' pages, extract, store, cluster.

This module holds ``run_cycle`` and its bookkeeping: ``CycleReport``, ``_Committer`` (item
outcomes stored with their articles in batches), ``_feed_done`` (a feed's answer recorded
and its next poll scheduled) and ``cluster_articles``. It is separate from ``watch`` (the
loop of cycles and the `fetch` entry point) because it is where the store is written, and
the commit order below is what everything else relies on.

Threads fetch; the main thread alone touches the store. The order of commits is what makes
a restart safe at any instant, SIGKILL included:

1. A feed answered 200: its new items are queued (``feed_items`` rows, status pending, the
   feed's own record of each kept as JSON) in the same transaction that stores the feed's new
   ETag/Last-Modified. A later 304 can therefore never hide an item that was not stored.
2. An item's article is stored and the item marked done in one transaction
   (``ws.ingest_docs`` inside ``store.transaction()``), so an item is never half done.
3. Pending items left by an interrupted run are picked up by the next cycle without
   fetching the feed again; an item whose URL is already stored is marked done unfetched.
"""
from __future__ import annotations

import logging
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Callable, Iterable

from ..dates import utc_iso
from ..models import IngestReport, RawDoc
from ..pipeline import canonical_url
from ..store import Feed, OpenItem
from .errors import FetchError, Stopped
from .feeds import FeedItem
from .pages import Outcome
from .poll import FeedFetch, fetch_feed, process_item
from .schedule import Session, backoff_delay

if TYPE_CHECKING:
    from ..store import Store

log = logging.getLogger("babelwire.live")

MAX_ITEM_ATTEMPTS = 3  # a page that fails this often (timeouts, 5xx) is given up
COMMIT_EVERY = 32  # documents per transaction while a cycle runs ...
COMMIT_SECONDS = 1.0  # ... or this often, so a long cycle shows its articles as they come
STOP_GRACE = 2.0  # seconds in-flight fetches get to finish after Ctrl-C


# -- the cycle -------------------------------------------------------------------------------
@dataclass
class CycleReport:
    feeds_due: int = 0
    feeds_fetched: int = 0  # answered 200 with a feed
    feeds_not_modified: int = 0  # answered 304
    feeds_failed: int = 0
    items_new: int = 0  # queued from the feeds this cycle
    items_done: int = 0  # items finished: stored, or found already stored
    ingested: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    updated: int = 0
    rejected: int = 0  # pages that are not articles, robots.txt refusals, given-up failures
    failed: int = 0  # transient failures, to be retried
    abandoned: int = 0  # left pending by a stop; the next run does them
    requests: int = 0
    seconds: float = 0.0
    stopped: bool = False
    errors: list[dict[str, str]] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    def error(self, where: str, reason: str) -> None:
        if len(self.errors) < 200:
            self.errors.append({"where": where, "reason": reason})

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "article_ids"}
        d["seconds"] = round(self.seconds, 3)
        return d


class _Committer:
    """Collects item outcomes and stores them with their articles, one transaction a batch."""

    def __init__(self, session: Session, report: CycleReport, cluster: bool, now: Callable[[], datetime]):
        self.session, self.report, self.cluster, self.now = session, report, cluster, now
        self.batch: list[tuple[OpenItem, Outcome]] = []
        self.since = time.monotonic()
        self.left = False  # articles left to another worker's clustering

    def add(self, item: OpenItem, outcome: Outcome) -> None:
        if not self.batch:
            self.since = time.monotonic()
        self.batch.append((item, outcome))
        if len(self.batch) >= COMMIT_EVERY:
            self.flush()

    def maybe_flush(self) -> None:
        if self.batch and time.monotonic() - self.since >= COMMIT_SECONDS:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        batch, self.batch = self.batch, []
        s, r, fs = self.session, self.report, self.session.feeds
        store = s.store
        now_dt = self.now()
        now = utc_iso(now_dt)
        docs = [o.doc for _, o in batch if o.status == "doc" and o.doc is not None]
        with store.transaction():
            # Clustering waits until the articles and their items are committed together: it
            # keeps an index outside the database that a rollback could not take back.
            rep = s.ingest(docs, cluster=False) if docs else IngestReport()
            refused = {x.origin: x.reason for x in rep.rejected}
            for item, o in batch:
                status, error, next_try, article = o.status, o.reason, None, o.article_id
                if status == "doc":
                    assert o.doc is not None
                    if o.doc.origin in refused:
                        status, error = "rejected", refused[o.doc.origin]
                    else:
                        status, article = "done", _stored_id(store, o.doc)
                if status == "failed":
                    tries = item.attempts + 1
                    if tries >= MAX_ITEM_ATTEMPTS:
                        status, error = "rejected", f"{error} (gave up after {tries} attempts)"
                    else:
                        delay = backoff_delay(tries, s.interval, s.backoff_max, o.retry_after)
                        next_try = utc_iso(now_dt + timedelta(seconds=delay))
                        r.failed += 1
                if status in ("rejected", "blocked"):
                    r.rejected += 1
                if status == "done":
                    r.items_done += 1
                if error:
                    r.error(o.url or item.url or item.key, error)
                fs.finish_item(item.feed_id, item.key, status=status, now=now, article_id=article,
                               error=error, next_try_at=next_try, url=o.url)
        # Embedding is slow; after Ctrl-C it is left for the next run (see watch()). Another
        # worker clustering the store clusters these too: fetching goes on meanwhile.
        if self.cluster and rep.article_ids and not s.stop.is_set():
            self.left |= not cluster_articles(s, rep.article_ids, wait=False)
        r.ingested += rep.ingested
        r.duplicates += rep.duplicates
        r.near_duplicates += rep.near_duplicates
        r.updated += rep.updated
        r.article_ids += rep.article_ids


def _claim_until(session: Session, clock: Callable[[], datetime]) -> str:
    """Until when a feed or item this worker took stays its own (workers sharing a PostgreSQL
    store skip it meanwhile; if this one dies, another takes it once the time has passed)."""
    return utc_iso(clock() + timedelta(seconds=session.claim_seconds))


def cluster_articles(session: Session, article_ids: list[str], *, wait: bool = True) -> bool:
    """Give new articles their stories, with every other article stored without one (by other
    workers, in arrival order); False: ``wait`` was False and another worker clusters them."""
    return session.assign(list(dict.fromkeys(article_ids)), wait=wait, sweep=True) is not None


def _stored_id(store: Store, doc: RawDoc) -> str | None:
    if doc.id:
        hit = store.find_by_id(doc.id)
        if hit:
            return hit.id
    url = canonical_url(doc.url)
    hit = store.find_by_url(url) if url else None
    return hit.id if hit else None


def run_cycle(session: Session, *, cluster: bool = True, clock: Callable[[], datetime] | None = None) -> CycleReport:
    """Poll every due feed once and work through every open item; returns what happened."""
    clock = clock or (lambda: datetime.now(timezone.utc))
    started = time.monotonic()
    requests_before = session.client.requests
    report = CycleReport()
    fs, store = session.feeds, session.store
    feeds = {f.id: f for f in fs.list()}
    dispatch = session.dispatcher()
    # Due feeds are claimed a few at a time as fetches finish, so workers sharing a store
    # share the work instead of the first one taking every feed; each is fetched once a cycle.
    claimed: set[int] = set()
    feeds_open = [0]
    batch_size = max(4, 2 * session.n_workers)

    def claim_feeds() -> bool:
        got = [f for f in fs.claim_due(utc_iso(clock()), _claim_until(session, clock), limit=batch_size)
               if f.id not in claimed]
        for f in got:
            claimed.add(f.id)
            if f.id in feeds:
                report.feeds_due += 1
                feeds_open[0] += 1
                dispatch.add(f.url, ("feed", f), fetch_feed, session, feeds[f.id])
        return bool(got)

    committer = _Committer(session, report, cluster, clock)
    queued: set[tuple[int, str]] = set()
    # One fetch per URL per cycle: the same story in two feeds of one outlet is common.
    dispatched: set[str] = set()
    deferred: list[tuple[OpenItem, str, str | None]] = []

    def queue_open_items(feed_ids: Iterable[int] | None) -> None:
        for it in fs.claim_items(utc_iso(clock()), _claim_until(session, clock), feed_ids):
            if (it.feed_id, it.key) in queued or it.feed_id not in feeds:
                continue
            queued.add((it.feed_id, it.key))
            try:
                item = FeedItem.from_json(it.data or "{}")
            except (ValueError, TypeError) as e:
                committer.add(it, Outcome("rejected", reason=f"stored item unreadable: {e}"))
                continue
            url = canonical_url(item.url) if item.url else None
            known = store.find_by_url(url) if url else None
            if known is not None:  # stored already (another feed, `fetch`, an earlier run)
                committer.add(it, Outcome("done", article_id=known.id, url=item.url))
            elif item.content and len(item.content) >= session.full_text_chars or not item.url:
                committer.add(it, process_item(session, feeds[it.feed_id], item))
            elif url in dispatched:
                deferred.append((it, url, item.url))
            else:
                dispatched.add(url or item.url)
                dispatch.add(item.url, ("item", it), process_item, session, feeds[it.feed_id], item)

    # Feed outcomes are written in batches: each commit is an fsync, and a cycle of 304s
    # would otherwise be one per feed. Losing a batch in a crash only means polling again.
    feed_results: list[tuple[Feed, Future]] = []
    last_feed_flush = [time.monotonic()]

    def flush_feeds() -> None:
        last_feed_flush[0] = time.monotonic()
        if not feed_results:
            return
        batch = feed_results[:]
        feed_results.clear()
        _record_feeds(session, batch, report, clock)
        changed = [f.id for f, fut in batch if fut.exception() is None and fut.result().status == 200]
        if changed:
            queue_open_items(changed)

    # Items an interrupted run left, and failed ones due for a retry, go first.
    queue_open_items(None)
    more = claim_feeds()

    while (dispatch.busy or more) and not session.stop.is_set():
        if more and feeds_open[0] < session.n_workers:
            more = claim_feeds()
        dispatch.pump()
        fresh_feed = False
        for (kind, ref), fut in dispatch.completed(timeout=0.25):
            exc = fut.exception()
            if isinstance(exc, Stopped):
                continue
            if kind == "feed":
                feeds_open[0] -= 1
                feed_results.append((ref, fut))
                fresh_feed = fresh_feed or (exc is None and fut.result().status == 200)
            else:
                if exc is not None:  # a bug in extraction: contained to this item, retried later
                    outcome = Outcome("failed", reason=f"unexpected error: {type(exc).__name__}: {exc}")
                else:
                    outcome = fut.result()
                committer.add(ref, outcome)
        # A feed with news is recorded at once, so its items start; 304s and errors can wait.
        if fresh_feed or len(feed_results) >= 64 or time.monotonic() - last_feed_flush[0] >= COMMIT_SECONDS:
            flush_feeds()
        committer.maybe_flush()

    if session.stop.is_set():
        report.stopped = True
        report.abandoned += sum(1 for kind, _ref in dispatch.drop_queued() if kind == "item")
        # Fetches in flight get a moment to land; whatever has not is simply left pending.
        deadline = time.monotonic() + STOP_GRACE
        while dispatch.inflight and time.monotonic() < deadline:
            for (kind, ref), fut in dispatch.completed(timeout=0.1):
                if kind == "feed" and not isinstance(fut.exception(), Stopped):
                    feed_results.append((ref, fut))
                elif fut.exception() is None and kind == "item":
                    committer.add(ref, fut.result())
                elif kind == "item":
                    report.abandoned += 1
        report.abandoned += sum(1 for _host, (kind, _ref) in dispatch.inflight.values() if kind == "item")
        # Feeds answered before the stop are recorded (their items stay queued for next time).
        _record_feeds(session, feed_results, report, clock)
        feed_results.clear()
    flush_feeds()
    committer.flush()
    if deferred and not session.stop.is_set():
        for it, url, raw in deferred:  # stored by now unless the first fetch failed
            known = store.find_by_url(url)
            if known is not None:
                committer.add(it, Outcome("done", article_id=known.id, url=raw))
        committer.flush()
    if committer.left and not session.stop.is_set():  # nothing this worker stored stays without a story
        cluster_articles(session, [])
    if report.stopped:  # what this worker took and left is free for the next run at once
        fs.release_items(queued)
    report.requests = session.client.requests - requests_before
    report.seconds = time.monotonic() - started
    return report


def _record_feeds(session: Session, batch: list[tuple[Feed, Future]], report: CycleReport,
                  clock: Callable[[], datetime]) -> None:
    """Record each feed's answer, one transaction for the batch; a feed whose answer cannot
    be recorded (a bug on one of its items) is recorded as failed, the others as they are."""
    store = session.store
    with store.transaction():
        for feed, fut in batch:
            try:
                with store.transaction():  # a savepoint: a failure takes back this feed's rows only
                    _feed_done(session, feed, fut, report, clock)
            except Exception as e:  # noqa: BLE001 - contained to this feed
                log.warning("feed %s: could not record its answer", feed.url, exc_info=e)
                _feed_failed(session, feed, f"unexpected error: {type(e).__name__}: {e}", None, None,
                             report, clock())


def _feed_done(session: Session, feed: Feed, fut: Future, report: CycleReport,
               clock: Callable[[], datetime]) -> None:
    fs = session.feeds
    now_dt = clock()
    now = utc_iso(now_dt)
    next_at = utc_iso(now_dt + timedelta(seconds=session.interval))
    exc = fut.exception()
    if fs.get(feed.id) is None:  # removed (by another process) while it was being fetched
        return
    if exc is None:
        got: FeedFetch = fut.result()
        if got.status == 304:
            report.feeds_not_modified += 1
            fs.record_not_modified(feed.id, now=now, next_at=next_at)
            return
        parsed = got.parsed
        rows = []
        for item in parsed.items:
            item.language = item.language or parsed.language  # the channel's, when the item says none
            rows.append((item.key, item.url, item.to_json()))
        feed.title = parsed.title or feed.title
        new = fs.record_fetched(feed.id, items=rows, status=got.status, etag=got.etag,
                               last_modified=got.last_modified, title=parsed.title, kind=parsed.kind,
                               warning=parsed.warning, now=now, next_at=next_at)
        report.feeds_fetched += 1
        report.items_new += new
        if parsed.warning:
            report.error(feed.url, parsed.warning)
        return
    if isinstance(exc, FetchError):
        reason, status, after = exc.reason, exc.status, exc.retry_after
    else:  # a bug in parsing one feed must not stop the others
        reason, status, after = f"unexpected error: {type(exc).__name__}: {exc}", None, None
        log.warning("feed %s: %s", feed.url, reason, exc_info=exc)
    _feed_failed(session, feed, reason, status, after, report, now_dt)


def _feed_failed(session: Session, feed: Feed, reason: str, status: int | None, after: float | None,
                 report: CycleReport, now_dt: datetime) -> None:
    report.feeds_failed += 1
    report.error(feed.url, reason)
    session.feeds.record_error(
        feed.id, reason=reason, status=status, now=utc_iso(now_dt),
        next_at_for=lambda n: utc_iso(now_dt + timedelta(seconds=backoff_delay(n, session.interval, session.backoff_max, after))),
    )
