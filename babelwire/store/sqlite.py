"""SQLite store: one file, WAL mode, numbered migrations applied on open.

Durability: every batch is one transaction with synchronous=FULL, so a process killed at any
point leaves exactly the committed batches and no half-written article.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from ..errors import StoreError
from ..models import Article
from .base import ArticleFilter, Existing

_COLUMNS = (
    "id", "url", "source", "title", "text", "language", "language_confidence",
    "language_source", "published", "published_precision", "published_source",
    "ingested_at", "content_hash", "duplicate_of", "story_id", "metadata",
)


def _migrations() -> list[tuple[int, str, str]]:
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


class SQLiteStore:
    def __init__(self, path: str, *, readonly: bool = False, timeout: float = 30.0):
        self.path = str(path)
        self._lock = threading.RLock()
        self._depth = 0
        try:
            if not readonly:
                Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            uri = f"file:{Path(self.path).expanduser()}{'?mode=ro' if readonly else ''}"
            self.conn = sqlite3.connect(
                uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = FULL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self._migrate()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open store {self.path}: {e}") from None
        except OSError as e:
            raise StoreError(f"cannot create store {self.path}: {e.strerror or e}") from None

    # -- plumbing -----------------------------------------------------------------------
    def _migrate(self) -> None:
        with self.transaction():
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            done = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
        known = _migrations()
        newest = max((v for v, _, _ in known), default=0)
        if done and max(done) > newest:
            raise StoreError(
                f"store {self.path} was written by a newer babelwire (schema {max(done)}, "
                f"this version knows {newest}); upgrade babelwire"
            )
        for version, name, sql in known:
            if version in done:
                continue
            with self.transaction():
                for statement in _split_sql(sql):
                    self.conn.execute(statement)
                self.conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                    (version, name, datetime.now(timezone.utc).isoformat(timespec="seconds")),
                )

    def change_count(self) -> int:
        """Moves whenever articles, stories, merges or vectors change (migration 0007)."""
        row = self._one("SELECT n FROM change_counter WHERE id = 1")
        return int(row[0]) if row else 0

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    @contextmanager
    def transaction(self):
        """Nested calls join the outer transaction; BEGIN IMMEDIATE avoids upgrade deadlocks."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as e:
                raise StoreError(f"store {self.path} is busy: {e}") from None
            self._depth = 1
            try:
                yield self
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")
            finally:
                self._depth = 0

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            return self.conn.execute(sql, params).fetchone()

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
        return int(self._one(f"SELECT COUNT(*) FROM articles{where}", params)[0])

    def stats(self) -> dict[str, Any]:
        def grouped(expr: str) -> dict[str, int]:
            rows = self._all(
                f"SELECT {expr} AS k, COUNT(*) FROM articles GROUP BY k ORDER BY COUNT(*) DESC, k"
            )
            return {("unknown" if k is None else k): n for k, n in rows}

        return {
            "articles": self.count_articles(),
            "duplicates": int(self._one("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL")[0]),
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

    # == stories, embeddings ===============================================================
    # Record types (Story as StoryRecord, StoryEvent, ClusterMember) come from .base, imported
    # where used so this section stays self-contained. Owned by babelwire/cluster/; schema in migrations/0002_stories.sql. Vectors are raw
    # little-endian float32 blobs: compact, and numpy reads them without a copy.

    def get_embeddings(self, content_hashes: Sequence[str], model_id: str) -> dict[str, Any]:
        import numpy as np

        out: dict[str, Any] = {}
        hashes = list(dict.fromkeys(content_hashes))
        for i in range(0, len(hashes), 500):  # stay under SQLite's bound-parameter limit
            chunk = hashes[i : i + 500]
            rows = self._all(
                f"SELECT content_hash, vector FROM embeddings WHERE model_id = ? "
                f"AND content_hash IN ({', '.join('?' * len(chunk))})",
                [model_id, *chunk],
            )
            for h, blob in rows:
                out[h] = np.frombuffer(blob, dtype="<f4")
        return out

    def put_embeddings(self, model_id: str, items: Iterable[tuple[str, Any]]) -> None:
        import numpy as np

        rows = [(h, model_id, np.asarray(v, dtype="<f4").tobytes()) for h, v in items]
        with self.transaction():
            self.conn.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)", rows)

    def count_embeddings(self, model_id: str | None = None) -> int:
        if model_id is None:
            return int(self._one("SELECT COUNT(*) FROM embeddings")[0])
        return int(self._one("SELECT COUNT(*) FROM embeddings WHERE model_id = ?", (model_id,))[0])

    def stream_article_ids(self, *, unclustered_only: bool = False) -> list[str]:
        """Article ids in the order a news stream would bring them: by date, then arrival."""
        where = " WHERE story_id IS NULL" if unclustered_only else ""
        rows = self._all(
            f"SELECT id FROM articles{where} "
            "ORDER BY coalesce(published, ingested_at), ingested_at, rowid"
        )
        return [r[0] for r in rows]

    def set_article_stories(self, pairs: Iterable[tuple[str, str | None]]) -> None:
        with self.transaction():
            self.conn.executemany(
                "UPDATE articles SET story_id = ? WHERE id = ?", [(s, a) for a, s in pairs]
            )

    def story_member_ids(self, story_id: str) -> list[str]:
        rows = self._all(
            "SELECT id FROM articles WHERE story_id = ? "
            "ORDER BY coalesce(published, ingested_at), ingested_at, rowid",
            (story_id,),
        )
        return [r[0] for r in rows]

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

    def put_story(self, story: StoryRecord) -> None:
        from dataclasses import asdict

        d = asdict(story)
        d["languages"] = json.dumps(d["languages"] or {}, ensure_ascii=False, sort_keys=True)
        cols = list(d)
        with self.transaction():
            if not d["seq"]:  # creation order, so "the older story" is never a tie
                d["seq"] = int(self._one("SELECT coalesce(MAX(seq), 0) + 1 FROM stories")[0])
                story.seq = d["seq"]
            self.conn.execute(
                f"INSERT OR REPLACE INTO stories ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [d[c] for c in cols],
            )

    @staticmethod
    def _row_to_story(row: sqlite3.Row) -> StoryRecord:
        from .base import Story as StoryRecord

        d = dict(row)
        d["languages"] = json.loads(d["languages"] or "{}")
        return StoryRecord(**d)

    def get_story(self, story_id: str) -> StoryRecord | None:
        row = self._one("SELECT * FROM stories WHERE id = ?", (story_id,))
        return self._row_to_story(row) if row else None

    def story_exists(self, story_id: str) -> bool:
        if self._one("SELECT 1 FROM stories WHERE id = ?", (story_id,)):
            return True
        return self._one("SELECT 1 FROM story_aliases WHERE alias = ?", (story_id,)) is not None

    def iter_stories(self, *, sort: str = "recent", limit: int | None = None, offset: int = 0) -> Iterator[StoryRecord]:
        order = {
            "recent": "last_seen DESC, article_count DESC, id",
            "size": "article_count DESC, last_seen DESC, id",
            "created": "seq",
        }.get(sort)
        if order is None:
            raise ValueError(f"unknown story order {sort!r}")
        sql = f"SELECT * FROM stories WHERE merged_into IS NULL AND article_count > 0 ORDER BY {order}"
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [limit, offset]
        for row in self._all(sql, params):
            yield self._row_to_story(row)

    def count_stories(self) -> int:
        return int(self._one("SELECT COUNT(*) FROM stories WHERE merged_into IS NULL AND article_count > 0")[0])

    def story_aggregates(self, story_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Member count, first/last seen and language counts of each story, from its articles.

        Seen dates are publication dates; only a story none of whose members has one falls
        back to when its articles were ingested (mixing the two would make a 2020 story look
        current because one undated copy arrived today).
        """
        out: dict[str, dict[str, Any]] = {
            s: {"article_count": 0, "first_seen": None, "last_seen": None, "languages": {}} for s in story_ids
        }
        ingested: dict[str, list[str]] = {}
        ids = list(out)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            for sid, lang, n, first, last, in_first, in_last in self._all(
                f"SELECT story_id, language, COUNT(*), MIN(published), MAX(published), "
                f"MIN(ingested_at), MAX(ingested_at) FROM articles WHERE story_id IN ({marks}) "
                f"GROUP BY story_id, language",
                chunk,
            ):
                agg = out[sid]
                agg["article_count"] += n
                agg["languages"][lang] = n
                if first is not None:
                    agg["first_seen"] = first if agg["first_seen"] is None else min(agg["first_seen"], first)
                    agg["last_seen"] = last if agg["last_seen"] is None else max(agg["last_seen"], last)
                ingested.setdefault(sid, []).extend([in_first, in_last])
        for sid, agg in out.items():
            agg["languages"] = dict(sorted(agg["languages"].items(), key=lambda kv: (-kv[1], kv[0])))
            if agg["first_seen"] is None and ingested.get(sid):
                agg["first_seen"], agg["last_seen"] = min(ingested[sid]), max(ingested[sid])
        return out

    def add_story_alias(self, alias: str, story_id: str, merged_at: str) -> None:
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO story_aliases VALUES (?, ?, ?)", (alias, story_id, merged_at))
            # Aliases always point at a live story: re-point older aliases of the merged one.
            self.conn.execute("UPDATE story_aliases SET story_id = ? WHERE story_id = ?", (story_id, alias))

    def resolve_story_id(self, story_id: str) -> str | None:
        if self._one("SELECT 1 FROM stories WHERE id = ? AND merged_into IS NULL", (story_id,)):
            return story_id
        seen = {story_id}
        current = story_id
        while True:  # follow alias chains defensively (a -> b -> c), never looping
            row = self._one("SELECT story_id FROM story_aliases WHERE alias = ?", (current,))
            if row is None:
                row = self._one("SELECT merged_into FROM stories WHERE id = ?", (current,))
            if row is None or row[0] is None:
                return current if current != story_id and self._one("SELECT 1 FROM stories WHERE id = ?", (current,)) else None
            current = row[0]
            if current in seen:
                return None
            seen.add(current)
            if self._one("SELECT 1 FROM stories WHERE id = ? AND merged_into IS NULL", (current,)):
                return current

    def add_story_events(self, events: Iterable[StoryEvent]) -> None:
        now = self._now_iso()
        rows = [(e.at or now, e.kind, e.article_id, e.story_id, e.from_story, e.score) for e in events]
        with self.transaction():
            self.conn.executemany(
                "INSERT INTO story_events (at, kind, article_id, story_id, from_story, score) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )

    @staticmethod
    def _now_iso() -> str:
        return datetime.now(timezone.utc).isoformat(timespec="seconds")

    def story_events(self, *, story_id: str | None = None, article_id: str | None = None, limit: int | None = None) -> list[StoryEvent]:
        clauses, params = [], []
        if story_id is not None:
            clauses.append("(story_id = ? OR from_story = ?)")
            params += [story_id, story_id]
        if article_id is not None:
            clauses.append("article_id = ?")
            params.append(article_id)
        from .base import StoryEvent

        sql = "SELECT id, at, kind, article_id, story_id, from_story, score FROM story_events"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [
            StoryEvent(kind=r[2], story_id=r[4], article_id=r[3], from_story=r[5], score=r[6], at=r[1], id=r[0])
            for r in self._all(sql, params)
        ]

    def last_story_event_id(self) -> int:
        return int(self._one("SELECT coalesce(MAX(id), 0) FROM story_events")[0])

    def cluster_members(self) -> Iterator[ClusterMember]:
        from .base import ClusterMember

        rows = self._all(
            "SELECT c.slot, c.article_id, a.story_id, a.published, a.ingested_at "
            "FROM cluster_slots c JOIN articles a ON a.id = c.article_id ORDER BY c.slot"
        )
        for r in rows:
            yield ClusterMember(r[0], r[1], r[2], r[3], r[4])

    def add_cluster_slots(self, pairs: Iterable[tuple[int, str]]) -> None:
        with self.transaction():
            self.conn.executemany("INSERT OR REPLACE INTO cluster_slots VALUES (?, ?)", list(pairs))

    def max_cluster_slot(self) -> int:
        return int(self._one("SELECT coalesce(MAX(slot), -1) FROM cluster_slots")[0])

    def slot_vectors(self, model_id: str, batch: int = 10000) -> Iterator[tuple[Any, Any]]:
        """(slots, vectors) in chunks for rebuilding the index; slots without a vector are skipped."""
        import numpy as np

        last = -1
        while True:
            rows = self._all(
                "SELECT c.slot, e.vector FROM cluster_slots c JOIN articles a ON a.id = c.article_id "
                "JOIN embeddings e ON e.content_hash = a.content_hash AND e.model_id = ? "
                "WHERE c.slot > ? ORDER BY c.slot LIMIT ?",
                (model_id, last, batch),
            )
            if not rows:
                return
            last = rows[-1][0]
            slots = np.fromiter((r[0] for r in rows), dtype=np.uint64, count=len(rows))
            vecs = np.vstack([np.frombuffer(r[1], dtype="<f4") for r in rows])
            yield slots, vecs

    # == end of stories, embeddings ========================================================


def _split_sql(sql: str) -> list[str]:
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
