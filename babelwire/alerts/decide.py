"""Alert decisions, made online: after each ingest batch or watch cycle has clustered.

One alert per (watchlist, story), id ``a-`` + hash of both. The first match writes version 1
and queues one outbox row per channel, in one transaction with the alert, so the decision and
its deliveries commit together. A story that grows afterwards updates the same alert (new
version, counts, languages); it is queued again only when it gained independent sources or
languages and the last delivery is ``alert_update_cooldown`` seconds old, so a story that
keeps growing sends an update now and then rather than a storm. An alert is never taken back:
a story that later scores lower keeps the alert it had.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from ..outlets import outlet_of
from ..store.base import Alert, OutboxItem, Watchlist
from .match import SEED_ALERTS, Matcher, StoryView

if TYPE_CHECKING:
    from ..settings import Settings
    from ..store import Store

LINKS = 10  # source links an alert carries


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def iso(t: datetime) -> str:
    return t.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def alert_id(watchlist: str, story_id: str) -> str:
    return "a-" + hashlib.sha256(f"{watchlist}\n{story_id}".encode()).hexdigest()[:12]


def channel_id(channel: dict[str, Any]) -> str:
    target = channel.get("url") or channel.get("to") or ""
    return f"{channel.get('kind')}-" + hashlib.sha256(str(target).encode()).hexdigest()[:8]


def delivery_key(alert: Alert, channel: dict[str, Any]) -> str:
    """The idempotency key of one delivery: the same alert version to the same channel."""
    return f"{alert.id}/v{alert.version}/{channel_id(channel)}"


def story_link(settings: Settings, story_id: str) -> str:
    base = (settings.alert_base_url or "").rstrip("/")
    return f"{base}/stories/{story_id}" if base else f"babelwire:story/{story_id}"


def alert_data(settings: Settings, w: Watchlist, view: StoryView, match: Any, trigger: Sequence[str]) -> dict[str, Any]:
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
        "reason": {"score": round(match.score, 4), "threshold": match.threshold, "sensitivity": w.sensitivity,
                   "best_article": match.best_article, "keywords": match.keywords,
                   "event_sources": match.sources},
        "trigger": list(trigger),
    }


def _grew(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return new["sources"] > old.get("sources", 0) or bool(set(new["languages"]) - set(old.get("languages", {})))


def evaluate(store: Store, settings: Settings, matcher: Matcher, article_ids: Iterable[str], *,
             now: datetime | None = None) -> list[Alert]:
    """Decide the alerts that these (new or changed, clustered) articles cause; returns the
    alerts written (new or updated)."""
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
    stamp = iso(now_dt)
    cooldown = timedelta(seconds=float(settings.alert_update_cooldown))
    written: list[Alert] = []
    with store.transaction():
        for w in watchlists:
            matcher.learn(w, views.values(), seed=partial(_alerted, store, matcher, w))
            existing = al.get_alerts(w.name, list(views))
            for sid, view in views.items():
                m = matcher.match(w, view)
                if not m.passed:
                    for obs in matcher.observers:
                        obs(w, view, m, None)
                    continue
                data = alert_data(settings, w, view, m, by_story[sid])
                old = existing.get(sid)
                if old is None:
                    a = Alert(alert_id(w.name, sid), w.name, sid, 1, m.score, data, stamp, stamp)
                elif _grew(old.data, data) or old.story_id != sid:
                    a = old
                    a.story_id = sid  # raised on a story since merged into this one: it follows
                    a.version, a.score, a.updated_at = old.version + 1, max(old.score, m.score), stamp
                    data["first_trigger"] = old.data.get("first_trigger", old.data.get("trigger"))
                    a.data = data
                else:
                    for obs in matcher.observers:
                        obs(w, view, m, None)
                    continue
                a.data.setdefault("first_trigger", list(by_story[sid]))
                outbox: list[OutboxItem] = []
                last = _parse(a.sent_at)
                if w.channels and (old is None or last is None or now_dt - last >= cooldown):
                    a.sent_version, a.sent_at = a.version, stamp
                    outbox = [OutboxItem(delivery_key(a, ch), a.id, a.version, ch, payload(a, old is not None),
                                         next_try_at=stamp, created_at=stamp) for ch in w.channels]
                al.put_alert(a, outbox)
                written.append(a)
                for obs in matcher.observers:
                    obs(w, view, m, a)
    return written


def _alerted(store: Store, matcher: Matcher, w: Watchlist) -> list[StoryView]:
    """The stories of a watchlist's latest alerts (its feedback after a restart)."""
    ids = [store.resolve_story_id(a.story_id) for a in store.alerts().recent_alerts(watchlist=w.name, limit=SEED_ALERTS)]
    return list(matcher.views([i for i in ids if i]).values())


def payload(a: Alert, update: bool) -> dict[str, Any]:
    """What a channel is sent: the alert as JSON (webhook body; e-mail and feed are made from it)."""
    return {"type": "babelwire.alert", "event": "update" if update else "new", "id": a.id,
            "version": a.version, "decided_at": a.decided_at, "updated_at": a.updated_at, **a.data}


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
