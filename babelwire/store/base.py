"""The store interface: the only place that remembers.

Every persistent operation is a method here (or of the feed, brief and sentence-vector
interfaces a store hands out); no module outside ``babelwire/store/`` talks SQL or touches a
connection (tests/test_store_boundary.py checks). Methods take and return model records, never
SQL rows; every write happens inside ``transaction()``. Backends: sqlite.py, postgres.py.
"""
from __future__ import annotations

import builtins
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from typing import Any, Hashable, Iterable, Iterator, Mapping, Protocol, Sequence

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
    path: str  # what messages name: a file path, or a server URL without its password
    # errors meaning "this one article was refused" (a batch goes on) and "the store failed"
    # (the batch fails whole); the backend's own exception types, so callers need not import it
    input_errors: tuple[type[BaseException], ...]
    failure_errors: tuple[type[BaseException], ...]

    def close(self) -> None: ...
    def transaction(self) -> AbstractContextManager[Any]: ...
    def schema_version(self) -> int: ...
    # moves whenever what a reader sees changes (not derived caches): page caches key on it
    def change_count(self) -> int: ...
    # cheap token that differs after anything was committed since it was last read; None: unknown
    def data_version(self) -> Hashable | None: ...
    # one holder at a time across every process sharing the store (clustering); re-entrant.
    # Yields True once held; with wait=False it yields False at once when another holds it
    def writer_lock(self, name: str, *, wait: bool = True) -> AbstractContextManager[bool]: ...
    # directory for the derived vector index of this store in this process (None: memory only)
    def index_dir(self) -> str | None: ...

    # feeds and their items; brief and sentence-vector caches (interfaces below)
    def feeds(self) -> FeedStore: ...
    def briefs(self) -> BriefCache: ...
    def sentence_vectors(self) -> SentenceVectorCache: ...
    # watchlists, their alerts and the delivery outbox (interface below)
    def alerts(self) -> AlertStore: ...

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
    # keyword matches as (article id, rank), best first
    def search_articles(self, query: str, limit: int = 20) -> list[tuple[str, float]]: ...
    # (article id, float32 vector bytes) of every article with a vector of this model
    def article_vectors(self, model_id: str) -> list[tuple[str, bytes]]: ...

    # browsing (web, API): row dicts for pages, each one query
    def story_page(self, *, sort: str = "recent", language: str | None = None, source: str | None = None,
                   since: str | None = None, until: str | None = None, limit: int = 50,
                   offset: int = 0) -> tuple[list[dict[str, Any]], int]: ...
    def member_stats(self, story_ids: Sequence[str], buckets: int = 14) -> dict[str, dict[str, Any]]: ...
    def coverage_by_language(self, story_id: str) -> dict[str, dict[str, int]]: ...
    def duplicate_ids(self, article_id: str) -> list[str]: ...
    def live_stories(self, story_ids: Sequence[str]) -> dict[str, dict[str, Any]]: ...
    def article_cards(self, article_ids: Sequence[str]) -> dict[str, dict[str, Any]]: ...
    def first_in_language(self, story_ids: Sequence[str], language: str) -> dict[str, dict[str, Any]]: ...

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
    # articles without a story in the order they were stored (the cluster lock holder's queue)
    def unclustered_article_ids(self) -> list[str]: ...
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


# == feeds, brief caches ====================================================================
# Owned by babelwire/live/ and babelwire/brief/. Schema: migrations/0003_feeds.sql, 0004_briefs.sql.


@dataclass
class Feed:
    id: int
    url: str
    name: str | None = None
    language: str | None = None
    country: str | None = None
    added_at: str = ""
    title: str | None = None
    kind: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_fetch: str | None = None
    last_status: str | None = None
    last_error: str | None = None
    error_count: int = 0
    next_fetch_at: str | None = None
    items_seen: int = 0
    items_failed: int = 0
    articles: int = 0  # items stored as articles (counted when listing)
    pending: int = 0  # items seen but not yet stored

    @property
    def label(self) -> str:
        return self.name or self.title or self.url

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class OpenItem:
    feed_id: int
    key: str
    url: str | None
    status: str
    attempts: int
    data: str | None


class FeedStore(Protocol):
    """Feeds and their items. Writes join the store's open transaction, so an item is marked
    done in the same transaction that stores its article."""

    def get(self, url_or_id: str | int) -> Feed | None: ...
    def list(self) -> list[Feed]: ...
    def due(self, now: str) -> builtins.list[Feed]: ...
    # due feeds / open items for this worker to do now. On a store several watch processes
    # share (PostgreSQL) they are claimed until ``until``, so the others skip them and a
    # killed worker's share is done by another once the claim runs out; on SQLite (one
    # watcher per file) the same as due() / open_items().
    def claim_due(self, now: str, until: str, limit: int | None = None) -> builtins.list[Feed]: ...
    def claim_items(self, now: str, until: str, feed_ids: Iterable[int] | None = None) -> builtins.list[OpenItem]: ...
    # give back claims on items this worker took and did not finish (a stopped cycle)
    def release_items(self, keys: Iterable[tuple[int, str]]) -> None: ...
    def next_due(self) -> str | None: ...
    def open_items(self, now: str, feed_ids: Iterable[int] | None = None) -> builtins.list[OpenItem]: ...
    def unclustered_articles(self) -> builtins.list[str]: ...
    def count_items(self, status: str | None = None) -> int: ...
    def add(self, url: str, *, name: str | None = None, language: str | None = None,
            country: str | None = None) -> Feed: ...
    def remove(self, url_or_id: str | int) -> Feed: ...
    def record_not_modified(self, feed_id: int, *, now: str, next_at: str) -> None: ...
    def record_fetched(self, feed_id: int, *, items: Sequence[tuple[str, str | None, str]], status: int,
                       etag: str | None, last_modified: str | None, title: str | None, kind: str | None,
                       warning: str | None, now: str, next_at: str) -> int: ...
    def record_error(self, feed_id: int, *, reason: str, status: int | None, now: str,
                     next_at_for: Any) -> str: ...
    def finish_item(self, feed_id: int, key: str, *, status: str, now: str, article_id: str | None = None,
                    error: str | None = None, next_try_at: str | None = None, url: str | None = None) -> None: ...


class BriefCache(Protocol):
    """Cached brief JSON per (story, reader language), checked against a members hash. A store
    that cannot write (read-only) caches nothing rather than failing the brief."""

    enabled: bool

    def get(self, story_id: str, lang: str, members_hash: str) -> dict[str, Any] | None: ...
    def put(self, story_id: str, lang: str, members_hash: str, data: Mapping[str, Any], built_at: str) -> None: ...
    def stats(self) -> dict[str, int]: ...
    def discrepancies(self, story_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]: ...


class SentenceVectorCache(Protocol):
    """float32 sentence vectors by (model id, sentence hash)."""

    enabled: bool

    def get_many(self, model_id: str, keys: Sequence[str]) -> dict[str, Any]: ...
    def put_many(self, model_id: str, items: Mapping[str, Any]) -> None: ...


# == watchlists, alerts, outbox =============================================================
# Owned by babelwire/alerts/. Schema: migrations/0011_alerts.sql, 0013_alert_delivery.sql
# (PostgreSQL 0004_alerts.sql, 0006_alert_delivery.sql).


@dataclass
class Watchlist:
    name: str
    query: str
    languages: list[str] = field(default_factory=list)  # empty: every language
    places: list[str] = field(default_factory=list)  # a story must name one of them (any script)
    min_sources: int = 1  # independent sources (copies and translations count once)
    sensitivity: str = "balanced"  # strict | balanced | eager
    channels: list[dict[str, Any]] = field(default_factory=list)  # {"kind": "webhook"|"email"|"apprise", ...}
    created_at: str = ""
    breaking: bool = False  # also alert on breaking stories (alerts/breaking.py); query may then be empty
    outlets: list[str] = field(default_factory=list)  # an independent member must come from one (domain or name)
    digest: str = "off"  # off | hourly | daily: one message per channel and period
    also: list[str] = field(default_factory=list)  # the query as its user also wrote it, in other languages

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "channels": [shown_channel(c) for c in self.channels]}


def shown_channel(channel: dict[str, Any]) -> dict[str, Any]:
    """A channel as lists show it: an apprise URL carries the service's token, so only its
    scheme is shown."""
    if channel.get("kind") == "apprise":
        return {**channel, "url": str(channel.get("url", "")).split("://")[0] + "://…"}
    return channel


@dataclass
class Alert:
    """One alert per (watchlist, story, kind); ``version`` grows as the story does."""

    id: str
    watchlist: str
    story_id: str
    version: int
    score: float
    data: dict[str, Any]  # headline, counts, languages, outlets, links, reason (alerts/decide.py)
    decided_at: str
    updated_at: str
    sent_version: int = 0  # the last version queued for delivery
    sent_at: str | None = None
    kind: str = "match"  # match (the watchlist's query) | breaking (alerts/breaking.py)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class OutboxItem:
    """One delivery to do: ``key`` is the idempotency key (alert, version, channel)."""

    key: str
    alert_id: str
    version: int
    channel: dict[str, Any]
    payload: dict[str, Any]
    status: str = "pending"  # pending | sent | dead
    attempts: int = 0
    next_try_at: str = ""
    last_error: str | None = None
    created_at: str = ""
    sent_at: str | None = None
    digest: str | None = None  # the digest it is sent in (its watchlist's digest mode), else alone

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "channel": shown_channel(self.channel)}


@dataclass
class Digest:
    """One message per (watchlist, channel, period) gathering the period's outbox rows;
    ``key`` is its idempotency key. Sealed by its first claim: no row joins it afterwards."""

    key: str
    watchlist: str
    channel: dict[str, Any]
    period_start: str
    period_end: str
    status: str = "pending"  # pending | sent | dead
    sealed: bool = False
    attempts: int = 0
    next_try_at: str = ""
    last_error: str | None = None
    sent_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class AlertStore(Protocol):
    """Watchlists, alerts and the outbox. Writes join the store's open transaction, so an
    alert and the outbox rows that deliver it commit together."""

    def add_watchlist(self, watchlist: Watchlist) -> Watchlist: ...
    # ``lock``: inside a transaction, hold the row until it ends (a read-change-write)
    def get_watchlist(self, name: str, *, lock: bool = False) -> Watchlist | None: ...
    # replaces the settings of the watchlist of that name (None: there is none) and drops the
    # undelivered outbox rows and digests of its alerts to the ``dropped`` channels
    def update_watchlist(self, watchlist: Watchlist, dropped: Sequence[dict[str, Any]] = ()) -> Watchlist | None: ...
    def watchlists(self) -> list[Watchlist]: ...
    # removes the watchlist with its alerts and undelivered outbox rows
    def remove_watchlist(self, name: str) -> Watchlist | None: ...
    def get_alerts(self, watchlist: str, story_ids: Sequence[str], kind: str = "match") -> dict[str, Alert]: ...
    # insert or update the alert and queue these deliveries (a key already queued is kept)
    def put_alert(self, alert: Alert, outbox: Sequence[OutboxItem] = ()) -> None: ...
    def recent_alerts(self, *, watchlist: str | None = None, limit: int = 50, kind: str | None = None) -> list[Alert]: ...
    # the independent (not a copy or translation) clustered articles published, or stored
    # without a publication date, since ``since``: (id, story id, published, its precision,
    # ingested_at, language, content hash) each; breaking detection's baseline and novelty
    def activity(self, since: str) -> list[tuple[str, str, str | None, str | None, str, str, str]]: ...
    # the latest publication date of a clustered article not after ``until`` (a preview's window)
    def newest_published(self, until: str) -> str | None: ...
    # the due pending rows (at most ``limit``), their next_try_at moved to ``until`` in one step:
    # another worker delivering from the same store skips them until then (a killed worker's
    # rows come due again at ``until``)
    def claim_outbox(self, now: str, until: str, limit: int = 100) -> list[OutboxItem]: ...
    def outbox(self, *, status: str | None = None, limit: int = 100) -> list[OutboxItem]: ...
    # ``channel``: the channel's id, whose last delivery (``channel_last_sent``) becomes ``now``
    def mark_sent(self, key: str, now: str, channel: str | None = None) -> None: ...
    def mark_failed(self, key: str, *, error: str, next_try_at: str, dead: bool) -> None: ...
    # a claimed row held back (per-channel cooldown) until ``next_try_at``: no attempt counted
    def postpone(self, key: str, next_try_at: str) -> None: ...
    def channel_last_sent(self, channel_ids: Sequence[str]) -> dict[str, str]: ...
    # a single delivery's hold on a channel (the cooldown across workers), taken in one atomic
    # statement: None when this caller got it (``now`` kept as the channel's reservation), else
    # the later of the channel's last delivery and reservation (held until that + the cooldown)
    def reserve_channel(self, channel: str, now: str, since: str) -> str | None: ...
    # a failed send gives its reservation back (if still its own): the last delivery holds again
    def release_channel(self, channel: str, reserved: str) -> None: ...
    # digests: the pending rows of digest watchlists not yet in a digest, with the watchlist's
    # name and digest mode; ``join_digest`` adds the digest if new and puts the row in it, or
    # answers False when the digest is sealed (the caller takes the next period). On PostgreSQL
    # it locks the digest until it commits, so a claim cannot seal it in between
    def undigested(self, limit: int = 500) -> list[tuple[OutboxItem, str, str]]: ...
    def join_digest(self, item_key: str, digest: Digest) -> bool: ...
    # as claim_outbox, for due digests; each claimed digest is sealed
    def claim_digests(self, now: str, until: str, limit: int = 10) -> list[Digest]: ...
    def digest_items(self, key: str) -> list[OutboxItem]: ...
    def digests(self, *, status: str | None = None, limit: int = 100) -> list[Digest]: ...
    # the digest and its rows together: sent, or failed (retried, or dead letters after the last try)
    def mark_digest_sent(self, key: str, now: str, channel: str | None = None) -> None: ...
    def mark_digest_failed(self, key: str, *, error: str, next_try_at: str, dead: bool) -> None: ...
