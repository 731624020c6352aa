"""Breaking-news and first-story alerts with real parts: a real store (SQLite, and PostgreSQL
where it starts), the bundled embedder and clusterer, JSON-lines batches of the bundled corpus
ingested one watch cycle at a time with their publication times, the stream clock the replay
uses, feedparser and the CLI."""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import babelwire
from babelwire.alerts import evaluate
from babelwire.alerts.breaking import Detector, poisson_tail
from babelwire.alerts.decide import alert_id
from tests.atomcheck import assert_valid_atom

REPO = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 1, 10, tzinfo=timezone.utc)
QUAKE = ["ex-032", "ex-044", "ex-007", "ex-019", "ex-036", "ex-066", "ex-069"]  # 7 outlets, es pt zh de en fr
FERRY = ["ex-020", "ex-027", "ex-045", "ex-046", "ex-059", "ex-060"]
BACKGROUND = [["ex-001", "ex-042", "ex-051", "ex-056", "ex-057"],  # Korea rate cut
              ["ex-002", "ex-010", "ex-018", "ex-061", "ex-063"],  # TikTok fine
              ["ex-003", "ex-024", "ex-030", "ex-033", "ex-047"]]  # Attica wildfire
ROWS = {json.loads(line)["id"]: json.loads(line) for line in (REPO / "examples/corpus/articles.jsonl").open(encoding="utf-8")}


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def trickle_and_burst() -> list[tuple[datetime, list[str]]]:
    """Three stories and the ferry capsizing trickle in, one report every five hours; then, 40
    hours after the first report, the Chile earthquake: 2 reports, an hour later 3 more, half
    an hour later 2 more."""
    events = [(at(j + i * 5), a) for j, ids in enumerate(BACKGROUND) for i, a in enumerate(ids)]
    events += [(at(2.5 + i * 5), a) for i, a in enumerate(FERRY)]
    cycles: dict[datetime, list[str]] = {}
    for t, a in sorted(events):
        cycles.setdefault(t, []).append(a)
    cycles[at(40)], cycles[at(41)], cycles[at(41.5)] = QUAKE[:2], QUAKE[2:5], QUAKE[5:]
    return sorted(cycles.items())


def ingest_cycle(bw, d: Path, t: datetime, ids: list[str]) -> None:
    """One watch cycle: its articles, published at ``t``, with the clock at ``t``."""
    p = d / f"c{t:%d%H%M}.jsonl"
    stamp = t.isoformat().replace("+00:00", "Z")
    p.write_text("".join(json.dumps({**ROWS[a], "published": stamp}, ensure_ascii=False) + "\n" for a in ids),
                 encoding="utf-8")
    bw.clock = lambda: t
    bw.ingest([str(p)])


def copy_db(src: str, dst: str) -> str:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()
    return dst


def breaking(bw) -> dict[str, tuple[str, int]]:
    return {f"{a['watchlist']}/{a['story_id']}": (a["id"], a["version"]) for a in bw.alerts(kind="breaking")["alerts"]}


def run_stream(db: str, d: Path) -> dict:
    after: list[dict] = []
    with babelwire.open(db, alert_deliver=False) as bw:
        bw.add_watchlist("news", breaking=True, webhooks=["http://127.0.0.1:9/hook"])
        bw.add_watchlist("desk", breaking=True, sensitivity="strict")
        bw.add_watchlist("chile", "Erdbeben in Chile", breaking=True)
        bw.add_watchlist("ferry", "Overloaded ferry capsizes on Lake Victoria in Tanzania, dozens dead", breaking=True)
        # the filters hold for breaking stories too: no Japanese report, not ten outlets
        bw.add_watchlist("tokyo", breaking=True, languages=["ja"])
        bw.add_watchlist("big", breaking=True, min_sources=10)
        for t, ids in trickle_and_burst():
            ingest_cycle(bw, d, t, ids)
            after.append({"t": t, "ids": ids, "breaking": breaking(bw)})
        quake = bw.store.resolve_story_id(bw.article(QUAKE[0]).story_id)
        ferry = {bw.store.resolve_story_id(bw.article(a).story_id) for a in FERRY}
        report = bw.alerts(kind="breaking", outbox=True)
        match = bw.alerts(kind="match")["alerts"]
    return {"db": db, "after": after, "quake": quake, "ferry": ferry, "report": report, "match": match}


@pytest.fixture(scope="module")
def stream(tmp_path_factory):
    d = tmp_path_factory.mktemp("breaking")
    return run_stream(str(d / "b.db"), d)


def check_burst(s: dict) -> None:
    quake, after = s["quake"], s["after"]
    before = [a["breaking"] for a in after[:-3]]
    assert all(not b for b in before), "no breaking alert while stories trickle at their usual rate"
    two, five, seven = (a["breaking"] for a in after[-3:])
    assert two == {}  # two reports are no burst
    # five independent sources in an hour: a burst at balanced (p 0.004 <= 0.01), not at strict
    # (p <= 0.001); nor a first story at strict (its nearest earlier story comes to 0.40)
    assert set(five) == {f"news/{quake}", f"chile/{quake}"}  # not ferry (its query), tokyo, big (filters)
    assert five[f"news/{quake}"] == (alert_id("news", quake, "breaking"), 1)
    # it keeps growing: the same alerts, a new version each; strict fires now (p 0.0006)
    assert seven == {**{k: (v[0], 2) for k, v in five.items()},
                     f"desk/{quake}": (alert_id("desk", quake, "breaking"), 1)}


def test_a_burst_raises_one_breaking_alert_then_updates_it(stream):
    check_burst(stream)
    desk = next(a for a in stream["report"]["alerts"] if a["watchlist"] == "desk")
    assert desk["data"]["first_trigger"] == QUAKE[5:]  # decided in the cycle that brought seven
    assert desk["data"]["reason"]["raised_by"] == desk["data"]["reason"]["tests"] == ["burst"]
    news = next(a for a in stream["report"]["alerts"] if a["watchlist"] == "news")
    r = news["data"]["reason"]
    assert news["kind"] == "breaking" and r["tests"] == ["burst"] and r["sensitivity"] == "balanced"
    assert r["raised_by"] == ["burst", "first_story"] and r["nearest_recent"] < r["novelty_bound"]
    assert r["window_minutes"] == 180 and r["in_window"] == news["data"]["sources"] >= 6
    assert r["expected"] == pytest.approx(1.0, abs=0.3) and r["p_value"] <= r["alpha"] == 0.01
    assert r["p_value"] == pytest.approx(poisson_tail(r["in_window"], r["expected"]), rel=0.01)
    assert len(r["window_languages"]) >= 5 and "Pacific Wire" in r["window_outlets"]
    assert r["window_end"] == "2026-01-11T17:30:00Z" and r["window_start"] == "2026-01-11T14:30:00Z"
    assert {x["id"] for x in news["data"]["sources_linked"]} >= {"ex-032", "ex-044"}
    assert all(x["url"].startswith("https://") for x in news["data"]["sources_linked"])
    assert "independent sources in 180 min" in news["why"] and "p=" in news["why"]
    # queued once: the update came within the cooldown (30 minutes of stream time)
    rows = [o for o in stream["report"]["outbox"] if o["alert_id"] == news["id"]]
    assert [o["version"] for o in rows] == [1] and rows[0]["payload"]["kind"] == "breaking"


def test_a_trickling_story_never_breaks(stream):
    got = {k for a in stream["after"] for k in a["breaking"]}
    assert not {k for k in got if k.split("/", 1)[1] in stream["ferry"]}
    assert {k.split("/", 1)[1] for k in got} == {stream["quake"]}


def test_a_story_keeps_its_match_alert_beside_its_breaking_one(stream):
    quake = stream["quake"]
    match = [a for a in stream["match"] if a["story_id"] == quake and a["watchlist"] == "chile"]
    brk = [a for a in stream["report"]["alerts"] if a["watchlist"] == "chile"]
    assert len(match) == 1 and len(brk) == 1
    assert match[0]["id"] == alert_id("chile", quake) != brk[0]["id"]  # a match alert keeps its old id
    assert match[0]["kind"] == "match" and "Erdbeben in Chile" in match[0]["why"]


def test_a_restart_does_not_repeat_an_alert(stream, tmp_path):
    db = copy_db(stream["db"], str(tmp_path / "again.db"))
    with babelwire.open(db, alert_deliver=False) as bw:
        before = breaking(bw)
        outbox = len(bw.alerts(outbox=True)["outbox"])
        ids = [a for _, batch in trickle_and_burst() for a in batch]
        # the same articles decided again by a new process at the same moment: nothing new
        assert evaluate(bw.store, bw.settings, bw.alert_matcher(), ids, now=at(41.5)) == []
        assert breaking(bw) == before and len(bw.alerts(outbox=True)["outbox"]) == outbox


def test_the_breaking_feed_has_one_entry_per_story(stream):
    import feedparser
    from fastapi.testclient import TestClient

    from babelwire.web import create_app

    with babelwire.open(stream["db"], alert_base_url="http://127.0.0.1:8000") as bw:
        xml = bw.alerts_feed(kind="breaking")
    assert_valid_atom(xml)
    f = feedparser.parse(xml)
    assert not f.bozo and f.version == "atom10" and f.feed.title == "babelwire breaking stories"
    assert [e.id for e in f.entries] == [f"urn:babelwire:breaking:{stream['quake']}"]  # three watchlists, one story
    e = f.entries[0]
    assert "breaking" in e.title and "burst" in e.summary and "Pacific Wire" not in e.title
    assert e.link == f"http://127.0.0.1:8000/stories/{stream['quake']}"
    assert "breaking" in {t.term for t in e.tags}
    with TestClient(create_app(stream["db"])) as c:
        feed = c.get("/breaking.atom")
        assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
        assert len(feedparser.parse(feed.content).entries) == 1
        page = c.get("/alerts", params={"kind": "breaking"})
        assert page.status_code == 200 and "Breaking stories" in page.text and "burst" in page.text
        assert "Erdbeben in Chile" in c.get("/alerts").text
        assert c.get("/alerts.atom", params={"kind": "loud"}).status_code == 422
        got = c.get("/api/alerts", params={"kind": "breaking"}).json()["alerts"]
        assert {a["kind"] for a in got} == {"breaking"} and len(got) == 3
        assert all("independent sources in 180 min" in a["why"] for a in got)
    db = copy_db(stream["db"], str(Path(stream["db"]).with_name("api.db")))
    with TestClient(create_app(db)) as c:
        r = c.post("/api/watchlists", json={"name": "wire", "breaking": True})
        assert r.status_code == 201 and r.json()["breaking"] is True and r.json()["query"] == ""
        assert c.post("/api/watchlists", json={"name": "none"}).status_code == 400


def test_cli_breaking_watchlists_and_alerts(stream, run_cli, tmp_path):
    db = copy_db(stream["db"], str(tmp_path / "cli.db"))
    r = run_cli("--db", db, "watchlist", "add", "wire", "--breaking", "--language", "de", check=True)
    assert "breaking stories" in r.stdout.decode()
    got = {w["name"]: w for w in json.loads(run_cli("--db", db, "watchlist", "list", "--format", "json", check=True).stdout)}
    assert got["wire"]["breaking"] is True and got["wire"]["query"] == "" and got["chile"]["breaking"] is True
    assert run_cli("--db", db, "watchlist", "add", "nothing").returncode == 2  # neither a query nor --breaking
    out = json.loads(run_cli("--db", db, "alerts", "--kind", "breaking", "--format", "json", check=True).stdout)
    assert len(out["alerts"]) == 3 and {a["kind"] for a in out["alerts"]} == {"breaking"}
    text = run_cli("--db", db, "alerts", "--kind", "breaking", check=True).stdout.decode()
    assert "burst" in text and "breaking" in text


def test_kill9_between_deciding_and_delivering_a_breaking_alert_sends_it_once(stream, tmp_path):
    import os
    import signal
    import subprocess
    import sys

    from tests.test_alerts import SECRET, Hook

    db = copy_db(stream["db"], str(tmp_path / "k.db"))
    hook = Hook()
    code = f"""
import os, signal, babelwire
from datetime import datetime
from babelwire.alerts import evaluate
bw = babelwire.open({db!r}, alert_deliver=True, webhook_secret={SECRET!r})
bw.add_watchlist("wire", breaking=True, webhooks=[{hook.url!r}])
written = evaluate(bw.store, bw.settings, bw.alert_matcher(), {QUAKE!r}, now=datetime.fromisoformat({at(41.5).isoformat()!r}))
print(len(written), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)},
                       timeout=600)
    assert p.returncode == -signal.SIGKILL and p.stdout.strip() == b"1", p.stderr.decode()[-2000:]
    assert hook.requests == 0
    with babelwire.open(db, webhook_secret=SECRET) as bw:
        pending = [o for o in bw.alerts(outbox=True)["outbox"] if o["channel"].get("url") == hook.url]
        assert len(pending) == 1 and pending[0]["payload"]["kind"] == "breaking"
        assert bw.deliver_alerts()["sent"] >= 1
        # decided again after the restart: the same alert, nothing more to send
        assert evaluate(bw.store, bw.settings, bw.alert_matcher(), QUAKE, now=at(41.5)) == []
        bw.deliver_alerts()
    assert len(hook.keys()) == 1 and hook.accepted[0][1]["watchlist"] == "wire"
    assert hook.accepted[0][1]["reason"]["in_window"] == 6 and "/v1/" in hook.keys()[0]


# -- first stories ----------------------------------------------------------------------------
FIRST = dict(alert_deliver=False, breaking_min_expected=50.0)  # no count is a burst: first stories alone


def test_first_story_fires_for_a_new_story_far_from_the_last_days(tmp_path):
    with babelwire.open(str(tmp_path / "f.db"), **FIRST) as bw:
        bw.add_watchlist("new", breaking=True, sensitivity="eager")
        for t, ids in [(at(0), BACKGROUND[0][:2]), (at(5), BACKGROUND[1][:2]), (at(8), QUAKE[:2]),
                       (at(9), QUAKE[2:4])]:
            ingest_cycle(bw, tmp_path, t, ids)
            # two sources are not yet K = 3; then four are, but the store holds 8 of the 72 hours
            # it would compare with, under half: nothing is new against so little
            assert bw.alerts()["alerts"] == []
        # 45 hours on, the Attica wildfire: four sources in four languages within an hour
        ingest_cycle(bw, tmp_path, at(45), BACKGROUND[2][:2])
        ingest_cycle(bw, tmp_path, at(46), BACKGROUND[2][2:4])
        got = bw.alerts(kind="breaking")["alerts"]
        fire = bw.store.resolve_story_id(bw.article(BACKGROUND[2][0]).story_id)
    assert len(got) == 1 and got[0]["story_id"] == fire
    r = got[0]["data"]["reason"]
    assert r["tests"] == ["first_story"] and r["sources_within"] >= 3 and len(r["languages_within"]) >= 2
    assert r["nearest_recent"] < r["novelty_bound"] == 0.5 and r["within_minutes"] == 360
    assert "new story" in got[0]["why"]


def test_first_story_stays_quiet_for_a_follow_up_of_an_old_story(tmp_path):
    # the follow-up two and a half days later forms a story of its own (the clusterer looks one
    # day back here) with the counts of a first story; its closeness to the old one stops it
    with babelwire.open(str(tmp_path / "u.db"), cluster_window_days=1.0, **FIRST) as bw:
        bw.add_watchlist("new", breaking=True, sensitivity="eager")
        for i, a in enumerate(QUAKE[:3]):  # the old story came out slowly: never a first story
            ingest_cycle(bw, tmp_path, at(8 * i), [a])
        ingest_cycle(bw, tmp_path, at(16 + 44), QUAKE[3:6])
        assert bw.alerts()["alerts"] == []
        old = bw.store.resolve_story_id(bw.article(QUAKE[0]).story_id)
        sid = bw.store.resolve_story_id(bw.article(QUAKE[3]).story_id)
        assert sid != old
        m = bw.alert_matcher()
        ev = Detector(bw.store, bw.settings, m, at(60)).evidence(m.views([sid])[sid])
        assert ev.first_seen == at(60) and ev.nearest() >= 0
        assert ev.young and ev.sources_within >= 3 and len(ev.languages_within) >= 2
        assert ev.nearest() >= bw.settings.first_story_novelty_eager
        assert ev.passed(bw.settings, "eager") == []


# -- stores -----------------------------------------------------------------------------------
def test_breaking_alerts_on_postgresql(pg_url, tmp_path):
    s = run_stream(pg_url, tmp_path)
    check_burst(s)
    with babelwire.open(pg_url, alert_deliver=False) as bw:
        assert evaluate(bw.store, bw.settings, bw.alert_matcher(), QUAKE, now=at(41.5)) == []


def test_a_store_with_match_alerts_migrates_keeping_their_ids(tmp_path):
    from babelwire.store.sqlite import SQLiteStore
    from tests.oldschema import store_at_schema

    conn = store_at_schema(tmp_path / "v11.db", 11)
    conn.execute("INSERT INTO watchlists VALUES ('q', 'Erdbeben', '[]', '[]', 1, 'balanced', '[]', '2026-12-01')")
    conn.execute("INSERT INTO alerts VALUES (?, 'q', 's-1', 2, 0.5, '{}', '2026-12-01', '2026-12-02', 1, NULL)",
                 (alert_id("q", "s-1"),))
    conn.commit()
    conn.close()
    store = SQLiteStore(str(tmp_path / "v11.db"))
    try:
        al = store.alerts()
        a = al.get_alerts("q", ["s-1"])["s-1"]
        assert (a.id, a.kind, a.version) == (alert_id("q", "s-1"), "match", 2)
        assert al.get_watchlist("q").breaking is False
        assert al.get_alerts("q", ["s-1"], "breaking") == {}
    finally:
        store.close()


def test_the_replay_summary_counts_large_stories_and_delays():
    from babelwire.evaluate.breaking import summarise

    stories = {"a": {"large": True}, "b": {"large": True}, "c": {"large": False}, "d": {"large": False}}
    got = summarise({"a": 1.0, "c": 3.0, "d": 2.0}, stories, days=2.0)
    assert (got["alerts"], got["per_day"], got["on_large"], got["on_small"]) == (3, 1.5, 1, 2)
    assert got["share_on_large"] == 0.333 and got["large_alerted"] == 0.5
    assert (got["delay_h_median"], got["delay_h_p90"]) == (2.0, 3.0)
    assert summarise({}, stories, days=1.0)["share_on_large"] is None
