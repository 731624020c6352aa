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
goes through stdlib smtplib. Both are made for the job and small. The many chat and push
services (Telegram, Slack, ntfy, a JSON POST …) go through apprise, an optional extra
(``babelwire[apprise]``) imported only when such a channel is added or sent to; apprise has no
idempotency key to carry, so a resend after a kill may repeat there.

A digest watchlist's rows are sent in digests (``digest.py``), one message per channel and
period. ``alert_channel_cooldown``: a channel that received a delivery less than that ago holds
further single deliveries until it has passed (postponed, no attempt counted; digests are not
held, but count). Before a single send the worker reserves the channel in the store
(``reserve_channel``: one conditional upsert, taken only where neither the last delivery nor
another reservation is within the cooldown), so however many workers deliver from one store, a
channel gets at most one single delivery per cooldown. A send that fails gives its reservation
back (the channel is held by its last delivery again, and the next alert may go at once); a
worker killed mid-send leaves it, holding the channel for one cooldown (it may have sent).
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any, Callable, Sequence

import httpx

from ..errors import ConfigError
from ..live.schedule import backoff_delay
from ..store.base import Digest, OutboxItem
from .decide import channel_id, iso, utcnow, why
from .digest import assign, digest_body, digest_text

if TYPE_CHECKING:
    from ..settings import Settings
    from ..store import Store

SIGNATURE_HEADER = "X-Babelwire-Signature"
DELIVERY_HEADER = "X-Babelwire-Delivery"


APPRISE_HINT = "apprise channels (--notify) need the apprise package: pip install 'babelwire[apprise]'"


class DeliveryFailed(Exception):
    """A channel did not accept a delivery (it is retried)."""


@dataclass
class Message:
    """What one send carries: an alert alone or a digest of several."""

    key: str  # idempotency key: webhook X-Babelwire-Delivery, e-mail Message-ID
    channel: dict[str, Any]
    body: dict[str, Any]  # the webhook's JSON
    text_of: Callable[[dict[str, Any]], tuple[str, str]]  # subject and text (e-mail, apprise) from the body

    def texts(self) -> tuple[str, str]:
        return self.text_of(self.body)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return f"t={timestamp},sha256={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes) -> bool:
    """What a receiver checks (used by the tests; a receiver in Python may import it)."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    if "t" not in parts or "sha256" not in parts:
        return False
    return hmac.compare_digest(sign(secret, parts["t"], body), header)


def _webhook(m: Message, settings: Any) -> None:
    secret = m.channel.get("secret") or settings.webhook_secret
    if not secret:
        raise DeliveryFailed("no webhook secret: set BABELWIRE_WEBHOOK_SECRET (or the channel's own)")
    body = json.dumps(m.body, ensure_ascii=False, sort_keys=True).encode("utf-8")
    ts = str(int(utcnow().timestamp()))
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(secret, ts, body),
               DELIVERY_HEADER: m.key, "User-Agent": "babelwire-alerts"}
    try:
        r = httpx.post(m.channel["url"], content=body, headers=headers, timeout=settings.alert_timeout)
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


def _email(m: Message, settings: Any) -> None:
    if not settings.smtp_host:
        raise DeliveryFailed("no SMTP server: set smtp_host")
    subject, text = m.texts()
    msg = EmailMessage()
    msg["From"] = settings.smtp_from
    msg["To"] = m.channel["to"]
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{m.key.replace('/', '.')}@babelwire>"
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


def apprise_module() -> Any:
    """apprise, or a ConfigError saying how to install it."""
    try:
        # deferred: apprise is an optional extra (babelwire[apprise]) and slow to import
        import apprise
    except ImportError:
        raise ConfigError(APPRISE_HINT) from None
    return apprise


def _apprise(m: Message, settings: Any) -> None:
    try:
        lib = apprise_module()
    except ConfigError as e:
        raise DeliveryFailed(str(e)) from None
    ap = lib.Apprise()
    if not ap.add(m.channel["url"]):
        raise DeliveryFailed("apprise does not accept this URL")
    subject, text = m.texts()
    # apprise reports why through logging: kept as the row's error, not printed on stderr
    with lib.LogCapture(level=logging.WARNING, fmt="%(message)s") as said:
        ok = ap.notify(body=text, title=subject)
    if not ok:
        why = " ".join(said.getvalue().split())[:300]
        raise DeliveryFailed(f"apprise: {why or 'the service did not take the notification'}")


SENDERS: dict[str, Callable[[Message, Any], None]] = {"webhook": _webhook, "email": _email, "apprise": _apprise}


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
    elif kind == "apprise":
        url = str(channel.get("url") or "")
        if "://" not in url or not apprise_module().Apprise().add(url):
            # the URL may hold the service's token: named by its scheme only
            raise ConfigError(f"apprise cannot use the URL {url.split('://')[0]}://…: a service it does not know, "
                              "or an address not written as that service's "
                              "(see https://github.com/caronc/apprise/wiki)")
    else:
        raise ConfigError(f"unknown alert channel {kind!r}; known: {', '.join(SENDERS)}")
    return channel


def deliver_due(store: Store, settings: Settings, *, now: datetime | None = None, limit: int = 100) -> dict[str, Any]:
    """Send what is due in the outbox, then the digests whose period has closed; counts
    (messages) and the errors back. ``held``: single deliveries a channel's cooldown postponed."""
    s = settings
    al = store.alerts()
    now_dt = now or utcnow()
    started = utcnow()
    out: dict[str, Any] = {"sent": 0, "failed": 0, "dead": 0, "held": 0, "errors": []}
    # a reservation is stamped when it is taken, not when the run began: a run longer than the
    # cooldown would otherwise leave its late reservations already expired for other workers
    cool = _Cooldown(al, float(s.alert_channel_cooldown), lambda: now_dt + (utcnow() - started))
    assign(al)  # rows of digest watchlists into their digests first: none goes alone

    def claim_until() -> str:
        # a few rows at a time, each claim from when it is taken: it need only outlast the few
        # sends made under it
        return iso(now_dt + (utcnow() - started) + timedelta(seconds=s.alert_claim_seconds))

    def single(item: OutboxItem) -> None:
        held = cool.take(item.channel)
        if held is not None:
            al.postpone(item.key, iso(held))
            out["held"] += 1
        elif not _deliver_one(al, item, s, now_dt, out):
            cool.give_back(item.channel)

    def digest(d: Digest) -> None:
        if _deliver_digest(al, d, s, now_dt, out):
            cool.sent(d.channel)

    steps: list[tuple[Callable[[str, str, int], Sequence[Any]], Callable[[Any], None]]] = [
        (al.claim_outbox, single), (al.claim_digests, digest)]  # single deliveries first, then digests
    left = limit
    for claim, send in steps:
        while left > 0:
            batch = claim(iso(now_dt), claim_until(), min(_CLAIM, left))
            if not batch:
                break
            left -= len(batch)
            for x in batch:
                send(x)
    return out


_CLAIM = 10


class _Cooldown:
    """Each channel's reservation for this run: taken in the store before a single send, given
    back when it fails; a channel found held stays held for the rest of the run."""

    def __init__(self, al: Any, seconds: float, clock: Callable[[], datetime]):
        self.al, self.span, self.clock = al, timedelta(seconds=seconds), clock
        self.until: dict[str, datetime] = {}  # channels held, and till when, as this run knows
        self._taken: dict[str, str] = {}  # channel -> the stamp of this run's reservation

    def take(self, channel: dict[str, Any]) -> datetime | None:
        """None: this worker may send (it holds the reservation, or there is no cooldown);
        else when the channel is free again."""
        if self.span <= timedelta(0):
            return None  # off: no store writes
        cid, now = channel_id(channel), self.clock()
        if cid in self.until and now < self.until[cid]:
            return self.until[cid]
        held = self.al.reserve_channel(cid, iso(now), iso(now - self.span))
        if held is None:
            self._taken[cid] = iso(now)
            self.until[cid] = now + self.span
            return None
        # held from a time given back since: due again at once
        self.until[cid] = max(datetime.fromisoformat(held.replace("Z", "+00:00")) + self.span, now)
        return self.until[cid]

    def give_back(self, channel: dict[str, Any]) -> None:
        cid = channel_id(channel)
        if self.span > timedelta(0) and cid in self._taken:
            self.al.release_channel(cid, self._taken.pop(cid))
            self.until.pop(cid, None)

    def sent(self, channel: dict[str, Any]) -> None:
        self.until[channel_id(channel)] = self.clock() + self.span


def _send(m: Message, s: Any) -> None:
    sender = SENDERS.get(m.channel.get("kind", ""))
    if sender is None:
        raise DeliveryFailed(f"unknown channel kind {m.channel.get('kind')!r}")
    try:
        sender(m, s)
    except KeyError as e:  # a channel or alert written without a field it needs: retried, then a dead letter
        raise DeliveryFailed(f"missing {e} in the channel or the alert") from None


def _attempt(m: Message, attempts: int, s: Any, now_dt: datetime, out: dict[str, Any],
             failed: Callable[..., None], sent: Callable[[], None]) -> bool:
    """Send one message; a failure is marked for a retry with backoff (a dead letter after
    ``alert_max_attempts``), a success with ``sent``."""
    try:
        _send(m, s)
    except DeliveryFailed as e:
        tries = attempts + 1
        dead = tries >= s.alert_max_attempts
        delay = backoff_delay(tries, s.alert_retry_base, s.alert_retry_max)
        failed(m.key, error=str(e), next_try_at=iso(now_dt + timedelta(seconds=delay)), dead=dead)
        out["dead" if dead else "failed"] += 1
        out["errors"].append({"key": m.key, "error": str(e)})
        return False
    sent()
    out["sent"] += 1
    return True


def _deliver_one(al: Any, item: OutboxItem, s: Any, now_dt: datetime, out: dict[str, Any]) -> bool:
    return _attempt(Message(item.key, item.channel, item.payload, mail_text), item.attempts, s, now_dt, out,
                    al.mark_failed, lambda: al.mark_sent(item.key, iso(now_dt), channel_id(item.channel)))


def _deliver_digest(al: Any, d: Digest, s: Any, now_dt: datetime, out: dict[str, Any]) -> bool:
    items = al.digest_items(d.key)
    if not items:  # its rows went with their watchlist
        al.mark_digest_sent(d.key, iso(now_dt))
        return False
    body = digest_body(d, items)
    return _attempt(Message(d.key, d.channel, body, digest_text), d.attempts, s, now_dt, out,
                    al.mark_digest_failed, lambda: al.mark_digest_sent(d.key, iso(now_dt), channel_id(d.channel)))
