"""The clusterer's rule on articles held in memory: no store, no ids, one label each.

``cluster_offline`` runs the same engine, pair scorer and options as ``StoryClusterer``
over a list of articles and their vectors, and returns cluster labels. The evaluation
(cross-validation, shuffled stream orders) and calibration call it many times on one corpus,
so it must not touch a store; it is kept apart from ``service.py`` (the store glue) because
it shares none of that glue, only the engine and the defaults in ``common.py``.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..models import get_field
from .common import BATCH, DEFAULTS, day_number, engine_options
from .index import VectorIndex
from .online import Decision, OnlineClusterer
from .score import CosineScorer, FeatureScorer


def cluster_offline(
    articles: Sequence[Any],
    vectors: np.ndarray,
    *,
    threshold: float = 0.78,  # the cluster_threshold default
    window_days: float = 7.0,
    scorer: str = "features",
    pair_scorer: Any = None,
    order: Sequence[int] | None = None,
    decisions: list[Decision] | None = None,
    **options: Any,
) -> np.ndarray:
    """The clusterer's rule on articles held in memory (no store): one label per article.

    Same engine, scorer and options as ``StoryClusterer``; used by the evaluation (cross-
    validation, shuffled orders) and calibration. ``articles`` need ``id`` and may carry
    ``duplicate_of``: a copy whose original is in the list takes its label. ``pair_scorer``
    (a ``similarity.PairScorer``) is reused as given, so repeated runs share its feature
    cache; a new one observes the corpus first. ``decisions``, when given, receives the
    engine's decision for every original in stream order (its ``slot`` and ``nearest`` are
    positions in ``articles``).
    """
    o = {**DEFAULTS, **options}
    n = len(articles)
    ids = [get_field(a, "id") for a in articles]
    pos = {i: k for k, i in enumerate(ids)}
    dup = [get_field(a, "duplicate_of") for a in articles]
    is_copy = np.array([d is not None and d in pos and d != ids[k] for k, d in enumerate(dup)], dtype=bool)
    if scorer == "cosine":
        sc: Any = CosineScorer(o.get("cosine_a", 47.0), o.get("cosine_b", 0.862))
    else:
        fresh = pair_scorer is None
        sc = FeatureScorer(lambda slots: {}, pair_scorer=pair_scorer, cache_size=n + 1)
        if fresh:
            keep = np.flatnonzero(~is_copy)
            sc.observe([articles[int(i)] for i in keep], vectors[keep])
        sc.preload(range(n), articles, vectors)
    engine = OnlineClusterer(
        VectorIndex(vectors.shape[1], dtype=o["index_dtype"]),
        sc,
        threshold=threshold,
        merge_threshold=min(0.999, threshold + o["merge_margin"]),
        window_days=window_days,
        **engine_options(o),
    )
    seq = np.arange(n) if order is None else np.asarray(order, dtype=np.int64)
    seq = seq[~is_copy[seq]]
    days = [day_number(get_field(articles[i], "published")) for i in range(n)]
    first = np.array([d[0] for d in days], np.float32)
    last = np.array([d[1] for d in days], np.float32)
    for i in range(0, len(seq), BATCH):
        b = seq[i : i + BATCH]
        if isinstance(sc, FeatureScorer):
            sc.begin(b, [articles[j] for j in b], vectors[b])
        made = engine.process(b, vectors[b], first[b], last[b])
        if decisions is not None:
            decisions.extend(made)
    labels = np.full(n, -1, dtype=np.int64)
    labels[seq] = engine.labels(seq)
    for k in np.flatnonzero(is_copy):
        j, hops = pos[dup[k]], 0
        while is_copy[j] and hops < n:  # a copy of a copy: follow to the original
            j, hops = pos[dup[j]], hops + 1
        labels[k] = labels[j]
    return labels
