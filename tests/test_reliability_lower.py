"""The lower items of issue 17: terminal-safe output, brief cache keys, no store paths in
pages, OPML hardening, special files in directories, stream sizes, unwritable stores."""
from __future__ import annotations

import json
import os

import pytest
from fastapi.testclient import TestClient

import babelwire
from babelwire.errors import InputError, StoreError
from babelwire.live.opml import MAX_OPML_FEEDS, parse_opml

EVIL = {"id": "e1", "title": "Evil \x1b[2J title :smile: \x9b31m", "source": "Src\x1b]0;pwned\x07",
        "text": "Dock workers began a strike over wages on Monday and ships waited outside the harbour for days."}


def test_terminal_output_carries_no_control_codes_nor_emoji(run_cli, tmp_path):
    db = str(tmp_path / "s.db")
    (tmp_path / "e.jsonl").write_text(json.dumps(EVIL) + "\n")
    run_cli("--db", db, "ingest", str(tmp_path / "e.jsonl"), "-q", check=True)
    story = babelwire.open(db, progress=False).article("e1").story_id
    for args in (["articles"], ["article", "e1"], ["stories"], ["story", story], ["brief", story]):
        out = run_cli("--db", db, *args, check=True)
        shown = out.stdout.decode() + out.stderr.decode()
        assert "\x1b" not in shown and "\x9b" not in shown and "\x07" not in shown, args
        assert "\U0001F604" not in shown, args
    # JSON output keeps the text exactly, escaped
    out = run_cli("--db", db, "article", "e1", "--format", "json", check=True)
    assert json.loads(out.stdout)["title"] == EVIL["title"]


def test_brief_cache_takes_only_real_languages(examples_store):
    from babelwire.web import create_app

    with TestClient(create_app(examples_store)) as c:
        sid = c.get("/api/stories", params={"limit": 1}).json()["items"][0]["id"]
        store = babelwire.open(examples_store, progress=False).store
        before = store.conn.execute("SELECT count(*) FROM briefs").fetchone()[0]
        for lang in ("zz", "x" * 5000, "<script>", "en-zz-evil"):
            r = c.get(f"/api/stories/{sid}", params={"lang": lang})
            assert r.status_code in (200, 400)
        after = store.conn.execute("SELECT count(*) FROM briefs").fetchone()[0]
        assert after - before <= 1  # at most the "en" brief ("en-zz-evil" reads as en)
        assert c.get(f"/stories/{sid}", params={"lang": "qq"}).status_code == 400


def test_pages_and_api_never_show_the_store_path(tmp_path):
    from babelwire.web import create_app

    db = str(tmp_path / "secret-dir" / "s.db")
    with TestClient(create_app(db)) as c:
        for url in ("/articles/nope", "/api/articles/nope", "/stories/s-0000000000", "/api/stories/s-0000000000"):
            r = c.get(url)
            assert r.status_code == 404 and "secret-dir" not in r.text, url


def test_opml_entities_are_refused_in_any_encoding_and_size_is_capped():
    entity = '<?xml version="1.0"?><!DOCTYPE o [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' \
             '<opml><body><outline xmlUrl="http://x.example/&b;"/></body></opml>'
    for data in (entity.encode("utf-16"), (" " * 70_000 + entity).encode(), entity.encode()):
        with pytest.raises(InputError, match="DTD|entity"):
            parse_opml(data)
    many = "".join(f'<outline xmlUrl="http://f.example/{i}.xml"/>' for i in range(MAX_OPML_FEEDS + 1))
    with pytest.raises(InputError, match="more than"):
        parse_opml(f"<opml><body>{many}</body></opml>".encode())


def test_a_fifo_inside_a_directory_is_reported(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.jsonl").write_text(json.dumps(EVIL) + "\n")
    os.mkfifo(d / "pipe.jsonl")
    with babelwire.open(str(tmp_path / "s.db"), progress=False) as ws:
        items = list(ws.read([str(d)]))
    reasons = {str(getattr(i, "reason", "")) for i in items}
    assert any("not a regular file" in r for r in reasons)


def test_stdin_over_the_limit_does_not_claim_a_size(run_cli, tmp_path):
    data = b"Title\n\n" + b"word " * (1024 * 1024 // 5 + 10)
    r = run_cli("--db", str(tmp_path / "s.db"), "ingest", "-", "--no-cluster", "--format", "json",
                input=data, env={"BABELWIRE_MAX_FILE_MB": "1"})
    assert r.returncode == 3
    reason = json.loads(r.stdout)["rejected"][0]["reason"]
    assert reason.startswith("input is over the 1.0 MB limit"), reason


def test_an_unwritable_store_is_a_store_error_not_a_crash(tmp_path):
    with babelwire.open(str(tmp_path / "s.db"), progress=False) as ws:
        ws.store.conn.execute("PRAGMA query_only = ON")  # what a read-only file or mount does
        with pytest.raises(StoreError, match="cannot be written"):
            ws.ingest_bytes((json.dumps(EVIL) + "\n").encode(), name="a.jsonl", cluster=False)


def test_sigterm_of_a_worker_mode_ingest_shuts_the_pool_down(tmp_path):
    import signal
    import subprocess

    from test_ingest_parallel import start_worker_ingest

    proc, _workers = start_worker_ingest(tmp_path, stderr=subprocess.PIPE)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGTERM
    assert b"leaked semaphore" not in err, err.decode()[-500:]
