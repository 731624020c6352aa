"""The JSON API (/api/…): mirrors the pages; one error shape {"error": {"status", "message"}}."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ..translate import reader_language
from .app import check_token

router = APIRouter(prefix="/api", tags=["api"])


def ws(request: Request):
    return request.app.state.pool.get()


def _json(data: Any) -> JSONResponse:
    """The response FastAPI would build, encoded here in the worker thread.

    Read endpoints return plain JSON data (dicts, lists, str, numbers), for which FastAPI's
    jsonable_encoder is a deep copy done on the event loop, where it holds up every other
    request; anything else still goes through it.
    """
    try:
        return JSONResponse(data)
    except TypeError:
        return JSONResponse(jsonable_encoder(data))


def _page(request: Request, items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    nxt = None
    if offset + limit < total:
        nxt = str(request.url.include_query_params(offset=offset + limit, limit=limit))
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next": nxt}


@router.get("/articles", summary="List articles")
def list_articles(
    request: Request,
    language: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    story: str | None = None,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
    w=Depends(ws),
):
    items = w.articles(language=language, source=source, since=since, until=until, story=story,
                       limit=limit, offset=offset)
    total = w.count_articles(language=language, source=source, since=since, until=until, story_id=story)
    return _page(request, [a.to_dict() for a in items], total, limit, offset)


@router.get("/articles/{article_id}", summary="One article")
def get_article(article_id: str, w=Depends(ws)):
    a = w.article(article_id)
    out = a.to_dict()
    out["near_duplicates"] = [d.id for d in w.duplicates_of(a.id)]
    return out


@router.post("/articles", summary="Ingest articles (JSON object, JSON list, or JSON lines)",
             dependencies=[Depends(check_token)])
async def post_articles(request: Request):
    body = await request.body()
    kind = "jsonl"
    stripped = body.lstrip()
    if stripped.startswith(b"[") or (stripped.startswith(b"{") and b"\n{" not in stripped.strip()):
        kind = "json"
    w = request.app.state.pool.get()
    # deferred: anyio is slow to import; paid only when this runs
    import anyio

    report = await anyio.to_thread.run_sync(lambda: w.ingest_bytes(body, name="request-body", kind=kind))
    return report.to_dict() | {"article_ids": report.article_ids}


@router.get("/search", summary="Search stories and articles in any language")
def search(q: str = Query(..., min_length=1, max_length=500), limit: int = Query(20, ge=1, le=100), w=Depends(ws)):
    return _json(w.search(q, limit=limit))


@router.get("/stories", summary="List stories")
def list_stories(
    request: Request,
    sort: str = Query("recent", pattern="^(recent|size|growth)$"),
    language: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
    lang: str | None = Query(None, max_length=16, description="reader's language: adds reader_headline"),
    w=Depends(ws),
):
    items, total = w.story_page(sort=sort, language=language, source=source, since=since, until=until,
                                limit=limit, offset=offset, lang=reader_language(lang) if lang else None)
    return _json(_page(request, items, total, limit, offset))


@router.get("/stories/{story_id}", summary="One story with its brief")
def get_story(story_id: str, lang: str = "en", w=Depends(ws)):
    return _json(w.story_detail(story_id, lang=lang))


class ComparePair(BaseModel):
    a: str = Field(..., description="article id or text", max_length=200_000)
    b: str = Field(..., description="article id or text", max_length=200_000)


@router.post("/compare", summary="Similarity of two articles (ids or texts)")
def compare(pair: ComparePair, w=Depends(ws)):
    return w.compare(pair.a, pair.b)


class WatchlistIn(BaseModel):
    name: str = Field(..., max_length=80)
    query: str = Field("", max_length=2000, description="in any language; quotes or AND/OR/NOT also require keywords; "
                       "may be empty with breaking")
    languages: list[str] = []
    places: list[str] = Field([], description="ISO country codes (any language) or names")
    countries: list[str] = Field([], description="ISO 3166 codes (DE, CHL) or English names, checked")
    outlets: list[str] = Field([], description="domains (bbc.co.uk takes www.bbc.co.uk) or outlet names")
    min_sources: int = Field(1, ge=1)
    sensitivity: str = Field("balanced", pattern="^(strict|balanced|eager|low|high)$")
    digest: str = Field("off", pattern="^(off|hourly|daily)$", description="one message per channel and period")
    webhooks: list[str] = []
    emails: list[str] = []
    notify: list[str] = Field([], description="apprise URLs (tgram://…, slack://…); needs babelwire[apprise]")
    breaking: bool = Field(False, description="also alert on breaking stories (with a query: those matching it)")
    also: list[str] = Field([], description="the query as also written in other languages (e.g. English), "
                            "matched beside it")


@router.get("/watchlists", summary="Watchlists")
def list_watchlists(w=Depends(ws)):
    return [x.to_dict() for x in w.watchlists()]


@router.post("/watchlists", summary="Watch a query in any language", status_code=201,
             dependencies=[Depends(check_token)])
def add_watchlist(body: WatchlistIn, w=Depends(ws)):
    d = body.model_dump()
    return w.add_watchlist(d.pop("name"), d.pop("query"), **d).to_dict()


class WatchlistFilters(BaseModel):
    """Each field given replaces that setting (an empty list clears a filter); null or absent: kept."""

    query: str | None = Field(None, max_length=2000, description="may be empty with breaking")
    languages: list[str] | None = None
    places: list[str] | None = Field(None, description="with countries, replaces the place filter")
    countries: list[str] | None = Field(None, description="with places, replaces the place filter")
    outlets: list[str] | None = None
    min_sources: int | None = Field(None, ge=1)
    sensitivity: str | None = Field(None, pattern="^(strict|balanced|eager|low|high)$")
    also: list[str] | None = Field(None, description="the query's other wordings (an empty list clears them)")


class WatchlistEdit(WatchlistFilters):
    """Each field given replaces that setting (an empty list clears a filter); null or absent: kept."""

    digest: str | None = Field(None, pattern="^(off|hourly|daily)$")
    breaking: bool | None = None
    webhooks: list[str] = Field([], description="channels to add")
    emails: list[str] = Field([], description="channels to add")
    notify: list[str] = Field([], description="apprise channels to add")
    remove_channels: list[str] = Field([], description="a channel's URL or address (apprise: as lists show it)")


# {name:path} in every route taking a name: a name may hold "/" (add takes any 1 to 80 characters)
@router.patch("/watchlists/{name:path}", summary="Change a watchlist in place (its alerts stay)",
              dependencies=[Depends(check_token)])
def edit_watchlist(name: str, body: WatchlistEdit, w=Depends(ws)):
    return w.edit_watchlist(name, **body.model_dump(exclude_none=True)).to_dict()


class PreviewOptions(BaseModel):
    days: float = Field(7, gt=0, le=3660, description="stories seen in this many days, up to the store's newest")
    limit: int = Field(50, ge=1, le=500, description="stories returned at most")
    all: bool = Field(False, description="also every story below the threshold (else the next few)")


class WatchlistPreview(WatchlistFilters, PreviewOptions):
    """A watchlist's settings (``name``: its own, the fields given over them; without it, a new
    one's: ``query`` needed) and the preview's window."""

    name: str | None = Field(None, max_length=80)


def _preview(w: Any, name: str | None, opts: dict[str, Any]) -> JSONResponse:
    return _json(w.preview_watchlist(name, days=opts.pop("days"), limit=opts.pop("limit"),
                                     all_stories=opts.pop("all"), **opts))


# behind the token: a preview embeds (and, with a translator, translates) the caller's own text
@router.post("/watchlists/preview", summary="What a query would alert on among the recent stories (nothing saved)",
             dependencies=[Depends(check_token)])
def preview_new_watchlist(body: WatchlistPreview, w=Depends(ws)):
    opts = body.model_dump(exclude_none=True)
    return _preview(w, opts.pop("name", None), opts)


@router.get("/watchlists/{name:path}/preview", summary="What a watchlist would alert on among the recent stories",
            dependencies=[Depends(check_token)])
def preview_watchlist(name: str, opts: PreviewOptions = Depends(), w=Depends(ws)):
    return _preview(w, name, opts.model_dump())


@router.delete("/watchlists/{name:path}", summary="Stop watching (its alerts go too)", dependencies=[Depends(check_token)])
def remove_watchlist(name: str, w=Depends(ws)):
    return w.remove_watchlist(name).to_dict()


@router.get("/alerts", summary="Recent alerts with their reasons")
def list_alerts(watchlist: str | None = None, limit: int = Query(50, ge=1, le=500), outbox: bool = False,
                kind: str | None = Query(None, pattern="^(match|breaking)$"), w=Depends(ws)):
    return _json(w.alerts(watchlist=watchlist, limit=limit, outbox=outbox, kind=kind))
