"""Reliability of clustering: a killed ingest is repaired by the next one, and concurrent
clustered ingests leave every article with its slot and story (issue 17)."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO

TOPICS = {
    "flood": "rain river valley flooded rescue teams evacuated families homes water levels dams",
    "strike": "dock workers strike wages ships harbour union talks port cargo containers",
    "election": "voters polls election turnout candidates ballots parliament campaign results",
    "quake": "earthquake mountain region buildings damaged magnitude aftershocks rescuers rubble",
    "vaccine": "health officials vaccine clinics doses approval trial patients hospitals",
}
FILLER = "today officials said the local reports later several during meanwhile residents city"


def corpus(path, start: int, count: int) -> str:
    """Distinct articles (no near-duplicates) about five topics."""
    import random

    names = list(TOPICS)
    with open(path, "w", encoding="utf-8") as f:
        for n in range(start, start + count):
            rng = random.Random(n)
            topic = names[n % len(names)]
            words = TOPICS[topic].split() * 3 + FILLER.split()
            rng.shuffle(words)
            # Figures under 100: the topic's articles are one story, and two articles that each
            # state specific figures and share none are read as two instances of a format.
            text = f"{topic.title()} report: " + " ".join(words) + f". Figures: {rng.randint(10, 99)}."
            f.write(json.dumps({"id": f"{topic}-{n}", "title": f"{topic.title()} update {n}", "text": text,
                                "language": "en"}) + "\n")
    return str(path)


def cli(*args: str, env_extra: dict | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "BABELWIRE_PROGRESS": "false", **(env_extra or {})}
    env.pop("BABELWIRE_DB", None)
    return subprocess.Popen([sys.executable, "-m", "babelwire", *args], cwd=str(REPO), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def state(db: str) -> tuple[int, int, int]:
    """(articles, articles without a story, originals without a slot row: copies have none)"""
    con = sqlite3.connect(db)
    try:
        n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        no_story = con.execute("SELECT count(*) FROM articles WHERE story_id IS NULL").fetchone()[0]
        no_slot = con.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                              "(SELECT 1 FROM cluster_slots s WHERE s.article_id = a.id) AND a.duplicate_of IS NULL").fetchone()[0]
        return n, no_story, no_slot
    finally:
        con.close()


def finish(p: subprocess.Popen, timeout: float = 600) -> None:
    out, err = p.communicate(timeout=timeout)
    assert p.returncode == 0, err.decode()[-2000:]


@pytest.mark.slow
def test_ingest_repairs_articles_a_killed_run_left_without_a_story(tmp_path):
    db = str(tmp_path / "s.db")
    data = corpus(tmp_path / "a.jsonl", 0, 40)
    # What a kill between a batch's commit and its clustering leaves: stored, no story.
    finish(cli("--db", db, "ingest", data, "--no-cluster", "-q"))
    assert state(db) == (40, 40, 40)
    finish(cli("--db", db, "ingest", data, "-q"))  # nothing new to store: only the repair
    assert state(db) == (40, 0, 0)


@pytest.mark.slow
def test_kill_mid_batch_then_rerun_gives_every_article_a_story(tmp_path):
    db = str(tmp_path / "s.db")
    data = corpus(tmp_path / "a.jsonl", 0, 120)
    p = cli("--db", db, "ingest", data, "--batch-size", "8", "-q")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and p.poll() is None:
        try:
            if state(db)[0] >= 24:
                break
        except sqlite3.Error:
            pass
        time.sleep(0.05)
    p.send_signal(signal.SIGKILL)
    p.wait()
    stored = state(db)[0]
    assert 0 < stored < 120
    finish(cli("--db", db, "ingest", data, "--batch-size", "8", "-q"))
    assert state(db) == (120, 0, 0)


@pytest.mark.slow
@pytest.mark.parametrize("size", [48])
def test_two_clustered_ingests_at_once_leave_every_slot_and_story(tmp_path, size):
    db = str(tmp_path / "s.db")
    import babelwire

    babelwire.open(db).close()  # the store exists before the race
    a = corpus(tmp_path / "a.jsonl", 0, size)
    b = corpus(tmp_path / "b.jsonl", 1000, size)
    procs = [cli("--db", db, "ingest", path, "--batch-size", "8", "-q") for path in (a, b)]
    for p in procs:
        finish(p)
    assert state(db) == (2 * size, 0, 0)
    con = sqlite3.connect(db)
    slots = con.execute("SELECT count(*), count(DISTINCT article_id) FROM cluster_slots").fetchone()
    originals = 2 * size - con.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0]
    assert slots == (originals, originals)  # no slot handed out twice, none overwritten
    con.close()
    # Articles of one topic from the two runs end in shared stories, not one story per run.
    con = sqlite3.connect(db)
    rows = con.execute("SELECT id, story_id FROM articles").fetchall()
    con.close()
    by_topic: dict[str, set[str]] = {}
    for aid, sid in rows:
        by_topic.setdefault(aid.split("-")[0], set()).add(sid)
    assert sum(len(s) for s in by_topic.values()) <= 2 * len(TOPICS)


def test_a_worker_that_finds_the_cluster_lock_taken_leaves_its_articles_to_the_holder(tmp_path):
    """Workers sharing a store (watch) do not wait for the cluster lock: the holder clusters
    every article without a story, in arrival order (Workspace.assign_stories)."""
    import babelwire

    db = str(tmp_path / "w.db")
    with babelwire.open(db, ingest_workers=0) as a, babelwire.open(db, ingest_workers=0) as b:
        theirs = b.ingest([corpus(tmp_path / "b.jsonl", 0, 5)], cluster=False).article_ids
        ours = a.ingest([corpus(tmp_path / "a.jsonl", 5, 5)], cluster=False).article_ids
        with a.store.writer_lock("cluster"):  # a clusters meanwhile
            assert b.assign_stories(theirs, wait=False, sweep=True) is None
        assert state(db) == (10, 10, 10)  # b went on: stored, no story yet
        rep = a.assign_stories(ours, wait=False, sweep=True)
        assert rep is not None and rep.articles == 10 and state(db) == (10, 0, 0)
        order = [e.article_id for e in sorted(a.store.story_events(), key=lambda e: e.id)
                 if e.kind in ("open", "assign")]
        assert order == theirs + ours  # stored first, clustered first, whoever holds the lock
        assert b.assign_stories([], sweep=True).articles == 0  # nothing waits
