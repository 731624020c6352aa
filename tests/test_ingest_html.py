"""HTML extraction: article text, metadata, truncated pages and limits."""
from __future__ import annotations

from test_ingest_readers import FIXTURES, MB, only_doc, only_rejection, read

from babelwire.models import Published, RawDoc, Rejection


def test_truncated_html_extracts_or_rejects_never_crashes(tmp_path):
    page = (FIXTURES / "article.html").read_bytes()
    cut_points = list(range(1, len(page), 97)) + [len(page) - 20]
    outcomes = []
    for cut in cut_points:
        p = tmp_path / f"cut{cut}.html"
        p.write_bytes(page[:cut])
        item = read(p)
        assert len(item) == 1
        outcomes.append(item[0])
        if isinstance(item[0], Rejection):
            assert item[0].reason in ("no article text found in HTML", "empty file") or item[0].reason
    # cut inside the body: what was there is kept
    mid = page.index(b"Only five hours later")
    p = tmp_path / "mid.html"
    p.write_bytes(page[:mid + 60])
    doc = only_doc(read(p))
    assert doc.text.startswith("Amazon on Friday asked") and "Only five hours later" in doc.text
    assert doc.title == "Amazon tells staff to delete TikTok, then says email was a mistake"
    # cut in the <head>: nothing to extract, and it says so
    p.write_bytes(page[:400])
    assert only_rejection(read(p)).reason == "no article text found in HTML"
    assert any(isinstance(o, RawDoc) for o in outcomes) and any(isinstance(o, Rejection) for o in outcomes)


def test_html_article_without_page_furniture():
    doc = only_doc(read(FIXTURES / "article.html"))
    assert doc.title == "Amazon tells staff to delete TikTok, then says email was a mistake"
    assert doc.source == "The Harbour Courier"
    assert doc.url == "https://www.harbourcourier.example/business/2020/07/10/amazon-tiktok-email"
    # 21:06 at +02:00 on the page's own clock (the day it states), the offset and UTC beside;
    # not the modified time, and finer than the URL's day
    assert doc.published == Published("2020-07-10T21:06", "minute", "html")
    assert doc.metadata["published_offset"] == "+02:00"
    assert doc.metadata["published_utc"] == "2020-07-10T19:06Z"
    assert doc.metadata["published_from"] == "url+metadata"
    assert doc.text.startswith("Amazon on Friday asked its employees")
    assert "more than 840,000 people worldwide" in doc.text
    for furniture in ("Share this", "Facebook", "Subscribe", "cookies", "Ferry strike", "newsletter",
                      "COPYRIGHT", "Privacy policy", "Reader42", "Mistake my foot", "Business ›"):
        assert furniture not in doc.text, furniture
    assert doc.language is None and doc.metadata["html_lang"] == "en-GB"
    assert doc.metadata["author"] == "Ingrid Solberg"


def test_html_day_precision_and_domain_source(tmp_path):
    page = ("<html><head><title>Harbour reopens</title>"
            '<link rel="canonical" href="https://www.portnews.example/harbour-reopens">'
            '<meta name="date" content="2020-07-11"></head><body><article><h1>Harbour reopens</h1>'
            + "<p>The harbour reopened on Saturday after a week of repairs to the northern quay. " * 3
            + "</p></article></body></html>")
    (tmp_path / "p.html").write_text(page)
    doc = only_doc(read(tmp_path / "p.html"))
    assert doc.published == Published("2020-07-11", "day", "html")
    assert doc.source == "portnews.example" and doc.title == "Harbour reopens"


def test_html_without_article_text(tmp_path):
    (tmp_path / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav><script>app()</script></body></html>")
    assert only_rejection(read(tmp_path / "nav.html")).reason == "no article text found in HTML"


def test_html_over_limit_is_not_parsed(tmp_path):
    (tmp_path / "big.html").write_bytes(b"<html><body>" + b"<p>x</p>" * 200_000 + b"</body></html>")
    r = only_rejection(read(tmp_path / "big.html", max_file_bytes=MB))
    assert r.reason == "file is 1.5 MB, over the 1.0 MB limit (setting max_file_mb)"
