"""What the clusterer's modules share: the engine options, batch size, run report, dates.

``service.py`` (the online path against the store), ``rebuild.py`` (re-clustering a whole
store), ``rows.py`` (story rows) and ``offline.py`` (the same rule on articles held in
memory) need some of these, and the engine (``online.py``) the unknown day: the defaults and
batch size, the report, and the publication days (``day_number``, ``day_arrays``). They live here, apart from all of those, so each imports them
without importing another.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Sequence

import numpy as np

from ..models import Article

NO_DAY = np.nan  # a publication day not known
BATCH = 256  # articles per engine batch and per write transaction

# Calibrated on the SemEval-2022 dev pairs and examples/ (benchmarks/bench_cluster.py):
DEFAULTS: dict[str, Any] = {
    "k": 16,  # nearest stored articles per new article
    "top": 3,  # a story's score: mean of its best `top` member scores among those
    "mode": "found",
    "merge_margin": 0.05,  # two stories merge when both score >= threshold + margin (online.py step 5)
    "cos_floor": 0.75,  # candidates below this cosine are never scored
    "index_dtype": "i8",  # usearch storage: i8 (1 byte/dim) keeps 1M articles near 1 GB
    # Same-event anchors (similarity/anchors.py; online.py step 6): a story holding a member
    # that reports a specific figure of the article's is joined / merged at this score ...
    "anchor_floor": 0.1,
    "name_floor": 0.3,  # ... one whose member shares two rare names with it at this (None: off) ...
    "anchor_cos": 0.8,  # ... when that member's cosine with the article is at least this
    "weak_floor": 0.75,  # ... and one sharing a lone three-digit figure at this (anchors.figure_strength)
    # The story as a whole must agree (online.py step 7; judged dev stories, BENCHMARKS.md):
    "support_floor": 0.5,  # a story of 3+ members needs two members at this score ...
    "support_sure": 0.95,  # ... or one at this
    "support_two": 0.1,  # a story of two needs both members at this (or one at support_sure)
    "merge_cos": 0.85,  # two stories merge only when their mean member vectors reach this cosine ...
    "merge_pairs": 0.1,  # ... and the median pair score of their latest members' cross pairs this
    "retry_open": True,  # an article that opened a story nobody in its batch joined meets the batch's later articles
    # a story of 4+ members, 3+ of them in the article's script, none naming a specific name of
    # its headline (document-frequency weight >= this; None: off), is not joined (online.py step 7)
    "headline_names": 0.6,
}

# The OnlineClusterer keywords that come straight from the options above.
ENGINE_OPTIONS = ("k", "top", "cos_floor", "mode", "anchor_floor", "name_floor", "anchor_cos", "weak_floor",
                  "support_floor", "support_sure", "support_two", "merge_cos", "merge_pairs", "retry_open",
                  "headline_names")
# ... and those that come from settings (``StoryClusterer`` adds them to its options).
SETTING_OPTIONS = {"opinion_leaves": "cluster_opinion_leaves"}


def engine_options(options: dict[str, Any]) -> dict[str, Any]:
    """The engine's keyword arguments from clusterer options (``DEFAULTS`` filled in)."""
    o = {**DEFAULTS, **options}
    return {**{name: o[name] for name in ENGINE_OPTIONS}, **{k: o[k] for k in SETTING_OPTIONS if k in o}}


@dataclass(slots=True)
class ClusterReport:
    """What one clustering call did."""

    articles: int = 0  # articles that got a story
    opened: int = 0  # new stories
    assigned: int = 0  # joined an existing story
    duplicates: int = 0  # copies that joined their original's story
    translations: int = 0  # articles linked as translations of the member they joined by
    merges: int = 0  # stories folded into an older one
    moved: int = 0  # articles whose story changed (merges, rebuild)
    refreshed: int = 0  # updated articles whose vector was replaced
    embedded: int = 0  # vectors computed (the rest came from the cache)
    stories: int = 0  # live stories afterwards
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def day_arrays(articles: Sequence[Article]) -> tuple[np.ndarray, np.ndarray]:
    days = [day_number(a.published) for a in articles]
    return np.array([d[0] for d in days], np.float32), np.array([d[1] for d in days], np.float32)


def day_number(value: str | None) -> tuple[float, float]:
    """(first, last) day since 1970 a published value may fall on; NaNs when unknown."""
    if not value:
        return NO_DAY, NO_DAY
    s = value.strip()
    try:
        y = int(s[0:4])
        if len(s) >= 10 and s[4] == "-" and s[7] == "-":
            d = date(y, int(s[5:7]), int(s[8:10])).toordinal()
            return float(d), float(d)
        if len(s) >= 7 and s[4] == "-":
            m = int(s[5:7])
            first = date(y, m, 1).toordinal()
            last = date(y + (m == 12), m % 12 + 1, 1).toordinal() - 1
            return float(first), float(last)
        return float(date(y, 1, 1).toordinal()), float(date(y, 12, 31).toordinal())
    except (ValueError, IndexError):
        return NO_DAY, NO_DAY
