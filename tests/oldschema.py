"""A SQLite store written by an older babelwire: the migrations up to a version, no further."""
from __future__ import annotations

import sqlite3
from pathlib import Path


def store_at_schema(path: Path, version: int) -> sqlite3.Connection:
    """An open connection to a new store at schema ``version``; the caller adds rows, commits."""
    from babelwire.store.sqlite import migrations, split_sql

    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for v, name, sql in migrations():
        if v > version:
            break
        for statement in split_sql(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (?, ?, '2026-11-24T00:00:00+00:00')", (v, name))
    return conn
