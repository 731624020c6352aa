"""The root click group and what every command shares: settings, the workspace, output."""
from __future__ import annotations

import json
from typing import Any, Iterable, Sequence

import click

from ..terminal import safe

from ..api import Workspace
from ..settings import load_settings


class Context:
    def __init__(self, overrides: dict[str, Any], config: str | None, debug: bool):
        self.overrides, self.config, self.debug = overrides, config, debug
        self._ws: Workspace | None = None

    def settings(self, **more: Any):
        return load_settings({**self.overrides, **more}, config_path=self.config)

    def workspace(self, **more: Any) -> Workspace:
        if self._ws is None:
            self._ws = Workspace(self.settings(**more))
        return self._ws

    def close(self) -> None:
        if self._ws is not None:
            self._ws.close()


pass_ctx = click.make_pass_decorator(Context)


def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.find_object(Context).overrides["db"] = value


def db_option(f):
    """`--db` on every command too, so `babelwire ingest x --db news.db` works."""
    return click.option("--db", expose_value=False, callback=_set_db, metavar="PATH|URL",
                        help="Store: a SQLite file path or a postgresql:// URL.")(f)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--db", envvar="BABELWIRE_DB", help="Store: a SQLite file path or a postgresql:// URL.", metavar="PATH|URL")
@click.option("--config", "config", help="Config file (TOML).", metavar="PATH")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.version_option(package_name="babelwire")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config: str | None, debug: bool) -> None:
    """Follow one news story across every language."""
    obj = Context({"db": db}, config, debug)
    ctx.obj = obj
    ctx.call_on_close(obj.close)


FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "jsonl"]), default="table",
    show_default=True, help="Output for people (table) or machines (json, jsonl).",
)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def emit_jsonl(rows: Iterable[dict[str, Any]]) -> None:
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False, default=str))


def console(stderr: bool = False):
    from rich.console import Console

    import sys

    stream = sys.stderr if stderr else sys.stdout
    # Pipes get a wide layout instead of rich's 80-column default.
    # emoji=False: ":smile:" in a headline is text, not an emoji
    return Console(stderr=stderr, highlight=False, emoji=False, width=None if stream.isatty() else 160)


def markup_safe(value: Any) -> str:
    """Text from the store for a rich markup string: control characters and markup disarmed."""
    from rich.markup import escape

    return escape(safe(value))


def say(message: str, *, err: bool = False) -> None:
    """click.echo for messages that quote inputs (file names, titles, reasons): terminal-safe."""
    click.echo(safe(message), err=err)


def table(columns: Sequence[str], rows: Iterable[Sequence[Any]], title: str | None = None) -> None:
    from rich.table import Table

    t = Table(title=title, show_lines=False, header_style="bold")
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        # article text is never read as rich markup nor reaches the terminal as control codes
        t.add_row(*[markup_safe(v) for v in r])
    console().print(t)
