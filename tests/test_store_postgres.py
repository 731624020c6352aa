"""What only the PostgreSQL backend has: SQL translation, URLs in messages, errors on open."""
from __future__ import annotations

import pytest

pytest.importorskip("psycopg")

from babelwire.errors import StoreError  # noqa: E402
from babelwire.store import is_server_url, open_store, shown_url  # noqa: E402
from babelwire.store.postgres import pg_sql  # noqa: E402


def test_sqlite_sql_is_translated():
    assert pg_sql("SELECT a FROM t WHERE x = ? AND y LIKE '5%'") == "SELECT a FROM t WHERE x = %s AND y LIKE '5%%'"
    assert pg_sql("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)") == (
        "INSERT INTO embeddings  VALUES (%s, %s, %s) ON CONFLICT (content_hash, model_id) DO UPDATE SET vector = EXCLUDED.vector")
    assert pg_sql("INSERT OR REPLACE INTO briefs (story_id, lang, json) VALUES (?, ?, ?)").endswith(
        "ON CONFLICT (story_id, lang) DO UPDATE SET json = EXCLUDED.json")
    assert pg_sql("INSERT OR IGNORE INTO minhash_bands VALUES (?, ?, ?)").endswith("ON CONFLICT DO NOTHING")
    assert "interval '1 day'" in pg_sql("SELECT datetime(MAX(h.ingested_at), '-1 day') FROM articles h")


def test_urls_pick_the_backend_and_hide_the_password():
    assert is_server_url("postgresql://u@h/db") and is_server_url("postgres://h/db") and not is_server_url("x.db")
    assert shown_url("postgresql://bw:s3cret@db.example:5433/news") == "postgresql://bw:***@db.example:5433/news"
    assert shown_url("postgresql://bw@db/news") == "postgresql://bw@db/news"


def test_an_unreachable_server_is_a_store_error_without_the_password():
    with pytest.raises(StoreError, match="cannot open store") as e:
        open_store("postgresql://bw:s3cret@127.0.0.1:1/news?connect_timeout=2", timeout=3)
    assert "s3cret" not in str(e.value)


def test_a_newer_schema_is_refused(pg_url):
    import psycopg

    open_store(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as c:
        c.execute("INSERT INTO schema_migrations VALUES (9999, 'future', 'x')")
    with pytest.raises(StoreError, match="newer babelwire"):
        open_store(pg_url)


def test_index_lives_under_the_index_dir_setting(pg_url, tmp_path):
    import babelwire

    with babelwire.open(pg_url, index_dir=str(tmp_path / "idx")) as bw:
        assert bw.store.index_dir().startswith(str(tmp_path / "idx"))
        assert bw.clusterer().index_file == bw.store.index_dir()


def test_readers_do_not_wait_for_a_writer(pg_url):
    """A transaction keeps one pooled connection; other threads read on others meanwhile."""
    import threading

    from babelwire.models import Article

    s = open_store(pg_url)
    inside, release = threading.Event(), threading.Event()

    def writer():
        with s.transaction():
            s.insert_article(Article(id="a1", text="t", ingested_at="2025-01-01", content_hash="h1"))
            inside.set()
            release.wait(10)  # were the read below waiting for us, it would only end after this

    t = threading.Thread(target=writer)
    t.start()
    try:
        assert inside.wait(10)
        assert s.count_articles() == 0 and s.get_article("a1") is None  # read at once, uncommitted unseen
    finally:
        release.set()
        t.join()
    assert s.count_articles() == 1
    s.close()


def test_a_store_from_before_0007_keeps_each_channels_last_delivery(pg_url):
    import psycopg

    open_store(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as c:  # back to schema 6: the channels as 0006 made them
        c.execute("ALTER TABLE alert_channels DROP COLUMN reserved_at")
        c.execute("ALTER TABLE alert_channels ALTER COLUMN last_sent_at SET NOT NULL")
        c.execute("DELETE FROM schema_migrations WHERE version = 7")
        c.execute("INSERT INTO alert_channels VALUES ('webhook-1', '2026-12-01T00:00:00Z')")
    store = open_store(pg_url)
    try:
        al = store.alerts()
        assert al.channel_last_sent(["webhook-1"]) == {"webhook-1": "2026-12-01T00:00:00Z"}
        assert al.reserve_channel("webhook-1", "2026-12-01T00:05:00Z", "2026-11-30T23:55:00Z") == "2026-12-01T00:00:00Z"
        assert al.reserve_channel("webhook-2", "2026-12-01T00:05:00Z", "2026-11-30T23:55:00Z") is None  # never sent to
    finally:
        store.close()
