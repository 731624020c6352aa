"""Watchlists and alerts: a query in any language watched as articles arrive.

- ``query.py``: the query (meaning, plus an optional keyword expression across scripts);
- ``match.py``: the score and filters a story is judged by;
- ``decide.py``: alerts decided after each clustered batch, one per (watchlist, story, kind);
- ``breaking.py``: whether a story is breaking (a burst of independent sources, or a new story
  far from the last days' ones reaching K sources in L languages), and why;
- ``deliver.py``: the outbox worked through (signed webhook, e-mail, apprise), retries, dead
  letters, the per-channel cooldown;
- ``digest.py``: digest mode, a period's alerts in one message per channel;
- ``variants.py``: the query translated into the stories' languages (with a translator);
- ``feed.py``: the Atom feed of alerts;
- ``preview.py``: what a query would alert on among the recent stories, nothing written.

The Workspace calls ``after_batch`` from its one ingest hook (``assign_stories``), so `ingest`,
`fetch` and every `watch` cycle decide their alerts in the batch that brought the article.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from ..errors import ConfigError, InputError, NotFoundError
from ..store.base import Alert, Watchlist, shown_channel
from ..translate.languages import language_filter
from .decide import evaluate, iso, utcnow, why
from .deliver import check_channel, deliver_due
from .digest import MODES
from .match import SENSITIVITIES, SENSITIVITY_NAMES, Matcher, outlet_key
from .query import parse

if TYPE_CHECKING:
    from ..settings import Settings
    from ..store import Store

KINDS = ("match", "breaking")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_ALSO, MAX_ALSO_CHARS = 20, 500  # each is embedded and added per member language: a bound on that work
__all__ = ["add_watchlist", "after_batch", "alerts_report", "deliver_due", "edit_watchlist", "evaluate",
           "list_watchlists", "previewed", "remove_watchlist"]


def add_watchlist(store: Store, name: str, query: str | None = None, *, languages: Sequence[str] = (),
                  places: Sequence[str] = (), countries: Sequence[str] = (), outlets: Sequence[str] = (),
                  min_sources: int = 1, sensitivity: str = "balanced", digest: str = "off",
                  webhooks: Sequence[str] = (), emails: Sequence[str] = (), notify: Sequence[str] = (),
                  breaking: bool = False, also: Sequence[str] = ()) -> Watchlist:
    """``places``: ISO country codes or names; ``countries``: ISO codes (or country names)
    checked against ISO 3166, kept as alpha-2 codes among the places; ``outlets``: domains
    ("bbc.co.uk" takes "www.bbc.co.uk") or outlet names; ``notify``: apprise URLs;
    ``breaking``: also alert on breaking stories (all of them that pass the filters when
    there is no query; with one, those that match it); ``also``: the query as written in
    other languages (matched beside it: ``match.py``)."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ConfigError("a watchlist needs a name of 1 to 80 characters")
    w = checked(Watchlist(name, "", created_at=iso(utcnow())), query=query or "", languages=languages,
                places=places, countries=countries, outlets=outlets, min_sources=min_sources,
                sensitivity=sensitivity, digest=digest, breaking=breaking, also=also)
    w.channels = channels(webhooks, emails, notify)
    return store.alerts().add_watchlist(w)


def edit_watchlist(store: Store, name: str, query: str | None = None, *, languages: Sequence[str] | None = None,
                   places: Sequence[str] | None = None, countries: Sequence[str] | None = None,
                   outlets: Sequence[str] | None = None, min_sources: int | None = None,
                   sensitivity: str | None = None, digest: str | None = None, breaking: bool | None = None,
                   webhooks: Sequence[str] = (), emails: Sequence[str] = (), notify: Sequence[str] = (),
                   remove_channels: Sequence[str] = (), also: Sequence[str] | None = None) -> Watchlist:
    """Change a watchlist in place: each option given (not None) replaces its setting, checked
    as ``add_watchlist`` checks it (``places`` and ``countries`` are one filter: either replaces
    it; an empty list clears a filter); ``webhooks``, ``emails`` and ``notify`` add channels,
    ``remove_channels`` (a URL or address, or an apprise URL as lists show it) take them away.

    The alerts it raised stay (an alert is never withdrawn) under the query that raised them,
    and as their ids are the watchlist's name and the story, an edit sends none again: a story
    alerted before is updated only when it grows, as it would have been. The new settings
    decide from the next batch on (the matcher keys its caches by the query's text, so a new
    query starts afresh). Undelivered deliveries to a removed channel go with it."""
    with store.transaction():  # read, change and write as one step: two edits at once both count
        al = store.alerts()
        old = al.get_watchlist(name, lock=True)
        if old is None:
            raise _missing(name)
        w = checked(old, query=query, languages=languages, places=places, countries=countries, outlets=outlets,
                    min_sources=min_sources, sensitivity=sensitivity, digest=digest, breaking=breaking, also=also)
        gone = [_channel_named(old, t) for t in remove_channels]
        w.channels = [c for c in old.channels if c not in gone]
        w.channels += [c for c in channels(webhooks, emails, notify) if c not in w.channels]
        al.update_watchlist(w, [c for c in gone if c not in w.channels])
    return w


def previewed(store: Store, name: str | None = None, query: str | None = None, *,
              languages: Sequence[str] | None = None, places: Sequence[str] | None = None,
              countries: Sequence[str] | None = None, outlets: Sequence[str] | None = None,
              min_sources: int | None = None, sensitivity: str | None = None,
              also: Sequence[str] | None = None) -> Watchlist:
    """The watchlist a preview judges by: ``name``'s settings (without it, a new watchlist's)
    with the options given over them, checked as adding and editing check them."""
    if name:
        base = store.alerts().get_watchlist(name)
        if base is None:
            raise _missing(name)
    elif not (query or "").strip():
        raise ConfigError("a preview needs a watchlist's name or a query")
    else:
        base = Watchlist("", "")
    return checked(base, query=query, languages=languages, places=places, countries=countries, outlets=outlets,
                   min_sources=min_sources, sensitivity=sensitivity, also=also)


def checked(w: Watchlist, *, query: str | None = None, languages: Sequence[str] | None = None,
            places: Sequence[str] | None = None, countries: Sequence[str] | None = None,
            outlets: Sequence[str] | None = None, min_sources: int | None = None, sensitivity: str | None = None,
            digest: str | None = None, breaking: bool | None = None, also: Sequence[str] | None = None) -> Watchlist:
    """``w`` with these settings (None: its own), checked: the one home of a watchlist's rules,
    for adding and editing alike."""
    sensitivity = w.sensitivity if sensitivity is None else SENSITIVITY_NAMES.get(sensitivity, sensitivity)
    if sensitivity not in SENSITIVITIES:
        raise ConfigError(f"sensitivity must be one of {', '.join(SENSITIVITIES)} (or low, high), not {sensitivity!r}")
    digest = w.digest if digest is None else digest
    if digest not in MODES:
        raise ConfigError(f"digest must be one of {', '.join(MODES)}, not {digest!r}")
    min_sources = w.min_sources if min_sources is None else min_sources
    if min_sources < 1:
        raise ConfigError("min_sources must be at least 1")
    query = w.query if query is None else query.strip()
    breaking = w.breaking if breaking is None else bool(breaking)
    if not query and not breaking:
        raise ConfigError("a watchlist needs a query, or --breaking for every breaking story")
    if query:
        parse(query)  # a malformed expression is refused now, not at the first batch
    if also is None and w.also and query != w.query:
        # the old query's wordings would pull the new one toward the old event
        raise ConfigError("the query changed: give its other wordings again (--also) or drop them (--clear also)")
    others = w.also if also is None else list(dict.fromkeys(" ".join(t.split()) for t in also if t and t.strip()))
    others = [t for t in others if t != " ".join(query.split())]
    if others and not query:
        raise ConfigError("--also gives the query in other languages: it needs a --query")
    if len(others) > MAX_ALSO or any(len(t) > MAX_ALSO_CHARS for t in others):
        raise ConfigError(f"at most {MAX_ALSO} other wordings of the query, of {MAX_ALSO_CHARS} characters each")
    if any(CONTROL.search(t) for t in (query, *others)):  # PostgreSQL refuses NUL in text: a 500 otherwise
        raise ConfigError("a query or wording may not hold control characters")
    for t in others:  # read as the query is: refused now, not by every batch's decision
        try:
            parse(t)
        except InputError as e:
            raise ConfigError(f"the wording {t!r}: {e}") from None
    langs = w.languages if languages is None else [language_filter(x) or x for x in languages if x]
    wanted = w.places
    if places is not None or countries is not None:
        wanted = [p.strip() for p in places or () if p and p.strip()]
        for code in (country_code(x) for x in countries or () if x and x.strip()):
            if code not in wanted:  # "CHL" and "Chile" are one country
                wanted.append(code)
    sites = w.outlets if outlets is None else list(dict.fromkeys(outlet_key(o) for o in outlets if o and o.strip()))
    return replace(w, query=query, languages=langs, places=wanted, min_sources=int(min_sources),
                   sensitivity=sensitivity, digest=digest, breaking=breaking, outlets=sites, channels=list(w.channels),
                   also=others)


def channels(webhooks: Sequence[str] = (), emails: Sequence[str] = (), notify: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Channels as a user gives them, checked."""
    out = [check_channel({"kind": "webhook", "url": u}) for u in webhooks]
    out += [check_channel({"kind": "email", "to": e}) for e in emails]
    return out + [check_channel({"kind": "apprise", "url": u}) for u in notify]


def _channel_named(w: Watchlist, target: str) -> dict[str, Any]:
    """The channel of ``w`` a user names: its URL or address, or (an apprise URL holds a
    token that lists hide) its URL as lists show it, when that names one channel."""
    t = (target or "").strip()
    found = [c for c in w.channels if t and t == (c.get("url") or c.get("to"))]
    found = found or [c for c in w.channels if t and t == shown_channel(c).get("url")]
    if len(found) != 1:
        have = ", ".join(str(shown_channel(c).get("url") or c.get("to")) for c in w.channels) or "none"
        what = "names several channels; give its whole URL" if found else "is not one of its channels"
        raise ConfigError(f"{t!r} {what} (watchlist {w.name!r} has: {have})")
    return found[0]


def _missing(name: str) -> NotFoundError:
    return NotFoundError(f"no watchlist named {name!r} (see `babelwire watchlist list`)")


def country_code(value: str) -> str:
    """An ISO 3166 country (alpha-2, alpha-3 or its English name) as its alpha-2 code."""
    # deferred: pycountry loads its tables on first use; only adding a watchlist needs it here
    import pycountry

    v = value.strip()
    try:
        return str(pycountry.countries.lookup(v).alpha_2)
    except LookupError:
        raise ConfigError(f"unknown country {v!r}: give an ISO 3166 code such as DE, FR or CHL, "
                          "or a country's English name (--place takes any place name)") from None



def list_watchlists(store: Store) -> list[Watchlist]:
    return store.alerts().watchlists()


def check_kind(kind: str | None) -> None:
    if kind is not None and kind not in KINDS:
        raise ConfigError(f"alert kind must be one of {', '.join(KINDS)}, not {kind!r}")


def remove_watchlist(store: Store, name: str) -> Watchlist:
    w = store.alerts().remove_watchlist(name)
    if w is None:
        raise _missing(name)
    return w


def after_batch(store: Store, settings: Settings, matcher: Matcher, article_ids: Iterable[str], *,
                now: datetime | None = None) -> list[Alert]:
    """Decide this batch's alerts, then (``alert_deliver``) send what is due: this batch's,
    retries come due and digests whose period has closed."""
    written = evaluate(store, settings, matcher, article_ids, now=now)
    if settings.alert_deliver:
        deliver_due(store, settings)
    return written


def alerts_report(store: Store, *, watchlist: str | None = None, limit: int = 50, outbox: bool = False,
                  kind: str | None = None) -> dict[str, Any]:
    """Recent alerts with their reasons (``why``); ``kind``: match or breaking only; with
    ``outbox``, the deliveries not sent (dead letters first)."""
    al = store.alerts()
    if watchlist and al.get_watchlist(watchlist) is None:
        raise _missing(watchlist)
    check_kind(kind)
    out: dict[str, Any] = {"alerts": [{**a.to_dict(), "why": why(a.data)} for a in
                                      al.recent_alerts(watchlist=watchlist, limit=limit, kind=kind)]}
    if outbox:
        out["outbox"] = [o.to_dict() for o in al.outbox(status="dead", limit=limit)] + \
                        [o.to_dict() for o in al.outbox(status="pending", limit=limit)]
    return out
