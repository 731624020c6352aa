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
- ``feed.py``: the Atom feed of alerts.

The Workspace calls ``after_batch`` from its one ingest hook (``assign_stories``), so `ingest`,
`fetch` and every `watch` cycle decide their alerts in the batch that brought the article.
"""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from ..errors import ConfigError, NotFoundError
from ..store.base import Alert, Watchlist
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
__all__ = ["add_watchlist", "after_batch", "alerts_report", "deliver_due", "evaluate", "list_watchlists",
           "remove_watchlist"]


def add_watchlist(store: Store, name: str, query: str | None = None, *, languages: Sequence[str] = (),
                  places: Sequence[str] = (), countries: Sequence[str] = (), outlets: Sequence[str] = (),
                  min_sources: int = 1, sensitivity: str = "balanced", digest: str = "off",
                  webhooks: Sequence[str] = (), emails: Sequence[str] = (), notify: Sequence[str] = (),
                  breaking: bool = False) -> Watchlist:
    """``places``: ISO country codes or names; ``countries``: ISO codes (or country names)
    checked against ISO 3166, kept as alpha-2 codes among the places; ``outlets``: domains
    ("bbc.co.uk" takes "www.bbc.co.uk") or outlet names; ``notify``: apprise URLs;
    ``breaking``: also alert on breaking stories (all of them that pass the filters when
    there is no query; with one, those that match it)."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ConfigError("a watchlist needs a name of 1 to 80 characters")
    sensitivity = SENSITIVITY_NAMES.get(sensitivity, sensitivity)
    if sensitivity not in SENSITIVITIES:
        raise ConfigError(f"sensitivity must be one of {', '.join(SENSITIVITIES)} (or low, high), not {sensitivity!r}")
    if digest not in MODES:
        raise ConfigError(f"digest must be one of {', '.join(MODES)}, not {digest!r}")
    if min_sources < 1:
        raise ConfigError("min_sources must be at least 1")
    query = (query or "").strip()
    if not query and not breaking:
        raise ConfigError("a watchlist needs a query, or --breaking for every breaking story")
    if query:
        parse(query)  # a malformed expression is refused now, not at the first batch
    langs = [language_filter(x) or x for x in languages if x]
    channels = [check_channel({"kind": "webhook", "url": u}) for u in webhooks]
    channels += [check_channel({"kind": "email", "to": e}) for e in emails]
    channels += [check_channel({"kind": "apprise", "url": u}) for u in notify]
    wanted = [p.strip() for p in places if p and p.strip()]
    for code in (country_code(x) for x in countries if x and x.strip()):
        if code not in wanted:  # "CHL" and "Chile" are one country
            wanted.append(code)
    sites = list(dict.fromkeys(outlet_key(o) for o in outlets if o and o.strip()))
    w = Watchlist(name, query, langs, wanted, int(min_sources), sensitivity, channels, iso(utcnow()),
                  breaking=bool(breaking), outlets=sites, digest=digest)
    return store.alerts().add_watchlist(w)


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
        raise NotFoundError(f"no watchlist named {name!r} (see `babelwire watchlist list`)")
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
        raise NotFoundError(f"no watchlist named {watchlist!r} (see `babelwire watchlist list`)")
    check_kind(kind)
    out: dict[str, Any] = {"alerts": [{**a.to_dict(), "why": why(a.data)} for a in
                                      al.recent_alerts(watchlist=watchlist, limit=limit, kind=kind)]}
    if outbox:
        out["outbox"] = [o.to_dict() for o in al.outbox(status="dead", limit=limit)] + \
                        [o.to_dict() for o in al.outbox(status="pending", limit=limit)]
    return out
