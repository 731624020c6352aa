"""`babelwire serve`: the web app and REST API."""
from __future__ import annotations

import click

from .app import Context, cli, db_option, pass_ctx, say


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--token", help="Token for write endpoints (setting token, env BABELWIRE_TOKEN).")
@db_option
@pass_ctx
def serve(ctx: Context, host: str, port: int, token: str | None) -> None:
    """Serve the web app and API. Refuses a non-loopback address without a token."""
    # lazy: a command loads its stage only when it runs (fast CLI start-up)
    from ..store import shown_url
    from ..web import serve as run

    settings = ctx.settings(token=token)
    say(f"babelwire on http://{host}:{port}/  (store {shown_url(settings.db)}; API docs at /api/docs)", err=True)
    run(host=host, port=port, settings=settings)
