"""End to end through the real CLI and API: seeds, the dev set, bad inputs, a killed ingest."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

import babelwire

SEED_FURNITURE = ["Share this:", "ये भी पढ़ें:", "फोटो", "टॉप स्टोरीज", "Baca juga:", "COPYRIGHT ©", "Loading"]


def test_seeds_ingest_languages_dates_furniture_and_idempotence(seeds_dir, db, run_cli):
    first = run_cli("ingest", str(seeds_dir), "--db", db, "--no-cluster", "--format", "json", check=True)
    rep = json.loads(first.stdout)
    assert rep["ingested"] == 5 and rep["rejected"] == []
    with babelwire.open(db) as bw:
        arts = bw.articles(limit=None)
        langs = sorted(a.language for a in arts)
        assert langs == ["ar", "fr", "hi", "id", "no"]
        by_lang = {a.language: a for a in arts}
        for a in arts:
            for junk in SEED_FURNITURE:
                assert not any(line.strip().startswith(junk) for line in a.text.splitlines()), (a.language, junk)
        assert not by_lang["ar"].text.rstrip().endswith("نشر")
        # the date token gives the month; the Norwegian dateline refines it to the minute
        assert by_lang["fr"].published == "2020-07" and by_lang["fr"].published_precision == "month"
        assert by_lang["no"].published.startswith("2020-07-10")
        assert by_lang["ar"].published is None  # nothing in the file says when: unknown stays unknown
        assert by_lang["no"].title == "Amazon trekker beskjed om Tiktok-forbud"
        before = {a.id: a.content_hash for a in arts}
    second = run_cli("ingest", str(seeds_dir), "--db", db, "--no-cluster", "--format", "json", check=True)
    rep2 = json.loads(second.stdout)
    assert rep2["ingested"] == 0 and rep2["duplicates"] == 5
    with babelwire.open(db) as bw:
        assert {a.id: a.content_hash for a in bw.articles(limit=None)} == before


# The dev set's pages that are not articles: 11 anti-bot block pages (Polish originals and their
# English translations), 12 cookie or privacy-policy walls that kept only a headline above the
# banner, 7 forms (two research-report trial registrations, four e-mail alert boxes, a
# share-by-email box) and 4 ad-blocker walls with no headline (3 Wyborcza.pl, one under a bare
# "Virginia Lottery").
DEV_BLOCK_PAGES = {
    "1483792417", "1483849920", "1483849925", "1483855447en", "1483859003en", "1483896180", "1483934627",
    "1483934630", "1483934630en", "1484003508", "1527743841",
}
DEV_CONSENT_PAGES = {
    "1483961815", "1483975566", "1484011984", "1484158967", "1553077135", "1556463214", "1558913813",
    "1574408746", "1587887090", "1588489341", "1484035989es", "1558569628",
}
DEV_FORM_PAGES = {"1484039912es", "1484315516zh", "1484325513", "1521790737es", "1543560406", "1543583268",
                  "1579494710zh"}
DEV_ADBLOCK_PAGES = {"1483867584", "1484028040en", "1484144810zh", "1547562170"}


@pytest.mark.slow
def test_dev_set_ingests_rejecting_only_pages_that_are_not_articles(dev_dir, db):
    with babelwire.open(db) as bw:
        rep = bw.ingest([str(dev_dir / "articles.jsonl")], cluster=False)
        ids = [json.loads(line)["id"] for line in (dev_dir / "articles.jsonl").open(encoding="utf-8")]
        why = {ids[r.line - 1]: r.reason for r in rep.rejected}
        assert {i for i, w in why.items() if w == "not an article: anti-bot block page"} == DEV_BLOCK_PAGES
        assert {i for i, w in why.items() if w == "not an article: cookie or consent page"} == DEV_CONSENT_PAGES
        assert {i for i, w in why.items() if w == "not an article: sign-up or registration form"} == DEV_FORM_PAGES
        assert {i for i, w in why.items() if w == "not an article: ad-blocker wall"} == DEV_ADBLOCK_PAGES
        assert len(why) == len(rep.rejected) == 34
        assert rep.ingested == 2419 - 34 - rep.duplicates
        assert bw.count_articles() == rep.ingested
        # explicit ids are kept so labelled pairs can be looked up
        assert bw.article("1586893419").language == "de"


def test_bad_inputs_are_reported_and_the_rest_is_stored(tmp_path, db, run_cli):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text("A good headline\n\nA real article body that is long enough to keep.\n")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (d / "lines.jsonl").write_text(
        json.dumps({"id": "j1", "text": "First valid record with enough text in it."}) + "\n"
        + '{"id": "j2", "text": \n'
        + json.dumps({"id": "j3", "title": "no text"}) + "\n"
        + json.dumps({"id": "j4", "text": "Fourth valid record, also with enough text."}) + "\n"
    )
    (d / "broken.html").write_text("<html><head><title>Cut")
    (d / "doc.docx").write_bytes(b"PK\x03\x04 zip")
    big = d / "huge.txt"
    with big.open("wb") as f:
        chunk = b"Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n" * 18000
        for _ in range(50):
            f.write(chunk)
    missing = tmp_path / "missing.txt"
    proc = run_cli("ingest", str(d), str(missing), "--db", db, "--no-cluster", "--format", "json")
    assert proc.returncode == 3, proc.stderr
    rep = json.loads(proc.stdout)
    reasons = {(Path(r["origin"]).name, r["line"]): r["reason"] for r in rep["rejected"]}
    names = {name for name, _ in reasons}
    assert {"empty.txt", "binary.txt", "broken.html", "doc.docx", "huge.txt", "missing.txt"} <= names
    assert ("lines.jsonl", 2) in reasons and ("lines.jsonl", 3) in reasons
    assert "MB" in reasons[("huge.txt", None)]
    assert rep["ingested"] == 3  # good.txt, j1, j4
    assert b"Traceback" not in proc.stderr


def test_errors_are_one_line_without_traceback(tmp_path, run_cli):
    bad = tmp_path / "bad.toml"
    bad.write_text("batch_size = 'lots'\n")
    proc = run_cli("--config", str(bad), "stats")
    assert proc.returncode == 2
    err = proc.stderr.decode().strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and "batch_size" in err[0]
    import babelwire

    babelwire.open(str(tmp_path / "x.db")).close()  # a store, empty: the article is not found
    proc = run_cli("article", "nope", "--db", str(tmp_path / "x.db"))
    assert proc.returncode == 5 and b"no article" in proc.stderr and b"Traceback" not in proc.stderr
    proc = run_cli("--debug", "article", "nope", "--db", str(tmp_path / "x.db"))
    assert b"Traceback" in proc.stderr


def test_articles_and_stats_output(seeds_dir, db, run_cli):
    run_cli("ingest", str(seeds_dir), "--db", db, "--no-cluster", check=True)
    rows = json.loads(run_cli("articles", "--db", db, "--format", "json", "--language", "fr", check=True).stdout)
    assert len(rows) == 1
    assert {"id", "url", "source", "title", "text", "language", "published"} <= set(rows[0])
    lines = run_cli("articles", "--db", db, "--format", "jsonl", check=True).stdout.decode().splitlines()
    assert len(lines) == 5
    one = json.loads(run_cli("article", rows[0]["id"], "--db", db, "--format", "json", check=True).stdout)
    assert one["text"] == rows[0]["text"]
    st = json.loads(run_cli("stats", "--db", db, "--format", "json", check=True).stdout)
    assert st["articles"] == 5 and set(st["by_language"]) == {"ar", "fr", "hi", "no", "id"}
    table = run_cli("articles", "--db", db, check=True).stdout.decode()
    assert "5 of 5 articles" in table


def test_near_duplicate_is_linked_to_first_copy(tmp_path, db):
    body = (
        "The ferry carrying 214 passengers ran aground off the island on Tuesday night, "
        "the coast guard said, adding that all passengers had been rescued by morning. "
        "Officials said an investigation into the cause of the accident had begun. "
    ) * 3
    recs = [
        {"id": "orig", "url": "https://a.example/1", "source": "A", "title": "Ferry runs aground", "text": body},
        {"id": "copy", "url": "https://b.example/9", "source": "B", "title": "Ferry runs aground off island",
         "text": body.replace("Tuesday night", "late Tuesday") + "\nFollow us on social media."},
        {"id": "other", "text": "A completely different report about a football final in the capital city."},
    ]
    f = tmp_path / "r.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in recs))
    with babelwire.open(db) as bw:
        rep = bw.ingest([str(f)], cluster=False)
        assert rep.ingested == 3 and rep.near_duplicates == 1
        assert bw.article("copy").duplicate_of == "orig"
        assert bw.article("other").duplicate_of is None


def test_stdin_and_updates(db, run_cli):
    rec = {"id": "s1", "title": "Headline", "text": "Version one of a story that is long enough."}
    run_cli("ingest", "-", "--db", db, "--no-cluster", input=json.dumps(rec).encode(), check=True)
    rec["text"] = "Version two of a story that is long enough, corrected."
    out = run_cli("ingest", "-", "--db", db, "--no-cluster", "--format", "json", input=json.dumps(rec).encode(), check=True)
    assert json.loads(out.stdout)["updated"] == 1
    with babelwire.open(db) as bw:
        assert bw.article("s1").text.startswith("Version two") and bw.count_articles() == 1


def test_killed_ingest_keeps_finished_batches_and_resumes(tmp_path, db):
    n = 3000
    src = tmp_path / "many.jsonl"
    with src.open("w") as f:
        for i in range(n):
            words = " ".join(f"w{(i * 7 + k) % 997}x{i}" for k in range(40))
            f.write(json.dumps({"id": f"k{i}", "language": "en", "title": f"Story {i}",
                                "text": f"Article number {i}. {words}."}) + "\n")
    env = {**os.environ, "BABELWIRE_BATCH_SIZE": "50", "BABELWIRE_CONFIG": str(tmp_path / "none.toml")}
    proc = subprocess.Popen([sys.executable, "-m", "babelwire", "ingest", str(src), "--db", db, "--no-cluster"],
                            env=env, cwd=str(REPO), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        count = 0
        while time.time() < deadline and proc.poll() is None:
            time.sleep(0.2)
            try:
                c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
                count = c.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                c.close()
            except sqlite3.Error:
                continue
            if count >= 200:
                break
        assert proc.poll() is None, "ingest finished before it could be killed; make the input larger"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    c = sqlite3.connect(db)
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = c.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    # whole batches only, every article complete with its signature
    assert 0 < kept < n and kept % 50 == 0
    assert c.execute("SELECT COUNT(*) FROM article_signatures").fetchone()[0] == kept
    assert c.execute("SELECT COUNT(*) FROM articles WHERE text = '' OR content_hash = ''").fetchone()[0] == 0
    c.close()
    with babelwire.open(db) as bw:
        rep = bw.ingest([str(src)], cluster=False)
        assert rep.duplicates == kept and rep.ingested == n - kept and rep.rejected == []
        assert bw.count_articles() == n
