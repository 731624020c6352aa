"""Story rows: counts, dates, languages and the headline, recomputed from the members.

Every path that changes membership (the online add and copies in ``service.py``, the rebuild
in ``rebuild.py``) ends by refreshing the touched stories' rows through
``StoryClusterer.refresh_stories``. The recomputation reads only the store and the cached
vectors, none of the engine's state, so it lives apart from both. The functions take the
clusterer (for its store and, only when a story has several members, its model key: the
embedder is not loaded otherwise).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import numpy as np

from ..dates import now_iso
from ..models import Article

if TYPE_CHECKING:
    from .service import StoryClusterer

HEADLINE_MEMBERS = 200  # the headline is chosen among a story's most recent members


def refresh_stories(clusterer: StoryClusterer, story_ids: Iterable[str]) -> None:
    """Recompute counts, dates, languages and the provisional headline from the members."""
    ids = sorted(set(story_ids))
    if not ids:
        return
    now = now_iso()
    aggs = clusterer.store.story_aggregates(ids)
    with clusterer.store.transaction():
        for sid in ids:
            st = clusterer.store.get_story(sid)
            if st is None or st.merged_into:
                continue
            agg = aggs[sid]
            st.article_count = agg["article_count"]
            st.first_seen, st.last_seen = agg["first_seen"], agg["last_seen"]
            st.languages = agg["languages"]
            st.updated_at = now
            head = _headline(clusterer, sid)
            if head is not None:
                st.headline, st.headline_language, st.headline_article = head
            clusterer.store.put_story(st)


def _headline(clusterer: StoryClusterer, story_id: str) -> tuple[str, str, str] | None:
    """The member closest to the story's centroid: its title, language and id."""
    ids = clusterer.store.story_member_ids(story_id)[-HEADLINE_MEMBERS:]
    arts = clusterer.store.get_articles(ids)
    if not arts:
        return None
    if len(arts) > 1:
        vecs = clusterer.store.get_embeddings([a.content_hash for a in arts], clusterer.model_key)
        have = [a for a in arts if a.content_hash in vecs]
        if len(have) > 1:
            m = np.vstack([vecs[a.content_hash] for a in have])
            centre = m.mean(axis=0)
            # Ties (copies) go to the earliest member, which is the original.
            best = have[int(np.argmax(m @ centre))]
            return display_title(best), best.language, best.id
    a = arts[0]
    return display_title(a), a.language, a.id


def display_title(a: Article, limit: int = 140) -> str:
    return title_line(a.title, a.text, limit)


def title_line(title: str | None, text: str, limit: int = 140) -> str:
    """The title, else the text's first line, on one line of at most ``limit`` characters."""
    t = (title or "").strip()
    if not t:
        t = next((line.strip() for line in text.splitlines() if line.strip()), "")
    t = " ".join(t.split())
    return t if len(t) <= limit else t[: limit - 1].rstrip() + "…"
