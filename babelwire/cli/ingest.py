"""`babelwire ingest`: files, directories and stdin into the store."""
from __future__ import annotations

import sys

import click

from ..errors import InputError
from .app import Context, cli, console, db_option, emit_json, pass_ctx, say, table


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--no-cluster", is_flag=True, help="Store only; cluster later with `babelwire cluster`.")
@click.option("--batch-size", type=int, help="Documents per transaction.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--engine", type=click.Choice(["local", "ray"]), help="Where batches are prepared (setting ingest_engine).")
@click.option("--ray-address", help="Ray cluster for --engine ray (default: a local Ray runtime).")
@db_option
@pass_ctx
def ingest(ctx: Context, paths: tuple[str, ...], no_cluster: bool, batch_size: int | None, fmt: str, quiet: bool,
           engine: str | None, ray_address: str | None) -> None:
    """Ingest articles from PATHS (files, directories, or - for stdin).

    Formats: .jsonl/.json (fields id, url, source, title, text, published, language),
    .txt (first line is the headline; optional leading `date YYYY-MM[-DD]`), .html.
    Exits with status 3 when any input was rejected; everything else is still stored.
    """
    ws = ctx.workspace(batch_size=batch_size, ingest_engine=engine, ray_address=ray_address)
    show = not quiet and ws.settings.progress and sys.stderr.isatty()
    stdin = sys.stdin.buffer if "-" in paths else None
    if show:
        # deferred: rich is slow to import; paid only when this runs
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        # counts from the start: documents read and stored, and what runs meanwhile (reading, or a batch
        # embedding and clustering; the first one also loads the model, tens of seconds)
        with Progress(
            SpinnerColumn(), TextColumn("{task.completed:,} documents read · {task.description}"),
            TimeElapsedColumn(), console=console(stderr=True), transient=True,
        ) as bar:
            task = bar.add_task("starting", total=None)
            report = ws.ingest(paths, stdin=stdin, cluster=not no_cluster,
                               progress=lambda n: bar.advance(task, n),
                               stage=lambda text: bar.update(task, description=text))
    else:
        report = ws.ingest(paths, stdin=stdin, cluster=not no_cluster)

    if fmt == "json":
        emit_json(report.to_dict())
    else:
        table(
            ["ingested", "duplicates", "near-duplicates", "updated", "rejected"],
            [[report.ingested, report.duplicates, report.near_duplicates, report.updated, len(report.rejected)]],
            title=f"ingest into {ws.store.path}",
        )
        for r in report.rejected[:50]:
            say(f"rejected: {r}", err=True)
        if len(report.rejected) > 50:
            say(f"... and {len(report.rejected) - 50} more rejected (use --format json for all)", err=True)
        for w in report.warnings[:50]:
            say(f"stored with a change: {w}", err=True)
    if report.rejected:
        raise SystemExitWithCode(InputError.exit_code)


class SystemExitWithCode(click.exceptions.Exit):
    """Exit with a status without printing anything more (the summary said it all)."""
