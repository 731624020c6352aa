"""`ingest --engine ray`: the pure prepare stage on a local Ray runtime gives the same store as
the plain path (same articles, same first copies)."""
from __future__ import annotations

import pytest
from conftest import EXAMPLES, SEEDS, need

import babelwire
from babelwire.distributed import STAGES

ray = pytest.importorskip("ray")


def _rows(db: str) -> list[tuple]:
    with babelwire.open(db) as bw:
        return sorted((a.id, a.language, a.duplicate_of, a.content_hash) for a in bw.store.iter_articles())


def test_ray_engine_stores_what_the_plain_path_stores(tmp_path):
    need(SEEDS)
    paths = [str(EXAMPLES / "corpus"), str(SEEDS)]
    with babelwire.open(str(tmp_path / "plain.db"), batch_size=4) as bw:
        plain = bw.ingest(paths, cluster=False)
    with babelwire.open(str(tmp_path / "ray.db"), batch_size=4, ingest_engine="ray") as bw:
        dist = bw.ingest_docs(bw.read(paths), cluster=False, workers=2)
    assert dist.ingested == plain.ingested > 10 and len(dist.rejected) == len(plain.rejected)
    assert _rows(str(tmp_path / "ray.db")) == _rows(str(tmp_path / "plain.db"))
    assert not ray.is_initialized()  # the local runtime it started is gone


def test_stages_say_what_may_be_distributed():
    assert STAGES["prepare"] == "map" and STAGES["store"] == STAGES["cluster"] == "ordered"


def test_cli_engine_ray(run_cli, tmp_path):
    db = str(tmp_path / "cli.db")
    r = run_cli("ingest", str(EXAMPLES / "corpus"), "--engine", "ray", "--no-cluster", "--format", "json", "--db", db)
    assert r.returncode in (0, 3), r.stderr.decode()
    import json

    assert json.loads(r.stdout)["ingested"] == len(_rows(db)) > 0
