"""Feed parsing (RSS 0.91/1.0/2.0, Atom, JSON Feed 1.0/1.1) and OPML, without a network."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "live"))
import livesrv  # noqa: E402
from livesrv import ARTICLES, Item  # noqa: E402

from babelwire.errors import InputError  # noqa: E402
from babelwire.live.errors import FetchError  # noqa: E402
from babelwire.live.feeds import FeedItem, html_to_text, language_code, parse_feed  # noqa: E402
from babelwire.live.opml import OpmlFeed, build_opml, parse_opml  # noqa: E402

FIX = Path(__file__).parent / "fixtures" / "live"
BASE = "http://news.example/feed"


def test_rss20_items_dates_authors_language_and_full_text():
    data = livesrv.rss([Item("en1", "http://news.example/a/1", guid="g-1"),
                        Item("en2", "/a/2", date="2025-06-10", full_text=True)], language="en-GB")
    f = parse_feed(data, url=BASE)
    assert f.kind == "rss20" and f.title == "Example News" and f.language == "en"
    a, b = f.items
    assert a.key == "g-1" and a.url == "http://news.example/a/1" and a.title == ARTICLES["en1"]["title"]
    assert (a.published.value, a.published.precision, a.published.source) == ("2025-06-10T04:00", "minute", "feed")
    assert a.author == "Staff reporter" and a.content is None  # only a teaser: fetch the page
    assert b.url == "http://news.example/a/2"  # relative link resolved against the feed
    assert (b.published.value, b.published.precision) == ("2025-06-10", "day")  # no time given, none invented
    assert b.content.startswith(ARTICLES["en2"]["paras"][0]) and "\n\n" in b.content


def test_full_text_threshold():
    data = livesrv.rss([Item("en1", "http://news.example/a/1", full_text=True)])
    assert parse_feed(data, url=BASE, full_text_chars=100).items[0].content
    assert parse_feed(data, url=BASE, full_text_chars=100_000).items[0].content is None


def test_atom_with_content():
    f = parse_feed(livesrv.atom([Item("fr", "http://news.example/fr/1", full_text=True)]), url=BASE)
    assert f.kind == "atom10" and f.language == "fr"
    it = f.items[0]
    assert it.published.value == "2025-06-10T04:30"  # +02:00 to UTC
    assert it.author == "Correspondant" and "dockers" in it.content


def test_rss10_and_rss091():
    f = parse_feed(livesrv.rdf([Item("de", "http://news.example/de/1")]), url=BASE)
    assert f.kind == "rss10" and f.language == "de" and f.items[0].url == "http://news.example/de/1"
    assert f.items[0].published.value == "2025-06-10T05:00"
    f = parse_feed(livesrv.rss091([Item("es", "http://news.example/es/1")]), url=BASE)
    assert f.kind.startswith("rss09") and f.language == "es" and f.items[0].key == "http://news.example/es/1"


@pytest.mark.parametrize("version", ["https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1"])
def test_json_feed(version):
    data = livesrv.json_feed([Item("es", "http://news.example/es/1", full_text=True),
                              Item("en1", "http://news.example/en/1")], version=version)
    f = parse_feed(data, url=BASE, full_text_chars=200)
    assert f.kind == "json" + version.rsplit("/", 1)[1] and f.language == "es" and f.title == "Example JSON"
    full, teaser = f.items
    assert full.content and "Emilia-Romaña" in full.content and full.author == "Redacción" and full.tags == ["europa"]
    assert full.published.value == "2025-06-10T07:15"
    assert teaser.content is None and teaser.summary


@pytest.mark.parametrize("encoding, key", [("koi8-r", "ru"), ("windows-1256", "ar")])
def test_legacy_encoded_rss(encoding, key):
    data = livesrv.rss([Item(key, "http://news.example/x", full_text=True)], language=key, encoding=encoding)
    assert ARTICLES[key]["title"].encode("utf-8") not in data  # really not UTF-8 on the wire
    f = parse_feed(data, url=BASE, headers={"content-type": f"application/rss+xml; charset={encoding}"},
                   full_text_chars=100)
    assert f.items[0].title == ARTICLES[key]["title"]
    assert ARTICLES[key]["paras"][1] in f.items[0].content


@pytest.mark.parametrize("data, match", [
    ((FIX / "invalid.xml").read_bytes(), "malformed feed"),
    (b"<html><body><h1>Welcome</h1></body></html>", "HTML page"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    (b"", "empty"),
    (b'{"title": "not a feed"}', "JSON Feed version"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "items": ', "malformed JSON Feed"),
    (b"just some words", "malformed feed"),
])
def test_not_a_feed(data, match):
    with pytest.raises(FetchError, match=match):
        parse_feed(data, url=BASE)


def test_feed_body_is_never_opened_as_a_path(tmp_path):
    # feedparser opens a str/bytes argument that names a file; a body naming one must not be read.
    secret = tmp_path / "secret.xml"
    secret.write_bytes(livesrv.rss([Item("en1", "http://news.example/leak")]))
    with pytest.raises(FetchError):
        parse_feed(str(secret).encode(), url=BASE)


def test_items_survive_a_json_round_trip():
    it = parse_feed(livesrv.rss([Item("en1", "http://news.example/a/1")]), url=BASE).items[0]
    assert FeedItem.from_json(it.to_json()) == it


def test_html_to_text_and_language_codes():
    text = html_to_text("<p>One &amp; two</p><script>x()</script><ul><li>a</li><li>b</li></ul>line<br>break")
    assert text.split("\n\n")[0] == "One & two" and "x()" not in text and "line\nbreak" in text
    assert language_code("pt-BR") == "pt" and language_code("EN_us") == "en" and language_code("English") is None


def test_opml_import_parse_and_export_round_trip():
    feeds = parse_opml((FIX / "subscriptions.opml").read_bytes())
    assert [f.name for f in feeds] == ["Le Monde International", "Tagesschau", "Al Jazeera", "broken"]
    assert feeds[0].language == "fr" and feeds[0].country == "fr"
    again = parse_opml(build_opml(feeds).encode("utf-8"))
    assert again == feeds
    with pytest.raises(InputError, match="not an OPML"):
        parse_opml(b"<rss/>")
    with pytest.raises(InputError, match="entity"):
        parse_opml(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml/>')
    assert build_opml([OpmlFeed("http://a.example/f", "A & B")]).count("A &amp; B") == 2
