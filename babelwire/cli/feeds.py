"""Live ingestion commands: feeds (add, list, remove, OPML), `fetch` pages, `watch` feeds."""
from __future__ import annotations

import json
import signal
import sys
import threading
from contextlib import contextmanager
from typing import Iterator

import click

from ..errors import InputError
from .app import Context, cli, db_option, emit_json, pass_ctx, say, table

ALLOW_PRIVATE = click.option(
    "--allow-private-addresses", "allow_private", is_flag=True, default=None,
    help="Also fetch from private, loopback and link-local addresses (refused by default).",
)


def _short(text: str | None, n: int = 70) -> str:
    if not text:
        return ""
    return text if len(text) <= n else text[: n - 1] + "…"


def _when(iso: str | None) -> str:
    return iso.replace("T", " ")[:16] if iso else ""


@cli.command("add-feed")
@click.argument("url")
@click.option("--name", help="What to call the feed (its outlet); also the articles' source.")
@click.option("--language", help="Language of the feed's articles (ISO 639-1), if it does not say.")
@click.option("--country", help="Country of the outlet (ISO 3166 code).")
@db_option
@pass_ctx
def add_feed_cmd(ctx: Context, url: str, name: str | None, language: str | None, country: str | None) -> None:
    """Subscribe to an RSS, Atom or JSON feed at URL; `babelwire watch` polls it."""
    feed = ctx.workspace().add_feed(url, name=name, language=language, country=country)
    say(f"added feed {feed.id}: {feed.url}")


@cli.command("feeds")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
@pass_ctx
def feeds_cmd(ctx: Context, fmt: str) -> None:
    """Feeds with their state: last fetch and status, items, errors, next poll."""
    feeds = ctx.reader().feeds()
    if fmt == "json":
        emit_json([f.to_dict() for f in feeds])
        return
    if not feeds:
        click.echo("no feeds yet; add one with `babelwire add-feed URL`", err=True)
        return
    table(
        ["id", "feed", "lang", "last fetch", "status", "items", "articles", "pending", "errors", "next poll", "last error"],
        [[f.id, _short(f.name or f.title or f.url, 40), f.language or "", _when(f.last_fetch), f.last_status or "",
          f.items_seen, f.articles, f.pending, f"{f.error_count}/{f.items_failed}", _when(f.next_fetch_at) or "now",
          _short(f.last_error)] for f in feeds],
    )
    click.echo("errors: consecutive failed polls / items given up", err=True)


@cli.command("remove-feed")
@click.argument("feed")
@db_option
@pass_ctx
def remove_feed_cmd(ctx: Context, feed: str) -> None:
    """Unsubscribe from FEED (its URL or id); its stored articles stay."""
    f = ctx.workspace().remove_feed(feed)
    say(f"removed feed {f.id}: {f.url}")


@cli.command("import-opml")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
@pass_ctx
def import_opml_cmd(ctx: Context, file: str, fmt: str) -> None:
    """Add every feed listed in an OPML FILE (feeds already added are kept as they are)."""
    result = ctx.workspace().import_opml(file)
    if fmt == "json":
        emit_json(result)
    else:
        say(f"{len(result['added'])} added, {len(result['existing'])} already present, "
                   f"{len(result['invalid'])} invalid")
        for bad in result["invalid"]:
            say(f"invalid: {bad['url']}: {bad['reason']}", err=True)
    if result["invalid"]:
        raise click.exceptions.Exit(InputError.exit_code)


@cli.command("export-opml")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@db_option
@pass_ctx
def export_opml_cmd(ctx: Context, file: str | None) -> None:
    """Write every feed as OPML to FILE (or standard output)."""
    text = ctx.reader().export_opml()
    if file:
        with open(file, "w", encoding="utf-8") as fh:
            fh.write(text)
        say(f"wrote {file}", err=True)
    else:
        click.echo(text, nl=False)


@contextmanager
def _stop_on_signals() -> Iterator[tuple[threading.Event, dict[str, int]]]:
    """First Ctrl-C (or SIGTERM): finish up and commit. A second Ctrl-C: stop at once."""
    stop = threading.Event()
    got: dict[str, int] = {}

    def handler(signum: int, _frame: object) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        got["signal"] = signum
        stop.set()
        click.echo("stopping: storing what is fetched, leaving the rest for the next run "
                   "(Ctrl-C again to quit at once)", err=True)

    if threading.current_thread() is not threading.main_thread():
        yield stop, got
        return
    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop, got
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def _exit_for(got: dict[str, int]) -> None:
    if got.get("signal") is not None:
        raise click.exceptions.Exit(128 + int(got["signal"]))


@cli.command("fetch")
@click.argument("urls", nargs=-1, required=True)
@ALLOW_PRIVATE
@click.option("--no-cluster", is_flag=True, help="Store only; cluster later.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
@pass_ctx
def fetch_cmd(ctx: Context, urls: tuple[str, ...], allow_private: bool | None, no_cluster: bool, fmt: str) -> None:
    """Fetch single article pages at URLS, extract their text and store them.

    Exits with status 3 when any page could not be stored; the others are kept.
    """
    ws = ctx.workspace(allow_private_addresses=allow_private)
    with _stop_on_signals() as (stop, got):
        report = ws.fetch(urls, stop=stop, cluster=not no_cluster)
    if fmt == "json":
        emit_json(report.to_dict())
    else:
        table(["ingested", "duplicates", "near-duplicates", "updated", "rejected"],
              [[report.ingested, report.duplicates, report.near_duplicates, report.updated, len(report.rejected)]],
              title=f"fetch into {ws.store.path}")
        for r in report.rejected:
            say(f"rejected: {r}", err=True)
    _exit_for(got)
    if report.rejected:
        raise click.exceptions.Exit(InputError.exit_code)


def _cycle_line(n: int, c) -> str:
    polled = c.feeds_fetched + c.feeds_not_modified + c.feeds_failed
    return (f"cycle {n}: {polled} feeds polled ({c.feeds_fetched} changed, {c.feeds_not_modified} unchanged, "
            f"{c.feeds_failed} failed); {c.items_new} new items; {c.ingested} stored, "
            f"{c.duplicates} already stored, {c.rejected} rejected, {c.failed} to retry"
            f"{f', {c.abandoned} left for next run' if c.abandoned else ''}; "
            f"{c.requests} requests in {c.seconds:.1f} s")


@cli.command("watch")
@click.option("--interval", type=float, metavar="SECONDS",
              help="Seconds between two polls of a feed (setting watch_interval).")
@click.option("--once", is_flag=True, help="Run exactly one cycle, then exit.")
@click.option("--cycles", type=click.IntRange(min=1), help="Run this many cycles, then exit.")
@ALLOW_PRIVATE
@click.option("--no-cluster", is_flag=True, help="Store only; cluster later.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="One line per cycle for people, or one JSON object per cycle.")
@db_option
@pass_ctx
def watch_cmd(ctx: Context, interval: float | None, once: bool, cycles: int | None, allow_private: bool | None,
              no_cluster: bool, fmt: str) -> None:
    """Poll every due feed, fetch new items' pages, store and cluster them as they come.

    Runs until Ctrl-C (which stores what is fetched and exits with status 130); a restart
    resumes where it stopped without fetching anything twice.
    """
    ws = ctx.workspace(allow_private_addresses=allow_private, watch_interval=interval)
    counter = {"n": 0}

    def show(c) -> None:
        counter["n"] += 1
        if fmt == "json":
            click.echo(json.dumps({"cycle": counter["n"], **c.to_dict()}, ensure_ascii=False))
        else:
            click.echo(_cycle_line(counter["n"], c))
            for e in c.errors[:20]:
                say(f"  {e['where']}: {e['reason']}", err=True)
            if len(c.errors) > 20:
                say(f"  … and {len(c.errors) - 20} more (see `babelwire feeds`)", err=True)
        sys.stdout.flush()

    with _stop_on_signals() as (stop, got):
        ws.watch(once=once, cycles=cycles, stop=stop, cluster=not no_cluster, on_cycle=show)
    _exit_for(got)
