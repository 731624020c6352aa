"""Server-rendered pages: story list, story, article, search, ingest upload."""
from __future__ import annotations

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse

from .app import check_form_token

router = APIRouter(include_in_schema=False)


def _render(request: Request, name: str, **ctx):
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
    w=Depends(_ws),
):
    per = 25
    items, total = w.story_page(sort=sort, language=language or None, source=source or None,
                                since=since or None, until=until or None, limit=per, offset=(page - 1) * per)
    return _render(request, "stories.html", stories=items, total=total, page=page, per=per, sort=sort,
                   language=language or "", source=source or "", since=since or "", until=until or "")


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str, lang: str = "en", w=Depends(_ws)):
    detail = w.story_detail(story_id, lang=lang)
    return _render(request, "story.html", s=detail)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, w=Depends(_ws)):
    a = w.article(article_id)
    return _render(request, "article.html", a=a, duplicates=w.duplicates_of(a.id),
                   original=w.article(a.duplicate_of) if a.duplicate_of else None)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = Query("", max_length=500), w=Depends(_ws)):
    results = w.search(q, limit=20) if q.strip() else None
    return _render(request, "search.html", q=q, results=results)


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request):
    return _render(request, "ingest.html", report=None, needs_token=bool(request.app.state.token))


@router.post("/ingest", response_class=HTMLResponse)
async def ingest_upload(request: Request, files: list[UploadFile] = File(...)):
    if request.app.state.token:
        form = await request.form()  # parsed already for ``files`` (bounded by the body limit)
        check_form_token(request, str(form.get("token") or ""))
    w = request.app.state.pool.get()
    import anyio

    from ..models import IngestReport

    total = IngestReport()
    for f in files:
        data = await f.read()
        name = f.filename or "upload"
        rep = await anyio.to_thread.run_sync(lambda: w.ingest_bytes(data, name=name))
        total.ingested += rep.ingested
        total.duplicates += rep.duplicates
        total.near_duplicates += rep.near_duplicates
        total.updated += rep.updated
        total.rejected.extend(rep.rejected)
        total.warnings.extend(rep.warnings)
        total.article_ids.extend(rep.article_ids)
    arts = [w.article(i) for i in total.article_ids[:50]]
    return _render(request, "ingest.html", report=total, articles=arts, needs_token=bool(request.app.state.token))
