"""Where sources disagree, and where they only seem to.

Facts about the same thing share a key ("employees", "downloads", "deadline"). Within a
key, facts are bucketed by scope (place: a country vs the whole; period: a quarter, a year)
— different scopes never conflict. Within a scope, values that a rounding, an "about" or a
"more than" can reconcile are one side; what remains on different sides is a conflict,
unless the sides were published at clearly different times (a later update).

A source can also contradict itself: a weekday that does not match the date beside it
("Jumat (11/7)" in 2020), or two different values for the same key and scope.
"""
from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from itertools import combinations
from typing import Callable, Iterable, Mapping, Sequence

from .dates import interval
from .numbers import display_value, generic_keys, rounding_tolerance, unit_keys
from .types import Agreement, Discrepancy, Fact, Side

UPDATE_GAP_DAYS = 1.0  # sides this far apart in publication time read as an update


def _range(f: Fact) -> tuple[float, float]:
    v = float(f.value)  # type: ignore[arg-type]
    tol = rounding_tolerance(v)
    if f.approx:
        tol = max(tol, 0.1)
    if f.bound == "min":
        return v * (1 - tol), math.inf
    if f.bound == "max":
        return 0.0, v * (1 + tol)
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


def _when(f: Fact) -> tuple[date, date] | None:
    return interval(f.evidence.published)


def _apart(side_a: list[Fact], side_b: list[Fact]) -> bool:
    """Every fact of one side published a clear day before every fact of the other."""
    ia = [_when(f) for f in side_a]
    ib = [_when(f) for f in side_b]
    if any(i is None or i[0] != i[1] for i in ia + ib):
        return False
    last_a, first_a = max(i[1] for i in ia), min(i[0] for i in ia)
    last_b, first_b = max(i[1] for i in ib), min(i[0] for i in ib)
    return (first_b - last_a).days >= UPDATE_GAP_DAYS or (first_a - last_b).days >= UPDATE_GAP_DAYS


def _cluster(facts: list[Fact]) -> list[list[Fact]]:
    """Sides: facts whose values can all be true together, greedily from the most precise."""
    order = sorted(facts, key=lambda f: (f.approx or f.bound is not None, str(f.value)))
    sides: list[list[Fact]] = []
    for f in order:
        for side in sides:
            if all(compatible(f, g) for g in side):
                side.append(f)
                break
        else:
            sides.append([f])
    return sides


def _side_display(side: list[Fact]) -> str:
    exact = [f for f in side if not f.approx and f.bound is None]
    return (exact or side)[0].display


def _who(facts: Iterable[Fact]) -> str:
    seen: list[str] = []
    for f in facts:
        w = f"{f.evidence.outlet or f.evidence.article_id} ({f.evidence.language})"
        if w not in seen:
            seen.append(w)
    return ", ".join(seen)


def find_discrepancies(
    facts: Sequence[Fact],
    *,
    canonical: Mapping[str, str] | None = None,
    keys: Callable[[Fact], str | None] | None = None,
) -> tuple[list[Discrepancy], list[Agreement]]:
    """Conflicts (and self-contradictions) and explained non-conflicts among ``facts``.

    ``canonical`` maps an article id to the article it duplicates, so a republished copy is
    not a second source. ``keys`` may give facts without a key one (e.g. from embeddings).
    """
    canonical = canonical or {}
    src = lambda f: canonical.get(f.article_id, f.article_id)  # noqa: E731
    discrepancies: list[Discrepancy] = []
    agreements: list[Agreement] = []

    # A weekday beside a date that does not match it.
    seen_self: set[tuple[str, str]] = set()
    for f in facts:
        if f.kind == "date" and any("weekday does not match" in n for n in f.notes):
            mark = (src(f), f.raw)
            if mark in seen_self:
                continue
            seen_self.add(mark)
            why = next((n for n in f.notes if "was a" in n), "the weekday does not match the date")
            discrepancies.append(Discrepancy(
                kind="self-contradiction",
                key=f.key or "date",
                explanation=f"{_who([f])} writes \"{f.raw}\": {why}",
                sides=[Side(f"{f.weekday} (weekday as written)", [f]), Side(f.display, [f])],
            ))

    skip = generic_keys() | unit_keys()
    groups: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        k = f.key if f.key else (keys(f) if keys else None)
        if k and k not in skip and f.value is not None:
            # "9% of employees" and "42,000 employees" count different things.
            groups[k if f.kind in ("count", "date") else f"{k} ({f.unit or f.kind})"].append(f)

    for key, group in groups.items():
        by_scope: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        for f in group:
            by_scope[scope_of(f) if f.kind != "date" else ("all", "all")].append(f)
        # Different scopes: say why they are not compared (one pair per two scopes).
        for (sa, fa), (sb, fb) in combinations(sorted(by_scope.items()), 2):
            a = fa[0]
            b = next((g for g in fb if src(g) != src(a)), fb[0])
            agreements.append(Agreement(
                key=key, reason="scope",
                explanation=f"{a.display} ({_scope_words(sa)}) and {b.display} ({_scope_words(sb)}) "
                            f"count different things: different scope",
                a=a, b=b))
        for scope, members in by_scope.items():
            # An article giving several values under one key ("14 dead … 218 injured … 100
            # dead in 2010") is read for its first one: news states its main figure first.
            per_source: dict[str, list[Fact]] = defaultdict(list)
            for f in members:
                per_source[src(f)].append(f)
            members = []
            for fs in per_source.values():
                fs = sorted(fs, key=lambda f: f.start)
                members.extend(g for g in fs if compatible(g, fs[0]))
            if not members:
                continue
            sides = _cluster(members)
            if len(sides) == 1:
                side = sides[0]
                vals = {str(f.value) for f in side}
                if len(vals) > 1:
                    a = side[0]
                    b = next((g for g in side if str(g.value) != str(a.value) and src(g) != src(a)), None)
                    if b is not None:
                        bound = a.bound or b.bound
                        agreements.append(Agreement(
                            key=key, reason="bound" if bound else "rounding",
                            explanation=f"{a.display} and {b.display} "
                                        + ("can both be true (a lower or upper bound)" if bound
                                           else "agree within rounding"),
                            a=a, b=b))
                continue
            sources = [{src(f) for f in s} for s in sides]
            single = set.union(*sources)
            if len(single) == 1:
                discrepancies.append(Discrepancy(
                    kind="self-contradiction", key=key,
                    explanation=f"{_who(members)} gives {key} as " +
                                " and as ".join(_side_display(s) for s in sides),
                    sides=[Side(_side_display(s), s) for s in sides]))
                continue
            backed = [sd for sd in sides if len({src(f) for f in sd}) >= 2]
            if len(backed) >= 2:
                # Two figures each carried by several sources are more likely two different
                # quantities under one key (capacity vs passengers aboard) than a dispute.
                agreements.append(Agreement(
                    key=key, reason="ambiguous",
                    explanation=f"{' and '.join(_side_display(sd) for sd in backed)} are each reported "
                                f"by several sources: probably different quantities, not flagged",
                    a=backed[0][0], b=backed[1][0]))
                continue
            if len(sides) == 2 and _apart(sides[0], sides[1]):
                agreements.append(Agreement(
                    key=key, reason="update",
                    explanation=f"{_side_display(sides[0])} and {_side_display(sides[1])} were "
                                f"published at different times: a later update",
                    a=sides[0][0], b=sides[1][0]))
                continue
            # Say what each side is and who says it.
            parts = [f"{_side_display(s)} — {_who(s)}" for s in sides]
            extra = ""
            meant = [f for s in sides for f in s if any("weekday does not match" in n for n in f.notes)]
            if meant:
                extra = f"; {_who(meant)} also names a weekday that points elsewhere"
            discrepancies.append(Discrepancy(
                kind="conflict", key=key,
                explanation=(f"{key}: " if group[0].kind == "date" else f"{key} ({_scope_words(scope)}): ")
                + " vs ".join(parts) + extra,
                sides=[Side(_side_display(s), s) for s in sides]))
    discrepancies.sort(key=lambda d: (d.kind != "conflict", d.key))
    return discrepancies, agreements
