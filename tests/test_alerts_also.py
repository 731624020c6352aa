"""A watchlist's query also worded by its user in other languages (``Watchlist.also``): how the
matcher uses the wordings, with the bundled embedder on real reports, and the wordings kept,
edited and cleared through the store (SQLite and PostgreSQL), the CLI, the API and the page."""
from __future__ import annotations

import json

import numpy as np
import pytest

import babelwire
from babelwire.alerts.match import StoryView
from babelwire.errors import ConfigError
from babelwire.evaluate.alert_replay import with_also
from babelwire.models import Article
from babelwire.store.base import Watchlist
from tests.test_alerts import QUAKE, _write
from tests.test_alerts_match import CountingTable

Q = "香港元旦大游行"
EN, DE = "New Year march in Hong Kong", "Neujahrsmarsch in Hongkong"


def _hand_made(bw):
    """The matcher with every wording's vector set by hand: the query on axis 1, the German
    wording on axis 2, the English on axis 3, a translator's Spanish on axis 4."""
    m = bw.alert_matcher()
    axes = {Q: 0, DE: 1, EN: 2, "Marcha de Año Nuevo en Hong Kong": 3}
    m._embed_query = lambda text, lang: np.eye(4, dtype=np.float32)[axes[text]]
    m._query_lang.update({Q: "zh", DE: "de", EN: "en"})
    return m


def _view(*langs: str) -> StoryView:
    ids = [f"{x}{i}" for i, x in enumerate(langs)]
    rows = np.vstack([np.eye(4, dtype=np.float32)[{"zh": 0, "de": 1, "en": 2, "es": 3}[x]] for x in langs])
    return StoryView("s", [Article(id=i, text="x") for i in ids], rows, ids, vector_languages=list(langs))


def test_a_wording_meets_members_of_its_language_and_the_others_bridge_the_rest(tmp_path):
    from babelwire.alerts.variants import QueryVariants  # the translator path beside the wordings

    with babelwire.open(str(tmp_path / "a.db"), alert_deliver=False) as bw:
        m = _hand_made(bw)
        plain = Watchlist("p", Q)
        worded = Watchlist("w", Q, also=[EN, DE])
        assert m.score(plain, _view("de"))[0] == pytest.approx(0.0)  # as written: nothing in common
        assert m.score(worded, _view("de"))[0] == pytest.approx(2 ** -0.5)  # unit(query + German)
        assert m.score(worded, _view("en"))[0] == pytest.approx(2 ** -0.5)  # unit(query + English)
        # Spanish has no wording of its own: every wording stands beside the query
        assert m.score(worded, _view("es"))[0] == pytest.approx(0.0)
        assert m.query_vector(Q, "es", worded.also) @ np.array([1, 1, 1, 0]) == pytest.approx(3 / 3 ** 0.5)
        assert m.score(worded, _view("zh"))[0] == pytest.approx(1.0)  # the query's own language: as written
        # a translator words the languages the user did not; the user's own wording comes first
        m._profiles.clear()  # (a matcher gets its translator when built: drop what it cached without one)
        m._queries = {k: v for k, v in m._queries.items() if "\0" not in k}
        m.variants = QueryVariants(CountingTable({"es": "Marcha de Año Nuevo en Hong Kong", "de": "falsch"}),
                                   ("table", ""), bw.store)
        assert m.score(worded, _view("es"))[0] == pytest.approx(2 ** -0.5)
        assert m.score(worded, _view("de"))[0] == pytest.approx(2 ** -0.5)
        assert m.variants.asked == 1  # German was not asked for: the user wrote it
        # each wording is embedded once, however many languages lean on it
        calls: list[str] = []
        embed = m._embed_query
        m._embed_query = lambda text, lang: calls.append(text) or embed(text, lang)
        m.variants = None
        other = Watchlist("o", "Neujahrsmarsch in Hongkong", also=["Marcha de Año Nuevo en Hong Kong", EN])
        m._query_lang.update({"Marcha de Año Nuevo en Hong Kong": "es"})
        for lang in ("fr", "pt", "it", "es", "en"):
            m.query_vector(other.query, lang, other.also)
        assert sorted(calls) == ["Marcha de Año Nuevo en Hong Kong"]  # the German query and EN were met before
        # two watchlists of one query, worded differently, keep their feedback apart
        assert m._key(worded.query, worded.also) != m._key(plain.query, plain.also) == Q


def test_an_english_wording_lifts_a_japanese_query_on_real_reports(tmp_path):
    """The bundled embedder on the examples' Chile earthquake reports: the query in Japanese
    meets the English, French and German reports better beside its English wording."""
    with babelwire.open(str(tmp_path / "r.db"), alert_deliver=False, progress=False) as bw:
        bw.ingest([_write(tmp_path / "q.jsonl", QUAKE)])
        m = bw.alert_matcher()
        story = bw.stories()[0]["id"]
        view = m.views([story])[story]
        q = "チリ北部で強い地震"
        plain = m._similarities(view, lambda lang: m.query_vector(q, lang or None), ())
        worded = m._similarities(view, lambda lang: m.query_vector(q, lang or None, ["Strong earthquake in northern Chile"]),
                                 ["Strong earthquake in northern Chile"])
        other = [i for i, lang in enumerate(view.vector_languages) if lang not in ("ja", "und")]
        assert len(other) >= 5 and float(np.mean(worded[other] - plain[other])) > 0.03


def test_an_alert_says_which_wordings_it_was_matched_with(tmp_path):
    from babelwire.alerts.decide import why

    with babelwire.open(str(tmp_path / "w.db"), alert_deliver=False, progress=False) as bw:
        bw.add_watchlist("quake", "Erdbeben in Chile", also=["Earthquake in Chile"])
        bw.add_watchlist("plain", "Erdbeben in Chile")
        bw.ingest([_write(tmp_path / "q.jsonl", QUAKE)])
        got = {a["watchlist"]: a for a in bw.alerts()["alerts"]}
        assert got["quake"]["data"]["reason"]["also"] == ["Earthquake in Chile"]
        assert 'matches "Erdbeben in Chile" / "Earthquake in Chile" (score' in why(got["quake"]["data"])
        assert "also" not in got["plain"]["data"]["reason"]  # a watchlist without wordings: as before


def test_wordings_are_checked_kept_edited_and_cleared(tmp_path):
    with babelwire.open(str(tmp_path / "k.db"), alert_deliver=False) as bw:
        w = bw.add_watchlist("hk", Q, also=[f" {EN} ", EN, Q, "", DE])
        assert w.also == [EN, DE]  # spaces folded, repeats and the query itself dropped
        assert bw.watchlists()[0].also == [EN, DE]
        assert bw.edit_watchlist("hk", sensitivity="strict").also == [EN, DE]  # not given: kept
        assert bw.edit_watchlist("hk", also=[DE]).also == [DE]
        assert bw.edit_watchlist("hk", also=[]).also == [] == bw.watchlists()[0].also
        with pytest.raises(ConfigError, match="needs a --query"):
            bw.add_watchlist("b", None, breaking=True, also=[EN])
        # a wording reads as the query does: a malformed one is refused now, not by every batch
        for bad in ("Earthquake in Chile (magnitude 7", "Brexit: deal or NOT"):
            with pytest.raises(ConfigError, match="the wording"):
                bw.edit_watchlist("hk", also=[bad])
        for bad in ("Earthquake\x00 in Chile", "Erdbeben\x1b[31m"):
            with pytest.raises(ConfigError, match="control characters"):
                bw.edit_watchlist("hk", also=[bad])
        with pytest.raises(ConfigError, match="control characters"):
            bw.add_watchlist("nul", "Erdbeben\x00 in Chile")
        # a new query does not keep the old one's wordings unless they are given again
        bw.edit_watchlist("hk", also=[EN])
        with pytest.raises(ConfigError, match="query changed"):
            bw.edit_watchlist("hk", "香港新年游行")
        assert bw.edit_watchlist("hk", "香港新年游行", also=[]).also == []
        with pytest.raises(ConfigError, match="at most"):
            bw.add_watchlist("c", Q, also=[f"w{i}" for i in range(30)])
        assert [x.name for x in bw.watchlists()] == ["hk"]


def test_wordings_on_postgresql(pg_url):
    with babelwire.open(pg_url, alert_deliver=False) as bw:
        with pytest.raises(ConfigError, match="control characters"):  # a clear error, not the driver's
            bw.add_watchlist("nul", Q, also=["New Year\x00 march"])
        bw.add_watchlist("hk", Q, also=[EN])
        assert bw.watchlists()[0].also == [EN]
        assert bw.edit_watchlist("hk", also=[DE, EN]).also == [DE, EN] == bw.watchlists()[0].also


def test_cli_api_and_page_take_wordings(run_cli, tmp_path):
    from fastapi.testclient import TestClient

    from babelwire.web import create_app

    db = str(tmp_path / "c.db")
    run_cli("--db", db, "watchlist", "add", "hk", "--query", Q, "--also", EN, "--also", DE, check=True)
    [w] = json.loads(run_cli("--db", db, "watchlist", "list", "--format", "json", check=True).stdout)
    assert w["also"] == [EN, DE]
    assert EN in run_cli("--db", db, "watchlist", "list", check=True).stdout.decode()
    [w] = json.loads(run_cli("--db", db, "watchlist", "edit", "hk", "--clear", "also", "--format", "json",
                             check=True).stdout)
    assert w["also"] == []
    bad = run_cli("--db", db, "watchlist", "add", "b", "--breaking", "--also", EN)
    assert bad.returncode == 2 and "needs a --query" in bad.stderr.decode()
    with TestClient(create_app(db, token="s3cret")) as c:
        auth = {"Authorization": "Bearer s3cret"}
        r = c.post("/api/watchlists", json={"name": "hk2", "query": Q, "also": [EN]}, headers=auth)
        assert r.status_code == 201 and r.json()["also"] == [EN]
        assert c.patch("/api/watchlists/hk2", json={"sensitivity": "strict"}, headers=auth).json()["also"] == [EN]
        assert c.patch("/api/watchlists/hk2", json={"also": []}, headers=auth).json()["also"] == []
        pv = c.post("/api/watchlists/preview", json={"query": Q, "also": [EN]}, headers=auth)
        assert pv.status_code == 200 and pv.json()["watchlist"]["also"] == [EN]  # a preview takes them too
        form = {"query": Q, "also": f"{EN}\n\n{DE}\n", "sensitivity": "balanced", "digest": "off", "token": "s3cret"}
        assert c.post("/alerts/watchlists/hk", data=form, follow_redirects=False).status_code == 303
        assert c.get("/api/watchlists").json()[0]["also"] == [EN, DE]
        page = c.get("/alerts", params={"watchlist": "hk"}).text
        assert f">{EN}\n{DE}</textarea>" in page  # the edit form shows one wording per line


def test_the_replay_gives_each_watchlist_its_wordings_in_other_languages():
    labels = [{"query": "Erdbeben in Chile", "query_language": "de"}, {"query": "Earthquake", "query_language": "en"}]
    table = {"Erdbeben in Chile": {"en": "Earthquake in Chile", "de": "Erdbeben in Chile"}, "Earthquake": {"en": "x"}}
    got = with_also(labels, table, ("en", "de"))
    assert [w["also"] for w in got] == [["Earthquake in Chile"], []]  # never the query's own language
