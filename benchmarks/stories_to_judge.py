"""Which multi-language stories of a run need reading before its event figures can be trusted?

A judged file only sees the mixes of the run it came from (tests/data/judged-stories/README.md),
so after a clustering change every multi-language story (``--min-articles`` or more articles in
two or more languages) is checked: an article no file has judged, or two judged articles that
no single file judged together (``eval stories`` scores a pair only within one file), leave the
story's pairs unmeasured. Prints those stories, largest first, for the next reading round.

    python benchmarks/stories_to_judge.py --db COPY.db [--min-articles 3]
"""
from __future__ import annotations

import argparse
import csv
import itertools
import sqlite3
from collections import defaultdict
from pathlib import Path

JUDGED = Path(__file__).resolve().parents[1] / "tests" / "data" / "judged-stories"


def judged_files() -> dict[str, set[str]]:
    """Article id -> the judged files that give it an event."""
    files: dict[str, set[str]] = defaultdict(set)
    for path in sorted(JUDGED.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("event"):
                    files[row["article_id"]].add(path.name)
    return files


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True, help="a clustered SQLite store (a copy)")
    ap.add_argument("--min-articles", type=int, default=3)
    args = ap.parse_args()
    files = judged_files()
    members: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with sqlite3.connect(args.db) as db:
        for aid, sid, lang in db.execute("SELECT id, story_id, language FROM articles WHERE story_id IS NOT NULL"):
            members[sid].append((aid, lang))
    multi = {s: m for s, m in members.items() if len(m) >= args.min_articles and len({lang for _, lang in m}) >= 2}
    todo = []
    for sid, m in multi.items():
        new = [a for a, _ in m if a not in files]
        apart = sum(1 for (a, _), (b, _) in itertools.combinations(m, 2)
                    if a in files and b in files and not files[a] & files[b])
        if new or apart:
            todo.append((len(m), sid, len(new), apart))
    print(f"{len(multi)} multi-language stories; {len(todo)} hold an article or a pair no file judged")
    for size, sid, new, apart in sorted(todo, reverse=True):
        print(f"{sid}  {size} articles  {new} never judged  {apart} pairs never judged together")


if __name__ == "__main__":
    main()
