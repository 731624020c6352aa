"""Translations count once: the clusterer links a translation to its original (real dev articles).

The SemEval dev set holds machine translations whose ids carry a language suffix
(``1548364894en`` translates ``1548364894``): the link must be found from the texts, and the
brief must then count the pair as one source with no conflict between them.
"""
from __future__ import annotations

import json

import pytest

import babelwire

PAIRS = [("1548364894", "1548364894en"), ("1554661752", "1554661752en"), ("1484227777", "1484126672it")]
OTHERS = ["1483855960", "1484207960", "1586893419"]  # other events, no translations among them


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory, request):
    from conftest import DEV, need

    path = need(DEV / "articles.jsonl")
    want = {i for p in PAIRS for i in p} | set(OTHERS)
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if json.loads(ln)["id"] in want]
    assert len(lines) == len(want)
    src = tmp_path_factory.mktemp("tr") / "dev.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = str(src.parent / "tr.db")
    with babelwire.open(db, progress=False) as ws:
        ws.ingest([str(src)])
    return db


def test_translation_linked_to_its_original(dev_store):
    with babelwire.open(dev_store, progress=False) as ws:
        arts = {a.id: a for a in ws.articles(limit=100)}
        for a, b in PAIRS:
            x, y = arts[a], arts[b]
            linked = (x.duplicate_of == b and x.copy_kind == "translation") or (y.duplicate_of == a and y.copy_kind == "translation")
            assert linked, (a, b, x.duplicate_of, y.duplicate_of)
            assert x.story_id == y.story_id
        # Articles about other events are never anybody's translation.
        for o in OTHERS:
            assert arts[o].copy_kind is None


def test_translation_is_one_source_and_never_a_conflict(dev_store):
    with babelwire.open(dev_store, progress=False) as ws:
        arts = {a.id: a for a in ws.articles(limit=100)}
        a, b = PAIRS[0]
        brief = ws.brief(arts[a].story_id)
        assert brief.sources.articles - brief.sources.independent >= 1
        for d in brief.discrepancies:
            per_side = [{f.evidence.article_id for f in side.facts} for side in d.sides]
            for i, x in enumerate(per_side):
                for y in per_side[i + 1:]:
                    assert not ((a in x and b in y) or (b in x and a in y)), d
