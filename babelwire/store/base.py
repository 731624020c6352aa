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
    # moves whenever what a reader sees changes (not derived caches): page caches key on it
    def change_count(self) -> int: ...

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

    # boilerplate by evidence (babelwire/boilerplate.py): articles per line/sentence key
    def add_line_counts(self, items: Iterable[tuple[int, int | None, str | None]], *, delta: int = 1) -> None: ...
    def recurring_lines(self, min_docs: int) -> list[LineCount]: ...
    def clear_line_counts(self) -> None: ...

    # near-duplicate signatures
    def put_signature(self, article_id: str, minhash: bytes, bands: Iterable[int]) -> None: ...
    def band_candidates(self, bands: Sequence[int], limit: int = 50) -> list[tuple[str, bytes]]: ...

    # == stories, embeddings (records defined at the end of this module) ==

    # embeddings cache: vectors are float32 rows, keyed by (content_hash, model_id)
    def get_embeddings(self, content_hashes: Sequence[str], model_id: str) -> dict[str, Any]: ...
    def put_embeddings(self, model_id: str, items: Iterable[tuple[str, Any]]) -> None: ...
    def count_embeddings(self, model_id: str | None = None) -> int: ...

    # membership
    def stream_article_ids(self, *, unclustered_only: bool = False) -> list[str]: ...
    def link_translations(self, pairs: Iterable[tuple[str, str]]) -> None: ...
    def set_article_stories(self, pairs: Iterable[tuple[str, str | None]]) -> None: ...
    def story_member_ids(self, story_id: str) -> list[str]: ...
    def get_articles(self, article_ids: Sequence[str]) -> list[Article]: ...

    # stories
    def put_story(self, story: Story) -> None: ...
    def get_story(self, story_id: str) -> Story | None: ...
    def story_exists(self, story_id: str) -> bool: ...
    def iter_stories(self, *, sort: str = "recent", limit: int | None = None, offset: int = 0) -> Iterator[Story]: ...
    def count_stories(self) -> int: ...
    def story_aggregates(self, story_ids: Sequence[str]) -> dict[str, dict[str, Any]]: ...
    def add_story_alias(self, alias: str, story_id: str, merged_at: str) -> None: ...
    def resolve_story_id(self, story_id: str) -> str | None: ...
    def add_story_events(self, events: Iterable[StoryEvent]) -> None: ...
    def story_events(self, *, story_id: str | None = None, article_id: str | None = None, limit: int | None = None) -> list[StoryEvent]: ...
    def last_story_event_id(self) -> int: ...

    # dense keys of the derived vector index
    def cluster_members(self) -> Iterator[ClusterMember]: ...
    def add_cluster_slots(self, pairs: Iterable[tuple[int, str]]) -> None: ...
    def max_cluster_slot(self) -> int: ...
    def slot_vectors(self, model_id: str, batch: int = 10000) -> Iterator[tuple[Any, Any]]: ...

    # machine translations of what briefs show (babelwire/translate), by
    # (text hash, source language) for one (backend, model, target language)
    def get_translations(self, backend: str, model: str, target: str, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]: ...
    def put_translations(self, backend: str, model: str, target: str, rows: Iterable[tuple[str, str, str]]) -> None: ...


# == stories, embeddings ====================================================================
# Owned by the clustering stage (babelwire/cluster/). Schema: migrations/0002_stories.sql.


@dataclass(slots=True)
class Story:
    """One story as stored. JSON output of `babelwire stories` is built from this."""

    id: str
    created_at: str
    updated_at: str
    first_seen: str | None = None
    last_seen: str | None = None
    article_count: int = 0
    languages: dict[str, int] | None = None
    headline: str | None = None
    headline_language: str | None = None
    headline_article: str | None = None
    merged_into: str | None = None
    seq: int = 0  # creation order (0: assigned on first write)


@dataclass(slots=True)
class StoryEvent:
    kind: str  # open | assign | merge | move
    story_id: str
    article_id: str | None = None
    from_story: str | None = None
    score: float | None = None
    at: str = ""
    id: int | None = None


@dataclass(slots=True)
class ClusterMember:
    """An article as the clusterer sees it when it loads its state."""

    slot: int
    article_id: str
    story_id: str | None
    published: str | None
    ingested_at: str


@dataclass(slots=True)
class LineCount:
    """How often one unit occurs in the store (a row of ``boilerplate_lines``)."""

    key: int
    docs: int  # articles holding it (copies not counted)
    dated_docs: int = 0  # of those, articles with a publication day
    first_day: int | None = None  # proleptic ordinals of the earliest and latest such day
    last_day: int | None = None
    first_source: str | None = None
    other_source_docs: int = 0  # articles from a source other than the first one seen
