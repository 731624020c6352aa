"""What ``SQLiteStore`` gives the mixins it is made of (stories, translations, browse).

Declared once, as annotations only (nothing here exists at run time), so that each mixin's
methods are type-checked against the store they run in without importing ``sqlite.py``.
"""
from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from typing import Any, Callable


class SQLiteHost:
    conn: sqlite3.Connection
    _lock: AbstractContextManager[Any]
    _one: Callable[..., Any]
    _all: Callable[..., list[Any]]
    transaction: Callable[[], AbstractContextManager[Any]]
