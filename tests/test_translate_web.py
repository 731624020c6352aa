"""The reader's language in the web app: one headline per story on the list and the story page,
a language selector remembered in a cookie (and in the page cache's key), ?lang validated."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from babelwire.web import create_app


@pytest.fixture(scope="module")
def client(examples_store):
    with TestClient(create_app(examples_store)) as c:
        yield c


def _seed_id(client) -> str:
    r = client.get("/api/search", params={"q": "Amazon TikTok employees delete app"}).json()
    return next(s["id"] for s in r["stories"] if set(s["languages"]) >= {"ar", "fr", "hi", "id", "no"})


def _list_headline(html: str, sid: str) -> str:
    m = re.search(rf'<a class="story-link" dir="auto" href="/stories/{sid}">([^<]*)</a>', html)
    assert m, "story missing from the list"
    return m.group(1)


def _page_headline(html: str) -> str:
    m = re.search(r'<h1 class="story-headline">\s*<span class="story-headline-text" dir="auto">([^<]*)</span>', html)
    assert m
    return m.group(1)


@pytest.mark.parametrize("lang", ["no", "en", "fr"])
def test_list_and_story_page_agree_on_the_headline(client, lang):
    sid = _seed_id(client)
    listed = _list_headline(client.get("/", params={"lang": lang, "sort": "size"}).text, sid)
    page = client.get(f"/stories/{sid}", params={"lang": lang}).text
    assert _page_headline(page) == listed
    api = client.get("/api/stories", params={"lang": lang, "sort": "size", "limit": 50}).json()
    (row,) = [s for s in api["items"] if s["id"] == sid]
    assert row["reader_headline"]["text"] == listed
    detail = client.get(f"/api/stories/{sid}", params={"lang": lang}).json()
    assert detail["reader_headline"] == row["reader_headline"]
    if lang in ("no", "fr"):  # a source in the reader's language: its title (no), else its first line (fr)
        assert row["reader_headline"]["in_reader_language"] and row["reader_headline"]["language"] == lang
    else:  # no English source: the original, marked, transliterated when not in Latin letters
        h = row["reader_headline"]
        assert not h["in_reader_language"]
        assert (h["transliteration"] is None) == (h["language"] not in ("ar", "hi"))
        assert "none in en" not in page and ("[transliteration]" in page or "[translittération]" in page) \
            == bool(h["transliteration"])


def test_selector_remembers_the_language_in_a_cookie(client):
    sid = _seed_id(client)
    r = client.post("/reader-language", data={"lang": "fr", "next": f"/stories/{sid}?lang=de"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/stories/{sid}?lang=de"
    assert "babelwire_lang=fr" in r.headers["set-cookie"]
    try:
        fr = client.get(f"/stories/{sid}").text  # the client kept the cookie, as a browser does
        assert '<html lang="fr">' in fr and "Où les sources divergent" in fr and "Résumé" in fr
        assert '<option value="fr" selected>' in fr
        # the page cache keeps readers apart: without the cookie, English
        client.cookies.clear()
        en = client.get(f"/stories/{sid}").text
        assert '<html lang="en">' in en and "Where sources disagree" in en
        client.cookies.set("babelwire_lang", "fr")
        de = client.get(f"/stories/{sid}", params={"lang": "de"}).text
        assert "Wo die Quellen abweichen" in de  # ?lang wins over the cookie
        # a forged cookie is ignored, not an error
        client.cookies.set("babelwire_lang", "klingon")
        assert client.get("/").status_code == 200
    finally:
        client.cookies.clear()


def test_selector_never_redirects_off_site(client):
    for bad in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        r = client.post("/reader-language", data={"lang": "de", "next": bad}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/"


def test_unknown_reader_language_is_a_400(client):
    sid = _seed_id(client)
    for url in (f"/stories/{sid}?lang=english", f"/api/stories/{sid}?lang=xx", "/?lang=english"):
        r = client.get(url)
        assert r.status_code == 400 and "unknown reader language" in r.text
    r = client.post("/reader-language", data={"lang": "english", "next": "/"}, follow_redirects=False)
    assert r.status_code == 400


def test_story_page_shows_machine_translations_from_the_cache(examples_store, tmp_path):
    """The web story page with a translator (the LibreTranslate stand-in of test_translate.py)."""
    import shutil

    from test_translate import StandIn

    from babelwire.settings import load_settings

    db = str(tmp_path / "copy.db")
    shutil.copy(examples_store, db)
    srv = StandIn("libretranslate")
    try:
        s = load_settings({"db": db, "translator": "libretranslate", "translator_url": srv.url, "web_cache_mb": 0},
                          environ={})
        with TestClient(create_app(settings=s)) as c:
            sid = _seed_id(c)
            page = c.get(f"/stories/{sid}", params={"lang": "en"}).text
            assert page.count("[machine translation (libretranslate)]") >= 5
            assert "This is the English translation of text" in page
            sent = len(srv.requests)
            assert sent >= 1
            again = c.get(f"/stories/{sid}", params={"lang": "en"}).text  # another reader: no request
            assert len(srv.requests) == sent and again.count("machine translation") == page.count("machine translation")
            # the list shows the cached translation of the headline too
            listed = c.get("/", params={"lang": "en", "sort": "size"}).text
            assert "headline-translation" in listed
    finally:
        srv.close()
