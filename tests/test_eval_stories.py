"""`babelwire eval stories`: event-level figures from judged memberships."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import babelwire
from babelwire.evaluate.stories import constraints, load_judged, story_metrics

JUDGED = Path(__file__).parent / "data" / "judged-stories"
FILES = sorted(JUDGED.glob("*.csv"))


def _csv(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "judged.csv"
    p.write_text(text, encoding="utf-8")
    return p


def test_constraints_from_labels_and_event_slugs(tmp_path):
    p = _csv(tmp_path, "story_id,article_id,language,label,event,reason\n"
                       "s1,a,en,SAME,quake,x\ns1,b,fr,SAME,quake,x\ns1,c,de,OTHER_EVENT,flood,x\n"
                       "s1,d,de,OTHER_EVENT,fire,x\ns1,e,en,FOLLOWUP,quake,x\ns2,f,es,SAME,flood,x\n")
    together, apart = constraints(load_judged(p))
    assert together == {("a", "b"), ("c", "f")}
    assert apart == {("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "d")}
    # One story holding everything: together kept, every apart pair broken.
    m = story_metrics({x: 1 for x in "abcdef"}, load_judged(p))
    assert m["together"] == 1.0 and m["apart"] == 0.0 and m["mixed_stories"] == 1
    # Every event its own story: the ideal clustering.
    m = story_metrics({"a": 1, "b": 1, "e": 1, "c": 2, "f": 2, "d": 3}, load_judged(p))
    assert m["together"] == 1.0 and m["apart"] == 1.0 and m["bcubed_f1"] == 1.0 and m["mixed_stories"] == 0


def test_bad_label_is_an_input_error_with_the_line(tmp_path):
    from babelwire.errors import InputError

    p = _csv(tmp_path, "story_id,article_id,language,label,reason\ns1,a,en,MAYBE,x\n")
    with pytest.raises(InputError) as e:
        load_judged(p)
    assert "line 2" in str(e.value) or e.value.line == 2


def test_judged_files_are_valid_and_cover_forty_stories():
    rows = load_judged(*FILES)
    assert len({r["story"] for r in rows}) >= 40
    together, apart = constraints(rows)
    assert len(together) > 500 and len(apart) > 300


@pytest.mark.slow
def test_event_figures_on_the_judged_dev_articles(tmp_path, run_cli):
    """Floors on the judged articles clustered on their own (the full set is a benchmark)."""
    from conftest import DEV, need

    path = need(DEV / "articles.jsonl")
    want = {r["article"] for r in load_judged(*FILES)}
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if json.loads(ln)["id"] in want]
    src = tmp_path / "judged.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = str(tmp_path / "j.db")
    with babelwire.open(db, progress=False) as ws:
        ws.ingest([str(src)])
    args = ["eval", "stories", "--db", db, "--format", "json"] + [x for f in FILES for x in ("--judged", str(f))]
    proc = run_cli(*args, check=True)
    r = json.loads(proc.stdout)
    # Measured 2026-12-05 on this slice: apart 0.757, together 0.807 (cosine baseline 0.778 /
    # 0.341; before same-event anchors and the 0.75 threshold: 0.367 / 0.731); with round 3
    # (reader-e.csv, judged on the run after those changes): apart 0.667, together 0.818; with
    # stories that must agree as a whole (two agreeing members, merges of agreeing stories,
    # lone three-digit figures weak): apart 0.758, together 0.816; with round 4 (reader-f.csv,
    # judged on the run at 9c9bcc6; same code): apart 0.657, together 0.875 - its new apart pairs
    # are mostly the Baghdad embassy storming chained to the Soleimani killing; with round 5
    # (reader-g.csv, re-checks on the run at 64971d8, no new articles): apart 0.678, together
    # 0.865 (0.683 / 0.872 on the same run without it); with stories of two that need both
    # members, near merges and threshold 0.78 (stories7): apart 0.681, together 0.868 (on the
    # whole dev store: 0.527 / 0.876 -> 0.676 / 0.902). The whole dev set is in BENCHMARKS.md.
    # Floors a little below.
    assert r["together"] >= FLOORS["together"], r
    assert r["apart"] >= FLOORS["apart"], r
    assert r["baseline_cosine"]["apart"] is not None
    # No translation of one article is counted as a story of its own.
    with babelwire.open(db, progress=False) as ws:
        assert any(a.copy_kind == "translation" for a in ws.articles(limit=1000))


FLOORS = {"together": 0.84, "apart": 0.66}
