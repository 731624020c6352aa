"""Machine translations in the SQLite store (migration 0010), a mixin of ``SQLiteStore``.

Keyed by (text hash, source, target, backend, model): the same sentence translated by the
same service into the same language is asked for once, whichever story or reader needs it.
A store opened read-only, or written before 0010, caches nothing and reports no error: the
translation itself is still shown.
"""
from __future__ import annotations

import sqlite3
from typing import Iterable, Sequence

from ..dates import now_iso
from ..errors import StoreError
from .sqlite_host import SQLiteHost

_CHUNK = 400


class SQLiteTranslationsMixin(SQLiteHost):
    def get_translations(self, backend: str, model: str, target: str,
                         keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Cached translations for (text hash, source) pairs; missing ones are left out."""
        out: dict[tuple[str, str], str] = {}
        uniq = list(dict.fromkeys(keys))
        try:
            for i in range(0, len(uniq), _CHUNK):
                part = uniq[i:i + _CHUNK]
                hashes = list({h for h, _ in part})
                rows = self._all(
                    "SELECT text_hash, source, translation FROM translations WHERE backend = ? AND model = ? "
                    f"AND target = ? AND text_hash IN ({', '.join('?' * len(hashes))})",
                    [backend, model, target, *hashes])
                want = set(part)
                for h, src, text in rows:
                    if (h, src) in want:
                        out[(h, src)] = text
        except sqlite3.OperationalError:  # a store from before migration 0010, opened read-only
            return {}
        return out

    def put_translations(self, backend: str, model: str, target: str,
                         rows: Iterable[tuple[str, str, str]]) -> None:
        """Store (text hash, source, translation) rows; quietly nothing on a read-only store."""
        now = now_iso()
        data = [(h, src, target, backend, model, text, now) for h, src, text in rows]
        if not data:
            return
        try:
            with self.transaction():
                self.conn.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?, ?)", data)
        except (sqlite3.OperationalError, StoreError):
            pass
