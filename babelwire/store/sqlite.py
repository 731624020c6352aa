"""SQLite store: one file, WAL mode, numbered migrations applied on open.

Durability: every batch is one transaction with synchronous=FULL, so a process killed at any
point leaves exactly the committed batches and no half-written article.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Hashable, Iterable, Iterator, Sequence

from ..dates import now_iso
from ..errors import StoreError
from ..models import Article
from .base import AlertStore, ArticleFilter, BriefCache, Existing, FeedStore, LineCount, SentenceVectorCache
from .locks import StoreLock
from .sqlite_alerts import SQLiteAlertStore
from .sqlite_briefs import SQLiteBriefCache, SQLiteSentenceVectorCache
from .sqlite_browse import SQLiteBrowseMixin
from .sqlite_feeds import SQLiteFeedStore
from .sqlite_stories import SQLiteStoriesMixin
from .sqlite_translations import SQLiteTranslationsMixin

_COLUMNS = (
    "id", "url", "source", "title", "text", "language", "language_confidence",
    "language_source", "published", "published_precision", "published_source",
    "ingested_at", "content_hash", "duplicate_of", "story_id", "metadata", "copy_kind",
)


def migrations() -> list[tuple[int, str, str]]:
    out = []
    for entry in resources.files("babelwire.store").joinpath("migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            out.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(out)


def _row_to_article(row: sqlite3.Row) -> Article:
    d = dict(row)
    d["metadata"] = json.loads(d["metadata"] or "{}")
    return Article(**{k: d[k] for k in _COLUMNS})


class SQLiteStore(SQLiteStoriesMixin, SQLiteTranslationsMixin, SQLiteBrowseMixin):
    # IntegrityError and DataError are DatabaseErrors too: callers test input_errors first
    input_errors: tuple[type[BaseException], ...] = (sqlite3.IntegrityError, sqlite3.DataError, sqlite3.InterfaceError)
    failure_errors: tuple[type[BaseException], ...] = (StoreError, sqlite3.DatabaseError)

    def __init__(self, path: str, *, readonly: bool = False, timeout: float = 30.0):
        self.path = str(path)
        self._lock = threading.RLock()
        self._depth = 0
        self._locks: dict[str, StoreLock] = {}
        try:
            if not readonly:
                Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            uri = f"file:{Path(self.path).expanduser()}{'?mode=ro' if readonly else ''}"
            self._db = sqlite3.connect(
                uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            self._db.row_factory = sqlite3.Row
            self.conn = self._db  # what the SQL shared with PostgresStore runs on
            self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if not readonly:
                self._set_wal(timeout)
                self.conn.execute("PRAGMA synchronous = FULL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self._migrate()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open store {self.path}: {e}") from None
        except OSError as e:
            raise StoreError(f"cannot create store {self.path}: {e.strerror or e}") from None

    # -- plumbing -----------------------------------------------------------------------
    def _set_wal(self, timeout: float) -> None:
        # Switching a new file to WAL needs it to itself for a moment; SQLite answers "locked"
        # at once rather than calling the busy handler, so a second opener waits here.
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _applied(self) -> set[int]:
        try:
            return {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
        except sqlite3.OperationalError as e:
            if "no such table" in str(e):
                return set()
            raise

    def _migrate(self) -> None:
        """Apply missing migrations. Safe with other processes opening the store at once: what
        is applied is read again inside the write transaction, so each migration runs once."""
        known = migrations()
        newest = max((v for v, _, _ in known), default=0)

        def check(done: set[int]) -> None:
            if done and max(done) > newest:
                raise StoreError(
                    f"store {self.path} was written by a newer babelwire (schema {max(done)}, "
                    f"this version knows {newest}); upgrade babelwire"
                )

        done = self._applied()
        check(done)
        if all(v in done for v, _, _ in known):
            return  # the common case: no write lock taken
        with self.transaction():
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            done = self._applied()  # another process may have migrated since we looked
            check(done)
            for version, name, sql in known:
                if version in done:
                    continue
                for statement in split_sql(sql):
                    self.conn.execute(statement)
                self.conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                    (version, name, now_iso()),
                )
            if done and 8 not in done:
                # Counts are derived from the text: an existing store counts what it holds, once
                # every migration is in (reading articles needs the newest columns).
                from ..boilerplate import recount

                recount(self)

    def change_count(self) -> int:
        """Moves whenever articles, stories, merges or vectors change (migration 0007)."""
        row = self._one("SELECT n FROM change_counter WHERE id = 1")
        return int(row[0]) if row else 0

    def data_version(self) -> Hashable | None:
        """SQLite's data_version (commits by other connections) plus this connection's own writes."""
        try:
            return int(self._scalar("PRAGMA data_version")), self._db.total_changes
        except sqlite3.Error:
            return None

    def writer_lock(self, name: str, *, wait: bool = True):
        """A lock file beside the store (locks.py); nothing to lock for an in-memory store."""
        if name not in self._locks:
            self._locks[name] = StoreLock(self.path, name)
        return self._locks[name].held(wait)

    def index_dir(self) -> str | None:
        """``<db>.usearch`` beside a file store; None (memory only) for an in-memory one."""
        p = self.path
        if not p or p == ":memory:" or p.startswith("file::memory:"):
            return None
        return str(Path(p).expanduser()) + ".usearch"

    def feeds(self) -> FeedStore:
        return SQLiteFeedStore(self)

    def briefs(self) -> BriefCache:
        return SQLiteBriefCache(self)

    def sentence_vectors(self) -> SentenceVectorCache:
        return SQLiteSentenceVectorCache(self)

    def alerts(self) -> AlertStore:
        return SQLiteAlertStore(self)

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    @contextmanager
    def transaction(self):
        """BEGIN IMMEDIATE (avoids upgrade deadlocks); a nested call is a savepoint of the outer
        transaction, so a failure inside it takes back its own writes only, and a caller that
        handles the failure (one bad item of a batch) keeps the rest of the batch."""
        with self._lock:
            if self._depth:
                name = f"bw{self._depth}"
                self.conn.execute(f"SAVEPOINT {name}")
                self._depth += 1
                try:
                    yield self
                except BaseException:
                    try:
                        self.conn.execute(f"ROLLBACK TO {name}")
                        self.conn.execute(f"RELEASE {name}")
                    except sqlite3.Error:
                        pass  # the outer transaction is rolled back as the error reaches it
                    raise
                else:
                    self.conn.execute(f"RELEASE {name}")
                finally:
                    self._depth -= 1
                return
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as e:
                what = "is busy" if "locked" in str(e) or "busy" in str(e) else "cannot be written"
                raise StoreError(f"store {self.path} {what}: {e}") from None
            self._depth = 1
            try:
                yield self
            except BaseException as e:
                self.conn.execute("ROLLBACK")
                if isinstance(e, sqlite3.OperationalError):  # read-only, full disk, I/O error
                    raise StoreError(f"store {self.path} cannot be written: {e}") from None
                raise
            else:
                try:
                    self.conn.execute("COMMIT")
                except sqlite3.OperationalError as e:
                    self.conn.execute("ROLLBACK")
                    raise StoreError(f"store {self.path} cannot be written: {e}") from None
            finally:
                self._depth = 0

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            return self.conn.execute(sql, params).fetchone()

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the one row a COUNT or PRAGMA answers."""
        row = self._one(sql, params)
        if row is None:
            raise StoreError(f"the store gave no answer to: {sql[:60]}")
        return row[0]

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self.conn.execute(sql, params).fetchall()

    # -- articles -----------------------------------------------------------------------
    def _existing(self, where: str, value: str) -> Existing | None:
        row = self._one(f"SELECT id, content_hash FROM articles WHERE {where} = ? LIMIT 1", (value,))
        return Existing(row[0], row[1]) if row else None

    def find_by_id(self, article_id: str) -> Existing | None:
        return self._existing("id", article_id)

    def find_by_url(self, url: str) -> Existing | None:
        return self._existing("url", url)

    def find_by_hash(self, content_hash: str) -> Existing | None:
        return self._existing("content_hash", content_hash)

    def _values(self, a: Article) -> tuple:
        d = a.to_dict()
        d["metadata"] = json.dumps(d["metadata"], ensure_ascii=False, default=str)
        return tuple(d[k] for k in _COLUMNS)

    def insert_article(self, article: Article) -> None:
        with self._lock:
            self.conn.execute(
                f"INSERT INTO articles ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                self._values(article),
            )

    def replace_article(self, article: Article) -> None:
        cols = [c for c in _COLUMNS if c not in ("id", "story_id")]
        vals = dict(zip(_COLUMNS, self._values(article)))
        with self._lock:
            self.conn.execute(
                f"UPDATE articles SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?",
                [vals[c] for c in cols] + [article.id],
            )
            self.conn.execute("DELETE FROM minhash_bands WHERE article_id = ?", (article.id,))
            self.conn.execute("DELETE FROM article_signatures WHERE article_id = ?", (article.id,))

    def get_article(self, article_id: str) -> Article | None:
        row = self._one("SELECT * FROM articles WHERE id = ?", (article_id,))
        return _row_to_article(row) if row else None

    def get_articles(self, article_ids: Sequence[str]) -> list[Article]:
        """Articles by id, in the order asked; unknown ids are left out."""
        found: dict[str, Article] = {}
        ids = list(dict.fromkeys(article_ids))
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows = self._all(f"SELECT * FROM articles WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
            for r in rows:
                found[r["id"]] = _row_to_article(r)
        return [found[i] for i in ids if i in found]

    def _where(self, flt: ArticleFilter | None) -> tuple[str, list[Any]]:
        if flt is None:
            return "", []
        clauses, params = [], []
        if flt.language:
            clauses.append("language = ?")
            params.append(flt.language)
        if flt.source:
            clauses.append("source = ?")
            params.append(flt.source)
        if flt.since:
            clauses.append("published >= ?")
            params.append(flt.since)
        if flt.until:
            # "2020-07" as an upper bound includes every day of July.
            clauses.append("published < ?")
            params.append(flt.until + "\uffff")
        if flt.story_id:
            clauses.append("story_id = ?")
            params.append(flt.story_id)
        if flt.ids is not None:
            clauses.append(f"id IN ({', '.join('?' * len(flt.ids))})")
            params.extend(flt.ids)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def iter_articles(self, flt: ArticleFilter | None = None) -> Iterator[Article]:
        where, params = self._where(flt)
        order = {
            "published": "published IS NULL, published, id",
            "ingested": "ingested_at, id",
            "id": "id",
        }.get(flt.order if flt else "published", "id")
        sql = f"SELECT * FROM articles{where} ORDER BY {order}"
        if flt and flt.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [flt.limit, flt.offset]
        for row in self._all(sql, params):
            yield _row_to_article(row)

    def count_articles(self, flt: ArticleFilter | None = None) -> int:
        where, params = self._where(flt)
        return int(self._scalar(f"SELECT COUNT(*) FROM articles{where}", params))

    def stats(self) -> dict[str, Any]:
        def grouped(expr: str) -> dict[str, int]:
            rows = self._all(
                f"SELECT {expr} AS k, COUNT(*) FROM articles GROUP BY k ORDER BY COUNT(*) DESC, k"
            )
            return {("unknown" if k is None else k): n for k, n in rows}

        return {
            "articles": self.count_articles(),
            "duplicates": int(self._scalar("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL")),
            "by_language": grouped("language"),
            "by_source": grouped("source"),
            "by_day": dict(sorted(grouped("substr(published, 1, 10)").items())),
        }

    def search_articles(self, query: str, limit: int = 20) -> list[tuple[str, float]]:
        """Keyword matches as (article id, rank), best first; any script (trigram index)."""
        terms = [t for t in query.split() if len(t) >= 3]
        if not terms:
            return []
        # Quote each term so user input is never read as FTS5 query syntax.
        match = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
        rows = self._all(
            "SELECT a.id, bm25(article_search) AS r FROM article_search "
            "JOIN articles a ON a.rowid = article_search.rowid "
            "WHERE article_search MATCH ? ORDER BY r LIMIT ?",
            (match, limit),
        )
        return [(r[0], -float(r[1])) for r in rows]

    def article_vectors(self, model_id: str) -> list[tuple[str, bytes]]:
        rows = self._all(
            "SELECT a.id, e.vector FROM articles a JOIN embeddings e "
            "ON e.content_hash = a.content_hash AND e.model_id = ?", (model_id,))
        return [(r[0], r[1]) for r in rows]

    # -- boilerplate counts (migration 0008) ----------------------------------------------
    def add_line_counts(self, items: Iterable[tuple[int, int | None, str | None]], *, delta: int = 1) -> None:
        """Count units, one (key, day, source) per article holding the unit; ``delta=-1`` takes
        articles back out (counts only: first/last day and first source stay as they were)."""
        with self._lock:
            if delta > 0:
                self.conn.executemany(_COUNT_LINE, [(k, int(d is not None), d, d, src) for k, d, src in items])
                return
            rows = [(int(d is not None), k) for k, d, _ in items]
            self.conn.executemany(
                "UPDATE boilerplate_lines SET docs = docs - 1, dated_docs = max(0, dated_docs - ?) WHERE key = ?", rows
            )
            self.conn.executemany("DELETE FROM boilerplate_lines WHERE key = ? AND docs <= 0", [(k,) for _, k in rows])

    def recurring_lines(self, min_docs: int) -> list[LineCount]:
        # `docs >= 2` repeats the partial index's condition so SQLite can use it.
        try:
            rows = self._all(
                "SELECT key, docs, dated_docs, first_day, last_day, first_source, other_source_docs "
                "FROM boilerplate_lines WHERE docs >= 2 AND docs >= ?",
                (max(2, int(min_docs)),),
            )
        except sqlite3.OperationalError:  # opened read-only before migration 0008: nothing known
            return []
        return [LineCount(*r) for r in rows]

    def clear_line_counts(self) -> None:
        with self._lock:
            self.conn.execute("DELETE FROM boilerplate_lines")

    # -- near-duplicate signatures ------------------------------------------------------
    def put_signature(self, article_id: str, minhash: bytes, bands: Iterable[int]) -> None:
        with self._lock:
            self.conn.execute(
                "INSERT OR REPLACE INTO article_signatures VALUES (?, ?)", (article_id, minhash)
            )
            self.conn.executemany(
                "INSERT OR IGNORE INTO minhash_bands VALUES (?, ?, ?)",
                [(i, h, article_id) for i, h in enumerate(bands)],
            )

    def band_candidates(self, bands: Sequence[int], limit: int = 50) -> list[tuple[str, bytes]]:
        if not bands:
            return []
        cond = " OR ".join("(band = ? AND hash = ?)" for _ in bands)
        params: list[Any] = []
        for i, h in enumerate(bands):
            params += [i, h]
        rows = self._all(
            f"SELECT s.article_id, s.minhash FROM article_signatures s JOIN ("
            f"SELECT DISTINCT article_id FROM minhash_bands WHERE {cond} LIMIT ?) c "
            f"ON c.article_id = s.article_id",
            params + [limit],
        )
        return [(r[0], r[1]) for r in rows]


# One upsert per unit: min/max keep the dated span, NULLs (no date) leave it alone.
_COUNT_LINE = (
    "INSERT INTO boilerplate_lines (key, docs, dated_docs, first_day, last_day, first_source) "
    "VALUES (?, 1, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
    "docs = docs + 1, dated_docs = dated_docs + excluded.dated_docs, "
    "first_day = min(coalesce(first_day, excluded.first_day), coalesce(excluded.first_day, first_day)), "
    "last_day = max(coalesce(last_day, excluded.last_day), coalesce(excluded.last_day, last_day)), "
    "other_source_docs = other_source_docs + coalesce(excluded.first_source != first_source, 0), "
    "first_source = coalesce(first_source, excluded.first_source)"
)


def split_sql(sql: str) -> list[str]:
    """Whole statements of a migration file, trigger bodies (BEGIN … END;) kept together."""
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        if not buf and line.strip().startswith("--"):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
