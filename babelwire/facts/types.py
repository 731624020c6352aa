"""Records the fact extractors produce. Every item carries where it was read (Evidence)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# A fact read at least this surely counts as read with high confidence: the brief may set it
# against another source's value. Below it, the fact is shown as read, never as a conflict.
CONFIDENT = 0.7
# Below this a reading is too unsure to show (a number glued to a word, a bare figure in a
# list); it stays in the extractor's output for the record.
SHOWN = 0.5


@dataclass(slots=True)
class Evidence:
    """The sentence a statement comes from, and who published it."""

    article_id: str
    sentence: str
    start: int  # character offsets of the sentence in the article text
    end: int
    language: str = "und"
    outlet: str | None = None
    published: str | None = None
    translation: str | None = None  # room for a machine translation beside the original

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Fact:
    """A number, amount, percentage or date as written, normalised.

    ``value`` is a float for quantities and an ISO date ("2020-07-10") for dates.
    ``key`` is language-independent ("employees", "downloads", "deadline") when known.
    ``scope`` holds cues that change what is counted: place ("world", "US"), period
    ("quarter", "year"), with the words that said so.
    """

    id: str
    kind: str  # count | money | percent | date
    value: float | str | None
    display: str
    raw: str
    start: int  # offsets in the article text
    end: int
    evidence: Evidence
    counts: str | None = None  # what it counts, as written ("employés", "ansatte")
    key: str | None = None
    unit: str | None = None  # currency code, "%", or a unit word
    approx: bool = False
    bound: str | None = None  # "min" (more than), "max" (less than) or None
    upper: float | None = None  # the top of a range ("10-15": value 10, upper 15)
    scope: dict[str, Any] = field(default_factory=dict)
    deadline: bool = False
    precision: str | None = None  # dates: day | month | year; counts: "magnitude" ("hundreds")
    weekday: str | None = None  # weekday as written next to a date ("Jumat")
    notes: list[str] = field(default_factory=list)  # how it was resolved (year from …)
    # how sure the reading is, 0..1: lowered for a glued token, an unknown key, a far-away noun.
    # Conflicts are reported only between facts read with high confidence.
    confidence: float = 1.0

    @property
    def article_id(self) -> str:
        return self.evidence.article_id

    @property
    def language(self) -> str:
        return self.evidence.language

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Mention:
    """One occurrence of a name in an article."""

    text: str
    start: int
    end: int
    key: str  # grouping key: ASCII form, or "place:XX" for a gazetteer place
    script: str  # latin | cased | uncased | han
    kind: str = "unknown"  # person | org | place | unknown
    latin: str | None = None  # a Latin-script form known to belong to it ("अमेज़न (Amazon)")
    source: str = "shape"  # shape | aligned | gazetteer | transliteration | model

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Entity:
    """One person, organisation or place, however many scripts it was written in."""

    id: str
    name: str  # readable Latin-script name
    kind: str
    mentions: int
    languages: dict[str, int]  # language -> mentions
    forms: dict[str, dict[str, int]]  # language -> surface form -> count
    articles: list[str]
    name_source: str = "written"  # written (a Latin form was seen) | transliterated | gazetteer

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Side:
    """One value in a disagreement and the facts that state it."""

    display: str
    facts: list[Fact]

    def to_dict(self) -> dict[str, Any]:
        return {"display": self.display, "facts": [f.to_dict() for f in self.facts]}


@dataclass(slots=True)
class Discrepancy:
    """Sources (or one source) stating different values for the same thing.

    kind: "conflict" between articles, or "self-contradiction" within one article
    (e.g. a weekday that does not match the date beside it).
    """

    kind: str
    key: str
    explanation: str
    sides: list[Side]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "explanation": self.explanation,
                "sides": [s.to_dict() for s in self.sides]}


@dataclass(slots=True)
class Agreement:
    """Two facts about the same thing whose values differ for a stated reason, not a conflict."""

    key: str
    reason: str  # scope | rounding | update | time | same
    explanation: str
    a: Fact
    b: Fact

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "reason": self.reason, "explanation": self.explanation,
                "a": self.a.to_dict(), "b": self.b.to_dict()}
