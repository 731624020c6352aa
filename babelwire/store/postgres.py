"""PostgreSQL store: one database shared by many processes (watch workers, web servers).

psycopg 3 with a ``psycopg_pool`` connection pool: reads take any pooled connection, so web
threads read in parallel while a writer works; a transaction keeps one connection for its
thread until it commits. The queries of the SQLite mixins (stories, browse, translations,
feeds, brief caches) are written in the SQL both databases accept and run here through
``pg_sql`` (placeholders, ``INSERT OR REPLACE/IGNORE`` as ``ON CONFLICT``), so each query
keeps one home. What differs lives here: connections and transactions, the schema
(``migrations_pg/``), keyword search (pg_trgm), the boilerplate upsert, advisory locks and
feed and alert-outbox claims. Vectors are ``bytea`` (float32 little-endian, as in SQLite); the ANN index stays
derived, rebuilt per process under ``index_dir``.
"""
from __future__ import annotations

import hashlib
import os
import re
import threading
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Hashable, Iterable, Iterator, Sequence

import psycopg
from psycopg_pool import ConnectionPool

from ..dates import now_iso
from ..errors import InputError, StoreError
from . import shown_url
from .base import AlertStore, BriefCache, Feed, FeedStore, LineCount, OpenItem, SentenceVectorCache
from .sqlite import SQLiteStore
from .sqlite_alerts import SQLiteAlertStore
from .sqlite_briefs import SQLiteBriefCache, SQLiteSentenceVectorCache
from .sqlite_feeds import FEED_COLS, SQLiteFeedStore

# Primary keys of the tables that SQLite code writes with INSERT OR REPLACE, and their columns
# in table order (some statements name no columns).
_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "embeddings": (("content_hash", "model_id"), ("content_hash", "model_id", "vector")),
    "stories": (("id",), ("id", "created_at", "updated_at", "first_seen", "last_seen", "article_count",
                          "languages", "headline", "headline_language", "headline_article", "merged_into", "seq")),
    "story_aliases": (("alias",), ("alias", "story_id", "merged_at")),
    "cluster_slots": (("slot",), ("slot", "article_id")),
    "article_signatures": (("article_id",), ("article_id", "minhash")),
    "minhash_bands": (("band", "hash", "article_id"), ("band", "hash", "article_id")),
    "briefs": (("story_id", "lang"), ("story_id", "lang", "members_hash", "json", "built_at")),
    "brief_sentence_vectors": (("model_id", "sentence_key"), ("model_id", "sentence_key", "vector")),
    "translations": (("text_hash", "source", "target", "backend", "model"),
                     ("text_hash", "source", "target", "backend", "model", "translation", "created_at")),
}
_INSERT_OR = re.compile(r"^\s*INSERT OR (REPLACE|IGNORE) INTO (\w+)\s*(\(([^)]*)\))?", re.I)
_SQLITE_DAY_BEFORE = re.compile(r"datetime\(([^()]*\([^()]*\))\s*,\s*'-1 day'\)")
_cache: dict[str, str] = {}


def pg_sql(sql: str) -> str:
    """SQLite-flavoured SQL of the shared queries as PostgreSQL runs it (memoised)."""
    out = _cache.get(sql)
    if out is not None:
        return out
    out = sql.replace("%", "%%").replace("?", "%s")
    m = _INSERT_OR.match(out)
    if m:
        how, table = m.group(1).upper(), m.group(2)
        out = out[:m.start()] + f"INSERT INTO {table} {m.group(3) or ''} " + out[m.end():].lstrip()
        if how == "IGNORE":
            out += " ON CONFLICT DO NOTHING"
        else:
            key, cols = _TABLES[table]
            named = [c.strip() for c in m.group(4).split(",")] if m.group(4) else list(cols)
            sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in named if c not in key)
            out += f" ON CONFLICT ({', '.join(key)}) DO " + (f"UPDATE SET {sets}" if sets else "NOTHING")
    # growth (sqlite_browse): a day before the newest member, in SQLite's datetime() format
    out = _SQLITE_DAY_BEFORE.sub(
        r"to_char((\1)::timestamptz AT TIME ZONE 'UTC' - interval '1 day', 'YYYY-MM-DD HH24:MI:SS')", out)
    if len(_cache) < 4096:
        _cache[sql] = out
    return out


class _Row(tuple):
    """A row readable by position and by column name, as sqlite3.Row is."""

    _index: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor: Any) -> Any:
    index = {c.name: i for i, c in enumerate(cursor.description or ())}

    def make(values: Sequence[Any]) -> _Row:
        r = _Row(values)
        r._index = index
        return r

    return make


class _Result:
    """What the shared code reads back from ``conn.execute``: rows, rowcount."""

    def __init__(self, rows: list[Any], rowcount: int):
        self._rows, self.rowcount, self.lastrowid = rows, rowcount, None

    def fetchone(self) -> Any:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[Any]:
        return self._rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)


class _Conn:
    """``store.conn`` for the shared SQLite-side code: runs on this thread's transaction
    connection, or on a pooled one outside a transaction."""

    def __init__(self, store: "PostgresStore"):
        self.store = store

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _Result:
        with self.store._connection() as c:
            cur = c.execute(pg_sql(sql), params or None)
            return _Result(cur.fetchall() if cur.description else [], cur.rowcount)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> _Result:
        rows = list(rows)
        if not rows:
            return _Result([], 0)
        with self.store._connection() as c:
            with c.cursor() as cur:
                cur.executemany(pg_sql(sql), rows)
                return _Result([], cur.rowcount)


def _migrations() -> list[tuple[int, str, str]]:
    out = []
    for entry in resources.files("babelwire.store").joinpath("migrations_pg").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            out.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(out)


def default_index_root() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(base) / "babelwire" / "index")


_MIGRATE_LOCK = 0x62770001  # advisory lock ids: "bw" + a number
_LOCK_BASE = 0x62770100


class PostgresStore(SQLiteStore):
    """The Store interface on PostgreSQL. Inherits the query methods of SQLiteStore (their SQL
    is portable, see the module docstring) and replaces what touches a connection."""

    input_errors = (psycopg.IntegrityError, psycopg.DataError)
    failure_errors = (StoreError, psycopg.DatabaseError, psycopg.InterfaceError)

    def __init__(self, path: str, *, index_dir: str | None = None, pool_size: int = 4,
                 timeout: float = 30.0, **_: Any):
        self.url = str(path)
        self.path = shown_url(self.url)
        self._lock = threading.RLock()  # one transaction at a time per store object
        self._depth = 0
        self._tx: Any = None
        self._tx_owner: int | None = None
        self._held: dict[str, tuple[Any, int]] = {}
        self._held_lock = threading.Lock()
        digest = hashlib.sha256(self.path.encode()).hexdigest()[:16]
        self._index_dir = str(Path(index_dir or default_index_root()).expanduser() / digest) + ".usearch"
        self.conn = _Conn(self)
        try:
            self._pool = ConnectionPool(
                self.url, min_size=1, max_size=max(2, int(pool_size)), timeout=timeout, open=True,
                kwargs={"autocommit": True, "row_factory": _row_factory}, name="babelwire",
            )
            self._pool.wait(timeout=timeout)
            self._migrate()
        except StoreError:
            self._close_pool()
            raise
        except Exception as e:  # psycopg's, and the pool's own (PoolTimeout)
            self._close_pool()
            raise StoreError(f"cannot open store {self.path}: {e}") from None

    # -- plumbing -----------------------------------------------------------------------
    @contextmanager
    def _connection(self) -> Iterator[Any]:
        if self._tx is not None and self._tx_owner == threading.get_ident():
            yield self._tx
            return
        try:
            with self._pool.connection() as c:
                yield c
        except psycopg.OperationalError as e:
            raise StoreError(f"store {self.path} cannot be reached: {e}") from None

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._connection() as c:
            return c.execute(pg_sql(sql), params or None).fetchone()

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._connection() as c:
            return c.execute(pg_sql(sql), params or None).fetchall()

    def _migrate(self) -> None:
        known = _migrations()
        newest = max(v for v, _, _ in known)
        with self.transaction():
            c = self._tx
            c.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATE_LOCK,))  # one migrator at a time
            c.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                      "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            done = {r[0] for r in c.execute("SELECT version FROM schema_migrations").fetchall()}
            if done and max(done) > newest:
                raise StoreError(f"store {self.path} was written by a newer babelwire (schema {max(done)}, "
                                 f"this version knows {newest}); upgrade babelwire")
            for version, name, sql in known:
                if version not in done:
                    c.execute(sql)  # no parameters: the whole file runs as one simple query
                    c.execute("INSERT INTO schema_migrations VALUES (%s, %s, %s)",
                              (version, name, now_iso()))

    @contextmanager
    def transaction(self):
        """One connection for this thread until COMMIT; a nested call is a savepoint, as in SQLite."""
        with self._lock:
            if self._depth:
                name = f"bw{self._depth}"
                self._tx.execute(f"SAVEPOINT {name}")
                self._depth += 1
                try:
                    yield self
                except BaseException:
                    try:
                        self._tx.execute(f"ROLLBACK TO SAVEPOINT {name}")
                        self._tx.execute(f"RELEASE SAVEPOINT {name}")
                    except psycopg.Error:
                        pass  # the outer transaction is rolled back as the error reaches it
                    raise
                else:
                    self._tx.execute(f"RELEASE SAVEPOINT {name}")
                finally:
                    self._depth -= 1
                return
            try:
                with self._pool.connection() as c:
                    c.execute("BEGIN")
                    self._tx, self._tx_owner, self._depth = c, threading.get_ident(), 1
                    try:
                        yield self
                    except BaseException:
                        try:
                            c.execute("ROLLBACK")
                        except psycopg.Error:
                            pass
                        raise
                    else:
                        c.execute("COMMIT")
                    finally:
                        self._tx, self._tx_owner, self._depth = None, None, 0
            except psycopg.OperationalError as e:
                raise StoreError(f"store {self.path} cannot be written: {e}") from None

    def _close_pool(self) -> None:
        pool = getattr(self, "_pool", None)
        if pool is not None:
            pool.close()

    def close(self) -> None:
        with self._lock:
            self._close_pool()

    def schema_version(self) -> int:
        row = self._one("SELECT MAX(version) FROM schema_migrations")
        return int(row[0] or 0)

    def data_version(self) -> Hashable | None:
        return self.change_count()

    @contextmanager
    def writer_lock(self, name: str, *, wait: bool = True) -> Iterator[bool]:
        """A session advisory lock on a connection of its own: held across transactions, and
        dropped by the server when the holder dies. Re-entrant within this store object;
        ``wait=False`` tries once (``pg_try_advisory_lock``) and yields False when taken."""
        key = _LOCK_BASE + int(hashlib.sha256(name.encode()).hexdigest()[:6], 16)
        with self._held_lock:
            held = self._held.get(name)
            if held is not None and held[0] == threading.get_ident():
                self._held[name] = (held[0], held[1] + 1)
                nested = True
            else:
                nested = False
        if nested:
            try:
                yield True
            finally:
                with self._held_lock:
                    owner, n = self._held[name]
                    self._held[name] = (owner, n - 1)
            return
        with self._pool.connection() as c:
            if wait:
                c.execute("SELECT pg_advisory_lock(%s)", (key,))
            else:
                got = c.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
                if not (got and got[0]):
                    yield False
                    return
            with self._held_lock:
                self._held[name] = (threading.get_ident(), 1)
            try:
                yield True
            finally:
                with self._held_lock:
                    self._held.pop(name, None)
                c.execute("SELECT pg_advisory_unlock(%s)", (key,))

    def index_dir(self) -> str | None:
        """Under the ``index_dir`` setting (a per-user cache by default), one per database URL."""
        return self._index_dir

    def feeds(self) -> FeedStore:
        return PostgresFeedStore(self)

    def alerts(self) -> AlertStore:
        return PostgresAlertStore(self)

    def briefs(self) -> BriefCache:
        return SQLiteBriefCache(self, enabled=True)  # the tables come with the first migration

    def sentence_vectors(self) -> SentenceVectorCache:
        return SQLiteSentenceVectorCache(self, enabled=True)

    # -- what the SQL of SQLite cannot say ------------------------------------------------
    def search_articles(self, query: str, limit: int = 20) -> list[tuple[str, float]]:
        """Every term (3+ characters) inside the title or lead, ranked by trigram word similarity."""
        terms = [t for t in query.split() if len(t) >= 3]
        if not terms:
            return []
        doc = "(coalesce(title, '') || ' ' || substr(text, 1, 1500))"
        likes = ["%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for t in terms]
        with self._connection() as c:
            rows = c.execute(
                f"SELECT id, word_similarity(%s, {doc}) AS r FROM articles "
                f"WHERE {doc} ILIKE ALL(%s) ORDER BY r DESC, id LIMIT %s",
                (" ".join(terms), likes, limit),
            ).fetchall()
        return [(r[0], float(r[1])) for r in rows]

    def add_line_counts(self, items: Iterable[tuple[int, int | None, str | None]], *, delta: int = 1) -> None:
        with self._connection() as c, c.cursor() as cur:
            if delta > 0:
                rows = [(k, int(d is not None), d, d, src) for k, d, src in items]
                if rows:
                    cur.executemany(_COUNT_LINE, rows)
                return
            rows2 = [(int(d is not None), k) for k, d, _ in items]
            if rows2:
                cur.executemany("UPDATE boilerplate_lines SET docs = docs - 1, "
                                "dated_docs = GREATEST(0, dated_docs - %s) WHERE key = %s", rows2)
                cur.executemany("DELETE FROM boilerplate_lines WHERE key = %s AND docs <= 0",
                                [(k,) for _, k in rows2])

    def recurring_lines(self, min_docs: int) -> list[LineCount]:
        rows = self._all(
            "SELECT key, docs, dated_docs, first_day, last_day, first_source, other_source_docs "
            "FROM boilerplate_lines WHERE docs >= 2 AND docs >= ?", (max(2, int(min_docs)),))
        return [LineCount(*r) for r in rows]


# The SQLite upsert (sqlite.py) with PostgreSQL's two-argument LEAST/GREATEST.
_COUNT_LINE = (
    "INSERT INTO boilerplate_lines AS b (key, docs, dated_docs, first_day, last_day, first_source) "
    "VALUES (%s, 1, %s, %s, %s, %s) ON CONFLICT(key) DO UPDATE SET "
    "docs = b.docs + 1, dated_docs = b.dated_docs + excluded.dated_docs, "
    "first_day = LEAST(coalesce(b.first_day, excluded.first_day), coalesce(excluded.first_day, b.first_day)), "
    "last_day = GREATEST(coalesce(b.last_day, excluded.last_day), coalesce(excluded.last_day, b.last_day)), "
    "other_source_docs = b.other_source_docs + coalesce((excluded.first_source <> b.first_source)::int, 0), "
    "first_source = coalesce(b.first_source, excluded.first_source)"
)


class PostgresFeedStore(SQLiteFeedStore):
    """Feeds on PostgreSQL: the SQLite feed store's queries, plus what needs RETURNING."""

    def add(self, url: str, *, name: str | None = None, language: str | None = None,
            country: str | None = None):
        try:
            with self.store.transaction():
                row = self.store._one(
                    "INSERT INTO feeds (url, name, language, country, added_at) VALUES (?, ?, ?, ?, ?) "
                    "RETURNING id", (url, name, language, country, now_iso()))
        except psycopg.IntegrityError:
            raise InputError("this feed is already added (see `babelwire feeds`)", path=url) from None
        feed = self.get(row[0])
        assert feed is not None
        return feed

    def claim_due(self, now: str, until: str, limit: int | None = None) -> list[Feed]:
        """Due feeds (the ``limit`` longest due), their next fetch moved to ``until`` in one
        statement; rows another worker is claiming at the same moment are skipped (FOR UPDATE
        SKIP LOCKED), not waited for."""
        cols = ", ".join(f"f.{c}" for c in FEED_COLS)
        with self.store.transaction():
            rows = self.store._tx.execute(
                "WITH c AS (SELECT id, next_fetch_at AS was FROM feeds "
                "  WHERE next_fetch_at IS NULL OR next_fetch_at <= %s "
                "  ORDER BY next_fetch_at NULLS FIRST, id LIMIT %s FOR UPDATE SKIP LOCKED) "
                f"UPDATE feeds f SET next_fetch_at = %s FROM c WHERE f.id = c.id RETURNING {cols}, c.was",
                (now, limit, until)).fetchall()
        rows.sort(key=lambda r: (r["was"] is not None, r["was"] or "", r["id"]))
        return [self._feed(r) for r in rows]

    def claim_items(self, now: str, until: str, feed_ids: Iterable[int] | None = None) -> list[OpenItem]:
        """Open items nobody holds a live claim on, claimed until ``until``."""
        where = "(status = 'pending' OR (status = 'failed' AND next_try_at <= %s)) " \
                "AND (claimed_until IS NULL OR claimed_until <= %s)"
        params: list[Any] = [now, now]
        if feed_ids is not None:
            where += " AND feed_id = ANY(%s)"
            params.append(list(feed_ids))
        with self.store.transaction():
            rows = self.store._tx.execute(
                f"WITH c AS (SELECT feed_id, key FROM feed_items WHERE {where} FOR UPDATE SKIP LOCKED) "
                "UPDATE feed_items i SET claimed_until = %s FROM c WHERE i.feed_id = c.feed_id AND i.key = c.key "
                "RETURNING i.feed_id, i.key, i.url, i.status, i.attempts, i.data, i.first_seen",
                [*params, until]).fetchall()
        rows.sort(key=lambda r: (r[6], r[0], r[1]))
        return [OpenItem(*tuple(r)[:6]) for r in rows]

    def release_items(self, keys: Iterable[tuple[int, str]]) -> None:
        rows = list(keys)
        if rows:
            with self.store.transaction():
                self.conn.executemany("UPDATE feed_items SET claimed_until = NULL WHERE feed_id = ? AND key = ? "
                                      "AND status IN ('pending', 'failed')", rows)

    def finish_item(self, feed_id: int, key: str, **kw: Any) -> None:
        with self.store.transaction():
            super().finish_item(feed_id, key, **kw)
            self.conn.execute("UPDATE feed_items SET claimed_until = NULL WHERE feed_id = ? AND key = ?",
                              (feed_id, key))



class PostgresAlertStore(SQLiteAlertStore):
    """Alerts on PostgreSQL: the SQLite alert store's queries, and a claim that skips the rows
    another worker is claiming at the same moment (an ``IN (subquery)`` UPDATE alone would let
    two workers both take a row under READ COMMITTED)."""

    def _claim(self, table: str, cols: str, where: str, sets: str, now: str, until: str, limit: int) -> list[Any]:
        named = ", ".join(f"t.{c.strip()}" for c in cols.split(","))
        with self.store.transaction():
            return list(self.store._tx.execute(
                f"WITH c AS (SELECT key FROM {table} WHERE status = 'pending' AND next_try_at <= %s AND {where} "
                f"  ORDER BY next_try_at, key LIMIT %s FOR UPDATE OF {table} SKIP LOCKED) "
                f"UPDATE {table} t SET next_try_at = %s{sets} FROM c WHERE t.key = c.key RETURNING {named}",
                (now, limit, until)).fetchall())

    def _sealed(self, key: str) -> bool:
        # the row stays locked until join_digest commits: a claim (SKIP LOCKED) passes it by
        # meanwhile, and one that sealed it first is seen here (READ COMMITTED re-reads)
        r = self.store._tx.execute("SELECT sealed, status FROM alert_digests WHERE key = %s FOR UPDATE",
                                   (key,)).fetchone()
        return bool(r[0]) or r[1] != "pending"
