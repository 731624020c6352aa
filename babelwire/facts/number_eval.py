"""Score number reading against labelled sentences (tests/data/numbers-dev.jsonl).

Each label names one number as written in a real sentence and what a careful reader takes
from it: ``value``, ``unit`` (currency code, "%", "km", "mi", "°C" …), ``key`` (what is
counted, from counters.json, or null when the vocabulary has no word for it) and a
``qualifier`` (min | max | approx). A label with ``value`` null is a number that must not be
shown as a fact (a name such as "COVID-19", a phone number, a clock time).

The sentence alone is the article: labels stay readable and the score does not depend on
the data set being present. A reading counts when a shown fact (confidence at least
``SHOWN``) covers the labelled number with the same value, unit and key; a fact read with
high confidence (``CONFIDENT``) that differs is a confident error, the figure precision is
about: only such facts may stand in a conflict.
"""
from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..models import Article
from .extract import extract_facts
from .types import CONFIDENT, SHOWN, Fact


def load_number_labels(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _value_ok(f: Fact, gold: Mapping[str, Any]) -> bool:
    if not isinstance(f.value, (int, float)):
        return False
    if not math.isclose(float(f.value), float(gold["value"]), rel_tol=0.005):
        return False
    if gold.get("upper") is not None:
        return f.upper is not None and math.isclose(float(f.upper), float(gold["upper"]), rel_tol=0.005)
    return True


def _qualifier(f: Fact) -> str | None:
    return f.bound or ("approx" if f.approx else None)


def score_item(facts: Iterable[Fact], item: Mapping[str, Any], start: int, end: int) -> dict[str, Any]:
    """How the facts over text[start:end] (the labelled number) compare with the label."""
    over = [f for f in facts if f.kind != "date" and f.start < end and start < f.end]
    shown = [f for f in over if f.confidence >= SHOWN]
    sure = [f for f in over if f.confidence >= CONFIDENT]
    if item["value"] is None:
        return {"correct": not shown, "value": not shown, "confident_wrong": len(sure), "qualifier": True,
                "read": [f.display for f in over]}
    full = [f for f in shown if _value_ok(f, item) and f.unit == item["unit"] and f.key == item["key"]]
    return {
        "correct": bool(full),
        "value": any(_value_ok(f, item) for f in shown),
        "confident_wrong": len([f for f in sure if f not in full]),
        "qualifier": any(_qualifier(f) == item.get("qualifier") for f in full),
        "read": [f"{f.display} [{f.unit}|{f.key}|{f.confidence:.2f}]" for f in over],
    }


def evaluate_numbers(items: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Accuracy (value, unit and key right, confidently) over labelled numbers, per language."""
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses = []
    for i, item in enumerate(items):
        text = item["sentence"]
        start = text.index(item["number"])
        end = start + len(item["number"])
        art = Article(id=f"n{i}", text=text, language=item["language"])
        r = score_item(extract_facts(art), item, start, end)
        for lang in (item["language"], "all"):
            row = per[lang]
            row["items"] += 1
            row["correct"] += r["correct"]
            row["value"] += r["value"]
            row["confident_wrong"] += r["confident_wrong"]
            row["qualifier"] += bool(r["correct"] and r["qualifier"])
        if not r["correct"]:
            misses.append(f"{item['language']} {item['number']!r}: want {item['value']} "
                          f"{item.get('unit')}|{item.get('key')}, read {r['read']}")
    out: dict[str, Any] = {}
    for lang, row in sorted(per.items()):
        out[lang] = dict(row, accuracy=round(row["correct"] / row["items"], 3),
                         value_accuracy=round(row["value"] / row["items"], 3))
    out["misses"] = misses
    return out
