"""Digest mode: a watchlist's alerts of one hour or day gathered into one message per channel.

The outbox stays the record: a digest watchlist's decisions write their outbox rows as any
other's (one per alert version and channel, in the decision's transaction). The delivery step
then puts each such row into the digest of its (watchlist, channel, period), the period its
decision fell in (``assign``), and sends a digest once its period has closed: one webhook POST
with the list of alerts (signed as a single alert is), one e-mail listing them, one apprise
notification. The digest's key (``d-…/<period>/<channel>``) is its idempotency key.

A digest is sealed by the claim that first takes it for sending: no row joins it afterwards
(a row decided at the last moment goes into the next period's digest), so a process killed
after the channel accepted but before the mark sends the same alerts again under the same key,
and one killed before sending loses nothing: the rows stay pending in the outbox.

Written here rather than taken from a library: the grouping is a few lines over the outbox,
and the outbox's transactions are what makes it safe.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Sequence

from ..store.base import Digest, OutboxItem
from .decide import iso

if TYPE_CHECKING:
    from ..store.base import AlertStore

MODES = ("off", "hourly", "daily")
PERIODS = {"hourly": timedelta(hours=1), "daily": timedelta(days=1)}


def period_of(mode: str, t: datetime) -> tuple[datetime, datetime]:
    """The hour or UTC day ``t`` falls in, as (start, end)."""
    t = t.astimezone(timezone.utc)
    start = t.replace(minute=0, second=0, microsecond=0)
    if mode == "daily":
        start = start.replace(hour=0)
    return start, start + PERIODS[mode]


def digest_key(watchlist: str, channel: dict[str, Any], start: datetime) -> str:
    w = hashlib.sha256(watchlist.encode("utf-8")).hexdigest()[:12]
    ch = hashlib.sha256(json.dumps(channel, sort_keys=True).encode("utf-8")).hexdigest()[:8]
    return f"d-{w}/{start:%Y%m%dT%H}/{channel.get('kind')}-{ch}"


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def assign(al: AlertStore, *, limit: int = 500) -> int:
    """Put the pending outbox rows of digest watchlists into their digests; how many moved."""
    n = 0
    for item, watchlist, mode in al.undigested(limit):
        if mode not in PERIODS:
            continue
        start, end = period_of(mode, _parse(item.created_at))
        while True:  # a sealed digest takes nothing more: the next period's does
            d = Digest(digest_key(watchlist, item.channel, start), watchlist, item.channel, iso(start), iso(end),
                       next_try_at=iso(end))
            if al.join_digest(item.key, d):
                break
            start, end = end, end + PERIODS[mode]
        n += 1
    return n


def digest_body(d: Digest, items: Sequence[OutboxItem]) -> dict[str, Any]:
    """The webhook body of a digest: each alert's latest version in the period, oldest first."""
    latest: dict[str, OutboxItem] = {}
    for it in sorted(items, key=lambda o: (o.created_at, o.version, o.key)):
        latest[it.alert_id] = it  # an alert updated within the period is listed once, as last sent
    return {"type": "babelwire.digest", "id": d.key, "watchlist": d.watchlist,
            "period": {"start": d.period_start, "end": d.period_end}, "count": len(latest),
            "alerts": [o.payload for o in latest.values()]}


def digest_text(body: dict[str, Any]) -> tuple[str, str]:
    """Subject and plain-text body of a digest (e-mail, apprise)."""
    p = body["period"]
    n = body["count"]
    subject = (f"[babelwire] Digest for {body['watchlist']}: {n} alert{'s' if n != 1 else ''}, "
               f"{p['start'].replace('T', ' ')[:16]} to {p['end'].replace('T', ' ')[:16]} UTC")
    lines = [subject.removeprefix("[babelwire] "), ""]
    for i, a in enumerate(body["alerts"], 1):
        langs = ", ".join(f"{k} {v}" for k, v in sorted(a.get("languages", {}).items()))
        kind = " (update)" if a.get("event") == "update" else ""
        lines += [f"{i}. {a.get('headline') or a['story_id']}{kind}",
                  f"   {a['articles']} articles from {a['sources']} independent sources ({langs})",
                  f"   Story: {a['link']}"]
        lines += [f"   - [{s.get('language')}] {s.get('title') or s['id']} {s.get('url') or ''}".rstrip()
                  for s in a.get("sources_linked", [])[:3]]
        lines.append("")
    return subject, "\n".join(lines)
