"""Event-level story quality: are the articles of a story about one event?

Pair figures on rated pairs hide chaining (a labelled pair rarely spans a chain), so this
harness scores a clustering against *judged* memberships: a reader went through the
articles of the large multi-language stories of some run and labelled each one against its
story's main event. The file is a CSV with columns

    story_id, article_id, language, label, reason        (+ optional ``event``)

``label`` is SAME (the story's main event), FOLLOWUP (a later development of it), OTHER_EVENT
(a different event on a similar topic) or UNRELATED. ``story_id`` only groups the rows of
one judged story; it need not exist in the store being scored. ``event``, when given, names
the event an article is about (a slug shared across the judged stories of one file: each
file is one reader's, and readers do not share slugs), which adds the pairs between judged
stories of that file.

Constraints drawn from it:

- together: SAME x SAME within a judged story; two articles with the same ``event``;
- apart, within a judged story: SAME x OTHER_EVENT / UNRELATED, and two off-event articles
  whose ``event`` slugs differ; FOLLOWUP is neither (a follow-up may fairly go either way).

Scores: the share of together-pairs in one story, the share of apart-pairs in different
stories (the headline: chaining shows here), and B-cubed over the articles with an event
(their event is a full label for them). Pure functions; the CLI runs them on a store.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..api import open as open_workspace
from ..cluster.offline import cluster_offline
from ..errors import InputError, NotFoundError
from ..store import is_server_url
from .cluster_metrics import bcubed, load_pairs, pair_metrics

LABELS = ("SAME", "FOLLOWUP", "OTHER_EVENT", "UNRELATED")
OFF = ("OTHER_EVENT", "UNRELATED")


def load_judged(*paths: str | Path) -> list[dict[str, str]]:
    """Rows of one or more judged files (later files may re-judge an article: last wins per story)."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for source, path in enumerate(paths):
        p = Path(path)
        try:
            with p.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                need = {"story_id", "article_id", "label"}
                cols = set(reader.fieldnames or ())
                if not need <= cols:
                    raise InputError(f"judged stories CSV needs columns {sorted(need)}; has {sorted(cols)}", path=str(p))
                for n, r in enumerate(reader, 2):
                    label = (r.get("label") or "").strip().upper()
                    if label not in LABELS:
                        raise InputError(f"label must be one of {', '.join(LABELS)}, not {label!r}", path=str(p), line=n)
                    row = {
                        "story": (r.get("story_id") or "").strip(),
                        "article": (r.get("article_id") or "").strip(),
                        "label": label,
                        "event": (r.get("event") or "").strip(),
                        "language": (r.get("language") or "").strip(),
                        "source": str(source),
                    }
                    if not row["story"] or not row["article"]:
                        raise InputError("empty story_id or article_id", path=str(p), line=n)
                    rows[(row["story"], row["article"])] = row
        except OSError as e:
            raise InputError(f"cannot read judged stories: {e.strerror or e}", path=str(p)) from None
    return list(rows.values())


def constraints(rows: Iterable[Mapping[str, str]]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(together, apart) article pairs, each pair sorted; a pair in both is dropped from both.

    Apart pairs come only from inside a judged story (the mixes a clustering made): pairs
    across judged stories are mostly far apart and would drown the hard cases.
    """
    together: set[tuple[str, str]] = set()
    apart: set[tuple[str, str]] = set()
    by_story: dict[str, list[Mapping[str, str]]] = defaultdict(list)
    event_of: dict[str, dict[str, str]] = defaultdict(dict)  # per file: readers' slugs are not shared
    for r in rows:
        by_story[r["story"]].append(r)
        if r.get("event") and r["label"] != "FOLLOWUP":
            event_of[r.get("source", "")][r["article"]] = r["event"]

    def pair(a: str, b: str) -> tuple[str, str]:
        return (a, b) if a < b else (b, a)

    for members in by_story.values():
        judged = [r for r in members if r["label"] != "FOLLOWUP"]
        for x, y in combinations(judged, 2):
            a, b = x["article"], y["article"]
            if a == b:
                continue
            if x["label"] == "SAME" and y["label"] == "SAME":
                together.add(pair(a, b))
            elif "SAME" in (x["label"], y["label"]):
                apart.add(pair(a, b))
            elif x.get("event") and y.get("event") and x["event"] != y["event"]:
                apart.add(pair(a, b))  # two off-event articles about different events
    for per_file in event_of.values():
        by_event: dict[str, list[str]] = defaultdict(list)
        for a, e in per_file.items():
            by_event[e].append(a)
        for arts in by_event.values():
            together.update(pair(a, b) for a, b in combinations(sorted(set(arts)), 2))
    both = together & apart
    return together - both, apart - both


def story_metrics(story_of: Mapping[str, Any], rows: Iterable[Mapping[str, str]]) -> dict[str, Any]:
    """Event-level figures for one clustering (``story_of``: article id -> story)."""
    rows = list(rows)
    together, apart = constraints(rows)
    t_in = [p for p in together if p[0] in story_of and p[1] in story_of]
    a_in = [p for p in apart if p[0] in story_of and p[1] in story_of]
    kept = sum(1 for a, b in t_in if story_of[a] == story_of[b])
    split = sum(1 for a, b in a_in if story_of[a] != story_of[b])
    out: dict[str, Any] = {
        "together": round(kept / len(t_in), 4) if t_in else None,
        "apart": round(split / len(a_in), 4) if a_in else None,
        "together_pairs": len(t_in),
        "apart_pairs": len(a_in),
        "missing_articles": len({r["article"] for r in rows if r["article"] not in story_of}),
    }
    events = {r["article"]: f'{r.get("source", "")}:{r["event"]}' for r in rows
              if r.get("event") and r["label"] != "FOLLOWUP" and r["article"] in story_of}
    if events:
        out.update(bcubed({a: story_of[a] for a in events}, events))
    out["mixed_stories"], out["judged_stories"] = _mixed(story_of, rows)
    return out


def _mixed(story_of: Mapping[str, Any], rows: list[Mapping[str, str]]) -> tuple[int, int]:
    """Stories of this clustering that hold two judged articles forced apart, and stories with 2+ judged articles."""
    _, apart = constraints(rows)
    members: dict[Any, set[str]] = defaultdict(set)
    for r in rows:
        s = story_of.get(r["article"])
        if s is not None:
            members[s].add(r["article"])
    judged = [m for m in members.values() if len(m) >= 2]
    mixed = sum(1 for m in judged if any((a, b) in apart for a, b in combinations(sorted(m), 2)))
    return mixed, len(judged)


def format_story_report(r: Mapping[str, Any]) -> str:
    def f(v: Any) -> str:
        return "-" if v is None else f"{v:.3f}"

    b = r.get("baseline_cosine") or {}

    def beside(key: str) -> str:
        return f"   (cosine baseline {f(b.get(key))})" if b else ""

    lines = [f"{r.get('articles', '?')} articles in {r.get('stories', '?')} stories",
             f"other-event pairs kept apart: {f(r['apart'])}  (n={r['apart_pairs']}){beside('apart')}",
             f"same-event pairs together:    {f(r['together'])}  (n={r['together_pairs']}){beside('together')}"]
    if "bcubed_f1" in r:
        lines.append(f"B-cubed over articles with an event: P {f(r['bcubed_precision'])}  R {f(r['bcubed_recall'])}  "
                     f"F1 {f(r['bcubed_f1'])}{beside('bcubed_f1')}")
    lines.append(f"stories holding judged articles of different events: {r['mixed_stories']} of {r['judged_stories']}")
    if "pairs" in r:
        p, bp = r["pairs"], b.get("pairs") or {}
        lines.append(f"rated pairs: same-story F1 {f(p['f1'])}  apart {f(p['apart'])}  (n={p['n']})"
                     + (f"   (cosine baseline F1 {f(bp.get('f1'))} apart {f(bp.get('apart'))})" if bp else ""))
    if r.get("missing_articles"):
        lines.append(f"({r['missing_articles']} judged articles are not in the store)")
    return "\n".join(lines)


def evaluate_stories(
    db: str,
    judged: Iterable[str | Path],
    *,
    pairs_path: str | Path | None = None,
    baseline: bool = True,
    settings: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Score a clustered store against judged memberships (and rated pairs, when given).

    The baseline re-clusters the same articles from the store's cached vectors with the
    cosine-only scorer at its default calibration, in the same run.
    """
    if not is_server_url(db) and not Path(db).exists():
        raise NotFoundError(f"no store at {db}")
    rows = load_judged(*judged)
    with open_workspace(db, progress=False, **(settings or {})) as ws:
        store = ws.store
        arts = store.get_articles(store.stream_article_ids())
        story_of = {a.id: a.story_id for a in arts if a.story_id}
        if not story_of:
            raise InputError("the store has no clustered articles: run `babelwire cluster` first")
        out: dict[str, Any] = {"articles": len(arts), "stories": len(set(story_of.values()))}
        out.update(story_metrics(story_of, rows))
        pairs = load_pairs(pairs_path) if pairs_path else []
        if pairs:
            out["pairs"] = pair_metrics(story_of, pairs)
        if baseline:
            clusterer = ws.clusterer()
            have = store.get_embeddings([a.content_hash for a in arts], clusterer.model_key)
            with_vec = [a for a in arts if a.content_hash in have]
            if with_vec:
                # deferred: numpy is slow to import; paid only when this runs
                import numpy as np

                vecs = np.vstack([have[a.content_hash] for a in with_vec]).astype(np.float32)
                labels = cluster_offline(with_vec, vecs, threshold=0.5, scorer="cosine",
                                         window_days=clusterer.window_days)
                base = {a.id: int(lab) for a, lab in zip(with_vec, labels)}
                b = story_metrics(base, rows)
                if pairs:
                    b["pairs"] = pair_metrics(base, pairs)
                out["baseline_cosine"] = b
    return out
