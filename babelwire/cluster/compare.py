"""`compare` of any two inputs (stored article ids, files, or text): the pair score and its evidence."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import pipeline
from ..embed import prepare_text
from ..errors import InputError
from ..ingest import limits_from_settings, read_paths
from ..models import Article, RawDoc
from ..similarity import PairScorer

if TYPE_CHECKING:
    from ..clean import Cleaner
    from ..language.ensemble import Detector
    from ..settings import Settings
    from ..store import Store
    from .service import StoryClusterer

def resolve_input(store: Store, settings: Settings, detector: Detector, cleaner: Cleaner, value: str, *,
                  allow_files: bool = True) -> tuple[Article, str]:
    """An article id in the store, a file path (if allowed), or literal text -> (Article, kind)."""
    stored = store.get_article(value)
    if stored is not None:
        return stored, "article"
    p = Path(value).expanduser()
    kind = "text"
    docs: list[RawDoc] = []
    if allow_files and len(value) < 4096 and p.is_file():
        kind = "file"
        got = list(read_paths([str(p)], stdin=None, defer_html=False, **limits_from_settings(settings)))
        docs = [d for d in got if isinstance(d, RawDoc)]
        if not docs:
            reasons = "; ".join(str(r) for r in got) or "no article found"
            raise InputError(reasons, path=str(p))
        if len(docs) > 1:
            raise InputError(f"holds {len(docs)} articles; compare takes one (pass an article id instead)", path=str(p))
    else:
        if not value.strip():
            raise InputError("empty text")
        lines = value.strip().splitlines()
        title = lines[0].strip() if len(lines) > 1 else None
        body = "\n".join(lines[1:]).strip() if len(lines) > 1 else value.strip()
        docs = [RawDoc(text=body, title=title, origin="<text>")]
    prepared = pipeline.prepare_batch(docs, detector=detector, cleaner=cleaner, min_text_chars=1)
    first = prepared[0]
    if not isinstance(first, pipeline.Prepared):
        raise InputError(first.reason, path=None if kind == "text" else str(p))
    return first.article, kind


def _vector(clusterer: StoryClusterer, article: Article, stored: bool) -> Any:
    if stored:
        return clusterer.vectors_for([article])[0]
    # Not in the store: embed without writing to the cache (compare is a read-only command).
    have = clusterer.store.get_embeddings([article.content_hash], clusterer.model_key)
    if article.content_hash in have:
        return have[article.content_hash]
    return clusterer.embedder.embed_batch([prepare_text(article.title, clusterer.body(article), clusterer.embed_chars)])[0]


def compare(store: Store, settings: Settings, clusterer: StoryClusterer, detector: Detector, cleaner: Cleaner,
            a: str, b: str, *, allow_files: bool = True) -> dict[str, Any]:
    """Score two inputs: 0..1, same-story verdict and the evidence behind it."""
    art_a, kind_a = resolve_input(store, settings, detector, cleaner, a, allow_files=allow_files)
    art_b, kind_b = resolve_input(store, settings, detector, cleaner, b, allow_files=allow_files)
    va = _vector(clusterer, art_a, kind_a == "article")
    vb = _vector(clusterer, art_b, kind_b == "article")
    if art_a.id == art_b.id:  # the scorer caches features by id; two inputs may share one
        art_b.id = art_b.id + "#b"
    scorer = PairScorer(threshold=clusterer.threshold, text_filter=clusterer.text_filter)
    s = scorer.score_pair(art_a, art_b, vectors=(va, vb))
    if art_b.id.endswith("#b"):
        art_b.id = art_b.id[:-2]

    def side(art: Article, kind: str) -> dict[str, Any]:
        return {
            "input": kind,
            "id": art.id if kind == "article" else None,
            "title": art.title or (art.text.strip().splitlines() or [""])[0][:140],
            "language": art.language,
            "published": art.published,
            "story_id": art.story_id,
        }

    r = s.reasons
    return {
        "score": round(float(s.score), 4),
        "same_story": bool(s.same_story),
        "threshold": clusterer.threshold,
        "cosine": round(float(s.cosine), 4),
        "reasons": {
            "entities": list(r.entities),
            "numbers": list(r.numbers),
            "dates": list(r.dates),
            "gap_days": r.gap_days,
        },
        "a": side(art_a, kind_a),
        "b": side(art_b, kind_b),
    }
