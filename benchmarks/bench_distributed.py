"""`ingest --engine ray` beside the plain path, and the single ordered writer's ceiling.

    .venv/bin/python benchmarks/bench_distributed.py [--n 300] [--vectors /tmp/d2.db]

1. Throughput: the first ``--n`` articles of the SemEval dev set, ingested and clustered into a
   fresh SQLite store three ways: the plain path (prepare in this process, embedding in this
   process on every core), then ``ingest_engine=ray`` with 1 and 2 local Ray actors (prepare
   and embed on the actors; store and cluster here, in order). Wall time includes starting
   Ray and loading the model in each actor. Every run must give the same articles, copies
   and stories (checked, printed).
2. The ordered writer alone, which no number of machines speeds up: the same articles
   prepared first (timed apart), then ``store_batch`` per batch, then clustering with every
   vector already cached (``--vectors``: a store holding the dev set's vectors, e.g. a copy
   of /work/scratch/d2.db; else the plain run's), each timed on its own: articles/s of
   storing, of clustering, and of both, the ceiling N machines share.

Results print and go to --json. Everything runs on this machine's cores, shared with
whatever else runs: the load average is printed beside the figures.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import babelwire  # noqa: E402
from babelwire import pipeline  # noqa: E402
from babelwire.clean import get_cleaner  # noqa: E402
from babelwire.language import get_detector  # noqa: E402
from babelwire.models import IngestReport, RawDoc  # noqa: E402

DEV = REPO.parent / "shared" / "data" / "semeval2022-dev" / "articles.jsonl"


def _slice(n: int, out: Path) -> Path:
    with DEV.open(encoding="utf-8") as f, out.open("w", encoding="utf-8") as g:
        for i, line in enumerate(f):
            if i >= n:
                break
            g.write(line)
    return out


def _state(db: str) -> tuple[list[tuple], set[frozenset[str]]]:
    with babelwire.open(db, progress=False) as bw:
        rows = sorted((a.id, a.duplicate_of, a.copy_kind, a.content_hash) for a in bw.store.iter_articles())
        stories = {frozenset(s["article_ids"]) for s in bw.stories(limit=None)}
    return rows, stories


def run(db: str, path: Path, engine: str, workers: int) -> dict:
    t0 = time.perf_counter()
    with babelwire.open(db, progress=False, ingest_engine=engine) as bw:
        rep = bw.ingest_docs(bw.read([str(path)], defer_html=True), workers=workers if engine == "ray" else None)
    wall = time.perf_counter() - t0
    return {"engine": engine, "workers": workers, "wall_s": round(wall, 1), "ingested": rep.ingested,
            "articles_per_s": round(rep.ingested / wall, 2)}


def writer_ceiling(path: Path, vectors_db: str, tmp: Path, batch_size: int) -> dict:
    """store_batch and clustering timed apart, with every vector cached (no embedding)."""
    db = str(tmp / "writer.db")
    with babelwire.open(db, progress=False) as bw:
        s = bw.settings
        docs = [d for d in bw.read([str(path)], defer_html=True) if isinstance(d, RawDoc)]
        t = time.perf_counter()
        det, cl = get_detector(s.detector), get_cleaner()
        prepared = [pipeline.prepare_batch(b, detector=det, cleaner=cl, min_text_chars=s.min_text_chars)
                    for b in pipeline.chunks(docs, batch_size)]
        prepare_s = time.perf_counter() - t
        report = IngestReport()
        t = time.perf_counter()
        for batch in prepared:
            pipeline.store_batch(bw.store, [p for p in batch if isinstance(p, pipeline.Prepared)], report,
                                 s.near_dup_threshold)
        store_s = time.perf_counter() - t
        key = bw.clusterer().model_key
        arts = list(bw.store.iter_articles())
        with babelwire.open(vectors_db, progress=False) as src:
            have = src.store.get_embeddings([a.content_hash for a in arts], key)
        bw.store.put_embeddings(key, have.items())
        missing = len({a.content_hash for a in arts} - set(have))
        bw.clusterer().embedder.embed_batch(["warm the model up"])  # loading it is not clustering
        t = time.perf_counter()
        rep = bw.cluster()
        cluster_s = time.perf_counter() - t
    n = report.ingested
    return {"articles": n, "prepare_s": round(prepare_s, 2), "store_s": round(store_s, 2),
            "cluster_s": round(cluster_s, 2), "vectors_missing": missing, "embedded_while_clustering": rep.embedded,
            "prepare_per_s": round(n / prepare_s, 1), "store_per_s": round(n / store_s, 1),
            "cluster_per_s": round(n / cluster_s, 1), "writer_per_s": round(n / (store_s + cluster_s), 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=300, help="dev set articles (from the top of the file)")
    ap.add_argument("--workers", default="1,2", help="Ray actor counts to run")
    ap.add_argument("--vectors", default=None, help="a store with the dev set's vectors cached (read from a copy)")
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--json", default="/tmp/babelwire-bench-distributed.json")
    args = ap.parse_args()
    if not DEV.exists():
        raise SystemExit(f"{DEV} is missing")
    out: dict = {"n": args.n, "cpus": os.cpu_count(), "loadavg_start": [round(x, 2) for x in os.getloadavg()]}
    with tempfile.TemporaryDirectory(prefix="bw-dist-") as d:
        tmp = Path(d)
        path = _slice(args.n, tmp / "slice.jsonl")
        plain_db = str(tmp / "plain.db")
        if not args.skip_throughput:
            runs = [run(plain_db, path, "local", 0)]
            print(f"plain: {runs[-1]}", flush=True)
            want = _state(plain_db)
            for w in (int(x) for x in args.workers.split(",") if x):
                db = str(tmp / f"ray{w}.db")
                runs.append(run(db, path, "ray", w))
                got = _state(db)
                runs[-1]["same_articles_and_copies"] = got[0] == want[0]
                runs[-1]["same_stories"] = got[1] == want[1]
                print(f"ray x{w}: {runs[-1]}", flush=True)
            out["runs"], out["stories"] = runs, len(want[1])
        vectors = args.vectors
        if vectors:  # never written: a copy
            shutil.copyfile(vectors, tmp / "vectors.db")
            vectors = str(tmp / "vectors.db")
        elif Path(plain_db).exists():
            vectors = plain_db
        if vectors:
            with babelwire.open(str(tmp / "b.db"), progress=False) as bw:
                batch = bw.settings.batch_size
            out["writer"] = writer_ceiling(path, vectors, tmp, batch)
            print(f"ordered writer alone: {out['writer']}", flush=True)
    out["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    print(f"load average {out['loadavg_start']} -> {out['loadavg_end']}")
    Path(args.json).write_text(json.dumps(out, indent=1))
    print(f"results: {args.json}")


if __name__ == "__main__":
    main()
