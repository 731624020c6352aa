"""Alert delivery with real parts: digests (one signed webhook POST and one mail via aiosmtpd per
watchlist, channel and period; a delivering process killed with SIGKILL by the receiver), the
per-channel cooldown, outlet and country filters on real ingests, apprise (a real apprise
sending to a real HTTP receiver on 127.0.0.1), a store from before migration 0013."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone

import pytest

import babelwire
from babelwire.alerts.decide import alert_id, delivery_key, iso, payload
from babelwire.alerts.deliver import DELIVERY_HEADER
from babelwire.errors import ConfigError
from babelwire.store.base import Alert, OutboxItem
from tests.test_alerts import (
    FERRY,
    QUAKE,
    REPO,
    SECRET,
    Hook,
    _write,
    deliver_in_two_workers,
    smtp as smtp,  # noqa: F401 (a fixture)
)

T = datetime(2026, 3, 2, 10, 20, tzinfo=timezone.utc)  # decisions at 10:20; the hour's digest is due at 11:00


def _alerts(bw, watchlist: str, n: int, at: datetime, *, first: int = 0) -> list[str]:
    """``n`` alerts of ``watchlist`` decided a second apart from ``at``, written as
    decide.evaluate writes them (the alert and one outbox row per channel in one transaction);
    their ids back."""
    al = bw.store.alerts()
    w = al.get_watchlist(watchlist)
    ids = []
    for i in range(first, first + n):
        sid = f"s-{watchlist}-{i}"
        t = iso(at + timedelta(seconds=i - first))
        data = {"watchlist": w.name, "query": w.query, "story_id": sid, "headline": f"Headline {watchlist} {i}",
                "articles": 2, "sources": 2, "languages": {"en": 1, "fr": 1}, "outlets": ["a", "b"],
                "link": f"babelwire:story/{sid}", "first_published": None,
                "sources_linked": [{"id": f"x{i}", "title": f"Report {i}", "url": f"https://example.org/{i}",
                                    "language": "en", "published": None}],
                "reason": {"score": 0.5, "threshold": 0.44, "sensitivity": "balanced", "best_article": f"x{i}",
                           "keywords": [], "event_sources": 2}, "trigger": [f"x{i}"]}
        a = Alert(alert_id(w.name, sid), w.name, sid, 1, 0.5, data, t, t, sent_version=1, sent_at=t)
        with bw.store.transaction():
            al.put_alert(a, [OutboxItem(delivery_key(a, ch), a.id, 1, ch, payload(a, False), next_try_at=t,
                                        created_at=t) for ch in w.channels])
        ids.append(a.id)
    return ids


def _deliver(bw, at: datetime) -> dict:
    from babelwire.alerts import deliver_due

    return deliver_due(bw.store, bw.settings, now=at)


# -- digests --------------------------------------------------------------------------------
def test_digest_of_real_decisions_is_one_message_per_watchlist_and_channel(tmp_path, smtp, monkeypatch):  # noqa: F811
    import babelwire.alerts.decide as decide

    monkeypatch.setattr(decide, "utcnow", lambda: T)  # the decisions' clock: all in the 10:00 hour
    hook = Hook()
    before = len(smtp.mails)
    opts = dict(alert_deliver=False, webhook_secret=SECRET, smtp_host="127.0.0.1", smtp_port=smtp.port,
                alert_update_cooldown=0)
    with babelwire.open(str(tmp_path / "d.db"), **opts) as bw:
        bw.add_watchlist("quake", "Erdbeben in Chile", digest="hourly", webhooks=[hook.url], emails=["desk@example.org"])
        bw.add_watchlist("ferry", "Overloaded ferry capsizes on Lake Victoria in Tanzania, dozens dead", min_sources=2,
                         digest="hourly", webhooks=[hook.url])
        bw.ingest([_write(tmp_path / "b1.jsonl", QUAKE[:2] + FERRY[:1])])
        bw.ingest([_write(tmp_path / "b2.jsonl", QUAKE[2:] + FERRY[1:])])
        quake = bw.alerts(watchlist="quake")["alerts"][0]
        assert quake["version"] == 2  # grown in batch 2, and queued again (no update cooldown)
        assert _deliver(bw, T + timedelta(minutes=30)) == {"sent": 0, "failed": 0, "dead": 0, "held": 0, "errors": []}
        rows = bw.alerts(outbox=True)["outbox"]
        assert len(rows) == 5 and all(r["digest"] and r["status"] == "pending" for r in rows)  # quake v1, v2 x2; ferry
        assert hook.requests == 0 and len(smtp.mails) == before
        r = _deliver(bw, T + timedelta(minutes=40))  # 11:00: the hour is over
        assert r["sent"] == 3 and r["failed"] == 0  # quake webhook, quake mail, ferry webhook
        assert _deliver(bw, T + timedelta(days=1))["sent"] == 0
        assert {o.status for o in bw.store.alerts().outbox(limit=100)} == {"sent"}
    assert hook.bad_signatures == 0 and len(hook.accepted) == 2 and len(set(hook.keys())) == 2
    by = {p["watchlist"]: (k, p) for k, p in hook.accepted}
    key, body = by["quake"]
    assert body["type"] == "babelwire.digest" and key.startswith("d-") and body["id"] == key
    assert body["period"] == {"start": "2026-03-02T10:00:00Z", "end": "2026-03-02T11:00:00Z"}
    # v1 and v2 of the one alert were both queued in the hour: listed once, as last decided
    assert body["count"] == 1 and [(a["id"], a["version"]) for a in body["alerts"]] == [(quake["id"], 2)]
    assert by["ferry"][1]["count"] == 1 and by["ferry"][1]["alerts"][0]["watchlist"] == "ferry"
    mails = smtp.mails[before:]
    assert len(mails) == 1 and mails[0].rcpt_tos == ["desk@example.org"]
    text = mails[0].content.decode()
    assert "Digest for quake: 1 alert" in text and quake["data"]["link"] in text


def test_several_alerts_of_a_period_one_post_one_mail_and_the_next_period_apart(tmp_path, smtp):  # noqa: F811
    hook = Hook()
    before = len(smtp.mails)
    opts = dict(alert_deliver=False, webhook_secret=SECRET, smtp_host="127.0.0.1", smtp_port=smtp.port)
    with babelwire.open(str(tmp_path / "s.db"), **opts) as bw:
        bw.add_watchlist("w", "Erdbeben", digest="hourly", webhooks=[hook.url], emails=["desk@example.org"])
        bw.add_watchlist("alone", "Erdbeben", webhooks=[hook.url])  # not a digest: sent one by one
        ids = _alerts(bw, "w", 5, T)
        _alerts(bw, "w", 1, T + timedelta(minutes=45), first=5)  # 11:05: the next hour's digest
        _alerts(bw, "alone", 2, T)
        r = _deliver(bw, T + timedelta(minutes=1))
        assert r["sent"] == 2 and len(hook.accepted) == 2  # the two single alerts, at once
        assert _deliver(bw, T + timedelta(minutes=40))["sent"] == 2  # 11:00: the 10:00 digest, webhook and mail
        assert _deliver(bw, T + timedelta(minutes=41))["sent"] == 0
        assert _deliver(bw, T + timedelta(minutes=100))["sent"] == 2  # 12:00: the 11:00 digest
    digests = [p for _, p in hook.accepted if p["type"] == "babelwire.digest"]
    assert [d["count"] for d in digests] == [5, 1]
    assert [a["id"] for a in digests[0]["alerts"]] == ids  # all five, oldest first, in one POST
    mails = [m.content.decode() for m in smtp.mails[before:]]
    assert len(mails) == 2 and "5 alerts" in mails[0] and all(f"Headline w {i}" in mails[0] for i in range(5))
    assert "Headline w 5" not in mails[0] and "Headline w 5" in mails[1]


def test_digest_killed_mid_delivery_is_resent_whole_under_its_key(tmp_path):
    """A process queues a period's alerts, goes through the outbox mid-period (nothing due), and
    is killed with SIGKILL by the receiver as the digest arrives, before it can mark it sent.
    The next run sends the same alerts again under the same key once the dead run's claim
    ends; an alert decided meanwhile for the sealed period goes into the next digest."""
    db = str(tmp_path / "k.db")
    hook = Hook()
    with babelwire.open(db, alert_deliver=False) as bw:
        bw.add_watchlist("w", "Erdbeben", digest="hourly", webhooks=[hook.url])
    handler = hook.server.RequestHandlerClass
    post = handler.do_POST
    victim: dict = {}

    def accept_then_kill(self):
        if "proc" not in victim:
            return post(self)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        hook.accepted.append((self.headers[DELIVERY_HEADER], json.loads(body)))  # the channel has it …
        os.kill(victim.pop("proc").pid, signal.SIGKILL)  # … and the sender dies before it hears so
        try:
            self.send_response(200)
            self.end_headers()
        except OSError:
            pass

    handler.do_POST = accept_then_kill
    code = f"""
import babelwire, time
from datetime import timedelta
from tests.test_alerts_delivery import T, _alerts, _deliver
bw = babelwire.open({db!r}, alert_deliver=False, webhook_secret={SECRET!r}, alert_claim_seconds=30)
_alerts(bw, "w", 3, T)
print(_deliver(bw, T + timedelta(minutes=5))["sent"], flush=True)  # mid-period: nothing due
_deliver(bw, T + timedelta(minutes=40))
time.sleep(60)  # killed before this ends
"""
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(REPO),
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    victim["proc"] = proc
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == -signal.SIGKILL and out.strip() == b"0", err.decode()[-2000:]
    assert len(hook.accepted) == 1 and hook.accepted[0][1]["count"] == 3
    with babelwire.open(db, alert_deliver=False, webhook_secret=SECRET, alert_claim_seconds=30) as bw:
        held = T + timedelta(minutes=40, seconds=10)
        assert _deliver(bw, held)["sent"] == 0  # the dead run's claim (30 s) holds
        late = _alerts(bw, "w", 1, T + timedelta(minutes=39), first=3)  # decided at 10:59, committed too late
        assert _deliver(bw, held)["sent"] == 0
        assert _deliver(bw, T + timedelta(minutes=42))["sent"] == 1  # the claim ended: sent again
        assert _deliver(bw, T + timedelta(minutes=43))["sent"] == 0
        assert _deliver(bw, T + timedelta(minutes=100))["sent"] == 1  # 12:00: the late one
        assert {o.status for o in bw.store.alerts().outbox(limit=100)} == {"sent"}
    (k1, first), (k2, again), (k3, nxt) = hook.accepted
    assert k1 == k2 != k3 and first == again  # the same alerts under the same key: the receiver drops the repeat
    assert [a["id"] for a in nxt["alerts"]] == late and nxt["period"]["start"] == "2026-03-02T11:00:00Z"


def test_two_workers_send_each_digest_once(store_db):
    """Two delivering workers (threads, each with its own Workspace) on one store, SQLite or
    PostgreSQL: every digest arrives exactly once, whole."""
    from babelwire.alerts import deliver_due

    hook = Hook()
    n = 12
    with babelwire.open(store_db, alert_deliver=False) as bw:
        for i in range(n):
            bw.add_watchlist(f"w{i}", "Erdbeben", digest="hourly", webhooks=[hook.url])
            _alerts(bw, f"w{i}", 3, T)
        assert deliver_due(bw.store, bw.settings, now=T + timedelta(minutes=5))["sent"] == 0  # into digests
    results = deliver_in_two_workers(store_db, now=T + timedelta(hours=1))
    hook.server.shutdown()
    assert len(results) == 2 and sum(r["sent"] for r in results) == n
    assert len(hook.keys()) == n == len(set(hook.keys())) and {p["count"] for p in hook.payloads()} == {3}
    with babelwire.open(store_db) as bw:
        assert {o.status for o in bw.store.alerts().outbox(limit=1000)} == {"sent"}


def test_a_quiet_watch_cycle_sends_the_digests_due(tmp_path):
    """No feed, no article: a watch cycle still sends what has come due (a closed period's digest)."""
    from babelwire.alerts.decide import utcnow

    hook = Hook()
    with babelwire.open(str(tmp_path / "q.db"), webhook_secret=SECRET) as bw:
        bw.add_watchlist("w", "Erdbeben", digest="hourly", webhooks=[hook.url])
        ids = _alerts(bw, "w", 2, utcnow() - timedelta(hours=2))
        bw.watch(once=True)
    assert [[a["id"] for a in p["alerts"]] for p in hook.payloads()] == [ids]


# -- per-channel cooldown -------------------------------------------------------------------
def test_channel_cooldown_delays_single_deliveries_never_drops_them(tmp_path, smtp):  # noqa: F811
    hook = Hook()
    before = len(smtp.mails)
    opts = dict(alert_deliver=False, webhook_secret=SECRET, smtp_host="127.0.0.1", smtp_port=smtp.port,
                alert_channel_cooldown=600)
    with babelwire.open(str(tmp_path / "c.db"), **opts) as bw:
        bw.add_watchlist("w", "Erdbeben", webhooks=[hook.url], emails=["desk@example.org"])
        bw.add_watchlist("dig", "Erdbeben", digest="hourly", webhooks=[hook.url])
        ids = _alerts(bw, "w", 3, T)
        _alerts(bw, "dig", 1, T - timedelta(hours=1))  # its digest is due at 10:00
        t0 = T + timedelta(minutes=1)  # all three decided by then
        r = _deliver(bw, t0)
        # one to each channel; the other four wait; the digest is not held
        assert (r["sent"], r["held"]) == (3, 4) and len(smtp.mails) - before == 1
        pending = bw.store.alerts().outbox(status="pending", limit=100)
        assert len(pending) == 4 and {o.attempts for o in pending} == {0}  # delayed, no attempt counted
        assert {o.next_try_at for o in pending} == {iso(t0 + timedelta(seconds=600))}
        assert _deliver(bw, t0 + timedelta(minutes=5)) == {"sent": 0, "failed": 0, "dead": 0, "held": 0, "errors": []}
        r = _deliver(bw, t0 + timedelta(minutes=10))
        assert (r["sent"], r["held"]) == (2, 2)
        r = _deliver(bw, t0 + timedelta(minutes=20))
        assert (r["sent"], r["held"]) == (2, 0)
        assert bw.store.alerts().outbox(status="pending") == []
    singles = [k for k, p in hook.accepted if p.get("type") == "babelwire.alert"]
    assert sorted(k.split("/")[0] for k in singles) == sorted(ids)  # each alert once
    assert len(smtp.mails) - before == 3  # every mail went, one per cooldown


def test_two_workers_send_one_single_alert_per_channel_within_the_cooldown(store_db):
    """Two workers (threads, each its own Workspace and connections) on one store, SQLite or
    PostgreSQL, each holding one single alert of one watchlist for the same channel at the same
    moment: the receiver gets exactly one; the other row waits for the cooldown's end with no
    attempt counted. The receiver holds the first POST back until the other worker has returned
    or posted too, so a worker that only read the channel's last delivery would send as well."""
    hook = Hook()
    go = threading.Event()

    def gate():
        if hook.requests > 1:  # a second POST within the cooldown: let both through, the test fails
            go.set()
        go.wait(60)

    hook.gate = gate
    cooldown = dict(alert_channel_cooldown=600)
    with babelwire.open(store_db, alert_deliver=False, **cooldown) as bw:
        bw.add_watchlist("w", "Erdbeben", webhooks=[hook.url])
        ids = _alerts(bw, "w", 2, T)
    now = T + timedelta(minutes=1)
    results = deliver_in_two_workers(store_db, opts=cooldown, done=go, now=now, limit=1)  # one row each
    assert len(results) == 2 and sorted((r["sent"], r["held"]) for r in results) == [(0, 1), (1, 0)]
    assert hook.requests == 1 and len(hook.accepted) == 1
    with babelwire.open(store_db, alert_deliver=False, webhook_secret=SECRET, **cooldown) as bw:
        pending = bw.store.alerts().outbox(status="pending")
        assert len(pending) == 1 and pending[0].attempts == 0 and pending[0].next_try_at == iso(now + timedelta(minutes=10))
        assert _deliver(bw, now + timedelta(minutes=9))["sent"] == 0  # still within the cooldown
        assert _deliver(bw, now + timedelta(minutes=10))["sent"] == 1  # then it goes: delayed, not dropped
    hook.server.shutdown()
    assert sorted(k.split("/")[0] for k in hook.keys()) == sorted(ids)


def test_a_failed_send_gives_the_channel_back_and_no_cooldown_writes_nothing(tmp_path):
    hook = Hook()
    hook.statuses[:] = [500]
    opts = dict(alert_deliver=False, webhook_secret=SECRET, alert_channel_cooldown=600, alert_retry_base=60)
    db = str(tmp_path / "f.db")
    with babelwire.open(db, **opts) as bw:
        bw.add_watchlist("w", "Erdbeben", webhooks=[hook.url])
        ids = _alerts(bw, "w", 2, T)
        t0 = T + timedelta(minutes=1)
        r = _deliver(bw, t0)
        # the first send failed and gave its reservation back, so the second went at once
        assert (r["sent"], r["failed"], r["held"]) == (1, 1, 0) and hook.requests == 2
        failed = bw.store.alerts().outbox(status="pending")
        assert [(o.alert_id, o.attempts) for o in failed] == [(ids[0], 1)]
        r = _deliver(bw, t0 + timedelta(minutes=5))  # its retry is due, but the channel is in its cooldown
        assert (r["sent"], r["held"]) == (0, 1) and bw.store.alerts().outbox(status="pending")[0].attempts == 1
        assert _deliver(bw, t0 + timedelta(minutes=10))["sent"] == 1
    assert sorted(k.split("/")[0] for k in hook.keys()) == sorted(ids)
    with babelwire.open(db, **{**opts, "alert_channel_cooldown": 0}) as bw:
        bw.add_watchlist("gone", "Erdbeben", webhooks=["http://127.0.0.1:1/gone"])  # refused
        _alerts(bw, "gone", 2, T)
        r = _deliver(bw, T + timedelta(minutes=1))
        assert (r["failed"], r["held"]) == (2, 0)  # off: both tried
        assert bw.store._one("SELECT count(*) FROM alert_channels")[0] == 1  # hook's: none reserved for "gone"


# -- filters --------------------------------------------------------------------------------
def test_outlet_filter_on_real_ingests(tmp_path):
    with babelwire.open(str(tmp_path / "o.db"), alert_deliver=False) as bw:
        bw.add_watchlist("hanse", "Erdbeben in Chile", outlets=["WWW.Hansebote.example"])  # batch 2 brings it
        bw.add_watchlist("pacific", "Erdbeben in Chile", outlets=["https://pacificwire.example/x"])  # by its domain
        bw.add_watchlist("heraldo", "Erdbeben in Chile", outlets=["el heraldo de atacama"])  # by its name
        bw.add_watchlist("nowhere", "Erdbeben in Chile", outlets=["bbc.co.uk"])
        assert bw.store.alerts().get_watchlist("hanse").outlets == ["hansebote.example"]
        bw.ingest([_write(tmp_path / "b1.jsonl", QUAKE[:2])])  # El Heraldo de Atacama, Pacific Wire
        assert {a["watchlist"] for a in bw.alerts()["alerts"]} == {"pacific", "heraldo"}
        bw.ingest([_write(tmp_path / "b2.jsonl", QUAKE[2:])])  # … Hansebote
        assert {a["watchlist"] for a in bw.alerts()["alerts"]} == {"pacific", "heraldo", "hanse"}


def test_outlets_match_subdomains_and_only_independent_reports():
    import numpy as np

    from babelwire.alerts.match import StoryView, from_outlets, outlet_key
    from babelwire.models import Article

    def art(i, url, source=None, dup=None):
        return Article(id=i, text="t", url=url, source=source, duplicate_of=dup)

    view = StoryView("s", [art("a", "https://news.bbc.co.uk/x"), art("b", "https://www.lemonde.fr/y", dup="a")],
                     np.zeros((0, 1)), [])
    assert from_outlets(view, [outlet_key("bbc.co.uk")]) and from_outlets(view, [outlet_key("News.BBC.co.uk")])
    assert not from_outlets(view, [outlet_key("co.uk.example")]) and not from_outlets(view, [outlet_key("c.co.uk")])
    assert not from_outlets(view, [outlet_key("lemonde.fr")])  # a copy of another member counts for nothing


def test_country_is_a_checked_iso_code(decided_store, run_cli, tmp_path):
    db = decided_store
    run_cli("--db", db, "watchlist", "add", "cl", "--query", "Erdbeben in Chile", "--country", "chl",
            "--country", "Chile", "--place", "Atacama", check=True)
    got = {w["name"]: w for w in json.loads(run_cli("--db", db, "watchlist", "list", "--format", "json",
                                                    check=True).stdout)}
    assert got["cl"]["places"] == ["Atacama", "CL"]  # two spellings of one country, kept once
    bad = run_cli("--db", db, "watchlist", "add", "x", "--query", "q", "--country", "XX")
    err = bad.stderr.decode()
    assert bad.returncode == 2 and err.count("\n") == 1 and "unknown country 'XX'" in err and "ISO 3166" in err
    assert run_cli("--db", db, "watchlist", "add", "x", "--query", "q", "--digest", "weekly").returncode == 2
    with babelwire.open(db, alert_deliver=False) as bw:
        bw.add_watchlist("jp", "Erdbeben in Chile", countries=["JP"])
        bw.add_watchlist("cl2", "Erdbeben in Chile", countries=["CL"])
        story = bw.alerts(watchlist="quake")["alerts"][0]["story_id"]
        from babelwire.alerts import evaluate

        out = evaluate(bw.store, bw.settings, bw.alert_matcher(), bw.story(story)["article_ids"])
        assert {a.watchlist for a in out} >= {"cl2", "cl"} and "jp" not in {a.watchlist for a in out}


@pytest.fixture
def decided_store(tmp_path):
    db = str(tmp_path / "q.db")
    with babelwire.open(db, alert_deliver=False) as bw:
        bw.add_watchlist("quake", "Erdbeben in Chile")
        bw.ingest([_write(tmp_path / "q.jsonl", QUAKE)])
    return db


def test_api_takes_the_new_options(decided_store):
    from fastapi.testclient import TestClient

    from babelwire.web import create_app

    with TestClient(create_app(decided_store, token="s3cret")) as c:
        auth = {"Authorization": "Bearer s3cret"}
        r = c.post("/api/watchlists", json={"name": "d", "query": "Erdbeben", "outlets": ["www.bbc.co.uk"],
                                            "countries": ["DEU"], "digest": "daily"}, headers=auth)
        assert r.status_code == 201, r.text
        assert (r.json()["outlets"], r.json()["places"], r.json()["digest"]) == (["bbc.co.uk"], ["DE"], "daily")
        bad = c.post("/api/watchlists", json={"name": "e", "query": "q", "countries": ["Atlantis"]}, headers=auth)
        assert bad.status_code == 400 and "unknown country" in bad.text
        assert c.post("/api/watchlists", json={"name": "e", "query": "q", "digest": "weekly"},
                      headers=auth).status_code == 422


def test_web_form_adds_a_watchlist_with_the_same_options(decided_store):
    from fastapi.testclient import TestClient

    from babelwire.web import create_app

    form = {"name": "web", "query": "Erdbeben in Chile", "countries": "CHL", "places": "Atacama",
            "outlets": "www.bbc.co.uk, Reuters", "min_sources": "2", "sensitivity": "strict", "digest": "daily",
            "webhooks": "https://hooks.example/bw", "languages": "de, es"}
    with TestClient(create_app(decided_store, token="s3cret")) as c:
        assert 'action="/alerts/watchlists"' in c.get("/alerts").text
        assert c.post("/alerts/watchlists", data=form, follow_redirects=False).status_code == 401
        r = c.post("/alerts/watchlists", data={**form, "token": "s3cret"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/alerts?watchlist=web"
        got = {x["name"]: x for x in c.get("/api/watchlists").json()}["web"]
        assert (got["places"], got["outlets"], got["digest"], got["min_sources"], got["languages"]) == (
            ["Atacama", "CL"], ["bbc.co.uk", "reuters"], "daily", 2, ["de", "es"])
        bad = c.post("/alerts/watchlists", data={**form, "name": "w2", "countries": "Atlantis", "token": "s3cret"})
        assert bad.status_code == 400 and "unknown country &#39;Atlantis&#39;" in bad.text
        assert 'value="w2"' in bad.text  # the form comes back filled in
        assert "w2" not in {x["name"] for x in c.get("/api/watchlists").json()}


# -- apprise --------------------------------------------------------------------------------
def test_apprise_one_notification_per_alert_retries_and_dead_letter(tmp_path, run_cli):
    pytest.importorskip("apprise", reason="apprise is in the test extra; pip install 'babelwire[apprise]'")
    rx = Hook(signed=False)
    url = f"json://127.0.0.1:{rx.port}/notify"
    db = str(tmp_path / "a.db")
    with babelwire.open(db, alert_deliver=False) as bw:
        bw.add_watchlist("w", "Erdbeben", notify=[url])
        bw.add_watchlist("dig", "Erdbeben", notify=[url], digest="daily")
        _alerts(bw, "w", 2, T)
        _alerts(bw, "dig", 3, T)
        assert _deliver(bw, T + timedelta(minutes=1))["sent"] == 2
        assert len(rx.payloads()) == 2 and [b["title"] for b in rx.payloads()] == [
            "[babelwire] Alert for w: Headline w 0", "[babelwire] Alert for w: Headline w 1"]
        assert "https://example.org/0" in rx.payloads()[0]["message"]
        rx.statuses[:] = [500]
        _alerts(bw, "w", 1, T, first=2)
        r = _deliver(bw, T + timedelta(minutes=1))
        assert (r["sent"], r["failed"]) == (0, 1) and "500" in r["errors"][0]["error"], r["errors"]
        assert _deliver(bw, T + timedelta(hours=1))["sent"] == 1 and len(rx.payloads()) == 3  # the retry
        assert _deliver(bw, T + timedelta(days=1))["sent"] == 1  # the day's digest: one notification
        assert rx.payloads()[3]["title"].startswith("[babelwire] Digest for dig: 3 alerts")
        assert all(f"Headline dig {i}" in rx.payloads()[3]["message"] for i in range(3))
        assert _deliver(bw, T + timedelta(days=2))["sent"] == 0 and len(rx.payloads()) == 4  # exactly one each
    with babelwire.open(db, alert_deliver=False, alert_max_attempts=1) as bw:
        rx.statuses[:] = [500]
        _alerts(bw, "w", 1, T, first=3)
        assert _deliver(bw, T + timedelta(days=2))["dead"] == 1
    out = json.loads(run_cli("--db", db, "alerts", "--outbox", "--format", "json", check=True).stdout)
    dead = [o for o in out["outbox"] if o["status"] == "dead"]
    assert len(dead) == 1 and dead[0]["channel"] == {"kind": "apprise", "url": "json://…"}
    assert "apprise" in dead[0]["last_error"]
    text = run_cli("--db", db, "alerts", "--outbox", check=True).stdout.decode()
    assert "dead" in text and "json://…" in text and f"127.0.0.1:{rx.port}" not in text  # nor the rest of the URL


def test_apprise_missing_or_unknown_url_is_a_config_error(tmp_path, monkeypatch):
    pytest.importorskip("apprise", reason="apprise is in the test extra; pip install 'babelwire[apprise]'")
    with babelwire.open(str(tmp_path / "m.db"), alert_deliver=False) as bw:
        with pytest.raises(ConfigError, match="cannot use the URL nosuchservice://…") as e:
            bw.add_watchlist("w", "q", notify=["nosuchservice://s3cret-token/chat"])
        assert "s3cret-token" not in str(e.value)
        monkeypatch.setitem(sys.modules, "apprise", None)  # as if not installed
        with pytest.raises(ConfigError, match=r"pip install 'babelwire\[apprise\]'"):
            bw.add_watchlist("w", "q", notify=["json://127.0.0.1:1/"])
        assert bw.watchlists() == []


# -- stores from before ---------------------------------------------------------------------
def test_a_store_from_before_0014_keeps_each_channels_last_delivery(tmp_path):
    from babelwire.store.sqlite import SQLiteStore
    from tests.oldschema import store_at_schema

    path = tmp_path / "old.db"
    conn = store_at_schema(path, 13)
    conn.execute("INSERT INTO alert_channels VALUES ('webhook-1', '2026-12-01T00:00:00Z')")
    conn.commit()
    conn.close()
    store = SQLiteStore(str(path))
    try:
        al = store.alerts()
        assert al.channel_last_sent(["webhook-1"]) == {"webhook-1": "2026-12-01T00:00:00Z"}
        # its last delivery still holds it for the cooldown (10 minutes here)
        assert al.reserve_channel("webhook-1", "2026-12-01T00:05:00Z", "2026-11-30T23:55:00Z") == "2026-12-01T00:00:00Z"
        assert al.reserve_channel("webhook-1", "2026-12-01T00:10:00Z", "2026-12-01T00:00:00Z") is None
        assert al.channel_last_sent(["webhook-1"]) == {"webhook-1": "2026-12-01T00:00:00Z"}  # reserved is not sent
    finally:
        store.close()


def test_a_store_from_before_0013_keeps_its_watchlists_and_outbox(tmp_path):
    from babelwire.store.sqlite import SQLiteStore
    from tests.oldschema import store_at_schema

    path = tmp_path / "old.db"
    conn = store_at_schema(path, 11)
    conn.execute("INSERT INTO watchlists VALUES ('old', 'Erdbeben', '[]', '[\"CL\"]', 1, 'balanced', "
                 "'[{\"kind\": \"webhook\", \"url\": \"http://127.0.0.1:1/x\"}]', '2026-12-01T00:00:00Z')")
    conn.execute("INSERT INTO alert_outbox VALUES ('a-1/v1/x', 'a-1', 1, '{\"kind\": \"webhook\"}', '{}', 'pending', 0, "
                 "'2026-12-01T00:00:00Z', NULL, '2026-12-01T00:00:00Z', NULL)")
    conn.commit()
    conn.close()
    store = SQLiteStore(str(path))
    try:
        w = store.alerts().get_watchlist("old")
        assert (w.places, w.outlets, w.digest) == (["CL"], [], "off")
        assert [o.key for o in store.alerts().claim_outbox("2026-12-02", "2026-12-02T00:05")] == ["a-1/v1/x"]
    finally:
        store.close()
