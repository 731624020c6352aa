"""The web app in a real browser (Debian's chromium driven by Playwright), against a real server.

Screenshots of every page at desktop and phone width go to the pytest tmp dir
(``browser-shots``; the path is printed by the phone/desktop test)."""
from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WIDTHS = {"desktop": 1366, "phone": 375}

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (apt-get install chromium)")]  # a real browser: make test runs it, make check does not


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(examples_store):
    import uvicorn

    from babelwire.web import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(examples_store), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    deadline = time.time() + 60
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    t.join(timeout=10)


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser-shots")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless=new"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def page(browser):
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    pg.close()
    assert not errors, errors


def test_story_list_story_search_and_upload(server, page, tmp_path, artifacts):
    page.goto(server + "/")
    assert page.locator("tr.story-row").count() >= 11
    page.screenshot(path=str(artifacts / "stories.png"), full_page=True)

    # the seeds' story: find its row by its five languages, open it
    rows = page.locator("tr.story-row")
    target = None
    for i in range(rows.count()):
        langs = rows.nth(i).locator(".langs").inner_text()
        if all(code in langs for code in ("ar", "fr", "hi", "id", "no")):
            target = rows.nth(i)
            break
    assert target is not None, "seed story not in the list"
    target.locator("a.story-link").click()
    page.wait_for_load_state()
    langs = page.locator(".story-langs").inner_text()
    assert all(code in langs for code in ("ar", "fr", "hi", "id", "no"))
    conflicts = page.locator(".discrepancies").inner_text()
    assert "840" in conflicts and "500" in conflicts
    story_url = page.url
    page.screenshot(path=str(artifacts / "story-seeds.png"), full_page=True)

    # search in Hindi finds it
    page.goto(server + "/search")
    page.fill("main input[name=q]", "अमेज़न ने कर्मचारियों से टिकटॉक हटाने को कहा")
    page.press("main input[name=q]", "Enter")
    page.wait_for_load_state()
    hrefs = [page.locator(".stories-found a").nth(i).get_attribute("href")
             for i in range(min(3, page.locator(".stories-found a").count()))]
    assert any(story_url.endswith(h) for h in hrefs), (story_url, hrefs)
    page.screenshot(path=str(artifacts / "search-hindi.png"), full_page=True)

    # upload a file and see it appear
    f = tmp_path / "upload.jsonl"
    f.write_text(json.dumps({"id": "upl-1", "title": "Volcano erupts on remote island, flights halted",
                             "text": "A volcano on a remote island erupted on Sunday, sending ash 8 km into the sky "
                                     "and halting flights across the region, officials said."}) + "\n")
    page.goto(server + "/ingest")
    page.set_input_files("input[name=files]", str(f))
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    # the upload embeds and clusters in the request: slow on a busy machine
    assert page.locator(".n-ingested").inner_text(timeout=180_000).strip() == "1"
    page.click("ul.ingested a")
    page.wait_for_load_state()
    assert "Volcano erupts" in page.locator("h1").inner_text()
    page.screenshot(path=str(artifacts / "uploaded-article.png"), full_page=True)


# --------------------------------------------------------------------------- the reader's view


def _seed_ids(examples_store) -> tuple[str, str]:
    """(the seeds' story id, the Arabic seed's article id: its text opens with "(CNN Business)")."""
    import babelwire

    with babelwire.open(examples_store) as bw:
        ar = [a for a in bw.articles(language="ar", limit=None) if a.text.lstrip().startswith("(CNN Business)")]
        assert ar, "Arabic seed missing"
        return ar[0].story_id, ar[0].id


@pytest.fixture(scope="module")
def offline_page(browser, server):
    """A page whose every request is checked: one to a host other than 127.0.0.1 is recorded
    and refused (route interception), as it would fail on a machine with no network."""
    from urllib.parse import urlsplit

    ctx = browser.new_context()
    left: list[str] = []

    def guard(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1" or route.request.url.startswith("data:"):
            route.continue_()
        else:
            left.append(route.request.url)
            route.abort()

    ctx.route("**/*", guard)
    pg = ctx.new_page()
    yield pg, left
    ctx.close()


@pytest.mark.parametrize("device", list(WIDTHS))
def test_pages_fit_the_screen_and_stay_on_this_machine(server, offline_page, examples_store, artifacts, device):
    pg, left = offline_page
    pg.set_viewport_size({"width": WIDTHS[device], "height": 900})
    story, arabic = _seed_ids(examples_store)
    pages = {"list": "/", "story": f"/stories/{story}", "article": f"/articles/{arabic}",
             "search": "/search?q=TikTok", "upload": "/ingest"}
    for name, path in pages.items():
        pg.goto(server + path)
        pg.wait_for_load_state("networkidle")
        pg.screenshot(path=str(artifacts / f"{name}-{device}.png"), full_page=True)
        wide = pg.evaluate("document.documentElement.scrollWidth")
        assert wide <= WIDTHS[device], f"{name} at {device}: {wide} px wide in a {WIDTHS[device]} px window"
    print("screenshots in", artifacts)
    assert not left, f"requests left 127.0.0.1: {left}"


def test_api_docs_work_offline(server, offline_page, artifacts):
    pg, left = offline_page
    pg.set_viewport_size({"width": 1366, "height": 900})
    pg.goto(server + "/api/docs")
    pg.wait_for_selector(".opblock", timeout=30_000)  # Swagger UI drew the operations
    assert pg.locator(".opblock").count() >= 5
    pg.screenshot(path=str(artifacts / "api-docs.png"))
    assert not left, f"requests left 127.0.0.1: {left}"


def test_list_and_story_page_show_the_same_headline(server, page):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(server + "/")
    links = page.locator("tr.story-row a.story-link")
    assert links.count() >= 11
    for i in range(links.count()):
        page.goto(server + "/")
        link = page.locator("tr.story-row a.story-link").nth(i)
        listed = link.inner_text().strip()
        link.click()
        page.wait_for_load_state()
        assert page.locator("h1 .story-headline-text").inner_text().strip() == listed


def test_disputed_figure_in_a_headline_is_marked(server, page):
    """The ferry story: sources say 27 and more than 31 dead; a headline with either says so."""
    page.goto(server + "/")
    rows = page.locator("tr.story-row")
    for i in range(rows.count()):
        head = rows.nth(i).locator("a.story-link").inner_text()
        if "Victoria" in head and any(n in head for n in ("27", "31")):
            rows.nth(i).locator("a.story-link").click()
            page.wait_for_load_state()
            mark = page.locator("h1 .disputed")
            assert mark.count() == 1 and "27" in mark.inner_text() and "31" in mark.inner_text()
            return
    pytest.fail("ferry story not listed with a figure in its headline")


def test_arabic_body_runs_right_to_left(server, page, examples_store):
    _, arabic = _seed_ids(examples_store)
    page.goto(server + f"/articles/{arabic}")
    first = page.locator(".text p").first
    assert first.inner_text().startswith("(CNN Business)")  # a Latin start, still RTL
    assert first.evaluate("p => getComputedStyle(p).direction") == "rtl"
    assert "CNN Business" in page.locator(".meta").inner_text()  # the byline names the outlet


def test_gibberish_search_says_no_results(server, page):
    page.goto(server + "/search?q=xyzzyqwerty")
    assert page.locator(".no-results").is_visible()
    assert page.locator(".stories-found a").count() == 0


def test_undated_articles_are_not_drawn_on_the_time_axis(server, page, examples_store):
    """The seeds: dated to the minute, to the month, and not at all; only the first are bars,
    never at the time they were ingested (today)."""
    from datetime import datetime, timezone

    story, _ = _seed_ids(examples_store)
    page.goto(server + f"/stories/{story}")
    bars = page.locator(".coverage rect.bar")
    stamps = [bars.nth(i).get_attribute("data-t") for i in range(bars.count())]
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    assert stamps and all(t.startswith("2020-07") for t in stamps), stamps
    assert not any(t.startswith(today) for t in stamps)
    assert page.locator(".coverage .chart-apart.undated").count() == 1
    labels = page.locator(".coverage svg text").all_text_contents()
    assert any("2020" in x for x in labels), labels  # the axis says the year
