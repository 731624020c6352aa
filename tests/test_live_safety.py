"""SSRF guard: schemes, address ranges after DNS resolution, every redirect hop, the opt-in."""
from __future__ import annotations

import ipaddress
import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "live"))
import livesrv  # noqa: E402

from babelwire.live import safety  # noqa: E402
from babelwire.live.errors import FetchError  # noqa: E402
from babelwire.live.http import HttpConfig, PoliteClient  # noqa: E402
from babelwire.live.safety import AddressPolicy, UnsafeURLError, check_url, forbidden_reason  # noqa: E402


@pytest.fixture
def server():
    srv = livesrv.LiveServer().start()
    yield srv
    srv.stop()


def client(policy: AddressPolicy, **kw) -> PoliteClient:
    return PoliteClient(HttpConfig(politeness_delay=0, backoff=0.01, retries=0, read_timeout=2,
                                   connect_timeout=2, policy=policy, **kw))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/", "/relative/path",
                                 "http://user:pw@example.org/", "javascript:alert(1)", "http:///nohost"])
def test_only_http_and_https_urls(url):
    with pytest.raises(UnsafeURLError):
        check_url(url)


@pytest.mark.parametrize("ip", [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "224.0.0.1",
    "240.0.0.1", "100.64.0.1", "::1", "fe80::1", "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
    "2002:7f00:1::",  # 6to4 around 127.0.0.1
])
def test_non_public_addresses_are_refused(ip):
    why = forbidden_reason(ipaddress.ip_address(ip))
    assert why and "--allow-private-addresses" in why


@pytest.mark.parametrize("ip", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(ip):
    assert forbidden_reason(ipaddress.ip_address(ip)) is None


def test_loopback_refused_by_default_and_no_request_is_made(server):
    url = server.set("/page", b"<html><body>hello</body></html>")
    with client(AddressPolicy()) as c:
        with pytest.raises(UnsafeURLError, match="loopback"):
            c.get(url)
    assert server.hits() == []
    with client(AddressPolicy(allow_private=True)) as c:
        assert c.get(url).status == 200
    assert len(server.hits("/page")) == 1


def test_every_redirect_hop_is_checked(server):
    # Only 127.0.0.1 is allowed; the redirect points at another loopback address.
    allowed = AddressPolicy(extra=(ipaddress.ip_network("127.0.0.1/32"),))
    url = server.set("/hop", status=302, headers={"Location": f"http://127.0.0.2:{server.port}/x"})
    with client(allowed) as c:
        with pytest.raises(UnsafeURLError, match="127.0.0.2 is a loopback"):
            c.get(url)
    url = server.set("/file", status=301, headers={"Location": "file:///etc/passwd"})
    with client(allowed) as c:
        with pytest.raises(UnsafeURLError, match="only http and https"):
            c.get(url)


def test_host_is_refused_if_any_resolved_address_is_private(monkeypatch):
    # A DNS answer mixing a public and a private address (a rebinding setup) is refused whole.
    def fake(host, port, *a, **kw):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]

    monkeypatch.setattr(safety.socket, "getaddrinfo", fake)
    with pytest.raises(UnsafeURLError, match="rebind.example resolves to 10.0.0.7"):
        safety.checked_addresses("rebind.example", 80, AddressPolicy())


def test_connection_goes_to_the_checked_address(monkeypatch, server):
    # The name resolves once, to the address that was checked; that address is what is dialled.
    server.set("/x", b"ok", content_type="text/plain")
    calls = []
    real = socket.getaddrinfo

    def counting(host, port, *a, **kw):
        calls.append(host)
        return real("127.0.0.1", port, *a, **kw)

    monkeypatch.setattr(safety.socket, "getaddrinfo", counting)
    with client(AddressPolicy(allow_private=True)) as c:
        resp = c.get(f"http://news.invalid:{server.port}/x")
    assert resp.status == 200 and resp.content == b"ok"
    # resolved once; the socket layer then only sees the checked IP literal
    assert calls[0] == "news.invalid" and set(calls[1:]) <= {"127.0.0.1"}
    assert server.hits("/x")[0].headers["host"] == f"news.invalid:{server.port}"


def test_unresolvable_host_is_a_transient_error():
    with client(AddressPolicy()) as c:
        with pytest.raises(FetchError, match="cannot resolve"):
            c.get("http://does-not-exist.invalid/")
