"""Rendered GET responses kept in memory until what a reader can see changes.

A page is a function of its URL and the store's contents, so a response can be served again
until the store's change counter moves (migration 0007: articles, stories, merges, vectors;
not derived caches such as briefs). Checking the counter is one indexed read on a connection
of the cache's own, on the event loop: a hit never waits for a worker thread, which is what
lets list and story pages keep up with many readers on two cores (BENCHMARKS.md, "Web app
under load"). Entries also expire after ``ttl`` seconds, a bound on anything a page might
show that does not come from the store.

Clients get a weak ETag derived from the counter and the URL, and ``304 Not Modified`` when
they send it back. Written here rather than taken from a library: the HTTP caching packages
for ASGI cache by time only, and correctness here comes from the store's counter.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from typing import Any, Callable

# Paths never cached: StaticFiles does its own conditional requests; the upload form is tiny.
_SKIP_PREFIXES = ("/static", "/ingest")


class _Entry:
    __slots__ = ("status", "headers", "body", "expires")

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes, expires: float):
        self.status, self.headers, self.body, self.expires = status, headers, body, expires


class ResponseCache:
    """ASGI middleware: serve repeated GETs from memory while the store is unchanged.

    ``counter`` returns the store's change count (or None: then nothing is cached). Bounded
    by ``max_bytes`` in all and ``max_entry_bytes`` per response, least recently used first
    out; the whole cache is dropped when the counter moves.
    """

    def __init__(
        self,
        app: Any,
        counter: Callable[[], int | None],
        *,
        max_bytes: int = 64 * 1024 * 1024,
        max_entry_bytes: int = 4 * 1024 * 1024,
        ttl: float = 300.0,
    ):
        self.app = app
        self.counter = counter
        self.max_bytes = int(max_bytes)
        self.max_entry_bytes = min(int(max_entry_bytes), self.max_bytes)
        self.ttl = float(ttl)
        self._entries: OrderedDict[bytes, _Entry] = OrderedDict()
        self._bytes = 0
        self._generation: int | None = None
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    # -- bookkeeping ----------------------------------------------------------------------
    def _current(self) -> int | None:
        try:
            gen = self.counter()
        except Exception:  # a store that cannot say: serve everything fresh
            return None
        with self._lock:
            if gen != self._generation:
                self._entries.clear()
                self._bytes = 0
                self._generation = gen
        return gen

    def _get(self, key: bytes) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.expires < time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def _put(self, key: bytes, gen: int, entry: _Entry) -> None:
        size = len(entry.body) + 256
        with self._lock:
            if gen != self._generation:  # the store moved while this was rendered
                return
            if key in self._entries:
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
            return {"entries": len(self._entries), "bytes": self._bytes, "hits": self.hits, "misses": self.misses}

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
        gen = self._current()
        if gen is None:
            await self.app(scope, receive, send)
            return
        # the reader-language cookie changes the page (web/pages.py): part of the key
        key = scope["path"].encode("utf-8", "surrogateescape") + b"?" + scope.get("query_string", b"") + \
            b"#" + _lang_cookie(scope)
        etag = b'W/"%d-%s"' % (gen, hashlib.blake2b(key, digest_size=6).hexdigest().encode())
        head = scope["method"] == "HEAD"

        if _matches(scope, etag):
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(b"etag", etag), (b"cache-control", b"no-cache")]})
            await send({"type": "http.response.body", "body": b""})
            return

        entry = self._get(key)
        if entry is not None:
            self.hits += 1
            await send({"type": "http.response.start", "status": entry.status,
                        "headers": entry.headers + [(b"x-cache", b"hit")]})
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
                    self._put(key, gen, _Entry(start["status"], start["headers"], b"".join(chunks),
                                               time.monotonic() + self.ttl))
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
