"""`babelwire stats`, `boilerplate`, `settings` and `components`: what is stored and how it is configured."""
from __future__ import annotations

import click

from .. import settings as settings_mod
from .app import Context, cli, db_option, emit_json, pass_ctx, say, table


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--top", type=int, default=15, show_default=True, help="Rows per table.")
@db_option
@pass_ctx
def stats(ctx: Context, fmt: str, top: int) -> None:
    """Counts by language, source and day."""
    s = ctx.reader().stats()
    if fmt == "json":
        emit_json(s)
        return
    say(f"{s['articles']:,} articles ({s['duplicates']:,} linked as duplicates)")
    for key, label in (("by_language", "language"), ("by_source", "source")):
        rows = list(s[key].items())[:top]
        table([label, "articles"], rows)
    days = list(s["by_day"].items())[-top:]
    table(["day", "articles"], days)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--top", type=int, default=20, show_default=True, help="Lines to list.")
@db_option
@pass_ctx
def boilerplate(ctx: Context, fmt: str, top: int) -> None:
    """Lines recurring across articles that embedding and pair scoring leave out."""
    rows = ctx.reader().boilerplate(top)
    if fmt == "json":
        emit_json(rows)
    else:
        table(["articles", "line", "example article"],
              [[r["docs"], (r["text"] or "")[:100], r["example_article"] or ""] for r in rows])


@cli.command("settings")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
@pass_ctx
def show_settings(ctx: Context, fmt: str) -> None:
    """Every setting: its value now, where it came from, and what it does."""
    current = ctx.settings()
    rows = []
    for row in settings_mod.describe():
        value = current[row["name"]]
        if row["secret"] and value is not None:
            value = "(set)"
        rows.append({**row, "value": value, "from": current["_sources"][row["name"]]})
    if fmt == "json":
        emit_json(rows)
    else:
        table(["name", "value", "from", "env", "help"],
              [[r["name"], r["value"], r["from"], r["env"], r["help"]] for r in rows])


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def components(fmt: str) -> None:
    """Registered components (detectors, cleaners, embedders, …) by name."""
    # lazy: a command loads its stage only when it runs (fast CLI start-up)
    from .. import registry

    data = {r.kind: r.describe() for r in registry.ALL}
    if fmt == "json":
        emit_json(data)
    else:
        table(["kind", "name", "what"], [[k, n, h] for k, d in data.items() for n, h in d.items()])
