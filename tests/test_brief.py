"""Briefs: assembly on the seeds, summary selection, rendering of hostile text, the cache, the CLI."""
from __future__ import annotations

import dataclasses
import hashlib
import json

import numpy as np
import pytest
from conftest import SEEDS, need

import babelwire
from babelwire.brief import Brief, build_brief, render
from babelwire.brief.render import md_escape, to_rich
from babelwire.brief.stories import brief_for_story
from babelwire.models import Article

SEED_LANGS = {"000": "ar", "001": "fr", "002": "hi", "003": "no", "004": "id"}


class HashEmbedder:
    """Deterministic stand-in for the model: character-trigram hashing, counts its calls."""

    name = "hash"
    model_id = "hash-64"
    dim = 64

    def __init__(self):
        self.texts: list[str] = []

    def embed_batch(self, texts):
        self.texts.extend(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            t = " ".join(t.lower().split())
            for j in range(len(t) - 2):
                h = int(hashlib.md5(t[j:j + 3].encode()).hexdigest()[:8], 16)
                out[i, h % self.dim] += 1.0
        n = np.linalg.norm(out, axis=1, keepdims=True)
        n[n == 0] = 1
        return out / n


def seeds() -> list[Article]:
    from babelwire.facts.evaluation import load_files

    files = sorted(need(SEEDS).glob("*.txt"))
    arts = load_files(files, {f.name: SEED_LANGS[f.name[:3]] for f in files})
    return [dataclasses.replace(a, source=f"outlet-{name[:3]}") for name, a in sorted(arts.items())]


@pytest.fixture(scope="module")
def seed_brief() -> Brief:
    return build_brief(seeds(), embedder=HashEmbedder())


def test_seed_brief_acceptance(seed_brief: Brief):
    b = seed_brief
    assert b.sources.articles == 5 and b.sources.independent == 5
    assert {g.language for g in b.sources.languages} == {"ar", "fr", "hi", "no", "id"}
    # earliest date known, with its precision: the month token, and the Norwegian dateline
    tl = b.timeline
    assert (tl.first_report.published, tl.first_report.precision) == ("2020-07", "month")
    assert (tl.first_exact.published, tl.first_exact.precision) == ("2020-07-10T21:06", "minute")
    assert tl.first_exact.language == "no"
    # entities across scripts
    ents = {e.name: e for e in b.entities}
    for name in ("Amazon", "TikTok", "ByteDance", "Mike Pompeo"):
        assert len(ents[name].languages) >= 3
    # headcount conflict with both evidence sentences
    (head,) = [d for d in b.discrepancies if d.key == "employees"]
    sentences = {f.evidence.language: f.evidence.sentence for s in head.sides for f in s.facts}
    assert "plus de 840 000 employés dans le monde" in sentences["fr"]
    assert "rundt 500.000 ansatte" in sentences["no"]
    # deadlines with their sources
    deadlines = {(f.language, f.value) for f in b.facts if f.deadline}
    assert {("no", "2020-07-10"), ("hi", "2020-07-10"), ("id", "2020-07-11")} <= deadlines
    assert all(f.evidence.outlet for f in b.facts if f.deadline)
    # download figures are facts but not conflicts
    downloads = sorted(f.value for f in b.facts if f.key == "downloads")
    assert downloads == [165e6, 315e6, 2e9]
    assert not any(d.kind == "conflict" and d.key.startswith("downloads") for d in b.discrepancies)
    assert {a.reason for a in b.agreements if a.key == "downloads"} == {"scope"}
    # the Indonesian weekday contradicts its own date
    (selfc,) = [d for d in b.discrepancies if d.kind == "self-contradiction"]
    assert selfc.sides[0].facts[0].language == "id" and "Saturday" in selfc.explanation


def test_summary_shape(seed_brief: Brief):
    s = seed_brief.summary
    assert 3 <= len(s) <= 5
    assert len({x.text for x in s}) == len(s)
    for x in s:
        assert x.article_id and x.language and x.outlet and x.translation is None
    assert seed_brief.headline is not None and seed_brief.headline.text


def test_summary_prefers_reader_language_and_skips_repeats():
    same = "The company told its employees to delete the video app from their phones by Friday."
    arts = [
        Article(id="a", text=same + " Officials said more checks would follow next week.", language="en", source="A"),
        Article(id="b", text=same + " A spokesperson declined to comment on the decision.", language="en", source="B"),
        Article(id="c", text="L'entreprise a demandé à ses employés de supprimer l'application vidéo de leurs téléphones.", language="fr", source="C"),
    ]
    b = build_brief(arts, lang="fr", embedder=HashEmbedder())
    texts = [x.text for x in b.summary]
    assert texts.count(same) == 1  # a repeat is said once
    assert b.summary[0].language == "fr" or any(x.language == "fr" for x in b.summary)
    b2 = build_brief(arts, lang="fr", embedder=None)
    assert b2.summary and any("no embeddings" in n for n in b2.notes)


def test_headline_in_reader_language_else_marked():
    arts = [Article(id="a", title="Titre français", text="Un texte assez long pour une phrase complète ici.", language="fr"),
            Article(id="b", title="Norsk tittel", text="En tekst som er lang nok til å være en setning.", language="no")]
    assert build_brief(arts, lang="no", embedder=None).headline.text == "Norsk tittel"
    h = build_brief(arts, lang="en", embedder=None).headline
    assert not h.in_reader_language and h.language in ("fr", "no")


def test_duplicates_count_once_and_give_no_evidence():
    a = Article(id="a", text="Amazon a plus de 840 000 employés dans le monde.", language="fr", source="X", published="2020-07-10", published_precision="day")
    b = dataclasses.replace(a, id="b", source="Y", duplicate_of="a", published="2020-07-11")
    brief = build_brief([a, b], embedder=None)
    assert (brief.sources.articles, brief.sources.independent, brief.sources.duplicates) == (2, 1, 1)
    assert {f.article_id for f in brief.facts} == {"a"}
    assert [p.who for p in brief.timeline.outlets] == ["X", "Y"]


def _quake_story() -> list[Article]:
    def a(id, text, lang, when):
        return Article(id=id, text=text, language=lang, source=f"outlet-{id}", published=when,
                       published_precision="minute")

    return [
        a("zh", "The quake killed 9 people, the agency said in its morning bulletin.", "en", "2025-03-11T14:10"),
        a("es", "Un terremoto de magnitud 6,9 dejó al menos 14 personas fallecidas en Atacama.", "es", "2025-03-11T16:40"),
        a("de", "Das Beben der Stärke 6,9 forderte 19 Tote, berichten lokale Medien.", "de", "2025-03-11T18:45"),
        a("fr", "Le séisme de magnitude 6,9 a fait 14 morts. En 2010, un séisme de magnitude 8,8 "
                "avait fait plus de 500 morts.", "fr", "2025-03-11T19:30"),
    ]


def test_brief_shows_conflicts_updates_background_in_every_format():
    b = build_brief(_quake_story(), embedder=None)
    assert [(d.kind, d.key) for d in b.discrepancies] == [("conflict", "deaths")]
    assert {s.display for s in b.discrepancies[0].sides} == {"14 deaths", "19 deaths"}
    reasons = {a.reason for a in b.agreements}
    assert {"update", "background"} <= reasons
    marks = b.fact_marks()
    by_mark = {}
    for f in b.facts:
        by_mark.setdefault(marks.get(f.id), set()).add((f.article_id, f.raw))
    assert ("fr", "8,8") in by_mark["background"] and ("zh", "9") in by_mark["update"]
    assert ("de", "19") in by_mark["conflict"]
    md, html_, text = render(b, "md"), render(b, "html"), render(b, "text")
    for out in (md.replace("\\", ""), html_, text):
        assert "Updates" in out and "2025-03-11 14:10" in out
        assert "about another event or time" in out and "(background)" in out and "(conflict)" in out
    assert Brief.from_dict(json.loads(render(b, "json"))).to_dict() == b.to_dict()


def test_unsure_figures_differ_in_the_table_not_at_the_top():
    arts = _quake_story()
    b = build_brief(arts, embedder=None)
    for f in b.facts:
        f.confidence = 0.3 if f.article_id == "de" else f.confidence
    from babelwire.facts.discrepancies import find_discrepancies

    discs, agrees = find_discrepancies(b.facts, context="2025-03-11")
    assert [d for d in discs if d.kind == "conflict"] == []
    assert any(a.reason == "differs" and a.b.article_id == "de" for a in agrees)
    b.facts, b.discrepancies, b.agreements = b.facts, discs, agrees
    shown = {f.article_id for _, fs in b.shown_facts() for f in fs}
    assert "de" not in shown  # read too unsurely to be shown at all
    assert "differs (not confirmed as a conflict)" in render(b, "md").replace("\\", "")


HOSTILE = Article(
    id="evil", language="en", source="<b>Outlet</b>",
    title="<script>alert(1)</script> [x](javascript:alert(1)) **bold** [bold]markup[/bold]",
    text="An <img src=x onerror=alert(1)> attack said 1,000 people [click](http://e.vil) were *hit* in the city.\n"
         "A second sentence with | pipes | and # hashes and `code` follows here for the summary.",
)


def test_html_escapes_article_text():
    out = render(build_brief([HOSTILE], embedder=None), "html")
    assert "<script>" not in out and "<img" not in out and "<b>Outlet" not in out
    assert "&lt;script&gt;" in out and 'dir="auto"' in out


def test_markdown_escapes_article_text():
    out = render(build_brief([HOSTILE], embedder=None), "md")
    assert "<script>" not in out and "<img" not in out
    assert "](javascript" not in out and "](http" not in out and "**bold**" not in out
    assert md_escape("[a](b) <i>") == "\\[a\\]\\(b\\) &lt;i&gt;"


def test_text_and_json_renderings():
    b = build_brief([HOSTILE], embedder=None)
    text = render(b, "text")
    assert "[bold]markup[/bold]" in text  # rich markup in articles is shown, not obeyed
    assert to_rich(b) is not None
    again = Brief.from_dict(json.loads(render(b, "json")))
    assert again == b


# --------------------------------------------------------------------------- cache

def _store_story(db: str, arts: list[Article], story: str = "s-1"):
    ws = babelwire.open(db)
    with ws.store.transaction():
        for a in arts:
            ws.store.insert_article(dataclasses.replace(a, story_id=story, ingested_at="2025-01-01T00:00:00+00:00",
                                                        content_hash=hashlib.sha256(a.text.encode()).hexdigest()))
    return ws


def test_brief_cache_follows_story_members(db, monkeypatch):
    arts = [Article(id=f"a{i}", text=f"Sentence number {i} about the flood in the valley, with 1{i}0 people evacuated.",
                    language="en", source=f"O{i}") for i in range(3)]
    ws = _store_story(db, arts)
    emb = HashEmbedder()
    b1 = brief_for_story(ws.store, ws.settings, "s-1", embedder=emb)
    embedded = len(emb.texts)
    assert embedded > 0 and ws.store.briefs().stats()["briefs"] == 1
    assert ws.store.briefs().stats()["sentence_vectors"] >= embedded
    assert ws.store.sentence_vectors().enabled

    import babelwire.brief.stories as bmod

    calls = []
    real = bmod.build_brief
    monkeypatch.setattr(bmod, "build_brief", lambda *a, **k: calls.append(1) or real(*a, **k))
    b2 = brief_for_story(ws.store, ws.settings, "s-1", embedder=emb)
    assert calls == [] and b2 == b1  # unchanged story: served from the cache

    new = dataclasses.replace(arts[0], text=arts[0].text + " Rescue teams arrived on Tuesday morning in boats.")
    with ws.store.transaction():
        ws.store.replace_article(dataclasses.replace(new, content_hash="changed", ingested_at="x"))
    b3 = brief_for_story(ws.store, ws.settings, "s-1", embedder=emb)
    assert calls == [1] and b3.members_hash != b1.members_hash
    # only the new sentences were embedded again; the rest came from the vector cache
    assert len(emb.texts) - embedded <= 2
    brief_for_story(ws.store, ws.settings, "s-1", embedder=emb, refresh=True)
    assert calls == [1, 1]
    ws.close()


def test_brief_without_embeddings_is_not_cached_as_the_real_one(db):
    arts = [Article(id=f"a{i}", text=f"Sentence number {i} about the flood in the valley, with 1{i}0 people evacuated.",
                    language="en", source=f"O{i}") for i in range(3)]
    ws = _store_story(db, arts)
    brief_for_story(ws.store, ws.settings, "s-1", embedder=None)
    assert ws.store.briefs().stats()["briefs"] == 1  # cached under its own key (`brief --no-embed`)
    emb = HashEmbedder()
    brief_for_story(ws.store, ws.settings, "s-1", embedder=emb)
    assert emb.texts  # built with embeddings: the one without them never stands in
    assert ws.store.briefs().stats()["briefs"] == 1  # one cached brief per story and language
    ws.close()


def test_misconfigured_embedder_is_an_error_not_a_brief_without_embeddings(db):
    from babelwire.errors import UnknownComponentError

    arts = [Article(id="a1", text="The river flooded the valley and 120 people were evacuated.", language="en")]
    ws = _store_story(db, arts)
    with pytest.raises(UnknownComponentError, match="no-such-embedder"):
        brief_for_story(ws.store, ws.settings.replace(embedder="no-such-embedder"), "s-1")
    ws.close()


def test_unknown_story(db):
    from babelwire.errors import NotFoundError

    ws = babelwire.open(db)
    with pytest.raises(NotFoundError):
        brief_for_story(ws.store, ws.settings, "s-nope", embedder=None)
    ws.close()


# --------------------------------------------------------------------------- CLI

@pytest.mark.slow
def test_cli_brief_files(run_cli, tmp_path):
    files = [str(p) for p in sorted(need(SEEDS).glob("*.txt"))]
    p = run_cli("brief", "--files", *files, "--no-embed", "--format", "json")
    assert p.returncode == 0, p.stderr.decode()
    data = json.loads(p.stdout)
    assert data["sources"]["articles"] == 5
    assert any(d["key"] == "employees" for d in data["discrepancies"])
    out = tmp_path / "brief.html"
    p = run_cli("brief", "--files", *files, "--no-embed", "--format", "html", "-o", str(out))
    assert p.returncode == 0 and out.read_text(encoding="utf-8").startswith("<!doctype html>")
    p = run_cli("brief", "--files", *files, "--no-embed")
    assert p.returncode == 0 and "Where sources disagree" in p.stdout.decode()


@pytest.mark.slow
def test_cli_eval_briefs(run_cli, tmp_path):
    from conftest import EXAMPLES

    p = run_cli("eval", "briefs", "--stories", str(EXAMPLES / "stories.json"), "--articles",
                str(EXAMPLES / "corpus"), "--format", "json")
    assert p.returncode == 0, p.stderr.decode()
    r = json.loads(p.stdout)
    assert r["data"]["articles_found"] == r["data"]["articles_labelled"] == 71
    assert r["conflicts"]["all"]["precision"] >= 0.8 > r["baseline"]["conflicts"]["all"]["precision"]
    p = run_cli("eval", "briefs", "--stories", str(EXAMPLES / "stories.json"), "--articles", str(EXAMPLES / "corpus"))
    out = p.stdout.decode()
    assert p.returncode == 0 and "conflict precision" in out and "baseline" in out and "\nzh " in out
    bad = tmp_path / "bad.json"
    bad.write_text('[{"x": 1}]', encoding="utf-8")
    p = run_cli("eval", "briefs", "--stories", str(bad), "--articles", str(EXAMPLES / "corpus"))
    assert p.returncode == 3 and "labelled stories" in p.stderr.decode()


def test_cli_brief_errors(run_cli, tmp_path):
    db = str(tmp_path / "x.db")
    assert run_cli("brief", "s-missing", "--db", db, "--no-embed").returncode == 4  # no store there
    import babelwire

    babelwire.open(db).close()
    assert run_cli("brief", "s-missing", "--db", db, "--no-embed").returncode == 5
    assert run_cli("brief", "--db", db).returncode == 2


def test_a_figure_with_nothing_said_of_what_it_counts_is_not_shown():
    # "$809", "21,000" alone tell the reader nothing; "12 deaths" and a date do
    a = Article(id="a", language="en", published="2025-03-12T10:00:00Z",
                text="The storm killed 12 people on 10 March. A family of four will now receive $809, "
                     "and the total came to 21,000 by then.")
    b = build_brief([a], embedder=None)
    shown = [f.display for _, fs in b.shown_facts() for f in fs]
    assert "12 deaths" in shown and any("March" in d for d in shown)
    assert not any("809" in d or "21,000" in d for d in shown), shown
    assert any(f.value == 809 for f in b.facts)  # still read, for the comparisons


def test_one_article_whose_facts_cannot_be_read_does_not_cost_the_brief(monkeypatch):
    """A reading bug on one hostile text (the "5 million US$" KeyError was one) is logged and noted;
    the other articles' facts and the brief itself stay. The failure is
    injected with a stand-in for extract_facts, since the known bug is fixed."""
    import babelwire.brief.build as build_mod
    real = build_mod.extract_facts

    def flaky(article, **kw):
        if article.id == "fr":
            raise KeyError("US$")
        return real(article, **kw)

    monkeypatch.setattr(build_mod, "extract_facts", flaky)
    b = build_brief(_quake_story(), embedder=None)
    assert "fr" not in {f.article_id for f in b.facts} and {"de", "zh"} <= {f.article_id for f in b.facts}
    assert ("de", "19") in {(f.article_id, f.raw) for f in b.facts}
    assert any("could not be read" in n for n in b.notes)
