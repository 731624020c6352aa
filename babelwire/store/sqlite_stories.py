"""Stories, story events, embeddings and cluster slots in the SQLite store (migration 0002).

Kept beside ``SQLiteStore`` rather than in it so that ``sqlite.py`` stays about opening the
file, migrations, transactions and articles: this is the clustering side of the store, owned by
babelwire/cluster/. ``SQLiteStoriesMixin`` is a mixin, not a standalone class: ``SQLiteStore``
inherits it, so every method here is still a ``SQLiteStore`` method, and it relies on the
store's ``conn``, ``transaction()``, ``_one()`` and ``_all()``. It imports nothing from
``sqlite.py``, so the dependency runs one way.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from typing import Any, Iterable, Iterator, Sequence

from ..dates import now_iso
from .base import ClusterMember, Story as StoryRecord, StoryEvent
from .sqlite_host import SQLiteHost


class SQLiteStoriesMixin(SQLiteHost):
    """The stories/embeddings/cluster-slots half of ``SQLiteStore``; see the module docstring."""

    # == stories, embeddings ===============================================================
    # Record types (Story as StoryRecord, StoryEvent, ClusterMember) come from .base.
    # Owned by babelwire/cluster/; schema in migrations/0002_stories.sql. Vectors are raw
    # little-endian float32 blobs: compact, and numpy reads them without a copy.

    def get_embeddings(self, content_hashes: Sequence[str], model_id: str) -> dict[str, Any]:
        # deferred: numpy is slow to import; paid only when this runs
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
        # deferred: numpy is slow to import; paid only when this runs
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

    def unclustered_article_ids(self) -> list[str]:
        """Articles without a story in arrival order (rowid: PostgreSQL's is a BIGSERIAL)."""
        return [r[0] for r in self._all("SELECT id FROM articles WHERE story_id IS NULL ORDER BY rowid")]

    def link_translations(self, pairs: Iterable[tuple[str, str]]) -> None:
        """(article, original): the article is a translation of the original; a link already made stays."""
        with self._lock:
            self.conn.executemany(
                "UPDATE articles SET duplicate_of = ?, copy_kind = 'translation' WHERE id = ? AND duplicate_of IS NULL",
                [(orig, aid) for aid, orig in pairs if aid != orig],
            )

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

    def put_story(self, story: StoryRecord) -> None:
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
        now = now_iso()
        rows = [(e.at or now, e.kind, e.article_id, e.story_id, e.from_story, e.score) for e in events]
        with self.transaction():
            self.conn.executemany(
                "INSERT INTO story_events (at, kind, article_id, story_id, from_story, score) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )

    def story_events(self, *, story_id: str | None = None, article_id: str | None = None, limit: int | None = None) -> list[StoryEvent]:
        clauses: list[str] = []
        params: list[Any] = []
        if story_id is not None:
            clauses.append("(story_id = ? OR from_story = ?)")
            params += [story_id, story_id]
        if article_id is not None:
            clauses.append("article_id = ?")
            params.append(article_id)
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
        # deferred: numpy is slow to import; paid only when this runs
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
