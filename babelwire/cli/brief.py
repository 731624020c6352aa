"""`babelwire brief STORY` and `babelwire brief --files PATH...`."""
from __future__ import annotations

import sys

import click

from ..errors import ConfigError
from .app import Context, cli, console, db_option, pass_ctx, say


@cli.command()
@click.argument("targets", nargs=-1, metavar="STORY | --files PATH...")
@click.option("--files", "from_files", is_flag=True,
              help="Brief these files (txt, md, html, jsonl …) directly, without a store.")
@click.option("--lang", default="en", show_default=True, metavar="CODE",
              help="Reader's language (ISO 639-1): headline and summary prefer it; titles, dates and numbers "
                   "in it; translations into it when a translator is set (settings translator, translator_url).")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "html", "json"]), default="text",
              show_default=True, help="text for the terminal; md and html to share; json with provenance.")
@click.option("--refresh", is_flag=True, help="Rebuild even when the cached brief is current.")
@click.option("--all", "warm_all", is_flag=True,
              help="Build every missing or stale brief, newest stories first, so readers never wait (prints counts).")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="With --all: only the newest N stories.")
@click.option("--no-embed", is_flag=True, help="Do not load the embedding model (summary by position and names).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="Write to FILE instead of standard output.")
@db_option
@pass_ctx
def brief(ctx: Context, targets: tuple[str, ...], from_files: bool, lang: str, fmt: str, refresh: bool,
          warm_all: bool, limit: int | None, no_embed: bool, output: str | None) -> None:
    """Brief one story: headline, summary, timeline, sources, names, facts, disagreements."""
    # lazy: the brief stack (facts, dates) loads only for this command
    from ..brief.files import brief_files
    from ..brief.render import render, to_rich
    from ..translate import reader_language

    lang = reader_language(lang)
    if warm_all:
        if targets or from_files:
            raise ConfigError("--all builds the briefs of the stories in the store; give no STORY or --files")
        _warm(ctx, lang, limit, fmt)
        return
    if from_files:
        if not targets:
            raise ConfigError("--files needs at least one PATH")
        b, rejected = brief_files(list(targets), ctx.settings(), lang=lang, embed=not no_embed)
        for r in rejected:
            say(f"skipped {r}", err=True)
    else:
        if len(targets) != 1:
            raise ConfigError("give one STORY id (see `babelwire stories`), or --files PATH...")
        b = ctx.reader().brief(targets[0], lang=lang, refresh=refresh, embed=not no_embed)
    if fmt == "text" and output is None:
        console().print(to_rich(b))
        return
    text = render(b, fmt)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        say(f"wrote {output}", err=True)
    else:
        click.echo(text)


def _warm(ctx: Context, lang: str, limit: int | None, fmt: str) -> None:
    # lazy: a command loads its stage only when it runs (fast CLI start-up)
    from .app import emit_json, table

    ws = ctx.reader()
    total = ws.store.count_stories() if limit is None else min(limit, ws.store.count_stories())
    if ws.settings.progress and sys.stderr.isatty():
        # deferred: rich is slow to import; paid only when this runs
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        with Progress(BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console(stderr=True), transient=True) as bar:
            task = bar.add_task("briefs", total=total)
            out = ws.warm_briefs(limit=limit, lang=lang, progress=lambda n: bar.advance(task, n))
    else:
        out = ws.warm_briefs(limit=limit, lang=lang)
    if fmt == "json":
        emit_json(out)
        return
    table(["stories", "built", "already current", "failed"],
          [[out["stories"], out["built"], out["fresh"], len(out["failed"])]], title=f"briefs in {ws.store.path}")
    for f in out["failed"][:20]:
        say(f"failed: {f['story_id']}: {f['error']}", err=True)
