"""Breaking-news replay (`benchmarks/breaking_replay.py`): how often breaking alerts fire, on
which stories, how soon.

The SemEval-2022 dev articles carry no dates; ``alert_replay.dev_stream`` gives each story of
a reference clustering a random start in a 14-day window and its articles exponential gaps
from it (mean 8 h). The times are synthetic, so no alert here is right or wrong about real
news: the replay measures the rate of alerts per day and per sensitivity, the share raised on
stories that end large (at least ``LARGE_SOURCES`` independent sources in ``LARGE_LANGUAGES``
languages) against small ones, the share of large stories alerted, and the delay from a
story's first article. Beside it, the baseline a newsroom would write first: alert when a
story reaches K independent sources, at whatever pace (computed on the same run's final
stories, decided at the end of the cycle that brought the K-th source, as an alert would be).

Three watchlists added with ``breaking`` (one per sensitivity, no query) see the stream one
watch cycle at a time with the Workspace's clock at the cycle's end, as a live `watch` would.

``novelty_calibration``: what the first-story bounds rest on, from real labels: the centred
cosine of the SemEval dev pairs by their "overall" label (a follow-up of an event should come
above the bound) and the nearest of 500 random articles of other stories (a new story should
stay below it).
"""
from __future__ import annotations

import csv
import math
import random
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

import numpy as np

from ..alerts.breaking import parse_time
from ..alerts.match import SENSITIVITIES
from ..api import open as open_workspace
from ..outlets import outlet_of
from ..similarity.centroids import LanguageCentroids
from ..store import open_store
from .alert_replay import copy_vectors, cycles, dev_stream, iso, jsonl

PERCENTILES = (5, 10, 20, 50, 80, 90, 95)

LARGE_SOURCES = 4
LARGE_LANGUAGES = 2


def _hours(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 3600


def summarise(alerted: dict[str, float], stories: dict[str, dict], days: float) -> dict[str, Any]:
    """Counts, shares and delays of one set of alerts; ``alerted``: story -> delay in hours
    from its first article."""
    large = {s for s, v in stories.items() if v["large"]}
    on_large = sum(1 for s in alerted if s in large)
    delays = sorted(alerted.values())
    return {
        "alerts": len(alerted), "per_day": round(len(alerted) / days, 2),
        "on_large": on_large, "on_small": len(alerted) - on_large,
        "share_on_large": round(on_large / len(alerted), 3) if alerted else None,
        "large_alerted": round(on_large / len(large), 3) if large else None,
        "delay_h_median": round(statistics.median(delays), 2) if delays else None,
        "delay_h_p90": round(delays[math.ceil(0.9 * len(delays)) - 1], 2) if delays else None,
    }


def replay_breaking(dev_dir: str | Path, *, vectors_from: str | None, seed: int = 0, limit: int | None = None,
                    batch_minutes: float = 60.0, gap_hours: float = 8.0, keep: str | None = None,
                    progress: Callable[[str], None] | None = None, **settings: Any) -> dict[str, Any]:
    """Replay the dev stream with breaking-only watchlists; ``settings`` override the store's."""
    say = progress or (lambda m: None)
    records = dev_stream(Path(dev_dir), [], vectors_from, seed, limit, gap_hours)
    times = {r["id"]: r["_t"] for r in records}
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="bw-breaking-"))
    work.mkdir(parents=True, exist_ok=True)
    ws = open_workspace(str(work / "breaking.db"), alert_deliver=False, progress=False, **settings)
    try:
        for s in SENSITIVITIES:
            ws.add_watchlist(f"breaking-{s}", breaking=True, sensitivity=s)
        copy_vectors(ws, vectors_from)
        batches = cycles(records, batch_minutes)
        say(f"{len(records)} articles in {len(batches)} cycles of {batch_minutes:g} min")
        t0 = time.perf_counter()
        ends = {r["id"]: max(x["_t"] for x in b) for b in batches for r in b}  # the cycle that brings it
        for i, b in enumerate(batches):
            clock = max(r["_t"] for r in b)
            ws.clock = lambda c=clock: c
            ws.ingest_bytes(jsonl(b), name=f"cycle-{i}.jsonl", kind="jsonl")
            if i % 50 == 0:
                say(f"cycle {i}/{len(batches)} ({time.perf_counter() - t0:.0f} s)")
        seconds = time.perf_counter() - t0
        stories: dict[str, dict] = {}
        members: dict[str, list] = defaultdict(list)
        for a in ws.store.iter_articles():
            if a.story_id:
                members[ws.store.resolve_story_id(a.story_id) or a.story_id].append(a)
        for sid, arts in members.items():
            indep = [a for a in arts if not a.duplicate_of]
            # each outlet counted at the time of its first report (unknown outlets: one each)
            first_of: dict[str, datetime] = {}
            for a in sorted(indep, key=lambda a: times.get(a.id) or clock):
                first_of.setdefault(outlet_of(a) or f"#{a.id}", ends.get(a.id) or clock)
            langs = {a.language for a in indep}
            stories[sid] = {"first": min((times[a.id] for a in arts if a.id in times), default=clock),
                            "sources": len(first_of), "languages": len(langs),
                            "arrivals": sorted(first_of.values()),
                            "large": len(first_of) >= LARGE_SOURCES and len(langs) >= LARGE_LANGUAGES}
        alerts = ws.store.alerts().recent_alerts(kind="breaking", limit=1_000_000)
        resolve = {x.story_id: ws.store.resolve_story_id(x.story_id) or x.story_id for x in alerts}
        ks = {s: int(ws.settings[f"breaking_sources_{s}"]) for s in SENSITIVITIES}
        model_key = ws.clusterer().model_key
    finally:
        ws.close()
    days = max(1.0, _hours(min(times.values()), max(times.values())) / 24) if times else 1.0
    out: dict[str, Any] = {"model_key": model_key, "articles": len(records), "cycles": len(batches), "seconds": round(seconds, 1),
                           "days": round(days, 2), "stories": len(stories),
                           "large_stories": sum(1 for v in stories.values() if v["large"]),
                           "sensitivities": {}, "baseline": {},
                           "times": f"synthetic: stories start at random, articles follow at exponential gaps of mean {gap_hours:g} h"}
    for s in SENSITIVITIES:
        got: dict[str, float] = {}
        tests: dict[str, int] = defaultdict(int)
        per_day: dict[str, int] = defaultdict(int)
        for al in alerts:
            if al.watchlist != f"breaking-{s}":
                continue
            sid = resolve[al.story_id]
            decided = parse_time(al.decided_at)
            if sid not in stories or decided is None:
                continue
            got[sid] = min(got.get(sid, 1e9), max(0.0, _hours(stories[sid]["first"], decided)))
            tests["+".join(al.data.get("reason", {}).get("raised_by") or []) or "none"] += 1
            per_day[al.decided_at[:10]] += 1
        out["sensitivities"][s] = {**summarise(got, stories, days), "tests": dict(tests),
                                   "most_in_a_day": max(per_day.values(), default=0)}
        k = ks[s]
        base = {sid: _hours(v["first"], v["arrivals"][k - 1]) for sid, v in stories.items() if v["sources"] >= k}
        out["baseline"][s] = {"rule": f"a story reaches {k} independent sources", **summarise(base, stories, days)}
    out["clock"] = [iso(min(times.values())), iso(max(times.values()))] if times else []
    return out


def format_breaking_report(rep: dict[str, Any]) -> str:
    lines = [f"breaking replay: {rep['articles']} articles, {rep['cycles']} cycles, {rep['days']} days "
             f"(times {rep['times']}), {rep['stories']} stories, {rep['large_stories']} end large "
             f"(>= {LARGE_SOURCES} independent sources in >= {LARGE_LANGUAGES} languages); {rep['seconds']} s",
             "| sensitivity | alerts | per day | most in a day | on large / small | share on large | large alerted "
             "| delay h median / p90 | tests |", "|---|---|---|---|---|---|---|---|---|"]
    for s, v in rep["sensitivities"].items():
        b = rep["baseline"][s]
        lines.append(f"| {s} | {v['alerts']} | {v['per_day']} | {v['most_in_a_day']} | {v['on_large']} / {v['on_small']} "
                     f"| {v['share_on_large']} | {v['large_alerted']} | {v['delay_h_median']} / {v['delay_h_p90']} "
                     f"| {', '.join(f'{k} {n}' for k, n in sorted(v['tests'].items()))} |")
        lines.append(f"| baseline: {b['rule']} | {b['alerts']} | {b['per_day']} | | {b['on_large']} / {b['on_small']} "
                     f"| {b['share_on_large']} | {b['large_alerted']} | {b['delay_h_median']} / {b['delay_h_p90']} | |")
    return "\n".join(lines)


def novelty_calibration(dev_dir: str | Path, store_path: str, model_key: str, *, seed: int = 0, pool: int = 500,
                        draws: int = 300) -> dict[str, Any]:
    """Centred cosines of the dev pairs by label and of articles' nearest other-story article
    (``store_path``: a store with the dev set ingested and ``model_key``'s vectors cached; read only)."""
    store = open_store(store_path, readonly=True)
    try:
        centroids = LanguageCentroids(model_key)
        arts = {a.id: a for a in store.iter_articles()}
        have = store.get_embeddings([a.content_hash for a in arts.values()], model_key)
        vecs = {i: centroids.center(np.asarray(have[a.content_hash], dtype=np.float32), a.language)[0]
                for i, a in arts.items() if have.get(a.content_hash) is not None}
    finally:
        store.close()
    by: dict[str, list[float]] = defaultdict(list)
    with (Path(dev_dir) / "pairs.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["id1"] in vecs and r["id2"] in vecs:
                o = float(r["overall"])
                label = "same event (overall <= 1.5)" if o <= 1.5 else "related (<= 2.5)" if o <= 2.5 else "other (> 2.5)"
                by[label].append(float(vecs[r["id1"]] @ vecs[r["id2"]]))
    ids = sorted(vecs)
    rng = random.Random(seed)
    matrix = np.vstack([vecs[i] for i in ids])
    nearest = []
    for _ in range(draws):
        i = rng.randrange(len(ids))
        others = [j for j in rng.sample(range(len(ids)), min(pool, len(ids)))
                  if arts[ids[j]].story_id != arts[ids[i]].story_id]
        nearest.append(float(np.max(matrix[others] @ matrix[i])))
    out = {k: {"pairs": len(v), "percentiles": dict(zip(PERCENTILES, np.round(np.percentile(v, PERCENTILES), 3).tolist()))}
           for k, v in sorted(by.items())}
    out[f"nearest of {pool} articles of other stories"] = {
        "draws": draws, "percentiles": dict(zip(PERCENTILES, np.round(np.percentile(nearest, PERCENTILES), 3).tolist()))}
    return out


def format_novelty(cal: dict[str, Any]) -> str:
    lines = ["centred cosine (first-story novelty) | n | " + " | ".join(f"p{p}" for p in PERCENTILES),
             "|---|---|" + "---|" * len(PERCENTILES)]
    for k, v in cal.items():
        lines.append(f"| {k} | {v.get('pairs', v.get('draws'))} | " + " | ".join(str(x) for x in v["percentiles"].values()) + " |")
    return "\n".join(lines)
