"""Several `watch --once` workers share one PostgreSQL store: every feed is fetched once per
cycle, every item stored once (feed and item claims, store/postgres.py)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import babelwire

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "live"))
import livesrv  # noqa: E402
from livesrv import Item  # noqa: E402

pytestmark = pytest.mark.slow  # three watch processes and a kill: make test runs it, make check does not

REPO = Path(__file__).resolve().parents[1]
RUNNER = REPO / "tests" / "fixtures" / "live" / "run_babelwire.py"
FEEDS, PER_FEED = 30, 2


def _feeds(srv: livesrv.LiveServer, url: str, prefix: str) -> None:
    """30 feeds of 2 items each, under ``prefix`` on the server, followed by the store at ``url``."""
    keys = sorted(livesrv.ARTICLES)
    with babelwire.open(url) as bw:
        for f in range(FEEDS):
            items = []
            for j in range(PER_FEED):
                key = keys[(f + j) % len(keys)]
                path = f"{prefix}/p/{f}-{j}"
                srv.set(path, livesrv.page_html(key, title=f"Report {f}-{j}"), delay=0.05)
                items.append(Item(key, srv.url(path), title=f"Report {f}-{j}"))
            bw.add_feed(srv.set(f"{prefix}/f{f}.xml", livesrv.rss(items, language=None),
                                content_type="application/rss+xml"))


def _env(url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BABELWIRE_")}
    env.update({"BABELWIRE_CONFIG": str(tmp_path / "none.toml"), "BABELWIRE_DB": url,
                "BABELWIRE_INDEX_DIR": str(tmp_path / "index"), "BABELWIRE_POLITENESS_DELAY": "0",
                "BABELWIRE_FETCH_WORKERS": "2", "BABELWIRE_PROGRESS": "false", **extra})
    return env


def _watchers(n: int, env: dict[str, str]) -> None:
    cmd = [sys.executable, str(RUNNER), "watch", "--once", "--allow-private-addresses"]
    procs = [subprocess.Popen(cmd, env=env, cwd=str(REPO), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(n)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outs]


def _stories(url: str, strip: str = "") -> set[frozenset[str]]:
    """Every live story as the set of its articles' URL paths (``strip`` cut off their front);
    asserts each article is in exactly one live story."""
    by_story: dict[str, set[str]] = {}
    with babelwire.open(url) as bw:
        arts = list(bw.store.iter_articles())
        assert arts and all(a.story_id for a in arts), "articles left without a story"
        for a in arts:
            by_story.setdefault(a.story_id, set()).add(urlsplit(a.url).path.removeprefix(strip))
        live = {s["id"] for s in bw.stories()}
    assert set(by_story) == live and sum(len(v) for v in by_story.values()) == len(arts)
    return {frozenset(v) for v in by_story.values()}


def _together(stories: set[frozenset[str]]) -> set[tuple[str, str]]:
    return {(a, b) for st in stories for a in st for b in st if a < b}


def _copies_whole(stories: set[frozenset[str]]) -> bool:
    """Every text the fixture serves under several addresses sits in one story."""
    story_of = {path: st for st in stories for path in st}
    by_text: dict[int, set[frozenset[str]]] = {}
    for path, st in story_of.items():
        f, j = (int(x) for x in path.rsplit("/", 1)[1].split("-"))
        by_text.setdefault((f + j) % len(livesrv.ARTICLES), set()).add(st)
    return all(len(v) == 1 for v in by_text.values())


def test_three_watch_workers_share_the_feeds_and_give_the_stories_of_one(pg_server, tmp_path):
    """Each feed and page fetched once, each item stored once, and the stories (as sets of
    articles) those of one worker doing the same work: one clusters at a time, the lock's
    holder clusters the others' articles in arrival order (Workspace.assign_stories).

    Parallel fetches change the arrival order from run to run, and the online clusterer's
    borderline merges follow arrival order (BENCHMARKS.md), so the two runs are compared as
    article pairs told together, not story for story: every copy of one text in one story in
    both, and the same-story pairs of the two runs overlapping by at least 3/4 (one merge of
    two stories of six costs about a tenth)."""
    srv = livesrv.LiveServer().start()
    try:
        three, one = pg_server.database("workers_three"), pg_server.database("workers_one")
        _feeds(srv, three, "/a")
        _feeds(srv, one, "/b")
        _watchers(3, _env(three, tmp_path))
        for f in range(FEEDS):
            assert len(srv.hits(f"/a/f{f}.xml")) == 1, f"feed {f} fetched {len(srv.hits(f'/a/f{f}.xml'))} times"
            for j in range(PER_FEED):
                assert len(srv.hits(f"/a/p/{f}-{j}")) == 1
        with babelwire.open(three) as bw:
            assert bw.store.count_articles() == FEEDS * PER_FEED
            fs = bw.store.feeds()
            assert fs.count_items("done") == FEEDS * PER_FEED and fs.count_items() == FEEDS * PER_FEED
        _watchers(1, _env(one, tmp_path))
        shared, alone = _stories(three, "/a"), _stories(one, "/b")
        assert len(alone) >= 2  # the fixture holds more than one event
        assert _copies_whole(shared) and _copies_whole(alone)
        both, either = _together(shared) & _together(alone), _together(shared) | _together(alone)
        assert len(both) >= 0.75 * len(either), (sorted(map(sorted, shared)), sorted(map(sorted, alone)))
    finally:
        srv.stop()


def test_claimed_feeds_are_not_due_for_others(pg_url):
    with babelwire.open(pg_url) as bw:
        bw.add_feed("http://127.0.0.1:9/a.xml")
        bw.add_feed("http://127.0.0.1:9/b.xml")
        fs = bw.store.feeds()
        first = fs.claim_due("2025-01-01T00:00:00+00:00", "2025-01-01T00:05:00+00:00", limit=1)
        second = fs.claim_due("2025-01-01T00:00:00+00:00", "2025-01-01T00:05:00+00:00", limit=1)
        assert len(first) == len(second) == 1 and first[0].id != second[0].id  # a few at a time
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
        env = _env(pg_url, tmp_path, BABELWIRE_FETCH_WORKERS="1", BABELWIRE_WATCH_CLAIM_SECONDS="2")
        cmd = [sys.executable, str(RUNNER), "watch", "--once", "--allow-private-addresses"]
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
            # clustered once each, whether the killed worker held the cluster lock or not
            placed = [e.article_id for e in bw.store.story_events() if e.kind in ("open", "assign")]
            assert sorted(placed) == sorted(a.id for a in bw.store.iter_articles())
        assert len(_stories(pg_url)) >= 2
    finally:
        srv.stop()
