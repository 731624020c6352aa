"""Where sources disagree, and where they only seem to.

Precision first: a false conflict is worse than none, so a **conflict** is reported only when
every one of these holds for the two values:

- both were read with high confidence (``Fact.confidence`` ≥ ``CONFIDENT``) and neither shares
  its sentence with another value under the same key ("from 2.75% to 2.50%" states a change);
- they measure the same quantity (key and unit) in the same scope (place, period) and the same
  time frame: a sentence that names another year than the story's is **background** (an
  earlier quake, last year's figure) and is never compared;
- they come from independent sources: a copy (``duplicate_of``) or a translation
  (``translation_of``, or two articles in different languages whose numbers are near-identical)
  is one source;
- they are not an **update**: a cumulative count (deaths, injured, homes …) that is larger in
  reports published strictly later is a rising toll, and any values published a clear day apart
  are a later update; both are shown with their times;
- they are not two figures each carried by several sources (two quantities under one key).

What fails only on certainty (low confidence, several values in one sentence, two well-backed
figures) is **differs**: shown beside the facts, not as a conflict at the top. Values that a
rounding, an "about" or a "more than" reconcile are one side.

A source can also contradict itself: a weekday that does not match the date beside it
("Jumat (11/7)" in 2020).
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from datetime import date, datetime, time
from functools import lru_cache
from itertools import combinations
from typing import Callable, Iterable, Mapping, Sequence

from ..similarity.features import ascii_digits
from .dates import interval
from .numbers import counter_key, generic_keys, rounding_tolerance, unit_keys
from .types import CONFIDENT, Agreement, Discrepancy, Fact, Side

UPDATE_GAP_DAYS = 1.0  # sides this far apart in publication time read as an update
MAX_RATIO = 2.5  # figures further apart are two quantities or a misread more often than a dispute
BOUND_SLACK = 1.3  # "at least 14" is a toll of 14, not one of 19: a bound reaches this far
# Counts that only grow while a story runs: a larger figure published later is an update.
CUMULATIVE = frozenset({"deaths", "injured", "displaced", "homes", "rescued", "cases", "area",
                        "villages", "firefighters"})
# What a head count can be of: "4,000 people fled … their homes" does not count homes.
HUMAN = frozenset({"deaths", "injured", "displaced", "rescued", "cases", "passengers", "participants",
                   "employees", "users", "firefighters", "people"})
# Two articles in different languages with near-identical numbers are one source translated.
SAME_NUMBERS = 0.8  # multiset overlap (shared / all) of their values
SAME_NUMBERS_MIN = 4  # values each must state for the overlap to say anything

# Reasons an Agreement can carry, for renderers and readers.
REASONS = {
    "scope": "different scope",
    "rounding": "same within rounding",
    "bound": "a bound and a value",
    "update": "later update",
    "background": "about another event or time",
    "time": "different time",
    "differs": "differs (not confirmed as a conflict)",
}


def _range(f: Fact) -> tuple[float, float]:
    v = float(f.value)  # type: ignore[arg-type]
    tol = rounding_tolerance(v)
    if f.approx:
        tol = max(tol, 0.1)
    # "More than 80%" excludes 78%: a bound gives no rounding room on its own side.
    if f.bound == "min":
        return v, v * BOUND_SLACK
    if f.bound == "max":
        return v / BOUND_SLACK, v
    return v * (1 - tol), v * (1 + tol)


def compatible(a: Fact, b: Fact) -> bool:
    """Can both statements be true of one quantity (rounding, "about", "more than")?"""
    if a.kind == "date" or b.kind == "date":
        return _date_compatible(a, b)
    if a.kind != b.kind or (a.unit or None) != (b.unit or None):
        return False
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


def _scope_words(scope: tuple[str, str]) -> str:
    place, period = scope
    parts = []
    if place != "all":
        parts.append(f"in {_place_name(place)}")
    if period != "all":
        parts.append(f"per {period}" if period in ("day", "week", "month") else
                     (f"in one {period}" if period == "quarter" else f"in {period}"))
    return ", ".join(parts) or "overall"


def _place_name(code: str) -> str:
    from .entities import _country_names_en

    return _country_names_en().get(code, code)


# --------------------------------------------------------------------------- time

def _moments(f: Fact) -> tuple[datetime, datetime] | None:
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


def _before(side_a: list[Fact], side_b: list[Fact], gap_days: float = 0.0) -> bool:
    """Every fact of ``side_a`` was published before every fact of ``side_b`` (by ``gap_days``)."""
    ma = [_moments(f) for f in side_a]
    mb = [_moments(f) for f in side_b]
    if any(m is None for m in ma + mb):
        return False
    last_a = max(m[1] for m in ma)  # type: ignore[index]
    first_b = min(m[0] for m in mb)  # type: ignore[index]
    return (first_b - last_a).total_seconds() > gap_days * 86400


def _after(side_a: list[Fact], side_b: list[Fact]) -> bool:
    """Some fact of ``side_a`` was surely published after some fact of ``side_b``."""
    ma = [m for m in (_moments(f) for f in side_a) if m is not None]
    mb = [m for m in (_moments(f) for f in side_b) if m is not None]
    return any(x[0] > y[1] for x in ma for y in mb)


def _when_text(f: Fact) -> str:
    p = f.evidence.published
    return p.replace("T", " ") if p else "time unknown"


# --------------------------------------------------------------------------- sources

def _value_key(f: Fact) -> tuple[str, object] | None:
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
        k = _value_key(f)
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


def _who(facts: Iterable[Fact]) -> str:
    seen: list[str] = []
    for f in facts:
        w = f"{f.evidence.outlet or f.evidence.article_id} ({f.evidence.language})"
        if w not in seen:
            seen.append(w)
    return ", ".join(seen)


# --------------------------------------------------------------------------- time frame

_YEAR = re.compile(r"(?<![\d.,])(1[89]\d\d|20\d\d)(?![\d.,]?\d)")


def _years(f: Fact) -> set[int]:
    """Years named in the fact's sentence, apart from the fact itself."""
    s = ascii_digits(f.evidence.sentence or "")
    own = (f.start - f.evidence.start, f.end - f.evidence.start)
    return {int(m.group(1)) for m in _YEAR.finditer(s) if m.end() <= own[0] or m.start() >= own[1]}


def _story_year(facts: Sequence[Fact], context: str | None) -> int | None:
    """The story's year: from its date when known, else the year its sentences name most."""
    if context and re.match(r"\d{4}", context):
        return int(context[:4])
    seen: Counter[int] = Counter()
    for f in facts:
        for y in _years(f):
            seen[y] += 1
    return seen.most_common(1)[0][0] if seen else None


# --------------------------------------------------------------------------- main

def _cluster(facts: list[Fact]) -> list[list[Fact]]:
    """Sides: facts whose values can all be true together, greedily from the most precise."""
    order = sorted(facts, key=lambda f: (f.approx or f.bound is not None, str(f.value)))
    sides: list[list[Fact]] = []
    for f in order:
        fits = [side for side in sides if all(compatible(f, g) for g in side)]
        if not fits:
            sides.append([f])
        elif f.kind == "date" or len(fits) == 1:
            fits[0].append(f)
        else:  # "almost 80%" goes with 79.6%, not with 76.9%
            v = float(f.value)  # type: ignore[arg-type]
            min(fits, key=lambda side: abs(float(side[0].value) - v)).append(f)  # type: ignore[arg-type]
    return sides


def _side_display(side: list[Fact]) -> str:
    exact = [f for f in side if not f.approx and f.bound is None]
    return (exact or side)[0].display


def _side_value(side: list[Fact]) -> float:
    return min(float(f.value) for f in side)  # type: ignore[arg-type]


def _side_when(side: list[Fact]) -> str:
    return ", ".join(sorted({_when_text(f) for f in side}))


def _self_contradictions(facts: Sequence[Fact], src: Callable[[Fact], str]) -> list[Discrepancy]:
    """A weekday beside a date that does not match it."""
    out: list[Discrepancy] = []
    seen: set[tuple[str, str]] = set()
    for f in facts:
        if f.kind == "date" and any("weekday does not match" in n for n in f.notes):
            mark = (src(f), f.raw)
            if mark in seen:
                continue
            seen.add(mark)
            why = next((n for n in f.notes if "was a" in n), "the weekday does not match the date")
            out.append(Discrepancy(
                kind="self-contradiction",
                key=f.key or "date",
                explanation=f"{_who([f])} writes \"{f.raw}\": {why}",
                sides=[Side(f"{f.weekday} (weekday as written)", [f]), Side(f.display, [f])],
            ))
    return out


def _story_place(facts: Sequence[Fact], src: Callable[[Fact], str]) -> str | None:
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


def _merge_story_place(group: list[Fact], src: Callable[[Fact], str],
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


def find_discrepancies(
    facts: Sequence[Fact],
    *,
    canonical: Mapping[str, str] | None = None,
    keys: Callable[[Fact], str | None] | None = None,
    context: str | None = None,
) -> tuple[list[Discrepancy], list[Agreement]]:
    """Conflicts (and self-contradictions) and explained non-conflicts among ``facts``.

    ``canonical`` maps an article id to the article it copies or translates, so that is not a
    second source. ``keys`` may give facts without a key one (e.g. from embeddings).
    ``context`` is the story's date (for which year is "this" year).
    """
    source_of = independent_sources(facts, canonical)
    src = lambda f: source_of.get(f.article_id, f.article_id)  # noqa: E731
    discrepancies = _self_contradictions(facts, src)
    agreements: list[Agreement] = []

    skip = generic_keys() | unit_keys()
    groups: dict[str, list[Fact]] = defaultdict(list)
    measured: set[str] = set()  # keys stated as a percentage or an amount somewhere in the story
    for f in facts:
        k = f.key if f.key else (keys(f) if keys else None)
        if k and k not in skip and f.value is not None:
            # "9% of employees" and "42,000 employees" count different things.
            groups[k if f.kind in ("count", "date") else f"{k} ({f.unit or f.kind})"].append(f)
            if f.kind in ("percent", "money"):
                measured.add(k)

    year = _story_year(facts, context)
    story_place = _story_place(facts, src)
    # Values in one sentence: a figure beside another of its kind with no key of its own
    # ("autorisé à transporter 120 passagers, en comptait 186") may not be what its key says.
    in_sentence: dict[tuple[str, int], list[Fact]] = defaultdict(list)
    dates_at: dict[tuple[str, int], list[Fact]] = defaultdict(list)  # the dates a sentence names
    for f in facts:
        if f.value is not None:
            (dates_at if f.kind == "date" else in_sentence)[(f.article_id, f.evidence.start)].append(f)
    for key, group in groups.items():
        scopes = _merge_story_place(group, src, story_place)
        by_scope: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        for f in group:
            by_scope[scopes[f.id]].append(f)
        # Different scopes: say why they are not compared (one pair per two scopes).
        elsewhere: set[str] = set()
        for (sa, fa), (sb, fb) in combinations(sorted(by_scope.items()), 2):
            if story_place and sa[0] not in ("all", story_place) and sb[0] in ("all", story_place):
                (sa, fa), (sb, fb) = (sb, fb), (sa, fa)
            a = fa[0]
            b = next((g for g in fb if src(g) != src(a)), fb[0])
            if story_place and sa[0] in ("all", story_place) and sb[0] not in ("all", story_place):
                # In a story about one country, a figure for another is background (said once).
                if b.id not in elsewhere:
                    elsewhere.add(b.id)
                    agreements.append(Agreement(
                        key=key, reason="background",
                        explanation=f"{b.display} ({_who([b])}) is given for {_place_name(sb[0])}, the "
                                    f"story is about {_place_name(story_place)}: not compared with {a.display}",
                        a=a, b=b))
                continue
            agreements.append(Agreement(
                key=key, reason="scope",
                explanation=f"{a.display} ({_scope_words(sa)}) and {b.display} ({_scope_words(sb)}) "
                            f"count different things: different scope",
                a=a, b=b))
        # A bare count under a key others give in % or money is likely misread ("by 25 basis
        # points", "29日" read as a rate): it may be shown, never set against another.
        bare = key in measured and group[0].kind == "count"
        for scope, facts_here in by_scope.items():
            d, ag = _compare(key, scope, facts_here, src, year, in_sentence, dates_at, unsure_all=bare)
            discrepancies.extend(d)
            agreements.extend(ag)
    discrepancies.sort(key=lambda d: (d.kind != "conflict", d.key))
    return discrepancies, agreements


def _misread_head_count(f: Fact) -> bool:
    """A number of people given a key that no head count has (the key came from a nearby word)."""
    if not f.counts or f.kind != "count" or (f.key or "") in HUMAN:
        return False
    return counter_key(f.counts, f.language)[0] == "people"


@lru_cache(maxsize=None)
def _month_words(language: str) -> tuple[re.Pattern[str] | None, dict[str, int]]:
    """Month names of a language (dateparser's list, inflected forms included) as one regex."""
    from ._data import dateparser_info

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


def _months(f: Fact, dates_at: Mapping[tuple[str, int], list[Fact]]) -> set[int]:
    """Months the fact's sentence names: its dates, and month names alone ("en avril")."""
    out = {int(str(d.value)[5:7]) for d in dates_at.get((f.article_id, f.evidence.start), [])
           if isinstance(d.value, str) and len(d.value) >= 7 and d.precision != "year"}
    rx, names = _month_words(f.language)
    if rx is not None:
        out |= {names[m.group(0).lower()] for m in rx.finditer(ascii_digits(f.evidence.sentence or ""))
                if m.group(0).lower() in names}
    return out


def _direct(f: Fact) -> bool:
    """Was the key read from the word the number counts ("840 000 employés"), not from context?
    Amounts and percentages take their keys from their own vocabulary."""
    if f.kind != "count":
        return True
    return bool(f.counts) and counter_key(f.counts, f.language)[0] == f.key


def _why_not(a: list[Fact], b: list[Fact], src: Callable[[Fact], str],
             dates_at: Mapping[tuple[str, int], list[Fact]]) -> tuple[str, str] | None:
    """(reason, why) two sides that disagree are not reported as a conflict; None if they are."""
    if a[0].kind != "date":
        lo, hi = sorted((_side_value(a), _side_value(b)))
        if lo > 0 and hi / lo > MAX_RATIO:
            return "differs", "far apart: more likely two different quantities (or a misread) than one disputed"
        frames = [set().union(*(_months(f, dates_at) for f in side)) for side in (a, b)]
        if all(frames) and not frames[0] & frames[1]:
            return "time", "their sentences name different months"
    if max(len({src(f) for f in a}), len({src(f) for f in b})) < 2 and not all(_direct(f) for f in a + b):
        return "differs", "one source each, and what is counted was read from the context"
    return None


def _rival(f: Fact, g: Fact) -> bool:
    """Could ``g``, in ``f``'s sentence, be the figure ``f``'s key is about?"""
    if g is f or g.kind != f.kind or (g.key and g.key != f.key) or compatible(f, g):
        return False
    v = float(g.value)  # type: ignore[arg-type]
    return not (v.is_integer() and 1800 <= v <= 2100)  # a year names a time, not a rival


def _compare(key: str, scope: tuple[str, str], facts: list[Fact], src: Callable[[Fact], str],
             year: int | None, in_sentence: Mapping[tuple[str, int], list[Fact]],
             dates_at: Mapping[tuple[str, int], list[Fact]],
             unsure_all: bool = False) -> tuple[list[Discrepancy], list[Agreement]]:
    """Discrepancies and agreements among the facts of one key and scope."""
    discs: list[Discrepancy] = []
    agrees: list[Agreement] = []
    # Sort out what may witness a conflict: read surely, about this story's time, one value
    # of its kind per sentence.
    usable: list[Fact] = []
    background: list[Fact] = []
    unsure: list[Fact] = []
    for f in sorted(facts, key=lambda f: (f.article_id, f.start)):
        ys = _years(f) if f.kind != "date" else set()
        mates = in_sentence.get((f.article_id, f.evidence.start), [])
        if year is not None and ys and year not in ys:
            background.append(f)
        elif (unsure_all or f.confidence < CONFIDENT or (year is not None and ys - {year})
              or _misread_head_count(f)):
            unsure.append(f)
        elif any(_rival(f, g) for g in mates):
            unsure.append(f)  # "cut to 2.50% from 2.75%": a change, or two quantities
        else:
            usable.append(f)

    # An article giving several values under one key ("14 dead … 218 injured") is read for its
    # first one: news states its main figure first.
    per_source: dict[str, list[Fact]] = defaultdict(list)
    for f in usable:
        per_source[src(f)].append(f)
    members: list[Fact] = []
    for fs in per_source.values():
        fs = sorted(fs, key=lambda f: (f.article_id, f.start))
        members.extend(g for g in fs if compatible(g, fs[0]))
    sides = _cluster(members) if members else []

    # Background and unsure facts: said once each, when they differ from the main figure.
    main = max(sides, key=lambda s: len({src(f) for f in s})) if sides else None
    for pool, reason in ((background, "background"), (unsure, "differs")):
        for f in pool:
            if main is None or any(compatible(f, g) for g in main):
                continue
            m = main[0]
            why = ("its sentence is about another year or event" if reason == "background"
                   else "it was read with low confidence or shares its sentence with another figure")
            agrees.append(Agreement(
                key=key, reason=reason,
                explanation=f"{f.display} ({_who([f])}) is not compared with {m.display}: {why}",
                a=m, b=f))
            break

    if len(sides) <= 1:
        side = sides[0] if sides else []
        vals = {str(f.value) for f in side}
        if len(vals) > 1:
            a = side[0]
            b = next((g for g in side if str(g.value) != str(a.value) and src(g) != src(a)), None)
            if b is not None:
                bound = a.bound or b.bound
                agrees.append(Agreement(
                    key=key, reason="bound" if bound else "rounding",
                    explanation=f"{a.display} and {b.display} "
                                + ("can both be true (a lower or upper bound)" if bound
                                   else "agree within rounding"),
                    a=a, b=b))
        return discs, agrees

    if len({src(f) for f in members}) == 1:
        discs.append(Discrepancy(
            kind="self-contradiction", key=key,
            explanation=f"{_who(members)} gives {key} as " + " and as ".join(_side_display(s) for s in sides),
            sides=[Side(_side_display(s), s) for s in sides]))
        return discs, agrees

    # The main figure is the one most sources give; each other figure is weighed against it
    # (two minor figures are never set against each other).
    n_src = [len({src(f) for f in sd}) for sd in sides]
    main_i = max(range(len(sides)), key=lambda i: (n_src[i], len(sides[i]), -i))
    growing = key.split(" (")[0] in CUMULATIVE and sides[0][0].kind == "count"
    clash: list[int] = []
    for j in range(len(sides)):
        if j == main_i:
            continue
        a, b = sides[main_i], sides[j]
        small, large = (a, b) if not growing or _side_value(a) <= _side_value(b) else (b, a)
        no: tuple[str, str] | None
        if n_src[j] >= 2:
            # Two figures each carried by several sources are more likely two different
            # quantities under one key (capacity vs passengers aboard) than a dispute.
            no = ("differs", "each is reported by several sources: probably different quantities")
        elif _before(a, b, UPDATE_GAP_DAYS) or _before(b, a, UPDATE_GAP_DAYS) or (growing and _before(small, large)):
            a, b = (a, b) if _before(a, b) else (b, a)
            no = ("update", f"{_side_display(b)} was published later ({_side_when(a)}, then {_side_when(b)})")
        else:
            no = _why_not(a, b, src, dates_at)
            if no is None and growing and not _after(small, large):
                # A running count that never went down in the reports' times may have gone up.
                no = ("differs", "a running count, and no report of the smaller figure is known to be "
                                 "later than the larger one: it may be an update")
        if no is not None:
            agrees.append(Agreement(
                key=key, reason=no[0],
                explanation=f"{_side_display(a)} ({_who(a)}) and {_side_display(b)} ({_who(b)}): "
                            + ("a later update: " if no[0] == "update" else "not flagged as a conflict: ") + no[1],
                a=a[0], b=b[0]))
            continue
        clash.append(j)
    if clash:
        clash.append(main_i)
    if not clash:
        return discs, agrees
    shown = [sides[i] for i in sorted(clash)]
    parts = [f"{_side_display(s)} — {_who(s)}" for s in shown]
    extra = ""
    meant = [f for s in shown for f in s if any("weekday does not match" in n for n in f.notes)]
    if meant:
        extra = f"; {_who(meant)} also names a weekday that points elsewhere"
    discs.append(Discrepancy(
        kind="conflict", key=key,
        explanation=(f"{key}: " if shown[0][0].kind == "date" else f"{key} ({_scope_words(scope)}): ")
        + " vs ".join(parts) + extra,
        sides=[Side(_side_display(s), s) for s in shown]))
    return discs, agrees
