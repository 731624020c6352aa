"""The root click group and what every command shares: settings, the workspace, output."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence

import click

from ..api import Workspace
from ..settings import load_settings
from ..terminal import safe


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

    def reader(self, **more: Any) -> Workspace:
        """The workspace of a command that only reads: a store path that does not exist is an
        error (a typo in --db would otherwise create an empty store and print "0 stories")."""
        if self._ws is None:
            # lazy: a command loads its stage only when it runs (fast CLI start-up)
            from ..errors import StoreError
            from ..store import is_server_url

            st = self.settings(**more)
            db = str(st.db)
            on_file = not is_server_url(db) and str(getattr(st, "store", "auto") or "auto") in ("auto", "sqlite")
            if on_file and db != ":memory:" and not Path(db).expanduser().exists():
                raise StoreError(f"no store at {db}: check --db (or BABELWIRE_DB), or create one with "
                                 f"`babelwire ingest FILES --db {db}`")
        return self.workspace(**more)

    def close(self) -> None:
        if self._ws is not None:
            self._ws.close()


pass_ctx = click.make_pass_decorator(Context)


def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    obj = ctx.find_object(Context)
    if value and obj is not None:
        obj.overrides["db"] = value


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
    # deferred: rich is slow to import; paid only when this runs
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    # Pipes get a wide layout instead of rich's 80-column default.
    # emoji=False: ":smile:" in a headline is text, not an emoji
    width = None
    if not stream.isatty():  # pipes get 160 columns, or the width COLUMNS names
        cols = os.environ.get("COLUMNS", "")
        width = int(cols) if cols.isdigit() and int(cols) > 0 else 160
    return Console(stderr=stderr, highlight=False, emoji=False, width=width)


def markup_safe(value: Any) -> str:
    """Text from the store for a rich markup string: control characters and markup disarmed."""
    # deferred: rich is slow to import; paid only when this runs
    from rich.markup import escape

    return escape(safe(value))


def say(message: str, *, err: bool = False) -> None:
    """click.echo for messages that quote inputs (file names, titles, reasons): terminal-safe."""
    click.echo(safe(message), err=err)


TEXT_MIN = 40  # fewest columns a folded text keeps beside the row; fewer and it goes below


def table(columns: Sequence[str], rows: Iterable[Sequence[Any]], title: str | None = None,
          text: Sequence[str] = ()) -> None:
    """A table on the terminal. Short cells (ids, counts, dates) are never wrapped, so an id
    can be copied whole. ``text``: the columns of long text (headlines, titles); when the
    terminal leaves them under TEXT_MIN columns, each row's text is printed on the lines below
    it, indented, instead of a column one word wide."""
    # deferred: rich is slow to import; paid only when this runs
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    cells = [[markup_safe(v) for v in r] for r in rows]  # never rich markup, never control codes
    c = console()
    keep = [i for i, name in enumerate(columns) if name not in text]
    long = [i for i, name in enumerate(columns) if name in text]
    widths = {i: max([cell_len(columns[i])] + [cell_len(Text.from_markup(r[i]).plain) for r in cells]) for i in keep}
    # a rich table: borders and padding take 3 columns a cell, 1 more at the edge
    need = sum(widths.values()) + 3 * len(columns) + 1 + TEXT_MIN * len(long)
    if long and need > c.width:
        _folded(c, columns, cells, keep, long, widths, title)
        return
    t = Table(title=title, show_lines=False, header_style="bold")
    for i, name in enumerate(columns):
        if i in long:
            t.add_column(name, overflow="fold", ratio=1, min_width=TEXT_MIN)
        elif long or name == "id":
            t.add_column(name, no_wrap=True, min_width=widths[i])
        else:  # a table of settings or counts: every column may fold
            t.add_column(name, overflow="fold")
    for r in cells:
        t.add_row(*r)
    c.print(t)


def _folded(c: Any, columns: Sequence[str], rows: list[list[str]], keep: list[int], long: list[int],
            widths: dict[int, int], title: str | None) -> None:
    # deferred: rich is slow to import; paid only when this runs
    from rich.padding import Padding
    from rich.text import Text

    def line(cells: list[str]) -> Text:
        out = Text()
        for k, (i, cell) in enumerate(zip(keep, cells)):
            part = Text.from_markup(cell)
            part.pad_right(widths[i] - part.cell_len if k < len(keep) - 1 else 0)
            out.append_text(part)
            if k < len(keep) - 1:
                out.append("  ")
        return out

    # short columns that do not fit on the row's line go below it too, named
    fits: list[int] = []
    used = 0
    for i in keep:
        if fits and used + 2 + widths[i] > c.width:
            continue
        used += (2 if fits else 0) + widths[i]
        fits.append(i)
    moved = [i for i in keep if i not in fits]
    keep = fits
    if title:
        c.print(Text(title, style="italic"))
    header = line([markup_safe(columns[i]) for i in keep])
    header.stylize("bold")
    c.print(header, no_wrap=True, crop=False, overflow="ignore")
    for r in rows:
        c.print(line([r[i] for i in keep]), no_wrap=True, crop=False, overflow="ignore")
        if moved:
            extra = Text("  ·  ".join(f"{columns[i]} {Text.from_markup(r[i]).plain}" for i in moved), style="dim")
            c.print(Padding(extra, (0, 0, 0, 4)))
        for i in long:
            if r[i]:
                c.print(Padding(Text.from_markup(r[i]), (0, 0, 0, 4)))
