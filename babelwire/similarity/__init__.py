"""Pair similarity: are two articles, in any languages, about the same story?

``score_pair(a, b)`` returns a calibrated probability with the evidence behind it;
``score_pairs`` does many at once; ``PairScorer`` keeps per-article features and entity
frequencies between calls (what the clusterer should hold on to).
"""
from __future__ import annotations

from .combine import FEATURES, LogisticCombiner, TreeBoost, combiner_from_dict, default_combiner
from .docfreq import DocFreq
from .features import ArticleFeatures, extract
from .figures import extract_dates, extract_numbers
from .score import DEFAULT_THRESHOLD, PairReasons, PairScore, PairScorer, score_pair, score_pairs

__all__ = [
    "DEFAULT_THRESHOLD",
    "FEATURES",
    "ArticleFeatures",
    "DocFreq",
    "LogisticCombiner",
    "PairReasons",
    "PairScore",
    "PairScorer",
    "TreeBoost",
    "combiner_from_dict",
    "default_combiner",
    "extract",
    "extract_dates",
    "extract_numbers",
    "score_pair",
    "score_pairs",
]
