"""Re-read judged shown facts through the current code (tests/data/briefs-dev/README.md).

    .venv/bin/python benchmarks/reread_shown_facts.py STORE shown-facts-judged-5.jsonl [...] [-v]

STORE is the store the samples were drawn from (a copy of it: briefs are rebuilt and cached).
Each judged row's story is briefed afresh; the row's fact is found again by article, figure as
written and sentence. Per file it counts, for the facts judged right and for the others, how
many are shown as before, shown differently, or no longer shown, and prints every row whose
display changed (-v: every row), so a reader can tell a fixed error from a broken right fact.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import babelwire  # noqa: E402


def find(facts: list, row: dict) -> object | None:
    """The fact of the judged row among ``facts``: same article and sentence, and the figure as
    written, or one that begins like it (a reading may now take in more: "1,730" -> "1,730 dolarlık")."""
    raw = row["raw"]
    here = [f for f in facts if f.article_id == row["article"] and (
        f.evidence.sentence == row["sentence"] or row["sentence"] in f.evidence.sentence
        or f.evidence.sentence in row["sentence"])]
    pick = [f for f in here if f.raw == raw] or [f for f in here if f.raw.startswith(raw) or raw.startswith(f.raw)]
    return next((f for f in pick if f.display == row["shown"]), pick[0] if pick else None)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store")
    ap.add_argument("samples", nargs="+")
    ap.add_argument("-v", action="store_true", help="print every row, not only the changed ones")
    args = ap.parse_args()
    with babelwire.open(args.store) as bw:
        for path in args.samples:
            rows = [json.loads(x) for x in Path(path).read_text(encoding="utf-8").splitlines() if x.strip()]
            shown: dict[str, list] = {}
            for sid in sorted({r["story"] for r in rows}):
                try:
                    shown[sid] = [f for _k, fs in bw.brief(sid, refresh=True).shown_facts() for f in fs]
                except babelwire.BabelwireError:  # a sample drawn from another store: its story is not here
                    continue
            tally: Counter = Counter()
            for r in rows:
                if r["story"] not in shown:
                    tally["story not in the store"] += 1
                    continue
                f = find(shown[r["story"]], r)
                now = f.display if f is not None else None
                state = "same" if now == r["shown"] else "gone" if now is None else "changed"
                good = "right" if r["verdict"] == "right" else "error"
                tally[good, state] += 1
                if args.v or state != "same":
                    print(f"{Path(path).name} n={r['n']} [{r['verdict']}/{state}] {r['language']} "
                          f"{r['shown']!r} -> {now!r} | {r['sentence'][:140]}")
            print(f"== {Path(path).name}: " + ", ".join(
                f"{g} {s} {tally[g, s]}" for g in ("right", "error") for s in ("same", "changed", "gone"))
                + (f", story not in the store {tally['story not in the store']}" if tally["story not in the store"] else ""))


if __name__ == "__main__":
    main()
