"""The Brief: what a story is, who reported it when, what they said, where they disagree.

Plain dataclasses; ``to_dict`` is the JSON shape (every item carries its provenance:
article id, outlet, language, evidence sentence) and ``Brief.from_dict`` reads it back, so
a cached brief round-trips exactly.
"""
from __future__ import annotations

import dataclasses
import typing
from dataclasses import asdict, dataclass, field
from typing import Any

from ..facts.shown_gate import is_shown
from ..facts.types import Agreement, Discrepancy, Entity, Evidence, Fact, Mention, Side

FORMAT_VERSION = 3  # bump when the shape or the extraction changes: cached briefs rebuild
SHOWN_FACTS = 40  # rows of the facts table
# How a fact stands beside the others, strongest first (the facts table marks it so).
MARKS = ("conflict", "self-contradiction", "update", "differs", "background")


@dataclass(slots=True)
class Headline:
    text: str
    language: str
    article_id: str
    outlet: str | None = None
    in_reader_language: bool = False
    from_sentence: bool = False  # no article had a headline; this is a lead sentence
    translation: str | None = None
    transliteration: str | None = None  # Latin letters for a non-Latin headline (anyascii), offline


@dataclass(slots=True)
class SummarySentence:
    text: str
    article_id: str
    language: str
    outlet: str | None
    start: int
    end: int
    score: float  # centrality after the diversity penalty, for the curious
    translation: str | None = None  # room for a machine translation beside the original


@dataclass(slots=True)
class Claim:
    """One sentence of the optional LLM-written paragraph, with the evidence it rests on."""

    text: str
    cites: list[Evidence]


@dataclass(slots=True)
class Pickup:
    """When an outlet or a language first carried the story (as precisely as known)."""

    who: str  # outlet or language code
    article_id: str
    published: str | None
    precision: str | None
    source: str | None  # where the date came from: field, token, html, text …
    language: str
    outlet: str | None = None


@dataclass(slots=True)
class CoverageBucket:
    t: str  # "2020-07-10" or "2020-07-10T21"
    total: int
    by_language: dict[str, int]


@dataclass(slots=True)
class Timeline:
    first_report: Pickup | None
    first_exact: Pickup | None  # earliest known to the day or better, when that differs
    outlets: list[Pickup]
    languages: list[Pickup]
    unit: str  # day | hour
    coverage: list[CoverageBucket]
    coarser: dict[str, dict[str, int]]  # month or year -> language -> articles known only so far
    undated: dict[str, int]  # language -> articles with no date at all


@dataclass(slots=True)
class Outlet:
    name: str | None
    country: str | None
    articles: list[str]
    duplicates: int = 0


@dataclass(slots=True)
class LanguageSources:
    language: str
    language_name: str
    articles: int
    outlets: list[Outlet]


@dataclass(slots=True)
class Sources:
    articles: int
    independent: int  # a republished copy (duplicate_of) counts once
    duplicates: int
    languages: list[LanguageSources]


@dataclass(slots=True)
class Brief:
    story_id: str | None
    lang: str
    headline: Headline | None
    summary: list[SummarySentence]
    timeline: Timeline
    sources: Sources
    entities: list[Entity]
    facts: list[Fact]
    discrepancies: list[Discrepancy]
    agreements: list[Agreement]
    members_hash: str = ""
    built_at: str = ""
    notes: list[str] = field(default_factory=list)
    format_version: int = FORMAT_VERSION
    # reader's language (babelwire/translate), applied after the build, never cached with it
    translated_by: str | None = None  # "libretranslate", "openai gpt-4o-mini": beside every translation
    what_happened: list[Claim] = field(default_factory=list)
    what_happened_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def shown_facts(self) -> list[tuple[str, list[Fact]]]:
        """The facts table: facts by key, keys stated by the most articles first (dates, which
        have no key, after every key), at most ``SHOWN_FACTS`` rows, only facts the display gate
        passes (``facts.shown_gate.is_shown``): none read with confidence under
        ``facts.types.SHOWN``, no figure without a key ("USD 809", "6%" tell the reader nothing;
        "178,917 migranti", known by its source word alone, was right too rarely), none the
        calibrated model finds likely wrong. The others stay in ``facts`` for the comparisons."""
        groups: dict[tuple[bool, str], list[Fact]] = {}
        for f in self.facts:
            if is_shown(f):
                groups.setdefault((not f.key, f.key or f.kind), []).append(f)
        order = [(k[1], fs) for k, fs in sorted(
            groups.items(), key=lambda kv: (kv[0][0], -len({x.article_id for x in kv[1]}), kv[0][1]))]
        out: list[tuple[str, list[Fact]]] = []
        left = SHOWN_FACTS
        for key, facts in order:
            if left <= 0:
                break
            out.append((key, facts[:left]))
            left -= len(out[-1][1])
        return out

    def fact_marks(self) -> dict[str, str]:
        """Fact id -> how it stands: conflict, self-contradiction (at the top), update,
        differs or background (beside the facts). Facts with no mark agree or stand alone."""
        marks: dict[str, str] = {}

        def mark(f: Fact, m: str) -> None:
            if m in MARKS and (f.id not in marks or MARKS.index(m) < MARKS.index(marks[f.id])):
                marks[f.id] = m

        for d in self.discrepancies:
            for s in d.sides:
                for f in s.facts:
                    mark(f, d.kind)
        for a in self.agreements:
            if a.reason == "update":
                mark(a.a, a.reason)
            if a.reason in ("update", "differs", "background"):
                mark(a.b, a.reason)  # b is the figure set aside; a the one it was held against
        return marks

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Brief":
        return _build(cls, data)


_EXTRA_TYPES: dict[str, Any] = {"Any": Any}
_EXTRA_TYPES.update({c.__name__: c for c in (Agreement, Discrepancy, Entity, Evidence, Fact, Mention, Side,
                                        Headline, SummarySentence, Claim, Pickup, CoverageBucket, Timeline,
                                        Outlet, LanguageSources, Sources, Brief)})


def _build(tp: Any, data: Any) -> Any:
    """Rebuild nested dataclasses from plain JSON data, guided by the type hints."""
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (list, tuple):
        (inner,) = typing.get_args(tp)[:1] or (Any,)
        return [_build(inner, x) for x in data]
    if origin is dict:
        args = typing.get_args(tp)
        inner = args[1] if len(args) == 2 else Any
        return {k: _build(inner, v) for k, v in data.items()}
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        for arg in typing.get_args(tp):
            if arg is type(None):
                continue
            return _build(arg, data)
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp, globalns=_EXTRA_TYPES)
        kwargs = {}
        for f in dataclasses.fields(tp):
            if f.name in data:
                kwargs[f.name] = _build(hints[f.name], data[f.name])
        return typing.cast(Any, tp)(**kwargs)
    return data
