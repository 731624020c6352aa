"""Delivery of queued alerts: the outbox, worked through after each decision and on demand.

Each outbox row is one (alert version, channel) with its idempotency key. A row is marked
sent only after the channel accepted it; a failure (connection refused, an HTTP 5xx, an SMTP
error) leaves it pending with a later ``next_try_at`` (doubling, ``alert_retry_base`` up to
``alert_retry_max``) until ``alert_max_attempts`` make it a dead letter that `babelwire
alerts --outbox` lists. A process killed after the channel accepted but before the mark is
written sends that row again: at least once, with the same key (webhook header
``X-Babelwire-Delivery``, e-mail ``Message-ID``), so the receiver can drop the repeat.

Several workers may deliver from one store (watch workers on PostgreSQL): each takes a few
due rows at a time with a claim (``claim_outbox``: their ``next_try_at`` moved
``alert_claim_seconds`` ahead, in one statement that skips rows another worker is taking), so
no two workers send the same row; a killed worker's rows come due again when its claim ends.

Webhooks are POSTed JSON signed with HMAC-SHA256 over ``<timestamp>.<body>`` in
``X-Babelwire-Signature: t=<timestamp>,sha256=<hex>`` (the timestamp stops replays); e-mail
goes through stdlib smtplib. Both are made for the job and small; apprise (many chat services)
is not wired in yet.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import smtplib
import ssl
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

import httpx

from ..errors import ConfigError
from ..live.schedule import backoff_delay
from ..store.base import OutboxItem
from .decide import iso, utcnow, why

if TYPE_CHECKING:
    from ..settings import Settings
    from ..store import Store

SIGNATURE_HEADER = "X-Babelwire-Signature"
DELIVERY_HEADER = "X-Babelwire-Delivery"


class DeliveryFailed(Exception):
    """A channel did not accept a delivery (it is retried)."""


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return f"t={timestamp},sha256={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes) -> bool:
    """What a receiver checks (used by the tests; a receiver in Python may import it)."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    if "t" not in parts or "sha256" not in parts:
        return False
    return hmac.compare_digest(sign(secret, parts["t"], body), header)


def _webhook(item: OutboxItem, settings: Any) -> None:
    secret = item.channel.get("secret") or settings.webhook_secret
    if not secret:
        raise DeliveryFailed("no webhook secret: set BABELWIRE_WEBHOOK_SECRET (or the channel's own)")
    body = json.dumps(item.payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    ts = str(int(utcnow().timestamp()))
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(secret, ts, body),
               DELIVERY_HEADER: item.key, "User-Agent": "babelwire-alerts"}
    try:
        r = httpx.post(item.channel["url"], content=body, headers=headers, timeout=settings.alert_timeout)
    except httpx.HTTPError as e:
        raise DeliveryFailed(f"{type(e).__name__}: {e}") from None
    if r.status_code >= 300:
        raise DeliveryFailed(f"HTTP {r.status_code}")


def mail_text(p: dict[str, Any]) -> tuple[str, str]:
    """Subject and plain-text body of an alert e-mail."""
    kind = ("Update" if p.get("event") == "update" else "Alert") + (" (breaking)" if p.get("kind") == "breaking" else "")
    subject = f"[babelwire] {kind} for {p['watchlist']}: {p.get('headline') or p['story_id']}"
    langs = ", ".join(f"{k} {v}" for k, v in sorted(p.get("languages", {}).items()))
    lines = [p.get("headline") or "", "",
             f"{p['articles']} articles from {p['sources']} independent sources ({langs}).",
             f"Why: {why(p)}.", f"Story: {p['link']}", "", "Sources:"]
    for s in p.get("sources_linked", []):
        lines.append(f"- [{s.get('language')}] {s.get('title') or s['id']} {s.get('url') or ''}".rstrip())
    return subject, "\n".join(lines) + "\n"


def _email(item: OutboxItem, settings: Any) -> None:
    if not settings.smtp_host:
        raise DeliveryFailed("no SMTP server: set smtp_host")
    subject, text = mail_text(item.payload)
    msg = EmailMessage()
    msg["From"] = settings.smtp_from
    msg["To"] = item.channel["to"]
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{item.key.replace('/', '.')}@babelwire>"
    msg.set_content(text)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.alert_timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, os.environ.get("BABELWIRE_SMTP_PASSWORD", ""))
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as e:
        raise DeliveryFailed(f"{type(e).__name__}: {e}") from None


SENDERS = {"webhook": _webhook, "email": _email}


def check_channel(channel: dict[str, Any]) -> dict[str, Any]:
    """A channel as given by a user, checked: {"kind": "webhook", "url"} or {"kind": "email", "to"}."""
    kind = channel.get("kind")
    if kind == "webhook":
        url = str(channel.get("url") or "")
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"a webhook needs an http(s) URL, not {url!r}")
    elif kind == "email":
        if "@" not in str(channel.get("to") or ""):
            raise ConfigError(f"an e-mail channel needs an address, not {channel.get('to')!r}")
    else:
        raise ConfigError(f"unknown alert channel {kind!r}; known: {', '.join(SENDERS)}")
    return channel


def deliver_due(store: Store, settings: Settings, *, now: datetime | None = None, limit: int = 100) -> dict[str, Any]:
    """Send what is due in the outbox; counts and the errors back."""
    s = settings
    al = store.alerts()
    now_dt = now or utcnow()
    started = utcnow()
    out: dict[str, Any] = {"sent": 0, "failed": 0, "dead": 0, "errors": []}
    left = limit
    while left > 0:
        # a few rows at a time, each claim from when it is taken: it need only outlast the few
        # sends made under it
        until = now_dt + (utcnow() - started) + timedelta(seconds=s.alert_claim_seconds)
        batch = al.claim_outbox(iso(now_dt), iso(until), min(_CLAIM, left))
        if not batch:
            break
        left -= len(batch)
        for item in batch:
            _deliver_one(al, item, s, now_dt, out)
    return out


_CLAIM = 10


def _deliver_one(al: Any, item: OutboxItem, s: Any, now_dt: datetime, out: dict[str, Any]) -> None:

    try:
        SENDERS[item.channel.get("kind", "")](item, s)
    except (DeliveryFailed, KeyError) as e:
        tries = item.attempts + 1
        dead = tries >= s.alert_max_attempts
        delay = backoff_delay(tries, s.alert_retry_base, s.alert_retry_max)
        al.mark_failed(item.key, error=str(e), next_try_at=iso(now_dt + timedelta(seconds=delay)), dead=dead)
        out["dead" if dead else "failed"] += 1
        out["errors"].append({"key": item.key, "error": str(e)})
        return
    al.mark_sent(item.key, iso(now_dt))
    out["sent"] += 1
