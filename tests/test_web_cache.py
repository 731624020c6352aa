"""The web app's response cache: served again while the store is unchanged, at most
``web_cache_stale`` seconds behind it after a write (never behind with 0)."""
from __future__ import annotations

import json
import threading
import time

from fastapi.testclient import TestClient

import babelwire
from babelwire.settings import load_settings
from babelwire.web import create_app


def _docs(prefix: str, n: int) -> bytes:
    recs = [{"id": f"{prefix}{i}", "title": f"Harbour crane collapse number {prefix}{i}",
             "source": "port.example", "text": f"Report {prefix}{i}: a crane collapsed at the harbour "
             "in the morning and the port was closed for the day while inspectors worked."}
            for i in range(n)]
    return "\n".join(json.dumps(r) for r in recs).encode()


def _app(db: str, stale: float, poll: float = 0.0):
    # poll 0: every request reads the change counter (the tests of the window below need it)
    return create_app(settings=load_settings({"db": db, "web_cache_stale": stale, "web_cache_poll": poll}))


def test_pages_are_served_again_until_the_store_changes(tmp_path):
    db = str(tmp_path / "c.db")
    with TestClient(_app(db, 0)) as c:
        assert c.post("/api/articles", content=_docs("a", 2)).json()["ingested"] == 2
        first = c.get("/api/stories")
        again = c.get("/api/stories")
        assert first.headers["x-cache"] == "miss" and again.headers["x-cache"] == "hit"
        assert again.content == first.content and first.json()["total"] >= 1
        # security headers still come with a cached answer
        assert "script-src 'self'" in again.headers["content-security-policy"]

        # a write through the API: the next read is rendered again and shows it
        assert c.post("/api/articles", content=_docs("b", 1)).json()["ingested"] == 1
        after = c.get("/api/stories")
        assert after.headers["x-cache"] == "miss"
        assert sum(s["article_count"] for s in after.json()["items"]) == 3

        # a write by another process (another connection) is seen too
        with babelwire.open(db) as bw:
            bw.ingest_bytes(_docs("c", 1), name="more.jsonl")
        fresh = c.get("/api/stories")
        assert fresh.headers["x-cache"] == "miss"
        assert sum(s["article_count"] for s in fresh.json()["items"]) == 4


def test_etag_gives_not_modified_and_errors_are_not_cached(tmp_path):
    db = str(tmp_path / "e.db")
    with TestClient(_app(db, 0)) as c:
        c.post("/api/articles", content=_docs("a", 1))
        r = c.get("/")
        tag = r.headers["etag"]
        assert r.status_code == 200 and tag.startswith('W/"')
        nm = c.get("/", headers={"If-None-Match": tag})
        assert nm.status_code == 304 and nm.content == b""
        c.post("/api/articles", content=_docs("b", 1))
        changed = c.get("/", headers={"If-None-Match": tag})
        assert changed.status_code == 200 and changed.headers["etag"] != tag

        for _ in range(2):
            missing = c.get("/api/stories/s-nope")
            assert missing.status_code == 404 and missing.headers["x-cache"] == "miss"
            assert "etag" not in missing.headers


def test_first_brief_does_not_drop_the_cache(tmp_path):
    # Building a story's brief writes to the store (the brief cache) but changes nothing a
    # reader sees, so the story list stays cached.
    db = str(tmp_path / "b.db")
    with TestClient(create_app(db)) as c:
        c.post("/api/articles", content=_docs("a", 2))
        c.get("/api/stories")
        sid = c.get("/api/articles/a0").json()["story_id"]
        assert c.get(f"/stories/{sid}").status_code == 200
        assert c.get("/api/stories").headers["x-cache"] == "hit"


def test_cache_can_be_turned_off(tmp_path):
    settings = load_settings({"db": str(tmp_path / "off.db"), "web_cache_mb": 0})
    with TestClient(create_app(settings=settings)) as c:
        c.post("/api/articles", content=_docs("a", 1))
        assert "x-cache" not in c.get("/api/stories").headers
        assert "x-cache" not in c.get("/api/stories").headers


STALE = 0.3  # a short window, so the tests wait little


def test_a_read_after_a_write_may_be_stale_but_never_past_the_window(tmp_path):
    db = str(tmp_path / "s.db")
    with TestClient(_app(db, STALE)) as c:
        c.post("/api/articles", content=_docs("a", 2))
        first = c.get("/api/stories")
        assert first.headers["x-cache"] == "miss"
        t_seen = time.monotonic()  # the last reading of the counter before the write: the window opens here
        assert c.get("/api/stories").headers["x-cache"] == "hit"

        with babelwire.open(db) as bw:  # another process's write
            bw.ingest_bytes(_docs("c", 1), name="more.jsonl")
        soon = c.get("/api/stories")
        if time.monotonic() - t_seen < STALE:  # a slow machine may already be past the window
            assert soon.headers["x-cache"] == "stale"
            assert soon.content == first.content and soon.headers["etag"] == first.headers["etag"]
        time.sleep(STALE + 0.1)
        fresh = c.get("/api/stories")
        assert fresh.headers["x-cache"] == "miss"
        assert sum(s["article_count"] for s in fresh.json()["items"]) == 3
        assert fresh.headers["etag"] != first.headers["etag"]
        assert c.get("/api/stories").headers["x-cache"] == "hit"


def test_a_busy_writer_cannot_keep_a_page_stale_past_the_window(tmp_path):
    # writes keep coming: each window's first read after it closes renders again
    db = str(tmp_path / "w.db")
    with TestClient(_app(db, STALE)) as c, babelwire.open(db) as bw:
        c.post("/api/articles", content=_docs("a", 1))
        c.get("/api/stories")
        deadline = time.monotonic() + 3 * STALE
        written, seen = 1, set()
        while time.monotonic() < deadline:
            bw.ingest_bytes(_docs(f"w{written}-", 1), name="w.jsonl")
            written += 1
            r = c.get("/api/stories")
            seen.add(r.headers["x-cache"])
            if r.headers["x-cache"] == "miss":  # rendered now: shows every write so far
                assert sum(s["article_count"] for s in r.json()["items"]) == written
        # one write after the last read, so the cached page is behind it whatever the loop's
        # last answer was; once the window has passed it must be rendered again
        bw.ingest_bytes(_docs(f"w{written}-", 1), name="w.jsonl")
        written += 1
        time.sleep(STALE + 0.1)
        last = c.get("/api/stories")
        assert last.headers["x-cache"] == "miss"
        assert sum(s["article_count"] for s in last.json()["items"]) == written
        assert "miss" in seen  # the page was rendered again while writes went on


def test_etag_follows_what_is_served_within_the_window(tmp_path):
    db = str(tmp_path / "t.db")
    with TestClient(_app(db, STALE)) as c:
        c.post("/api/articles", content=_docs("a", 1))
        t_seen = time.monotonic()
        old = c.get("/").headers["etag"]
        c.post("/api/articles", content=_docs("b", 1))
        nm = c.get("/", headers={"If-None-Match": old})
        if time.monotonic() - t_seen < STALE:  # the stale page is what would be served: still 304
            assert nm.status_code == 304 and nm.headers["etag"] == old
        time.sleep(STALE + 0.1)
        changed = c.get("/", headers={"If-None-Match": old})
        assert changed.status_code == 200 and changed.headers["etag"] != old
        new = changed.headers["etag"]
        again = c.get("/", headers={"If-None-Match": new})
        assert again.status_code == 304 and again.headers["etag"] == new


def test_memory_bound_holds_with_stale_entries(tmp_path):
    from babelwire.web.cache import ResponseCache

    db = str(tmp_path / "m.db")
    app = _app(db, 60)
    with TestClient(app) as c:
        c.post("/api/articles", content=_docs("a", 3))
        cache = app.middleware_stack
        while not isinstance(cache, ResponseCache):
            cache = cache.app
        cache.max_bytes = 3 * (len(c.get("/api/stories").content) + 256) + 100
        for i in range(10):
            c.get(f"/api/stories?limit={i + 1}")
            if i == 4:  # older generations stay in the cache, and count against the bound
                c.post("/api/articles", content=_docs("b", 1))
            stats = cache.stats()
            assert stats["bytes"] <= cache.max_bytes and stats["entries"] <= 3
        assert cache.stats()["misses"] >= 10


def _count_counter_reads(monkeypatch) -> list[str]:
    """The threads the web cache read the store's change counter on, one entry per reading."""
    from babelwire.web.app import WorkspacePool

    reads: list[str] = []
    real = WorkspacePool.change_count

    def counted(self):
        reads.append(threading.current_thread().name)
        return real(self)

    monkeypatch.setattr(WorkspacePool, "change_count", counted)
    return reads


def test_one_counter_reading_serves_the_requests_within_poll(store_db, monkeypatch):
    # On either backend: within web_cache_poll no request reads the counter again, so another
    # process's write is not seen yet (the page is at most `poll` behind); once the reading is
    # older than the window the write shows. On PostgreSQL the reading runs off the event loop.
    reads = _count_counter_reads(monkeypatch)
    with TestClient(_app(store_db, STALE, poll=STALE)) as c:
        c.post("/api/articles", content=_docs("a", 2))
        first = c.get("/api/stories")
        t_read = time.monotonic()
        with babelwire.open(store_db) as bw:
            bw.ingest_bytes(_docs("c", 1), name="more.jsonl")
        same = [c.get("/api/stories") for _ in range(5)]
        if time.monotonic() - t_read < STALE:  # a slow machine may be past the window already
            assert len(reads) == 1
            assert {r.headers["x-cache"] for r in same} == {"hit"}
            assert all(r.content == first.content for r in same)
        time.sleep(STALE + 0.1)
        fresh = c.get("/api/stories")
        assert fresh.headers["x-cache"] == "miss"
        assert sum(s["article_count"] for s in fresh.json()["items"]) == 3
        assert len(reads) >= 2
    on_thread = {name.startswith("babelwire-counter") for name in reads}
    assert on_thread == {store_db.startswith("postgresql://")}


def test_with_stale_0_every_request_sees_the_last_write(store_db, monkeypatch):
    # web_cache_poll is capped by web_cache_stale: with 0 no request uses a reading begun
    # before it arrived, on the event loop (SQLite) or on the counter thread (PostgreSQL)
    reads = _count_counter_reads(monkeypatch)
    with TestClient(_app(store_db, 0, poll=5)) as c, babelwire.open(store_db) as bw:
        c.post("/api/articles", content=_docs("a", 1))
        for i in range(3):
            assert c.get("/api/stories").headers["x-cache"] in ("miss", "hit")
            bw.ingest_bytes(_docs(f"w{i}-", 1), name="w.jsonl")
            r = c.get("/api/stories")
            assert r.headers["x-cache"] == "miss"
            assert sum(s["article_count"] for s in r.json()["items"]) == i + 2
        assert len(reads) >= 6
