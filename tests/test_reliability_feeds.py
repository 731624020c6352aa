"""Reliability of `watch`: one bad feed item never stops the cycle, the other feeds or the
feed's own bookkeeping (issue 17). Feeds are built here and served on 127.0.0.1."""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "live"))
import livesrv  # noqa: E402
from livesrv import Item, one_cycle  # noqa: E402

# The live suite's fixtures: a feed server on 127.0.0.1, a fast workspace, no user config.
from test_live_watch import _no_user_config, server, ws  # noqa: E402,F401

from babelwire.live.feeds import parse_feed  # noqa: E402
from babelwire.store.sqlite_feeds import SQLiteFeedStore  # noqa: E402


def poisoned_json_feed(srv) -> bytes:
    """A JSON Feed whose second item has lone surrogates in its title and body."""
    data = livesrv.json_feed([Item("es", srv.url("/es/1"), full_text=True),
                              Item("fr", srv.url("/fr/1"), full_text=True)]).decode()
    doc = json.loads(data)
    title = doc["items"][1]["title"]
    text = json.dumps(doc, ensure_ascii=True)
    return text.replace(json.dumps(title)[1:-1], "\\ud800" + json.dumps(title)[1:-1] + "\\udfff", 1).encode()


def test_surrogates_in_a_json_feed_item_are_replaced(server, ws):
    bad = server.set("/feeds/bad.json", poisoned_json_feed(server), content_type="application/feed+json")
    good = server.set("/feeds/good.xml", livesrv.rss([Item("en1", server.url("/en1/1"), full_text=True)]),
                      content_type="application/rss+xml")
    server.set("/en1/1", livesrv.page_html("en1"))
    for url in (bad, good):
        ws.add_feed(url)
    rep = one_cycle(ws, allow_private=True, cluster=False)
    assert rep.feeds_fetched == 2 and rep.feeds_failed == 0
    assert rep.ingested == 3
    titles = [a.title or "" for a in ws.articles()]
    assert any("\ufffd" in t for t in titles)
    feeds = {f.url: f for f in ws.feeds()}
    assert feeds[bad].last_status == "200" and feeds[bad].articles == 2


def test_surrogate_character_references_in_an_xml_feed(server):
    data = livesrv.rss([Item("en1", server.url("/en1/1"), title="Odd &#xD800; &#55296; title")])
    f = parse_feed(data, url=server.url("/feed.xml"))
    assert f.items and "\ufffd" in f.items[0].title


def test_a_feed_that_cannot_be_recorded_fails_alone_and_is_recorded(server, ws, monkeypatch):
    one = server.set("/feeds/one.xml", livesrv.rss([Item("en1", server.url("/en1/1"), full_text=True)]),
                     content_type="application/rss+xml")
    two = server.set("/feeds/two.json", livesrv.json_feed([Item("es", server.url("/es/1"), full_text=True)]),
                     content_type="application/feed+json")
    for url in (one, two):
        ws.add_feed(url)
    real = SQLiteFeedStore.record_fetched
    one_id = next(f.id for f in ws.feeds() if f.url == one)

    def record_fetched(self, feed_id, **kw):  # a bug while queueing one feed's items
        new = real(self, feed_id, **kw)
        if feed_id == one_id:
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
        return new

    monkeypatch.setattr(SQLiteFeedStore, "record_fetched", record_fetched)
    rep = one_cycle(ws, allow_private=True, cluster=False)
    assert rep.feeds_failed == 1 and rep.feeds_fetched == 1 and rep.ingested == 1
    feeds = {f.url: f for f in ws.feeds()}
    assert feeds[one].error_count == 1 and "UnicodeEncodeError" in feeds[one].last_error
    assert feeds[one].next_fetch_at  # backed off, not retried in a crash loop
    assert feeds[one].items_seen == 0  # its half-queued items were taken back
    assert feeds[two].error_count == 0 and feeds[two].articles == 1
