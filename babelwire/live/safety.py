"""SSRF guard: which URLs and addresses babelwire may fetch.

Only http and https. By default every address a host name resolves to must be public:
private, loopback, link-local, multicast, reserved and similar ranges are refused. The
check happens where the socket is opened (``CheckedBackend``), on the very address that was
checked, so DNS rebinding between "check" and "connect" cannot slip a private address in,
and every redirect hop goes through it again because every hop opens its own connection.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit

import httpcore

from .errors import FetchError

ALLOWED_SCHEMES = ("http", "https")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeURLError(FetchError):
    """A URL babelwire refuses to fetch; permanent, never retried."""

    def __init__(self, reason: str):
        super().__init__(reason, transient=False)


@dataclass(frozen=True)
class AddressPolicy:
    """``allow_private`` opens every range; ``extra`` opens named networks only (tests)."""

    allow_private: bool = False
    extra: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = field(default_factory=tuple)

    def refusal(self, ip: IPAddress) -> str | None:
        """Why ``ip`` may not be contacted, or None."""
        if self.allow_private or any(ip in net for net in self.extra if net.version == ip.version):
            return None
        return forbidden_reason(ip)


def _kind(ip: IPAddress) -> str | None:
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private:
        return "private"
    if not ip.is_global:  # shared address space (100.64/10), documentation ranges, ...
        return "non-public"
    return None


def forbidden_reason(ip: IPAddress) -> str | None:
    kind = _kind(ip)
    if kind is None and isinstance(ip, ipaddress.IPv6Address):
        # IPv4 hidden inside IPv6 reaches the IPv4 address it embeds.
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None:
            kind = _kind(inner)
    if kind is None:
        return None
    return (f"{ip} is a {kind} address; refused to prevent server-side request forgery "
            f"(use --allow-private-addresses or the setting allow_private_addresses to allow it)")


def check_url(url: str) -> str:
    """The URL if its scheme and host are acceptable; UnsafeURLError otherwise."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError as e:
        raise UnsafeURLError(f"not a valid URL: {url!r} ({e})") from None
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise UnsafeURLError(f"only http and https URLs are fetched, not {parts.scheme or 'a relative URL'!r}: {url}")
    if not parts.hostname:
        raise UnsafeURLError(f"URL has no host: {url}")
    if parts.username or parts.password:
        raise UnsafeURLError(f"URLs with credentials are not fetched: {parts.scheme}://…@{parts.hostname}")
    return url.strip()


def resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise FetchError(f"cannot resolve host {host!r}: {e.strerror or e}", transient=True) from None
    out: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])  # drop an IPv6 zone id
        if ip not in out:
            out.append(ip)
    return out


def checked_addresses(host: str, port: int, policy: AddressPolicy) -> list[IPAddress]:
    """Every address of ``host``; refuses the host if any one of them is refused."""
    addresses = resolve(host, port)
    if not addresses:
        raise FetchError(f"host {host!r} has no addresses", transient=True)
    for ip in addresses:
        why = policy.refusal(ip)
        if why:
            raise UnsafeURLError(why if host == str(ip) else f"{host} resolves to {ip}: {why}")
    return addresses


# The request's total deadline (monotonic), per thread: each fetch runs in one thread, and
# httpcore only knows per-operation timeouts, which a server dripping one byte at a time
# into the status line or headers never trips.
_total = threading.local()


class DeadlinePassed(httpcore.ReadTimeout):
    """The request's total deadline passed (connect, headers and body together)."""


@contextmanager
def total_deadline(at: float) -> Iterator[None]:
    """Every socket operation of this thread's request ends by ``at`` (time.monotonic())."""
    _total.at = at
    try:
        yield
    finally:
        _total.at = None


def _bounded(timeout: float | None) -> float | None:
    at = getattr(_total, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise DeadlinePassed("total deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every read and write is cut at the total deadline."""

    def __init__(self, inner: Any):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            return self._inner.read(max_bytes, _bounded(timeout))
        except httpcore.ReadTimeout:
            _bounded(None)  # DeadlinePassed when that was the limit that struck
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> "_DeadlineStream":
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class CheckedBackend(httpcore.SyncBackend):
    """httpcore's socket opener, but resolving and checking the host itself first, and every
    stream bounded by the request's total deadline (``total_deadline``)."""

    def __init__(self, policy: AddressPolicy):
        self.policy = policy

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: Iterable | None = None):
        return _DeadlineStream(self._connect(host, port, _bounded(timeout), local_address, socket_options))

    def _connect(self, host: str, port: int, timeout: float | None,
                 local_address: str | None, socket_options: Iterable | None):
        deadline = None if timeout is None else time.monotonic() + timeout
        last: Exception | None = None
        for ip in checked_addresses(host, port, self.policy):
            left = None if deadline is None else max(0.01, deadline - time.monotonic())
            try:
                # Connect to the address just checked, never to the name again.
                return super().connect_tcp(str(ip), port, left, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                last = e
        assert last is not None
        raise last
