"""Locks between processes that share one store, as lock files beside it.

SQLite serialises single transactions, but clustering is a read-decide-write run over an
index held in memory (slots handed out from what was read): two processes doing it at once
would hand out the same slots. A file lock (``filelock``, the maintained cross-platform
one) makes a second clusterer wait until the first is done, or, asked not to wait, go on
without it; the OS drops it when its holder dies, so a killed ingest never leaves the store
locked.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def lock_path(db_path: str, name: str) -> str | None:
    """``<db>.<name>.lock`` beside a file store; None for an in-memory one."""
    if not db_path or db_path == ":memory:" or db_path.startswith("file::memory:"):
        return None
    return str(Path(db_path).expanduser()) + f".{name}.lock"


class StoreLock:
    """An exclusive lock named ``name`` on one store, re-entrant within its holder."""

    def __init__(self, db_path: str, name: str):
        self.path = lock_path(db_path, name)
        self._lock = None
        if self.path is not None:
            # deferred: filelock is slow to import; paid only when this runs
            from filelock import FileLock

            self._lock = FileLock(self.path)

    @contextmanager
    def held(self, wait: bool = True) -> Iterator[bool]:
        """True once held; False at once when ``wait`` is False and another holder has it."""
        if self._lock is None:
            yield True
            return
        # deferred: filelock is slow to import; paid only when this runs
        from filelock import Timeout

        try:
            self._lock.acquire(blocking=wait)
        except Timeout:
            yield False
            return
        except OSError:  # a read-only directory: nobody can write there to race us either
            yield True
            return
        try:
            yield True
        finally:
            self._lock.release()
