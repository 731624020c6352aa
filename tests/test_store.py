import sqlite3

import pytest

from babelwire.errors import StoreError
from babelwire.models import Article
from babelwire.store import ArticleFilter, open_store


def _article(i: int, **kw) -> Article:
    base = dict(id=f"a{i}", text=f"text {i}", language="en", ingested_at="2025-01-01T00:00:00+00:00",
                content_hash=f"h{i}", published=f"2025-01-{i + 1:02d}", published_precision="day")
    base.update(kw)
    return Article(**base)


def test_migrations_wal_and_reopen(db):
    s = open_store(db)
    assert s.schema_version() >= 1
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with s.transaction():
        s.insert_article(_article(1, metadata={"k": "ü"}))
    s.close()
    s2 = open_store(db)
    a = s2.get_article("a1")
    assert a is not None and a.metadata == {"k": "ü"} and a.published == "2025-01-02"
    assert s2.find_by_hash("h1").id == "a1"


def test_failed_transaction_leaves_nothing(db):
    s = open_store(db)
    with pytest.raises(RuntimeError):
        with s.transaction():
            s.insert_article(_article(1))
            raise RuntimeError("boom")
    assert s.count_articles() == 0


def test_filters(db):
    s = open_store(db)
    with s.transaction():
        for i in range(5):
            s.insert_article(_article(i, language="fr" if i % 2 else "de", source="x" if i < 2 else "y"))
    assert s.count_articles(ArticleFilter(language="fr")) == 2
    assert [a.id for a in s.iter_articles(ArticleFilter(source="y", limit=2))] == ["a2", "a3"]
    assert s.count_articles(ArticleFilter(since="2025-01-02", until="2025-01-03")) == 2
    assert s.count_articles(ArticleFilter(until="2025-01")) == 5
    st = s.stats()
    assert st["articles"] == 5 and st["by_language"] == {"de": 3, "fr": 2}


def test_newer_schema_is_refused(db):
    open_store(db).close()
    c = sqlite3.connect(db)
    c.execute("INSERT INTO schema_migrations VALUES (9999, 'future', 'x')")
    c.commit()
    c.close()
    with pytest.raises(StoreError, match="newer babelwire"):
        open_store(db)


def test_not_a_database(tmp_path):
    p = tmp_path / "x.db"
    p.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        open_store(str(p))


def test_a_store_written_before_the_newer_migrations_opens_and_counts(tmp_path):
    """A store at schema 7 (before boilerplate counts, copy kinds, translations) migrates in one
    go: the boilerplate recount reads articles only once every column exists."""
    from babelwire.store.sqlite import SQLiteStore, migrations
    from tests.oldschema import store_at_schema

    path = tmp_path / "old.db"
    conn = store_at_schema(path, 7)
    line = "Sign up for our newsletter to get the news first every morning."
    for i in range(3):
        conn.execute("INSERT INTO articles (id, text, language, ingested_at, content_hash, metadata) "
                     "VALUES (?, ?, 'en', '2026-11-24', ?, '{}')", (f"a{i}", f"Story number {i} about something.\n{line}", f"h{i}"))
    conn.commit()
    conn.close()
    store = SQLiteStore(str(path))
    try:
        assert store.schema_version() == max(v for v, _, _ in migrations())
        assert store.get_article("a0").copy_kind is None
        assert store.recurring_lines(3)  # the shared line was counted on migration
    finally:
        store.close()
