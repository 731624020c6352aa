"""Editing a watchlist in place, with real parts: a real store and embedder, a webhook receiver
on 127.0.0.1, the `babelwire` CLI in a subprocess, the web app through its test client."""
from __future__ import annotations

import json
import shutil
import threading

import pytest

import babelwire
import babelwire.alerts as alerts
from babelwire.errors import ConfigError, NotFoundError
from tests.test_alerts import QUAKE, SECRET, Hook, _write

NEW = "Earthquake in Chile"  # matches the quake story as the German query does


@pytest.fixture(scope="module")
def alerted(tmp_path_factory):
    """A store whose "quake" watchlist alerted once on the quake story; nothing delivered."""
    d = tmp_path_factory.mktemp("edit")
    db = str(d / "e.db")
    hook = Hook()
    with babelwire.open(db, alert_deliver=False, webhook_secret=SECRET) as bw:
        bw.add_watchlist("quake", "Erdbeben in Chile", webhooks=[hook.url], emails=["desk@example.org"])
        bw.ingest([_write(d / "q.jsonl", QUAKE)])
    return {"db": db, "hook": hook}


def _copy(alerted, tmp_path) -> str:
    db = str(tmp_path / "copy.db")
    shutil.copy(alerted["db"], db)
    return db


def test_an_edited_query_decides_from_the_next_batch_in_the_same_process(tmp_path):
    with babelwire.open(str(tmp_path / "n.db"), alert_deliver=False) as bw:
        bw.add_watchlist("was_volcano", "Vulkanausbruch auf Island")
        bw.add_watchlist("was_quake", "Erdbeben in Chile")
        bw.ingest([_write(tmp_path / "b1.jsonl", QUAKE[:2])])
        first = bw.alerts()["alerts"]
        assert [(a["watchlist"], a["version"]) for a in first] == [("was_quake", 1)]
        m = bw.alert_matcher()
        assert "Vulkanausbruch auf Island" in m._queries  # the old query's vector is cached ...
        bw.edit_watchlist("was_volcano", NEW)
        bw.edit_watchlist("was_quake", "Vulkanausbruch auf Island")
        bw.ingest([_write(tmp_path / "b2.jsonl", QUAKE[2:])])  # the same matcher, its caches warm
        got = {a["watchlist"]: a for a in bw.alerts()["alerts"]}
    # ... and the new one decides: the story the old query missed alerts in this batch
    v = got["was_volcano"]
    assert v["data"]["query"] == NEW and v["version"] == 1 and set(v["data"]["first_trigger"]) <= set(QUAKE[2:])
    # the watchlist that no longer asks for the quake keeps its alert, neither withdrawn nor
    # updated (unedited, the growing story makes it version 2: test_alerts.py)
    q = got["was_quake"]
    assert (q["id"], q["version"], q["data"]["query"]) == (first[0]["id"], 1, "Erdbeben in Chile")


def test_an_edit_sends_no_alert_again_and_a_new_channel_gets_only_new_alerts(alerted, tmp_path):
    from babelwire.alerts import evaluate

    db = _copy(alerted, tmp_path)
    hook, later = alerted["hook"], Hook()
    sent_before = len(hook.keys())
    with babelwire.open(db, alert_deliver=False, webhook_secret=SECRET, smtp_host="127.0.0.1", smtp_port=1) as bw:
        [a] = bw.alerts(watchlist="quake")["alerts"]
        bw.edit_watchlist("quake", NEW, webhooks=[later.url], remove_channels=["desk@example.org"])
        # the mail's undelivered row went with its channel; the webhook's stays
        assert [o["channel"] for o in bw.alerts(outbox=True)["outbox"]] == [{"kind": "webhook", "url": hook.url}]
        assert bw.deliver_alerts()["sent"] == 1
        members = bw.story(a["story_id"])["article_ids"]
        # decided again under the new query, which matches the story too: nothing written
        assert evaluate(bw.store, bw.settings, bw.alert_matcher(), members) == []
        assert bw.deliver_alerts()["sent"] == 0
        [b] = bw.alerts(watchlist="quake")["alerts"]
    assert (b["id"], b["version"], b["data"]["query"]) == (a["id"], 1, "Erdbeben in Chile")
    assert len(hook.keys()) == sent_before + 1 and later.requests == 0


def test_edit_checks_as_add_does_and_changes_nothing_when_refused(alerted, tmp_path):
    db = _copy(alerted, tmp_path)
    with babelwire.open(db, alert_deliver=False) as bw:
        before = bw.watchlists()
        for bad in ({"query": ""}, {"sensitivity": "loud"}, {"min_sources": 0}, {"countries": ["Atlantis"]},
                    {"webhooks": ["ftp://x"]}, {"remove_channels": ["nobody@example.org"]}, {"digest": "weekly"}):
            with pytest.raises(ConfigError):
                bw.edit_watchlist("quake", **bad)
        with pytest.raises(NotFoundError):
            bw.edit_watchlist("nope", NEW)
        assert bw.watchlists() == before
        w = bw.edit_watchlist("quake", languages=["es", "de"], countries=["CHL"], places=["Atacama"],
                              outlets=["www.bbc.co.uk"], sensitivity="high", digest="daily", breaking=True)
        assert (w.query, w.languages, w.places, w.outlets, w.sensitivity, w.digest, w.breaking) == (
            "Erdbeben in Chile", ["es", "de"], ["Atacama", "CL"], ["bbc.co.uk"], "eager", "daily", True)
        w = bw.edit_watchlist("quake", query="", places=[], languages=[])  # breaking: the query may go
        assert (w.query, w.places, w.languages, w.outlets) == ("", [], [], ["bbc.co.uk"])
        assert bw.watchlists() == [w] and w.created_at == before[0].created_at


def test_cli_watchlist_edit(alerted, run_cli, tmp_path):
    db = _copy(alerted, tmp_path)
    r = run_cli("--db", db, "watchlist", "edit", "quake", "--query", NEW, "--language", "es", "--country", "CHL",
                "--min-sources", "2", "--no-breaking", "--remove-channel", alerted["hook"].url, "--format", "json",
                check=True)
    [w] = json.loads(r.stdout)
    assert (w["query"], w["languages"], w["places"], w["min_sources"]) == (NEW, ["es"], ["CL"], 2)
    assert w["channels"] == [{"kind": "email", "to": "desk@example.org"}]
    assert [x["query"] for x in json.loads(run_cli("--db", db, "watchlist", "list", "--format", "json").stdout)] == [NEW]
    out = json.loads(run_cli("--db", db, "alerts", "--outbox", "--format", "json", check=True).stdout)
    assert [o["channel"]["kind"] for o in out["outbox"]] == ["email"] and len(out["alerts"]) == 1
    text = run_cli("--db", db, "watchlist", "edit", "quake", "--clear", "languages", "--sensitivity", "strict",
                   check=True).stdout.decode()
    assert "quake" in text and "strict" in text and NEW in text
    missing = run_cli("--db", db, "watchlist", "edit", "nope", "--query", "x")
    assert missing.returncode == 5 and missing.stderr.decode().count("\n") == 1 and "nope" in missing.stderr.decode()
    assert run_cli("--db", db, "watchlist", "edit", "quake", "--query", "").returncode == 2
    assert run_cli("--db", db, "watchlist", "edit", "quake", "--clear", "places", "--country", "DE").returncode == 2
    [w] = json.loads(run_cli("--db", db, "watchlist", "list", "--format", "json").stdout)
    assert (w["query"], w["languages"], w["sensitivity"]) == (NEW, [], "strict")


def test_api_patch_watchlist(alerted, tmp_path):
    from fastapi.testclient import TestClient

    from babelwire.web import create_app

    db = _copy(alerted, tmp_path)
    with TestClient(create_app(db, token="s3cret")) as c:
        assert c.patch("/api/watchlists/quake", json={"query": NEW}).status_code == 401
        auth = {"Authorization": "Bearer s3cret"}
        r = c.patch("/api/watchlists/quake", json={"query": NEW, "countries": ["CHL"], "outlets": ["www.bbc.co.uk"],
                                                   "remove_channels": ["desk@example.org"]}, headers=auth)
        assert r.status_code == 200, r.text
        assert (r.json()["query"], r.json()["places"], r.json()["outlets"]) == (NEW, ["CL"], ["bbc.co.uk"])
        assert [ch["kind"] for ch in r.json()["channels"]] == ["webhook"]
        assert c.get("/api/watchlists").json() == [r.json()]
        missing = c.patch("/api/watchlists/nope", json={"query": "x"}, headers=auth)
        assert missing.status_code == 404 and missing.json()["error"]["status"] == 404
        bad = c.patch("/api/watchlists/quake", json={"query": ""}, headers=auth)
        assert bad.status_code == 400 and "needs a query" in bad.json()["error"]["message"]
        assert c.patch("/api/watchlists/quake", json={"sensitivity": "loud"}, headers=auth).status_code == 422
        assert c.patch("/api/watchlists/quake", json={"outlets": None, "languages": []},
                       headers=auth).json()["outlets"] == ["bbc.co.uk"]  # null: kept
        assert len(c.get("/api/alerts", params={"watchlist": "quake"}).json()["alerts"]) == 1


def test_alerts_page_edits_the_watchlist_shown(alerted, tmp_path):
    from fastapi.testclient import TestClient

    from babelwire.web import create_app

    db = _copy(alerted, tmp_path)
    form = {"query": NEW, "languages": "es, de", "places": "Atacama", "countries": "CHL", "min_sources": "2",
            "sensitivity": "strict", "digest": "off"}
    with TestClient(create_app(db, token="s3cret")) as c:
        page = c.get("/alerts", params={"watchlist": "quake"}).text
        assert 'action="/alerts/watchlists/quake"' in page and 'value="Erdbeben in Chile"' in page
        assert 'action="/alerts/watchlists/quake"' not in c.get("/alerts").text  # only for the one shown
        assert c.post("/alerts/watchlists/quake", data=form, follow_redirects=False).status_code == 401
        r = c.post("/alerts/watchlists/quake", data={**form, "token": "s3cret"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/alerts?watchlist=quake"
        [w] = c.get("/api/watchlists").json()
        assert (w["query"], w["languages"], w["places"], w["min_sources"], w["sensitivity"], len(w["channels"])) == (
            NEW, ["es", "de"], ["Atacama", "CL"], 2, "strict", 2)  # its channels kept
        assert 'value="Atacama, CL"' in c.get("/alerts", params={"watchlist": "quake"}).text
        bad = c.post("/alerts/watchlists/quake", data={**form, "query": "", "token": "s3cret"})
        assert bad.status_code == 400 and "needs a query" in bad.text and 'value="2"' in bad.text
        assert c.get("/api/watchlists").json() == [w]


def test_edit_on_postgresql(pg_url):
    with babelwire.open(pg_url, alert_deliver=False) as bw:
        bw.add_watchlist("w", "Erdbeben in Chile", emails=["a@example.org", "b@example.org"])
        w = bw.edit_watchlist("w", NEW, countries=["CHL"], remove_channels=["a@example.org"], breaking=True)
        assert bw.watchlists() == [w] and (w.query, w.places, w.breaking) == (NEW, ["CL"], True)
        assert w.channels == [{"kind": "email", "to": "b@example.org"}]
        with pytest.raises(NotFoundError):
            bw.edit_watchlist("nope", NEW)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_edits_at_once_both_count(backend, tmp_path, request, monkeypatch):
    """Each edit reads, changes and writes the row: the second waits for the first instead of
    writing over it with what it read before (PostgreSQL reads commit by commit)."""
    db = request.getfixturevalue("pg_url") if backend == "postgresql" else str(tmp_path / "two.db")
    with babelwire.open(db, alert_deliver=False) as bw:
        bw.add_watchlist("w", "Erdbeben in Chile")
    first_read = threading.Event()
    real = alerts.checked

    def slow_checked(*a, **k):  # the first edit holds on between its read and its write
        if not first_read.is_set():
            first_read.set()
            threading.Event().wait(0.5)
        return real(*a, **k)

    monkeypatch.setattr(alerts, "checked", slow_checked)
    errors: list[BaseException] = []

    def edit(url: str) -> None:
        try:
            with babelwire.open(db, alert_deliver=False) as ws:
                ws.edit_watchlist("w", webhooks=[url])
        except BaseException as e:  # reported below, not lost in the thread
            errors.append(e)

    a = threading.Thread(target=edit, args=("https://hooks.example/a",))
    a.start()
    assert first_read.wait(30)
    b = threading.Thread(target=edit, args=("https://hooks.example/b",))
    b.start()
    a.join(60)
    b.join(60)
    assert not errors
    with babelwire.open(db, alert_deliver=False) as bw:
        [w] = [x for x in bw.watchlists() if x.name == "w"]
        assert sorted(c["url"] for c in w.channels) == ["https://hooks.example/a", "https://hooks.example/b"]
