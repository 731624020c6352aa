"""Would repairing stories after clustering keep events apart? Three what-ifs on one run.

Re-clusters a store's articles in memory from their cached vectors (``story_mixes.recluster``:
the clusterer's rule, scorer and options), then scores every pair of members of each story of
``--min-size`` or more (originals only, at most ``--cap`` members) with the same pair scorer
and tries three repairs a post-batch pass could make, each at several thresholds:

- ``split``: the story's best two-way split (average linkage on the pair scores) is made when
  the mean score between the two sides is below ``b`` and below ``ratio`` x the mean within
  the weaker side: the smaller side becomes a story of its own;
- ``evict``: a member whose mean score with the rest of its story is below ``b`` leaves it;
- ``remerge``: two stories of ``--min-size`` or more whose mean member vectors reach cosine
  ``c`` become one (the converse: can a story-level merge bring one event's parts together?).

Each line gives the judged figures (``babelwire eval stories``: other-event pairs kept apart,
same-event pairs together, B-cubed) and the rated pairs (``--pairs``) beside the run as
clustered. ``--show`` prints each judged story's proposed split with the events on each side.

Average linkage is written out here (a dozen lines over at most ``--cap`` members): no
clustering library is among the project's dependencies.

    python benchmarks/story_coherence.py --db COPY.db --judged tests/data/judged-stories/*.csv \\
        --pairs ../shared/data/semeval2022-dev/pairs.csv
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from story_mixes import _value, recluster  # noqa: E402

from babelwire.evaluate.cluster_metrics import load_pairs, pair_metrics  # noqa: E402
from babelwire.evaluate.stories import load_judged, story_metrics  # noqa: E402


def two_sides(scores: np.ndarray) -> tuple[list[int], list[int]]:
    """Average linkage until two groups are left: (smaller, larger)."""
    groups = [[i] for i in range(len(scores))]
    while len(groups) > 2:
        best, pair = -np.inf, (0, 1)
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                v = float(scores[np.ix_(groups[a], groups[b])].mean())
                if v > best:
                    best, pair = v, (a, b)
        a, b = pair
        groups[a] += groups.pop(b)
    small, large = sorted(groups, key=len)
    return small, large


def within(scores: np.ndarray, side: list[int]) -> float:
    if len(side) < 2:
        return 1.0
    m = scores[np.ix_(side, side)]
    return float((m.sum() - np.trace(m)) / (len(side) * (len(side) - 1)))


def story_matrices(arts: list, label: dict[str, int], scorer, vecs: dict, min_size: int, cap: int) -> dict:
    """Story label -> (member ids, pair-score matrix) for stories of ``min_size``+ originals."""
    by_id = {a.id: a for a in arts}
    members: dict[int, list[str]] = defaultdict(list)
    for a in arts:
        if not a.duplicate_of or a.duplicate_of not in by_id:
            members[label[a.id]].append(a.id)
    out = {}
    for lab, ids in members.items():
        if len(ids) < min_size:
            continue
        ids = ids[:cap]
        n = len(ids)
        pairs = [(by_id[ids[i]], by_id[ids[j]]) for i in range(n) for j in range(i + 1, n)]
        got = iter(p.score for p in scorer.score_pairs(pairs, vecs))
        s = np.eye(n)
        for i in range(n):
            for j in range(i + 1, n):
                s[i, j] = s[j, i] = next(got)
        out[lab] = (ids, s)
    return out


def find(root: dict[int, int], x: int) -> int:
    while root[x] != x:
        x = root[x]
    return x


def events_of(side: list[int], ids: list[str], event: dict[str, str]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for i in side:
        counts[event.get(ids[i], "?")[:32]] += 1
    return ", ".join(f"{e} x{c}" for e, c in sorted(counts.items(), key=lambda kv: -kv[1]))


def relabel(label: dict[str, int], arts: list, moves: dict[str, int]) -> dict[str, int]:
    """``label`` with ``moves`` applied; copies follow their original."""
    out = {**label, **moves}
    for a in arts:
        if a.duplicate_of in moves:
            out[a.id] = moves[a.duplicate_of]
    return out


def figures(label: dict[str, int], rows: list, pairs: list) -> str:
    m = story_metrics(label, rows)
    line = f"apart {m['apart']:.3f}  together {m['together']:.3f}  B-cubed {m.get('bcubed_f1', float('nan')):.3f}"
    if pairs:
        p = pair_metrics(label, pairs)
        line += f"  rated F1 {p['f1']:.3f} apart {p['apart']:.3f}"
    return line


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="a clustered store (a copy: nothing is written)")
    ap.add_argument("--judged", nargs="+", required=True)
    ap.add_argument("--pairs", help="rated pairs (pairs.csv) for the pair figures")
    ap.add_argument("--option", action="append", default=[], help="engine option=value (none: off)")
    ap.add_argument("--min-size", type=int, default=3)
    ap.add_argument("--cap", type=int, default=64, help="members read per story")
    ap.add_argument("--show", action="store_true", help="print each judged story's proposed split")
    args = ap.parse_args()
    options = {k: _value(v) for k, v in (o.split("=", 1) for o in args.option)}
    scored: list = []
    arts, label, _ = recluster(args.db, options, scored)
    scorer, vecs = scored
    rows = load_judged(*args.judged)
    pairs = load_pairs(args.pairs) if args.pairs else []
    mats = story_matrices(arts, label, scorer, vecs, args.min_size, args.cap)
    fresh = max(label.values(), default=0) + 1
    print(f"as clustered: {figures(label, rows, pairs)}  ({len(mats)} stories of {args.min_size}+)")

    sides = {lab: two_sides(s) for lab, (_, s) in mats.items()}
    for b in (0.2, 0.3, 0.4, 0.5):
        for ratio in (0.7, 1.0):
            moves = {}
            for lab, (ids, s) in mats.items():
                small, large = sides[lab]
                between = float(s[np.ix_(small, large)].mean())
                if between < b and between < ratio * min(within(s, small), within(s, large)):
                    moves.update({ids[i]: fresh + lab for i in small})
            n = len({moves[i] for i in moves})
            print(f"split  b<{b} ratio {ratio}: {n:3d} splits  {figures(relabel(label, arts, moves), rows, pairs)}")
    for b in (0.1, 0.2, 0.3, 0.4):
        moves = {}
        for ids, s in mats.values():
            m = s.copy()
            np.fill_diagonal(m, np.nan)
            for i in np.flatnonzero(np.nanmean(m, axis=1) < b):
                moves[ids[i]] = -1 - len(moves)  # a story of its own
        print(f"evict  b<{b}: {len(moves):3d} members  {figures(relabel(label, arts, moves), rows, pairs)}")
    labs = list(mats)
    if labs:
        cent = np.vstack([np.mean([vecs[i] / np.linalg.norm(vecs[i]) for i in mats[x][0]], axis=0) for x in labs])
        cent /= np.linalg.norm(cent, axis=1, keepdims=True)
        cos = cent @ cent.T
        for c in (0.95, 0.94, 0.93, 0.92):
            root = {x: x for x in labs}
            for i, j in zip(*np.nonzero(np.triu(cos, 1) >= c)):
                root[find(root, labs[j])] = find(root, labs[i])
            merged = {a: find(root, x) if x in root else x for a, x in label.items()}
            n = sum(1 for x in labs if find(root, x) != x)
            print(f"remerge cos>={c}: {n:3d} merges  {figures(merged, rows, pairs)}")

    if args.show:
        event = {r["article"]: r.get("event") or r["label"] for r in rows}
        for lab, (ids, s) in sorted(mats.items(), key=lambda kv: -len(kv[1][0])):
            if not any(i in event for i in ids):
                continue
            small, large = sides[lab]
            between = float(s[np.ix_(small, large)].mean())
            print(f"story of {len(ids)}: between {between:.2f}, within {within(s, small):.2f} / "
                  f"{within(s, large):.2f}\n  split off: {events_of(small, ids, event)}\n"
                  f"  kept: {events_of(large, ids, event)}")


if __name__ == "__main__":
    main()
