"""The web app in a real browser (Debian's chromium driven by Playwright), against a real server."""
from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (apt-get install chromium)")


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
def page(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless=new"])
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        yield pg
        browser.close()
        assert not errors, errors


def test_story_list_story_search_and_upload(server, page, tmp_path):
    page.goto(server + "/")
    assert page.locator("tr.story-row").count() >= 11
    page.screenshot(path=str(ARTIFACTS / "stories.png"), full_page=True)

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
    page.screenshot(path=str(ARTIFACTS / "story-seeds.png"), full_page=True)

    # search in Hindi finds it
    page.goto(server + "/search")
    page.fill("main input[name=q]", "अमेज़न ने कर्मचारियों से टिकटॉक हटाने को कहा")
    page.press("main input[name=q]", "Enter")
    page.wait_for_load_state()
    hrefs = [page.locator(".stories-found a").nth(i).get_attribute("href")
             for i in range(min(3, page.locator(".stories-found a").count()))]
    assert any(story_url.endswith(h) for h in hrefs), (story_url, hrefs)
    page.screenshot(path=str(ARTIFACTS / "search-hindi.png"), full_page=True)

    # upload a file and see it appear
    f = tmp_path / "upload.jsonl"
    f.write_text(json.dumps({"id": "upl-1", "title": "Volcano erupts on remote island, flights halted",
                             "text": "A volcano on a remote island erupted on Sunday, sending ash 8 km into the sky "
                                     "and halting flights across the region, officials said."}) + "\n")
    page.goto(server + "/ingest")
    page.set_input_files("input[name=files]", str(f))
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".n-ingested").inner_text().strip() == "1"
    page.click("ul.ingested a")
    page.wait_for_load_state()
    assert "Volcano erupts" in page.locator("h1").inner_text()
    page.screenshot(path=str(ARTIFACTS / "uploaded-article.png"), full_page=True)
