"""When two facts may be compared at all: values that can both be true, scope, time frame,
independent sources, and how surely each was read. The rules that decide what is a conflict
are in discrepancies.py; these are the tests they are made of.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, datetime, time
from functools import lru_cache
from typing import Callable, Mapping, Sequence

from ..dates import interval
from ..text import ascii_digits
from ._data import dateparser_info
from .gazetteer import country_names_en
from .magnitudes import rounding_tolerance
from .number_words import counter_key
from .types import Fact

MAGNITUDE_SPAN = 20  # "thousands" reaches up to twenty thousand
BOUND_SLACK = 1.3  # "at least 14" is a toll of 14, not one of 19: a bound reaches this far
# What a head count can be of: "4,000 people fled … their homes" does not count homes.
HUMAN = frozenset({"deaths", "injured", "displaced", "rescued", "survivors", "cases", "passengers", "participants",
                   "employees", "users", "firefighters", "people"})
# Two articles in different languages with near-identical numbers are one source translated.
SAME_NUMBERS = 0.8  # multiset overlap (shared / all) of their values
SAME_NUMBERS_MIN = 4  # values each must state for the overlap to say anything


def _range(f: Fact) -> tuple[float, float]:
    v = float(f.value)  # type: ignore[arg-type]
    if f.precision == "magnitude":
        return reach(f)
    tol = rounding_tolerance(v)
    if f.approx:
        tol = max(tol, 0.1)
    # "More than 80%" excludes 78%: a bound gives no rounding room on its own side.
    if f.bound == "min":
        return v, v * BOUND_SLACK
    if f.bound == "max":
        return v / BOUND_SLACK, v
    return v * (1 - tol), v * (1 + tol)


def reach(f: Fact) -> tuple[float, float]:
    """The values a figure stands for before rounding: "hundreds" (magnitude 100) covers 100 to
    2,000 against a figure (news writes "thousands" for 19,000 and for "more than 1,000"); any
    other figure is its value."""
    v = float(f.value)  # type: ignore[arg-type]
    return (v, v * MAGNITUDE_SPAN) if f.precision == "magnitude" else (v, v)


def compatible(a: Fact, b: Fact) -> bool:
    """Can both statements be true of one quantity (rounding, "about", "more than")?"""
    if a.kind == "date" or b.kind == "date":
        return _date_compatible(a, b)
    if a.kind != b.kind or (a.unit or None) != (b.unit or None):
        return False
    if a.precision == b.precision == "magnitude":  # "hundreds" against "thousands": two words
        return a.value == b.value
    lo_a, hi_a = _range(a)
    lo_b, hi_b = _range(b)
    return lo_a <= hi_b and lo_b <= hi_a


def _date_compatible(a: Fact, b: Fact) -> bool:
    if a.value is None or b.value is None:
        return True
    ia, ib = interval(_trunc(a)), interval(_trunc(b))
    if ia is None or ib is None:
        return True
    return ia[0] <= ib[1] and ib[0] <= ia[1]


def _trunc(f: Fact) -> str:
    v = str(f.value)
    return v[:7] if f.precision == "month" else v


def scope_of(f: Fact) -> tuple[str, str]:
    """(place, period) with "the whole" spelled one way: no place said = worldwide/overall."""
    place = (f.scope or {}).get("place") or "all"
    if place == "world":
        place = "all"
    period = (f.scope or {}).get("period") or "all"
    return str(place), str(period)


def scope_words(scope: tuple[str, str]) -> str:
    place, period = scope
    parts = []
    if place != "all":
        parts.append(f"in {place_name(place)}")
    if period != "all":
        parts.append(f"per {period}" if period in ("day", "week", "month") else
                     (f"in one {period}" if period == "quarter" else f"in {period}"))
    return ", ".join(parts) or "overall"


def place_name(code: str) -> str:
    return country_names_en().get(code, code)


def moments(f: Fact) -> tuple[datetime, datetime] | None:
    """Earliest and latest moment the fact's article may have been published."""
    p = f.evidence.published
    if not p:
        return None
    m = re.match(r"(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})", p)
    if m:
        d = date.fromisoformat(m.group(1))
        t = datetime.combine(d, time(int(m.group(2)), int(m.group(3))))
        return t, t
    iv = interval(p)
    if iv is None:
        return None
    return datetime.combine(iv[0], time.min), datetime.combine(iv[1], time.max)


def published_before(side_a: list[Fact], side_b: list[Fact], gap_days: float = 0.0) -> bool:
    """Every fact of ``side_a`` was published before every fact of ``side_b`` (by ``gap_days``)."""
    ma = [moments(f) for f in side_a]
    mb = [moments(f) for f in side_b]
    if any(m is None for m in ma + mb):
        return False
    last_a = max(m[1] for m in ma)  # type: ignore[index]
    first_b = min(m[0] for m in mb)  # type: ignore[index]
    return (first_b - last_a).total_seconds() > gap_days * 86400


def published_after(side_a: list[Fact], side_b: list[Fact]) -> bool:
    """Some fact of ``side_a`` was surely published after some fact of ``side_b``."""
    ma = [m for m in (moments(f) for f in side_a) if m is not None]
    mb = [m for m in (moments(f) for f in side_b) if m is not None]
    return any(x[0] > y[1] for x in ma for y in mb)


def when_text(f: Fact) -> str:
    p = f.evidence.published
    return p.replace("T", " ") if p else "time unknown"


def value_key(f: Fact) -> tuple[str, object] | None:
    if f.value is None:
        return None
    if isinstance(f.value, str):
        return ("date", f.value[:10])
    return (f.kind, round(float(f.value), 3))


def independent_sources(facts: Sequence[Fact], canonical: Mapping[str, str] | None = None) -> dict[str, str]:
    """Article id -> the source it speaks for.

    ``canonical`` (copy -> original, translation -> original) is taken as given. Besides, two
    articles in different languages whose stated values are near-identical multisets are one
    source: a translation carries every number of its original, while independent reports of
    one event share the headline figures but rarely all the rest.
    """
    canonical = canonical or {}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    values: dict[str, Counter] = defaultdict(Counter)
    lang: dict[str, str] = {}
    for f in facts:
        k = value_key(f)
        if k is not None:
            values[f.article_id][k] += 1
        lang.setdefault(f.article_id, f.language)
    for a in lang:
        c = canonical.get(a)
        if c and c != a:
            union(a, c)
    size = {a: sum(c.values()) for a, c in values.items()}
    big = sorted((a for a in values if size[a] >= SAME_NUMBERS_MIN), key=lambda a: size[a])
    for i, a in enumerate(big):
        ca = values[a]
        for b in big[i + 1:]:
            if size[a] < SAME_NUMBERS * size[b]:
                break  # sizes this far apart cannot overlap enough (sorted by size)
            if lang[a] == lang[b] or find(a) == find(b):
                continue
            cb = values[b]
            shared = sum(min(n, cb[k]) for k, n in ca.items() if k in cb)
            if shared / (size[a] + size[b] - shared) >= SAME_NUMBERS:
                union(a, b)
    return {a: find(a) for a in lang}


_YEAR = re.compile(r"(?<![\d.,])(1[89]\d\d|20\d\d)(?![\d.,]?\d)")


def years_named(f: Fact) -> set[int]:
    """Years named in the fact's sentence, apart from the fact itself."""
    s = ascii_digits(f.evidence.sentence or "")
    own = (f.start - f.evidence.start, f.end - f.evidence.start)
    return {int(m.group(1)) for m in _YEAR.finditer(s) if m.end() <= own[0] or m.start() >= own[1]}


def story_year(facts: Sequence[Fact], context: str | None) -> int | None:
    """The story's year: from its date when known, else the year its sentences name most."""
    if context and re.match(r"\d{4}", context):
        return int(context[:4])
    seen: Counter[int] = Counter()
    for f in facts:
        for y in years_named(f):
            seen[y] += 1
    return seen.most_common(1)[0][0] if seen else None


def story_place(facts: Sequence[Fact], src: Callable[[Fact], str]) -> str | None:
    """The story's country: the place most figures are scoped to, by at least two sources and
    more than half of the figures that name a place."""
    seen: Counter[str] = Counter()
    sources: dict[str, set[str]] = defaultdict(set)
    for f in facts:
        p = scope_of(f)[0]
        if p != "all" and f.kind != "date":
            seen[p] += 1
            sources[p].add(src(f))
    if not seen:
        return None
    p, n = seen.most_common(1)[0]
    return p if n * 2 > sum(seen.values()) and len(sources[p]) >= 2 else None


def merge_story_place(group: list[Fact], src: Callable[[Fact], str],
                       story_place: str | None = None) -> dict[str, tuple[str, str]]:
    """Scope per fact, where the one place a key is scoped to counts as the whole when several
    sources give it for that key or it is the story's country ("14 dead in Chile" in a story
    about Chile)."""
    places: dict[str, set[str]] = defaultdict(set)
    for f in group:
        p = scope_of(f)[0]
        if p != "all":
            places[p].add(src(f))
    home = None
    if len(places) == 1:
        only, by = next(iter(places.items()))
        home = only if len(by) >= 2 or only == story_place else None
    if home is not None:
        # A source that gives one figure for the place and another for the whole ("3,800 jobs,
        # 1,200 of them in Germany") shows they are different quantities.
        for s in places[home]:
            mine = [f for f in group if src(f) == s]
            here = [f for f in mine if scope_of(f)[0] == home]
            whole = [f for f in mine if scope_of(f)[0] == "all"]
            if any(not compatible(a, b) for a in here for b in whole):
                home = None
                break
    out = {}
    for f in group:
        place, period = scope_of(f) if f.kind != "date" else ("all", "all")
        out[f.id] = ("all" if place == home else place, period)
    return out


def misread_head_count(f: Fact) -> bool:
    """A number of people given a key that no head count has (the key came from a nearby word)."""
    if not f.counts or f.kind != "count" or (f.key or "") in HUMAN:
        return False
    return counter_key(f.counts, f.language)[0] == "people"


@lru_cache(maxsize=None)
def _month_words(language: str) -> tuple[re.Pattern[str] | None, dict[str, int]]:
    """Month names of a language (dateparser's list, inflected forms included) as one regex."""
    info = dateparser_info(language)
    names: dict[str, int] = {}
    for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                           "september", "october", "november", "december"), 1):
        for n in info.get(m, []) or []:
            n = n.lower()
            latin = all(ord(c) < 0x250 for c in n)
            if len(n) >= (4 if latin else 2):  # "mar", "apr" are words elsewhere
                names[n] = i
    if not names:
        return None, {}
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w\d])(?:{alt})(?!\w)", re.IGNORECASE), names


def months_named(f: Fact, dates_at: Mapping[tuple[str, int], list[Fact]]) -> set[int]:
    """Months the fact's sentence names: its dates, and month names alone ("en avril")."""
    out = {int(str(d.value)[5:7]) for d in dates_at.get((f.article_id, f.evidence.start), [])
           if isinstance(d.value, str) and len(d.value) >= 7 and d.precision != "year"}
    rx, names = _month_words(f.language)
    if rx is not None:
        out |= {names[m.group(0).lower()] for m in rx.finditer(ascii_digits(f.evidence.sentence or ""))
                if m.group(0).lower() in names}
    return out


def key_read_directly(f: Fact) -> bool:
    """Was the key read from the word the number counts ("840 000 employés"), not from context?
    Amounts and percentages take their keys from their own vocabulary."""
    if f.kind != "count":
        return True
    return bool(f.counts) and counter_key(f.counts, f.language)[0] == f.key


def rival(f: Fact, g: Fact) -> bool:
    """Could ``g``, in ``f``'s sentence, be the figure ``f``'s key is about?"""
    if g is f or g.kind != f.kind or (g.key and g.key != f.key) or compatible(f, g):
        return False
    v = float(g.value)  # type: ignore[arg-type]
    return not (v.is_integer() and 1800 <= v <= 2100)  # a year names a time, not a rival
