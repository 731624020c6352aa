"""Brief cache and sentence-vector cache on top of a SQLiteStore (tables from 0004_briefs.sql).

Kept beside the store rather than in it: the store interface stays about articles, and a
server backend offers the same two small classes (base.BriefCache, base.SentenceVectorCache). A store opened read-only, or one whose
schema predates the tables, simply caches nothing.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any, Mapping, Sequence

import numpy as np

from ..errors import StoreError

_CHUNK = 500  # SQLite's variable limit is 999 on old builds


def _has_tables(store: Any) -> bool:
    conn = getattr(store, "conn", None)
    if conn is None:
        return False
    try:
        row = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='briefs'").fetchone()
    except sqlite3.DatabaseError:
        return False
    return row is not None


class SQLiteBriefCache:
    """Cached brief JSON per (story, reader language), checked against a members hash."""

    def __init__(self, store: Any, *, enabled: bool | None = None):
        self.store = store
        self.enabled = _has_tables(store) if enabled is None else enabled

    def get(self, story_id: str, lang: str, members_hash: str) -> dict[str, Any] | None:
        if not self.enabled:
            return None
        row = self.store._one(
            "SELECT json FROM briefs WHERE story_id = ? AND lang = ? AND members_hash = ?",
            (story_id, lang, members_hash),
        )
        return json.loads(row[0]) if row else None

    def discrepancies(self, story_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """The disagreements of each story's latest cached brief (any reader language: the
        values do not depend on it), only that part of the JSON read; stories without one left out."""
        if not self.enabled or not story_ids:
            return {}
        out: dict[str, list[dict[str, Any]]] = {}
        ids = list(dict.fromkeys(story_ids))
        for i in range(0, len(ids), _CHUNK):
            part = ids[i:i + _CHUNK]
            # The whole JSON is read and parsed here (no json_extract): the same query serves
            # the PostgreSQL backend, and a page asks for at most a page of stories.
            for sid, data in self.store._all(
                f"SELECT story_id, json FROM briefs WHERE story_id IN ({', '.join('?' * len(part))}) "
                f"ORDER BY built_at", part):
                out[sid] = (json.loads(data) or {}).get("discrepancies") or [] if data else []  # newer rows win
        return out

    def put(self, story_id: str, lang: str, members_hash: str, data: Mapping[str, Any], built_at: str) -> None:
        if not self.enabled:
            return
        payload = json.dumps(data, ensure_ascii=False, default=str)
        try:
            with self.store.transaction():
                self.store.conn.execute(
                    "INSERT OR REPLACE INTO briefs (story_id, lang, members_hash, json, built_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (story_id, lang, members_hash, payload, built_at),
                )
        except (sqlite3.OperationalError, StoreError):  # read-only or busy: skip caching, not the brief
            self.enabled = False

    def stats(self) -> dict[str, int]:
        if not self.enabled:
            return {"briefs": 0, "sentence_vectors": 0}
        return {
            "briefs": int(self.store._one("SELECT COUNT(*) FROM briefs")[0]),
            "sentence_vectors": int(self.store._one("SELECT COUNT(*) FROM brief_sentence_vectors")[0]),
        }


class SQLiteSentenceVectorCache:
    """float32 sentence vectors by (model id, sentence hash): ``get_many`` / ``put_many``."""

    def __init__(self, store: Any, *, enabled: bool | None = None):
        self.store = store
        self.enabled = _has_tables(store) if enabled is None else enabled

    def get_many(self, model_id: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        if not self.enabled or not keys:
            return out
        uniq = list(dict.fromkeys(keys))
        for i in range(0, len(uniq), _CHUNK):
            part = uniq[i:i + _CHUNK]
            rows = self.store._all(
                f"SELECT sentence_key, vector FROM brief_sentence_vectors WHERE model_id = ? "
                f"AND sentence_key IN ({', '.join('?' * len(part))})",
                [model_id, *part],
            )
            for k, blob in rows:
                out[k] = np.frombuffer(blob, dtype=np.float32)
        return out

    def put_many(self, model_id: str, items: Mapping[str, np.ndarray]) -> None:
        if not self.enabled or not items:
            return
        rows = [(model_id, k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()]
        try:
            with self.store.transaction():
                self.store.conn.executemany(
                    "INSERT OR REPLACE INTO brief_sentence_vectors VALUES (?, ?, ?)", rows)
        except (sqlite3.OperationalError, StoreError):
            self.enabled = False
