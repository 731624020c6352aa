"""The story commands as a user runs them: `cluster`, `stories`, `story`, `compare`, `eval`."""
from __future__ import annotations

import csv
import json

import pytest
from conftest import EXAMPLES, SEEDS, need

pytestmark = pytest.mark.slow

STORY_KEYS = {"id", "headline", "article_ids", "languages", "first_seen", "last_seen", "article_count"}


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> str:
    """The seeds ingested without clustering; the first test clusters them by command."""
    need(SEEDS)
    return str(tmp_path_factory.mktemp("cli") / "cli.db")


def _json(proc):
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout.decode())


def test_ingest_no_cluster_then_cluster(run_cli, seeds_db):
    run_cli("ingest", str(SEEDS), "--no-cluster", "--db", seeds_db, check=True)
    assert _json(run_cli("stories", "--format", "json", "--db", seeds_db)) == []
    rep = _json(run_cli("cluster", "--format", "json", "--db", seeds_db))
    assert rep["articles"] == 5 and rep["opened"] == 1 and rep["stories"] == 1
    again = _json(run_cli("cluster", "--format", "json", "--db", seeds_db))
    assert again["articles"] == 0 and again["embedded"] == 0  # incremental: nothing left to do
    table = run_cli("cluster", "--rebuild", "--db", seeds_db, check=True).stdout.decode()
    assert "rebuild" in table


def test_stories_json_has_exactly_the_documented_keys(run_cli, seeds_db):
    rows = _json(run_cli("stories", "--format", "json", "--sort", "size", "--limit", "10", "--db", seeds_db))
    assert len(rows) == 1
    s = rows[0]
    assert set(s) == STORY_KEYS
    assert s["article_count"] == len(s["article_ids"]) == 5
    assert s["languages"] == {"ar": 1, "fr": 1, "hi": 1, "id": 1, "no": 1}
    assert s["first_seen"].startswith("2020-07") and s["last_seen"].startswith("2020-07")
    table = run_cli("stories", "--db", seeds_db, check=True).stdout.decode()
    assert s["id"] in table


def test_story_shows_its_articles(run_cli, seeds_db):
    sid = _json(run_cli("stories", "--format", "json", "--db", seeds_db))[0]["id"]
    out = run_cli("story", sid, "--db", seeds_db, check=True).stdout.decode()
    assert sid in out and "5 articles" in out
    data = _json(run_cli("story", sid, "--format", "json", "--db", seeds_db))
    assert len(data["articles"]) == 5 and all(a["story_id"] == sid for a in data["articles"])
    missing = run_cli("story", "s-0000000000", "--db", seeds_db)
    assert missing.returncode == 5 and "no story" in missing.stderr.decode()


def test_compare_two_seeds(run_cli, seeds_db):
    ids = _json(run_cli("stories", "--format", "json", "--db", seeds_db))[0]["article_ids"]
    r = _json(run_cli("compare", ids[0], ids[1], "--format", "json", "--db", seeds_db))
    assert 0.0 <= r["score"] <= 1.0
    assert r["same_story"] is True
    assert set(r["reasons"]) == {"entities", "numbers", "dates", "gap_days"}
    assert any("amazon" in e.lower() for e in r["reasons"]["entities"])
    assert r["a"]["input"] == r["b"]["input"] == "article"
    text = run_cli("compare", ids[0], ids[1], "--db", seeds_db, check=True).stdout.decode()
    assert "same story" in text and "shared names" in text


def test_compare_files_and_text(run_cli, seeds_db, tmp_path):
    seeds = sorted(SEEDS.glob("*.txt"))
    r = _json(run_cli("compare", str(seeds[0]), str(seeds[3]), "--format", "json", "--db", seeds_db))
    assert r["a"]["input"] == "file" and r["same_story"] is True
    other = "Heavy rain floods Genoa\nFirefighters rescued residents after the Bisagno river burst its banks."
    r = _json(run_cli("compare", str(seeds[1]), other, "--format", "json", "--db", seeds_db))
    assert r["b"]["input"] == "text"
    assert r["same_story"] is False and r["score"] < 0.5


def test_eval_clusters_on_a_small_labelled_set(run_cli, tmp_path):
    need(EXAMPLES / "labels.csv")
    labels = list(csv.DictReader((EXAMPLES / "labels.csv").open(encoding="utf-8")))
    keep = {"rate-norway", "rate-korea", "tiktok-fine-italy"}
    rows = [r for r in labels if r["story"] in keep and r["article"].startswith("ex-")]
    wanted = {r["article"] for r in rows}
    src = EXAMPLES / "corpus" / "articles.jsonl"
    lines = [line for line in src.open(encoding="utf-8") if json.loads(line)["id"] in wanted]
    (tmp_path / "a.jsonl").write_text("".join(lines), encoding="utf-8")
    with (tmp_path / "labels.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["article", "story"])
        w.writeheader()
        w.writerows(rows)
    r = _json(run_cli("eval", "clusters", "--articles", str(tmp_path / "a.jsonl"),
                      "--labels", str(tmp_path / "labels.csv"), "--shuffles", "1", "--format", "json"))
    assert {"bcubed_precision", "bcubed_recall", "bcubed_f1", "baselines", "order_stability"} <= set(r)
    assert r["n_labelled"] == len(rows)
    assert r["bcubed_f1"] >= 0.9  # two rate cuts in one month stay apart
    assert {"cosine", "tfidf_char"} <= set(r["baselines"])


def test_eval_needs_pairs_or_labels(run_cli, tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "x", "text": "hello world, some text here"}\n', encoding="utf-8")
    p = run_cli("eval", "clusters", "--articles", str(tmp_path / "a.jsonl"))
    assert p.returncode == 2 and "--pairs" in p.stderr.decode()


def test_eval_pairs_runs_the_similarity_harness(run_cli, tmp_path):
    from conftest import DEV

    need(DEV)
    rows = list(csv.DictReader((DEV / "pairs.csv").open(encoding="utf-8")))[:8]
    wanted = {r["id1"] for r in rows} | {r["id2"] for r in rows}
    lines = [line for line in (DEV / "articles.jsonl").open(encoding="utf-8") if json.loads(line)["id"] in wanted]
    (tmp_path / "a.jsonl").write_text("".join(lines), encoding="utf-8")
    with (tmp_path / "p.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    r = _json(run_cli("eval", "pairs", "--articles", str(tmp_path / "a.jsonl"), "--pairs", str(tmp_path / "p.csv"),
                      "--mode", "shipped", "--format", "json"))
    assert r["n"] == 8 and "baselines" in r


# --------------------------------------------------------------------------- an 80-column terminal

def test_story_ids_never_wrap_at_80_columns(run_cli, seeds_db):
    ids = [s["id"] for s in _json(run_cli("stories", "--format", "json", "--db", seeds_db))]
    out = run_cli("stories", "--db", seeds_db, env={"COLUMNS": "80"}, check=True).stdout.decode()
    for sid in ids:
        assert sid in out, (sid, out)  # whole on one line, so it can be copied
    assert all(len(line) <= 80 for line in out.splitlines() if not line.startswith(" "))
    story = run_cli("story", ids[0], "--db", seeds_db, env={"COLUMNS": "80"}, check=True).stdout.decode()
    for aid in _json(run_cli("stories", "--format", "json", "--db", seeds_db))[0]["article_ids"]:
        assert aid in story
    assert "None" not in story


def test_brief_evidence_is_readable_at_80_columns(run_cli, seeds_db):
    sid = _json(run_cli("stories", "--format", "json", "--sort", "size", "--db", seeds_db))[0]["id"]
    out = run_cli("brief", sid, "--db", seeds_db, "--no-embed", env={"COLUMNS": "80"}, check=True).stdout.decode()
    part = out[out.index("Where sources disagree"):out.index("Summary")]
    # each evidence line in the table's text cell keeps at least 40 columns of text
    cells = [line.split("│")[2] for line in part.splitlines() if line.count("│") == 3]
    assert cells and min(len(c) for c in cells) >= 40, cells[:3]
    assert "Après Walmart" in part  # the French evidence sentence is there, readable
    assert "None" not in out


def test_reading_commands_refuse_a_store_that_does_not_exist(run_cli, tmp_path):
    missing = tmp_path / "missing.db"
    for args in (["stories"], ["story", "s-0000000000"], ["articles"], ["stats"], ["brief", "s-0000000000"]):
        proc = run_cli(*args, "--db", str(missing))
        err = proc.stderr.decode().strip().splitlines()
        assert proc.returncode != 0 and len(err) == 1 and "no store at" in err[0], (args, err)
        assert not list(tmp_path.glob("missing.db*")), args  # nothing created


def test_language_filters_take_names_and_hint(run_cli, seeds_db):
    by_code = _json(run_cli("articles", "--language", "hi", "--format", "json", "--db", seeds_db))
    by_name = _json(run_cli("articles", "--language", "Hindi", "--format", "json", "--db", seeds_db))
    assert by_code and [a["id"] for a in by_name] == [a["id"] for a in by_code]
    proc = run_cli("articles", "--language", "Hindu", "--db", seeds_db)
    assert proc.returncode == 3 and b"did you mean hi" in proc.stderr
