"""How common an entity or number is, so "COVID" and "Trump" count less than "Pompeo".

Two sources, added together:

- a shipped prior (``docfreq_prior.json``): document counts of hashed keys from a
  background news corpus. It holds only ``crc32(key) mod 2**20`` buckets and counts, no
  text, and only buckets seen in at least 3 documents; everything rarer reads as rare.
- counts from the corpus at hand at run time (the store, or the batch being scored), so a
  topic that floods *this* corpus is down-weighted even if the prior never saw it.
"""
from __future__ import annotations

import json
import math
import zlib
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

HASH_BITS = 20
_MASK = (1 << HASH_BITS) - 1
PRIOR_FILE = "docfreq_prior.json"


def bucket(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) & _MASK


class DocFreq:
    """Document frequencies of keys; ``weight(key)`` is a normalised IDF in [0, 1]."""

    def __init__(self, *, prior: bool = True):
        self.n_docs = 0
        self.counts: dict[str, int] = {}
        self.prior_docs = 0
        self.prior: dict[int, int] = {}
        if prior:
            self.prior_docs, self.prior = load_prior()
        self._cache: dict[str, float] = {}
        # per-article sums of weights (pair_evidence asks for each article in every pair it is
        # in): id(features) -> (features, sums); dropped with the weights whenever counts move
        self.mass_cache: dict[int, tuple[Any, tuple[float, float]]] = {}
        # per-article count of its specific names (``anchors.names_apart``), likewise
        self.names_cache: dict[int, tuple[Any, int]] = {}

    def add(self, keys: Iterable[str]) -> None:
        """Count one document (its distinct keys)."""
        self.n_docs += 1
        for k in set(keys):
            self.counts[k] = self.counts.get(k, 0) + 1
        self._cache.clear()
        self.mass_cache.clear()
        self.names_cache.clear()

    def df(self, key: str) -> int:
        return self.counts.get(key, 0) + (self.prior.get(bucket(key), 0) if self.prior else 0)

    @property
    def total_docs(self) -> int:
        return self.n_docs + self.prior_docs

    def weight(self, key: str) -> float:
        """log((N+1)/(df+1)) / log(N+1): 1 for a key seen nowhere else, 0 for one seen everywhere."""
        w = self._cache.get(key)
        if w is None:
            n = self.total_docs
            if n < 2:  # nothing to compare with: every key counts the same
                w = 1.0
            else:
                w = max(0.0, math.log((n + 1) / (self.df(key) + 1)) / math.log(n + 1))
            self._cache[key] = w
        return w

    __call__ = weight


_PRIOR: tuple[int, dict[int, int]] | None = None


def load_prior() -> tuple[int, dict[int, int]]:
    global _PRIOR
    if _PRIOR is None:
        try:
            raw = resources.files(__package__).joinpath(PRIOR_FILE).read_text(encoding="utf-8")
            data = json.loads(raw)
            _PRIOR = (int(data["n_docs"]), decode_buckets(data["buckets"], data["counts"]))
        except (FileNotFoundError, KeyError, ValueError, OSError):
            _PRIOR = (0, {})
    return _PRIOR


def decode_buckets(deltas: list[int], counts: list[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    b = 0
    for d, c in zip(deltas, counts):
        b += d
        out[b] = c
    return out


def write_prior(path: str | Path, doc_keys: Iterable[Iterable[str]], *, min_df: int = 3, source: str = "") -> dict[str, Any]:
    """Build the hashed prior from documents' key sets; only counts leave this function."""
    counts: dict[int, int] = {}
    n = 0
    for keys in doc_keys:
        n += 1
        for b in {bucket(k) for k in keys}:
            counts[b] = counts.get(b, 0) + 1
    kept = sorted((b, c) for b, c in counts.items() if c >= min_df)
    deltas, prev = [], 0
    for b, _ in kept:
        deltas.append(b - prev)
        prev = b
    data = {
        "about": f"document counts of crc32(key) mod 2**{HASH_BITS} buckets; keys themselves are not stored",
        "source": source,
        "hash_bits": HASH_BITS,
        "min_df": min_df,
        "n_docs": n,
        "buckets": deltas,  # delta-encoded, ascending
        "counts": [c for _, c in kept],
    }
    Path(path).write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    return data
