"""The alerts replay on the bundled corpus, end to end (ingest in time order, alerts decided
online), with its floors pinned: the query as written, and the query translated into each
story's languages through a stand-in translator fed the hand-written translations of
tests/data/alerts/query-translations.json (no translation model runs in tests), and the query
with its English wording given as the user's own (``Watchlist.also``). The dev-set
figures, which need the SemEval articles and their vectors, are in BENCHMARKS.md."""
from __future__ import annotations

from pathlib import Path

import pytest

from babelwire.evaluate.alerts import evaluate_alerts

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests/data/alerts/watchlists.json"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def vectors(tmp_path_factory):
    """One store with the corpus's vectors, so the two replays embed it once."""
    import babelwire  # the workspace only to embed and cache

    db = str(tmp_path_factory.mktemp("vec") / "ex.db")
    with babelwire.open(db, progress=False) as bw:
        bw.ingest([str(ROOT / "examples/corpus/articles.jsonl")])
    return db


def test_examples_replay_alerts_without_a_false_one_and_translation_finds_the_other_scripts(vectors):
    plain = evaluate_alerts(LABELS, examples_dir=ROOT / "examples", streams=("examples",), vectors_from=vectors)
    b = plain["pooled_settings"]["balanced"]
    assert b["false_alerts"] == 0 and b["targets"] == 5 and b["alerts"] >= 3  # the Bank of Japan query stays quiet
    assert plain["decided_in_trigger_batch"].split("/")[0] == plain["decided_in_trigger_batch"].split("/")[1]
    translated = evaluate_alerts(LABELS, examples_dir=ROOT / "examples", streams=("examples",), vectors_from=vectors,
                                 query_translations=ROOT / "tests/data/alerts/query-translations.json")
    t = translated["pooled_settings"]["balanced"]
    assert t["false_alerts"] == 0 and t["alerts"] == 5  # the Japanese ferry and Polish fire queries find their reports
    assert translated["told_balanced"]["events_told"] == 5
    # no translator, but each query also worded in English by its user (``--also``): the same
    worded = evaluate_alerts(LABELS, examples_dir=ROOT / "examples", streams=("examples",), vectors_from=vectors,
                             also_from=ROOT / "tests/data/alerts/query-translations.json", also_languages=("en",))
    e = worded["pooled_settings"]["balanced"]
    assert e["false_alerts"] == 0 and e["alerts"] == 5 and worded["told_balanced"]["events_told"] == 5
