"""The `babelwire` command: thin shells over the Python API.

Each command parses its input, calls one library function and formats the result. Errors
become one readable line and an exit code; a traceback only with --debug.
"""
from __future__ import annotations

import importlib
import signal
import sys
import threading
import traceback

import click

from ..errors import BabelwireError
from .app import cli, say

# Importing the command modules registers their commands on `cli`.
for _name in ("ingest", "articles", "stories", "brief", "feeds", "serve", "evaluate", "info", "alerts"):
    try:
        importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as _e:  # a command group not written yet
        if _e.name != f"{__name__}.{_name}":
            raise


def _terminated(signum: int, frame: object) -> None:
    # SIGTERM unwinds like Ctrl-C does: finally blocks run, so worker pools shut down and
    # release their semaphores instead of leaking them; committed batches stay.
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> None:
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)  # `watch` and `serve` install their own
    try:
        # Without standalone mode click returns an Exit's code instead of raising it.
        rv = cli.main(args=argv, prog_name="babelwire", standalone_mode=False)
        if isinstance(rv, int) and rv:
            sys.exit(rv)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except BabelwireError as e:
        if debug:
            traceback.print_exc()
        say(f"error: {e}", err=True)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted; everything committed so far is kept", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as e:  # a bug: still one line unless --debug
        if debug:
            traceback.print_exc()
        say(f"internal error: {type(e).__name__}: {e} (run with --debug for details)", err=True)
        sys.exit(70)
    sys.exit(0)
