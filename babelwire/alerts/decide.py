"""Alert decisions, made online: after each ingest batch or watch cycle has clustered.

One alert per (watchlist, story, kind), id ``a-`` + hash of the three (of the first two for
kind ``match``, a story matching the watchlist's query, as before kinds existed); kind
``breaking`` goes to the watchlists added with ``breaking`` for stories ``breaking.py`` finds
breaking at the watchlist's sensitivity (with a query, only those that also match it). The
first decision writes version 1 and queues one outbox row per channel, in one transaction with
the alert, so the decision and its deliveries commit together. A story that grows afterwards updates the same alert (new
version, counts, languages); it is queued again only when it gained independent sources or
languages and the last delivery is ``alert_update_cooldown`` seconds old, so a story that
keeps growing sends an update now and then rather than a storm. An alert is never taken back:
a story that later scores lower keeps the alert it had.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from ..outlets import outlet_of
from ..store.base import Alert, OutboxItem, Watchlist
from .breaking import Detector, Evidence, parse_time
from .match import SEED_ALERTS, Matcher, StoryView

if TYPE_CHECKING:
    from ..settings import Settings
    from ..store import Store

LINKS = 10  # source links an alert carries


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def iso(t: datetime) -> str:
    return t.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def alert_id(watchlist: str, story_id: str, kind: str = "match") -> str:
    """A match alert keeps the id it had before breaking alerts existed; other kinds add theirs."""
    key = f"{watchlist}\n{story_id}" + ("" if kind == "match" else f"\n{kind}")
    return "a-" + hashlib.sha256(key.encode()).hexdigest()[:12]


def channel_id(channel: dict[str, Any]) -> str:
    target = channel.get("url") or channel.get("to") or ""
    return f"{channel.get('kind')}-" + hashlib.sha256(str(target).encode()).hexdigest()[:8]


def delivery_key(alert: Alert, channel: dict[str, Any]) -> str:
    """The idempotency key of one delivery: the same alert version to the same channel."""
    return f"{alert.id}/v{alert.version}/{channel_id(channel)}"


def story_link(settings: Settings, story_id: str) -> str:
    base = (settings.alert_base_url or "").rstrip("/")
    return f"{base}/stories/{story_id}" if base else f"babelwire:story/{story_id}"


def story_data(settings: Settings, w: Watchlist, view: StoryView, trigger: Sequence[str]) -> dict[str, Any]:
    """What every alert says of its story: counts, languages, outlets, links to the sources."""
    arts = sorted(view.articles, key=lambda a: (a.published or "", a.id))
    outlets = sorted({o for o in (outlet_of(a) for a in view.independent()) if o})
    return {
        "watchlist": w.name,
        "query": w.query,
        "story_id": view.story_id,
        "headline": view.headline or (arts[0].title if arts else None),
        "articles": len(view.articles),
        "sources": view.sources(),
        "languages": view.languages,
        "outlets": outlets[:20],
        "first_published": next((a.published for a in arts if a.published), None),
        "link": story_link(settings, view.story_id),
        "sources_linked": [{"id": a.id, "title": a.title, "url": a.url, "language": a.language,
                            "published": a.published} for a in arts[:LINKS]],
        "trigger": list(trigger),
    }


def alert_data(settings: Settings, w: Watchlist, view: StoryView, match: Any, trigger: Sequence[str]) -> dict[str, Any]:
    return {**story_data(settings, w, view, trigger),
            "reason": {"score": round(match.score, 4), "threshold": match.threshold, "sensitivity": w.sensitivity,
                       "best_article": match.best_article, "keywords": match.keywords,
                       "event_sources": match.sources, "names": match.names}
            | ({"also": list(w.also)} if w.also else {})}


def why(data: dict[str, Any]) -> str:
    """One line saying why an alert was raised (the CLI, e-mail, the feed and the web page)."""
    r = data.get("reason") or {}
    if data.get("kind") == "breaking":
        raised = r.get("raised_by") or r.get("tests") or []
        tests = " and ".join(t.replace("_", " ") for t in raised) or "breaking"
        langs = ", ".join(f"{k} {v}" for k, v in (r.get("window_languages") or {}).items())
        line = (f"{tests}: {r.get('in_window')} independent sources in {r.get('window_minutes', 0):g} min "
                f"({langs}) vs {r.get('expected')} expected, p={r.get('p_value')} <= {r.get('alpha')} ({r.get('sensitivity')})")
        if "first_story" in raised:
            line += (f"; new story: {r.get('sources_within')} sources in {len(r.get('languages_within') or {})} "
                     f"languages within {r.get('within_minutes', 0):g} min, nearest recent story {r.get('nearest_recent')}")
        return line
    names = f"; names: {', '.join(r['names'])}" if r.get("names") else ""
    also = "".join(f" / \"{t}\"" for t in r.get("also") or ())  # the user's other wordings matched with it
    return (f"matches \"{data.get('query')}\"{also} (score {r.get('score')} >= {r.get('threshold')}, "
            f"{r.get('sensitivity')}{names})")


def _grew(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return new["sources"] > old.get("sources", 0) or bool(set(new["languages"]) - set(old.get("languages", {})))


def evaluate(store: Store, settings: Settings, matcher: Matcher, article_ids: Iterable[str], *,
             now: datetime | None = None) -> list[Alert]:
    """Decide the alerts that these (new or changed, clustered) articles cause; returns the
    alerts written (new or updated). ``now``: the moment breaking windows end at (the replay's
    stream clock; default the wall clock)."""
    al = store.alerts()
    watchlists = al.watchlists()
    ids = list(dict.fromkeys(article_ids))
    if not watchlists or not ids:
        return []
    by_story: dict[str, list[str]] = {}
    for art in store.get_articles(ids):
        sid = store.resolve_story_id(art.story_id) if art.story_id else None
        if sid:
            by_story.setdefault(sid, []).append(art.id)
    if not by_story:
        return []
    views = matcher.views(list(by_story))
    matcher.prepare(watchlists, views.values())
    now_dt = now or utcnow()
    decide = partial(_record, al, now_dt, timedelta(seconds=float(settings.alert_update_cooldown)))
    detector = Detector(store, settings, matcher, now_dt) if any(w.breaking for w in watchlists) else None
    evidence = {sid: detector.evidence(v) for sid, v in views.items()} if detector else {}
    written: list[Alert] = []
    with store.transaction():
        for w in watchlists:
            matched: dict[str, Any] = {}
            if w.query:
                matcher.learn(w, views.values(), seed=partial(_alerted, store, matcher, w))
                existing = al.get_alerts(w.name, list(views))
                for sid, view in views.items():
                    m = matched[sid] = matcher.match(w, view)
                    a = decide(w, sid, "match", m.score, alert_data(settings, w, view, m, by_story[sid]),
                               existing.get(sid)) if m.passed else None
                    if a is not None:
                        written.append(a)
                    for obs in matcher.observers:
                        obs(w, view, m, a)
            if w.breaking:
                written += _breaking(al, settings, matcher, w, views, evidence, matched, by_story, decide)
    return written


def _breaking(al: Any, settings: Settings, matcher: Matcher, w: Watchlist, views: dict[str, StoryView],
              evidence: dict[str, Evidence], matched: dict[str, Any], by_story: dict[str, list[str]],
              decide: Callable[..., Alert | None]) -> list[Alert]:
    """A watchlist's breaking alerts: a story breaking at its sensitivity that passes its
    filters (with a query, that matches it too). A story alerted once has its alert updated
    as it grows, whether or not its window still tests as a burst."""
    existing = al.get_alerts(w.name, list(views), "breaking")
    out = []
    for sid, view in views.items():
        ev, old = evidence[sid], existing.get(sid)
        if old is None:
            if not ev.passed(settings, w.sensitivity):
                continue
            m = matched.get(sid)
            if (m is not None and not m.passed) or (m is None and matcher.filters(w, view) is not None):
                continue
            reason = ev.reason(settings, w.sensitivity)
            reason["raised_by"] = reason["tests"]
        else:  # the window as it is now; the tests (and novelty) that raised it stay named
            reason = ev.reason(settings, w.sensitivity, ["burst"] if ev.burst(settings, w.sensitivity) else [])
            was = old.data.get("reason", {})
            reason["raised_by"] = was.get("raised_by") or []
            for k in ("nearest_recent", "novelty_bound"):
                if k in was:
                    reason[k] = was[k]
        data = {**story_data(settings, w, view, by_story[sid]), "kind": "breaking", "reason": reason}
        a = decide(w, sid, "breaking", 1.0 - ev.p_value, data, old)
        if a is not None:
            out.append(a)
    return out


def _record(al: Any, now: datetime, cooldown: timedelta, w: Watchlist, sid: str, kind: str, score: float,
            data: dict[str, Any], old: Alert | None) -> Alert | None:
    """Write a new alert, or a new version of ``old`` when the story grew (or merged), with its
    outbox rows in the same transaction; None when nothing changed."""
    stamp = iso(now)
    if old is None:
        a = Alert(alert_id(w.name, sid, kind), w.name, sid, 1, score, data, stamp, stamp, kind=kind)
    elif _grew(old.data, data) or old.story_id != sid:
        a = old
        a.story_id = sid  # raised on a story since merged into this one: it follows
        a.version, a.score, a.updated_at = old.version + 1, max(old.score, score), stamp
        data["first_trigger"] = old.data.get("first_trigger", old.data.get("trigger"))
        a.data = data
    else:
        return None
    a.data.setdefault("first_trigger", list(data["trigger"]))
    outbox: list[OutboxItem] = []
    last = parse_time(a.sent_at)
    if w.channels and (old is None or last is None or now - last >= cooldown):
        a.sent_version, a.sent_at = a.version, stamp
        outbox = [OutboxItem(delivery_key(a, ch), a.id, a.version, ch, payload(a, old is not None),
                             next_try_at=stamp, created_at=stamp) for ch in w.channels]
    al.put_alert(a, outbox)
    return a


def _alerted(store: Store, matcher: Matcher, w: Watchlist) -> list[StoryView]:
    """The stories of a watchlist's latest alerts (its feedback after a restart)."""
    ids = [store.resolve_story_id(a.story_id) for a in store.alerts().recent_alerts(watchlist=w.name, limit=SEED_ALERTS,
                                                                                       kind="match")]
    return list(matcher.views([i for i in ids if i]).values())


def payload(a: Alert, update: bool) -> dict[str, Any]:
    """What a channel is sent: the alert as JSON (webhook body; e-mail and feed are made from it)."""
    return {"type": "babelwire.alert", "event": "update" if update else "new", "id": a.id, "kind": a.kind,
            "version": a.version, "decided_at": a.decided_at, "updated_at": a.updated_at, **a.data}
