"""Scheduling fetches: retry timing, the worker threads, the per-host dispatcher, and the Session.

This module holds what decides *when* and *on which thread* a fetch runs, independent of
what is fetched: ``backoff_delay`` (how long a failing feed or page waits before its next
try), ``Workers`` (daemon fetch
threads that cannot hold the process open after Ctrl-C), ``Dispatcher`` (round-robin
hand-out of tasks with a per-host concurrency cap), and ``Session`` (the client, robots
cache, workers and settings one `fetch` or `watch` run shares). It is separate from the
feed/page fetching code and from the cycle so the concurrency machinery can be read and
changed without wading through extraction or store bookkeeping.
"""
from __future__ import annotations

import queue
import threading
from collections import Counter, deque
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Callable, Iterable, Protocol
from urllib.parse import urlsplit

from ..ingest import limits_from_settings
from ..models import IngestReport, RawDoc, Rejection
from ..parallel import PagePool
from .http import HttpConfig, PoliteClient
from .robots import RobotsCache

if TYPE_CHECKING:
    from ..settings import Settings
    from ..store import Store

MIN_BACKOFF = 60.0  # seconds: the first retry of a failing feed or page, whatever the interval


# -- time ------------------------------------------------------------------------------------
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
class Ingest(Protocol):
    """Stores documents as ingest does (the Workspace's ``ingest_docs``)."""

    def __call__(self, docs: Iterable[RawDoc | Rejection], *, cluster: bool) -> IngestReport: ...


class Session:
    """What one `fetch` or `watch` run shares. ``stop`` set = finish up and return.

    ``ingest`` stores documents, ``assign`` gives stored articles their stories: the
    Workspace passes its own, so live ingestion stores exactly as `ingest` does."""

    def __init__(self, store: Store, settings: Settings, ingest: Ingest, assign: Callable[..., object], *,
                 allow_private: bool | None = None, stop: threading.Event | None = None,
                 interval: float | None = None, page_workers: int = 0):
        s = settings
        self.store = store
        self.ingest = ingest
        self.assign = assign
        self.settings = s
        self.stop = stop or threading.Event()
        self.http = HttpConfig.from_settings(s, allow_private)
        self.client = PoliteClient(self.http, self.stop)
        self.robots = RobotsCache(self.client)
        self.n_workers = int(s["fetch_workers"])
        self.workers = Workers(self.n_workers)
        self.limits = limits_from_settings(s)
        # Worker processes that read fetched pages (0: the fetch threads read them).
        self.pages = PagePool(page_workers)
        self.interval = float(s["watch_interval"] if interval is None else interval)
        self.backoff_max = float(s["feed_backoff_max"])
        self.claim_seconds = float(s["watch_claim_seconds"])
        self.full_text_chars = int(s["full_text_chars"])
        self.feeds = store.feeds()

    def dispatcher(self) -> Dispatcher:
        # Twice as many tasks as workers handed out: the workers keep going while the main
        # thread is busy storing a batch. Per host, the limit stays exact.
        return Dispatcher(self.workers, 2 * self.n_workers, self.http.host_concurrency)

    def close(self) -> None:
        self.workers.shutdown()
        self.pages.close(wait=not self.stop.is_set())
        if self.stop.is_set():
            return  # a worker may still be inside the client; it dies with the process
        self.client.close()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
