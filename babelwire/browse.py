"""What readers browse: story pages with filters, a story with its brief, search in any language.

Library functions over a Workspace; the web pages, the REST API and the CLI all call these.
"""
from __future__ import annotations

import threading
from typing import Any

import numpy as np

from .errors import NotFoundError
from .store import sqlite_browse as q


def story_page(ws: Any, *, sort: str = "recent", language: str | None = None, source: str | None = None,
               since: str | None = None, until: str | None = None, limit: int = 50,
               offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """A page of live stories: headline, languages, counts, independent sources, coverage sparkline."""
    rows, total = q.story_page(ws.store, sort=sort, language=language, source=source, since=since,
                               until=until, limit=limit, offset=offset)
    extra = q.member_stats(ws.store, [r["id"] for r in rows])
    items = []
    for r in rows:
        items.append({
            "id": r["id"],
            "headline": r["headline"],
            "headline_language": r.get("headline_language"),
            "languages": r["languages"],
            "article_count": r["article_count"],
            "independent_sources": extra[r["id"]]["independent_sources"],
            "first_seen": r["first_seen"],
            "last_seen": r["last_seen"],
            "coverage": extra[r["id"]]["coverage"],
        })
    return items, total


def story_detail(ws: Any, story_id: str, *, lang: str = "en") -> dict[str, Any]:
    """One story: its summary fields, articles grouped by language, coverage, and its brief."""
    story = ws.story(story_id)
    sid = story["id"]
    by_lang: dict[str, list[dict[str, Any]]] = {}
    for a in sorted(story["articles"], key=lambda a: (a.published or "9999", a.id)):
        by_lang.setdefault(a.language, []).append({
            "id": a.id, "title": a.title, "source": a.source, "url": a.url, "published": a.published,
            "published_precision": a.published_precision, "duplicate_of": a.duplicate_of,
        })
    extra = q.member_stats(ws.store, [sid]).get(sid, {})
    out = {k: v for k, v in story.items() if k != "articles"}
    out["independent_sources"] = extra.get("independent_sources", 0)
    out["articles_by_language"] = by_lang
    out["coverage_by_language"] = q.coverage_by_language(ws.store, sid)
    out["brief"] = _brief(ws, sid, lang)
    return out


def _brief(ws: Any, story_id: str, lang: str) -> dict[str, Any] | None:
    try:
        from .brief import brief_for_story
    except ImportError:  # briefs not installed in this build
        return None
    return brief_for_story(ws, story_id, lang=lang).to_dict()


def duplicates_of(ws: Any, article_id: str) -> list[Any]:
    return ws.store.get_articles(q.duplicates_of(ws.store, article_id))


class _VectorCache:
    """Article vectors of the store's embedder, in memory, refreshed when the store grows.

    Brute-force cosine over a few hundred thousand rows is a few milliseconds; the clusterer's
    ANN index is the path for far larger stores.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.key: tuple[str, str, int] | None = None
        self.ids: list[str] = []
        self.matrix = np.zeros((0, 0), np.float32)

    def get(self, ws: Any) -> tuple[list[str], np.ndarray]:
        model = ws.clusterer().model_key
        count = ws.store.count_embeddings(model)
        key = (ws.store.path, model, count)
        with self.lock:
            if key != self.key:
                rows = ws.store._all(
                    "SELECT a.id, e.vector FROM articles a JOIN embeddings e "
                    "ON e.content_hash = a.content_hash AND e.model_id = ?", (model,))
                self.ids = [r[0] for r in rows]
                self.matrix = (np.vstack([np.frombuffer(r[1], dtype="<f4") for r in rows])
                               if rows else np.zeros((0, 1), np.float32))
                self.key = key
            return self.ids, self.matrix


_vectors = _VectorCache()


def search(ws: Any, query: str, *, limit: int = 20) -> dict[str, Any]:
    """Stories and articles for a query in any language: multilingual embeddings plus keywords."""
    query = (query or "").strip()
    if not query:
        return {"query": query, "stories": [], "articles": []}
    hits: dict[str, dict[str, Any]] = {}
    ids, matrix = _vectors.get(ws)
    if len(ids):
        from .embed import prepare_text

        vec = ws.clusterer().embedder.embed_batch([prepare_text(None, query, ws.settings.embed_chars)])[0]
        sims = matrix @ vec
        top = np.argsort(-sims)[: limit * 3]
        for i in top:
            hits[ids[i]] = {"semantic": float(sims[i]), "keyword": 0.0}
    for aid, rank in ws.store.search_articles(query, limit=limit * 2):
        hits.setdefault(aid, {"semantic": 0.0, "keyword": 0.0})["keyword"] = rank
    arts = {a.id: a for a in ws.store.get_articles(list(hits))}
    kw_top = max((h["keyword"] for h in hits.values()), default=0.0) or 1.0
    scored = []
    for aid, h in hits.items():
        if aid not in arts:
            continue
        # keyword rank scaled to 0..1 and added, so exact matches rise above near-misses
        s = h["semantic"] + 0.3 * (h["keyword"] / kw_top if h["keyword"] > 0 else 0.0)
        scored.append((s, aid, h))
    scored.sort(reverse=True)
    articles, story_score = [], {}
    for s, aid, h in scored[:limit]:
        a = arts[aid]
        match = "keyword + semantic" if h["keyword"] and h["semantic"] else "keyword" if h["keyword"] else "semantic"
        articles.append({"id": a.id, "title": a.title, "language": a.language, "source": a.source,
                         "story_id": a.story_id, "score": round(s, 4), "match": match})
    for s, aid, _ in scored:
        sid = arts[aid].story_id
        if sid and sid not in story_score:
            story_score[sid] = s
    stories = []
    for sid, s in sorted(story_score.items(), key=lambda kv: -kv[1])[:limit]:
        try:
            st = ws.story(sid)
        except NotFoundError:
            continue
        stories.append({"id": st["id"], "headline": st["headline"], "article_count": st["article_count"],
                        "languages": sorted(st["languages"]), "score": round(s, 4)})
    return {"query": query, "stories": stories, "articles": articles}
