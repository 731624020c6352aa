"""Ingest with worker processes preparing batches: the same store as in one process."""
from __future__ import annotations

from conftest import EXAMPLES

import babelwire
from babelwire.language import Cld2Detector
from babelwire.registry import detectors


def _snapshot(db: str) -> dict:
    with babelwire.open(db) as bw:
        return {a.id: (a.language, a.text, a.title, a.published, a.duplicate_of, a.content_hash)
                for a in bw.articles(limit=None)}


def test_worker_processes_store_what_one_process_stores(tmp_path):
    one, many = str(tmp_path / "one.db"), str(tmp_path / "many.db")
    with babelwire.open(one, batch_size=16) as bw:
        r1 = bw.ingest([str(EXAMPLES / "corpus")], cluster=False)
    seen: list[int] = []
    with babelwire.open(many, batch_size=16, ingest_workers=2) as bw:
        r2 = bw.ingest([str(EXAMPLES / "corpus")], cluster=False, progress=seen.append)
    assert r1.ingested == r2.ingested == 71 and r2.near_duplicates == r1.near_duplicates
    assert sum(seen) == 71 and len(seen) == 5  # 71 documents in batches of 16, in order
    assert _snapshot(one).keys() == _snapshot(many).keys()
    a, b = _snapshot(one), _snapshot(many)
    assert all(a[k][:5] == b[k][:5] for k in a)


def test_workers_that_cannot_start_fall_back_to_this_process(tmp_path):
    # A detector registered only in this process: spawned workers cannot build it, the pool
    # breaks, and every batch is prepared here instead; nothing is lost.
    name = "test-parent-only"
    if name not in detectors.names():
        detectors.register(name, Cld2Detector, help="only in the test process")
    db = str(tmp_path / "fallback.db")
    with babelwire.open(db, batch_size=10, ingest_workers=1, detector=name) as bw:
        rep = bw.ingest([str(EXAMPLES / "corpus")], cluster=False)
        assert rep.ingested == 71 and not rep.rejected
        assert bw.store.count_articles() == 71


def _children(pid: int) -> set[int]:
    import subprocess

    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return {int(x) for x in out.split()}


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for our purposes
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def start_worker_ingest(tmp_path, stderr=None):
    """A CLI ingest with one worker process, running: (process, worker pids)."""
    import json
    import os
    import subprocess
    import sys
    import time

    src = tmp_path / "many.jsonl"
    words = "harbour crane minister vote budget river storm court election market".split()
    with src.open("w") as f:
        for i in range(20_000):
            f.write(json.dumps({"id": f"k{i}", "text": " ".join(words[(i + j) % 10] for j in range(120))}) + "\n")
    env = {**os.environ, "BABELWIRE_CONFIG": str(tmp_path / "none.toml"), "BABELWIRE_INGEST_WORKERS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "babelwire", "ingest", str(src), "--db", str(tmp_path / "k.db"),
                             "--no-cluster", "-q"], env=env, stdout=subprocess.DEVNULL,
                            stderr=stderr or subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while not workers and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
        workers = {c for c in _children(proc.pid) if "spawn_main" in open(f"/proc/{c}/cmdline").read()}
    assert workers, "no worker process started"
    return proc, workers


def test_workers_leave_when_the_ingest_is_killed(tmp_path):
    import signal
    import time

    proc, workers = start_worker_ingest(tmp_path)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 60  # a liveness bound, not a speed measurement
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(w) for w in workers), "worker processes outlived the killed ingest"


def test_no_workers_by_default_when_embedding_keeps_the_cores_busy(tmp_path):
    from babelwire.parallel import auto_workers

    with babelwire.open(str(tmp_path / "w.db")) as bw:
        assert bw.settings.ingest_workers == -1
        assert bw._ingest_workers(None, True) == 0  # clustering: embedding uses every core
        assert bw._ingest_workers(None, False) == auto_workers(-1)
        assert bw._ingest_workers(1, True) == 1  # asked for explicitly


def test_batches_come_back_in_order_and_this_process_starts_at_once():
    # The worker loads its models first; meanwhile this process prepares the first batches
    # itself instead of waiting, and every batch still comes back in input order, prepared as
    # one process would prepare it.
    from babelwire.clean import get_cleaner
    from babelwire.language import get_detector
    from babelwire.models import RawDoc
    from babelwire.parallel import prepared_batches
    from babelwire.pipeline import prepare_batch

    words = "harbour crane minister vote budget river storm court election market".split()
    batches = [[RawDoc(text=" ".join(words[(b + i + j) % 10] for j in range(40)) + f" batch {b} item {i}.",
                       origin=f"b{b}-{i}") for i in range(3)] for b in range(9)]
    detector, cleaner = get_detector("default"), get_cleaner()
    here: list[str] = []

    def local(raw):
        here.append(raw[0].origin)
        return prepare_batch(raw, detector=detector, cleaner=cleaner, min_text_chars=20)

    out = list(prepared_batches(batches, local=local, workers=1, detector="default", min_text_chars=20))
    assert [b[0].origin for b, _ in out] == [b[0].origin for b in batches]
    alone = [prepare_batch(b, detector=detector, cleaner=cleaner, min_text_chars=20) for b in batches]
    assert [[(p.article.text, p.article.language) for p in prep] for _, prep in out] == \
        [[(p.article.text, p.article.language) for p in prep] for prep in alone]
    # not left waiting for the worker to start (it takes a second or more; three small
    # batches take milliseconds here)
    assert here[:3] == ["b0-0", "b1-0", "b2-0"]
