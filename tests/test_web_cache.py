"""The web app's response cache: served again while the store is unchanged, never stale after."""
from __future__ import annotations

import json

import babelwire
from fastapi.testclient import TestClient

from babelwire.settings import load_settings
from babelwire.web import create_app


def _docs(prefix: str, n: int) -> bytes:
    recs = [{"id": f"{prefix}{i}", "title": f"Harbour crane collapse number {prefix}{i}",
             "source": "port.example", "text": f"Report {prefix}{i}: a crane collapsed at the harbour "
             "in the morning and the port was closed for the day while inspectors worked."}
            for i in range(n)]
    return "\n".join(json.dumps(r) for r in recs).encode()


def test_pages_are_served_again_until_the_store_changes(tmp_path):
    db = str(tmp_path / "c.db")
    with TestClient(create_app(db)) as c:
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
    with TestClient(create_app(db)) as c:
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
