"""The store interface: the only place that remembers.

Kept narrow on purpose so a server database (PostgreSQL) can implement it later. Methods
take and return model records, never SQL rows; every write happens inside ``transaction()``.
"""
from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Protocol, Sequence

from ..models import Article


@dataclass(slots=True)
class ArticleFilter:
    language: str | None = None
    source: str | None = None
    since: str | None = None  # ISO prefix, compared against `published`
    until: str | None = None
    story_id: str | None = None
    ids: Sequence[str] | None = None
    limit: int | None = None
    offset: int = 0
    order: str = "published"  # published | ingested | id


@dataclass(slots=True)
class Existing:
    """What the store already holds for an incoming article's identity."""

    id: str
    content_hash: str


class Store(Protocol):
    path: str

    def close(self) -> None: ...
    def transaction(self) -> AbstractContextManager[Any]: ...

    # articles
    def find_by_id(self, article_id: str) -> Existing | None: ...
    def find_by_url(self, url: str) -> Existing | None: ...
    def find_by_hash(self, content_hash: str) -> Existing | None: ...
    def insert_article(self, article: Article) -> None: ...
    def replace_article(self, article: Article) -> None: ...
    def get_article(self, article_id: str) -> Article | None: ...
    def iter_articles(self, flt: ArticleFilter | None = None) -> Iterator[Article]: ...
    def count_articles(self, flt: ArticleFilter | None = None) -> int: ...
    def stats(self) -> dict[str, Any]: ...

    # near-duplicate signatures
    def put_signature(self, article_id: str, minhash: bytes, bands: Iterable[int]) -> None: ...
    def band_candidates(self, bands: Sequence[int], limit: int = 50) -> list[tuple[str, bytes]]: ...
