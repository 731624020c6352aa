"""Server-rendered pages: story list, story, article, search, ingest upload, alerts and watchlists."""
from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import quote

import anyio
from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..errors import ConfigError, InputError
from ..translate import reader_language
from .app import check_form_token

router = APIRouter(include_in_schema=False)


LANG_COOKIE = "babelwire_lang"


def reader_lang(request: Request, lang: str | None = None) -> str:
    """The reader's language: ?lang= first, then the cookie the selector set, then English."""
    if lang:
        return reader_language(lang)
    try:
        return reader_language(request.cookies.get(LANG_COOKIE) or "en")
    except ConfigError:  # a stale or forged cookie: English, not an error on every page
        return "en"


# offered first in the selector; any other known code works with ?lang=
SELECTOR_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "no", "sv", "pl", "ru", "uk", "tr", "ar",
                      "fa", "hi", "id", "zh", "ja", "ko")


def _render(request: Request, name: str, **ctx):
    ctx.setdefault("reader_lang", reader_lang(request))
    ctx.setdefault("selector_languages", SELECTOR_LANGUAGES)
    return request.app.state.templates.TemplateResponse(request, name, ctx)


def _ws(request: Request):
    return request.app.state.pool.get()


@router.get("/", response_class=HTMLResponse)
def story_list(
    request: Request,
    sort: str = Query("recent", pattern="^(recent|size|growth)$"),
    language: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    page: int = Query(1, ge=1, le=100_000),
    lang: str | None = Query(None, max_length=16),
    w=Depends(_ws),
):
    per = 25
    items, total = w.story_page(sort=sort, language=language or None, source=source or None,
                                since=since or None, until=until or None, limit=per, offset=(page - 1) * per,
                                lang=reader_lang(request, lang))
    langs = {code for it in items for code in it["languages"]}
    return _render(request, "stories.html", page_langs=langs, stories=items, total=total, page=page, per=per, sort=sort,
                   language=language or "", source=source or "", since=since or "", until=until or "")


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str, lang: str | None = Query(None, max_length=16), w=Depends(_ws)):
    rl = reader_lang(request, lang)
    detail = w.story_detail(story_id, lang=rl)
    return _render(request, "story.html", s=detail, reader_lang=rl, page_langs=list(detail["languages"]))


@router.post("/reader-language")
def set_reader_language(request: Request, lang: str = Form(..., max_length=16), next: str = Form("/", max_length=2000)):
    """The language selector: remember the choice in a cookie for a year, back to the page."""
    code = reader_lang(request, lang)
    # only a path on this site: never an open redirect
    target = next if next.startswith("/") and not next.startswith("//") and "\\" not in next else "/"
    resp = RedirectResponse(target, status_code=303)
    resp.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return resp


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, w=Depends(_ws)):
    a = w.article(article_id)
    return _render(request, "article.html", a=a, page_langs=[a.language], duplicates=w.duplicates_of(a.id),
                   original=w.article(a.duplicate_of) if a.duplicate_of else None)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = Query("", max_length=500), w=Depends(_ws)):
    results = w.search(q, limit=20) if q.strip() else None
    langs = {r["language"] for r in results["articles"]} if results else set()
    return _render(request, "search.html", q=q, results=results, page_langs=langs)


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request):
    return _render(request, "ingest.html", report=None, needs_token=bool(request.app.state.token))


@router.post("/ingest", response_class=HTMLResponse)
async def ingest_upload(request: Request, files: list[UploadFile] = File(...)):
    if request.app.state.token:
        form = await request.form()  # parsed already for ``files`` (bounded by the body limit)
        check_form_token(request, str(form.get("token") or ""))
    w = request.app.state.pool.get()
    uploads = [(f.filename or "upload", await f.read()) for f in files]  # within the body limit
    total = await anyio.to_thread.run_sync(partial(w.ingest_uploads, uploads))
    arts = [w.article(i) for i in total.article_ids[:50]]
    return _render(request, "ingest.html", report=total, articles=arts, needs_token=bool(request.app.state.token))


_KIND = Query(None, pattern="^(match|breaking)$")


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, watchlist: str | None = Query(None, max_length=80), kind: str | None = _KIND,
                w=Depends(_ws)):
    return _alerts(request, w, watchlist, kind=kind)


def _alerts(request: Request, w, watchlist: str | None, kind: str | None = None, **ctx):
    """The alerts page; with a watchlist, its form to edit it filled in with its settings."""
    lists = w.watchlists()
    current = next((x for x in lists if x.name == watchlist), None)
    if current is not None:
        ctx.setdefault("edit_form", {k: ("\n" if k == "also" else ", ").join(v) if isinstance(v, list) else v
                                     for k, v in current.to_dict().items() if k != "channels"})
    return _render(request, "alerts.html", report=w.alerts(watchlist=watchlist, outbox=True, kind=kind),
                   watchlists=lists, watchlist=watchlist, kind=kind, current=current,
                   needs_token=bool(request.app.state.token), **ctx)


def _items(value: str) -> list[str]:
    """A form field of several values: one per line or comma-separated."""
    return [x.strip() for x in value.replace(",", "\n").splitlines() if x.strip()]


def _lines(value: str) -> list[str]:
    return [x.strip() for x in value.splitlines() if x.strip()]


async def _watchlist_form(request: Request, edit: str | None = None):
    """The alerts page's forms, to add a watchlist or (``edit``: its name) change one: the
    options of `babelwire watchlist add` / `edit` and POST / PATCH /api/watchlists. Every
    field of the edit form replaces its setting; its channel fields add channels."""
    form = await request.form()
    f = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    if request.app.state.token:
        check_form_token(request, f.get("token"))
    w = request.app.state.pool.get()
    least = f.get("min_sources") or "1"
    options = dict(languages=_items(f.get("languages", "")), countries=_items(f.get("countries", "")),
                   places=_items(f.get("places", "")), outlets=_items(f.get("outlets", "")),
                   min_sources=int(least) if least.isdigit() else 0,  # 0: refused as under 1
                   sensitivity=f.get("sensitivity", "balanced"), digest=f.get("digest", "off"),
                   webhooks=_items(f.get("webhooks", "")), emails=_items(f.get("emails", "")),
                   notify=_lines(f.get("notify", "")),
                   breaking=f.get("breaking") in ("on", "1", "true"), also=_lines(f.get("also", "")))
    call = partial(w.edit_watchlist, edit) if edit is not None else partial(w.add_watchlist, f.get("name", ""))
    try:
        wl = await anyio.to_thread.run_sync(partial(call, f.get("query", ""), **options))
    except (ConfigError, InputError) as e:
        back: dict[str, Any] = {"edit_error": str(e), "edit_form": f} if edit is not None else {"error": str(e), "form": f}
        page = _alerts(request, w, edit, **back)
        page.status_code = 400
        return page
    return RedirectResponse(f"/alerts?watchlist={quote(wl.name)}", status_code=303)


@router.post("/alerts/watchlists", response_class=HTMLResponse)
async def add_watchlist_form(request: Request):
    return await _watchlist_form(request)


@router.post("/alerts/watchlists/{name:path}", response_class=HTMLResponse)
async def edit_watchlist_form(request: Request, name: str):
    return await _watchlist_form(request, name)


@router.get("/alerts.atom")
def alerts_atom(watchlist: str | None = Query(None, max_length=80), kind: str | None = _KIND, w=Depends(_ws)):
    return Response(w.alerts_feed(watchlist=watchlist, kind=kind), media_type="application/atom+xml")


@router.get("/breaking.atom")
def breaking_atom(w=Depends(_ws)):
    """The breaking stories of every watchlist added with --breaking, one entry per story."""
    return Response(w.alerts_feed(kind="breaking"), media_type="application/atom+xml")
