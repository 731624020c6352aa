"""Which clustering decision put two articles of different events into one story?

Re-clusters a store's articles in memory from their cached vectors (the clusterer's rule,
scorer and text filter, ``cluster_offline``), then takes every judged other-event pair that
ends in one story (``tests/data/judged-stories``, constraints as ``babelwire eval stories``)
and finds the decision that first put the two in one story:

- ``join, direct``: the later article joined the story with the other as its nearest member;
- ``join, chain``: it joined through another member (A joined via B, B via C);
- ``anchored join, ...``: the same, below the threshold through a shared figure or rare names;
- ``merge``: an article bridged the two stories (step 5, or an anchored merge);
- ``rejoin at the batch's end``: an article that opened a story joined a later one (step 8).

Engine options may be overridden to compare rules (``--option support_floor=none``). Prints
the figures per file group, the count of mixed pairs by decision, and how many mixed pairs
join events whose judged slugs carry dates more than a week apart (a publication window
splits those where dates are known; the dev texts carry none).

    python benchmarks/story_mixes.py --db COPY.db --judged tests/data/judged-stories/*.csv
    python benchmarks/story_mixes.py --db COPY.db --judged ... --option merge_cos=none
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import babelwire  # noqa: E402
from babelwire.cluster.common import NO_DAY, day_number  # noqa: E402
from babelwire.cluster.offline import cluster_offline  # noqa: E402
from babelwire.evaluate.stories import constraints, load_judged, story_metrics  # noqa: E402
from babelwire.similarity import PairScorer  # noqa: E402


def _value(text: str):
    low = text.lower()
    if low == "none":
        return None
    try:
        return int(text) if low.lstrip("-").isdigit() else float(text)
    except ValueError:
        return text


_SLUG_DATE = re.compile(r"(20\d\d)-(\d\d)(?:-(\d\d))?")
WEEK = 7


def event_days(slug: str) -> tuple[float, float] | None:
    """(first, last) day an event slug's date may mean ("...-2020-05" spans May); None without one."""
    m = _SLUG_DATE.search(slug)
    days = day_number(m.group(0)) if m else (NO_DAY, NO_DAY)
    return None if np.isnan(days[0]) else days


def recluster(db: str, options: dict, scored: list | None = None) -> tuple[list, dict[str, int], list]:
    """(articles, article id -> cluster label, the engine's decisions) from the store's vectors.

    ``scored``, when given, receives the pair scorer (every article's features already read)
    and the vectors by article id, for scoring more pairs of these articles afterwards."""
    with babelwire.open(db, progress=False) as ws:
        cl = ws.clusterer()
        store = cl.store
        arts = store.get_articles(store.stream_article_ids())
        have = store.get_embeddings([a.content_hash for a in arts], cl.model_key)
        arts = [a for a in arts if a.content_hash in have]
        vecs = np.vstack([have[a.content_hash] for a in arts]).astype(np.float32)
        scorer = PairScorer(combiner=cl.combiner, embedder=cl.embedder, embed_chars=cl.embed_chars,
                            text_filter=cl.text_filter)
        orig = np.array([not a.duplicate_of for a in arts])
        scorer.observe([a for a, o in zip(arts, orig) if o], vecs[orig])
        decisions: list = []
        options = dict(options)
        threshold = options.pop("threshold", cl.threshold)  # --option threshold=0.8 too
        labels = cluster_offline(arts, vecs, threshold=threshold, window_days=cl.window_days,
                                 pair_scorer=scorer, decisions=decisions, **{**cl.options, **options})
        if scored is not None:
            scored.extend([scorer, {a.id: v for a, v in zip(arts, vecs)}])
    for d in decisions:
        d.kind = "anchored" if d.kind == "assign" and d.score < threshold else d.kind
    return arts, {a.id: int(x) for a, x in zip(arts, labels)}, decisions


def first_link(arts: list, decisions: list) -> dict[tuple[int, int], tuple[str, int]]:
    """For every pair of positions that ends in one cluster: (how, deciding position)."""
    comp: dict[int, set[int]] = {}  # live group -> its positions
    where: dict[int, int] = {}  # position -> live group
    out: dict[tuple[int, int], tuple[str, int]] = {}

    def unite(a: int, b: int, how: str, pos: int) -> int:
        ga, gb = where[a], where[b]
        if ga == gb:
            return ga
        for x in comp[ga]:
            for y in comp[gb]:
                out[(min(x, y), max(x, y))] = (how, pos)
        comp[ga] |= comp.pop(gb)
        for y in comp[ga]:
            where[y] = ga
        return ga

    story_rep: dict[int, int] = {}  # engine story number -> a member position
    rejoins = []
    for d in decisions:
        p = d.slot
        comp[p], where[p] = {p}, p
        if d.kind == "open":
            story_rep[d.story] = p
            if d.rejoined >= 0:  # joined a later article's story at its batch's end
                rejoins.append(d)
            continue
        for other in d.merged:  # stories this article bridged, before it joins
            unite(story_rep[d.story], story_rep[other], "merge", p)
        rep = story_rep[d.story]
        group = comp[where[rep]]
        for x in group:
            how = f"{'anchored join' if d.kind == 'anchored' else 'join'}, {'direct' if x == d.nearest else 'chain'}"
            out[(min(x, p), max(x, p))] = (how, p)
        comp[where[rep]] = group | {p}
        del comp[p]
        where[p] = where[rep]
    for d in rejoins:
        unite(story_rep[d.rejoined], d.slot, "rejoin at the batch's end", d.slot)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="a clustered store (a copy: nothing is written)")
    ap.add_argument("--judged", nargs="+", required=True)
    ap.add_argument("--option", action="append", default=[], help="engine option=value (none: off)")
    args = ap.parse_args()
    options = {k: _value(v) for k, v in (o.split("=", 1) for o in args.option)}
    arts, label, decisions = recluster(args.db, options)
    pos = {a.id: k for k, a in enumerate(arts)}
    orig = {a.id: (a.duplicate_of if a.duplicate_of in pos else a.id) for a in arts}
    links = first_link(arts, decisions)
    groups = {"reader-e": [f for f in args.judged if "reader-e" in f]}
    groups["first five"] = [f for f in args.judged if "reader-e" not in f]
    groups["all"] = list(args.judged)
    for name, files in groups.items():
        if not files:
            continue
        rows = load_judged(*files)
        m = story_metrics(label, rows)
        print(f"{name}: apart {m['apart']:.3f} (n={m['apart_pairs']})  together {m['together']:.3f} "
              f"(n={m['together_pairs']})  B-cubed {m.get('bcubed_f1', float('nan')):.3f}")
        _, apart = constraints(rows)
        event = {r["article"]: r["event"] for r in rows if r.get("event")}
        why: Counter[str] = Counter()
        dated = weeks = 0
        for a, b in apart:
            if a not in label or b not in label or label[a] != label[b]:
                continue
            da, db = event_days(event.get(a, "")), event_days(event.get(b, ""))
            if da and db:
                dated += 1
                weeks += max(da[0], db[0]) - min(da[1], db[1]) > WEEK
            x, y = pos[orig[a]], pos[orig[b]]
            if x == y:
                why["copies of one article"] += 1
                continue
            why[links[(min(x, y), max(x, y))][0]] += 1
        for how, n in why.most_common():
            print(f"  {n:5d}  {how}")
        print(f"  mixed pairs of dated events: {dated}, of which more than {WEEK} days apart: {weeks}")
    per_story: dict[int, int] = defaultdict(int)
    for lab in label.values():
        per_story[lab] += 1
    print(f"{len(label)} articles, {len(per_story)} stories")


if __name__ == "__main__":
    main()
