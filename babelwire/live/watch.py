"""One watch cycle: poll the due feeds, fetch new items' pages, extract, store, cluster.

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

import hashlib
import itertools
import logging
import queue
import threading
import time
from collections import Counter, deque
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

import httpx

from ..ingest import limits_from_settings, read_bytes
from ..ingest.decode import DecodeError, codec_for, decode
from ..models import IngestReport, RawDoc, Rejection
from ..pipeline import canonical_url
from ..store.sqlite_feeds import Feed, FeedStore, OpenItem
from .errors import FetchError, Stopped
from .feeds import FeedItem, parse_feed
from .http import RETRY_STATUS, HttpConfig, PoliteClient, Response
from .robots import RobotsCache

log = logging.getLogger("babelwire.live")

FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, "
               "application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5")
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
HTML_TYPES = frozenset({"", "text/html", "application/xhtml+xml"})
MAX_ITEM_ATTEMPTS = 3  # a page that fails this often (timeouts, 5xx) is given up
MIN_BACKOFF = 60.0  # seconds: the first retry of a failing feed or page, whatever the interval
COMMIT_EVERY = 32  # documents per transaction while a cycle runs ...
COMMIT_SECONDS = 1.0  # ... or this often, so a long cycle shows its articles as they come
STOP_GRACE = 2.0  # seconds in-flight fetches get to finish after Ctrl-C


# -- time ------------------------------------------------------------------------------------
def iso(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).isoformat(timespec="seconds")


def backoff_delay(failures: int, interval: float, cap: float, retry_after: float | None = None) -> float:
    """Seconds before the next try after ``failures`` consecutive failures: doubling, capped."""
    base = max(interval, MIN_BACKOFF)
    delay = min(base * 2 ** min(max(failures - 1, 0), 30), max(cap, base))
    return max(delay, retry_after or 0.0)


# -- workers ---------------------------------------------------------------------------------
class Workers:
    """A few daemon threads: unlike ThreadPoolExecutor's, a fetch stuck in a socket read
    cannot hold the process open after Ctrl-C; its item simply stays pending."""

    def __init__(self, n: int):
        self._q: queue.SimpleQueue = queue.SimpleQueue()
        self._threads = [threading.Thread(target=self._run, daemon=True, name=f"babelwire-fetch-{i}")
                         for i in range(n)]
        for t in self._threads:
            t.start()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        fut: Future = Future()
        self._q.put((fut, fn, args))
        return fut

    def _run(self) -> None:
        while True:
            job = self._q.get()
            if job is None:
                return
            fut, fn, args = job
            if not fut.set_running_or_notify_cancel():
                continue
            try:
                fut.set_result(fn(*args))
            except BaseException as e:  # handed to the main thread, which decides
                fut.set_exception(e)

    def shutdown(self) -> None:
        for _ in self._threads:
            self._q.put(None)


class Dispatcher:
    """Queues tasks per host and hands them to the workers in turn, at most ``per_host`` in
    flight for one host, so one slow or rate-limited site never occupies every worker."""

    def __init__(self, workers: Workers, total: int, per_host: int):
        self.workers, self.total, self.per_host = workers, total, per_host
        self.queues: dict[str, deque] = {}
        self.order: deque[str] = deque()
        self.inflight: dict[Future, tuple[str, Any]] = {}
        self.by_host: Counter[str] = Counter()
        self._done: queue.SimpleQueue = queue.SimpleQueue()

    def add(self, url: str, tag: Any, fn: Callable[..., Any], *args: Any) -> None:
        host = (urlsplit(url).hostname or "").lower()
        if host not in self.queues:
            self.queues[host] = deque()
            self.order.append(host)
        self.queues[host].append((tag, fn, args))

    def pump(self) -> None:
        idle_rounds = 0
        while len(self.inflight) < self.total and self.order and idle_rounds < len(self.order):
            host = self.order[0]
            self.order.rotate(-1)
            q = self.queues[host]
            if not q or self.by_host[host] >= self.per_host:
                idle_rounds += 1
                if not q and self.by_host[host] == 0:
                    del self.queues[host]
                    self.order.remove(host)
                    idle_rounds = 0
                continue
            idle_rounds = 0
            tag, fn, args = q.popleft()
            fut = self.workers.submit(fn, *args)
            self.inflight[fut] = (host, tag)
            self.by_host[host] += 1
            fut.add_done_callback(self._done.put)

    @property
    def busy(self) -> bool:
        return bool(self.inflight) or any(self.queues.values())

    def queued(self) -> int:
        return sum(len(q) for q in self.queues.values())

    def drop_queued(self) -> list[Any]:
        """Forget the tasks not started yet; returns their tags."""
        tags = [tag for q in self.queues.values() for tag, _fn, _args in q]
        for q in self.queues.values():
            q.clear()
        return tags

    def completed(self, timeout: float) -> list[tuple[Any, Future]]:
        """Tasks finished since the last call, waiting up to ``timeout`` for the first."""
        out = []
        try:
            fut = self._done.get(timeout=timeout) if self.inflight else None
        except queue.Empty:
            fut = None
        while fut is not None:
            if fut in self.inflight:
                host, tag = self.inflight.pop(fut)
                self.by_host[host] -= 1
                out.append((tag, fut))
            try:
                fut = self._done.get_nowait()
            except queue.Empty:
                fut = None
        return out


# -- one session: client, robots, workers ----------------------------------------------------
class Session:
    """What one `fetch` or `watch` run shares. ``stop`` set = finish up and return."""

    def __init__(self, ws: Any, *, allow_private: bool | None = None, stop: threading.Event | None = None,
                 interval: float | None = None):
        s = ws.settings
        self.ws = ws
        self.settings = s
        self.stop = stop or threading.Event()
        self.http = HttpConfig.from_settings(s, allow_private)
        self.client = PoliteClient(self.http, self.stop)
        self.robots = RobotsCache(self.client)
        self.n_workers = int(s["fetch_workers"])
        self.workers = Workers(self.n_workers)
        self.limits = limits_from_settings(s)
        self.interval = float(s["watch_interval"] if interval is None else interval)
        self.backoff_max = float(s["feed_backoff_max"])
        self.full_text_chars = int(s["full_text_chars"])
        self.feeds = FeedStore(ws.store)

    def dispatcher(self) -> Dispatcher:
        # Twice as many tasks as workers handed out: the workers keep going while the main
        # thread is busy storing a batch. Per host, the limit stays exact.
        return Dispatcher(self.workers, 2 * self.n_workers, self.http.host_concurrency)

    def close(self) -> None:
        self.workers.shutdown()
        if self.stop.is_set():
            return  # a worker may still be inside the client; it dies with the process
        self.client.close()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- outcomes of fetching one item -----------------------------------------------------------
@dataclass
class Outcome:
    status: str  # doc | done | rejected | failed | blocked
    doc: RawDoc | None = None
    reason: str | None = None
    retry_after: float | None = None
    article_id: str | None = None
    url: str | None = None


def _status_error(resp: Response) -> FetchError:
    phrase = httpx.codes.get_reason_phrase(resp.status)
    transient = resp.status in RETRY_STATUS or resp.status >= 500
    return FetchError(f"HTTP {resp.status}{' ' + phrase if phrase else ''}", url=resp.url,
                      transient=transient, status=resp.status, retry_after=resp.retry_after)


def page_to_doc(resp: Response, *, origin: str, limits: dict[str, int]) -> RawDoc | Rejection:
    """The article in an HTML response, through the shared HTML reader."""
    ctype = resp.content_type
    if ctype not in HTML_TYPES:
        return Rejection(origin, f"not an HTML page (content type {ctype})")
    declared = codec_for(resp.charset) if resp.charset else None
    try:
        # The HTTP charset outranks the page's own <meta> (HTML spec), unless it claims UTF-8,
        # which misconfigured servers say of everything; decode() tries UTF-8 first anyway.
        decoded = decode(resp.content, declared=None if declared == "utf-8" else declared, html=True)
    except DecodeError as e:
        return Rejection(origin, e.reason)
    # Handed on as UTF-8, so the reader cannot second-guess the charset chosen above.
    got = list(read_bytes(decoded.text.encode("utf-8"), name=origin, kind="html", **limits))
    doc = next((d for d in got if isinstance(d, RawDoc)), None)
    if doc is None:
        return next((d for d in got if isinstance(d, Rejection)), Rejection(origin, "no article text found in HTML"))
    doc.metadata["encoding"] = decoded.encoding
    final_host = (urlsplit(resp.url).hostname or "").lower()
    # A page may name its canonical URL, but only on its own host: article identity follows
    # the URL, so a foreign canonical would let one site overwrite another's articles.
    if not (doc.url and (urlsplit(doc.url).hostname or "").lower() == final_host):
        doc.url = resp.url
    if resp.redirects:
        doc.metadata["requested_url"] = resp.redirects[0]
    return doc


def fetch_page(session: Session, url: str) -> Outcome:
    """Fetch and extract one page; every failure becomes an Outcome, Stopped propagates."""
    try:
        if not session.robots.allowed(url):
            return Outcome("blocked", reason=session.robots.why_not(url), url=url)
        resp = session.client.get(url, {"Accept": PAGE_ACCEPT})
        if resp.status != 200:
            raise _status_error(resp)
        got = page_to_doc(resp, origin=url, limits=session.limits)
    except FetchError as e:
        return Outcome("failed" if e.transient else "rejected", reason=e.reason, retry_after=e.retry_after, url=url)
    if isinstance(got, Rejection):
        return Outcome("rejected", reason=got.reason, url=url)
    return Outcome("doc", doc=got, url=url)


def _item_doc(feed: Feed, item: FeedItem, page: RawDoc | None) -> RawDoc:
    """The RawDoc for a feed item: the feed's statements first, the page's to fill gaps."""
    origin = item.url or f"{feed.url}#{item.key}"
    metadata: dict[str, Any] = dict(page.metadata) if page else {}
    metadata.update({"feed": feed.url, "feed_item": item.key})
    if feed.country:
        metadata["country"] = feed.country
    if item.author:
        metadata["author"] = item.author
    if item.tags:
        metadata["tags"] = item.tags
    metadata["full_text_from"] = "page" if page else "feed"
    doc = RawDoc(
        text=page.text if page else (item.content or ""),
        title=item.title or (page.title if page else None),
        url=(page.url if page else None) or item.url,
        # The person's name for the feed, else the site's own name, else the channel title.
        source=feed.name or (page.source if page else None) or feed.title,
        # An item with neither link nor page gets a stable id from its feed and guid.
        id=None if (item.url or page) else "feed-" + hashlib.sha256(f"{feed.url}\x1f{item.key}".encode()).hexdigest()[:16],
        published=item.published or (page.published if page else None),
        language=feed.language or item.language,
        origin=origin,
        metadata=metadata,
    )
    return doc


def process_item(session: Session, feed: Feed, item: FeedItem) -> Outcome:
    """Worker side of one item: fetch its page unless the feed carries the full text."""
    if item.content and len(item.content) >= session.full_text_chars:
        return Outcome("doc", doc=_item_doc(feed, item, None), url=item.url)
    if not item.url:
        return Outcome("rejected", reason="item has neither a link nor full text")
    got = fetch_page(session, item.url)
    if got.status == "doc":
        got.doc = _item_doc(feed, item, got.doc)
    return got


@dataclass
class FeedFetch:
    status: int
    parsed: Any = None
    etag: str | None = None
    last_modified: str | None = None


def fetch_feed(session: Session, feed: Feed) -> FeedFetch:
    headers = {"Accept": FEED_ACCEPT}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    resp = session.client.get(feed.url, headers)
    if resp.status == 304:
        return FeedFetch(304)
    if resp.status != 200:
        raise _status_error(resp)
    parsed = parse_feed(resp.content, url=resp.url, content_type=resp.content_type,
                        headers=dict(resp.headers), full_text_chars=session.full_text_chars)
    return FeedFetch(200, parsed, resp.headers.get("etag"), resp.headers.get("last-modified"))


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
        store = s.ws.store
        now_dt = self.now()
        now = iso(now_dt)
        docs = [o.doc for _, o in batch if o.status == "doc" and o.doc is not None]
        with store.transaction():
            # Clustering waits until the articles and their items are committed together: it
            # keeps an index outside the database that a rollback could not take back.
            rep = s.ws.ingest_docs(docs, cluster=False) if docs else IngestReport()
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
                        next_try = iso(now_dt + timedelta(seconds=delay))
                        r.failed += 1
                if status in ("rejected", "blocked"):
                    r.rejected += 1
                if status == "done":
                    r.items_done += 1
                if error:
                    r.error(o.url or item.url or item.key, error)
                fs.finish_item(item.feed_id, item.key, status=status, now=now, article_id=article,
                               error=error, next_try_at=next_try, url=o.url)
        # Embedding is slow; after Ctrl-C it is left for the next run (see watch()).
        if self.cluster and rep.article_ids and not s.stop.is_set():
            cluster_articles(s.ws, rep.article_ids)
        r.ingested += rep.ingested
        r.duplicates += rep.duplicates
        r.near_duplicates += rep.near_duplicates
        r.updated += rep.updated
        r.article_ids += rep.article_ids


def cluster_articles(ws: Any, article_ids: list[str]) -> None:
    """Give new articles their stories, as `ingest_docs(cluster=True)` would have."""
    clusterer = getattr(ws, "clusterer", None)
    if clusterer is not None:  # None: a workspace without story clustering
        clusterer().add(list(dict.fromkeys(article_ids)))


def _stored_id(store: Any, doc: RawDoc) -> str | None:
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
    fs, store = session.feeds, session.ws.store
    feeds = {f.id: f for f in fs.list()}
    due = [feeds[f.id] for f in fs.due(iso(clock())) if f.id in feeds]
    report.feeds_due = len(due)
    dispatch = session.dispatcher()
    committer = _Committer(session, report, cluster, clock)
    queued: set[tuple[int, str]] = set()
    # One fetch per URL per cycle: the same story in two feeds of one outlet is common.
    dispatched: set[str] = set()
    deferred: list[tuple[OpenItem, str, str | None]] = []

    def queue_open_items(feed_ids: Iterable[int] | None) -> None:
        for it in fs.open_items(iso(clock()), feed_ids):
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
        with store.transaction():
            for feed, fut in batch:
                _feed_done(session, feed, fut, report, clock)
        changed = [f.id for f, fut in batch if fut.exception() is None and fut.result().status == 200]
        if changed:
            queue_open_items(changed)

    # Items an interrupted run left, and failed ones due for a retry, go first.
    queue_open_items(None)
    for feed in due:
        dispatch.add(feed.url, ("feed", feed), fetch_feed, session, feed)

    while dispatch.busy and not session.stop.is_set():
        dispatch.pump()
        fresh_feed = False
        for (kind, ref), fut in dispatch.completed(timeout=0.25):
            exc = fut.exception()
            if isinstance(exc, Stopped):
                continue
            if kind == "feed":
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
        with store.transaction():
            for feed, fut in feed_results:
                _feed_done(session, feed, fut, report, clock)
        feed_results.clear()
    flush_feeds()
    committer.flush()
    if deferred and not session.stop.is_set():
        for it, url, raw in deferred:  # stored by now unless the first fetch failed
            known = store.find_by_url(url)
            if known is not None:
                committer.add(it, Outcome("done", article_id=known.id, url=raw))
        committer.flush()
    report.requests = session.client.requests - requests_before
    report.seconds = time.monotonic() - started
    return report


def _feed_done(session: Session, feed: Feed, fut: Future, report: CycleReport,
               clock: Callable[[], datetime]) -> None:
    fs = session.feeds
    now_dt = clock()
    now = iso(now_dt)
    next_at = iso(now_dt + timedelta(seconds=session.interval))
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
    report.feeds_failed += 1
    report.error(feed.url, reason)
    fs.record_error(
        feed.id, reason=reason, status=status, now=now,
        next_at_for=lambda n: iso(now_dt + timedelta(seconds=backoff_delay(n, session.interval, session.backoff_max, after))),
    )


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
    with Session(ws, allow_private=allow_private, stop=stop, interval=interval) as session:
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
    with Session(ws, allow_private=allow_private, stop=stop) as session:
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
