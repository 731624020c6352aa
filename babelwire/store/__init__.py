"""Storage behind a narrow interface (base.Store): SQLite is the built-in backend, PostgreSQL
(``pip install babelwire[postgres]``) the one many processes share."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from ..errors import StoreError
from ..registry import stores
from .base import ArticleFilter, BriefCache, Existing, Feed, FeedStore, OpenItem, SentenceVectorCache, Store


def _sqlite(path: str, **options):
    # a backend (and what it needs) loads only when it is chosen
    from .sqlite import SQLiteStore

    options.pop("index_dir", None)  # the index lives beside the file
    return SQLiteStore(path, **options)


def _postgresql(path: str, **options):
    try:
        # a backend (and what it needs) loads only when it is chosen
        from .postgres import PostgresStore
    except ImportError as e:
        raise StoreError(f"a PostgreSQL store needs psycopg: pip install 'babelwire[postgres]' ({e})") from None
    return PostgresStore(path, **options)


def register_builtins() -> None:
    """The built-in stores, loaded by the registry like a plugin's entry point."""
    stores.register("sqlite", _sqlite, help="One SQLite file (WAL mode); the default.")
    stores.register("postgresql", _postgresql,
                    help="A PostgreSQL database shared by many workers (--db postgresql://...).")


def is_server_url(value: str | None) -> bool:
    """A database URL (PostgreSQL) rather than a file path."""
    return bool(value) and str(value).startswith(("postgresql://", "postgres://"))


def shown_url(db: str) -> str:
    """A store as messages name it: a file path as it is, a server URL without its password."""
    if not is_server_url(db):
        return db
    parts = urlsplit(db)
    if parts.password is None:
        return db
    netloc = f"{parts.username}:***@{parts.hostname or ''}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def open_store(path: str, backend: str | None = None, **options) -> Store:
    """``backend`` None or "auto": PostgreSQL for a postgresql:// URL, else SQLite."""
    if backend in (None, "", "auto"):
        backend = "postgresql" if is_server_url(path) else "sqlite"
    return stores.create(backend, path=path, **options)


__all__ = ["ArticleFilter", "BriefCache", "Existing", "Feed", "FeedStore", "OpenItem", "SentenceVectorCache", "Store",
           "is_server_url", "open_store", "shown_url"]
