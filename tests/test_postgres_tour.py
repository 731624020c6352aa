"""The README's CLI tour against a PostgreSQL URL: ingest the seeds and examples, stories,
story, brief, stats, add-feed and watch --once from a local feed server, search, serve.

The stories must be the ones the same input gives on SQLite (``examples_store``).
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import EXAMPLES, SEEDS, need

import babelwire

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "live"))
import livesrv  # noqa: E402
from livesrv import Item  # noqa: E402

pytestmark = pytest.mark.slow


def _stories(bw) -> set[frozenset[str]]:
    return {frozenset(a.id for a in bw.articles(story=s["id"], limit=None)) for s in bw.stories(limit=None)}


def test_readme_tour_on_postgresql(run_cli, pg_url, examples_store, tmp_path):
    need(SEEDS)
    db = ["--db", pg_url]
    r = run_cli("ingest", str(EXAMPLES / "corpus"), str(SEEDS), *db)
    assert r.returncode == 0, r.stderr.decode()
    stories = json.loads(run_cli("stories", "--sort", "size", "--format", "json", *db, check=True).stdout)
    assert stories and stories[0]["article_count"] >= 2
    with babelwire.open(pg_url) as pg, babelwire.open(examples_store) as lite:
        assert pg.store.count_articles() == lite.store.count_articles()
        assert _stories(pg) == _stories(lite)  # the same stories whichever backend holds them
        top = stories[0]
        hits = pg.search(top["headline"], limit=5)
        assert top["id"] in [s["id"] for s in hits["stories"]]
    sid = stories[0]["id"]
    r = run_cli("story", sid, *db, check=True)
    assert sid in r.stdout.decode()
    brief = json.loads(run_cli("brief", sid, "--format", "json", *db, check=True).stdout)
    assert brief["story_id"] == sid and brief.get("facts") is not None
    assert json.loads(run_cli("stats", "--format", "json", *db, check=True).stdout)["articles"] > 0

    # live: a local feed, watched once
    srv = livesrv.LiveServer().start()
    try:
        keys = ["en1", "fr"]
        for k in keys:
            srv.set(f"/p/{k}", livesrv.page_html(k))
        url = srv.set("/feed.xml", livesrv.rss([Item(k, srv.url(f"/p/{k}")) for k in keys], language=None),
                      content_type="application/rss+xml")
        assert run_cli("add-feed", url, *db).returncode == 0
        env = {"BABELWIRE_POLITENESS_DELAY": "0", "BABELWIRE_PROGRESS": "false"}
        r = run_cli("watch", "--once", "--allow-private-addresses", "--format", "json", *db, env=env)
        assert r.returncode == 0, r.stderr.decode()
        cycle = json.loads(r.stdout.decode().strip().splitlines()[-1])
        assert cycle["ingested"] == 2 and cycle["feeds_fetched"] == 1
        feeds = json.loads(run_cli("feeds", "--format", "json", *db, check=True).stdout)
        assert feeds[0]["articles"] == 2
    finally:
        srv.stop()

    # serve reads the same database
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "BABELWIRE_CONFIG": str(tmp_path / "none.toml")}
    proc = subprocess.Popen([sys.executable, "-m", "babelwire", "serve", "--port", str(port), *db], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        body = None
        for _ in range(120):
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stories/{sid}", timeout=5).read()
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.5)
        assert body is not None, proc.stderr.read().decode() if proc.poll() is not None else "no answer"
        assert json.loads(body)["id"] == sid
        q = urllib.parse.quote(stories[0]["headline"])
        found = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q={q}", timeout=30).read())
        assert sid in [s["id"] for s in found["stories"]]
    finally:
        proc.terminate()
        proc.wait(20)
