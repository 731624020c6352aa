"""Several `watch --once` workers share one PostgreSQL store: every feed is fetched once per
cycle, every item stored once (feed and item claims, store/postgres.py)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import babelwire

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "live"))
import livesrv  # noqa: E402
from livesrv import Item  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
RUNNER = REPO / "tests" / "fixtures" / "live" / "run_babelwire.py"
FEEDS, PER_FEED = 30, 2


def test_three_watch_workers_share_the_feeds(pg_url, tmp_path):
    srv = livesrv.LiveServer().start()
    try:
        keys = sorted(livesrv.ARTICLES)
        with babelwire.open(pg_url) as bw:
            for f in range(FEEDS):
                items = []
                for j in range(PER_FEED):
                    key = keys[(f + j) % len(keys)]
                    path = f"/p/{f}-{j}"
                    srv.set(path, livesrv.page_html(key, title=f"Report {f}-{j}"), delay=0.05)
                    items.append(Item(key, srv.url(path), title=f"Report {f}-{j}"))
                bw.add_feed(srv.set(f"/f{f}.xml", livesrv.rss(items, language=None), content_type="application/rss+xml"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("BABELWIRE_")}
        env.update({"BABELWIRE_CONFIG": str(tmp_path / "none.toml"), "BABELWIRE_DB": pg_url,
                    "BABELWIRE_POLITENESS_DELAY": "0", "BABELWIRE_FETCH_WORKERS": "2", "BABELWIRE_PROGRESS": "false"})
        procs = [subprocess.Popen([sys.executable, str(RUNNER), "watch", "--once", "--no-cluster",
                                   "--allow-private-addresses"], env=env, cwd=str(REPO),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
        outs = [p.communicate(timeout=300) for p in procs]
        assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outs]
        for f in range(FEEDS):
            assert len(srv.hits(f"/f{f}.xml")) == 1, f"feed {f} fetched {len(srv.hits(f'/f{f}.xml'))} times"
            for j in range(PER_FEED):
                assert len(srv.hits(f"/p/{f}-{j}")) == 1
        with babelwire.open(pg_url) as bw:
            assert bw.store.count_articles() == FEEDS * PER_FEED
            fs = bw.store.feeds()
            assert fs.count_items("done") == FEEDS * PER_FEED and fs.count_items() == FEEDS * PER_FEED
    finally:
        srv.stop()


def test_claimed_feeds_are_not_due_for_others(pg_url):
    with babelwire.open(pg_url) as bw:
        bw.add_feed("http://127.0.0.1:9/a.xml")
        bw.add_feed("http://127.0.0.1:9/b.xml")
        fs = bw.store.feeds()
        first = fs.claim_due("2025-01-01T00:00:00+00:00", "2025-01-01T00:05:00+00:00")
        assert len(first) == 2
        assert fs.claim_due("2025-01-01T00:01:00+00:00", "2025-01-01T00:06:00+00:00") == []
        # a worker that died: its claims run out and another takes the feeds
        feeds = fs.claim_due("2025-01-01T00:05:00+00:00", "2025-01-01T00:10:00+00:00")
        assert len(feeds) == 2
        fs.record_fetched(feeds[0].id, items=[("k1", None, "{}"), ("k2", None, "{}")], status=200, etag=None,
                          last_modified=None, title=None, kind="rss", warning=None, now="t", next_at="u")
        now, until = "2025-01-01T00:06:00+00:00", "2025-01-01T00:11:00+00:00"
        assert [i.key for i in fs.claim_items(now, until)] == ["k1", "k2"]
        assert fs.claim_items(now, until) == []  # claimed by the first worker
        fs.finish_item(feeds[0].id, "k1", status="done", now="t")
        fs.release_items([(feeds[0].id, "k1"), (feeds[0].id, "k2")])  # a stopped cycle gives k2 back
        assert [i.key for i in fs.claim_items(now, until)] == ["k2"]


def test_a_worker_killed_mid_cycle_loses_and_duplicates_nothing(pg_url, tmp_path):
    srv = livesrv.LiveServer().start()
    keys = sorted(livesrv.ARTICLES)
    try:
        with babelwire.open(pg_url) as bw:
            items = []
            for j, key in enumerate(keys):
                srv.set(f"/p/{j}", livesrv.page_html(key), delay=0.5)
                items.append(Item(key, srv.url(f"/p/{j}")))
            bw.add_feed(srv.set("/feed.xml", livesrv.rss(items, language=None), content_type="application/rss+xml"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("BABELWIRE_")}
        env.update({"BABELWIRE_CONFIG": str(tmp_path / "none.toml"), "BABELWIRE_DB": pg_url,
                    "BABELWIRE_POLITENESS_DELAY": "0", "BABELWIRE_FETCH_WORKERS": "1", "BABELWIRE_PROGRESS": "false",
                    "BABELWIRE_WATCH_CLAIM_SECONDS": "2"})
        cmd = [sys.executable, str(RUNNER), "watch", "--once", "--no-cluster", "--allow-private-addresses"]
        proc = subprocess.Popen(cmd, env=env, cwd=str(REPO), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with babelwire.open(pg_url) as bw:
            assert livesrv.wait_until(lambda: bw.store.count_articles() >= 2, timeout=120)
        proc.kill()
        proc.wait(10)
        with babelwire.open(pg_url) as bw:
            first = bw.store.count_articles()
        assert 0 < first < len(keys)  # killed mid-cycle
        time.sleep(2.5)  # its claims run out
        r = subprocess.run(cmd, env=env, cwd=str(REPO), capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr[-2000:]
        with babelwire.open(pg_url) as bw:
            urls = [a.url for a in bw.store.iter_articles()]
            assert len(urls) == len(set(urls)) == len(keys)
            assert bw.store.feeds().count_items("done") == len(keys)
    finally:
        srv.stop()
