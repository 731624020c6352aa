"""The REST API and pages through an in-process HTTP client against a real store."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from babelwire.errors import ConfigError
from babelwire.web import create_app
from babelwire.web.app import serve

XSS = [
    '<script>alert("x")</script>',
    '<iframe src="https://evil.example"></iframe>',
    '<img src=x onerror="alert(1)">',
]


@pytest.fixture(scope="module")
def client(examples_store):
    with TestClient(create_app(examples_store)) as c:
        yield c


def _seed_story(client) -> dict:
    r = client.get("/api/search", params={"q": "Amazon TikTok employees delete app"})
    assert r.status_code == 200
    for s in r.json()["stories"]:
        if set(s["languages"]) >= {"ar", "fr", "hi", "id", "no"}:
            return s
    raise AssertionError(f"seed story not found: {r.json()['stories']}")


def test_story_list_pagination_and_sorting(client):
    r = client.get("/api/stories", params={"limit": 3, "sort": "size"})
    assert r.status_code == 200
    page = r.json()
    assert page["total"] >= 11 and len(page["items"]) == 3 and page["next"]
    sizes = [s["article_count"] for s in page["items"]]
    assert sizes == sorted(sizes, reverse=True)
    nxt = client.get(page["next"]).json()
    assert {s["id"] for s in nxt["items"]}.isdisjoint({s["id"] for s in page["items"]})
    only_hi = client.get("/api/stories", params={"language": "hi", "limit": 50}).json()
    assert only_hi["total"] >= 1 and all("hi" in s["languages"] for s in only_hi["items"])
    assert client.get("/api/stories", params={"sort": "nonsense"}).status_code == 422


def test_seed_story_detail_has_brief_and_languages(client):
    s = _seed_story(client)
    d = client.get(f"/api/stories/{s['id']}").json()
    assert set(d["articles_by_language"]) == {"ar", "fr", "hi", "id", "no"}
    assert d["brief"] is not None
    conflicts = json.dumps(d["brief"]["discrepancies"], ensure_ascii=False)
    assert "840" in conflicts and "500" in conflicts
    page = client.get(f"/stories/{s['id']}")
    assert page.status_code == 200 and "840" in page.text and "<svg" in page.text


def test_search_in_hindi_finds_the_story(client):
    seed = _seed_story(client)
    r = client.get("/api/search", params={"q": "अमेज़न कर्मचारियों टिकटॉक ऐप"})
    assert r.status_code == 200
    assert seed["id"] in [s["id"] for s in r.json()["stories"][:3]]


def test_articles_list_and_one(client):
    page = client.get("/api/articles", params={"language": "fr", "limit": 2}).json()
    assert page["total"] >= 2 and all(a["language"] == "fr" for a in page["items"])
    one = client.get(f"/api/articles/{page['items'][0]['id']}").json()
    assert {"id", "url", "source", "title", "text", "language", "published", "near_duplicates"} <= set(one)


def test_one_error_shape(client):
    for path, status in [("/api/articles/nope", 404), ("/api/stories/s-nope", 404),
                         ("/api/articles?limit=0", 422), ("/api/search", 422)]:
        r = client.get(path)
        assert r.status_code == status, path
        body = r.json()
        assert set(body) == {"error"} and body["error"]["status"] == status and body["error"]["message"]
    html = client.get("/articles/nope")
    assert html.status_code == 404 and "text/html" in html.headers["content-type"] and "Error 404" in html.text


def test_compare_and_openapi(client):
    seed = _seed_story(client)
    ids = client.get(f"/api/stories/{seed['id']}").json()["article_ids"]
    r = client.post("/api/compare", json={"a": ids[0], "b": ids[1]})
    assert r.status_code == 200 and r.json()["same_story"] is True and 0 <= r.json()["score"] <= 1
    spec = client.get("/api/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles", "/api/articles/{article_id}",
            "/api/search", "/api/compare"} <= set(spec["paths"])


def test_hostile_text_is_escaped_everywhere(tmp_path):
    db = str(tmp_path / "x.db")
    recs = [{"id": f"x{i}", "title": p, "source": p, "url": "javascript:alert(1)",
             "text": f"{p} A long enough body so that the article is kept. {p}"} for i, p in enumerate(XSS)]
    with TestClient(create_app(db)) as c:
        r = c.post("/api/articles", content="\n".join(json.dumps(x) for x in recs).encode())
        assert r.status_code == 200 and r.json()["ingested"] == 3
        pages = [c.get("/"), c.get("/search", params={"q": "alert"})]
        pages += [c.get(f"/articles/x{i}") for i in range(3)]
        sid = c.get("/api/articles/x0").json()["story_id"]
        pages.append(c.get(f"/stories/{sid}"))
        for p in pages:
            assert p.status_code == 200
            assert "<script>alert" not in p.text and "<iframe" not in p.text and "<img src=x" not in p.text
            assert 'href="javascript:' not in p.text
            assert "script-src 'self'" in p.headers["content-security-policy"]


def test_write_endpoints_need_the_token_when_set(tmp_path):
    db = str(tmp_path / "t.db")
    body = json.dumps({"id": "t1", "text": "A story body that is long enough to be kept."}).encode()
    with TestClient(create_app(db, token="s3cret")) as c:
        assert c.post("/api/articles", content=body).status_code == 401
        assert c.post("/api/articles", content=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
        ok = c.post("/api/articles", content=body, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200 and ok.json()["ingested"] == 1
        assert c.get("/api/articles/t1").status_code == 200  # reads stay open


def test_refuses_public_address_without_token(monkeypatch):
    monkeypatch.delenv("BABELWIRE_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="without a token"):
        serve(host="0.0.0.0", port=0)


def test_request_body_limit(tmp_path):
    with TestClient(create_app(str(tmp_path / "b.db"), max_body_mb=0.01)) as c:
        r = c.post("/api/articles", content=b"x" * 20_000)
        assert r.status_code == 413 and r.json()["error"]["status"] == 413
