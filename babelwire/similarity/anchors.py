"""Same-event anchors: specific figures that two articles both report.

Two articles about one event tend to repeat its figures ("750 troops", "4,000 soldiers", a
magnitude of 6.4) whatever their language or angle; two reports of the same *kind* of event
(another day's tally, another city's fire) share the topic's names and the small numbers of
any text, rarely a specific figure. A figure counts as an anchor when it is specific - at
least 100 (years are not numbers here) or with a decimal part - and not common in the corpus
(document-frequency weight, ``docfreq.DocFreq``). Measured on the judged dev stories
(BENCHMARKS.md): among judged pairs, a shared anchor is 4-8x likelier between same-event
articles than between articles of two events of one kind; small numbers and names were not
(names of a place or a person recur across the events about them).

Pure set operations on features that ``features.extract`` already holds: no extra cost per
article, a set intersection per scored pair.
"""
from __future__ import annotations

from typing import Any, Callable

MIN_WEIGHT = 0.3  # document-frequency weight of a figure (1: seen nowhere else)
MIN_VALUE = 100.0  # whole numbers below this are counts any text has ("3 people", "24 hours")


def is_specific(key: str) -> bool:
    """A normalised number key (``features._number_key``) that can tell one event: >= 100 or a
    decimal >= 1 ("0.5" is any share)."""
    try:
        v = abs(float(key))
    except ValueError:
        return False
    return v >= MIN_VALUE or (v >= 1.0 and v != int(v))


def anchor_numbers(f: Any, weight: Callable[[str], float], min_weight: float = MIN_WEIGHT) -> frozenset[str]:
    """The article's specific, uncommon figures (``f``: ``features.ArticleFeatures``)."""
    return frozenset(n for n in f.numbers if is_specific(n) and weight("#" + n) >= min_weight)


def shared_anchors(fa: Any, fb: Any, weight: Callable[[str], float], min_weight: float = MIN_WEIGHT) -> list[str]:
    """Figures both articles report that can tell one event from another, sorted."""
    both = fa.numbers & fb.numbers
    return sorted(n for n in both if is_specific(n) and weight("#" + n) >= min_weight)
