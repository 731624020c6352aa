"""The polite client against a real server on 127.0.0.1: timeouts, resets, redirects, size caps,
retries with Retry-After, compression, User-Agent, per-host concurrency and politeness delay."""
from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "live"))
import livesrv  # noqa: E402
from livesrv import Route  # noqa: E402

from babelwire.live.errors import FetchError, Stopped, TooLarge  # noqa: E402
from babelwire.live.http import HttpConfig, PoliteClient, parse_retry_after  # noqa: E402
from babelwire.live.robots import RobotsCache  # noqa: E402
from babelwire.live.safety import AddressPolicy  # noqa: E402

MB = 1024 * 1024


@pytest.fixture
def server():
    srv = livesrv.LiveServer().start()
    yield srv
    srv.stop()


def make(**kw) -> PoliteClient:
    cfg = dict(politeness_delay=0, backoff=0.01, retries=2, read_timeout=0.5, connect_timeout=2,
               total_timeout=3, max_bytes=1 * MB, policy=AddressPolicy(allow_private=True))
    cfg.update(kw)
    return PoliteClient(HttpConfig(**cfg))


def test_user_agent_and_plain_get(server):
    url = server.set("/p", b"<html>hi</html>")
    with make() as c:
        r = c.get(url)
    assert r.status == 200 and r.content == b"<html>hi</html>" and r.content_type == "text/html"
    ua = server.hits("/p")[0].headers["user-agent"]
    assert ua.startswith("babelwire/") and "+https://github.com/babelwire" in ua
    with make(user_agent="newsroom-bot/2 (+mailto:desk@example.org)") as c:
        c.get(url)
    assert server.hits("/p")[-1].headers["user-agent"] == "newsroom-bot/2 (+mailto:desk@example.org)"


def test_slow_response_times_out_after_bounded_retries(server):
    url = server.set("/slow", b"late", delay=1.5)
    with make(retries=1) as c:
        t = time.monotonic()
        with pytest.raises(FetchError, match="timed out") as e:
            c.get(url)
    assert e.value.transient
    assert len(server.hits("/slow")) == 2  # first try + one retry, then it gives up
    assert time.monotonic() - t < 3.5


def test_connection_reset_is_retried_then_reported(server):
    url = server.set("/reset", action="reset")
    with make(retries=2) as c:
        with pytest.raises(FetchError) as e:
            c.get(url)
    assert e.value.transient and ("reset" in e.value.reason or "broke the connection" in e.value.reason)
    assert len(server.hits("/reset")) == 3


def test_redirects_followed_loops_and_chains_refused(server):
    server.set("/final", b"<html>final</html>")
    server.set("/r1", status=301, headers={"Location": "/r2"})
    server.set("/r2", status=302, headers={"Location": server.url("/final")})
    with make() as c:
        r = c.get(server.url("/r1"))
        assert r.status == 200 and r.url == server.url("/final")
        assert r.redirects == [server.url("/r1"), server.url("/r2")]

        server.set("/loop-a", status=302, headers={"Location": "/loop-b"})
        server.set("/loop-b", status=307, headers={"Location": "/loop-a"})
        with pytest.raises(FetchError, match="redirect loop"):
            c.get(server.url("/loop-a"))
        assert len(server.hits("/loop-a")) == 1 and len(server.hits("/loop-b")) == 1

    for i in range(8):
        server.set(f"/chain{i}", status=302, headers={"Location": f"/chain{i + 1}"})
    with make(max_redirects=3) as c:
        with pytest.raises(FetchError, match="too many redirects"):
            c.get(server.url("/chain0"))
    assert len(server.hits("/chain4")) == 0


def test_huge_bodies_are_aborted(server):
    # Announced: refused from the header. Unannounced: cut off while streaming.
    url = server.set("/big", action="huge", size=10 * MB)
    with make() as c:
        with pytest.raises(TooLarge, match="10.0 MB, over the 1.0 MB limit"):
            c.get(url)
    url = server.set("/big2", action="huge-nolength", size=10 * MB)
    with make() as c:
        with pytest.raises(TooLarge, match="grew past the limit"):
            c.get(url)


def test_gzip_is_decoded_and_counted_against_the_cap(server):
    body = b"<html>" + b"a" * (2 * MB) + b"</html>"  # 2 MB that compresses to a few KB
    url = server.set("/gz", body, gzip=True)
    with make(max_bytes=4 * MB) as c:
        r = c.get(url)
    assert r.content == body
    assert "gzip" in server.hits("/gz")[0].headers["accept-encoding"]
    with make(max_bytes=1 * MB) as c:
        with pytest.raises(TooLarge):
            c.get(url)


@pytest.mark.parametrize("encoding", ["deflate", "br"])
def test_deflate_and_brotli(server, encoding):
    pytest.importorskip("brotli") if encoding == "br" else None
    body = "<html><body>Grüße aus Köln, " + "новости " * 500 + "</body></html>"
    url = server.set(f"/{encoding}", body.encode("utf-8"), encoding=encoding)
    with make() as c:
        r = c.get(url)
    assert r.content.decode("utf-8") == body
    assert encoding in server.hits(f"/{encoding}")[0].headers["accept-encoding"]


def test_drip_feed_hits_the_total_deadline(server):
    url = server.set("/drip", action="drip")
    with make(total_timeout=1.0, retries=0) as c:
        t = time.monotonic()
        with pytest.raises(FetchError, match="longer than 1 s in all"):
            c.get(url)
    assert time.monotonic() - t < 3


def test_retry_after_is_honoured(server):
    url = server.set_sequence("/busy", [
        Route(b"", status=503, headers={"Retry-After": "1"}),
        Route(b"<html>ok</html>"),
    ])
    with make(retries=2, backoff=0.01) as c:
        r = c.get(url)
    hits = server.hits("/busy")
    assert r.status == 200 and len(hits) == 2
    assert hits[1].at - hits[0].at >= 0.9


def test_long_retry_after_is_left_to_the_caller(server):
    url = server.set("/later", b"", status=429, headers={"Retry-After": "3600"})
    with make(retries=3) as c:
        r = c.get(url)
    assert r.status == 429 and 3500 < r.retry_after <= 3600
    assert len(server.hits("/later")) == 1


def test_persistent_500_is_retried_a_bounded_number_of_times(server):
    url = server.set("/down", b"oops", status=500)
    with make(retries=2) as c:
        r = c.get(url)
    assert r.status == 500 and len(server.hits("/down")) == 3


def test_retry_after_parsing():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert parse_retry_after("soon") is None


def test_per_host_concurrency_limit(server):
    server.set("/s", b"x", delay=0.2, content_type="text/plain")
    with make(host_concurrency=1) as c:
        threads = [threading.Thread(target=c.get, args=(server.url("/s"),)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    hits = sorted(server.hits("/s"), key=lambda h: h.at)
    assert len(hits) == 4
    # each request arrives only after the one before was answered (0.2 s each)
    assert all(b.at >= a.done - 0.05 for a, b in zip(hits, hits[1:]))


def test_politeness_delay_spaces_requests_to_a_host(server):
    server.set("/q", b"x", content_type="text/plain")
    with make(politeness_delay=0.3) as c:
        for _ in range(3):
            c.get(server.url("/q"))
    starts = [h.at for h in server.hits("/q")]
    assert all(b - a >= 0.2 for a, b in zip(starts, starts[1:]))  # 0.3 s apart, less arrival jitter


def test_stop_event_interrupts_waits(server):
    url = server.set("/busy2", b"", status=503, headers={"Retry-After": "30"})
    stop = threading.Event()
    c = PoliteClient(HttpConfig(retries=2, policy=AddressPolicy(allow_private=True), politeness_delay=0), stop)
    threading.Timer(0.3, stop.set).start()
    t = time.monotonic()
    with pytest.raises(Stopped):
        c.get(url)
    assert time.monotonic() - t < 2
    c.close()


def test_robots_txt_rules_crawl_delay_and_failures(server):
    server.set("/robots.txt", b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n\n"
                              b"User-agent: babelwire\nDisallow: /nobots/\n", content_type="text/plain")
    with make() as c:
        robots = RobotsCache(c)
        assert robots.allowed(server.url("/news/1"))
        assert not robots.allowed(server.url("/nobots/1"))
        assert robots.allowed(server.url("/private/1"))  # the babelwire group replaces the * group
        assert len(server.hits("/robots.txt")) == 1  # cached per host
    server.routes.pop("/robots.txt")
    with make() as c:  # 404: no rules
        assert RobotsCache(c).allowed(server.url("/anything"))
    server.set("/robots.txt", b"", status=503)
    with make(retries=0) as c:  # server error: everything disallowed for a while (RFC 9309)
        robots = RobotsCache(c)
        assert not robots.allowed(server.url("/anything"))
        assert "HTTP 503" in robots.why_not(server.url("/anything"))


def test_crawl_delay_raises_the_gap(server):
    # urllib.robotparser reads whole seconds only
    server.set("/robots.txt", b"User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    server.set("/n", b"x", content_type="text/plain")
    with make() as c:
        robots = RobotsCache(c)
        assert robots.allowed(server.url("/n"))
        c.get(server.url("/n"))
        c.get(server.url("/n"))
    hits = server.hits("/n")
    assert hits[1].at - hits[0].at >= 0.7
