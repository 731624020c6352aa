"""Approximate nearest neighbours over article vectors: a thin wrapper around usearch.

Why usearch rather than faiss or hnswlib:

- **Wheels.** ``pip install usearch`` gives prebuilt wheels for Linux/macOS/Windows on x86 and
  ARM with no BLAS or OpenMP runtime to match; faiss-cpu wheels are large, unofficial on PyPI
  and pin numpy versions; hnswlib ships mostly as an sdist that needs a compiler.
- **Quantisation.** usearch stores vectors as f32, f16, bf16 or i8 inside the same HNSW graph.
  We use i8 by default: 384 bytes per 384-dim vector instead of 1,536, so a million articles
  fit in well under a gigabyte with the graph (hnswlib has f32 only; faiss needs a separate
  quantiser/IVF setup to get the same).
- **Disk.** ``save``/``restore`` are one call, and ``view`` memory-maps a saved index without
  reading it, so a read-only process (the web app) starts instantly.
- **Filtering and updates.** Keys are 64-bit integers we choose (dense slots here), vectors
  can be removed and re-added when an article's text changes, and the search returns exact
  distances we can post-filter by time window. (usearch's C++ predicate filtering is not needed
  at k=32: we over-fetch and filter in numpy, which keeps the window logic in one place.)

**Shards by time.** News is dated and a story's articles sit within days of each other, so
the index is split into one usearch index per ``bucket_days`` (7) of publication date, plus
one for articles whose date is unknown or vaguer than a bucket. A dated article searches only
the few buckets its time window can reach, plus the undated shard (an unknown date is never a
reason to exclude); an undated one searches them all. The cost of a dated article therefore
depends on how much news arrives per week, not on how big the store has grown, and a save
rewrites only the shards that changed. (A store without dates - the SemEval set - is one
shard, i.e. a plain HNSW index.)

The index is derived data: every vector also lives in the store's ``embeddings`` table and
every key in ``cluster_slots``, so a missing, corrupt or stale file is rebuilt, never trusted.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_DTYPE = "i8"
FORMAT_VERSION = 2
UNDATED = -(2**31)  # shard of articles without a usable date: every query searches it
META = "meta.json"


class _Shard:
    """One usearch index (cosine, HNSW) keyed by uint64 slots."""

    def __init__(self, ndim: int, dtype: str, params: dict[str, Any], threads: int):
        # deferred: usearch is slow to import; paid only when this runs
        from usearch.index import Index

        self._index = Index(ndim=ndim, metric="cos", dtype=dtype, **params)
        self.threads = threads
        self.dirty = False

    def __len__(self) -> int:
        return len(self._index)

    def add(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        # one thread: parallel inserts build a different graph on every run, so the same
        # articles in the same order would not always give the same stories
        self._index.add(keys, vectors, threads=1)
        self.dirty = True

    def remove(self, keys: np.ndarray) -> int:
        here = keys[self.contains(keys)]
        if len(here):
            self._index.remove(here)
            self.dirty = True
        return len(here)

    def keys(self) -> np.ndarray:
        if not len(self._index):
            return np.zeros(0, dtype=np.uint64)
        return np.asarray(self._index.keys, dtype=np.uint64)

    def contains(self, keys: np.ndarray) -> np.ndarray:
        if not len(keys) or not len(self._index):
            return np.zeros(len(keys), dtype=bool)
        return np.atleast_1d(np.asarray(self._index.contains(keys), dtype=bool))

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        n = len(vectors)
        if not len(self._index):
            return np.zeros((n, 0), np.uint64), np.zeros((n, 0), np.float32), np.zeros(n, np.int64)
        m = self._index.search(vectors, min(k, len(self._index)), threads=self.threads)
        keys = np.atleast_2d(np.asarray(m.keys, dtype=np.uint64))
        cos = 1.0 - np.atleast_2d(np.asarray(m.distances, dtype=np.float32))
        if hasattr(m, "counts"):
            counts = np.atleast_1d(np.asarray(m.counts, dtype=np.int64))
        else:  # a single query comes back as one Matches, not a batch
            counts = np.array([keys.shape[1]], dtype=np.int64)
        return keys, cos, counts


class VectorIndex:
    """Cosine ANN over article vectors keyed by slot, sharded by publication week.

    ``search`` returns cosine similarities (not distances) of the ``k`` nearest keys among
    the shards the query's dates can reach.
    """

    def __init__(
        self,
        ndim: int,
        *,
        dtype: str = DEFAULT_DTYPE,
        connectivity: int = 16,
        expansion_add: int = 32,  # half usearch's default: on real e5 vectors recall@16 is 0.90
        expansion_search: int = 64,  # vs 0.91 at 64/64, for half the insert CPU
        model: str = "",
        bucket_days: float = 7.0,
        threads: int = 0,
    ):
        self.ndim = int(ndim)
        self.dtype = dtype
        self.model = model
        self.bucket_days = float(bucket_days)
        self.threads = threads
        self._params = dict(connectivity=connectivity, expansion_add=expansion_add, expansion_search=expansion_search)
        self.shards: dict[int, _Shard] = {}

    # -- contents -------------------------------------------------------------------------
    def __len__(self) -> int:
        return sum(len(s) for s in self.shards.values())

    @property
    def dirty(self) -> bool:
        return any(s.dirty for s in self.shards.values())

    def _shard(self, bucket: int) -> _Shard:
        sh = self.shards.get(bucket)
        if sh is None:
            sh = self.shards[bucket] = _Shard(self.ndim, self.dtype, self._params, self.threads)
        return sh

    def buckets(self, first: np.ndarray, last: np.ndarray) -> np.ndarray:
        """Shard of each article: its week, or UNDATED when the date is unknown or too vague."""
        first = np.asarray(first, dtype=np.float64)
        last = np.asarray(last, dtype=np.float64)
        out = np.full(len(first), UNDATED, dtype=np.int64)
        ok = ~np.isnan(first) & ~np.isnan(last) & (last - first <= self.bucket_days)
        out[ok] = np.floor(first[ok] / self.bucket_days).astype(np.int64)
        return out

    def add(self, keys: np.ndarray, vectors: np.ndarray, first: np.ndarray | None = None, last: np.ndarray | None = None) -> None:
        keys = np.asarray(keys, dtype=np.uint64)
        if not len(keys):
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if first is None:
            buckets = np.full(len(keys), UNDATED, dtype=np.int64)
        else:
            buckets = self.buckets(first, first if last is None else last)
        for b in np.unique(buckets):
            rows = np.flatnonzero(buckets == b)
            self._shard(int(b)).add(keys[rows], vectors[rows])

    def remove(self, keys: np.ndarray) -> None:
        keys = np.asarray(keys, dtype=np.uint64)
        if len(keys):
            for sh in self.shards.values():
                sh.remove(keys)

    def keys(self) -> np.ndarray:
        parts = [s.keys() for s in self.shards.values()]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)

    def contains(self, keys: np.ndarray) -> np.ndarray:
        keys = np.asarray(keys, dtype=np.uint64)
        out = np.zeros(len(keys), dtype=bool)
        for sh in self.shards.values():
            out |= sh.contains(keys)
        return out

    def _reach(self, lo: float, hi: float, window: float) -> tuple[int, ...]:
        """Shards a query dated [lo, hi] can find candidates in (always the undated one)."""
        every = tuple(sorted(self.shards))
        if np.isnan(lo) or np.isnan(hi) or hi - lo > self.bucket_days or not np.isfinite(window):
            return every
        # a stored article starts at most one bucket before it could still overlap the window
        b_lo = int(np.floor((lo - window - self.bucket_days) / self.bucket_days))
        b_hi = int(np.floor((hi + window) / self.bucket_days))
        return tuple(b for b in every if b == UNDATED or b_lo <= b <= b_hi)

    def search(
        self,
        vectors: np.ndarray,
        k: int,
        first: np.ndarray | None = None,
        last: np.ndarray | None = None,
        window: float = float("inf"),
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(keys (n, k), cosines (n, k), counts (n,)) for each query row; unused cells are 0.

        With ``first``/``last`` days and a ``window``, only shards that can hold an article
        within ``window`` days are searched; the caller still filters exact gaps.
        """
        vectors = np.atleast_2d(np.ascontiguousarray(vectors, dtype=np.float32))
        n = len(vectors)
        if not self.shards or n == 0:
            return np.zeros((n, 0), np.uint64), np.zeros((n, 0), np.float32), np.zeros(n, np.int64)
        if len(self.shards) == 1:
            return next(iter(self.shards.values())).search(vectors, k)
        if first is None:
            first = np.full(n, np.nan)
        last = first if last is None else last
        groups: dict[tuple[int, ...], list[int]] = {}
        for i in range(n):
            groups.setdefault(self._reach(float(first[i]), float(last[i]), window), []).append(i)
        keys = np.zeros((n, k), np.uint64)
        cos = np.zeros((n, k), np.float32)
        counts = np.zeros(n, np.int64)
        for reach, rows_l in groups.items():
            rows = np.array(rows_l)
            parts_k, parts_c = [], []
            for b in reach:
                kk, cc, nn = self.shards[b].search(vectors[rows], k)
                if kk.shape[1] == 0:
                    continue
                cc = np.where(np.arange(kk.shape[1])[None, :] < nn[:, None], cc, -np.inf)
                parts_k.append(kk)
                parts_c.append(cc)
            if not parts_k:
                continue
            kk, cc = np.hstack(parts_k), np.hstack(parts_c)
            m = min(k, kk.shape[1])
            top = np.argsort(-cc, axis=1, kind="stable")[:, :m]
            kk, cc = np.take_along_axis(kk, top, 1), np.take_along_axis(cc, top, 1)
            valid = np.isfinite(cc)
            keys[rows, :m] = np.where(valid, kk, 0)
            cos[rows, :m] = np.where(valid, cc, 0.0)
            counts[rows] = valid.sum(axis=1)
        width = int(counts.max()) if n else 0
        return keys[:, :width], cos[:, :width], counts

    def memory_bytes(self) -> int:
        return int(sum(s._index.memory_usage for s in self.shards.values()))

    # -- disk -------------------------------------------------------------------------------
    def meta(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION, "ndim": self.ndim, "dtype": self.dtype, "model": self.model,
            "bucket_days": self.bucket_days, "shards": {str(b): len(s) for b, s in self.shards.items()},
        }

    def save(self, path: str | os.PathLike) -> None:
        """A directory: one file per shard, rewritten only when it changed, then ``meta.json``.

        Every file is written to a temporary name and renamed, and the meta (the list of valid
        shards and their sizes) goes last, so a crash leaves either the old or the new state.
        """
        path = Path(path)
        if path.is_file():  # an index from an older format: derived, so replace it
            path.unlink()
        path.mkdir(parents=True, exist_ok=True)
        for b, sh in self.shards.items():
            f = path / _shard_name(b)
            if sh.dirty or not f.exists():
                tmp = f.with_name(f"{f.name}.{os.getpid()}.tmp")  # workers on one host may share the directory
                sh._index.save(str(tmp))
                os.replace(tmp, f)
        meta_tmp = path / f"{META}.{os.getpid()}.tmp"
        meta_tmp.write_text(json.dumps(self.meta()), encoding="utf-8")
        os.replace(meta_tmp, path / META)
        for sh in self.shards.values():
            sh.dirty = False
        keep = {_shard_name(b) for b in self.shards} | {META}
        for f in path.iterdir():  # shards that no longer exist
            if f.name not in keep and f.suffix == ".usearch":
                f.unlink(missing_ok=True)

    @classmethod
    def load(cls, path: str | os.PathLike, *, ndim: int, dtype: str = DEFAULT_DTYPE, model: str = "", **params: Any) -> "VectorIndex | None":
        """The saved index if it is complete and was built for this model and shape; else None."""
        path = Path(path)
        try:
            meta = json.loads((path / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if (meta.get("format") != FORMAT_VERSION or meta.get("ndim") != ndim or meta.get("dtype") != dtype
                or meta.get("model") != model):
            return None
        idx = cls(ndim, dtype=dtype, model=model, bucket_days=float(meta.get("bucket_days", 7.0)), **params)
        try:
            for b, size in meta.get("shards", {}).items():
                sh = idx._shard(int(b))
                sh._index.load(str(path / _shard_name(int(b))))
                if len(sh) != size:
                    return None
                sh.dirty = False
        except Exception:  # unreadable or truncated: derived data, so rebuild instead
            return None
        return idx


def _shard_name(bucket: int) -> str:
    return "undated.usearch" if bucket == UNDATED else f"w{bucket}.usearch"
