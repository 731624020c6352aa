"""Reliability of ingest: one bad record never costs the batch, nothing is overwritten by
mistake, the store survives concurrent openers. Every input is built here (issue 17)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

import babelwire
from babelwire.models import RawDoc

FIELDS = ("title", "source", "id", "language", "text", "extra")


def article(n: int, **extra) -> dict:
    words = ["harbour", "council", "flood", "budget", "rail", "strike", "vaccine", "election", "drought", "bridge"]
    body = " ".join(words[(n + i) % len(words)] for i in range(30))
    return {"id": f"a{n}", "title": f"Report {n} on the {words[n % 10]}",
            "text": f"Article {n}. The {words[n % 10]} story continues: {body}.", **extra}


def bad_line(field: str, n: int = 99) -> str:
    """One JSON line with a lone surrogate escape in ``field`` (written as JSON text: a real
    lone surrogate cannot even be encoded by json.dumps' ensure_ascii=False)."""
    rec = json.dumps(article(n))
    if field == "extra":
        return rec[:-1] + ', "extra": {"k\\udc01": ["x\\ud800"]}}'
    if field == "text":
        return rec.replace('"text": "Article', '"text": "\\ud800 Article')
    if field == "language":
        return rec[:-1] + ', "language": "e\\ud800"}'
    if field == "source":
        return rec[:-1] + ', "source": "Wire \\udfff"}'
    if field == "id":
        return rec.replace('"id": "a99"', '"id": "a99\\ud800"')
    return rec.replace('"title": "Report', '"title": "\\ud800Report')


def jsonl(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("field", FIELDS)
def test_lone_surrogate_in_any_field_is_replaced_and_reported_not_fatal(tmp_path, field):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(jsonl(json.dumps(article(1)), bad_line(field), json.dumps(article(2))))
    with babelwire.open(str(tmp_path / "s.db"), progress=False) as ws:
        rep = ws.ingest([str(path)], cluster=False)
        assert rep.ingested == 3 and not rep.rejected
        assert [(w.origin, w.line) for w in rep.warnings] == [(str(path), 2)]
        assert "lone surrogates" in rep.warnings[0].reason
        stored = {a.id: a for a in ws.articles()}
        assert {"a1", "a2"} <= set(stored)
        bad = next(a for a in stored.values() if a.id not in ("a1", "a2"))
        blob = json.dumps(bad.to_dict(), ensure_ascii=False)
        assert "\ufffd" in blob and bad.metadata["unicode_replaced"] >= 1
        blob.encode("utf-8")  # valid Unicode throughout


def test_cli_files_stdin_and_json_lists_keep_good_records(run_cli, tmp_path):
    lines = [json.dumps(article(1)), bad_line("title", 7), json.dumps(article(2))]
    (tmp_path / "a.jsonl").write_bytes(jsonl(*lines))
    (tmp_path / "b.json").write_text("[" + ",".join(lines).replace("a1", "b1").replace("a2", "b2")
                                     .replace("a7", "b7") + "]")
    db = str(tmp_path / "s.db")
    r = run_cli("--db", db, "ingest", str(tmp_path / "a.jsonl"), str(tmp_path / "b.json"), "--no-cluster",
                "--format", "json")
    assert r.returncode == 0, r.stderr.decode()
    out = json.loads(r.stdout)
    assert out["ingested"] == 6 and len(out["warnings"]) == 2
    stdin = jsonl(*(x.replace('"a', '"c') for x in lines))
    r = run_cli("--db", db, "ingest", "-", "--no-cluster", "--format", "json", input=stdin)
    assert r.returncode == 0 and json.loads(r.stdout)["ingested"] == 3, r.stderr.decode()


def test_record_limits_reject_one_line_and_the_rest_is_read(run_cli, tmp_path):
    deep = json.dumps(article(3))[:-1] + ', "x": ' + "[" * 500 + "1" + "]" * 500 + "}"
    big = json.dumps(article(4))[:-1] + ', "n": ' + "9" * 5000 + "}"
    nan = json.dumps(article(5))[:-1] + ', "n": NaN}'
    (tmp_path / "x.jsonl").write_bytes(jsonl(json.dumps(article(1)), deep, big, nan, json.dumps(article(2))))
    (tmp_path / "y.json").write_text("[" + ",\n".join([json.dumps(article(11)), deep, big, json.dumps(article(12))]) + "]")
    r = run_cli("--db", str(tmp_path / "s.db"), "ingest", str(tmp_path / "x.jsonl"), str(tmp_path / "y.json"),
                "--no-cluster", "--format", "json")
    assert r.returncode == 3, r.stderr.decode()  # rejected input, not an internal error (70)
    out = json.loads(r.stdout)
    assert out["ingested"] == 4
    where = {(os.path.basename(x["origin"]), x["line"]): x["reason"] for x in out["rejected"]}
    assert set(where) == {("x.jsonl", 2), ("x.jsonl", 3), ("x.jsonl", 4), ("y.json", 2), ("y.json", 3)}
    assert "levels deep" in where[("x.jsonl", 2)] and "5,000 digits" in where[("x.jsonl", 3)]
    assert "NaN" in where[("x.jsonl", 4)]
    assert not any("please report" in x for x in where.values())


def test_web_api_and_upload_page_store_surrogate_records(tmp_path):
    from babelwire.web import create_app

    body = jsonl(json.dumps(article(1)), bad_line("extra", 5), bad_line("source", 6))
    with TestClient(create_app(str(tmp_path / "s.db"))) as c:
        r = c.post("/api/articles", content=body)
        assert r.status_code == 200, r.text
        assert r.json()["ingested"] == 3 and len(r.json()["warnings"]) == 2
        up = jsonl(bad_line("title", 8), bad_line("text", 9).replace("a9", "a10"))
        r = c.post("/ingest", files={"files": ("up.jsonl", up, "application/octet-stream")})
        assert r.status_code == 200 and "lone surrogates" in r.text
        ids = {a["id"] for a in c.get("/api/articles", params={"limit": 50}).json()["items"]}
        assert {"a1", "a5", "a6", "a8", "a10"} <= ids


def test_a_failing_document_is_its_own_rejection(tmp_path):
    with babelwire.open(str(tmp_path / "s.db"), progress=False) as ws:
        cleaner = ws.component("cleaner")

        class Picky:  # a cleaner bug triggered by one document's text
            def clean_batch(self, texts, langs):
                if any("POISON" in t for t in texts):
                    raise ValueError("cannot clean this")
                return cleaner.clean_batch(texts, langs)

        ws.use("cleaner", Picky())
        docs = [RawDoc(text=article(n)["text"], id=f"p{n}", origin="mem") for n in range(5)]
        docs[2].text += " POISON"
        rep = ws.ingest_docs(docs, cluster=False, workers=0)
        assert rep.ingested == 4 and len(rep.rejected) == 1 and "ValueError" in rep.rejected[0].reason

        store = ws.store
        real_insert = store.insert_article

        def insert(a):  # a storing failure after a first write: only that article's writes go
            real_insert(a)
            if a.id == "q3":
                raise ValueError("late failure")

        store.insert_article = insert
        docs = [RawDoc(text=article(n + 20)["text"], id=f"q{n}", origin="mem2") for n in range(5)]
        rep = ws.ingest_docs(docs, cluster=False, workers=0)
        assert rep.ingested == 4 and [r.origin for r in rep.rejected] == ["mem2"]
        assert ws.store.find_by_id("q3") is None and ws.store.find_by_id("q4") is not None


def test_query_parameters_that_name_the_article_are_kept(tmp_path):
    base = "http://news.example/news.asp"
    urls = [f"{base}?NewsID=77", f"{base}?NewsID=78", "http://v.example/watch?v=a1", "http://v.example/watch?v=b2",
            "http://s.example/x?sid=1", "http://s.example/x?sid=2", "http://a.example/p?articleId=1",
            "http://a.example/p?articleId=2", "http://a.example/s?story=1", "http://a.example/s?story=2"]
    docs = [RawDoc(text=article(n)["text"], url=u, origin="mem") for n, u in enumerate(urls)]
    with babelwire.open(str(tmp_path / "s.db"), progress=False) as ws:
        rep = ws.ingest_docs(docs, cluster=False, workers=0)
        assert rep.ingested == len(urls) and rep.updated == 0
        # tracking parameters still make no new identity
        again = RawDoc(text=article(0)["text"], url=f"{base}?utm_source=x&NewsID=77&fbclid=abc&gclid=1#top",
                       origin="mem")
        rep = ws.ingest_docs([again], cluster=False, workers=0)
        assert rep.duplicates == 1 and rep.ingested == 0
        assert ws.count_articles() == len(urls)


@pytest.mark.slow
def test_two_processes_creating_one_store_at_once(tmp_path):
    code = "import sys, babelwire; babelwire.open(sys.argv[1], progress=False).close()"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    ok = 0
    for trial in range(10):
        db = str(tmp_path / f"t{trial}" / "s.db")
        procs = [subprocess.Popen([sys.executable, "-c", code, db], stderr=subprocess.PIPE, env=env)
                 for _ in range(2)]
        errs = [p.communicate(timeout=120)[1] for p in procs]
        if all(p.returncode == 0 for p in procs):
            ok += 1
        else:
            print(b"\n".join(errs).decode()[-2000:])
    assert ok == 10
    with babelwire.open(str(tmp_path / "t0" / "s.db"), progress=False) as ws:
        versions = [r[0] for r in ws.store.conn.execute("SELECT version FROM schema_migrations")]
        assert versions == sorted(set(versions))
