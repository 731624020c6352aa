"""Baselines for the story-clustering evaluation: single-pass clustering, tuned thresholds.

This module holds what ``evaluate.clusters`` compares the real pipeline against in the same
run on the same articles: classic single-pass centroid clustering over an n x n similarity
matrix, run on raw embedding cosine and on TF-IDF character n-gram cosine, each swept over
a grid of thresholds and kept at its best for this very data (tuned on the answers, so the
figures are upper bounds for those methods). It is separate from the harness because it is
a self-contained reference method with its own limits (``MAX_BASELINE_ARTICLES``: it holds
the whole similarity matrix), and from the metrics because it only consumes them.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from ..similarity.features import prepare_body
from .cluster_metrics import bcubed, pair_metrics
from .pairs import tfidf_char_vectors

GRID = np.round(np.arange(0.05, 0.981, 0.01), 3)  # baseline thresholds tried
MAX_BASELINE_ARTICLES = 20_000  # the baselines hold an n x n similarity matrix


# --------------------------------------------------------------------------- baselines

def single_pass(sim: np.ndarray, threshold: float) -> np.ndarray:
    """Classic single-pass clustering: join the nearest centroid if cosine >= threshold.

    Works from the n x n similarity matrix alone: the cosine of x_i with a centroid of C is
    sum_{j in C} S_ij / ||sum_{j in C} x_j|| and ||.||^2 = sum_{j,k in C} S_jk.
    """
    n = len(sim)
    labels = np.full(n, -1, dtype=np.int64)
    rows = np.zeros((n, n), dtype=np.float32)  # per cluster: sum of its members' S rows
    norm2 = np.zeros(n, dtype=np.float64)
    k = 0
    for i in range(n):
        if k:
            cs = rows[:k, i] / np.sqrt(np.maximum(norm2[:k], 1e-12))
            best = int(np.argmax(cs))
            if cs[best] >= threshold:
                norm2[best] += 2.0 * rows[best, i] + sim[i, i]
                rows[best] += sim[i]
                labels[i] = best
                continue
        rows[k] = sim[i]
        norm2[k] = sim[i, i]
        labels[i] = k
        k += 1
    return labels


def tfidf_similarity(texts: Sequence[str], dims: int = 1 << 15) -> np.ndarray:
    """Cosine of TF-IDF character 3-5-gram vectors (hashed to ``dims`` columns)."""
    rows = tfidf_char_vectors(texts)
    x = np.zeros((len(rows), dims), dtype=np.float32)
    for i, (ids, w) in enumerate(rows):
        np.add.at(x[i], ids % dims, w.astype(np.float32))
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    return x @ x.T


def _tune(sim: np.ndarray, ids: list[str], score: Callable[[dict[str, Any]], dict[str, Any]], key: str) -> dict[str, Any]:
    best: dict[str, Any] | None = None
    for t in GRID:
        labels = single_pass(sim, float(t))
        m = score(dict(zip(ids, labels.tolist())))
        if best is None or m[key] > best[key]:
            best = {**m, "threshold": float(t)}
    return best or {}


def baseline_scores(arts, vecs, pairs, gold, labelled) -> dict[str, Any]:
    ids = [a.id for a in arts]
    out: dict[str, Any] = {}
    key = "bcubed_f1" if gold else "f1"

    def score(label_by_id: dict[str, Any]) -> dict[str, Any]:
        m: dict[str, Any] = {}
        named = labelled(label_by_id)
        if pairs:
            m.update(pair_metrics(named, pairs))
            m.pop("counts", None)
        if gold:
            m.update(bcubed(named, gold))
        return m

    for name, sim in (
        ("cosine", np.asarray(vecs, dtype=np.float32) @ np.asarray(vecs, dtype=np.float32).T),
        ("tfidf_char", tfidf_similarity([prepare_body(a) for a in arts])),
    ):
        out[name] = _tune(sim, ids, score, key)
        del sim
    out["tuned_on"] = key
    return out
