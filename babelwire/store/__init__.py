"""Storage behind a narrow interface; SQLite is the built-in backend."""
from __future__ import annotations

from ..registry import stores
from .base import ArticleFilter, BriefCache, Existing, Feed, FeedStore, OpenItem, SentenceVectorCache, Store


@stores.register("sqlite", help="One SQLite file (WAL mode); the default.")
def _sqlite(path: str, **options):
    from .sqlite import SQLiteStore

    return SQLiteStore(path, **options)


def open_store(path: str, backend: str = "sqlite", **options) -> Store:
    return stores.create(backend, path=path, **options)


__all__ = ["ArticleFilter", "BriefCache", "Existing", "Feed", "FeedStore", "OpenItem", "SentenceVectorCache", "Store",
           "open_store"]
