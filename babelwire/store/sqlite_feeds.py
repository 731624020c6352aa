"""Feeds and feed items in the SQLite store (tables from migration 0003).

Kept beside ``SQLiteStore`` rather than in it: ``store.feeds()`` (a ``SQLiteFeedStore``) borrows the store's
connection and its ``transaction()``, so feed bookkeeping and the articles it leads to can
commit together (an item is marked done in the same transaction that stores its article).
Only one thread (the watch loop) writes through it.
"""
from __future__ import annotations

import builtins
import sqlite3
from contextlib import nullcontext
from typing import Any, Iterable, Sequence

from ..dates import now_iso
from ..errors import InputError, NotFoundError
from .base import Feed, OpenItem
from .sqlite_host import Connection

FINAL_FAILURES = ("rejected", "blocked")


FEED_COLS = ("id", "url", "name", "language", "country", "added_at", "title", "kind", "etag",
              "last_modified", "last_fetch", "last_status", "last_error", "error_count",
              "next_fetch_at", "items_seen", "items_failed")


class SQLiteFeedStore:
    def __init__(self, store: Any):
        self.store = store
        self.conn: Connection = store.conn

    # -- reads ----------------------------------------------------------------------------
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with getattr(self.store, "_lock", nullcontext()):
            return self.conn.execute(sql, params).fetchall()

    def _feed(self, row: sqlite3.Row) -> Feed:
        d = dict(row)
        return Feed(**{k: d[k] for k in d if k in Feed.__dataclass_fields__})

    def get(self, url_or_id: str | int) -> Feed | None:
        key = str(url_or_id).strip()
        if key.isdigit():
            rows = self._rows(f"SELECT {', '.join(FEED_COLS)} FROM feeds WHERE id = ?", (int(key),))
        else:
            rows = self._rows(f"SELECT {', '.join(FEED_COLS)} FROM feeds WHERE url = ?", (key,))
        return self._feed(rows[0]) if rows else None

    def list(self) -> list[Feed]:
        rows = self._rows(
            f"SELECT {', '.join('f.' + c for c in FEED_COLS)}, "
            "(SELECT COUNT(*) FROM feed_items i WHERE i.feed_id = f.id AND i.status = 'done' "
            "  AND i.article_id IS NOT NULL) AS articles, "
            "(SELECT COUNT(*) FROM feed_items i WHERE i.feed_id = f.id "
            "  AND i.status IN ('pending', 'failed')) AS pending "
            "FROM feeds f ORDER BY f.id"
        )
        return [self._feed(r) for r in rows]

    def due(self, now: str) -> builtins.list[Feed]:
        rows = self._rows(
            f"SELECT {', '.join(FEED_COLS)} FROM feeds "
            "WHERE next_fetch_at IS NULL OR next_fetch_at <= ? ORDER BY next_fetch_at IS NOT NULL, next_fetch_at, id",
            (now,),
        )
        return [self._feed(r) for r in rows]

    def claim_due(self, now: str, until: str, limit: int | None = None) -> builtins.list[Feed]:
        return self.due(now)  # one watcher per SQLite file: nothing to share (every due feed)

    def claim_items(self, now: str, until: str, feed_ids: Iterable[int] | None = None) -> builtins.list[OpenItem]:
        return self.open_items(now, feed_ids)

    def release_items(self, keys: Iterable[tuple[int, str]]) -> None:
        return None  # nothing was claimed

    def next_due(self) -> str | None:
        rows = self._rows("SELECT MIN(coalesce(next_fetch_at, '')) FROM feeds")
        return rows[0][0] if rows and rows[0][0] is not None else None

    def open_items(self, now: str, feed_ids: Iterable[int] | None = None) -> builtins.list[OpenItem]:
        """Items still to do: pending ones, and failed ones whose retry time has come."""
        sql = ("SELECT feed_id, key, url, status, attempts, data FROM feed_items "
               "WHERE (status = 'pending' OR (status = 'failed' AND next_try_at <= ?))")
        params: builtins.list[Any] = [now]
        if feed_ids is not None:
            ids = list(feed_ids)
            sql += f" AND feed_id IN ({', '.join('?' * len(ids))})"
            params += ids
        rows = self._rows(sql + " ORDER BY first_seen, feed_id, key", params)
        return [OpenItem(*tuple(r)) for r in rows]

    def unclustered_articles(self) -> builtins.list[str]:
        """Articles stored from feeds that have no story yet (a run killed before clustering)."""
        rows = self._rows(
            "SELECT DISTINCT i.article_id FROM feed_items i JOIN articles a ON a.id = i.article_id "
            "WHERE i.status = 'done' AND a.story_id IS NULL"
        )
        return [r[0] for r in rows]

    def count_items(self, status: str | None = None) -> int:
        if status is None:
            return int(self._rows("SELECT COUNT(*) FROM feed_items")[0][0])
        return int(self._rows("SELECT COUNT(*) FROM feed_items WHERE status = ?", (status,))[0][0])

    # -- writes ---------------------------------------------------------------------------
    def add(self, url: str, *, name: str | None = None, language: str | None = None,
            country: str | None = None) -> Feed:
        with self.store.transaction():
            try:
                cur = self.conn.execute(
                    "INSERT INTO feeds (url, name, language, country, added_at) VALUES (?, ?, ?, ?, ?)",
                    (url, name, language, country, now_iso()),
                )
            except sqlite3.IntegrityError:
                raise InputError("this feed is already added (see `babelwire feeds`)", path=url) from None
            feed_id = cur.lastrowid
        feed = self.get(feed_id) if feed_id is not None else None
        assert feed is not None
        return feed

    def remove(self, url_or_id: str | int) -> Feed:
        feed = self.get(url_or_id)
        if feed is None:
            raise NotFoundError(f"no feed {url_or_id!r} in {self.store.path} (see `babelwire feeds`)")
        with self.store.transaction():
            # Articles stay: they are stored news now, whatever happens to the feed.
            self.conn.execute("DELETE FROM feed_items WHERE feed_id = ?", (feed.id,))
            self.conn.execute("DELETE FROM feeds WHERE id = ?", (feed.id,))
        return feed

    def record_not_modified(self, feed_id: int, *, now: str, next_at: str) -> None:
        with self.store.transaction():
            self.conn.execute(
                "UPDATE feeds SET last_fetch = ?, last_status = '304', error_count = 0, last_error = NULL, "
                "next_fetch_at = ? WHERE id = ?",
                (now, next_at, feed_id),
            )

    def record_fetched(self, feed_id: int, *, items: Sequence[tuple[str, str | None, str]], status: int,
                       etag: str | None, last_modified: str | None, title: str | None, kind: str | None,
                       warning: str | None, now: str, next_at: str) -> int:
        """Store the feed's validators and queue its new items, in one transaction.

        ``items`` are (key, url, item JSON). Items already known are left as they are.
        Returns how many were new. Because the queue and the validators commit together, a
        crash after this point never loses items behind a later 304.
        """
        with self.store.transaction():
            new = 0
            for key, url, data in items:
                cur = self.conn.execute(
                    "INSERT INTO feed_items (feed_id, key, url, status, data, first_seen, updated_at) "
                    "VALUES (?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT(feed_id, key) DO NOTHING",
                    (feed_id, key, url, data, now, now),
                )
                new += cur.rowcount
            self.conn.execute(
                "UPDATE feeds SET etag = ?, last_modified = ?, title = coalesce(?, title), kind = ?, "
                "last_fetch = ?, last_status = ?, last_error = ?, error_count = 0, next_fetch_at = ?, "
                "items_seen = items_seen + ? WHERE id = ?",
                (etag, last_modified, title, kind, now, str(status), warning, next_at, new, feed_id),
            )
        return new

    def record_error(self, feed_id: int, *, reason: str, status: int | None, now: str,
                     next_at_for: Any) -> str:
        """Count one more consecutive failure; ``next_at_for(error_count)`` gives the next poll."""
        with self.store.transaction():
            row = self.conn.execute("SELECT error_count FROM feeds WHERE id = ?", (feed_id,)).fetchone()
            count = (row[0] if row else 0) + 1
            next_at = next_at_for(count)
            self.conn.execute(
                "UPDATE feeds SET last_fetch = ?, last_status = ?, last_error = ?, error_count = ?, "
                "next_fetch_at = ? WHERE id = ?",
                (now, str(status) if status else "error", reason, count, next_at, feed_id),
            )
        return next_at

    def finish_item(self, feed_id: int, key: str, *, status: str, now: str, article_id: str | None = None,
                    error: str | None = None, next_try_at: str | None = None, url: str | None = None) -> None:
        """Record an item's outcome; call inside the transaction that stored its article."""
        with self.store.transaction():
            keep_data = status == "failed"  # a retry needs the feed's record of the item
            self.conn.execute(
                "UPDATE feed_items SET status = ?, article_id = coalesce(?, article_id), error = ?, "
                "attempts = attempts + ?, next_try_at = ?, updated_at = ?, url = coalesce(url, ?), "
                f"data = {'data' if keep_data else 'NULL'} WHERE feed_id = ? AND key = ?",
                (status, article_id, error, 0 if status == "done" else 1, next_try_at, now, url,
                 feed_id, key),
            )
            if status in FINAL_FAILURES or error:
                shown = f"item {url or key}: {error}" if error else None
                self.conn.execute(
                    "UPDATE feeds SET last_error = coalesce(?, last_error), "
                    "items_failed = items_failed + ? WHERE id = ?",
                    (shown, 1 if status in FINAL_FAILURES else 0, feed_id),
                )
