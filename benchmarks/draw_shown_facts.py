"""Draw a sample of the facts briefs show, for judging by reading (tests/data/briefs-dev/README.md).

    .venv/bin/python benchmarks/draw_shown_facts.py STORE OUT.jsonl [--seed 20261209]
        [--min-languages 1] [--min-articles 2] [--want N] [--size 100] [--unjudged-rows]

STORE holds the dev set (`babelwire ingest ../shared/data/semeval2022-dev/articles.jsonl --db
STORE`). Stories of --min-articles or more articles (1 lets one-article stories in once the
multi-article pool is spent) in at least --min-languages languages that share no article
with the labelled set (stories.json) nor with an earlier judged sample
(shown-facts-judged*.jsonl) are briefed afresh, largest first, until --want facts are shown;
--size of them are drawn with random.Random(--seed). OUT.jsonl gets one line per fact, and
OUT-blind.jsonl the same without what the brief showed, for reading first.

--unjudged-rows, once whole stories are spent: every story sharing no article with the labelled
set may be drawn from, and only the rows an earlier sample judged (same article, sentence and
figure) are left out, so a sample holds shown facts no reader has seen.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import babelwire  # noqa: E402

LABELS = REPO / "tests" / "data" / "briefs-dev"
BLIND = ("n", "story", "article", "language", "raw", "sentence")


def used_before(rows_only: bool) -> tuple[set[str], set[str], set[tuple[str, str, str]]]:
    """Articles and stories no new sample may touch, and the judged rows."""
    articles: set[str] = set()
    for story in json.loads((LABELS / "stories.json").read_text(encoding="utf-8")):
        articles |= set(story["articles"])  # a map of article id -> language
    stories: set[str] = set()
    judged: set[tuple[str, str, str]] = set()
    for path in sorted(LABELS.glob("shown-facts-judged*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            judged.add((row["article"], row["sentence"], row["raw"]))
            if not rows_only:
                articles.add(row["article"])
                stories.add(row["story"])
    return articles, stories, judged


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=20261209)
    ap.add_argument("--min-languages", type=int, default=1)
    ap.add_argument("--min-articles", type=int, default=2)
    ap.add_argument("--want", type=int, default=10**9, help="stop briefing once this many facts are shown")
    ap.add_argument("--size", type=int, default=100)
    ap.add_argument("--unjudged-rows", action="store_true", help="leave out judged rows, not their stories")
    args = ap.parse_args()
    articles, stories, judged = used_before(args.unjudged_rows)
    facts = []
    with babelwire.open(args.store) as bw:
        rows = [r for r in bw.stories(limit=None)
                if r["article_count"] >= args.min_articles and len(r["languages"]) >= args.min_languages
                and r["id"] not in stories and not set(r["article_ids"]) & articles]
        rows.sort(key=lambda r: (-r["article_count"], r["id"]))
        for r in rows:
            for _key, shown in bw.brief(r["id"], refresh=True).shown_facts():
                facts += [(r["id"], f) for f in shown
                          if (f.article_id, f.evidence.sentence, f.raw) not in judged]
            if len(facts) >= args.want:
                break
    print(f"{len(rows)} stories, {len({s for s, _ in facts})} with shown facts, {len(facts)} shown facts",
          file=sys.stderr)
    sample = random.Random(args.seed).sample(facts, min(args.size, len(facts)))
    out = Path(args.out)
    with out.open("w", encoding="utf-8") as full, out.with_name(out.stem + "-blind.jsonl").open(
            "w", encoding="utf-8") as blind:
        for n, (sid, f) in enumerate(sample):
            row = {"n": n, "story": sid, "article": f.article_id, "language": f.evidence.language, "raw": f.raw,
                   "shown": f.display, "value": f.value, "unit": f.unit, "key": f.key,
                   "confidence": f.confidence, "sentence": f.evidence.sentence}
            full.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            blind.write(json.dumps({k: row[k] for k in BLIND}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
