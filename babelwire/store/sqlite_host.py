"""What ``SQLiteStore`` gives the mixins it is made of (stories, translations, browse), and the
part of a database connection the SQL shared by both stores uses.

Declared once, as annotations only (nothing here exists at run time), so that each mixin's
methods are type-checked against the store they run in without importing ``sqlite.py``.
``Connection`` is what ``sqlite3.Connection`` and PostgreSQL's pooled stand-in both offer.
"""
from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, Callable, Iterator, Protocol


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    @property
    def lastrowid(self) -> int | None: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Any, /) -> Cursor: ...


class SQLiteHost:
    conn: Connection
    _lock: AbstractContextManager[Any]
    _one: Callable[..., Any]
    _all: Callable[..., list[Any]]
    transaction: Callable[[], AbstractContextManager[Any]]
