"""Watch cycles in-process against a newsroom served on 127.0.0.1: feeds in several languages
and encodings, conditional GET, new items as the fixtures change, every fault contained to
its feed, backoff, robots.txt, resuming an interrupted cycle, single-page fetches."""
from __future__ import annotations

import codecs
import re
import sys
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "live"))
import livesrv  # noqa: E402
from livesrv import ARTICLES, Item, article_text, one_cycle  # noqa: E402

from babelwire.errors import InputError, NotFoundError  # noqa: E402
from babelwire.live.cycle import run_cycle  # noqa: E402
from babelwire.live.schedule import backoff_delay  # noqa: E402

FIX = Path(__file__).parent / "fixtures" / "live"
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def _no_user_config(monkeypatch, tmp_path):
    monkeypatch.setenv("BABELWIRE_CONFIG", str(tmp_path / "none.toml"))
    for var in ("BABELWIRE_ALLOW_PRIVATE_ADDRESSES", "BABELWIRE_DB"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def server():
    srv = livesrv.LiveServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def ws(tmp_path):
    w = livesrv.open_ws(str(tmp_path / "live.db"))
    yield w
    w.close()


def newsroom(srv: livesrv.LiveServer) -> dict[str, str]:
    """Seven feeds, five feed formats, pages in UTF-8, KOI8-R and windows-1256."""
    page = lambda key, cs="utf-8", header=True, meta=True: srv.set(  # noqa: E731
        f"/{key}/1", livesrv.page_html(key, charset=cs, meta=meta),
        content_type=f"text/html; charset={cs}" if header else "text/html")
    for key in ("en1", "en2", "es", "de", "zh"):
        page(key)
    page("ru", "koi8-r", header=True, meta=False)  # charset only in the HTTP header
    page("ar", "windows-1256", header=False, meta=True)  # charset only in the page
    srv.set("/robots.txt", b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    u = srv.url
    return {
        "en": srv.set("/feeds/en.xml", livesrv.rss([Item("en1", u("/en1/1")), Item("en2", u("/en2/1"))]),
                      content_type="application/rss+xml"),
        "fr": srv.set("/feeds/fr.atom", livesrv.atom([Item("fr", u("/fr/1"), full_text=True)]),
                      content_type="application/atom+xml"),
        "es": srv.set("/feeds/es.json", livesrv.json_feed([Item("es", u("/es/1"))]),
                      content_type="application/feed+json"),
        "de": srv.set("/feeds/de.rdf", livesrv.rdf([Item("de", u("/de/1"))]), content_type="application/rdf+xml"),
        "zh": srv.set("/feeds/zh.xml", livesrv.rss([Item("zh", u("/zh/1"))], language="zh-CN"),
                      content_type="application/rss+xml"),
        "ru": srv.set("/feeds/ru.xml", livesrv.rss([Item("ru", u("/ru/1"))], language="ru", encoding="koi8-r"),
                      content_type="application/rss+xml"),
        "ar": srv.set("/feeds/ar.xml", livesrv.rss([Item("ar", u("/ar/1"))], language=None, encoding="windows-1256"),
                      content_type="text/xml"),
    }


def codec(name: str) -> str:
    return codecs.lookup(name).name


def lines(text: str) -> list[str]:
    return [x.strip() for x in text.splitlines() if x.strip()]


def by_url(ws) -> dict[str, object]:
    return {a.url: a for a in ws.articles()}


def test_cycles_ingest_new_items_and_use_conditional_get(server, ws):
    feeds = newsroom(server)
    for key, url in feeds.items():
        ws.add_feed(url, name=f"Example {key}", language="ar" if key == "ar" else None, country="nl")
    rep = one_cycle(ws, allow_private=True, cluster=False)
    assert rep.feeds_fetched == 7 and rep.feeds_failed == 0 and rep.items_new == 8
    assert rep.ingested == 8 and rep.rejected == 0, rep.errors
    arts = by_url(ws)
    for key in ("en1", "en2", "es", "de", "zh", "ru", "ar"):
        a = arts[server.url(f"/{key}/1")]
        assert a.title == ARTICLES[key]["title"]
        assert ARTICLES[key]["paras"][1] in a.text
        assert a.language == ARTICLES[key]["lang"]
        assert a.source == f"Example {key[:2]}" and a.metadata["country"] == "NL"
        assert a.published.startswith("2025-06-10") and a.published_source == "feed"
    assert codec(arts[server.url("/ru/1")].metadata["encoding"]) == codec("koi8-r")
    assert codec(arts[server.url("/ar/1")].metadata["encoding"]) == codec("windows-1256")
    fr = arts[server.url("/fr/1")]
    assert fr.metadata["full_text_from"] == "feed" and fr.language == "fr"
    assert server.hits("/fr/1") == []  # full text came with the feed: the page is never fetched
    assert fr.metadata["author"] == "Correspondant"

    # Nothing new: conditional GETs only, every one answered 304, no page fetched.
    server.clear_log()
    rep = one_cycle(ws, allow_private=True, cluster=False)
    assert rep.feeds_not_modified == 7 and rep.items_new == 0 and rep.ingested == 0
    hits = server.hits()
    assert len(hits) == 7 and all(h.status == 304 and h.path.startswith("/feeds/") for h in hits)
    assert all("if-none-match" in h.headers and "if-modified-since" in h.headers for h in hits)

    # The English feed gains an item: only that feed answers 200 and only the new page is fetched.
    server.set("/en3/1", livesrv.page_html("en3"))
    server.set("/feeds/en.xml", livesrv.rss([Item("en3", server.url("/en3/1")), Item("en1", server.url("/en1/1")),
                                             Item("en2", server.url("/en2/1"))]), content_type="application/rss+xml")
    server.clear_log()
    rep = one_cycle(ws, allow_private=True, cluster=False)
    assert rep.feeds_fetched == 1 and rep.feeds_not_modified == 6 and rep.items_new == 1 and rep.ingested == 1
    pages = sorted(h.path for h in server.hits() if not h.path.startswith("/feeds/") and h.path != "/robots.txt")
    assert pages == ["/en3/1"]  # (robots.txt is cached per run; each run_cycle here is a run)
    assert ws.count_articles() == 9
    f = {x.url: x for x in ws.feeds()}[feeds["en"]]
    assert (f.items_seen, f.articles, f.pending, f.last_status) == (3, 3, 0, "200")


def test_articles_are_clustered_as_they_come(server, ws):
    feeds = newsroom(server)
    for url in feeds.values():
        ws.add_feed(url)
    rep = one_cycle(ws, allow_private=True)  # cluster=True: the watch default
    assert rep.ingested == 8
    arts = ws.articles()
    assert all(a.story_id for a in arts)
    strike = {a.story_id for a in arts if "Rotterdam" in (a.title or "") or "Роттердам" in (a.title or "")}
    assert len({a.story_id for a in arts}) < len(arts) and strike


def test_faults_are_contained_to_their_feed(server, ws):
    u = server.url
    server.set("/ok/1", livesrv.page_html("en1"))
    server.set("/ok/nothing", b"<html><body><nav><a href='/'>Home</a> <a href='/x'>World</a></nav></body></html>")
    server.set("/ok/pdf", b"%PDF-1.7 binary", content_type="application/pdf")
    server.set("/ok/huge", action="huge", size=10 * MB)
    server.set("/ok/slow", livesrv.page_html("en2"), delay=2.5)
    good = server.set("/good.xml", livesrv.rss([
        Item("en1", u("/ok/1")), Item("en2", u("/ok/missing")), Item("en2", u("/ok/nothing"), title="Nothing"),
        Item("en2", u("/ok/pdf"), title="PDF"), Item("en2", u("/ok/huge"), title="Huge"),
        Item("en2", u("/ok/slow"), title="Slow"),
    ]), content_type="application/rss+xml")
    bad = {
        "404": server.set("/bad/404.xml", b"gone", status=404),
        "500": server.set("/bad/500.xml", b"oops", status=500),
        "slow": server.set("/bad/slow.xml", livesrv.rss([]), delay=2.5),
        "reset": server.set("/bad/reset.xml", action="reset"),
        "loop": server.set("/bad/loop.xml", status=302, headers={"Location": "/bad/loop.xml"}),
        "huge": server.set("/bad/huge.xml", action="huge-nolength", size=10 * MB, content_type="application/rss+xml"),
        "binary": server.set("/bad/binary.xml", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, content_type="image/png"),
        "invalid": server.set("/bad/invalid.xml", (FIX / "invalid.xml").read_bytes(), content_type="application/rss+xml"),
    }
    for url in [good, *bad.values()]:
        ws.add_feed(url)
    ws.settings = ws.settings.replace(http_retries=1, max_response_mb=2.0)
    rep = one_cycle(ws, allow_private=True, cluster=False)
    assert rep.feeds_fetched == 1 and rep.feeds_failed == 8 and rep.ingested == 1
    feeds = {f.url: f for f in ws.feeds()}
    expect = {"404": "HTTP 404", "500": "HTTP 500", "slow": "timed out", "reset": "reset|broke the connection",
              "loop": "redirect loop", "huge": "over the 2.0 MB limit", "binary": "binary", "invalid": "malformed feed"}
    for key, url in bad.items():
        f = feeds[url]
        assert f.error_count == 1 and re.search(expect[key], f.last_error), (key, f.last_error)
        assert f.next_fetch_at > f.last_fetch  # backed off
    g = feeds[good]
    assert g.error_count == 0 and g.articles == 1 and g.items_failed == 4 and g.pending == 1  # slow: retried later
    failed = {r[0]: (r[1], r[2]) for r in ws.store.conn.execute("SELECT url, status, error FROM feed_items")}
    assert failed[u("/ok/missing")] == ("rejected", "HTTP 404 Not Found")
    assert failed[u("/ok/nothing")][0] == "rejected"
    assert re.search("no article text|too short", failed[u("/ok/nothing")][1])
    assert "not an HTML page (content type application/pdf)" in failed[u("/ok/pdf")][1]
    assert "limit" in failed[u("/ok/huge")][1]
    assert failed[u("/ok/slow")][0] == "failed" and "timed out" in failed[u("/ok/slow")][1]
    assert ws.articles()[0].url == u("/ok/1")


def test_failing_feed_backs_off_exponentially_and_recovers(server, ws):
    url = server.set("/flaky.xml", b"down", status=503)
    ws.add_feed(url)
    ws.settings = ws.settings.replace(http_retries=0)
    t0 = datetime(2030, 1, 1, tzinfo=timezone.utc)
    gaps = []
    with ws.live_session(allow_private=True, interval=30) as s:
        now = t0
        for _ in range(4):
            run_cycle(s, clock=lambda t=now: t, cluster=False)
            f = ws.feeds()[0]
            nxt = datetime.fromisoformat(f.next_fetch_at)
            gaps.append((nxt - now).total_seconds())
            # not due before its time: a cycle just before polls nothing
            before = nxt - timedelta(seconds=1)
            assert run_cycle(s, clock=lambda t=before: t, cluster=False).feeds_due == 0
            now = nxt
        assert gaps == [60, 120, 240, 480]
        assert ws.feeds()[0].error_count == 4
        server.set("/flaky.xml", livesrv.rss([]), content_type="application/rss+xml")
        run_cycle(s, clock=lambda: now, cluster=False)
    f = ws.feeds()[0]
    assert f.error_count == 0 and f.last_error is None and f.last_status == "200"
    assert backoff_delay(40, 900, 21600) == 21600  # capped
    assert backoff_delay(1, 900, 21600, retry_after=7200) == 7200


def test_rate_limited_feed_waits_as_long_as_retry_after_says(server, ws):
    url = server.set("/limited.xml", b"", status=429, headers={"Retry-After": "7200"})
    ws.add_feed(url)
    rep = one_cycle(ws, allow_private=True, cluster=False)
    f = ws.feeds()[0]
    assert rep.feeds_failed == 1 and f.last_status == "429" and "HTTP 429" in f.last_error
    wait = datetime.fromisoformat(f.next_fetch_at) - datetime.fromisoformat(f.last_fetch)
    assert wait.total_seconds() >= 7199
    assert len(server.hits("/limited.xml")) == 1  # not retried inside the fetch: too long to wait there


def test_a_story_in_two_feeds_is_fetched_once(server, ws):
    server.set("/p/shared", livesrv.page_html("en1"))
    server.set("/p/other", livesrv.page_html("en2"))
    top = server.set("/top.xml", livesrv.rss([Item("en1", server.url("/p/shared"))]), content_type="application/rss+xml")
    world = server.set("/world.xml", livesrv.rss([Item("en1", server.url("/p/shared")), Item("en2", server.url("/p/other"))]),
                       content_type="application/rss+xml")
    ws.add_feed(top)
    ws.add_feed(world)
    rep = one_cycle(ws, allow_private=True, cluster=False)
    assert rep.ingested == 2 and rep.items_done == 3
    assert len(server.hits("/p/shared")) == 1
    assert {f.articles for f in ws.feeds()} == {1, 2} and all(f.pending == 0 for f in ws.feeds())


def test_robots_txt_is_respected_for_pages(server, ws):
    server.set("/robots.txt", b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.set("/private/1", livesrv.page_html("en1"))
    server.set("/public/1", livesrv.page_html("en2"))
    url = server.set("/f.xml", livesrv.rss([Item("en1", server.url("/private/1")), Item("en2", server.url("/public/1"))]),
                     content_type="application/rss+xml")
    ws.add_feed(url)
    rep = one_cycle(ws, allow_private=True, cluster=False)
    assert rep.ingested == 1 and rep.rejected == 1
    assert server.hits("/private/1") == [] and len(server.hits("/public/1")) == 1
    row = ws.store.conn.execute("SELECT status, error FROM feed_items WHERE url LIKE '%/private/1'").fetchone()
    assert tuple(row) == ("blocked", "disallowed by robots.txt")


def test_interrupted_cycle_resumes_without_refetching_the_feed(server, ws):
    keys = ["en1", "en2", "en3", "fr", "de", "es"]
    for k in keys:
        server.set(f"/p/{k}", livesrv.page_html(k), delay=0.1)
    url = server.set("/f.xml", livesrv.rss([Item(k, server.url(f"/p/{k}")) for k in keys], language=None),
                     content_type="application/rss+xml")
    ws.add_feed(url)
    stop = threading.Event()
    server.on_request = lambda hit: stop.set() if hit.path == "/p/en3" else None
    ws.settings = ws.settings.replace(fetch_workers=1)
    with ws.live_session(allow_private=True, stop=stop) as s:
        rep = run_cycle(s, cluster=False)
    assert rep.stopped and rep.ingested < len(keys) and rep.abandoned >= 1
    assert ws.store.feeds().count_items("pending") == len(keys) - rep.items_done
    server.on_request = None
    server.clear_log()
    rep2 = one_cycle(ws, allow_private=True, cluster=False)
    assert [h.status for h in server.hits("/f.xml")] == [304]  # the queue survived, not the feed's 200
    assert rep.ingested + rep2.ingested == len(keys)
    urls = [a.url for a in ws.articles()]
    assert sorted(urls) == sorted(server.url(f"/p/{k}") for k in keys)  # none lost, none twice
    assert all(not h.path.startswith("/p/") or h.path not in [f"/p/{k}" for k in keys[:2]] for h in server.hits())


def test_fetch_pages_in_legacy_encodings_and_refusal_without_opt_in(server, ws):
    urls = [
        server.set("/ar", livesrv.page_html("ar", charset="windows-1256", meta=False),
                   content_type="text/html; charset=windows-1256"),
        server.set("/ru", livesrv.page_html("ru", charset="koi8-r"), content_type="text/html"),
        server.set("/empty", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
    ]
    rep = ws.fetch(urls, cluster=False)  # loopback refused by default
    assert rep.ingested == 0 and len(rep.rejected) == 3
    assert all("loopback" in r.reason and "--allow-private-addresses" in r.reason for r in rep.rejected)
    assert server.hits() == []
    rep = ws.fetch(urls, allow_private=True, cluster=False)
    assert rep.ingested == 2 and [r.origin for r in rep.rejected] == [urls[2]]
    arts = by_url(ws)
    ar, ru = arts[urls[0]], arts[urls[1]]
    assert lines(ar.text) == lines(article_text("ar")) and ar.language == "ar"
    assert lines(ru.text) == lines(article_text("ru")) and ru.language == "ru"
    assert codec(ar.metadata["encoding"]) == codec("windows-1256") and codec(ru.metadata["encoding"]) == codec("koi8-r")


def test_canonical_url_only_on_the_same_host(server, ws):
    same = server.set("/c1", livesrv.page_html("en1", canonical=server.url("/canonical/en1")))
    foreign = server.set("/c2", livesrv.page_html("en2", canonical="https://victim.example/story"))
    ws.fetch([same, foreign], allow_private=True, cluster=False)
    assert set(by_url(ws)) == {server.url("/canonical/en1"), foreign}


def test_feed_management_and_opml(server, ws, tmp_path):
    f = ws.add_feed("https://news.example/rss", name="News", language="pt-BR", country="br")
    assert (f.language, f.country) == ("pt", "BR")
    with pytest.raises(InputError, match="already added"):
        ws.add_feed("https://news.example/rss")
    with pytest.raises(InputError, match="only http and https"):
        ws.add_feed("file:///etc/passwd")
    with pytest.raises(InputError, match="not a language code"):
        ws.add_feed("https://news.example/other", language="Portuguese")
    result = ws.import_opml(str(FIX / "subscriptions.opml"))
    assert len(result["added"]) == 3 and result["invalid"][0]["url"].startswith("ftp://")
    assert ws.import_opml(str(FIX / "subscriptions.opml"))["existing"] == result["added"]
    text = ws.export_opml()
    out = tmp_path / "out.opml"
    out.write_text(text, encoding="utf-8")
    from babelwire.live.opml import parse_opml

    exported = parse_opml(out.read_bytes())
    assert [x.url for x in exported] == [x.url for x in ws.feeds()]
    assert exported[0].name == "News" and exported[0].language == "pt"
    removed = ws.remove_feed(str(f.id))
    assert removed.url == "https://news.example/rss"
    with pytest.raises(NotFoundError):
        ws.remove_feed("https://news.example/rss")


def test_fetched_pages_are_read_in_worker_processes(server, ws):
    # With page workers the fetch threads hand each page to a worker process; what is stored
    # is what the threads themselves extract.
    urls = [server.set(f"/w/{key}", livesrv.page_html(key)) for key in ("en1", "de", "zh")]
    urls.append(server.set("/w/empty", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"))
    from babelwire.live.pages import fetch_page

    stored = {}
    for workers in (0, 1):
        with ws.live_session(allow_private=True, page_workers=workers) as s:
            outcomes = [fetch_page(s, u) for u in urls]
            assert s.pages.remote == (len(urls) if workers else 0)
        assert [o.status for o in outcomes] == ["doc", "doc", "doc", "rejected"]
        assert outcomes[3].reason == "no article text found in HTML"
        stored[workers] = [(o.doc.text, o.doc.title, o.doc.url, o.doc.published, o.doc.metadata)
                           for o in outcomes[:3]]
    assert stored[0] == stored[1]
    assert ARTICLES["de"]["paras"][1] in stored[1][1][0]
