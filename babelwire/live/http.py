"""The polite HTTP client every feed and page fetch goes through.

httpx underneath, with what a good citizen of the web needs on top: a clear User-Agent,
connect/read/total timeouts, bounded retries with exponential backoff that honour
Retry-After, conditional GET headers passed through, redirects followed by hand (so each
hop is re-checked and loops are named), bodies streamed and aborted past a size cap,
a per-host limit on requests in flight and a minimum gap between two requests to a host.
Workers are threads; a shared ``stop`` event makes every wait and every stream give up
promptly when the user presses Ctrl-C.
"""
from __future__ import annotations

import email.utils
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterator, Mapping
from urllib.parse import urldefrag, urljoin, urlsplit

import httpcore
import httpx

from ..version import __version__
from .errors import FetchError, Stopped, TooLarge
from .safety import AddressPolicy, CheckedBackend, DeadlinePassed, check_url, total_deadline

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_WAIT_INSIDE_FETCH = 60.0  # a longer Retry-After is left to the feed scheduler
MB = 1024 * 1024


def default_user_agent() -> str:
    return f"babelwire/{__version__} (+https://github.com/babelwire)"


@dataclass(frozen=True)
class HttpConfig:
    user_agent: str = field(default_factory=default_user_agent)
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    retries: int = 2
    backoff: float = 1.0
    max_bytes: int = 5 * MB
    max_redirects: int = 5
    host_concurrency: int = 2
    politeness_delay: float = 1.0
    policy: AddressPolicy = AddressPolicy()

    @classmethod
    def from_settings(cls, s: Mapping[str, Any], allow_private: bool | None = None) -> "HttpConfig":
        allow = s.get("allow_private_addresses", False) if allow_private is None else allow_private
        return cls(
            user_agent=s.get("user_agent") or default_user_agent(),
            connect_timeout=s["http_connect_timeout"],
            read_timeout=s["http_read_timeout"],
            total_timeout=s["http_total_timeout"],
            retries=s["http_retries"],
            backoff=s["http_backoff"],
            max_bytes=int(s["max_response_mb"] * MB),
            max_redirects=s["max_redirects"],
            host_concurrency=s["host_concurrency"],
            politeness_delay=s["politeness_delay"],
            policy=AddressPolicy(allow_private=bool(allow)),
        )


@dataclass
class Response:
    url: str  # after redirects
    status: int
    headers: httpx.Headers
    content: bytes = b""
    redirects: list[str] = field(default_factory=list)  # the URLs before ``url``

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None

    @property
    def retry_after(self) -> float | None:
        return parse_retry_after(self.headers.get("retry-after"))


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class HostGate:
    """At most ``concurrency`` requests in flight per host, and starts ``delay`` s apart."""

    def __init__(self, concurrency: int, delay: float, stop: threading.Event):
        self.concurrency, self.delay, self.stop = concurrency, delay, stop
        self._lock = threading.Lock()
        self._sems: dict[str, threading.BoundedSemaphore] = {}
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, delay: float) -> None:
        """A per-host gap larger than the default (robots.txt Crawl-delay)."""
        with self._lock:
            self._delays[host] = max(self.delay, delay)

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            sem = self._sems.setdefault(host, threading.BoundedSemaphore(self.concurrency))
        while not sem.acquire(timeout=0.2):
            if self.stop.is_set():
                raise Stopped()
        try:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next.get(host, 0.0))
                self._next[host] = start + self._delays.get(host, self.delay)
            if start > now and self.stop.wait(start - now):
                raise Stopped()
            yield
        finally:
            sem.release()


class _Transport(httpx.HTTPTransport):
    """httpx's transport with our socket opener (address checks at connect time)."""

    def __init__(self, policy: AddressPolicy, limits: httpx.Limits):
        super().__init__(trust_env=False, limits=limits)
        self._pool.close()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=CheckedBackend(policy),
        )


class PoliteClient:
    """Thread-safe; one per command run. ``get`` returns the final response of any status."""

    def __init__(self, config: HttpConfig | None = None, stop: threading.Event | None = None):
        self.config = config or HttpConfig()
        self.stop = stop or threading.Event()
        self.gate = HostGate(self.config.host_concurrency, self.config.politeness_delay, self.stop)
        c = self.config
        self._client = httpx.Client(
            transport=_Transport(c.policy, httpx.Limits(max_connections=64, max_keepalive_connections=32)),
            follow_redirects=False,  # by hand: each hop re-checked, loops reported
            trust_env=False,  # a proxy from the environment would bypass the address checks
            timeout=httpx.Timeout(connect=c.connect_timeout, read=c.read_timeout,
                                  write=c.read_timeout, pool=c.total_timeout),
            headers={"User-Agent": c.user_agent},
        )
        self.requests = 0  # counted for reports and benchmarks
        self._count_lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "PoliteClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, headers: Mapping[str, str] | None = None, *,
            max_bytes: int | None = None) -> Response:
        """GET ``url`` following redirects, retrying transient failures.

        Raises FetchError (network failures after the last retry, unsafe addresses,
        oversized bodies, redirect loops) or Stopped. HTTP error statuses are returned.
        """
        c = self.config
        attempt = 0
        while True:
            try:
                resp = self._follow(url, headers or {}, max_bytes or c.max_bytes)
            except FetchError as e:
                if not e.transient or attempt >= c.retries:
                    raise
                wait = c.backoff * 2 ** attempt
            else:
                if resp.status not in RETRY_STATUS or attempt >= c.retries:
                    return resp
                after = resp.retry_after
                if after is not None and after > MAX_WAIT_INSIDE_FETCH:
                    return resp  # the caller schedules the next try that far ahead
                wait = max(after or 0.0, c.backoff * 2 ** attempt)
            attempt += 1
            if self.stop.wait(wait):
                raise Stopped()

    def _follow(self, url: str, headers: Mapping[str, str], max_bytes: int) -> Response:
        seen = [urldefrag(check_url(url))[0]]
        for _hop in range(self.config.max_redirects + 1):
            resp = self._once(seen[-1], headers, max_bytes)
            location = resp.headers.get("location")
            if resp.status not in REDIRECTS or not location:
                resp.redirects = seen[:-1]
                return resp
            nxt = urldefrag(urljoin(seen[-1], location.strip()))[0]
            check_url(nxt)
            if nxt in seen:
                raise FetchError(f"redirect loop: {' -> '.join(seen[seen.index(nxt):] + [nxt])}")
            seen.append(nxt)
        raise FetchError(f"too many redirects (more than {self.config.max_redirects}; "
                         f"setting max_redirects), last {seen[-1]}")

    def _once(self, url: str, headers: Mapping[str, str], max_bytes: int) -> Response:
        c = self.config
        host = (urlsplit(url).hostname or "").lower()
        with self.gate.slot(host):
            if self.stop.is_set():
                raise Stopped()
            with self._count_lock:
                self.requests += 1
            deadline = time.monotonic() + c.total_timeout
            over = FetchError(f"response took longer than {c.total_timeout:g} s in all "
                              f"(setting http_total_timeout)", url=url, transient=True)
            try:
                with total_deadline(deadline), self._client.stream("GET", url, headers=dict(headers)) as r:
                    resp = Response(str(r.url), r.status_code, r.headers)
                    if r.status_code != 200:
                        return resp  # redirects, 304 and errors: the body is not needed
                    size = r.headers.get("content-length", "")
                    if size.isdigit() and int(size) > max_bytes:
                        raise TooLarge(_too_big(int(size), max_bytes), url=url)
                    buf = bytearray()
                    for chunk in r.iter_bytes():  # decompressed: the cap also stops gzip bombs
                        buf += chunk
                        if len(buf) > max_bytes:
                            raise TooLarge(_too_big(None, max_bytes), url=url)
                        if time.monotonic() > deadline:
                            raise over
                        if self.stop.is_set():
                            raise Stopped()
                    resp.content = bytes(buf)
                    return resp
            except httpx.TimeoutException as e:
                if time.monotonic() >= deadline or _deadline_struck(e):
                    raise over from None
                if isinstance(e, httpx.ConnectTimeout):
                    raise FetchError(f"timed out connecting after {c.connect_timeout:g} s "
                                     f"(setting http_connect_timeout)", url=url, transient=True) from None
                raise FetchError(f"timed out: no data for {c.read_timeout:g} s "
                                 f"(setting http_read_timeout)", url=url, transient=True) from None
            except httpx.DecodingError as e:
                raise FetchError(f"response could not be decompressed ({e})", url=url) from None
            except httpx.RemoteProtocolError as e:
                raise FetchError(f"server broke the connection: {e}", url=url, transient=True) from None
            except httpx.ConnectError as e:
                raise FetchError(f"cannot connect: {_os_reason(e)}", url=url, transient=True) from None
            except (httpx.ReadError, httpx.WriteError, httpx.CloseError) as e:
                raise FetchError(f"connection failed while reading: {_os_reason(e)}", url=url,
                                 transient=True) from None
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as e:
                raise FetchError(f"not a fetchable URL: {e}", url=url) from None
            except httpx.HTTPError as e:
                raise FetchError(f"HTTP failure: {type(e).__name__}: {e}", url=url, transient=True) from None


def _deadline_struck(e: BaseException | None) -> bool:
    while e is not None:
        if isinstance(e, DeadlinePassed):
            return True
        e = e.__context__ or e.__cause__
    return False


def _os_reason(e: Exception) -> str:
    text = str(e) or type(e).__name__
    if "reset" in text.lower():
        return "connection reset by the server"
    return text


def _too_big(size: int | None, limit: int) -> str:
    what = f"response is {size / MB:.1f} MB" if size is not None else "response grew past the limit"
    return f"{what}, over the {limit / MB:.1f} MB limit (setting max_response_mb); aborted"
