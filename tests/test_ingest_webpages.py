"""Real-looking web pages: dates on the page's own clock, no article lost, clean titles, and
HTML parsed in the ingest workers. Floors on the 120 generated pages of tests/data/webpages."""
from __future__ import annotations

from pathlib import Path

import pytest

from babelwire.ingest import read_bytes
from babelwire.ingest.html import clean_title, site_names
from babelwire.models import Published, RawDoc, Rejection

PAGES = Path(__file__).parent / "data" / "webpages"
LIMITS = {"max_file_bytes": 10_000_000, "max_record_bytes": 10_000_000, "max_text_chars": 1_000_000}


def read_page(html: str | bytes, name: str = "page.html"):
    data = html.encode("utf-8") if isinstance(html, str) else html
    out = list(read_bytes(data, name=name, kind="html", **LIMITS))
    assert len(out) == 1
    return out[0]


STORY = ("The city council voted 31 to 12 on Tuesday night to fund a movable flood barrier across the mouth of "
         "the river, ending two years of argument over the cost. Engineers say the barrier will protect about "
         "40,000 homes from the kind of storm surge that flooded the lower town in 2019. Opponents argued that "
         "the money would be better spent on raising the existing embankments.")


def page(head: str = "", body: str = "", url: str = "https://www.harbourherald.co.uk/news/flood-barrier-1") -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Council approves flood barrier – The Harbour Herald</title>
<meta property="og:site_name" content="The Harbour Herald"><link rel="canonical" href="{url}">
<meta property="article:modified_time" content="2021-04-30T10:00:00+01:00">{head}</head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council approves flood barrier</h1>{body or f"<p>{STORY}</p>"}</article>
<footer>© 2021 The Harbour Herald. All rights reserved.</footer></body></html>"""


@pytest.fixture(scope="module")
def evaluation():
    from babelwire.evaluate.extraction import evaluate_extraction

    return evaluate_extraction(PAGES)


def test_floors_on_the_labelled_pages(evaluation):
    ours, base = evaluation["babelwire"]["metrics"]["all"], evaluation["baseline"]["metrics"]["all"]
    assert evaluation["pages"] >= 100 and len(evaluation["babelwire"]["metrics"]) - 1 >= 10
    assert ours["rejected"] == 0.0
    assert ours["date"] >= max(base["date"], base["date_original"])
    assert ours["date"] >= 0.95
    assert ours["title"] >= 0.95
    assert ours["body_f1"] >= base["body_f1"]
    assert ours["snippets"] >= 0.98


def test_no_calendar_day_moved_by_a_time_zone(evaluation):
    from datetime import date

    for f in evaluation["babelwire"]["failures"]:
        if f["date"] and f["want_date"]:
            gap = abs((date.fromisoformat(f["date"]) - date.fromisoformat(f["want_date"])).days)
            assert gap != 1, f


def test_local_date_and_offset_are_kept():
    # 07:00 in Tokyo on the 15th is 22:00 UTC on the 14th: the page's day is the 15th.
    doc = read_page(page('<meta property="article:published_time" content="2020-02-15T07:00:00+09:00">'))
    assert doc.published == Published("2020-02-15T07:00", "minute", "html")
    assert doc.metadata["published_offset"] == "+09:00"
    assert doc.metadata["published_utc"] == "2020-02-14T22:00Z"
    assert doc.metadata["published_from"] == "metadata"


def test_url_date_beats_a_utc_timestamp_of_the_next_day():
    html = page('<meta property="article:published_time" content="2023-11-09T01:49:00Z">',
                url="https://www.harbourherald.co.uk/2023/11/08/flood-barrier")
    doc = read_page(html)
    assert doc.published == Published("2023-11-08", "day", "html")
    assert doc.metadata["published_from"] == "url"


def test_modified_date_is_never_the_publication_date_and_comments_count():
    doc = read_page(page().replace("<body>", "<body><!-- published: 2021-03-04 08:15 -->"))
    assert doc.published is not None and doc.published.value.startswith("2021-03-04")
    assert doc.metadata["published_from"] == "text"
    bare = read_page(page())  # only a modified date and a copyright year: unknown stays unknown
    assert bare.published is None


def test_visible_date_in_the_page_language():
    html = page(body=f'<span class="date">Publicado el 11 de agosto de 2019</span><p>{STORY}</p>').replace(
        'lang="en"', 'lang="es"')
    doc = read_page(html)
    assert doc.published == Published("2019-08-11", "day", "html")


def test_stray_nul_bytes_in_markup_are_not_binary():
    data = page().replace("<h1>", '<img src="/a.jpg"\x00 alt="x"\x00><h1>').encode()
    doc = read_page(data)
    assert isinstance(doc, RawDoc) and "movable flood barrier" in doc.text
    binary = read_page(b"<html>" + b"\x00\x01\x02\x03" * 400 + b"</html>")
    assert isinstance(binary, Rejection) and "binary" in binary.reason


def test_precision_miss_falls_back_before_rejecting():
    # The story in <span>s: trafilatura's precision mode finds nothing here.
    spans = "".join(f'<span class="t">{s}.</span>' for s in STORY.split(". "))
    html = f"""<html><head><title>T</title></head><body><nav><a href="/">Home</a> <a href="/a">News</a></nav>
<div class="sidebar"><p class="date">March 3, 2021</p></div><div class="c">{spans}</div>
<footer>© 2021 Outlet.</footer></body></html>"""
    from babelwire.ingest.html import extract

    first = extract(html, 0)
    assert first is None or not (first.text or "").strip()  # the premise: precision mode misses it
    doc = read_page(html)
    assert isinstance(doc, RawDoc), doc
    assert "movable flood barrier" in doc.text and doc.metadata["extraction"] in ("default", "recall")


def test_reprint_notice_is_furniture():
    from babelwire.clean import get_cleaner

    text = ("This copy is for your personal, non-commercial use only. To order presentation-ready copies, "
            "contact our reprints desk.\n" + STORY)
    assert get_cleaner().clean_batch([text], ["en"])[0].text == STORY


@pytest.mark.parametrize("title,site,url,want", [
    ("Start-up raises 45 million dollars – TechCrunch", None, "https://techcrunch.com/2020/01/01/x", "Start-up raises 45 million dollars"),
    ("MoreBikes | Cyclists welcome new coastal route", "MoreBikes", None, "Cyclists welcome new coastal route"),
    ("The Harbour Herald — Council approves barrier", None, "https://www.harbourherald.co.uk/a", "Council approves barrier"),
    ("Grève dans les transports : le trafic perturbé :: Le Courrier du Sud", "Le Courrier du Sud", None,
     "Grève dans les transports : le trafic perturbé"),
    ("LinkNaija | Nigeria's popular news platform: Fuel prices rise", None, "https://linknaija.com/x",
     "Nigeria's popular news platform: Fuel prices rise"),
    ("Apple - the company that changed phones - reports profit", "TechCrunch", None,
     "Apple - the company that changed phones - reports profit"),  # no site name: untouched
    ("TechCrunch", "TechCrunch", None, "TechCrunch"),  # nothing would be left
])
def test_outlet_name_is_stripped_from_titles(title, site, url, want):
    assert clean_title(title, site_names(site, url=url)) == want


def test_html_is_parsed_in_the_ingest_workers(tmp_path):
    """Deferred at reading, parsed in prepare_batch: the worker path gives the same articles."""
    import babelwire

    src = tmp_path / "pages"
    src.mkdir()
    names = sorted(p.name for p in (PAGES / "pages").iterdir())[:12]
    for n in names:
        (src / n).write_bytes((PAGES / "pages" / n).read_bytes())
    (src / "broken.html").write_bytes(b"<html>" + b"\x00\x01\x02\x03" * 400)
    with babelwire.open(str(tmp_path / "ws.db"), batch_size=2) as ws:
        deferred = list(ws.read([str(src)], defer_html=True))
        assert all(isinstance(d, RawDoc) and d.deferred is not None and not d.text for d in deferred)
        report = ws.ingest_docs(iter(deferred), cluster=False, workers=1)
        assert report.ingested == len(names)
        assert [r.reason for r in report.rejected if "broken" in r.origin] == ["binary file (not text)"]
        stored = ws.store.get_article(report.article_ids[0])
        assert stored.published and stored.metadata.get("published_from")


def test_eval_extraction_cli_reports_per_language(tmp_path):
    import json

    from click.testing import CliRunner

    from babelwire.cli import cli

    folder = tmp_path / "few"
    (folder / "pages").mkdir(parents=True)
    labels = [json.loads(line) for line in (PAGES / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    few = [lb for lb in labels if lb["file"].endswith(("-00.html", "-06.html"))][:6]
    for lb in few:
        (folder / "pages" / lb["file"]).write_bytes((PAGES / "pages" / lb["file"]).read_bytes())
    (folder / "labels.jsonl").write_text("".join(json.dumps(lb) + "\n" for lb in few), encoding="utf-8")
    res = CliRunner().invoke(cli, ["eval", "extraction", "--pages", str(folder), "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["pages"] == 6 and out["babelwire"]["metrics"]["all"]["date"] == 1.0
    assert {lb["language"] for lb in few} <= set(out["babelwire"]["metrics"])
    assert "date_original" in out["baseline"]["metrics"]["all"]


def test_a_date_line_alone_is_not_an_article_text():
    from babelwire.ingest.html import article_substance

    html = "<html><body><p>x</p></body></html>"
    assert article_substance("Posted on March 3, 2021", html) == 0
    assert article_substance("2021年3月3日", html) == 0
    assert article_substance(STORY, html) >= 250
