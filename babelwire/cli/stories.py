"""`babelwire cluster`, `stories`, `story ID` and `compare A B`."""
from __future__ import annotations

import click

from ..outlets import outlet_labels
from .app import Context, cli, console, db_option, emit_json, markup_safe, pass_ctx, say, table


def _short(s: str | None, n: int) -> str:
    s = (s or "").replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def _langs(d: dict[str, int] | None) -> str:
    return " ".join(f"{k}:{v}" for k, v in (d or {}).items())


@cli.command("cluster")
@click.option("--rebuild", is_flag=True, help="Re-cluster everything; ids stay where membership mostly did.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
@pass_ctx
def cluster_cmd(ctx: Context, rebuild: bool, fmt: str) -> None:
    """Group articles without a story into stories (all of them with --rebuild)."""
    report = ctx.reader().cluster(rebuild=rebuild)
    if fmt == "json":
        emit_json(report.to_dict())
        return
    r = report
    table(
        ["clustered", "new stories", "joined", "copies", "merges", "moved", "embedded", "stories", "seconds"],
        [[r.articles, r.opened, r.assigned, r.duplicates, r.merges, r.moved, r.embedded, r.stories, r.seconds]],
        title="rebuild" if rebuild else "cluster",
    )


@cli.command("stories")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--sort", type=click.Choice(["recent", "size"]), default="recent", show_default=True,
              help="recent: latest publication first; size: most articles first.")
@click.option("--limit", type=int, default=50, show_default=True, help="0 for all.")
@click.option("--offset", type=int, default=0)
@db_option
@pass_ctx
def stories_cmd(ctx: Context, fmt: str, sort: str, limit: int, offset: int) -> None:
    """List stories: headline, languages, size and when they were seen."""
    rows = ctx.reader().stories(sort=sort, limit=limit or None, offset=offset)
    if fmt == "json":
        emit_json(rows)
        return
    table(
        ["id", "articles", "languages", "first seen", "last seen", "headline"],
        [[s["id"], s["article_count"], _short(_langs(s["languages"]), 30), s["first_seen"] or "?",
          s["last_seen"] or "?", _short(s["headline"], 140)] for s in rows],
        title=f"{len(rows)} stories", text=("headline",),
    )


@cli.command("story")
@click.argument("story_id")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
@pass_ctx
def story_cmd(ctx: Context, story_id: str, fmt: str) -> None:
    """One story and its articles."""
    s = ctx.reader().story(story_id)
    if fmt == "json":
        emit_json({**s, "articles": [a.to_dict() for a in s["articles"]]})
        return
    c = console()
    c.print(f"[bold]{markup_safe(s['headline'] or '(no headline)')}[/bold]")
    if s.get("resolved_from"):
        c.print(f"[dim]{markup_safe(s['resolved_from'])} was merged into this story[/dim]")
    c.print(f"[dim]{s['id']} · {s['article_count']} articles · {_langs(s['languages'])} · "
            f"{s['first_seen'] or '?'} → {s['last_seen'] or '?'}[/dim]")
    names = outlet_labels(s["articles"])  # as the brief names them: "source 2 (fr)" when unknown
    table(
        ["id", "lang", "published", "source", "title"],
        [[a.id, a.language, a.published or "?", _short(names[a.id], 24),
          _short(a.title or a.text, 140) + (" (copy)" if a.duplicate_of else "")] for a in s["articles"]],
        text=("title",),
    )


@cli.command("compare")
@click.argument("a")
@click.argument("b")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@db_option
@pass_ctx
def compare_cmd(ctx: Context, a: str, b: str, fmt: str) -> None:
    """How likely A and B report the same story (each an article id, a file, or text)."""
    r = ctx.workspace().compare(a, b, allow_files=True)
    if fmt == "json":
        emit_json(r)
        return
    verdict = "same story" if r["same_story"] else "different stories"
    say(f"{r['score']:.3f}  {verdict}  (threshold {r['threshold']}, embedding cosine {r['cosine']:.3f})")
    for side in ("a", "b"):
        x = r[side]
        say(f"  {side.upper()}: [{x['language']}] {_short(x['title'], 90)}"
                   + (f"  ({x['id']})" if x["id"] else f"  ({x['input']})"))
    why = r["reasons"]
    if why["entities"]:
        click.echo("  shared names:   " + ", ".join(why["entities"]))
    if why["numbers"]:
        click.echo("  shared numbers: " + ", ".join(why["numbers"]))
    if why["dates"]:
        click.echo("  shared dates:   " + ", ".join(why["dates"]))
    if why.get("places_apart"):
        a, b = why["places_apart"]
        click.echo(f"  leads about different countries: {', '.join(a)} vs {', '.join(b)} (score halved)")
    if why["gap_days"] is not None:
        say(f"  published {why['gap_days']:g} days apart")
    else:
        click.echo("  publication gap unknown (a date is missing)")
