"""Shared fixtures: real files, real SQLite stores in tmp dirs, the shared data beside the repo."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from babelwire.models import Article

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DEV = SHARED / "data" / "semeval2022-dev"
EXAMPLES = REPO / "examples"

# Tests never read the user's config file or store.
os.environ["BABELWIRE_CONFIG"] = str(Path("/nonexistent/babelwire-tests/config.toml"))
for _var in ("BABELWIRE_DB", "BABELWIRE_TOKEN"):
    os.environ.pop(_var, None)


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not available on this machine")
    return path


def art(id, text, lang, published=None, precision=None, source=None):
    """An article built in a test (the fact and name tests), with an outlet of its own."""
    return Article(id=id, text=text, language=lang, published=published,
                   published_precision=precision, source=source or f"outlet-{id}")


@pytest.fixture
def seeds_dir() -> Path:
    return need(SEEDS)


@pytest.fixture
def dev_dir() -> Path:
    return need(DEV)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")


@pytest.fixture
def run_cli(tmp_path: Path):
    """Run the real `babelwire` entry point in a subprocess, as a user would."""

    def run(*args: str, input: bytes | None = None, check: bool = False, env: dict | None = None):
        e = {**os.environ, "BABELWIRE_CONFIG": str(tmp_path / "no-config.toml"), "COLUMNS": "200"}
        e.pop("BABELWIRE_DB", None)
        e.update(env or {})
        proc = subprocess.run(
            [sys.executable, "-m", "babelwire", *args], input=input, capture_output=True,
            env=e, cwd=str(REPO), timeout=600,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"exit {proc.returncode}\n{proc.stdout.decode()}\n{proc.stderr.decode()}")
        return proc

    return run


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory) -> str:
    """A real store built from examples/ plus the seeds, clustered with the default model."""
    need(SEEDS)
    db = str(tmp_path_factory.mktemp("examples") / "examples.db")
    import babelwire

    with babelwire.open(db) as bw:
        bw.ingest([str(EXAMPLES / "corpus"), str(SEEDS)])
    return db


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for the session (tests/pgserver.py); skipped where it cannot start."""
    try:
        import psycopg  # noqa: F401
        import psycopg_pool  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'babelwire[postgres]')")
    from pgserver import Server

    server = Server()
    try:
        if server.start() is None:
            pytest.skip(server.why)
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server, request) -> str:
    """A fresh, empty PostgreSQL database for one test."""
    import re

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50]
    return pg_server.database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_db(request, tmp_path) -> str:
    """The same test on each store backend: a SQLite file, or a PostgreSQL database URL."""
    if request.param == "sqlite":
        return str(tmp_path / "contract.db")
    return request.getfixturevalue("pg_url")
