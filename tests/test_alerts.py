"""Watchlists and alerts with real parts: a real store, the bundled embedder, an HTTP receiver
and an SMTP server (aiosmtpd) on 127.0.0.1, a process killed with SIGKILL, feedparser."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

import pytest

import babelwire
from babelwire.alerts.deliver import DELIVERY_HEADER, SIGNATURE_HEADER, verify
from babelwire.errors import NotFoundError
from tests.atomcheck import assert_valid_atom

REPO = Path(__file__).resolve().parent.parent
SECRET = "test-secret"
QUAKE = ["ex-032", "ex-044", "ex-007", "ex-019", "ex-036", "ex-066", "ex-069"]  # es es.. then de/fr/en
FERRY = ["ex-020", "ex-059", "ex-027", "ex-045", "ex-046", "ex-060"]


# -- receivers ------------------------------------------------------------------------------
class Hook:
    """A webhook receiver: answers the queued statuses (then 200), keeps what it accepted.
    ``signed=False``: takes unsigned posts too (apprise's json://)."""

    def __init__(self, signed: bool = True):
        self.statuses: list[int] = []
        self.accepted: list[tuple[str, dict]] = []  # (delivery key, payload)
        self.requests = 0
        self.bad_signatures = 0
        self.gate: Callable[[], None] | None = None  # run before a signed POST is answered (holds it back)
        hook = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.requests += 1
                if signed and not verify(SECRET, self.headers.get(SIGNATURE_HEADER, ""), body):
                    hook.bad_signatures += 1
                    self.send_response(401)
                    self.end_headers()
                    return
                if hook.gate:
                    hook.gate()
                status = hook.statuses.pop(0) if hook.statuses else 200
                if status == 200:
                    hook.accepted.append((self.headers[DELIVERY_HEADER], json.loads(body)))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def keys(self) -> list[str]:
        return [k for k, _ in self.accepted]

    def payloads(self) -> list[dict]:
        return [p for _, p in self.accepted]


@pytest.fixture(scope="module")
def smtp():
    from aiosmtpd.controller import Controller

    class Box:
        def __init__(self):
            self.mails: list = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            self.mails.append(envelope)
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    box = Box()
    c = Controller(box, hostname="127.0.0.1", port=port)
    c.start()
    box.port = port
    yield box
    c.stop()


def _write(path: Path, ids: list[str]) -> str:
    rows = {json.loads(line)["id"]: line for line in (REPO / "examples/corpus/articles.jsonl").open(encoding="utf-8")}
    path.write_text("".join(rows[i] for i in ids), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def decided(tmp_path_factory, smtp):
    """A store whose watchlists saw two ingest batches; nothing delivered yet."""
    d = tmp_path_factory.mktemp("alerts")
    db = str(d / "a.db")
    hook = Hook()
    opts = dict(alert_deliver=False, webhook_secret=SECRET, smtp_host="127.0.0.1", smtp_port=smtp.port)
    with babelwire.open(db, **opts) as bw:
        bw.add_watchlist("quake", "Erdbeben in Chile", webhooks=[hook.url], emails=["desk@example.org"])
        # a story scores what half its members reach: five words of English fall short of the
        # Swahili, Arabic and Chinese reports (0.29), a fuller query does not (0.45)
        bw.add_watchlist("ferry", "Overloaded ferry capsizes on Lake Victoria in Tanzania, dozens dead", min_sources=2,
                         webhooks=[hook.url])
        bw.add_watchlist("volcano", "Vulkanausbruch auf Island", webhooks=[hook.url])
        bw.ingest([_write(d / "b1.jsonl", QUAKE[:2] + FERRY[:1])])
        first = bw.alerts()["alerts"]
        bw.ingest([_write(d / "b2.jsonl", QUAKE[2:] + FERRY[1:])])
        after = bw.alerts(outbox=True)
    return {"db": db, "dir": d, "hook": hook, "opts": opts, "first": first, "after": after}


# -- deciding -------------------------------------------------------------------------------
def test_one_alert_per_story_decided_in_the_batch_and_updated(decided):
    first = {a["watchlist"]: a for a in decided["first"]}
    assert set(first) == {"quake"}  # one ferry source is under min_sources=2; nothing volcanic
    assert first["quake"]["version"] == 1 and set(first["quake"]["data"]["trigger"]) <= set(QUAKE[:2])
    after = decided["after"]["alerts"]
    by = {}
    for a in after:
        by.setdefault(a["watchlist"], []).append(a)
    assert set(by) == {"quake", "ferry"} and len(by["quake"]) == 1 and len(by["ferry"]) == 1
    q = by["quake"][0]
    assert q["id"] == first["quake"]["id"] and q["version"] == 2  # the growing story updated its alert
    assert q["data"]["sources"] > first["quake"]["data"]["sources"] and q["data"]["reason"]["score"] >= 0.3
    assert len(set(q["data"]["languages"])) >= 3  # a German query found the Spanish, French, English reports
    f = by["ferry"][0]
    assert f["data"]["first_trigger"] and set(f["data"]["first_trigger"]) <= set(FERRY[1:])  # decided in batch 2
    # the update came within the cooldown: still one queued delivery per (alert, channel)
    rows = decided["after"]["outbox"]
    assert sorted((r["alert_id"], r["channel"]["kind"]) for r in rows) == sorted(
        [(q["id"], "webhook"), (q["id"], "email"), (f["id"], "webhook")])


def test_update_is_sent_after_the_cooldown(decided, tmp_path):
    from babelwire.alerts import evaluate
    from babelwire.alerts.decide import utcnow

    db = str(tmp_path / "c.db")
    shutil.copy(decided["db"], db)
    with babelwire.open(db, **decided["opts"]) as bw:
        story = bw.alerts(watchlist="quake")["alerts"][0]["story_id"]
        ids = [a for a in bw.story(story)["article_ids"]]
        # the same members again: nothing grew, nothing written
        assert evaluate(bw.store, bw.settings, bw.alert_matcher(), ids, now=utcnow() + timedelta(hours=2)) == []
        al = bw.store.alerts()
        a = al.get_alerts("quake", [story])[story]
        a.data["sources"] = 1  # as if the story had had one source when last sent
        al.put_alert(a)
        out = evaluate(bw.store, bw.settings, bw.alert_matcher(), ids, now=utcnow() + timedelta(hours=2))
        assert [x.version for x in out] == [3]
        keys = sorted(o["key"] for o in bw.alerts(outbox=True)["outbox"] if o["alert_id"] == a.id)
        assert len(keys) == 4 and sum("/v3/" in k for k in keys) == 2  # webhook + e-mail for v3


def test_a_new_process_seeds_the_feedback_from_the_stories_it_alerted(decided, tmp_path):
    from babelwire.alerts.decide import evaluate, utcnow

    db = str(tmp_path / "s.db")
    shutil.copy(decided["db"], db)
    with babelwire.open(db, **decided["opts"]) as bw:
        story = bw.alerts(watchlist="quake")["alerts"][0]["story_id"]
        members = set(bw.story(story)["article_ids"])
        m = bw.alert_matcher()
        assert not m._feedback  # a fresh process remembers nothing ...
        evaluate(bw.store, bw.settings, m, [FERRY[0]], now=utcnow() + timedelta(hours=2))
        quake = m._feedback["Erdbeben in Chile"]
        # ... until its first batch: the quake alert's reports that match the query widen it
        assert quake and set(quake) <= members and min(v[0] for v in quake.values()) >= bw.settings.alert_feedback_floor


# -- delivering -----------------------------------------------------------------------------
def test_webhook_signed_retried_after_500_and_mail_once(decided, smtp, tmp_path):
    from babelwire.alerts.decide import utcnow

    db = str(tmp_path / "d.db")
    shutil.copy(decided["db"], db)
    hook = decided["hook"]
    hook.accepted.clear()
    hook.statuses[:] = [500]
    before = len(smtp.mails)
    with babelwire.open(db, **decided["opts"]) as bw:
        r1 = bw.deliver_alerts()
        assert r1["sent"] == 2 and r1["failed"] == 1 and "HTTP 500" in r1["errors"][0]["error"]
        assert bw.deliver_alerts()["sent"] == 0  # the failed one waits for its backoff
        from babelwire.alerts import deliver_due

        r2 = deliver_due(bw.store, bw.settings, now=utcnow() + timedelta(hours=1))
        assert r2["sent"] == 1
        assert deliver_due(bw.store, bw.settings, now=utcnow() + timedelta(days=30)) == {"sent": 0, "failed": 0, "dead": 0,
                                                                                       "held": 0, "errors": []}
        sent = bw.store.alerts().outbox(status="sent")
        assert len(sent) == 3 and max(o.attempts for o in sent) == 2
    assert hook.bad_signatures == 0 and len(hook.keys()) == 2 == len(set(hook.keys()))
    assert {p["watchlist"] for _, p in hook.accepted} == {"quake", "ferry"}
    mails = smtp.mails[before:]
    assert len(mails) == 1 and mails[0].rcpt_tos == ["desk@example.org"]
    text = mails[0].content.decode()
    assert "Erdbeben in Chile" in text and "Message-ID: <a-" in text


def test_dead_letter_after_max_attempts(decided, tmp_path):
    from babelwire.alerts import deliver_due
    from babelwire.alerts.decide import utcnow

    db = str(tmp_path / "e.db")
    shutil.copy(decided["db"], db)
    decided["hook"].statuses[:] = [503] * 10
    with babelwire.open(db, **{**decided["opts"], "alert_max_attempts": 2, "smtp_port": 1}) as bw:
        deliver_due(bw.store, bw.settings)
        deliver_due(bw.store, bw.settings, now=utcnow() + timedelta(days=1))
        dead = bw.alerts(outbox=True)["outbox"]
        assert len(dead) == 3 and {o["status"] for o in dead} == {"dead"} and dead[0]["attempts"] == 2
    decided["hook"].statuses.clear()


def test_kill9_between_decision_and_delivery_sends_once(decided, tmp_path):
    """A process decides (commits the alert and its outbox rows) and is killed with SIGKILL
    before delivering; the next run delivers each alert exactly once."""
    db = str(tmp_path / "k.db")
    shutil.copy(decided["db"], db)
    hook = Hook()
    code = f"""
import os, signal, babelwire
from babelwire.alerts import evaluate
bw = babelwire.open({db!r}, alert_deliver=True, webhook_secret={SECRET!r})
bw.add_watchlist("ferry2", "Überladene Fähre kentert auf dem Victoriasee in Tansania, Dutzende Tote", webhooks=[{hook.url!r}])
written = evaluate(bw.store, bw.settings, bw.alert_matcher(), {FERRY!r})
print(len(written), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=600)
    assert p.returncode == -signal.SIGKILL and p.stdout.strip() == b"1", p.stderr.decode()[-2000:]
    assert hook.requests == 0
    with babelwire.open(db, webhook_secret=SECRET) as bw:
        pending = [o for o in bw.alerts(outbox=True)["outbox"] if o["channel"].get("url") == hook.url]
        assert len(pending) == 1  # the decision survived with its outbox row
        assert bw.deliver_alerts()["sent"] >= 1
        bw.deliver_alerts()
    assert len(hook.keys()) == 1 and hook.accepted[0][1]["watchlist"] == "ferry2"


def test_resend_after_a_lost_mark_carries_the_same_key(decided, tmp_path, monkeypatch):
    """Killed after the receiver accepted but before the mark: sent again with the same
    idempotency key once the dead worker's claim ends, so the receiver can drop the repeat."""
    from babelwire.alerts import deliver_due
    from babelwire.alerts.decide import utcnow
    from babelwire.store.sqlite_alerts import SQLiteAlertStore

    db = str(tmp_path / "m.db")
    shutil.copy(decided["db"], db)
    hook = decided["hook"]
    hook.accepted.clear()
    real = SQLiteAlertStore.mark_sent
    monkeypatch.setattr(SQLiteAlertStore, "mark_sent", lambda self, key, now, channel=None: (_ for _ in ()).throw(SystemExit(9)))
    with babelwire.open(db, **{**decided["opts"], "smtp_port": 1, "alert_claim_seconds": 30}) as bw:
        with pytest.raises(SystemExit):
            bw.deliver_alerts()
        monkeypatch.setattr(SQLiteAlertStore, "mark_sent", real)
        assert bw.deliver_alerts()["sent"] == 0  # the dead worker's rows stay claimed a while
        later = utcnow() + timedelta(seconds=31)  # the claim ended, the e-mail retry not yet due
        deliver_due(bw.store, bw.settings, now=later)
        deliver_due(bw.store, bw.settings, now=later)
    keys = hook.keys()
    assert len(keys) == 3 and len(set(keys)) == 2 and keys[0] == keys[1]


# -- reading --------------------------------------------------------------------------------
def test_atom_feed_parses_and_validates(decided):
    import feedparser

    with babelwire.open(decided["db"], alert_base_url="http://127.0.0.1:8000") as bw:
        xml = bw.alerts_feed()
        one = bw.alerts_feed(watchlist="quake")
    assert_valid_atom(xml)
    assert_valid_atom(one)
    f = feedparser.parse(xml)
    assert not f.bozo and f.version == "atom10" and len(f.entries) == 2
    for e in f.entries:
        assert e.id.startswith("urn:babelwire:alert:a-") and e.title and e.updated_parsed and e.link.startswith(
            "http://127.0.0.1:8000/stories/s-")
    assert len({e.id for e in f.entries}) == 2
    assert [e.tags[0].term for e in feedparser.parse(one).entries] == ["quake"]


def test_atom_checker_rejects_what_rfc_4287_forbids(decided):
    with babelwire.open(decided["db"]) as bw:
        good = bw.alerts_feed().decode()
    assert_valid_atom(good)
    broken = [
        good.replace("<id>urn:babelwire:alerts:all</id>", "", 1),  # the feed's id
        re.sub(r"<updated>([^<]*)</updated>", lambda m: "<updated>" + m.group(1).replace("T", " ") + "</updated>",
               good, count=2),  # a date that is not RFC 3339
        re.sub(r"<entry>\s*<id>[^<]*</id>", "<entry>", good, count=1),  # an entry's id
    ]
    for doc in broken:
        with pytest.raises(AssertionError):
            assert_valid_atom(doc)


def test_cli_watchlist_and_alerts(decided, run_cli, tmp_path):
    db = str(tmp_path / "cli.db")
    shutil.copy(decided["db"], db)
    r = run_cli("--db", db, "watchlist", "add", "fires", "--query", "incendie de forêt", "--language", "el",
                "--language", "en", "--min-sources", "2", "--sensitivity", "strict", check=True)
    assert "fires" in r.stdout.decode()
    out = run_cli("--db", db, "watchlist", "list", "--format", "json", check=True).stdout
    got = {w["name"]: w for w in json.loads(out)}
    assert got["fires"]["languages"] == ["el", "en"] and got["fires"]["sensitivity"] == "strict"
    assert run_cli("--db", db, "watchlist", "add", "x", "--query", "a", "--sensitivity", "loud").returncode == 2
    run_cli("--db", db, "watchlist", "add", "more", "--query", "a", "--sensitivity", "high", check=True)
    got = {w["name"]: w for w in json.loads(run_cli("--db", db, "watchlist", "list", "--format", "json", check=True).stdout)}
    assert got["more"]["sensitivity"] == "eager"  # low / high: other tools' words for strict / eager
    a = json.loads(run_cli("--db", db, "alerts", "--format", "json", "--outbox", check=True).stdout)
    assert {x["watchlist"] for x in a["alerts"]} == {"quake", "ferry"} and len(a["outbox"]) == 3
    text = run_cli("--db", db, "alerts", check=True).stdout.decode()
    assert "quake" in text and "Erdbeben in Chile" in text
    assert run_cli("--db", db, "watchlist", "remove", "fires", check=True).returncode == 0
    assert run_cli("--db", db, "watchlist", "remove", "fires").returncode == 5


def test_remove_watchlist_takes_its_alerts(decided, tmp_path):
    db = str(tmp_path / "r.db")
    shutil.copy(decided["db"], db)
    with babelwire.open(db) as bw:
        bw.remove_watchlist("quake")
        assert {a["watchlist"] for a in bw.alerts()["alerts"]} == {"ferry"}
        with pytest.raises(NotFoundError):
            bw.alerts(watchlist="quake")


def test_web_routes_call_the_same_methods(decided, tmp_path):
    import feedparser
    from fastapi.testclient import TestClient

    from babelwire.web import create_app

    db = str(tmp_path / "w.db")
    shutil.copy(decided["db"], db)
    with TestClient(create_app(db, token="s3cret")) as c:
        assert c.post("/api/watchlists", json={"name": "x", "query": "y"}).status_code == 401
        auth = {"Authorization": "Bearer s3cret"}
        r = c.post("/api/watchlists", json={"name": "fires", "query": "feux de forêt", "languages": ["el"]}, headers=auth)
        assert r.status_code == 201 and r.json()["languages"] == ["el"]
        assert c.post("/api/watchlists", json={"name": "z", "query": "q", "sensitivity": "loud"},
                      headers=auth).status_code == 422
        assert {x["name"] for x in c.get("/api/watchlists").json()} == {"quake", "ferry", "volcano", "fires"}
        assert c.delete("/api/watchlists/fires", headers=auth).status_code == 200
        assert c.delete("/api/watchlists/fires", headers=auth).status_code == 404
        got = c.get("/api/alerts", params={"watchlist": "quake"}).json()
        assert [a["watchlist"] for a in got["alerts"]] == ["quake"]
        page = c.get("/alerts")
        assert page.status_code == 200 and "Terremoto" in page.text and "pending" in page.text
        feed = c.get("/alerts.atom")
        assert feed.headers["content-type"].startswith("application/atom+xml")
        assert len(feedparser.parse(feed.content).entries) == 2
        assert_valid_atom(feed.content)


def test_a_name_with_a_slash_works_in_every_route_that_takes_a_name(decided, tmp_path):
    """`watchlist add` takes any name of 1 to 80 characters: "/" must not split it in a URL."""
    from fastapi.testclient import TestClient

    from babelwire.web import create_app

    db = str(tmp_path / "s.db")
    shutil.copy(decided["db"], db)
    name = "desk/chile quake"
    with TestClient(create_app(db, token="s3cret")) as c:
        form = {"query": "Erdbeben in Chile", "token": "s3cret"}
        assert c.post("/alerts/watchlists", data={**form, "name": name}, follow_redirects=False).status_code == 303
        c.headers["Authorization"] = "Bearer s3cret"
        page = c.get("/alerts", params={"watchlist": name}).text
        assert 'action="/alerts/watchlists/desk/chile%20quake"' in page  # its edit form
        r = c.post("/alerts/watchlists/desk/chile%20quake", data={**form, "sensitivity": "strict"},
                   follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/alerts?watchlist=desk/chile%20quake"
        got = c.patch(f"/api/watchlists/{name}", json={"languages": ["es"]})
        assert got.status_code == 200 and (got.json()["sensitivity"], got.json()["languages"]) == ("strict", ["es"])
        seen = c.get(f"/api/watchlists/{name}/preview", params={"days": 400, "all": True})
        assert seen.status_code == 200 and seen.json()["watchlist"]["name"] == name
        assert c.get("/api/watchlists/desk/preview").status_code == 404  # a part of the name is no watchlist
        assert c.delete(f"/api/watchlists/{name}").json()["name"] == name
        assert name not in {x["name"] for x in c.get("/api/watchlists").json()}
        assert c.delete(f"/api/watchlists/{name}").status_code == 404


def test_articles_clustered_later_are_decided_then(tmp_path):
    """Articles a killed or --no-cluster run left without a story get their alerts when the
    next run clusters them."""
    with babelwire.open(str(tmp_path / "l.db"), alert_deliver=False) as bw:
        bw.add_watchlist("quake", "Erdbeben in Chile")
        bw.ingest([_write(tmp_path / "q.jsonl", QUAKE[:3])], cluster=False)
        assert bw.alerts()["alerts"] == []
        bw.repair_stories()
        got = bw.alerts()["alerts"]
        assert len(got) == 1 and got[0]["data"]["articles"] == 3


def test_two_workers_on_one_store_send_each_alert_once(store_db):
    # Two delivering workers (threads, each with its own Workspace and connections) work
    # through one outbox towards a real receiver: every row arrives exactly once. The receiver
    # holds its first request until the other worker's arrives too, so the two really overlap.
    from babelwire.alerts.decide import iso, utcnow
    from babelwire.store.base import Alert, OutboxItem

    hook = Hook()
    lock, both = threading.Lock(), threading.Event()
    state = {"in_flight": 0, "most": 0}
    handler = hook.server.RequestHandlerClass
    post = handler.do_POST

    def overlapping(self):
        with lock:
            state["in_flight"] += 1
            state["most"] = max(state["most"], state["in_flight"])
            if state["in_flight"] >= 2:
                both.set()
        both.wait(timeout=20)  # a bound only for a broken run
        try:
            post(self)
        finally:
            with lock:
                state["in_flight"] -= 1

    handler.do_POST = overlapping
    stamp = iso(utcnow())
    n = 40
    with babelwire.open(store_db, alert_deliver=False) as bw:
        al = bw.store.alerts()
        for i in range(n):
            a = Alert(f"a-{i}", "w", f"s-{i}", 1, 0.5, {"headline": f"h{i}"}, stamp, stamp, sent_version=1)
            al.put_alert(a, [OutboxItem(f"a-{i}/1/webhook", a.id, 1, {"kind": "webhook", "url": hook.url},
                                        {"n": i}, next_try_at=stamp, created_at=stamp)])
    results = deliver_in_two_workers(store_db)
    hook.server.shutdown()
    assert len(results) == 2 and sum(r["sent"] for r in results) == n
    assert sorted(hook.keys()) == sorted(f"a-{i}/1/webhook" for i in range(n))  # each once
    assert state["most"] == 2  # both workers were sending at the same time
    with babelwire.open(store_db) as bw:
        assert len(bw.store.alerts().outbox(status="sent", limit=1000)) == n


def deliver_in_two_workers(store_db: str, *, opts: dict | None = None, done: threading.Event | None = None,
                           **kw) -> list[dict]:
    """``deliver_due`` (``kw``: its ``now``, ``limit``) in two threads at once, each with its own
    Workspace (``opts``: its settings) and connections; their counts back. ``done`` is set as
    each worker returns."""
    from babelwire.alerts import deliver_due

    start = threading.Barrier(2)
    results: list[dict] = []

    def worker():
        try:
            with babelwire.open(store_db, alert_deliver=False, webhook_secret=SECRET, **(opts or {})) as w:
                start.wait()
                results.append(deliver_due(w.store, w.settings, **kw))
        finally:
            if done is not None:
                done.set()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results
