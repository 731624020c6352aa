"""Watchlists, alerts, the delivery outbox and its digests (tables from 0011_alerts.sql,
0012_breaking.sql, 0013_alert_delivery.sql, 0014_channel_reservations.sql and
0015_watchlist_also.sql; PostgreSQL 0004 to 0008).

The queries are written in the SQL both backends accept, so PostgreSQL runs this same class
through ``pg_sql``. Lists and dicts are stored as JSON text.
"""
from __future__ import annotations

import json
from typing import Any, Sequence

from ..errors import InputError
from .base import Alert, Digest, OutboxItem, Watchlist

_WL_COLS = "name, query, languages, places, min_sources, sensitivity, channels, created_at, breaking, outlets, digest, also"
_ALERT_COLS = "id, watchlist, story_id, version, score, data, decided_at, updated_at, sent_version, sent_at, kind"
OUT_COLS = ("key, alert_id, version, channel, payload, status, attempts, next_try_at, last_error, "
             "created_at, sent_at, digest")
DIGEST_COLS = ("key, watchlist, channel, period_start, period_end, status, sealed, attempts, next_try_at, "
               "last_error, sent_at")
_CHUNK = 500
# an outbox row sent on its own: not in a digest, nor of a digest watchlist (a row decided
# after the last assignment waits for the next one rather than go alone)
ALONE = ("digest IS NULL AND NOT EXISTS (SELECT 1 FROM alerts a JOIN watchlists w ON w.name = a.watchlist "
         "WHERE a.id = alert_outbox.alert_id AND w.digest <> 'off')")


def _dump(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def _watchlist(r: Any) -> Watchlist:
    return Watchlist(r[0], r[1], json.loads(r[2] or "[]"), json.loads(r[3] or "[]"), int(r[4]), r[5],
                     json.loads(r[6] or "[]"), r[7], bool(r[8]), json.loads(r[9] or "[]"), r[10] or "off",
                     json.loads(r[11] or "[]"))


def _alert(r: Any) -> Alert:
    return Alert(r[0], r[1], r[2], int(r[3]), float(r[4]), json.loads(r[5]), r[6], r[7], int(r[8]), r[9], r[10])


def outbox_item(r: Any) -> OutboxItem:
    return OutboxItem(r[0], r[1], int(r[2]), json.loads(r[3]), json.loads(r[4]), r[5], int(r[6]), r[7], r[8],
                      r[9], r[10], r[11])


def digest_row(r: Any) -> Digest:
    return Digest(r[0], r[1], json.loads(r[2]), r[3], r[4], r[5], bool(r[6]), int(r[7]), r[8], r[9], r[10])


class SQLiteAlertStore:
    def __init__(self, store: Any):
        self.store = store

    # -- watchlists ------------------------------------------------------------------------
    def add_watchlist(self, watchlist: Watchlist) -> Watchlist:
        w = watchlist
        with self.store.transaction():
            if self.get_watchlist(w.name) is not None:
                raise InputError(f"a watchlist named {w.name!r} exists already (see `babelwire watchlist list`)")
            self.store.conn.execute(
                f"INSERT INTO watchlists ({_WL_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (w.name, w.query, _dump(w.languages), _dump(w.places), w.min_sources, w.sensitivity,
                 _dump(w.channels), w.created_at, int(w.breaking), _dump(w.outlets), w.digest, _dump(w.also)))
        return w

    def update_watchlist(self, watchlist: Watchlist, dropped: Sequence[dict[str, Any]] = ()) -> Watchlist | None:
        w = watchlist
        with self.store.transaction():
            c = self.store.conn
            cur = c.execute("UPDATE watchlists SET query = ?, languages = ?, places = ?, min_sources = ?, sensitivity = ?, "
                            "channels = ?, breaking = ?, outlets = ?, digest = ?, also = ? WHERE name = ?",
                            (w.query, _dump(w.languages), _dump(w.places), w.min_sources, w.sensitivity,
                             _dump(w.channels), int(w.breaking), _dump(w.outlets), w.digest, _dump(w.also), w.name))
            if not cur.rowcount:
                return None
            for ch in dropped:  # stored as _dump wrote them, so equal text is the same channel
                c.execute("DELETE FROM alert_outbox WHERE status <> 'sent' AND channel = ? AND alert_id IN "
                          "(SELECT id FROM alerts WHERE watchlist = ?)", (_dump(ch), w.name))
                c.execute("DELETE FROM alert_digests WHERE status <> 'sent' AND channel = ? AND watchlist = ?",
                          (_dump(ch), w.name))
        return w

    def get_watchlist(self, name: str, *, lock: bool = False) -> Watchlist | None:
        """``lock`` (inside the caller's transaction): hold the row until it ends, so a
        read-change-write is not lost to another at the same moment (PostgreSQL reads commit
        by commit; a no-op write takes the row's lock on both stores)."""
        if lock:
            self.store.conn.execute("UPDATE watchlists SET name = name WHERE name = ?", (name,))
        r = self.store._one(f"SELECT {_WL_COLS} FROM watchlists WHERE name = ?", (name,))
        return _watchlist(r) if r else None

    def watchlists(self) -> list[Watchlist]:
        return [_watchlist(r) for r in self.store._all(f"SELECT {_WL_COLS} FROM watchlists ORDER BY name")]

    def remove_watchlist(self, name: str) -> Watchlist | None:
        with self.store.transaction():
            w = self.get_watchlist(name)
            if w is None:
                return None
            c = self.store.conn
            c.execute("DELETE FROM alert_outbox WHERE status <> 'sent' AND alert_id IN "
                      "(SELECT id FROM alerts WHERE watchlist = ?)", (name,))
            c.execute("DELETE FROM alert_digests WHERE status <> 'sent' AND watchlist = ?", (name,))
            c.execute("DELETE FROM alerts WHERE watchlist = ?", (name,))
            c.execute("DELETE FROM watchlists WHERE name = ?", (name,))
        return w

    # -- alerts ----------------------------------------------------------------------------
    def get_alerts(self, watchlist: str, story_ids: Sequence[str], kind: str = "match") -> dict[str, Alert]:
        """Keyed by the story asked for; an alert raised on a story since merged into it counts
        (aliases are re-pointed on every merge, so one hop reaches the survivor)."""
        out: dict[str, Alert] = {}
        ids = list(dict.fromkeys(story_ids))
        cols = ", ".join(f"a.{c.strip()}" for c in _ALERT_COLS.split(","))
        for i in range(0, len(ids), _CHUNK):
            part = ids[i:i + _CHUNK]
            marks = ", ".join("?" * len(part))
            for r in self.store._all(
                    f"SELECT {cols}, s.story_id FROM alerts a JOIN story_aliases s ON s.alias = a.story_id "
                    f"WHERE a.watchlist = ? AND a.kind = ? AND s.story_id IN ({marks}) ORDER BY a.decided_at DESC",
                    [watchlist, kind, *part]):
                out[r[11]] = _alert(r)
            for r in self.store._all(f"SELECT {_ALERT_COLS} FROM alerts WHERE watchlist = ? AND kind = ? "
                                     f"AND story_id IN ({marks})", [watchlist, kind, *part]):
                a = _alert(r)
                out[a.story_id] = a  # the survivor's own alert wins over a merged one's
        return out

    def put_alert(self, alert: Alert, outbox: Sequence[OutboxItem] = ()) -> None:
        a = alert
        with self.store.transaction():
            c = self.store.conn
            row = (a.watchlist, a.story_id, a.version, a.score, _dump(a.data), a.decided_at, a.updated_at,
                   a.sent_version, a.sent_at, a.kind)
            cur = c.execute("UPDATE alerts SET watchlist = ?, story_id = ?, version = ?, score = ?, data = ?, "
                            "decided_at = ?, updated_at = ?, sent_version = ?, sent_at = ?, kind = ? WHERE id = ?",
                            (*row, a.id))
            if not cur.rowcount:
                c.execute(f"INSERT INTO alerts ({_ALERT_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (a.id, *row))
            for o in outbox:
                c.execute(f"INSERT OR IGNORE INTO alert_outbox ({OUT_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (o.key, o.alert_id, o.version, _dump(o.channel), _dump(o.payload), o.status, o.attempts,
                           o.next_try_at, o.last_error, o.created_at, o.sent_at, o.digest))

    def recent_alerts(self, *, watchlist: str | None = None, limit: int = 50, kind: str | None = None) -> list[Alert]:
        conds = [c for c, v in (("watchlist = ?", watchlist), ("kind = ?", kind)) if v]
        where = f"WHERE {' AND '.join(conds)} " if conds else ""
        return [_alert(r) for r in self.store._all(
            f"SELECT {_ALERT_COLS} FROM alerts {where}ORDER BY updated_at DESC, id LIMIT ?",
            [*(v for v in (watchlist, kind) if v), limit])]

    def activity(self, since: str) -> list[tuple[str, str, str | None, str | None, str, str, str]]:
        # a publication date decides when there is one (the articles_published index); the
        # caller drops the implausible ones (in the future) by their stored time
        return [tuple(r) for r in self.store._all(
            "SELECT id, story_id, published, published_precision, ingested_at, language, content_hash "
            "FROM articles WHERE duplicate_of IS NULL AND story_id IS NOT NULL "
            "AND (published >= ? OR (published IS NULL AND ingested_at >= ?))", [since, since])]

    def newest_published(self, until: str) -> str | None:
        """The latest publication date of a clustered article, not after ``until``."""
        r = self.store._one("SELECT MAX(published) FROM articles WHERE story_id IS NOT NULL AND published <= ?",
                            (until,))
        return r[0] if r and r[0] else None

    # -- outbox ----------------------------------------------------------------------------
    def claim_outbox(self, now: str, until: str, limit: int = 100) -> list[OutboxItem]:
        """One UPDATE … RETURNING: SQLite runs one writer at a time, so two workers never take
        the same row."""
        rows = self._claim("alert_outbox", OUT_COLS, ALONE, "", now, until, limit)
        return sorted((outbox_item(r) for r in rows), key=lambda o: (o.created_at, o.key))

    def _claim(self, table: str, cols: str, where: str, sets: str, now: str, until: str, limit: int) -> list[Any]:
        with self.store.transaction():
            return list(self.store.conn.execute(
                f"UPDATE {table} SET next_try_at = ?{sets} WHERE key IN (SELECT key FROM {table} "
                f"WHERE status = 'pending' AND next_try_at <= ? AND {where} ORDER BY next_try_at, key LIMIT ?) "
                f"RETURNING {cols}", (until, now, limit)).fetchall())

    def outbox(self, *, status: str | None = None, limit: int = 100) -> list[OutboxItem]:
        return [outbox_item(r) for r in self._rows("alert_outbox", OUT_COLS, "created_at", status, limit)]

    def _rows(self, table: str, cols: str, newest: str, status: str | None, limit: int) -> list[Any]:
        where, params = ("WHERE status = ? ", [status]) if status else ("", [])
        return list(self.store._all(f"SELECT {cols} FROM {table} {where}ORDER BY {newest} DESC, key LIMIT ?",
                                    [*params, limit]))

    def mark_sent(self, key: str, now: str, channel: str | None = None) -> None:
        with self.store.transaction():
            self.store.conn.execute("UPDATE alert_outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
                                    "last_error = NULL WHERE key = ?", (now, key))
            self._channel_sent(channel, now)

    def _channel_sent(self, channel: str | None, now: str) -> None:
        if channel:
            self.store.conn.execute("INSERT INTO alert_channels (id, last_sent_at) VALUES (?, ?) "
                                    "ON CONFLICT (id) DO UPDATE SET last_sent_at = excluded.last_sent_at", (channel, now))

    def mark_failed(self, key: str, *, error: str, next_try_at: str, dead: bool) -> None:
        with self.store.transaction():
            self.store.conn.execute("UPDATE alert_outbox SET status = ?, attempts = attempts + 1, last_error = ?, "
                                    "next_try_at = ? WHERE key = ?",
                                    ("dead" if dead else "pending", error[:500], next_try_at, key))

    def postpone(self, key: str, next_try_at: str) -> None:
        with self.store.transaction():
            self.store.conn.execute("UPDATE alert_outbox SET next_try_at = ? WHERE key = ? AND status = 'pending'",
                                    (next_try_at, key))

    def channel_last_sent(self, channel_ids: Sequence[str]) -> dict[str, str]:
        ids = list(dict.fromkeys(channel_ids))
        out: dict[str, str] = {}
        for i in range(0, len(ids), _CHUNK):
            part = ids[i:i + _CHUNK]
            out.update((r[0], r[1]) for r in self.store._all(
                f"SELECT id, last_sent_at FROM alert_channels WHERE id IN ({', '.join('?' * len(part))}) "
                "AND last_sent_at IS NOT NULL", part))  # a channel reserved, never sent to, has none
        return out

    def reserve_channel(self, channel: str, now: str, since: str) -> str | None:
        """One upsert, atomic on both stores (SQLite: one writer; PostgreSQL: the row's lock,
        its WHERE read again on the newest row): the channel is taken only where neither its
        last delivery nor a reservation is later than ``since``."""
        with self.store.transaction():
            got = self.store.conn.execute(
                "INSERT INTO alert_channels (id, reserved_at) VALUES (?, ?) ON CONFLICT (id) DO UPDATE "
                "SET reserved_at = excluded.reserved_at WHERE COALESCE(alert_channels.last_sent_at, '') <= ? "
                "AND COALESCE(alert_channels.reserved_at, '') <= ? RETURNING id",
                (channel, now, since, since)).fetchall()
            if got:
                return None
            r = self.store.conn.execute("SELECT last_sent_at, reserved_at FROM alert_channels WHERE id = ?",
                                        (channel,)).fetchone()
        return max(v for v in r if v)

    def release_channel(self, channel: str, reserved: str) -> None:
        with self.store.transaction():  # only its own: a later reservation stays
            self.store.conn.execute("UPDATE alert_channels SET reserved_at = NULL WHERE id = ? AND reserved_at = ?",
                                    (channel, reserved))

    # -- digests ---------------------------------------------------------------------------
    def undigested(self, limit: int = 500) -> list[tuple[OutboxItem, str, str]]:
        cols = ", ".join(f"o.{c.strip()}" for c in OUT_COLS.split(","))
        return [(outbox_item(r), r[-2], r[-1]) for r in self.store._all(
            f"SELECT {cols}, w.name, w.digest FROM alert_outbox o JOIN alerts a ON a.id = o.alert_id "
            "JOIN watchlists w ON w.name = a.watchlist WHERE o.status = 'pending' AND o.digest IS NULL "
            "AND w.digest <> 'off' ORDER BY o.created_at, o.key LIMIT ?", (limit,))]

    def join_digest(self, item_key: str, digest: Digest) -> bool:
        d = digest
        with self.store.transaction():  # SQLite: BEGIN IMMEDIATE, so no claim runs in between
            self.store.conn.execute(
                f"INSERT INTO alert_digests ({DIGEST_COLS}) VALUES (?, ?, ?, ?, ?, 'pending', 0, 0, ?, NULL, NULL) "
                "ON CONFLICT (key) DO NOTHING",
                (d.key, d.watchlist, _dump(d.channel), d.period_start, d.period_end, d.next_try_at))
            if self._sealed(d.key):
                return False
            self.store.conn.execute("UPDATE alert_outbox SET digest = ?, next_try_at = ? WHERE key = ? "
                                    "AND digest IS NULL AND status = 'pending'", (d.key, d.next_try_at, item_key))
        return True

    def _sealed(self, key: str) -> bool:
        r = self.store._one("SELECT sealed, status FROM alert_digests WHERE key = ?", (key,))
        return bool(r[0]) or r[1] != "pending"

    def claim_digests(self, now: str, until: str, limit: int = 10) -> list[Digest]:
        rows = self._claim("alert_digests", DIGEST_COLS, "TRUE", ", sealed = 1", now, until, limit)
        return sorted((digest_row(r) for r in rows), key=lambda d: (d.period_end, d.key))

    def digest_items(self, key: str) -> list[OutboxItem]:
        return [outbox_item(r) for r in self.store._all(
            f"SELECT {OUT_COLS} FROM alert_outbox WHERE digest = ? AND status = 'pending' ORDER BY created_at, key",
            (key,))]

    def digests(self, *, status: str | None = None, limit: int = 100) -> list[Digest]:
        return [digest_row(r) for r in self._rows("alert_digests", DIGEST_COLS, "period_end", status, limit)]

    def mark_digest_sent(self, key: str, now: str, channel: str | None = None) -> None:
        with self.store.transaction():
            c = self.store.conn
            c.execute("UPDATE alert_digests SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
                      "last_error = NULL WHERE key = ?", (now, key))
            c.execute("UPDATE alert_outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL "
                      "WHERE digest = ? AND status = 'pending'", (now, key))
            self._channel_sent(channel, now)

    def mark_digest_failed(self, key: str, *, error: str, next_try_at: str, dead: bool) -> None:
        row = ("dead" if dead else "pending", error[:500], next_try_at)
        with self.store.transaction():
            c = self.store.conn
            c.execute("UPDATE alert_digests SET status = ?, attempts = attempts + 1, last_error = ?, next_try_at = ? "
                      "WHERE key = ?", (*row, key))
            c.execute("UPDATE alert_outbox SET status = ?, attempts = attempts + 1, last_error = ?, next_try_at = ? "
                      "WHERE digest = ? AND status = 'pending'", (*row, key))
