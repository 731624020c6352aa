"""The store contract: the same tests, unchanged, on every backend (SQLite file, PostgreSQL).

``store_db`` (conftest.py) is a SQLite path or a fresh PostgreSQL database URL; the
PostgreSQL cases skip with the reason where no server can be started.
"""
from __future__ import annotations

import numpy as np
import pytest

from babelwire.models import Article
from babelwire.store import ArticleFilter, open_store
from babelwire.store.base import LineCount, Story, StoryEvent


def _article(i: int, **kw) -> Article:
    base = dict(id=f"a{i}", text=f"text number {i} about the harbour", language="en",
                ingested_at=f"2025-01-01T00:00:{i:02d}+00:00", content_hash=f"h{i}",
                published=f"2025-01-{i + 1:02d}", published_precision="day", source="x")
    base.update(kw)
    return Article(**base)


@pytest.fixture
def store(store_db):
    s = open_store(store_db)
    yield s
    s.close()


def test_articles_round_trip_and_filters(store):
    with store.transaction():
        store.insert_article(_article(1, metadata={"k": "ü"}, title="Über den Hafen"))
        for i in range(2, 6):
            store.insert_article(_article(i, language="fr" if i % 2 else "de", source="x" if i < 4 else "y"))
    a = store.get_article("a1")
    assert a.metadata == {"k": "ü"} and a.title == "Über den Hafen" and a.published == "2025-01-02"
    assert store.find_by_hash("h1").id == "a1" and store.find_by_id("nope") is None
    assert store.count_articles(ArticleFilter(language="fr")) == 2
    assert [a.id for a in store.iter_articles(ArticleFilter(source="y", limit=1, offset=1))] == ["a5"]
    assert store.count_articles(ArticleFilter(until="2025-01")) == 5
    assert [a.id for a in store.get_articles(["a3", "zz", "a1"])] == ["a3", "a1"]
    st = store.stats()
    assert st["articles"] == 5 and st["by_language"] == {"de": 2, "en": 1, "fr": 2}
    upd = _article(1, text="new text", content_hash="h1b")
    store.replace_article(upd)
    assert store.get_article("a1").text == "new text"


def test_failed_transaction_and_savepoint(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.insert_article(_article(1))
            raise RuntimeError("boom")
    assert store.count_articles() == 0
    with store.transaction():
        store.insert_article(_article(1))
        with pytest.raises(store.input_errors):
            with store.transaction():  # a savepoint: only the bad article goes
                store.insert_article(_article(2))
                store.insert_article(_article(1))  # same id: refused as input
    assert [a.id for a in store.iter_articles()] == ["a1"]


def test_signatures_embeddings_and_slots(store):
    with store.transaction():
        for i in (1, 2):
            store.insert_article(_article(i))
        store.put_signature("a1", b"\x01\x02", [11, 12])
        store.put_signature("a2", b"\x03", [11, 99])
    assert sorted(store.band_candidates([11, 0])) == [("a1", b"\x01\x02"), ("a2", b"\x03")]
    assert store.band_candidates([0, 99]) == [("a2", b"\x03")]
    v = np.arange(4, dtype=np.float32)
    store.put_embeddings("m", [("h1", v), ("h2", v * 2)])
    store.put_embeddings("m", [("h1", v * 3)])  # replaced
    got = store.get_embeddings(["h1", "h2", "h9"], "m")
    assert set(got) == {"h1", "h2"} and got["h1"].tolist() == [0, 3, 6, 9]
    assert store.count_embeddings("m") == 2
    assert dict(store.article_vectors("m"))["a2"] == (v * 2).tobytes()
    store.add_cluster_slots([(0, "a1"), (1, "a2")])
    assert store.max_cluster_slot() == 1
    slots, vecs = next(store.slot_vectors("m"))
    assert slots.tolist() == [0, 1] and vecs.shape == (2, 4)
    assert [m.article_id for m in store.cluster_members()] == ["a1", "a2"]


def test_stories_aliases_events_and_browse(store):
    with store.transaction():
        store.insert_article(_article(1, title="Harbour fire", language="en"))
        store.insert_article(_article(2, title="Incendie au port", language="fr"))
        store.insert_article(_article(3, language="fr", duplicate_of="a2", source="z"))
    assert store.stream_article_ids(unclustered_only=True) == ["a1", "a2", "a3"]
    store.set_article_stories([("a1", "s-1"), ("a2", "s-1"), ("a3", "s-1")])
    agg = store.story_aggregates(["s-1"])["s-1"]
    assert agg["article_count"] == 3 and agg["languages"] == {"fr": 2, "en": 1}
    store.put_story(Story(id="s-1", created_at="t", updated_at="t", first_seen=agg["first_seen"],
                          last_seen=agg["last_seen"], article_count=3, languages=agg["languages"], headline="Harbour fire"))
    store.put_story(Story(id="s-2", created_at="t", updated_at="t", article_count=0))
    assert store.get_story("s-1").seq == 1 and store.get_story("s-2").seq == 2
    store.put_story(Story(id="s-2", created_at="t", updated_at="t2", merged_into="s-1", seq=2))
    store.add_story_alias("s-2", "s-1", "t2")
    assert store.resolve_story_id("s-2") == "s-1" and store.story_exists("s-2")
    assert [s.id for s in store.iter_stories()] == ["s-1"] and store.count_stories() == 1
    store.add_story_events([StoryEvent(kind="open", story_id="s-1", article_id="a1"),
                            StoryEvent(kind="assign", story_id="s-1", article_id="a2", score=0.9)])
    assert [e.kind for e in store.story_events(story_id="s-1")] == ["open", "assign"]
    assert store.last_story_event_id() >= 2
    assert store.story_member_ids("s-1") == ["a1", "a2", "a3"]
    # browse
    for sort in ("recent", "size", "growth"):
        rows, total = store.story_page(sort=sort, language="fr")
        assert total == 1 and rows[0]["id"] == "s-1" and rows[0]["languages"] == {"fr": 2, "en": 1}
    assert store.story_page(source="nobody") == ([], 0)
    stats = store.member_stats(["s-1"])["s-1"]
    assert stats["independent_sources"] == 1 and sum(stats["coverage"]) == 3
    assert store.coverage_by_language("s-1") == {"2025-01-02": {"en": 1}, "2025-01-03": {"fr": 1},
                                                "2025-01-04": {"fr": 1}}
    assert store.duplicate_ids("a2") == ["a3"]
    assert set(store.live_stories(["s-1", "s-2"])) == {"s-1"}
    assert store.article_cards(["a2"])["a2"]["title"] == "Incendie au port"
    assert store.first_in_language(["s-1"], "fr")["s-1"]["id"] == "a2"


def test_keyword_search_and_change_counter(store):
    before = store.change_count()
    with store.transaction():
        store.insert_article(_article(1, title="Hafenbrand in Hamburg"))
        store.insert_article(_article(2, title="港口发生火灾", text="港口发生火灾，消防员赶到现场。"))
    assert store.change_count() > before
    assert [h[0] for h in store.search_articles("hafenbrand hamburg")] == ["a1"]
    assert [h[0] for h in store.search_articles("发生火灾")] == ["a2"]
    assert store.search_articles("zz") == []  # terms under 3 characters are not searched
    assert store.data_version() is None or store.data_version() == store.data_version()


def test_line_counts_and_translations(store):
    store.add_line_counts([(7, 100, "x"), (8, None, "x")])
    store.add_line_counts([(7, 103, "y")])
    got = {c.key: c for c in store.recurring_lines(2)}
    assert got == {7: LineCount(key=7, docs=2, dated_docs=2, first_day=100, last_day=103, first_source="x",
                                other_source_docs=1)}
    store.add_line_counts([(7, 103, "y")], delta=-1)
    assert store.recurring_lines(2) == []
    store.put_translations("b", "m", "en", [("h1", "fr", "fire"), ("h2", "de", "harbour")])
    store.put_translations("b", "m", "en", [("h1", "fr", "the fire")])
    assert store.get_translations("b", "m", "en", [("h1", "fr"), ("h2", "fr")]) == {("h1", "fr"): "the fire"}


def test_feeds_and_items(store):
    from babelwire.errors import InputError, NotFoundError

    fs = store.feeds()
    f = fs.add("http://127.0.0.1/feed.xml", name="Local", language="fr")
    assert fs.get(f.id).url == f.url and fs.get(f.url).name == "Local"
    with pytest.raises(InputError):
        fs.add("http://127.0.0.1/feed.xml")
    assert [x.id for x in fs.due("2025-01-01T00:00:00+00:00")] == [f.id]
    new = fs.record_fetched(f.id, items=[("k1", "http://127.0.0.1/1", "{}"), ("k2", None, "{}")], status=200,
                            etag="e", last_modified=None, title="T", kind="rss", warning=None,
                            now="2025-01-01T00:00:00+00:00", next_at="2025-01-01T01:00:00+00:00")
    again = fs.record_fetched(f.id, items=[("k1", "http://127.0.0.1/1", "{}")], status=200, etag="e",
                              last_modified=None, title=None, kind="rss", warning=None,
                              now="2025-01-01T00:01:00+00:00", next_at="2025-01-01T01:00:00+00:00")
    assert (new, again) == (2, 0)
    assert fs.due("2025-01-01T00:30:00+00:00") == [] and fs.next_due() == "2025-01-01T01:00:00+00:00"
    assert [i.key for i in fs.open_items("2025-01-01T00:00:00+00:00")] == ["k1", "k2"]
    with store.transaction():
        store.insert_article(_article(1))
        fs.finish_item(f.id, "k1", status="done", now="t", article_id="a1")
        fs.finish_item(f.id, "k2", status="rejected", now="t", error="too short")
    assert fs.count_items("done") == 1 and fs.count_items("pending") == 0
    assert fs.unclustered_articles() == ["a1"]
    listed = fs.list()[0]
    assert (listed.articles, listed.items_failed, listed.title) == (1, 1, "T")
    fs.record_error(f.id, reason="boom", status=500, now="t2", next_at_for=lambda n: f"retry-{n}")
    assert fs.get(f.id).error_count == 1 and fs.get(f.id).next_fetch_at == "retry-1"
    fs.remove(f.id)
    assert fs.list() == [] and store.get_article("a1") is not None
    with pytest.raises(NotFoundError):
        fs.remove(f.id)


def test_brief_and_sentence_caches(store):
    briefs, vecs = store.briefs(), store.sentence_vectors()
    assert briefs.enabled and vecs.enabled
    briefs.put("s-1", "en", "mh", {"headline": "ü"}, "t")
    assert briefs.get("s-1", "en", "mh") == {"headline": "ü"} and briefs.get("s-1", "en", "other") is None
    vecs.put_many("m", {"k1": np.ones(3, np.float32)})
    assert vecs.get_many("m", ["k1", "k2"])["k1"].tolist() == [1, 1, 1]
    assert briefs.stats() == {"briefs": 1, "sentence_vectors": 1}


def test_writer_lock_is_reentrant(store):
    with store.writer_lock("cluster"):
        with store.writer_lock("cluster"):
            with store.transaction():
                store.insert_article(_article(1))
    assert store.count_articles() == 1
    d = store.index_dir()
    assert d is None or d.endswith(".usearch")


def test_watchlists_alerts_and_outbox(store):
    from babelwire.errors import InputError
    from babelwire.store.base import Alert, OutboxItem, Watchlist

    al = store.alerts()
    al.add_watchlist(Watchlist("quake", "Erdbeben in Chile", languages=["es", "en"], min_sources=2,
                               channels=[{"kind": "webhook", "url": "http://127.0.0.1:1/x"}], created_at="t0"))
    with pytest.raises(InputError):
        al.add_watchlist(Watchlist("quake", "other"))
    w = al.get_watchlist("quake")
    assert w.languages == ["es", "en"] and w.min_sources == 2 and w.channels[0]["kind"] == "webhook"
    a = Alert("a-1", "quake", "s-1", 1, 0.5, {"headline": "Sismo", "languages": ["es"]}, "2025-01-01T00:00:00Z",
              "2025-01-01T00:00:00Z", sent_version=1)
    item = OutboxItem("a-1/1/webhook", "a-1", 1, {"kind": "webhook"}, {"v": 1}, next_try_at="2025-01-01T00:00:00Z",
                      created_at="2025-01-01T00:00:00Z")
    with store.transaction():
        al.put_alert(a, [item])
        al.put_alert(a, [item])  # the same key twice: queued once
    assert al.claim_outbox("2024-12-31", "2024-12-31T00:05") == []  # not due yet
    assert [o.key for o in al.claim_outbox("2025-01-02", "2025-01-02T00:05")] == ["a-1/1/webhook"]
    assert al.claim_outbox("2025-01-02", "2025-01-02T00:05") == []  # claimed: another worker skips it
    # the claim ended (its worker died): due again
    assert [o.key for o in al.claim_outbox("2025-01-02T00:06", "2025-01-02T00:10")] == ["a-1/1/webhook"]
    a.version, a.data = 2, {"headline": "Sismo", "languages": ["es", "en"]}
    al.put_alert(a)
    got = al.get_alerts("quake", ["s-1", "s-2"])
    assert list(got) == ["s-1"] and got["s-1"].version == 2 and got["s-1"].data["languages"] == ["es", "en"]
    assert [x.id for x in al.recent_alerts(watchlist="quake")] == ["a-1"]
    with store.transaction():
        store.add_story_alias("s-1", "s-9", "2025-01-02")  # s-1 merged into s-9: its alert follows
    assert al.get_alerts("quake", ["s-9"])["s-9"].id == "a-1"
    al.mark_failed("a-1/1/webhook", error="HTTP 500", next_try_at="2025-01-03", dead=False)
    assert al.claim_outbox("2025-01-02T00:11", "2025-01-02T00:15") == []  # a failure sets the next try
    assert al.claim_outbox("2025-01-03", "2025-01-03T00:05")[0].attempts == 1
    al.mark_sent("a-1/1/webhook", "2025-01-03")
    assert al.claim_outbox("2099", "2099") == [] and al.outbox(status="sent")[0].payload == {"v": 1}
    assert al.remove_watchlist("quake").name == "quake" and al.watchlists() == []
    assert al.get_alerts("quake", ["s-1"]) == {} and al.remove_watchlist("quake") is None


def test_a_watchlist_is_updated_in_place_and_a_dropped_channel_takes_its_undelivered_rows(store):
    from babelwire.store.base import Alert, Digest, OutboxItem, Watchlist

    al = store.alerts()
    old, kept = {"kind": "email", "to": "old@example.org"}, {"kind": "webhook", "url": "http://127.0.0.1:1/x"}
    al.add_watchlist(Watchlist("w", "q", channels=[old, kept], created_at="t0", digest="hourly"))
    t = "2025-01-01T10:10:00Z"
    a = Alert("a-1", "w", "s-1", 1, 0.5, {"query": "q"}, t, t, sent_version=1)
    al.put_alert(a, [OutboxItem(f"a-1/v1/{k}", a.id, 1, ch, {}, status=st, next_try_at=t, created_at=t)
                     for k, ch, st in (("old", old, "pending"), ("kept", kept, "pending"))])
    al.put_alert(Alert("a-0", "w", "s-0", 1, 0.5, {}, t, t, sent_version=1),
                 [OutboxItem("a-0/v1/old", "a-0", 1, old, {}, status="sent", next_try_at=t, created_at=t)])
    al.join_digest("a-1/v1/old", Digest("d-old", "w", old, t, t, next_try_at=t))
    new = Watchlist("w", "other words", languages=["de"], places=["CL"], min_sources=3, sensitivity="strict",
                    channels=[kept], created_at="t0", breaking=True, outlets=["bbc.co.uk"], digest="off")
    assert al.update_watchlist(new, [old]) == new
    assert al.get_watchlist("w") == new and al.update_watchlist(Watchlist("nope", "q")) is None
    assert al.get_watchlist("nope") is None
    assert {o.key: o.status for o in al.outbox()} == {"a-1/v1/kept": "pending", "a-0/v1/old": "sent"}
    assert al.digests() == [] and {x.id for x in al.recent_alerts(watchlist="w")} == {"a-0", "a-1"}


def test_alert_digests_outlets_and_channels(store):
    """Migration 0013 / PostgreSQL 0006: a watchlist's outlets and digest mode; a digest's rows
    are never claimed alone; a sealed digest takes no more rows; channels' last delivery."""
    from babelwire.store.base import Alert, Digest, OutboxItem, Watchlist

    al = store.alerts()
    ch = {"kind": "webhook", "url": "http://127.0.0.1:1/x"}
    al.add_watchlist(Watchlist("d", "q", channels=[ch], created_at="t0", outlets=["bbc.co.uk"], digest="hourly"))
    al.add_watchlist(Watchlist("plain", "q", created_at="t0"))
    w = al.get_watchlist("d")
    assert w.outlets == ["bbc.co.uk"] and w.digest == "hourly" and al.get_watchlist("plain").digest == "off"
    t = "2025-01-01T10:10:00Z"
    for i in (1, 2, 3):
        a = Alert(f"a-{i}", "d", f"s-{i}", 1, 0.5, {}, t, t, sent_version=1)
        al.put_alert(a, [OutboxItem(f"a-{i}/v1/w", a.id, 1, ch, {"n": i}, next_try_at=t, created_at=t)])
    assert al.claim_outbox("2025-01-02", "2025-01-02T00:05") == []  # a digest watchlist's rows never go alone
    assert [(o.key, name, mode) for o, name, mode in al.undigested()] == [
        ("a-1/v1/w", "d", "hourly"), ("a-2/v1/w", "d", "hourly"), ("a-3/v1/w", "d", "hourly")]
    d10 = Digest("d-x/10", "d", ch, "2025-01-01T10:00:00Z", "2025-01-01T11:00:00Z", next_try_at="2025-01-01T11:00:00Z")
    assert al.join_digest("a-1/v1/w", d10) and al.join_digest("a-2/v1/w", d10)
    assert al.claim_digests("2025-01-01T10:59:59Z", "2025-01-01T11:05:00Z") == []  # the hour is not over
    got = al.claim_digests("2025-01-01T11:00:00Z", "2025-01-01T11:05:00Z")
    assert [d.key for d in got] == ["d-x/10"] and got[0].sealed and got[0].channel == ch
    assert al.claim_digests("2025-01-01T11:01:00Z", "2025-01-01T11:05:00Z") == []  # claimed
    assert not al.join_digest("a-3/v1/w", d10)  # sealed: the late row waits for the next period
    assert [o.key for o in al.digest_items("d-x/10")] == ["a-1/v1/w", "a-2/v1/w"]
    al.mark_digest_failed("d-x/10", error="HTTP 500", next_try_at="2025-01-01T11:10:00Z", dead=False)
    again = al.claim_digests("2025-01-01T11:10:00Z", "2025-01-01T11:15:00Z")
    assert again[0].attempts == 1 and [o.attempts for o in al.digest_items("d-x/10")] == [1, 1]
    al.mark_digest_sent("d-x/10", "2025-01-01T11:11:00Z", "webhook-1")
    assert {o.key: o.status for o in al.outbox()} == {"a-1/v1/w": "sent", "a-2/v1/w": "sent", "a-3/v1/w": "pending"}
    assert al.channel_last_sent(["webhook-1", "other"]) == {"webhook-1": "2025-01-01T11:11:00Z"}
    al.mark_sent("a-3/v1/w", "2025-01-01T11:12:00Z", "webhook-1")
    al.postpone("a-3/v1/w", "2030-01-01T00:00:00Z")  # a sent row stays sent
    assert al.channel_last_sent(["webhook-1"]) == {"webhook-1": "2025-01-01T11:12:00Z"}
    assert al.outbox(status="pending") == [] and al.digests(status="sent")[0].key == "d-x/10"


def test_channel_reservations_one_at_a_time(store):
    """The cooldown's reservation: taken where neither a delivery nor another reservation is
    later than ``since``; given back only by its own; a reserved channel has no delivery yet."""
    al = store.alerts()
    assert al.reserve_channel("webhook-1", "2025-01-01T10:00:00Z", "2025-01-01T09:50:00Z") is None  # a new channel
    assert al.channel_last_sent(["webhook-1"]) == {}
    assert al.reserve_channel("webhook-1", "2025-01-01T10:05:00Z", "2025-01-01T09:55:00Z") == "2025-01-01T10:00:00Z"
    al.release_channel("webhook-1", "2025-01-01T09:00:00Z")  # not its reservation: kept
    assert al.reserve_channel("webhook-1", "2025-01-01T10:05:00Z", "2025-01-01T09:55:00Z") == "2025-01-01T10:00:00Z"
    al.release_channel("webhook-1", "2025-01-01T10:00:00Z")  # its send failed
    assert al.reserve_channel("webhook-1", "2025-01-01T10:05:00Z", "2025-01-01T09:55:00Z") is None
    al.mark_digest_sent("d-none", "2025-01-01T10:20:00Z", "webhook-1")  # a digest counts, unreserved
    assert al.channel_last_sent(["webhook-1"]) == {"webhook-1": "2025-01-01T10:20:00Z"}
    al.release_channel("webhook-1", "2025-01-01T10:05:00Z")  # a reservation given back leaves the delivery
    assert al.reserve_channel("webhook-1", "2025-01-01T10:25:00Z", "2025-01-01T10:15:00Z") == "2025-01-01T10:20:00Z"
    assert al.reserve_channel("webhook-1", "2025-01-01T10:30:00Z", "2025-01-01T10:20:00Z") is None


def test_writer_lock_without_waiting(store, store_db):
    other = open_store(store_db)  # another worker on the same store
    try:
        with store.writer_lock("cluster") as held:
            assert held is True
            with other.writer_lock("cluster", wait=False) as theirs:
                assert theirs is False  # taken: the other worker goes on without it
            with store.writer_lock("cluster", wait=False) as again:
                assert again is True  # re-entrant for its holder
        with other.writer_lock("cluster", wait=False) as theirs:
            assert theirs is True
    finally:
        other.close()


def test_unclustered_articles_in_arrival_order(store):
    with store.transaction():
        for i in (3, 1, 2):  # stored in this order; dates say otherwise
            store.insert_article(_article(i))
    store.set_article_stories([("a1", "s-1")])
    assert store.unclustered_article_ids() == ["a3", "a2"]
