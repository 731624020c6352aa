"""Story-clustering evaluation: the real pipeline on labelled data, baselines in the same run.

Every article goes through ``Workspace.ingest`` into a fresh temporary store (readers,
language, cleaning, dedup, embeddings) and the whole stream is clustered with
``Workspace.cluster``. Then:

- with labelled pairs (CSV ``id1,id2,overall``; same story = overall <= 1.5, different =
  overall >= 3.5): precision, recall and F1 of "same story" (both articles in one story) and
  ``apart``, the share of different-story pairs kept in different stories;
- with full labels (CSV ``article,story``; ``article`` is the article id, or a file's path
  relative to the articles directory): B-cubed precision, recall and F1.

Baselines on the same articles in the same run: single-pass centroid clustering on raw
embedding cosine and on TF-IDF character n-gram cosine, each at its best threshold for this
very data (tuned on the answers, so they are upper bounds for those methods).

When the pairs are the ones the shipped pair combiner was trained on, the headline figures
come from grouped k-fold cross-validation: for each fold the combiner is re-trained on the
other folds' pairs, the whole corpus is clustered with it, and only that fold's pairs are
scored. The in-sample run is reported beside it, never instead.

``shuffles`` re-clusters the same articles in random orders and counts how many pairwise
decisions change: online clustering is order-dependent, and this says by how much.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np

from ..api import open as open_workspace
from ..cluster import get_clusterer
from ..cluster.offline import cluster_offline
from ..errors import ConfigError, InputError
from ..similarity import DocFreq, PairScorer, default_combiner
from ..similarity.centroids import LanguageCentroids
from ..similarity.combine import train_combiner
from ..similarity.features import iter_keys
from ..store import open_store
from .cluster_baselines import MAX_BASELINE_ARTICLES, baseline_scores
from .cluster_metrics import (
    DIFF_MIN,
    SAME_MAX,
    bcubed,
    key_map,
    linked_pairs,
    load_labels,
    load_pairs,
    pair_metrics,
    prf,
)
from .pairs import pair_features, pair_folds, pairs_fingerprint

if TYPE_CHECKING:
    from ..store import Store


# --------------------------------------------------------------------------- the run

def evaluate_clusters(
    articles_path: str | Path,
    *,
    pairs_path: str | Path | None = None,
    labels_path: str | Path | None = None,
    extra_paths: Sequence[str | Path] = (),
    settings: dict[str, Any] | None = None,
    mode: str = "auto",
    folds: int = 5,
    shuffles: int = 3,
    baselines: bool = True,
    embed_cache: str | Path | None = None,
    clusterer_options: dict[str, Any] | None = None,
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Ingest, cluster and score; see the module docstring. Returns a JSON-ready dict."""
    say = log or (lambda _m: None)
    if pairs_path is None and labels_path is None:
        raise InputError("give labelled pairs or labels (article,story) to evaluate against")
    if mode not in ("auto", "shipped", "cv"):
        raise ConfigError(f"mode must be auto, shipped or cv, not {mode!r}")
    pairs = load_pairs(pairs_path) if pairs_path else []
    gold = load_labels(labels_path) if labels_path else {}
    src = Path(articles_path)
    base = src if src.is_dir() else src.parent
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="babelwire-eval-") as tmp:
        opts = {"progress": False, **(settings or {})}
        with open_workspace(str(Path(tmp) / "eval.db"), **opts) as ws:
            t0 = time.perf_counter()
            say(f"ingesting {src}")
            ing = ws.ingest([str(src), *map(str, extra_paths)], cluster=False)
            t_ingest = time.perf_counter() - t0
            store = ws.store
            if clusterer_options:
                ws.use("clusterer", get_clusterer(store, ws.settings, **clusterer_options))
            clusterer = ws.clusterer()
            arts = store.get_articles(store.stream_article_ids())
            seeded = _seed_embeddings(store, embed_cache, clusterer.model_key, arts) if embed_cache else 0
            say(f"clustering {len(arts)} articles ({seeded} vectors from the cache)")
            t1 = time.perf_counter()
            rep = ws.cluster()
            t_cluster = time.perf_counter() - t1
            if embed_cache:
                _save_embeddings(store, embed_cache, clusterer.model_key, arts)
            arts = store.get_articles(store.stream_article_ids())
            ids = [a.id for a in arts]
            names = key_map(arts, base)
            story = {a.id: a.story_id for a in arts}

            def labelled(label_by_id: dict[str, Any]) -> dict[str, Any]:
                return {name: label_by_id[i] for name, i in names.items() if i in label_by_id}

            main = labelled(story)
            result.update(
                articles=len(arts),
                rejected=len(ing.rejected),
                stories=len(set(story.values())),
                threshold=clusterer.threshold,
                model=clusterer.model_key,
                timing={
                    "ingest_seconds": round(t_ingest, 2),
                    "cluster_seconds": round(t_cluster, 2),
                    "embedded": rep.embedded,
                },
            )
            if pairs:
                missing = sum(1 for a, b, _ in pairs if a not in main or b not in main)
                result.update(pair_metrics(main, pairs))
                result["skipped_missing"] = missing
            if gold:
                result.update(bcubed(main, gold))
                result["unlabelled_articles"] = len(ids) - len({names[g] for g in gold if g in names})

            vecs = clusterer.vectors_for(arts)
            if pairs and mode != "shipped":
                comb = default_combiner()
                fp = (getattr(comb, "meta", None) or {}).get("train_fingerprint")
                present = [(a, b) for a, b, _ in pairs if a in main and b in main]
                in_sample = fp is not None and fp == pairs_fingerprint(present)
                result["in_sample_pairs"] = in_sample
                if mode == "cv" or in_sample:
                    say(f"{folds}-fold cross-validation of the pair combiner")
                    cv = _cross_validate(arts, vecs, pairs, names, clusterer, folds, say)
                    result["in_sample"] = {k: result[k] for k in ("precision", "recall", "f1", "apart", "n")}
                    result.update(cv)
                    result["mode"] = f"cv{folds}"
            result.setdefault("mode", "shipped")

            if baselines and len(arts) <= MAX_BASELINE_ARTICLES:
                say("baselines: single-pass on embedding cosine and on TF-IDF char n-grams")
                result["baselines"] = baseline_scores(arts, vecs, pairs, gold, labelled)
            elif baselines:
                result["baselines"] = {"skipped": f"more than {MAX_BASELINE_ARTICLES} articles"}

            if shuffles:
                say(f"order stability: {shuffles} shuffled runs")
                result["order_stability"] = _stability(arts, vecs, clusterer, shuffles, pairs, gold, labelled)
    return result


def _seed_embeddings(store: Store, cache: str | Path, model: str, arts: Sequence[Any]) -> int:
    """Copy vectors for these texts from a cache store (any babelwire db) into the eval store."""
    c = open_store(str(cache))
    try:
        got = c.get_embeddings([a.content_hash for a in arts], model)
    finally:
        c.close()
    store.put_embeddings(model, got.items())
    return len(got)


def _save_embeddings(store: Store, cache: str | Path, model: str, arts: Sequence[Any]) -> None:
    got = store.get_embeddings([a.content_hash for a in arts], model)
    c = open_store(str(cache))
    try:
        c.put_embeddings(model, got.items())
    finally:
        c.close()


def _cross_validate(arts, vecs, pairs, names, clusterer, folds, say) -> dict[str, Any]:
    """Grouped k-fold: a combiner trained without the fold's pairs clusters the corpus."""
    pos = {a.id: k for k, a in enumerate(arts)}
    usable = [(names[a], names[b], o) for a, b, o in pairs if a in names and b in names]
    docs = [a.to_dict() for a in arts]
    # Corpus-only priors: the shipped entity counts and language means were measured on the
    # dev set, so none of the shipped data touches a figure computed here.
    pf = pair_features(docs, [(pos[a], pos[b]) for a, b, _ in usable], vecs,
                       model_key=clusterer.model_key, priors=False, unknown_seed=0)
    X, X_extra = pf["X"], pf.get("X_unknown")
    overall = np.array([o for _, _, o in usable])
    groups = pair_folds([(a, b) for a, b, _ in usable], folds)
    originals = [a for a in arts if not a.duplicate_of]
    dfreq = DocFreq(prior=False)
    cents = LanguageCentroids(clusterer.model_key, prior=False)
    scorer = PairScorer(doc_freq=dfreq, centroids=cents, embedder=clusterer.embedder, embed_chars=clusterer.embed_chars)
    # Given its own counters the scorer does not update them: fill them from the corpus here,
    # exactly as pair_features() did for the training rows.
    for a in originals:
        dfreq.add(iter_keys(scorer.features(a)))
    cents.add(vecs[[pos[a.id] for a in originals]], [scorer.features(a).language for a in originals])
    tp = fp = fn = tn = 0
    per_fold = []
    for k in range(folds):
        test = groups == k
        if not test.any():
            continue
        Xt, yt = X[~test], overall[~test]
        if X_extra is not None:
            Xt, yt = np.vstack([Xt, X_extra[~test]]), np.concatenate([yt, yt])
        scorer.combiner = train_combiner(Xt, yt)
        labels = cluster_offline(arts, vecs, threshold=clusterer.threshold, window_days=clusterer.window_days,
                                 pair_scorer=scorer, **clusterer.options)
        by_id = {a.id: int(l) for a, l in zip(arts, labels)}
        m = pair_metrics(by_id, [u for u, t in zip(usable, test) if t])
        c = m["counts"]
        tp, fp, fn, tn = tp + c["tp"], fp + c["fp"], fn + c["fn"], tn + c["tn"]
        per_fold.append({"fold": k, "f1": m["f1"], "apart": m["apart"], "n": m["n"]})
        say(f"  fold {k}: F1 {m['f1']:.3f}, apart {m['apart']:.3f} ({m['n']} pairs)")
    out = prf(tp, fp, fn, tn)
    out["folds"] = per_fold
    return out


def _stability(arts, vecs, clusterer, shuffles, pairs, gold, labelled) -> dict[str, Any]:
    # One scorer for every run: the same corpus statistics, whatever the order.
    scorer = PairScorer(combiner=clusterer.combiner, embedder=clusterer.embedder, embed_chars=clusterer.embed_chars)
    scorer.observe([a for a in arts if not a.duplicate_of], vecs[[not a.duplicate_of for a in arts]])
    run = lambda order: cluster_offline(  # noqa: E731
        arts, vecs, threshold=clusterer.threshold, window_days=clusterer.window_days,
        pair_scorer=scorer, order=order, **clusterer.options,
    )
    ids = [a.id for a in arts]
    base = run(None)
    base_links = linked_pairs(base)
    rng = np.random.default_rng(0)
    changed_links, changed_pairs, f1s, bf1s, agree = [], [], [], [], []
    base_named = labelled(dict(zip(ids, base.tolist())))
    for _ in range(shuffles):
        lab = run(rng.permutation(len(arts)))
        links = linked_pairs(lab)
        union = base_links | links
        changed_links.append(len(base_links ^ links) / max(1, len(union)))
        # B-cubed F1 of this run against the stream-order run: per article, how much of its
        # story stayed the same (big stories do not dominate as they do in pair counts).
        agree.append(bcubed({str(i): l for i, l in enumerate(lab.tolist())},
                            {str(i): str(l) for i, l in enumerate(base.tolist())})["bcubed_f1"])
        named = labelled(dict(zip(ids, lab.tolist())))
        if pairs:
            flips = sum(
                1 for a, b, o in pairs
                if (o <= SAME_MAX or o >= DIFF_MIN) and a in named and b in named
                and (named[a] == named[b]) != (base_named[a] == base_named[b])
            )
            clear = sum(1 for a, b, o in pairs if (o <= SAME_MAX or o >= DIFF_MIN) and a in named and b in named)
            changed_pairs.append(flips / max(1, clear))
            f1s.append(pair_metrics(named, pairs)["f1"])
        if gold:
            bf1s.append(bcubed(named, gold)["bcubed_f1"])
    out: dict[str, Any] = {
        "runs": shuffles,
        "linked_pairs": len(base_links),
        "changed_linked_pairs": round(float(np.mean(changed_links)), 4),
        "bcubed_agreement": round(float(np.mean(agree)), 4),
    }
    if pairs:
        out["changed_labelled_decisions"] = round(float(np.mean(changed_pairs)), 4)
        out["f1_range"] = [min(f1s), max(f1s)]
    if gold:
        out["bcubed_f1_range"] = [min(bf1s), max(bf1s)]
    return out


def format_clusters_report(r: dict[str, Any]) -> str:
    lines = [f"{r['articles']} articles -> {r['stories']} stories (threshold {r['threshold']}, {r.get('mode')})"]
    if "f1" in r:
        lines.append(
            f"same-story pairs: P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  "
            f"apart {r['apart']:.3f}  (n={r['n']}: {r['same']} same, {r['different']} different)"
        )
        if "in_sample" in r:
            s = r["in_sample"]
            lines.append(f"  in-sample (shipped combiner): F1 {s['f1']:.3f}  apart {s['apart']:.3f}")
    if "bcubed_f1" in r:
        lines.append(
            f"B-cubed: P {r['bcubed_precision']:.3f}  R {r['bcubed_recall']:.3f}  F1 {r['bcubed_f1']:.3f}  "
            f"({r['clusters']} clusters for {r['gold_stories']} gold stories)"
        )
    for name, b in (r.get("baselines") or {}).items():
        if not isinstance(b, dict):
            continue
        parts = [f"baseline {name} (best threshold {b['threshold']:.2f}):"]
        if "f1" in b:
            parts.append(f"F1 {b['f1']:.3f} apart {b['apart']:.3f}")
        if "bcubed_f1" in b:
            parts.append(f"B-cubed F1 {b['bcubed_f1']:.3f}")
        lines.append("  ".join(parts))
    st = r.get("order_stability")
    if st:
        s = (f"order stability ({st['runs']} shuffles): {st['changed_linked_pairs']:.1%} of linked pairs change, "
             f"B-cubed agreement with the stream order {st['bcubed_agreement']:.3f}")
        if "changed_labelled_decisions" in st:
            s += f", {st['changed_labelled_decisions']:.1%} of labelled decisions; F1 {st['f1_range'][0]:.3f}-{st['f1_range'][1]:.3f}"
        if "bcubed_f1_range" in st:
            s += f"; B-cubed F1 {st['bcubed_f1_range'][0]:.3f}-{st['bcubed_f1_range'][1]:.3f}"
        lines.append(s)
    t = r.get("timing", {})
    lines.append(f"time: ingest {t.get('ingest_seconds')}s, cluster {t.get('cluster_seconds')}s ({t.get('embedded')} embedded)")
    return "\n".join(lines)
