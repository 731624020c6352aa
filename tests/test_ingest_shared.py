"""Two `ingest` runs sharing one store (SQLite file or PostgreSQL): one that finds the cluster
lock taken stores its batches without waiting, and whoever holds the lock gives those articles
their stories first, in arrival order (Workspace.assign_stories ``sweep``), as watch workers do.
The stories are those of one run ingesting everything in the same order."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

import babelwire

pytestmark = pytest.mark.slow  # two ingests sharing one store on both backends: make test runs it, make check does not

REPO = Path(__file__).resolve().parent.parent


def _split(tmp_path: Path) -> tuple[str, str]:
    lines = (REPO / "examples/corpus/articles.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(lines[:40]), encoding="utf-8")
    second.write_text("".join(lines[40:]), encoding="utf-8")
    return str(first), str(second)


def _stories(bw) -> set[frozenset[str]]:
    return {frozenset(bw.store.story_member_ids(s["id"])) for s in bw.stories(limit=None)}


def test_an_ingest_leaves_its_articles_to_the_lock_holder(store_db, tmp_path):
    first, second = _split(tmp_path)
    opts = {"batch_size": 8}
    waiting = threading.Event()
    done: list = []

    def other_ingest():
        with babelwire.open(store_db, **opts) as bw:
            done.append(bw.ingest([first], stage=lambda text: waiting.set() if "another process" in text else None))

    with babelwire.open(store_db, **opts) as holder:
        with holder.store.writer_lock("cluster"):  # this process clusters the store
            t = threading.Thread(target=other_ingest)
            t.start()
            assert waiting.wait(120)  # every batch stored without waiting for the lock
            stored = holder.store.unclustered_article_ids()
            assert len(stored) == 40
            # the holder's own ingest clusters the other's articles first, then its own
            holder.ingest_docs(holder.read([second]), shared=True)
            assert holder.store.unclustered_article_ids() == []
        t.join(120)
        assert not t.is_alive() and done[0].ingested == 40
        shared = _stories(holder)
        ids = [json.loads(line)["id"] for line in Path(first).read_text(encoding="utf-8").splitlines()]
        assert stored == [i for i in ids if i in set(stored)]  # arrival order kept

    with babelwire.open(str(tmp_path / "one.db"), **opts) as one:
        one.ingest([first])
        one.ingest([second])
        assert _stories(one) == shared and len(shared) > 5
