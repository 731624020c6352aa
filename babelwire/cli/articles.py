"""`babelwire articles` and `babelwire article ID`."""
from __future__ import annotations

import click

from ..outlets import outlet_of
from .app import FORMAT, Context, cli, console, db_option, emit_json, emit_jsonl, markup_safe, pass_ctx, table


def _short(s: str | None, n: int) -> str:
    s = (s or "").replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


@cli.command()
@click.option("--language", "-l", help="Code or name, e.g. hi or Hindi.")
@click.option("--source", "-s", help="Outlet name or domain.")
@click.option("--since", help="Published on or after (YYYY[-MM[-DD]]).")
@click.option("--until", help="Published on or before (YYYY[-MM[-DD]]).")
@click.option("--story", help="Only articles of this story.")
@click.option("--limit", type=int, default=50, show_default=True, help="0 for all.")
@click.option("--offset", type=int, default=0)
@FORMAT
@db_option
@pass_ctx
def articles(ctx: Context, language, source, since, until, story, limit, offset, fmt) -> None:
    """List stored articles, filtered."""
    ws = ctx.reader()
    rows = ws.articles(language=language, source=source, since=since, until=until, story=story,
                       limit=limit or None, offset=offset)
    if fmt == "json":
        emit_json([a.to_dict() for a in rows])
    elif fmt == "jsonl":
        emit_jsonl(a.to_dict() for a in rows)
    else:
        total = ws.count_articles(language=language, source=source, since=since, until=until, story_id=story)
        table(
            ["id", "lang", "published", "source", "title"],
            [[a.id, a.language, a.published or "?", _short(outlet_of(a) or "unknown outlet", 24),
              _short(a.title or a.text, 140)] for a in rows],
            title=f"{len(rows)} of {total} articles", text=("title",),
        )


@cli.command()
@click.argument("article_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@db_option
@pass_ctx
def article(ctx: Context, article_id: str, fmt: str) -> None:
    """Show one article with its metadata."""
    a = ctx.reader().article(article_id)
    if fmt == "json":
        emit_json(a.to_dict())
        return
    c = console()
    c.print(f"[bold]{markup_safe(a.title or '(no headline)')}[/bold]")
    meta = [
        ("id", a.id), ("source", outlet_of(a) or "unknown outlet"), ("url", a.url),
        ("language", f"{a.language} ({a.language_confidence:.2f}, {a.language_source})"),
        ("published", f"{a.published} ({a.published_precision}, from {a.published_source})" if a.published else "unknown"),
        ("ingested", a.ingested_at), ("story", a.story_id), ("duplicate of", a.duplicate_of),
    ]
    for k, v in meta:
        if v:
            c.print(f"[dim]{k:>13}[/dim]  {markup_safe(str(v))}")
    c.print()
    c.print(markup_safe(a.text))
