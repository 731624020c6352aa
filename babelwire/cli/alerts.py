"""Watchlists and alerts: `babelwire watchlist add/preview/list/edit/remove`, `babelwire alerts`."""
from __future__ import annotations

from typing import Any, Callable

import click

from ..errors import ConfigError
from .app import Context, cli, db_option, emit_json, pass_ctx, say, table

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)


@cli.group("watchlist")
def watchlist_group() -> None:
    """Queries in any language, watched as articles arrive; each matching story alerts once."""


def _filters(new: bool) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The query and filter options of `watchlist add` (``new``: with its defaults) and of
    `watchlist preview` and `edit` (None: a named watchlist's own setting)."""
    opts = [
        click.option("--query", "-q", default="" if new else None,
                     help='What to watch, in any language. Quotes or AND/OR/NOT also require keywords: '
                     '\'"Bank of Korea" OR "Norges Bank"\'.'),
        click.option("--also", "also", multiple=True,
                     help="The query as you would also write it in another language, e.g. English (repeatable): "
                     "matched beside it, for reports in that language and as a bridge to the others."),
        click.option("--language", "languages", multiple=True, help="Only stories with articles in this language (repeatable)."),
        click.option("--country", "countries", multiple=True, help="Only stories naming this country (any language): an ISO 3166 code such as DE or CHL, or its English name (repeatable)."),
        click.option("--place", "places", multiple=True, help="Only stories naming this place: an ISO country code (any language) or a name (repeatable)."),
        click.option("--outlet", "outlets", multiple=True, help="Only stories with a report of their own from this outlet: a domain (bbc.co.uk takes www.bbc.co.uk) or its name (repeatable)."),
        click.option("--min-sources", default=1 if new else None, show_default=new, type=int,
                     help="Independent sources a story needs (copies and translations count once)."),
        click.option("--sensitivity", default="balanced" if new else None, show_default=new,
                     type=click.Choice(["strict", "balanced", "eager", "low", "high"]),
                     help="Fewer alerts (strict, also low) or more (eager, also high); thresholds calibrated on labelled replays."),
    ]

    def wrap(f: Callable[..., Any]) -> Callable[..., Any]:
        for o in reversed(opts):
            f = o(f)
        return f
    return wrap


@watchlist_group.command("add")
@click.argument("name")
@_filters(new=True)
@click.option("--digest", default="off", show_default=True, type=click.Choice(["off", "hourly", "daily"]),
              help="Send each channel one message per hour or UTC day listing its alerts, when the period closes.")
@click.option("--webhook", "webhooks", multiple=True, help="POST each alert, signed, to this URL (repeatable).")
@click.option("--email", "emails", multiple=True, help="Mail each alert to this address through smtp_host (repeatable).")
@click.option("--notify", multiple=True, help="Send each alert through apprise to this URL: tgram://…, slack://…, ntfy://…, json://host/path (repeatable; pip install 'babelwire[apprise]').")
@click.option("--breaking", is_flag=True, help="Also alert on breaking stories (a burst of independent sources, or a new "
              "story reaching several sources and languages fast); without --query, on every breaking story passing the filters.")
@db_option
@pass_ctx
def watchlist_add(ctx: Context, name: str, query: str, languages: tuple[str, ...], countries: tuple[str, ...],
                  places: tuple[str, ...], outlets: tuple[str, ...], min_sources: int, sensitivity: str, digest: str,
                  webhooks: tuple[str, ...], emails: tuple[str, ...], notify: tuple[str, ...], breaking: bool,
                  also: tuple[str, ...]) -> None:
    """Watch --query and/or --breaking stories under NAME."""
    w = ctx.workspace().add_watchlist(name, query, languages=languages, countries=countries, places=places,
                                      outlets=outlets, min_sources=min_sources, sensitivity=sensitivity,
                                      digest=digest, webhooks=webhooks, emails=emails, notify=notify,
                                      breaking=breaking, also=also)
    what = " and ".join(x for x in (w.query, "breaking stories" if w.breaking else "") if x)
    say(f"watching {w.name}: {what} ({w.sensitivity}" + (f", {w.digest} digest)" if w.digest != "off" else ")"))


@watchlist_group.command("preview")
@click.argument("name", required=False)
@_filters(new=False)
@click.option("--days", default=7.0, show_default=True, type=float,
              help="Stories seen in this many days, up to the store's newest (or now, if earlier).")
@click.option("--limit", default=50, show_default=True, type=int, help="Stories shown at most.")
@click.option("--all", "all_stories", is_flag=True,
              help="Also every story below the threshold (by default, those that would alert and the next few).")
@FORMAT
@db_option
@pass_ctx
def watchlist_preview(ctx: Context, name: str | None, query: str | None, languages: tuple[str, ...],
                      countries: tuple[str, ...], places: tuple[str, ...], outlets: tuple[str, ...],
                      min_sources: int | None, sensitivity: str | None, days: float, limit: int, all_stories: bool,
                      fmt: str, also: tuple[str, ...]) -> None:
    """What NAME (or --query with the filters of `add`; given with NAME, they replace its own) would alert on
    among the recent stories, best first; nothing is saved or sent."""
    rep = ctx.reader().preview_watchlist(
        name, query, languages=languages or None, places=places or None, countries=countries or None,
        outlets=outlets or None, min_sources=min_sources, sensitivity=sensitivity, days=days, limit=limit,
        all_stories=all_stories, also=also or None)
    if fmt == "json":
        emit_json(rep)
        return
    w = rep["watchlist"]
    if not rep["scanned"]:
        say(f"no stories seen from {rep['since'][:10]} to {rep['until'][:10]}; try a longer --days", err=True)
        return
    say(f"{rep['would_alert']} of {rep['scanned']} stories seen {rep['since'][:10]} to {rep['until'][:10]} would alert "
        f"on \"{w['query']}\" ({w['sensitivity']})" + (f"; the {rep['scanned']} latest of {rep['in_window']} scored"
                                                        if rep["in_window"] > rep["scanned"] else ""), err=True)
    if rep["stories"]:
        table(["", "story", "score", "threshold", "sources", "languages", "names", "headline"],
              [["alert" if s["passed"] else (s["why_not"] or "below"), s["story_id"], f"{s['score']:.3f}",
                s["threshold"], s["sources"], " ".join(sorted(s["languages"])), ", ".join(s["names"]),
                s["headline"] or ""] for s in rep["stories"]], text=["headline"])


@watchlist_group.command("list")
@FORMAT
@db_option
@pass_ctx
def watchlist_list(ctx: Context, fmt: str) -> None:
    """Every watchlist with its filters and channels."""
    rows = ctx.reader().watchlists()
    if not rows and fmt != "json":
        click.echo("no watchlists yet; add one with `babelwire watchlist add NAME --query ...`", err=True)
        return
    _show(rows, fmt)


def _show(rows: list[Any], fmt: str) -> None:
    if fmt == "json":
        emit_json([w.to_dict() for w in rows])
        return
    table(["name", "query", "also", "breaking", "languages", "places", "outlets", "min sources", "sensitivity",
           "digest", "channels"],
          [[w.name, w.query, " | ".join(w.also), "yes" if w.breaking else "", ", ".join(w.languages), ", ".join(w.places),
            ", ".join(w.outlets), w.min_sources, w.sensitivity, w.digest,
            ", ".join(c.get("url") or c.get("to") or "" for c in w.to_dict()["channels"])] for w in rows])


@watchlist_group.command("edit")
@click.argument("name")
@_filters(new=False)
@click.option("--clear", "clear", multiple=True, type=click.Choice(["languages", "places", "outlets", "also"]),
              help="Drop this filter, or (also) the query's other wordings (repeatable).")
@click.option("--digest", default=None, type=click.Choice(["off", "hourly", "daily"]))
@click.option("--breaking/--no-breaking", default=None, help="Alert on breaking stories too, or no longer.")
@click.option("--webhook", "webhooks", multiple=True, help="Add a webhook channel (repeatable).")
@click.option("--email", "emails", multiple=True, help="Add an e-mail channel (repeatable).")
@click.option("--notify", multiple=True, help="Add an apprise channel (repeatable).")
@click.option("--remove-channel", "remove_channels", multiple=True,
              help="Remove a channel: its URL or address, or an apprise URL as `watchlist list` shows it (repeatable); "
              "its undelivered alerts are not sent.")
@FORMAT
@db_option
@pass_ctx
def watchlist_edit(ctx: Context, name: str, query: str | None, languages: tuple[str, ...], countries: tuple[str, ...],
                   places: tuple[str, ...], outlets: tuple[str, ...], clear: tuple[str, ...], min_sources: int | None,
                   sensitivity: str | None, digest: str | None, breaking: bool | None, webhooks: tuple[str, ...],
                   emails: tuple[str, ...], notify: tuple[str, ...], remove_channels: tuple[str, ...], fmt: str,
                   also: tuple[str, ...]) -> None:
    """Change NAME in place: each option given replaces that setting; its alerts stay, none is sent again."""
    given = {"languages": languages, "places": places, "outlets": outlets, "also": also}
    both = [k for k in clear if given[k] or (k == "places" and countries)]
    if both:
        raise ConfigError(f"--clear {both[0]} drops that filter; give it or new values, not both")
    filters = {k: [] if k in clear else (list(v) if v else None) for k, v in given.items()}
    w = ctx.workspace().edit_watchlist(name, query, countries=list(countries) if countries else None,
                                       min_sources=min_sources, sensitivity=sensitivity, digest=digest,
                                       breaking=breaking, webhooks=webhooks, emails=emails, notify=notify,
                                       remove_channels=remove_channels, **filters)
    _show([w], fmt)


@watchlist_group.command("remove")
@click.argument("name")
@db_option
@pass_ctx
def watchlist_remove(ctx: Context, name: str) -> None:
    """Stop watching NAME; its alerts and undelivered deliveries go too."""
    w = ctx.workspace().remove_watchlist(name)
    say(f"removed watchlist {w.name}")


@cli.command("alerts")
@click.option("--watchlist", help="Only this watchlist's alerts.")
@click.option("--kind", type=click.Choice(["match", "breaking"]), help="Only alerts of this kind.")
@click.option("--limit", default=50, show_default=True, type=int)
@click.option("--outbox", is_flag=True, help="Also list deliveries not sent: dead letters, then pending ones.")
@click.option("--deliver", is_flag=True, help="First send every delivery that is due.")
@FORMAT
@db_option
@pass_ctx
def alerts_cmd(ctx: Context, watchlist: str | None, kind: str | None, limit: int, outbox: bool, deliver: bool,
               fmt: str) -> None:
    """Recent alerts with why they were raised (score or burst, sources, languages)."""
    if deliver:
        r = ctx.workspace().deliver_alerts()
        say(f"delivered {r['sent']}, failed {r['failed']} (retried later), dead {r['dead']}, "
            f"held {r['held']} (channel cooldown)", err=True)
    rep = ctx.reader().alerts(watchlist=watchlist, limit=limit, outbox=outbox, kind=kind)
    if fmt == "json":
        emit_json(rep)
        return
    if not rep["alerts"]:
        click.echo("no alerts yet", err=True)
    else:
        table(["watchlist", "kind", "story", "v", "updated", "articles", "sources", "languages", "why", "headline"],
              [[a["watchlist"], a["kind"], a["story_id"], a["version"], a["updated_at"].replace("T", " ")[:16],
                a["data"]["articles"], a["data"]["sources"], " ".join(sorted(a["data"]["languages"])), a["why"],
                a["data"].get("headline") or ""] for a in rep["alerts"]])
    if outbox and rep["outbox"]:
        table(["status", "key", "channel", "digest", "attempts", "next try", "last error"],
              [[o["status"], o["key"], o["channel"].get("url") or o["channel"].get("to") or "", o.get("digest") or "",
                o["attempts"], o["next_try_at"], o["last_error"] or ""] for o in rep["outbox"]], title="outbox")
