"""ASGI app: server-rendered pages and a JSON API over the same Workspace methods.

FastAPI gives us validation and an OpenAPI document for the API; pages are Jinja2 templates
with autoescaping (article text is hostile input) and no inline scripts, enforced by CSP.
Each worker thread gets its own Workspace (its own SQLite connection), so reads run while
`ingest` or `watch` write to the same WAL store.
"""
from __future__ import annotations

import ipaddress
import logging
import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..api import Workspace
from ..errors import BabelwireError, ConfigError, InputError, NotFoundError
from ..settings import Settings, load_settings
from ..store import is_server_url
from ..version import __version__
from . import filters
from .cache import ResponseCache

HERE = Path(__file__).parent


class WorkspacePool:
    """One Workspace per thread; SQLite connections are not shared across threads."""

    def __init__(self, settings: Settings, *, migrate: bool = True):
        self.settings = settings
        self._local = threading.local()
        self._all: list[Workspace] = []
        self._lock = threading.Lock()
        if migrate:
            Workspace(settings).close()  # apply migrations once, up front

    def get(self) -> Workspace:
        ws = getattr(self._local, "ws", None)
        if ws is None:
            ws = Workspace(self.settings)
            self._local.ws = ws
            with self._lock:
                self._all.append(ws)
        return ws

    def change_count(self) -> int | None:
        """The store's change counter, read on a connection only the caller's thread uses."""
        store = self.get().store
        fn = getattr(store, "change_count", None)
        return fn() if fn is not None else None

    def close(self) -> None:
        with self._lock:
            for ws in self._all:
                try:
                    ws.close()
                except Exception:
                    pass
            self._all.clear()


def _status(e: BabelwireError) -> int:
    if isinstance(e, NotFoundError):
        return 404
    if isinstance(e, (InputError, ConfigError)):
        return 400
    return 500


def is_loopback(host: str) -> bool:
    """Whether listening on ``host`` reaches this machine only ("" binds every interface)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_SECURITY_HEADERS = (
    ("Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
)


LOOPBACK_HOSTS = frozenset(("localhost", "127.0.0.1", "::1"))
_UNSAFE = frozenset(("POST", "PUT", "PATCH", "DELETE"))


class BodyTooLarge(StarletteHTTPException):
    """A request body grew past the limit while it was being read (a 413 wherever it is read:
    FastAPI passes HTTP exceptions through its body parsing untouched)."""

    def __init__(self, limit: int):
        super().__init__(413, _too_large(limit))


class SecurityHeaders:
    """Who gets in, and the security headers on every response (cached ones too).

    - the body limit, on the bytes as they arrive (chunked bodies have no Content-Length),
      so no route ever reads, parses or buffers more than ``max_body``;
    - on a loopback server, only requests naming a loopback Host (DNS rebinding: a page of
      another site whose name resolves to 127.0.0.1 reads nothing);
    - writes (POST, PUT, PATCH, DELETE) only from the app's own pages or from clients that
      are not browsers (Sec-Fetch-Site / Origin): no cross-site form or fetch writes.

    Plain ASGI rather than BaseHTTPMiddleware, which costs a task group and a memory stream
    per request (a tenth of a small page's time under load).
    """

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        limit = state.max_body
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = _refusal(scope, headers, getattr(state, "allowed_hosts", None))
        if refusal is None:
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > limit:
                refusal = (413, _too_large(limit))
        if refusal is not None:
            await _error(Request(scope), *refusal)(scope, receive, send)
            return

        seen = 0
        started = False

        async def bounded_receive() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        async def send_with_headers(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in _SECURITY_HEADERS:
                    headers.setdefault(name, value)
            await send(message)

        try:
            await self.app(scope, bounded_receive, send_with_headers)
        except BodyTooLarge:
            if started:
                raise
            response = _error(Request(scope), 413, _too_large(limit))
            await response(scope, receive, send_with_headers)


def _too_large(limit: int) -> str:
    return f"request body over the {limit / (1024 * 1024):g} MB limit"


def _refusal(scope: dict, headers: dict[str, str], allowed_hosts: frozenset[str] | None) -> tuple[int, str] | None:
    host = headers.get("host", "")
    if allowed_hosts is not None and _hostname(host) not in allowed_hosts:
        return 403, "this server answers only to its own host name (Host header refused)"
    if scope["method"] in _UNSAFE:
        site = headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return 403, "cross-site writes are refused"
        origin = headers.get("origin")
        # A browser that says same-origin is believed: our Referrer-Policy (no-referrer) makes
        # Chromium send "Origin: null" with the app's own upload form.
        if site is None and origin is not None and _origin_host(origin) != host.lower():
            return 403, "cross-origin writes are refused"
    return None


def _hostname(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):  # [::1]:8000
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _origin_host(origin: str) -> str | None:
    try:
        parts = urlsplit(origin.strip())
    except ValueError:
        return None
    return parts.netloc.lower() if parts.scheme in ("http", "https") and parts.netloc else None


def _error(request: Request, status: int, message: str):
    if request.url.path.startswith("/api"):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


def create_app(
    db: str | None = None,
    *,
    token: str | None = None,
    settings: Settings | None = None,
    max_body_mb: float = 20.0,
    allowed_hosts: Iterable[str] | None = None,
) -> FastAPI:
    """The app. ``allowed_hosts``: the only Host names served (``serve`` passes the loopback
    names when it listens on loopback); None serves any."""
    # deferred: fastapi is slow to import; paid only when this runs
    from fastapi.templating import Jinja2Templates

    settings = settings or load_settings({"db": db})

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        app.state.pool.close()
        if app.state.counter_thread is not None:
            app.state.counter_thread.shutdown(wait=True)
        app.state.counter_pool.close()

    app = FastAPI(
        lifespan=lifespan,
        title="babelwire",
        description="Follow one news story across every language.",
        version=__version__,
        docs_url=None,  # served below from local files: the default page loads Swagger UI from a CDN
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    app.state.pool = WorkspacePool(settings)
    app.state.token = token
    app.state.max_body = int(max_body_mb * 1024 * 1024)
    app.state.allowed_hosts = frozenset(h.lower().strip("[]") for h in allowed_hosts) if allowed_hosts else None
    templates = Jinja2Templates(directory=str(HERE / "templates"))

    filters.install(templates.env)
    app.state.templates = templates

    # A Workspace only for reading the change counter: the pool's one for the loop thread also
    # serves uploads in worker threads and may be busy in a transaction. A local (SQLite) read
    # is cheap enough for the event loop; a server's round trip gets a thread of its own.
    counter_pool = WorkspacePool(settings, migrate=False)
    app.state.counter_pool = counter_pool
    remote = is_server_url(str(settings.db or "")) or settings.store == "postgresql"
    app.state.counter_thread = ThreadPoolExecutor(1, thread_name_prefix="babelwire-counter") if remote else None
    app.add_middleware(ResponseCache, counter=counter_pool.change_count,
                       max_bytes=int(settings.web_cache_mb * 1024 * 1024), ttl=settings.web_cache_ttl,
                       stale=settings.web_cache_stale, poll=settings.web_cache_poll,
                       executor=app.state.counter_thread)
    app.add_middleware(SecurityHeaders)  # outermost: cached responses get the headers too
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _mount_docs(app)

    # Messages written for the CLI name the store's file; a page or API answer must not.
    paths = sorted({p for p in (str(settings.db), str(Path(str(settings.db)).expanduser().resolve())) if p},
                   key=len, reverse=True)

    @app.exception_handler(BabelwireError)
    async def _babelwire_error(request: Request, exc: BabelwireError):
        message = str(exc)
        for p in paths:
            message = message.replace(p, "the store")
        return _error(request, _status(exc), message)

    # deferred: fastapi is slow to import; paid only when this runs
    from fastapi.exceptions import RequestValidationError

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return _error(request, 422, f"{where}: {first.get('msg', 'invalid request')}")

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception):
        logging.getLogger("babelwire.web").exception("unhandled error on %s", request.url.path)
        return _error(request, 500, f"internal error ({type(exc).__name__}); the server log has details")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        return _error(request, exc.status_code, str(exc.detail))

    # cycle: web.api_routes imports web.app; cycle: web.pages imports web.app
    from .api_routes import router as api_router
    from .pages import router as page_router

    app.include_router(api_router)
    app.include_router(page_router)

    return app


def _mount_docs(app: FastAPI) -> None:
    """/api/docs: Swagger UI from the files fastapi-offline ships (no CDN, so it works offline),
    started by a script file of ours (the CSP allows no inline script)."""
    # deferred: fastapi_offline is slow to import; paid only when this runs
    import fastapi_offline

    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/api/docs-assets", StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
    def _docs(request: Request):
        return request.app.state.templates.TemplateResponse(request, "api_docs.html", {})


def token_given(request: Request) -> bool:
    """Whether the request carries the configured token in a header (always, with none set)."""
    expected = request.app.state.token
    if not expected:
        return True
    given = request.headers.get("authorization", "")
    given = given[7:] if given.lower().startswith("bearer ") else request.headers.get("x-babelwire-token", "")
    return secrets.compare_digest(given.encode(), expected.encode())


def check_token(request: Request) -> None:
    """Write endpoints (a dependency): a bearer token when one is configured."""
    check_form_token(request, None)


def check_form_token(request: Request, form_token: str | None) -> None:
    """The upload page: the token in a header, or in the form's token field."""
    if token_given(request):
        return
    expected = request.app.state.token
    if form_token and secrets.compare_digest(form_token.encode(), expected.encode()):
        return
    raise StarletteHTTPException(401, "this endpoint needs the token set in BABELWIRE_TOKEN "
                                      "(Authorization: Bearer …)")


def serve(db: str | None = None, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          settings: Settings | None = None) -> None:
    settings = settings or load_settings({"db": db})
    token = token or settings.token
    if not is_loopback(host) and not token:
        where = host or 'every interface (host "")'
        raise ConfigError(
            f"refusing to listen on {where} without a token: set BABELWIRE_TOKEN so that only "
            "you can write to the store, or listen on 127.0.0.1"
        )
    # Idle OpenMP threads of the embedder (search queries, a story's first brief) sleep instead
    # of spinning: the server's request threads share the cores with them. On this project's
    # 2-core machine while it was busy, spinning teams made one query's embedding take 0.9-2.3 s
    # instead of ~40 ms (BENCHMARKS.md, "Web app under load"). Set before the model's engine
    # loads; a value already in the environment wins.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    # deferred: uvicorn is slow to import; paid only when this runs
    import uvicorn

    # On loopback, a Host name other than a loopback one is another site's page reaching us
    # through DNS rebinding.
    allowed = LOOPBACK_HOSTS | {host.lower().strip("[]")} if is_loopback(host) else None
    app = create_app(db, token=token, settings=settings, allowed_hosts=allowed)
    uvicorn.run(app, host=host, port=port, log_level="warning")
