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

import csv
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from ..errors import InputError

SAME_MAX = 1.5
DIFF_MIN = 3.5
GRID = np.round(np.arange(0.05, 0.981, 0.01), 3)  # baseline thresholds tried
MAX_BASELINE_ARTICLES = 20_000  # the baselines hold an n x n similarity matrix


# --------------------------------------------------------------------------- inputs

def load_labels(path: str | Path) -> dict[str, str]:
    """``article,story`` CSV -> {article: story}."""
    p = Path(path)
    try:
        with p.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            cols = set(reader.fieldnames or ())
            if not {"article", "story"} <= cols:
                raise InputError(f"labels CSV needs columns article, story; has {sorted(cols)}", path=str(p))
            out = {}
            for n, r in enumerate(reader, 2):
                if not r["article"] or not r["story"]:
                    raise InputError("empty article or story", path=str(p), line=n)
                out[r["article"].strip()] = r["story"].strip()
            return out
    except OSError as e:
        raise InputError(f"cannot read labels: {e.strerror or e}", path=str(p)) from None


def load_pairs(path: str | Path) -> list[tuple[str, str, float]]:
    from .pairs import load_pairs as _load

    return [(r["id1"], r["id2"], float(r["overall"])) for r in _load(path)]


def key_map(articles: Sequence[Any], base: Path | None) -> dict[str, str]:
    """Names a label file may use for each stored article -> its id.

    The id itself, and for articles read from standalone files their path: as stored,
    resolved, and relative to ``base`` (the articles directory).
    """
    out: dict[str, str] = {}
    for a in articles:
        out[a.id] = a.id
        path = (a.metadata or {}).get("path")
        if not path:
            continue
        p = Path(path)
        names = {str(p), p.as_posix()}
        try:
            rp = p.resolve()
            names.add(str(rp))
            if base is not None:
                names.add(rp.relative_to(base.resolve()).as_posix())
        except (OSError, ValueError):
            pass
        for n in names:
            out.setdefault(n, a.id)
    return out


# --------------------------------------------------------------------------- metrics

def pair_metrics(label_of: dict[str, Any], pairs: Sequence[tuple[str, str, float]]) -> dict[str, Any]:
    """Same-story decisions (both in one story) on the clear pairs."""
    tp = fp = fn = tn = 0
    for a, b, overall in pairs:
        if overall > SAME_MAX and overall < DIFF_MIN:
            continue
        la, lb = label_of.get(a), label_of.get(b)
        if la is None or lb is None:
            continue
        same = la == lb
        if overall <= SAME_MAX:
            tp += same
            fn += not same
        else:
            fp += same
            tn += not same
    return _prf(tp, fp, fn, tn)


def _prf(tp: int, fp: int, fn: int, tn: int) -> dict[str, Any]:
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0,
        "apart": round(tn / (tn + fp), 4) if tn + fp else 0.0,
        "n": tp + fp + fn + tn,
        "same": tp + fn,
        "different": tn + fp,
        "counts": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
    }


def bcubed(label_of: dict[str, Any], gold: dict[str, str]) -> dict[str, Any]:
    """B-cubed precision/recall/F1 over the gold-labelled articles that were clustered."""
    items = [i for i in gold if i in label_of]
    if not items:
        return {"bcubed_precision": 0.0, "bcubed_recall": 0.0, "bcubed_f1": 0.0, "n_labelled": 0}
    by_c: dict[Any, set[str]] = {}
    by_g: dict[str, set[str]] = {}
    for i in items:
        by_c.setdefault(label_of[i], set()).add(i)
        by_g.setdefault(gold[i], set()).add(i)
    p = r = 0.0
    for i in items:
        c, g = by_c[label_of[i]], by_g[gold[i]]
        both = len(c & g)
        p += both / len(c)
        r += both / len(g)
    p, r = p / len(items), r / len(items)
    return {
        "bcubed_precision": round(p, 4),
        "bcubed_recall": round(r, 4),
        "bcubed_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "n_labelled": len(items),
        "clusters": len(by_c),
        "gold_stories": len(by_g),
    }


def linked_pairs(labels: np.ndarray) -> set[tuple[int, int]]:
    """Every pair of positions that share a label."""
    groups: dict[int, list[int]] = {}
    for i, l in enumerate(labels.tolist()):
        groups.setdefault(l, []).append(i)
    out: set[tuple[int, int]] = set()
    for members in groups.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                out.add((members[x], members[y]))
    return out


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
    from .pairs import tfidf_char_vectors

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
    import babelwire

    say = log or (lambda _m: None)
    if pairs_path is None and labels_path is None:
        raise InputError("give labelled pairs or labels (article,story) to evaluate against")
    if mode not in ("auto", "shipped", "cv"):
        raise ValueError("mode must be auto, shipped or cv")
    pairs = load_pairs(pairs_path) if pairs_path else []
    gold = load_labels(labels_path) if labels_path else {}
    src = Path(articles_path)
    base = src if src.is_dir() else src.parent
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="babelwire-eval-") as tmp:
        opts = {"progress": False, **(settings or {})}
        with babelwire.open(str(Path(tmp) / "eval.db"), **opts) as ws:
            t0 = time.perf_counter()
            say(f"ingesting {src}")
            ing = ws.ingest([str(src), *map(str, extra_paths)], cluster=False)
            t_ingest = time.perf_counter() - t0
            store = ws.store
            if clusterer_options:
                from ..cluster import get_clusterer

                ws._components["clusterer"] = get_clusterer(store, ws.settings, **clusterer_options)
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
                from ..similarity import default_combiner
                from .pairs import pairs_fingerprint

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
                result["baselines"] = _baselines(arts, vecs, pairs, gold, labelled)
            elif baselines:
                result["baselines"] = {"skipped": f"more than {MAX_BASELINE_ARTICLES} articles"}

            if shuffles:
                say(f"order stability: {shuffles} shuffled runs")
                result["order_stability"] = _stability(arts, vecs, clusterer, shuffles, pairs, gold, labelled)
    return result


def _seed_embeddings(store: Any, cache: str | Path, model: str, arts: Sequence[Any]) -> int:
    """Copy vectors for these texts from a cache store (any babelwire db) into the eval store."""
    from ..store.sqlite import SQLiteStore

    c = SQLiteStore(str(cache))
    try:
        got = c.get_embeddings([a.content_hash for a in arts], model)
    finally:
        c.close()
    store.put_embeddings(model, got.items())
    return len(got)


def _save_embeddings(store: Any, cache: str | Path, model: str, arts: Sequence[Any]) -> None:
    from ..store.sqlite import SQLiteStore

    got = store.get_embeddings([a.content_hash for a in arts], model)
    c = SQLiteStore(str(cache))
    try:
        c.put_embeddings(model, got.items())
    finally:
        c.close()


def _cross_validate(arts, vecs, pairs, names, clusterer, folds, say) -> dict[str, Any]:
    """Grouped k-fold: a combiner trained without the fold's pairs clusters the corpus."""
    from ..cluster.service import cluster_offline
    from ..similarity import DocFreq, PairScorer
    from ..similarity.centroids import LanguageCentroids
    from ..similarity.combine import train_combiner
    from ..similarity.features import iter_keys
    from .pairs import _groups, pair_features

    pos = {a.id: k for k, a in enumerate(arts)}
    usable = [(names[a], names[b], o) for a, b, o in pairs if a in names and b in names]
    docs = [a.to_dict() for a in arts]
    # Corpus-only priors: the shipped entity counts and language means were measured on the
    # dev set, so none of the shipped data touches a figure computed here.
    pf = pair_features(docs, [(pos[a], pos[b]) for a, b, _ in usable], vecs,
                       model_key=clusterer.model_key, priors=False, unknown_seed=0)
    X, X_extra = pf["X"], pf.get("X_unknown")
    overall = np.array([o for _, _, o in usable])
    groups = _groups([(a, b) for a, b, _ in usable], folds)
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
    out = _prf(tp, fp, fn, tn)
    out["folds"] = per_fold
    return out


def _baselines(arts, vecs, pairs, gold, labelled) -> dict[str, Any]:
    from ..similarity.features import prepare_body

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


def _stability(arts, vecs, clusterer, shuffles, pairs, gold, labelled) -> dict[str, Any]:
    from ..cluster.service import cluster_offline
    from ..similarity import PairScorer

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
