"""Clustering speed and memory with synthetic vectors (the clustering step alone).

A synthetic news stream: stories of Zipf-like sizes whose articles are noisy copies of the
story's direction (cosine ~0.85-0.95 within a story, ~0.3 or less across), arriving
interleaved, 1,000 articles a day, each story's reports within about two days (``--undated``
drops the dates: one index shard, the worst case). The real engine (``OnlineClusterer``: usearch i8 index, k=16 candidates, window
filter, story aggregation, merges) runs on it in batches of 256, with the cosine pair scorer
(feature scoring needs texts; its cost is measured on real data by ``babelwire eval clusters``).

Prints, per window of the stream: articles and stories already indexed, articles/s and wall
microseconds per article (flat = the cost does not grow with the store), CPU microseconds per
article summed over threads (what the work costs whatever else runs on the machine), the
wall split into index search / the Python decision loop / index add, the index's memory and
the process's resident memory. Then a quantisation check: index memory and neighbour recall for f32, f16
and i8 against exact search.

    python benchmarks/bench_cluster.py                 # 300k articles (a few minutes)
    python benchmarks/bench_cluster.py --articles 1000000
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from babelwire.cluster.common import DEFAULTS  # noqa: E402
from babelwire.cluster.index import VectorIndex  # noqa: E402
from babelwire.cluster.online import OnlineClusterer  # noqa: E402
from babelwire.cluster.score import CosineScorer  # noqa: E402

DIM = 384
BATCH = 256


def rss_mb() -> float:
    """Current resident set size (Linux /proc), else the peak."""
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Stream:
    """Articles in arrival order without holding them all: story centres come from a small
    codebook (sum of three random codes), so a million articles need a few MB to describe."""

    def __init__(self, n: int, seed: int = 0, mean_size: float = 2.5, noise: float = 0.017, per_day: float = 1000.0):
        rng = np.random.default_rng(seed)
        sizes = np.minimum(rng.zipf(2.2, size=int(n / mean_size) + 10), 500)
        ends = np.cumsum(sizes)
        k = int(np.searchsorted(ends, n)) + 1
        sizes = sizes[:k]
        sizes[-1] -= ends[k - 1] - n
        self.story = np.repeat(np.arange(k, dtype=np.int32), sizes)
        # interleave: each article arrives at its story's start plus a small delay
        start = rng.uniform(0, n, size=k)
        arrive = start[self.story] + rng.exponential(2000.0, size=n)
        order = np.argsort(arrive, kind="stable")
        self.story = self.story[order]
        # publication day: ``per_day`` articles a day, a story's reports within about two days
        self.day = np.floor(arrive[order] / per_day).astype(np.float32) + 19000.0
        self.codes = rng.standard_normal((4096, DIM)).astype(np.float32)
        self.combo = rng.integers(0, 4096, size=(k, 3))
        self.noise = noise
        self.rng = rng
        self.n = n

    def batch(self, lo: int, hi: int) -> np.ndarray:
        s = self.story[lo:hi]
        c = self.codes[self.combo[s]].sum(axis=1)
        c /= np.linalg.norm(c, axis=1, keepdims=True)
        v = c + self.noise * self.rng.standard_normal(c.shape).astype(np.float32)
        return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def run_stream(n: int, dtype: str, windows: list[int], threads: int, dated: bool, per_day: float) -> list[dict]:
    stream = Stream(n, per_day=per_day)
    base = rss_mb()
    index = VectorIndex(DIM, dtype=dtype, threads=threads)
    # threshold at cosine 0.8: same-story pairs sit at ~0.9, others below ~0.4
    # the clusterer's own k and aggregation; the cosine floor suits this synthetic geometry
    eng = OnlineClusterer(index, CosineScorer(60, 0.8), threshold=0.5, merge_threshold=0.85, cos_floor=0.5,
                          k=DEFAULTS["k"], top=DEFAULTS["top"], mode=DEFAULTS["mode"], window_days=7.0)
    rows, done, w = [], 0, 0
    t_win, n_win, c_win = 0.0, 0, 0.0
    parts = dict(eng.timing)
    while done < n:
        hi = min(n, done + BATCH)
        vecs = stream.batch(done, hi)  # generation is not timed
        t0, c0 = time.perf_counter(), time.process_time()
        days = stream.day[done:hi] if dated else None
        eng.process(np.arange(done, hi), vecs, days, days)
        t_win += time.perf_counter() - t0
        c_win += time.process_time() - c0  # CPU seconds of all threads: immune to other jobs' load
        n_win += hi - done
        done = hi
        if w < len(windows) and done >= windows[w]:
            us = {k: 1e6 * (eng.timing[k] - parts[k]) / n_win for k in parts}
            rows.append({
                "indexed": done, "stories": int(eng.n_stories), "articles_per_s": n_win / t_win,
                "us_per_article": 1e6 * t_win / n_win, "rss_mb": rss_mb() - base,
                "index_mb": index.memory_bytes() / 2**20, **{f"us_{k}": v for k, v in us.items()},
                "cpu_us_per_article": 1e6 * c_win / n_win,
            })
            print(f"{done:>10,} {eng.n_stories:>10,} {n_win / t_win:>10,.0f} {1e6 * t_win / n_win:>9.0f} "
                  f"{1e6 * c_win / n_win:>8.0f} "
                  f"{us['search']:>8.0f} {us['decide']:>8.0f} {us['add']:>8.0f} "
                  f"{rows[-1]['index_mb']:>9.0f} {rows[-1]['rss_mb']:>9.0f}", flush=True)
            t_win, n_win, c_win, w = 0.0, 0, 0.0, w + 1
            parts = dict(eng.timing)
    labels = eng.labels(np.arange(n))
    rows.append({"purity": purity(labels, stream.story)})
    return rows


def purity(labels: np.ndarray, gold: np.ndarray) -> dict:
    """B-cubed of the synthetic run (a sanity check that the engine clusters, not a quality claim)."""
    from collections import Counter

    pair = Counter(zip(labels.tolist(), gold.tolist()))
    cl, gl = Counter(labels.tolist()), Counter(gold.tolist())
    p = sum(c * c / cl[a] for (a, _), c in pair.items()) / len(labels)
    r = sum(c * c / gl[b] for (_, b), c in pair.items()) / len(labels)
    return {"bcubed_precision": round(p, 4), "bcubed_recall": round(r, 4)}


def quantisation(n: int = 50_000, q: int = 500, threads: int = 0) -> None:
    stream = Stream(n, seed=1)
    x = np.vstack([stream.batch(i, min(n, i + 10_000)) for i in range(0, n, 10_000)])
    queries = x[:q]
    sims = queries @ x.T
    # The neighbours clustering needs: every vector within cosine 0.5 (its story), self excluded.
    relevant = [set(np.flatnonzero(sims[i] >= 0.5).tolist()) - {i} for i in range(q)]
    print(f"\nquantisation, {n:,} vectors: memory, and recall of same-story neighbours in the top 32")
    print(f"{'dtype':>6} {'MB (reserved)':>14} {'B/vector':>9} {'recall':>10}")
    for dt in ("f32", "f16", "i8"):
        idx = VectorIndex(DIM, dtype=dt, threads=threads)
        idx.add(np.arange(n, dtype=np.uint64), x)
        keys, _, _ = idx.search(queries, 32)
        # of the same-story vectors that fit in a top 32, how many were returned
        rec = np.mean([len(set(keys[i].tolist()) & relevant[i]) / min(31, len(relevant[i]))
                       for i in range(q) if relevant[i]])
        print(f"{dt:>6} {idx.memory_bytes() / 2**20:>14.1f} {idx.memory_bytes() / n:>9.0f} {rec:>10.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300_000)
    ap.add_argument("--dtype", default="i8", choices=["i8", "f16", "f32"])
    ap.add_argument("--threads", type=int, default=0, help="usearch threads (0: all cores)")
    ap.add_argument("--no-quantisation", action="store_true")
    ap.add_argument("--per-day", type=float, default=1000.0, help="articles published per day")
    ap.add_argument("--undated", action="store_true", help="no publication dates: one index shard")
    args = ap.parse_args()
    n = args.articles
    windows = sorted({w for w in (10_000, 50_000, 100_000, 200_000, 300_000, 500_000, 750_000, 1_000_000, n) if w <= n})
    dates = "undated (one shard)" if args.undated else f"dated, {args.per_day:,.0f} articles/day, weekly shards"
    print(f"synthetic stream of {n:,} articles, {dates}, {args.dtype} index, batches of {BATCH}, k={DEFAULTS['k']}")
    print(f"{'indexed':>10} {'stories':>10} {'art/s':>10} {'us/art':>9} {'cpu-us':>8} {'search':>8} {'decide':>8} {'add':>8} "
          f"{'index MB':>9} {'RSS MB':>9}")
    t0 = time.perf_counter()
    rows = run_stream(n, args.dtype, windows, args.threads, not args.undated, args.per_day)
    print(f"total {time.perf_counter() - t0:.0f}s; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB;"
          f" synthetic B-cubed {rows[-1]['purity']}")
    if not args.no_quantisation:
        quantisation(threads=args.threads)


if __name__ == "__main__":
    main()
