"""Plain records that flow between pipeline stages. No I/O here."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Mapping

# How precisely a publication date is known; stored beside the truncated ISO value.
Precision = Literal["year", "month", "day", "minute"]
PRECISIONS: tuple[str, ...] = ("year", "month", "day", "minute")


@dataclass(slots=True)
class Published:
    """A publication time as precise as the source allows, never more.

    ``value`` is ISO 8601 truncated to ``precision``: "2020", "2020-07", "2020-07-10",
    "2020-07-10T21:06" (UTC when the source gave a zone, else as written; a web page keeps
    its own clock, so the day it states, with the offset and UTC in the article metadata).
    ``source`` says where it came from: field, token, html, dateline, feed.
    """

    value: str
    precision: Precision
    source: str


@dataclass(slots=True)
class LanguageGuess:
    code: str  # ISO 639-1 where one exists, else 639-3; "und" when unknown
    confidence: float
    source: str = "detector"  # "field" when the input said so


@dataclass(slots=True)
class RawDoc:
    """What a reader hands on: one document before cleaning and detection.

    Readers fill what the input states and nothing more; ``published`` and
    ``language`` are only set when the input says so explicitly.
    """

    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    id: str | None = None
    published: Published | None = None
    language: str | None = None
    origin: str = ""  # path or URL the document was read from (line is in metadata)
    metadata: dict[str, Any] = field(default_factory=dict)
    # An input read but not parsed yet (an HTML page's bytes): prepare_batch parses it.
    deferred: Any = None


@dataclass(slots=True)
class Rejection:
    """An input that was skipped, with where and why, so a person can fix it."""

    origin: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.origin if self.line is None else f"{self.origin}:{self.line}"
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class Article:
    """One stored article. JSON output uses exactly these field names."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    language: str = "und"
    language_confidence: float = 0.0
    language_source: str = "detector"
    published: str | None = None
    published_precision: str | None = None
    published_source: str | None = None
    ingested_at: str = ""
    content_hash: str = ""
    duplicate_of: str | None = None  # first copy when this is a (near-)duplicate republication
    story_id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    copy_kind: str | None = None  # "translation": duplicate_of is the article this one translates

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def get_field(article: Any, name: str, default: Any = None) -> Any:
    """A field of an article however it comes: an Article, a RawDoc, or a dict (JSON, the
    evaluation harnesses) with the same field names."""
    if isinstance(article, Mapping):
        return article.get(name, default)
    return getattr(article, name, default)


@dataclass(slots=True)
class IngestReport:
    """What one ingest call did; counts add up to the documents seen."""

    ingested: int = 0
    duplicates: int = 0  # already stored, nothing changed
    near_duplicates: int = 0  # stored, linked to an earlier copy
    updated: int = 0  # same id, new content
    rejected: list[Rejection] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    # stored, but changed on the way in (invalid Unicode replaced); same shape as a rejection
    warnings: list[Rejection] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.ingested + self.duplicates + self.updated + len(self.rejected)

    def add(self, other: IngestReport) -> None:
        """Count another call's work in this report (several uploads shown as one)."""
        self.ingested += other.ingested
        self.duplicates += other.duplicates
        self.near_duplicates += other.near_duplicates
        self.updated += other.updated
        self.rejected.extend(other.rejected)
        self.article_ids.extend(other.article_ids)
        self.warnings.extend(other.warnings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "updated": self.updated,
            "rejected": [
                {"origin": r.origin, "line": r.line, "reason": r.reason} for r in self.rejected
            ],
            "warnings": [
                {"origin": r.origin, "line": r.line, "reason": r.reason} for r in self.warnings
            ],
        }
