"""The store boundary holds: no module outside babelwire/store/ talks to a database directly.

A second backend (PostgreSQL) works only if every persistent operation goes through the
store's methods, so this scans the package source for the ways around them.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "babelwire"
BACKENDS = {"sqlite3", "psycopg", "psycopg_pool", "psycopg2", "apsw", "sqlalchemy"}
# a connection, the SQLite store's private query helpers, SQL pragmas
ACCESS = re.compile(r"\.conn\b|\._one\(|\._all\(|PRAGMA\b|\.execute\(|\.executemany\(")


def _outside_store() -> list[Path]:
    files = [p for p in PKG.rglob("*.py") if "store" not in p.relative_to(PKG).parts[:1]]
    assert len(files) > 50  # the scan really reads the package
    return files


def _imports(tree: ast.AST) -> set[str]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.level == 0:
                out.add(node.module.split(".")[0])
            parts = node.module.split(".")
            # a backend module of the store (store.sqlite*, store.postgres*) rather than its interface
            if "store" in parts[:-1] and parts[-1].startswith(("sqlite", "postgres", "pg_")):
                out.add(f"store.{parts[-1]}")
    return out


def test_no_backend_imports_outside_store():
    bad = {}
    for p in _outside_store():
        used = {m for m in _imports(ast.parse(p.read_text(encoding="utf-8"))) if m in BACKENDS or m.startswith("store.")}
        if used:
            bad[str(p.relative_to(PKG))] = sorted(used)
    assert bad == {}


def test_no_sql_or_connection_access_outside_store():
    bad = []
    for p in _outside_store():
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if ACCESS.search(code):
                bad.append(f"{p.relative_to(PKG)}:{n}: {line.strip()}")
    assert bad == []


def test_the_scan_catches_a_violation():
    # the checks above are only worth something if they see what they look for
    src = "import sqlite3\nfrom babelwire.store.sqlite_feeds import X\nrow = store._one('PRAGMA data_version')\n"
    assert {"sqlite3", "store.sqlite_feeds"} <= _imports(ast.parse(src))
    assert ACCESS.search(src.splitlines()[2])
