"""A watchlist's preview with real parts: a real SQLite store of real articles clustered with the
bundled embedder, the real decision beside it, the `babelwire` CLI in a subprocess, the web app
through its test client."""
from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

import babelwire
from babelwire.alerts import evaluate
from babelwire.alerts.match import Matcher
from babelwire.errors import ConfigError, InputError, NotFoundError
from tests.test_alerts import FERRY, QUAKE, _write

CHILE = [i for i in QUAKE if i != "ex-036"]  # es, en, pt, zh, fr: no German report
SULAWESI = ["ex-067", "ex-058", "ex-034", "ex-062", "ex-037"]  # another earthquake, four days later
QUERY = "Erdbeben in Chile"  # German, the language of none of the articles
EVERYTHING = 400  # days: from the newest story (the ferry, August 2025) back past March


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Three stories (two earthquakes, a ferry), no watchlist."""
    d = tmp_path_factory.mktemp("preview")
    db = str(d / "p.db")
    with babelwire.open(db, alert_deliver=False) as bw:
        bw.ingest([_write(d / "p.jsonl", CHILE + SULAWESI + FERRY)])
        stories = {a: bw.article(a).story_id for a in (CHILE[0], SULAWESI[0], FERRY[0])}
    return {"db": db, "chile": stories[CHILE[0]], "sulawesi": stories[SULAWESI[0]], "ferry": stories[FERRY[0]]}


def _copy(store, tmp_path) -> str:
    db = str(tmp_path / "copy.db")
    shutil.copy(store["db"], db)
    return db


def _rows(db: str) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


def test_preview_ranks_the_story_the_query_names_first_and_writes_nothing(store, tmp_path):
    db = _copy(store, tmp_path)
    before = _rows(db)
    with babelwire.open(db, alert_deliver=False) as bw:
        real = bw.alert_matcher()  # the live matcher, as a server holds it
        rep = bw.preview_watchlist(query=QUERY, days=EVERYTHING, all_stories=True)
        assert QUERY not in real._feedback and QUERY not in real._queries  # the preview used a matcher of its own
        assert {"ex-032", "ex-044"} <= set(real._features)  # ... sharing the names each article carries
        indo = bw.preview_watchlist(query="Erdbeben in Indonesien", days=EVERYTHING, all_stories=True)
    assert _rows(db) == before and before["articles"] == len(CHILE + SULAWESI + FERRY)
    assert before["watchlists"] == before["alerts"] == 0
    ranked = [s["story_id"] for s in rep["stories"]]
    assert ranked[0] == store["chile"] and set(ranked) == {store["chile"], store["sulawesi"], store["ferry"]}
    first = rep["stories"][0]
    assert first["passed"] and first["why_not"] is None and first["score"] >= first["threshold"]
    assert "Chile" in first["names"] and first["sources"] == len(CHILE) - 1  # ex-069 is a copy of ex-032
    assert first["best_article"]["id"] in CHILE and set(first["languages"]) == {"es", "en", "pt", "zh", "fr"}
    assert [s["passed"] for s in rep["stories"]] == [True, False, False] and rep["would_alert"] == 1
    # the other earthquake names another country: the country filter says why it would not alert
    assert next(s for s in rep["stories"] if s["story_id"] == store["sulawesi"])["why_not"] == "other countries"
    assert [s["score"] for s in rep["stories"][1:]] == sorted((s["score"] for s in rep["stories"][1:]), reverse=True)
    assert indo["stories"][0]["story_id"] == store["sulawesi"]
    assert (rep["scanned"], rep["in_window"], rep["watchlist"]["query"]) == (3, 3, QUERY)


def test_a_previewed_text_leaves_no_entry_in_the_live_matcher(store, tmp_path, monkeypatch):
    """A server previews many texts: none may stay in the live matcher's caches, which still
    gain what the preview read of each article."""
    text = "Erdbeben und Tsunami in Indonesien"
    siblings: list[Matcher] = []
    made = Matcher.sibling

    def kept_sibling(self: Matcher) -> Matcher:  # the preview's matcher, kept to look into
        siblings.append(made(self))
        return siblings[-1]

    monkeypatch.setattr(Matcher, "sibling", kept_sibling)
    with babelwire.open(_copy(store, tmp_path), alert_deliver=False) as bw:
        real = bw.alert_matcher()
        rep = bw.preview_watchlist(query=text, days=EVERYTHING, all_stories=True)
        assert rep["stories"][0]["story_id"] == store["sulawesi"]
        caches = {k: v for k, v in vars(real).items() if isinstance(v, dict)}
        assert {"_features", "_countries", "_queries"} <= set(caches)
        kept = {k: [key for key in v if text in str(key)] for k, v in caches.items()}
        assert not any(kept.values()), kept  # the live matcher holds nothing of the text ...
        [mine] = siblings  # ... the preview's worked it out (and went with it)
        assert mine._query_countries[text] == {"ID"} and text in mine._query_features
        assert set(SULAWESI) <= set(real._features) and set(SULAWESI) <= set(real._countries)


def test_passed_is_what_the_decision_alerts(store, tmp_path):
    """A real watchlist with the same settings, the batch decided again: the same stories alert."""
    db = _copy(store, tmp_path)
    opts = {"sensitivity": "eager", "min_sources": 2}
    seen: list[tuple[str, str, bool]] = []
    with babelwire.open(db, alert_deliver=False) as bw:
        for query in (QUERY, "Erdbeben in Indonesien", "Fährunglück auf dem Victoriasee"):
            rep = bw.preview_watchlist(query=query, days=EVERYTHING, all_stories=True, **opts)
            name = f"w{len(bw.watchlists())}"
            bw.add_watchlist(name, query, **opts)
            members = [a for s in (store["chile"], store["sulawesi"], store["ferry"]) for a in bw.story(s)["article_ids"]]
            evaluate(bw.store, bw.settings, bw.alert_matcher().sibling(), members)
            alerted = {a["story_id"] for a in bw.alerts(watchlist=name)["alerts"]}
            assert alerted == {s["story_id"] for s in rep["stories"] if s["passed"]}, query
            scores = {a["story_id"]: a["data"]["reason"]["score"] for a in bw.alerts(watchlist=name)["alerts"]}
            assert scores == {s["story_id"]: s["score"] for s in rep["stories"] if s["passed"]}
            seen += [(query, s["story_id"], s["passed"]) for s in rep["stories"]]
    # both outcomes were compared: stories that alert and stories that do not
    assert (QUERY, store["chile"], True) in seen and sum(not p for _, _, p in seen) >= 3, seen


def test_window_named_watchlist_and_refusals(store, tmp_path):
    db = _copy(store, tmp_path)
    with babelwire.open(db, alert_deliver=False) as bw:
        week = bw.preview_watchlist(query=QUERY)  # 7 days up to the newest story: the ferry only
        assert [s["story_id"] for s in week["stories"]] == [store["ferry"]] and week["would_alert"] == 0
        assert week["until"].startswith("2025-08-18") and week["since"].startswith("2025-08-11")
        bw.add_watchlist("quake", QUERY, sensitivity="strict", languages=["de"])
        mine = bw.preview_watchlist("quake", days=EVERYTHING)
        assert (mine["watchlist"]["sensitivity"], mine["watchlist"]["languages"]) == ("strict", ["de"])
        assert mine["would_alert"] == 0 and mine["stories"][0]["why_not"] == "language"  # no German report
        strict = bw.preview_watchlist("quake", days=EVERYTHING, languages=[])
        assert strict["would_alert"] == 0 and strict["stories"][0]["story_id"] == store["chile"]
        assert strict["stories"][0]["why_not"] is None  # below the strict threshold, no filter failed
        tuned = bw.preview_watchlist("quake", days=EVERYTHING, languages=[], sensitivity="balanced", below=0)
        assert [s["story_id"] for s in tuned["stories"]] == [store["chile"]]  # the next ones left out
        assert tuned["stories"][0]["threshold"] < strict["stories"][0]["threshold"]
        assert bw.watchlists()[0].languages == ["de"]  # tuning a preview changes no watchlist
        for bad in ({"query": QUERY, "days": 0}, {"query": QUERY, "sensitivity": "loud"}, {"query": ""},
                    {"query": QUERY, "countries": ["Atlantis"]}):
            with pytest.raises(ConfigError):
                bw.preview_watchlist(**bad)
        with pytest.raises(InputError):  # as `add` refuses it
            bw.preview_watchlist(query="(Chile")
        with pytest.raises(NotFoundError):
            bw.preview_watchlist("nope")
        bw.add_watchlist("breaking", breaking=True)
        with pytest.raises(ConfigError, match="needs a query"):
            bw.preview_watchlist("breaking")


def test_cli_watchlist_preview(store, run_cli, tmp_path):
    db = _copy(store, tmp_path)
    before = _rows(db)
    r = run_cli("--db", db, "watchlist", "preview", "--query", QUERY, "--days", str(EVERYTHING), "--format", "json",
                check=True)
    rep = json.loads(r.stdout)
    assert rep["stories"][0]["story_id"] == store["chile"] and rep["stories"][0]["passed"]
    text = run_cli("--db", db, "watchlist", "preview", "-q", QUERY, "--days", str(EVERYTHING), "--all",
                   check=True)
    out, err = text.stdout.decode(), text.stderr.decode()
    assert "1 of 3 stories" in err and "would alert" in err
    lines = [x for x in out.splitlines() if "s-" in x]
    assert "alert" in lines[0] and store["chile"] in lines[0] and "other countries" in out
    assert _rows(db) == before
    missing = run_cli("--db", db, "watchlist", "preview", "nope")
    assert missing.returncode == 5 and missing.stderr.decode().count("\n") == 1
    assert run_cli("--db", db, "watchlist", "preview").returncode == 2
    assert run_cli("--db", db, "watchlist", "preview", "-q", QUERY, "--days", "0").returncode == 2


def test_api_watchlist_preview(store, tmp_path):
    from fastapi.testclient import TestClient

    from babelwire.web import create_app

    db = _copy(store, tmp_path)
    with babelwire.open(db) as bw:
        bw.add_watchlist("quake", QUERY, languages=["de"])
    before = _rows(db)
    with TestClient(create_app(db, token="s3cret")) as c:
        assert c.post("/api/watchlists/preview", json={"query": QUERY}).status_code == 401  # the caller's text: token
        assert c.get("/api/watchlists/quake/preview").status_code == 401
        c.headers["Authorization"] = "Bearer s3cret"
        r = c.post("/api/watchlists/preview", json={"query": QUERY, "days": EVERYTHING})
        assert r.status_code == 200, r.text
        assert [s["passed"] for s in r.json()["stories"]][:1] == [True]
        assert r.json()["stories"][0]["story_id"] == store["chile"]
        named = c.get("/api/watchlists/quake/preview", params={"days": EVERYTHING}).json()
        assert named["would_alert"] == 0 and named["stories"][0]["why_not"] == "language"
        tuned = c.post("/api/watchlists/preview", json={"name": "quake", "languages": [], "days": EVERYTHING,
                                                        "all": True})
        assert tuned.json()["would_alert"] == 1 and len(tuned.json()["stories"]) == 3
        missing = c.get("/api/watchlists/nope/preview")
        assert missing.status_code == 404 and missing.json()["error"]["status"] == 404
        bad = c.post("/api/watchlists/preview", json={"days": 3})
        assert bad.status_code == 400 and "query" in bad.json()["error"]["message"]
        assert c.post("/api/watchlists/preview", json={"query": QUERY, "days": 0}).status_code == 422
    assert _rows(db) == before


def test_preview_on_postgresql(pg_url, tmp_path):
    with babelwire.open(pg_url, alert_deliver=False) as bw:
        bw.ingest([_write(tmp_path / "pg.jsonl", CHILE[:3] + SULAWESI[:3])])
        chile = bw.article(CHILE[0]).story_id
        rep = bw.preview_watchlist(query=QUERY, days=EVERYTHING, all_stories=True)
        assert rep["stories"][0]["story_id"] == chile and rep["stories"][0]["passed"]
        assert rep["scanned"] == len({bw.article(a).story_id for a in CHILE[:3] + SULAWESI[:3]}) >= 2
        day = bw.preview_watchlist(query=QUERY, days=1)  # the day before the newest story (Sulawesi, 4 days later)
        assert day["scanned"] >= 1 and chile not in {s["story_id"] for s in day["stories"]}
        assert bw.watchlists() == [] and bw.alerts()["alerts"] == []


def test_an_archive_previews_its_own_last_days_beside_undated_pages(store, tmp_path):
    """An undated page ingested today is seen today; the window still ends at the archive's
    latest publication date, not at that page (which would leave the page alone in it)."""
    db = _copy(store, tmp_path)
    with babelwire.open(db, alert_deliver=False, progress=False) as bw:
        page = {"id": "undated-1", "language": "en", "title": "Opening hours of the town library",
                "text": "The town library opens at nine on weekdays and at ten on Saturdays. " * 5}
        bw.ingest_bytes((json.dumps(page) + "\n").encode(), name="u.jsonl", kind="jsonl")
        assert bw.article("undated-1").published is None and bw.article("undated-1").story_id
        week = bw.preview_watchlist(query=QUERY, all_stories=True)
        assert week["until"].startswith("2025-08-18")  # the ferry's date, not today's
        ids = {s["story_id"] for s in week["stories"]}
        assert store["ferry"] in ids and bw.article("undated-1").story_id in ids
