"""Shared fixtures: real files, real SQLite stores in tmp dirs, the shared data beside the repo."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
