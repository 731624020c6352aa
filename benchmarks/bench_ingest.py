"""Ingest throughput (no embedding): N synthetic multilingual articles through the real pipeline.

Articles are word-shuffled texts built from the vocabulary of a real corpus (the SemEval dev
set beside the repo when present, else examples/), so language detection, cleaning, hashing,
MinHash and SQLite writes all do realistic work while no two articles are near-duplicates.

    .venv/bin/python benchmarks/bench_ingest.py [--n 10000] [--workers N]
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import babelwire  # noqa: E402


def vocabulary() -> dict[str, list[str]]:
    sources = [REPO.parent / "shared/data/semeval2022-dev/articles.jsonl", REPO / "examples/corpus/articles.jsonl"]
    words: dict[str, list[str]] = defaultdict(list)
    for src in sources:
        if src.exists():
            for line in src.open(encoding="utf-8"):
                d = json.loads(line)
                lang = d.get("language") or "xx"
                words[lang].extend(d["text"].split())
            break
    return {k: v for k, v in words.items() if len(v) > 500}


def make_corpus(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    vocab = vocabulary()
    langs = sorted(vocab)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            lang = langs[i % len(langs)]
            w = vocab[lang]
            start = rng.randrange(len(w) - 200)
            body = w[start:start + rng.randint(120, 200)]
            rng.shuffle(body)
            text = " ".join(body)
            paras = [text[j:j + 400] for j in range(0, len(text), 400)]
            rec = {"url": f"https://bench.example/{lang}/{i}", "title": " ".join(body[:8]),
                   "text": "\n\n".join(paras), "published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=None,
                    help="ingest_workers (default: the setting, -1 = one per core beyond the first; 0 = one process)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bench.jsonl"
        make_corpus(src, args.n)
        base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        extra = {} if args.workers is None else {"ingest_workers": args.workers}
        with babelwire.open(str(Path(tmp) / "bench.db"), config=None, **extra) as bw:
            bw.component("detector"), bw.component("cleaner")  # model loading is not ingest work
            t0 = time.perf_counter()
            report = bw.ingest([str(src)], cluster=False)
            dt = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        workers = bw.settings.ingest_workers
    # worker start-up (spawn, model loading) is inside the timed region: it is ingest cost
    result = {
        "ingest_workers": workers,
        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "articles": args.n, "ingested": report.ingested, "rejected": len(report.rejected),
        "near_duplicates": report.near_duplicates, "seconds": round(dt, 2),
        "articles_per_s": round(args.n / dt, 1), "peak_rss_mb": round(peak / 1024, 1),
        "rss_before_mb": round(base_rss / 1024, 1), "python": platform.python_version(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
