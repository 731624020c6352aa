"""Stories: articles about the same event, grouped across languages, with stable ids.

- ``online.py``: the assignment rule (pure, in memory): nearest articles -> candidate
  stories -> pair scores -> join, open or merge.
- ``index.py``: the approximate nearest-neighbour index (usearch, i8), derived data.
- ``score.py``: pair scores from ``babelwire.similarity`` over cached per-article features.
- ``service.py``: the store glue the Workspace holds (embedding cache, state, new articles);
  ``rebuild.py`` (re-cluster everything, keep ids), ``rows.py`` (story rows and headlines),
  ``offline.py`` (the rule over articles in memory, for evaluation), ``common.py`` (shared).
- ``views.py``: what the API and CLI show (story summaries, compare).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..registry import clusterers
from .common import ClusterReport, day_number
from .index import VectorIndex
from .online import Decision, OnlineClusterer
from .score import CosineScorer
from .service import StoryClusterer, story_id_for

if TYPE_CHECKING:
    from ..store import Store


def _online(store: Store, settings: Any, **options: Any) -> StoryClusterer:
    return StoryClusterer(store, settings, **options)


def register_builtins() -> None:
    """The built-in clusterer, loaded by the registry like a plugin's entry point."""
    clusterers.register("online", _online,
                        help="online ANN + pair-scorer clustering with merges and stable ids (default)")


def get_clusterer(store: Store, settings: Any, name: str = "online", **options: Any) -> Any:
    return clusterers.create(name, store=store, settings=settings, **options)


__all__ = [
    "ClusterReport",
    "CosineScorer",
    "Decision",
    "OnlineClusterer",
    "StoryClusterer",
    "VectorIndex",
    "day_number",
    "get_clusterer",
    "story_id_for",
]
