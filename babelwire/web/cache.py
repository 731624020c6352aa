"""Rendered GET responses kept in memory, at most ``stale`` seconds behind the store.

A page is a function of its URL and the store's contents, so a response can be served again
while the store's change counter (migration 0007: articles, stories, merges, vectors; not
derived caches such as briefs) stays where it was when the page was rendered. The counter is
read at most every ``poll`` seconds (never more than ``stale``), and the requests arriving
meanwhile use that reading: on SQLite the read is one indexed read on a connection of the cache's
own, on the event loop, so a hit never waits for a worker thread; on PostgreSQL it is a pooled
round trip, so it runs on a thread of its own (``executor``) and the requests that need a newer
reading wait together for one read instead of each blocking the loop (BENCHMARKS.md, "Web app
under load").

Bounded staleness: each entry remembers the counter value (generation) it was rendered under.
When the counter moves, older entries are not dropped at once: one may still be served, marked
``X-Cache: stale``, for up to ``stale`` seconds after the last reading that still showed its
generation began (the write came after that); after that it is a miss and is rendered again
under the current generation. A request uses a reading begun at most ``poll`` seconds before it
arrived (with ``poll`` 0: begun after it arrived), so an entry served as current is at most
``poll`` behind. So a page is never more than ``stale`` seconds behind the store, and a writer committing all the
time costs at most one render per URL per window instead of one per request (issue 17: one
writer committing every 16 articles took list pages from 4,632 to 196 requests/s). ``stale=0``
drops everything as soon as the counter moves. Entries also expire after ``ttl`` seconds, a
bound on anything a page might show that does not come from the store.

Clients get a weak ETag derived from the served entry's generation and the URL, and ``304 Not
Modified`` when the tag they send is the one that would be served. Written here rather than
taken from a library: the HTTP caching packages for ASGI cache by time only, and correctness
here comes from the store's counter.
"""
from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from collections import OrderedDict
from concurrent.futures import Executor
from typing import Any, Callable

# Paths never cached: StaticFiles does its own conditional requests; the upload form is tiny.
_SKIP_PREFIXES = ("/static", "/ingest", "/alerts", "/api/alerts", "/api/watchlists")  # alerts: not counted by change_counter


class _Entry:
    __slots__ = ("status", "headers", "body", "expires", "gen", "etag")

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes, expires: float,
                 gen: int, etag: bytes):
        self.status, self.headers, self.body, self.expires = status, headers, body, expires
        self.gen, self.etag = gen, etag


def _etag(gen: int, key: bytes) -> bytes:
    return b'W/"%d-%s"' % (gen, hashlib.blake2b(key, digest_size=6).hexdigest().encode())


class ResponseCache:
    """ASGI middleware: serve repeated GETs from memory, at most ``stale`` seconds behind the store.

    ``counter`` returns the store's change count (or None: then nothing is cached). Bounded
    by ``max_bytes`` in all and ``max_entry_bytes`` per response, least recently used first
    out; entries older than the current generation are served for at most ``stale`` seconds
    after the counter moved past them (0: dropped at once). ``poll``: most seconds a counter
    reading is used for (capped by ``stale``); ``executor``: where the counter is read (None: on
    the event loop, for a local store).
    """

    def __init__(
        self,
        app: Any,
        counter: Callable[[], int | None],
        *,
        max_bytes: int = 64 * 1024 * 1024,
        max_entry_bytes: int = 4 * 1024 * 1024,
        ttl: float = 300.0,
        stale: float = 0.0,
        poll: float = 0.0,
        executor: Executor | None = None,
    ):
        self.app = app
        self.counter = counter
        self.max_bytes = int(max_bytes)
        self.max_entry_bytes = min(int(max_entry_bytes), self.max_bytes)
        self.ttl = float(ttl)
        self.stale = max(float(stale), 0.0)
        self.poll = min(max(float(poll), 0.0), self.stale)
        self.executor = executor
        self._read_at = float("-inf")  # when the latest counter reading began
        self._reading: asyncio.Future | None = None  # the reading in flight on the executor
        self._entries: OrderedDict[bytes, _Entry] = OrderedDict()
        self._bytes = 0
        self._generation: int | None = None
        # generation -> when the cache first saw the counter move past it (only within the window)
        self._superseded: dict[int, float] = {}
        self._lock = threading.Lock()
        self.hits = self.misses = self.stale_hits = 0

    # -- bookkeeping ----------------------------------------------------------------------
    def _read(self) -> int | None:
        try:
            return self.counter()
        except Exception:  # a store that cannot say: serve everything fresh
            return None

    def _advance(self, gen: int | None, began: float) -> None:
        """Take a reading of the counter begun at ``began``."""
        with self._lock:
            last_seen = self._read_at  # the store still held the old generation then
            self._read_at = max(self._read_at, began)
            if gen != self._generation:
                if self.stale <= 0 or gen is None or self._generation is None:
                    self._entries.clear()
                    self._bytes = 0
                    self._superseded.clear()
                else:
                    self._superseded.setdefault(self._generation, last_seen)
                    self._superseded.pop(gen, None)  # a counter that went back: current again
                    # forget windows that have closed; their entries become misses when next asked
                    now = time.monotonic()
                    for old in [g for g, t in self._superseded.items() if now - t > self.stale]:
                        del self._superseded[old]
                self._generation = gen

    async def _current(self) -> int | None:
        """The generation to serve a request arriving now under (None: do not cache)."""
        arrival = time.monotonic()
        if self.executor is None:
            if self._read_at < arrival - self.poll:
                self._advance(self._read(), arrival)
            return self._generation
        while self._read_at < arrival - self.poll:
            if self._reading is None:
                self._reading = asyncio.ensure_future(self._refresh())
            # shielded: a client that goes away does not cancel the reading others wait for
            await asyncio.shield(self._reading)
        return self._generation

    async def _refresh(self) -> None:
        began = time.monotonic()
        try:
            gen = await asyncio.get_running_loop().run_in_executor(self.executor, self._read)
        except Exception:
            gen = None
        finally:
            self._reading = None
        self._advance(gen, began)

    def _servable(self, gen: int, now: float) -> bool | None:
        """True: current; False: stale but within the window; None: too old to serve."""
        if gen == self._generation:
            return True
        since = self._superseded.get(gen)
        if since is None or now - since > self.stale:
            return None
        return False

    def _get(self, key: bytes) -> tuple[_Entry | None, bool]:
        """The entry to serve for ``key`` (or None) and whether it is of the current generation."""
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None, False
            fresh = self._servable(entry.gen, now)
            if fresh is None or entry.expires < now:
                self._drop(key)
                return None, False
            self._entries.move_to_end(key)
            return entry, fresh

    def _put(self, key: bytes, entry: _Entry) -> None:
        size = len(entry.body) + 256
        with self._lock:
            # the store may have moved while this was rendered: keep it only while servable,
            # and never in place of a newer rendering of the same URL
            if self._servable(entry.gen, time.monotonic()) is None:
                return
            old = self._entries.get(key)
            if old is not None:
                if old.gen > entry.gen:
                    return
                self._drop(key)
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                self._drop(next(iter(self._entries)))

    def _drop(self, key: bytes) -> None:
        entry = self._entries.pop(key)
        self._bytes -= len(entry.body) + 256

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"entries": len(self._entries), "bytes": self._bytes, "hits": self.hits,
                    "stale_hits": self.stale_hits, "misses": self.misses}

    # -- ASGI -----------------------------------------------------------------------------
    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or self.max_bytes <= 0
            or scope["path"].startswith(_SKIP_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        gen = await self._current()
        if gen is None:
            await self.app(scope, receive, send)
            return
        # the reader-language cookie changes the page (web/pages.py): part of the key
        key = scope["path"].encode("utf-8", "surrogateescape") + b"?" + scope.get("query_string", b"") + \
            b"#" + _lang_cookie(scope)
        head = scope["method"] == "HEAD"
        entry, fresh = self._get(key)
        # what would be served: the cached entry's tag, else that of a rendering under `gen`
        etag = entry.etag if entry is not None else _etag(gen, key)

        if _matches(scope, etag):
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(b"etag", etag), (b"cache-control", b"no-cache")]})
            await send({"type": "http.response.body", "body": b""})
            return

        if entry is not None:
            if fresh:
                self.hits += 1
            else:
                self.stale_hits += 1
            await send({"type": "http.response.start", "status": entry.status,
                        "headers": entry.headers + [(b"x-cache", b"hit" if fresh else b"stale")]})
            await send({"type": "http.response.body", "body": b"" if head else entry.body})
            return
        self.misses += 1

        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        size = 0
        keep = not head

        async def capture(message: dict) -> None:
            nonlocal size, keep
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in (b"etag", b"cache-control")]
                cacheable = message["status"] == 200 and not any(k.lower() == b"set-cookie" for k, _ in headers)
                keep = keep and cacheable
                if message["status"] == 200:
                    headers += [(b"etag", etag), (b"cache-control", b"no-cache")]
                start.update(status=message["status"], headers=headers)
                message = dict(message, headers=headers + [(b"x-cache", b"miss")])
            elif message["type"] == "http.response.body" and keep:
                body = message.get("body", b"")
                size += len(body)
                if size > self.max_entry_bytes:
                    keep = False
                    chunks.clear()
                else:
                    chunks.append(body)
                if not message.get("more_body", False) and keep:
                    self._put(key, _Entry(start["status"], start["headers"], b"".join(chunks),
                                          time.monotonic() + self.ttl, gen, etag))
            await send(message)

        await self.app(scope, receive, capture)


def _lang_cookie(scope: dict) -> bytes:
    for name, value in scope["headers"]:
        if name == b"cookie":
            for part in value.split(b";"):
                k, _, v = part.strip().partition(b"=")
                if k == b"babelwire_lang":
                    return v[:16]
    return b""


def _matches(scope: dict, etag: bytes) -> bool:
    for name, value in scope["headers"]:
        if name == b"if-none-match":
            return any(tag.strip() in (etag, b"*", etag[2:]) for tag in value.split(b","))
    return False
