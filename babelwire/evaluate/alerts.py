"""Replay evaluation of watchlist alerts (`babelwire eval alerts`, benchmarks/alerts_replay.py):
the streams (``alert_replay.py``: dev articles given realistic times, the bundled examples)
are fed through ingest in time order with alerts decided online; this module scores the runs.

Labels: tests/data/alerts/watchlists.json (how they were made: its README). A final story is
*should-alert* for a watchlist when most of its members are labelled relevant; an alert is
correct when its (merge-resolved) story is should-alert; stories made mostly of borderline
articles count neither way. Reported per watchlist, per story language and per article
language: precision, recall, the normalised TDT detection cost (C_miss 1, C_fa 0.1,
P_target 0.02) and its DET points over a threshold sweep and the three sensitivities,
detection delay (stream time from the story's first relevant article to the batch that
decided the alert), alerts per day, and the share of alerts decided in the batch that brought
their triggering article. Thresholds are also chosen leaving each watchlist out (the others
calibrate it), so the figure for a watchlist never saw its own labels. ``separable`` counts the
should-alert stories that outscore every other story of their watchlist: the recall ceiling of
any per-watchlist calibration of the score.
"""
from __future__ import annotations

import shutil
import tempfile
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..settings import load_settings
from .alert_replay import dev_stream, examples_stream, load_labels, load_translations, replay, with_also

SENS = ("strict", "balanced", "eager")
P_TARGET, C_MISS, C_FA = 0.02, 1.0, 0.1
SWEEP = [round(x, 3) for x in np.arange(0.20, 0.701, 0.01)]


# -- scoring -------------------------------------------------------------------------------
def story_truth(run: dict, w: dict) -> tuple[set[str], set[str]]:
    """(should-alert stories, don't-care stories) of the final clustering."""
    key = ("truth", w["name"])
    if key not in run.setdefault("_memo", {}):  # the threshold sweeps ask thousands of times
        run["_memo"][key] = _story_truth(run, w)
    return run["_memo"][key]


def _story_truth(run: dict, w: dict) -> tuple[set[str], set[str]]:
    rel, border = set(w["relevant"]), set(w["borderline"])
    target, skip = set(), set()
    for sid, ids in run["members"].items():
        if not ids:
            continue
        if sum(i in rel for i in ids) * 2 >= len(ids) and any(i in rel for i in ids):
            target.add(sid)
        elif sum(i in border for i in ids) * 2 >= len(ids):
            skip.add(sid)
    return target, skip


def story_language(run: dict, sid: str) -> str:
    c = Counter(run["languages"].get(i) or "und" for i in run["members"][sid])
    return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def max_scores(run: dict, name: str) -> dict[str, float]:
    """Per final story, the best score it reached with every filter passed."""
    key = ("scores", name)
    if key not in run.setdefault("_memo", {}):
        run["_memo"][key] = _max_scores(run, name)
    return run["_memo"][key]


def _max_scores(run: dict, name: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for o in run["seen"]:
        if o["w"] == name and o["filters"]:
            sid = run["resolve"].get(o["story"]) or o["story"]
            out[sid] = max(out.get(sid, -1.0), o["score"])
    return out


def cost(p_miss: float, p_fa: float) -> float:
    return (C_MISS * p_miss * P_TARGET + C_FA * p_fa * (1 - P_TARGET)) / min(C_MISS * P_TARGET, C_FA * (1 - P_TARGET))


def counts_at(run: dict, w: dict, threshold: float) -> dict:
    target, skip = story_truth(run, w)
    alerted = {sid for sid, s in max_scores(run, w["name"]).items() if s >= threshold and sid in run["members"]}
    tp = len(alerted & target)
    fa = len(alerted - target - skip)
    nontarget = len(set(run["members"]) - target - skip)
    return {"tp": tp, "fa": fa, "targets": len(target), "nontargets": nontarget, "alerted": alerted, "target": target}


def summarise(c: dict) -> dict:
    p = c["tp"] / (c["tp"] + c["fa"]) if c["tp"] + c["fa"] else None
    r = c["tp"] / c["targets"] if c["targets"] else None
    p_miss = 1 - r if r is not None else 0.0
    p_fa = c["fa"] / c["nontargets"] if c["nontargets"] else 0.0
    return {"precision": _r(p), "recall": _r(r), "alerts": c["tp"] + c["fa"], "false_alerts": c["fa"],
            "targets": c["targets"], "p_miss": _r(p_miss), "p_fa": _r(p_fa, 5), "cost": _r(cost(p_miss, p_fa))}


def _r(x, n: int = 3):
    return None if x is None else round(float(x), n)


def pooled(runs_w: list[tuple[dict, dict]], threshold: float) -> dict:
    tot = {"tp": 0, "fa": 0, "targets": 0, "nontargets": 0}
    for run, w in runs_w:
        c = counts_at(run, w, threshold)
        for k in tot:
            tot[k] += c[k]
    return summarise(tot)


def pick(runs_w: list[tuple[dict, dict]], floor: float) -> float:
    """The lowest threshold whose pooled precision, and that of every higher one, is >= floor;
    then the highest with the same recall (a threshold between false alerts and the next correct
    one buys nothing by being low)."""
    best = SWEEP[-1]
    for t in reversed(SWEEP):
        p = pooled(runs_w, t)["precision"]
        if p is not None and p < floor:
            break
        best = t
    recall = pooled(runs_w, best)["recall"]
    for t in SWEEP[SWEEP.index(best) + 1:]:
        if pooled(runs_w, t)["recall"] != recall:
            break
        best = t
    return best


def separable(runs_w: list[tuple[dict, dict]]) -> dict:
    """Should-alert stories whose best score beats every other story of their watchlist (all
    filters passed): the recall a threshold chosen per watchlist by an oracle would reach at
    precision 1. Below the recall target, no calibration of this score (per query, per
    language, relative to the best match) can meet it; only a better score can."""
    above = above_second = targets = 0
    for run, w in runs_w:
        target, skip = story_truth(run, w)
        scores = max_scores(run, w["name"])
        others = sorted((s for sid, s in scores.items() if sid not in target and sid not in skip
                         and sid in run["members"]), reverse=True) + [-2.0, -2.0]
        targets += len(target)
        above += sum(scores.get(sid, -2.0) > others[0] for sid in target)
        above_second += sum(scores.get(sid, -2.0) > others[1] for sid in target)
    return {"targets": targets, "above_every_other": above, "above_all_but_one": above_second,
            "recall_ceiling": _r(above / targets) if targets else None}


def delays_and_batches(run: dict, w: dict, threshold: float) -> tuple[list[float], int, int]:
    """Detection delays (hours) of correct alerts at this threshold, and how many alerts were
    decided in the batch of their triggering article (of all decided)."""
    target, _ = story_truth(run, w)
    rel = set(w["relevant"])
    first_pass: dict[str, int] = {}
    for o in run["seen"]:
        if o["w"] == w["name"] and o["filters"] and o["score"] >= threshold:
            sid = run["resolve"].get(o["story"]) or o["story"]
            first_pass.setdefault(sid, o["batch"])
    delays = []
    for sid, b in first_pass.items():
        if sid in target:
            t_first = min(run["time"][i] for i in run["members"][sid] if i in rel)
            dt = datetime.fromisoformat(run["clock"][b].replace("Z", "+00:00")) - \
                datetime.fromisoformat(t_first.replace("Z", "+00:00"))
            delays.append(max(0.0, dt.total_seconds() / 3600))
    same = decided = 0
    for o in run["seen"]:
        if o["w"] == w["name"] and o["alert"] and o["alert"][1] == 1 and o["trigger"]:
            decided += 1
            same += all(run["batch_of"].get(i) == o["batch"] for i in o["trigger"])
    return delays, same, decided


MISS_CLASSES = ("filtered", "below the threshold only", "outranked")


def miss_reasons(run: dict, w: dict, threshold: float) -> dict[str, str]:
    """Why each missed should-alert story missed: ``filtered: <filter>`` (it never passed the
    watchlist's filters), ``below the threshold only`` (it outscores every other story of its
    watchlist: a threshold for this watchlist alone would catch it) or ``outranked by N`` (N
    stories that should not alert score as high: only a better score catches it)."""
    c = counts_at(run, w, threshold)
    _, skip = story_truth(run, w)
    scores = max_scores(run, w["name"])
    others = [s for sid, s in scores.items() if sid not in c["target"] and sid not in skip and sid in run["members"]]
    out = {}
    for sid in c["target"] - c["alerted"]:
        if sid not in scores:
            why = sorted({o.get("why_not") or "?" for o in run["seen"] if o["w"] == w["name"]
                          and (run["resolve"].get(o["story"]) or o["story"]) == sid and not o["filters"]})
            out[sid] = f"filtered: {', '.join(why) or 'never scored'}"
        else:
            n = sum(s >= scores[sid] for s in others)
            out[sid] = f"outranked by {n}" if n else "below the threshold only"
    return out


def _stories(run: dict, w: dict, threshold: float, *, missed: bool) -> list[str]:
    """Missed should-alert stories, or falsely alerted ones: "score size language headline"."""
    c = counts_at(run, w, threshold)
    _, skip = story_truth(run, w)
    scores = max_scores(run, w["name"])
    sids = c["target"] - c["alerted"] if missed else c["alerted"] - c["target"] - skip
    why = miss_reasons(run, w, threshold) if missed else {}
    return [f"{scores.get(sid, -1):.3f} {len(run['members'][sid])} {story_language(run, sid)} "
            f"{'[' + why[sid] + '] ' if sid in why else ''}{run['heads'].get(sid, '')}"
            for sid in sorted(sids, key=lambda x: -scores.get(x, -1))]


def per_language(runs_w: list[tuple[dict, dict]], threshold: float) -> dict:
    story_l: dict[str, Counter] = defaultdict(Counter)
    art_l: dict[str, Counter] = defaultdict(Counter)
    for run, w in runs_w:
        c = counts_at(run, w, threshold)
        _, skip = story_truth(run, w)
        for sid in c["target"]:
            lang = story_language(run, sid)
            story_l[lang]["targets"] += 1
            story_l[lang]["tp"] += sid in c["alerted"]
        for sid in c["alerted"] - c["target"] - skip:
            story_l[story_language(run, sid)]["fa"] += 1
        rel = set(w["relevant"])
        for sid, ids in run["members"].items():
            for i in ids:
                if i in rel:
                    lang = run["languages"].get(i) or "und"
                    art_l[lang]["relevant"] += 1
                    art_l[lang]["told"] += sid in c["alerted"] and sid in c["target"]
    out = {}
    for lang in sorted(set(story_l) | set(art_l)):
        s, a = story_l[lang], art_l[lang]
        out[lang] = {"should_alert_stories": s["targets"],
                     "story_recall": _r(s["tp"] / s["targets"]) if s["targets"] else None,
                     "story_precision": _r(s["tp"] / (s["tp"] + s["fa"])) if s["tp"] + s["fa"] else None,
                     "relevant_articles": a["relevant"],
                     "article_recall": _r(a["told"] / a["relevant"]) if a["relevant"] else None}
    return out


def told(runs_w: list[tuple[dict, dict]], threshold: float) -> dict:
    """What a reader was told, beside the story-level figures: watched events (watchlists with
    something to find) with at least one correct alert, and relevant articles whose story
    alerted correctly (an alert links its story's sources)."""
    events = events_told = arts = arts_told = 0
    for run, w in runs_w:
        c = counts_at(run, w, threshold)
        if c["target"]:
            events += 1
            events_told += bool(c["alerted"] & c["target"])
        rel = set(w["relevant"])
        for sid, ids in run["members"].items():
            n = sum(i in rel for i in ids)
            arts += n
            arts_told += n if sid in c["alerted"] and sid in c["target"] else 0
    return {"events": events, "events_told": events_told, "relevant_articles": arts,
            "articles_told": _r(arts_told / arts) if arts else None}


def report(runs: list[dict], labels: dict[str, list[dict]], settings_thresholds: dict[str, float]) -> dict:
    runs_w = [(run, w) for run in runs for w in labels[run["stream"]]]
    calibrated = {"strict": pick(runs_w, 0.97), "balanced": pick(runs_w, 0.9), "eager": pick(runs_w, 0.8)}
    out: dict = {"runs": [{k: run[k] for k in ("stream", "articles", "stored", "batches", "seconds", "days")}
                          for run in runs],
                 "thresholds_in_settings": settings_thresholds, "calibrated_on_all": calibrated}
    for label, th in (("settings", settings_thresholds), ("calibrated", calibrated)):
        out[f"pooled_{label}"] = {s: {"threshold": th[s], **pooled(runs_w, th[s])} for s in SENS}
    # leave one watchlist out: its balanced threshold chosen on the others
    lowo = {"tp": 0, "fa": 0, "targets": 0, "nontargets": 0}
    per_w = {}
    for i, (run, w) in enumerate(runs_w):
        others = runs_w[:i] + runs_w[i + 1:]
        t_lowo = pick(others, 0.9)
        c = counts_at(run, w, t_lowo)
        for k in lowo:
            lowo[k] += c[k]
        t = settings_thresholds["balanced"]
        d, same, decided = delays_and_batches(run, w, t)
        alerts_w = [a for a in run["alerts"] if a["watchlist"] == w["name"]]
        per_w[w["name"]] = {
            "stream": run["stream"], "query_language": w["query_language"],
            "balanced": summarise(counts_at(run, w, t)), "leave_one_out": {"threshold": t_lowo, **summarise(c)},
            "delay_hours_median": _r(float(np.median(d)), 1) if d else None,
            "alerts_per_day": _r(len(alerts_w) / run["days"], 2),
            "updates_per_day": _r(sum(a["version"] - 1 for a in alerts_w) / run["days"], 2),
            "decided_in_trigger_batch": f"{same}/{decided}",
            "misses": _stories(run, w, t, missed=True), "false_alerts": _stories(run, w, t, missed=False),
        }
    out["pooled_leave_one_out_balanced"] = summarise(lowo)
    # labels made in rounds (watchlists.json "round"): a later round never saw the thresholds
    # an earlier one calibrated, so its figure at those thresholds is out of sample
    rounds = sorted({w.get("round", 1) for _, w in runs_w})
    out["pooled_by_round_balanced"] = {r: pooled([(run, w) for run, w in runs_w if w.get("round", 1) == r],
                                                 settings_thresholds["balanced"]) for r in rounds}
    out["per_watchlist"] = per_w
    out["separable"] = separable(runs_w)
    classes: Counter = Counter()
    for run, w in runs_w:
        classes.update(r.split(":")[0].split(" by ")[0] for r in miss_reasons(run, w, settings_thresholds["balanced"]).values())
    out["misses_balanced"] = {k: classes[k] for k in MISS_CLASSES}
    out["per_language_balanced"] = per_language(runs_w, settings_thresholds["balanced"])
    out["told_balanced"] = told(runs_w, settings_thresholds["balanced"])
    out["det"] = [{"threshold": t, **{k: v for k, v in pooled(runs_w, t).items() if k in ("p_miss", "p_fa", "cost",
                                                                                          "precision", "recall")}}
                  for t in SWEEP]
    d_all, same_all, dec_all = [], 0, 0
    for run, w in runs_w:
        d, s, n = delays_and_batches(run, w, settings_thresholds["balanced"])
        d_all += d
        same_all += s
        dec_all += n
    out["delay_hours"] = {"median": _r(float(np.median(d_all)), 1) if d_all else None,
                          "p90": _r(float(np.quantile(d_all, 0.9)), 1) if d_all else None}
    out["decided_in_trigger_batch"] = f"{same_all}/{dec_all}"
    return out


def evaluate_alerts(labels: str | Path, *, dev_dir: str | Path | None = None, examples_dir: str | Path | None = None,
                    streams: tuple[str, ...] = ("dev", "examples"), vectors_from: str | None = None,
                    limit: int | None = None, batch_minutes: float = 60.0, seed: int = 0, ablate: str = "",
                    keep: str | None = None, progress: Any = None, min_sources: int = 1,
                    query_translations: str | Path | None = None, also_from: str | Path | None = None,
                    also_languages: tuple[str, ...] = ()) -> dict:
    """Replay the streams, decide alerts online, score them against ``labels``; the report.
    ``query_translations``: each query in other languages, matched as a translator would have it;
    ``also_from`` (a file like it) and ``also_languages``: each query's wordings in these
    languages given as the watchlist's own other wordings (``Watchlist.also``)."""
    by_stream = {st: load_labels(Path(labels), st) for st in streams}
    table = load_translations(query_translations) if query_translations else None
    if also_from and also_languages:
        words = load_translations(also_from)
        by_stream = {st: with_also(ws, words, also_languages) for st, ws in by_stream.items()}
    work = Path(tempfile.mkdtemp(prefix="bw-alerts-"))
    try:
        runs = []
        for stream in streams:
            if stream == "dev":
                if not dev_dir:
                    raise InputError("the dev stream needs the SemEval-2022 dev folder (--dev)")
                recs = dev_stream(Path(dev_dir), by_stream[stream], vectors_from, seed, limit)
            elif stream == "examples":
                if not examples_dir:
                    raise InputError("the examples stream needs the examples folder (--examples)")
                recs = examples_stream(Path(examples_dir))
            else:
                raise InputError(f"unknown stream {stream!r}: dev or examples")
            runs.append(replay(stream, recs, by_stream[stream], workdir=work, vectors_from=vectors_from,
                               batch_minutes=batch_minutes, ablate=ablate, min_sources=min_sources,
                               translations=table))
            if progress:
                progress(f"{stream}: {len(recs)} articles in {runs[-1]['batches']} cycles, {runs[-1]['seconds']} s")
        s = load_settings()
        return report(runs, by_stream, {k: s[f"alert_threshold_{k}"] for k in SENS})
    finally:
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            for f in work.glob("*.db"):
                shutil.copy(f, Path(keep) / f.name)
        shutil.rmtree(work, ignore_errors=True)


def format_alerts_report(rep: dict) -> str:
    """The report as text: pooled figures, then per watchlist and per language."""
    out = []
    for label in ("pooled_settings", "pooled_leave_one_out_balanced"):
        v = rep[label]
        rows = v.items() if label == "pooled_settings" else [("balanced (leave one watchlist out)", v)]
        for sens, r in rows:
            out.append(f"{sens:34} t {r.get('threshold', '-')}  P {r['precision']}  R {r['recall']}  "
                       f"alerts {r['alerts']} (false {r['false_alerts']}) of {r['targets']} should-alert  "
                       f"cost {r['cost']}")
    for rnd, r in rep.get("pooled_by_round_balanced", {}).items():
        out.append(f"{'balanced, labels of round ' + str(rnd):34} P {r['precision']}  R {r['recall']}  "
                   f"alerts {r['alerts']} (false {r['false_alerts']}) of {r['targets']} should-alert")
    if "separable" in rep:
        c = rep["separable"]
        out.append(f"oracle threshold per watchlist: {c['above_every_other']} of {c['targets']} should-alert stories "
                   f"above every other story of their watchlist (recall ceiling {c['recall_ceiling']} at P 1), "
                   f"{c['above_all_but_one']} above all but one")
    if "told_balanced" in rep:
        t = rep["told_balanced"]
        out.append(f"told at balanced: {t['events_told']} of {t['events']} watched events alerted at least once; "
                   f"{t['articles_told']} of {t['relevant_articles']} relevant articles in a correctly alerted story")
    if "misses_balanced" in rep:
        out.append("missed at balanced: " + ", ".join(f"{k} {n}" for k, n in rep["misses_balanced"].items()))
    out.append(f"delay (h) median {rep['delay_hours']['median']}  p90 {rep['delay_hours']['p90']};  "
               f"decided in the triggering batch {rep['decided_in_trigger_batch']}")
    for name, r in rep["per_watchlist"].items():
        b = r["balanced"]
        out.append(f"{name:22} {r['query_language']}  P {b['precision']}  R {b['recall']}  cost {b['cost']}  "
                   f"LOWO P {r['leave_one_out']['precision']} R {r['leave_one_out']['recall']}  "
                   f"delay {r['delay_hours_median']} h  alerts/day {r['alerts_per_day']}  "
                   f"same batch {r['decided_in_trigger_batch']}")
        out += [f"    missed {m}" for m in r["misses"]] + [f"    false  {m}" for m in r["false_alerts"]]
    for lang, r in rep["per_language_balanced"].items():
        out.append(f"  {lang}: should-alert stories {r['should_alert_stories']}  recall {r['story_recall']}  "
                   f"precision {r['story_precision']}  relevant articles {r['relevant_articles']} told "
                   f"{r['article_recall']}")
    return "\n".join(out)
