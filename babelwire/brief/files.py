"""A brief of files, without a store (`babelwire brief --files`): the files are read and prepared
exactly as ingest would (limits, language, cleaning, dates), and copies among them are linked."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import dedup, pipeline
from ..clean import get_cleaner
from ..errors import InputError
from ..ingest import limits_from_settings, read_paths
from ..language import get_detector
from ..models import Article, RawDoc, Rejection
from ..translate.brief import localize
from .build import build_brief
from .model import Brief

if TYPE_CHECKING:
    from ..settings import Settings


def articles_from_files(paths: list[str], settings: Settings) -> tuple[list[Article], list[Rejection]]:
    """Articles built from files as ingest builds them; exact and near copies among them are
    linked with ``duplicate_of``. Returns the articles and what was rejected."""
    docs = list(read_paths(paths, stdin=None, defer_html=False, **limits_from_settings(settings)))
    rejected = [d for d in docs if isinstance(d, Rejection)]
    raw = [d for d in docs if isinstance(d, RawDoc)]
    if not raw:
        return [], rejected
    prepared = pipeline.prepare_batch(raw, detector=get_detector(settings.detector), cleaner=get_cleaner(),
                                      min_text_chars=settings.min_text_chars)
    rejected += [p for p in prepared if isinstance(p, Rejection)]
    good = [p for p in prepared if isinstance(p, pipeline.Prepared)]
    seen_hash: dict[str, str] = {}
    kept: list[pipeline.Prepared] = []
    for p in good:
        a = p.article
        first = seen_hash.get(a.content_hash)
        if first is None:
            for q in kept:  # few files: pairwise near-duplicate check is cheap enough
                if dedup.similarity(p.signature, q.signature) >= settings.near_dup_threshold:
                    first = q.article.id
                    break
        if first is not None and first != a.id:
            a.duplicate_of = first
        else:
            seen_hash[a.content_hash] = a.id
            kept.append(p)
    return [p.article for p in good], rejected


def brief_files(paths: list[str], settings: Settings, *, lang: str = "en",
                embed: bool = True) -> tuple[Brief, list[Rejection]]:
    """The brief of the articles in these files, in the reader's language, and the rejections."""
    arts, rejected = articles_from_files(paths, settings)
    if not arts:
        raise InputError("none of the files gave an article", path=", ".join(paths))
    return localize(build_brief(arts, lang=lang, embedder="auto" if embed else None), settings=settings), rejected
