"""Label loading and scoring for the story-clustering evaluation.

This module holds the inputs and metrics that ``evaluate.clusters`` scores a clustering
with: reading gold labels (``article,story`` CSV) and labelled pairs, mapping the names a
label file may use onto stored article ids, pair precision/recall/F1 and ``apart`` on the
clear pairs, B-cubed precision/recall/F1, and the linked-pair sets used to measure order
stability. They are pure functions of labels and answers, with no store, model or
clustering in them, so they are kept apart from the harness that produces the clusterings
and from the baselines, and can be used (and tested) on their own.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..errors import InputError
from .pairs import load_pairs as load_rated_pairs

SAME_MAX = 1.5
DIFF_MIN = 3.5


# --------------------------------------------------------------------------- inputs

def load_labels(path: str | Path) -> dict[str, str]:
    """``article,story`` CSV -> {article: story}."""
    p = Path(path)
    try:
        with p.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            cols = set(reader.fieldnames or ())
            if not {"article", "story"} <= cols:
                raise InputError(f"labels CSV needs columns article, story; has {sorted(cols)}", path=str(p))
            out = {}
            for n, r in enumerate(reader, 2):
                if not r["article"] or not r["story"]:
                    raise InputError("empty article or story", path=str(p), line=n)
                out[r["article"].strip()] = r["story"].strip()
            return out
    except OSError as e:
        raise InputError(f"cannot read labels: {e.strerror or e}", path=str(p)) from None


def load_pairs(path: str | Path) -> list[tuple[str, str, float]]:
    return [(r["id1"], r["id2"], float(r["overall"])) for r in load_rated_pairs(path)]


def key_map(articles: Sequence[Any], base: Path | None) -> dict[str, str]:
    """Names a label file may use for each stored article -> its id.

    The id itself, and for articles read from standalone files their path: as stored,
    resolved, and relative to ``base`` (the articles directory).
    """
    out: dict[str, str] = {}
    for a in articles:
        out[a.id] = a.id
        path = (a.metadata or {}).get("path")
        if not path:
            continue
        p = Path(path)
        names = {str(p), p.as_posix()}
        try:
            rp = p.resolve()
            names.add(str(rp))
            if base is not None:
                names.add(rp.relative_to(base.resolve()).as_posix())
        except (OSError, ValueError):
            pass
        for n in names:
            out.setdefault(n, a.id)
    return out


# --------------------------------------------------------------------------- metrics

def pair_metrics(label_of: dict[str, Any], pairs: Sequence[tuple[str, str, float]]) -> dict[str, Any]:
    """Same-story decisions (both in one story) on the clear pairs."""
    tp = fp = fn = tn = 0
    for a, b, overall in pairs:
        if overall > SAME_MAX and overall < DIFF_MIN:
            continue
        la, lb = label_of.get(a), label_of.get(b)
        if la is None or lb is None:
            continue
        same = la == lb
        if overall <= SAME_MAX:
            tp += same
            fn += not same
        else:
            fp += same
            tn += not same
    return prf(tp, fp, fn, tn)


def prf(tp: int, fp: int, fn: int, tn: int) -> dict[str, Any]:
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0,
        "apart": round(tn / (tn + fp), 4) if tn + fp else 0.0,
        "n": tp + fp + fn + tn,
        "same": tp + fn,
        "different": tn + fp,
        "counts": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
    }


def bcubed(label_of: dict[str, Any], gold: dict[str, str]) -> dict[str, Any]:
    """B-cubed precision/recall/F1 over the gold-labelled articles that were clustered."""
    items = [i for i in gold if i in label_of]
    if not items:
        return {"bcubed_precision": 0.0, "bcubed_recall": 0.0, "bcubed_f1": 0.0, "n_labelled": 0}
    by_c: dict[Any, set[str]] = {}
    by_g: dict[str, set[str]] = {}
    for i in items:
        by_c.setdefault(label_of[i], set()).add(i)
        by_g.setdefault(gold[i], set()).add(i)
    p = r = 0.0
    for i in items:
        c, g = by_c[label_of[i]], by_g[gold[i]]
        both = len(c & g)
        p += both / len(c)
        r += both / len(g)
    p, r = p / len(items), r / len(items)
    return {
        "bcubed_precision": round(p, 4),
        "bcubed_recall": round(r, 4),
        "bcubed_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "n_labelled": len(items),
        "clusters": len(by_c),
        "gold_stories": len(by_g),
    }


def linked_pairs(labels: np.ndarray) -> set[tuple[int, int]]:
    """Every pair of positions that share a label."""
    groups: dict[int, list[int]] = {}
    for i, l in enumerate(labels.tolist()):
        groups.setdefault(l, []).append(i)
    out: set[tuple[int, int]] = set()
    for members in groups.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                out.add((members[x], members[y]))
    return out
