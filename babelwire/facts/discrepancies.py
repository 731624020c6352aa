"""Where sources disagree, and where they only seem to.

Precision first: a false conflict is worse than none. Facts are grouped by key and scope; in
each group the figure most sources give (the main one) is weighed against each other figure,
and a **conflict** is reported only when all of these hold (the tests live in comparable.py):

- both were read with high confidence (``Fact.confidence`` ≥ ``CONFIDENT``), and neither shares
  its sentence with a rival figure ("cut to 2.50% from 2.75%" states a change);
- same quantity (key and unit), same scope (place, period) and same time frame: a sentence that
  names another year than the story's, or a figure given for another country than the story's,
  is **background**; sentences naming disjoint months are a **different time**;
- independent sources: a copy or translation (``duplicate_of``), or two articles in different
  languages whose numbers are near-identical, is one source;
- not an **update**: values published a clear day apart, or a running count (deaths, injured,
  homes …) larger in later reports; shown with both times. A running count is a conflict only
  when the smaller figure is surely reported after the larger one;
- not two figures each carried by several sources, not more than 2.5× apart (an order of
  magnitude in words, "hundreds", spans 100 to 2,000 against a figure; "hundreds" and
  "thousands" disagree), and when each side has one source, both
  keys were read from the counted word itself and neither is only an order of magnitude.

What fails only on certainty is **differs**: shown beside the facts, never at the top. Values
that a rounding, an "about" or a "more than" reconcile are one side. A source can also
contradict itself: a weekday that does not match the date beside it ("Jumat (11/7)" in 2020).
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Callable, Iterable, Mapping, Sequence

from .comparable import (
    compatible,
    independent_sources,
    key_read_directly,
    merge_story_place,
    misread_head_count,
    months_named,
    place_name,
    published_after,
    published_before,
    reach,
    rival,
    scope_words,
    story_place,
    story_year,
    when_text,
    years_named,
)
from .number_words import generic_keys, unit_keys
from .types import CONFIDENT, Agreement, Discrepancy, Fact, Side

UPDATE_GAP_DAYS = 1.0  # sides this far apart in publication time read as an update
MAX_RATIO = 2.5  # figures further apart are two quantities or a misread more often than a dispute
# Counts that only grow while a story runs: a larger figure published later is an update.
CUMULATIVE = frozenset({"deaths", "injured", "displaced", "homes", "rescued", "cases", "area",
                        "villages", "firefighters"})

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


def _who(facts: Iterable[Fact]) -> str:
    seen: list[str] = []
    for f in facts:
        w = f"{f.evidence.outlet or f.evidence.article_id} ({f.evidence.language})"
        if w not in seen:
            seen.append(w)
    return ", ".join(seen)


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


def _ratio(a: list[Fact], b: list[Fact]) -> float:
    """How far apart two sides are at their nearest: "hundreds" (100 to 2,000) and "thousands"
    (1,000 to 20,000) are not 10× apart; "dozens" and "thousands" are."""
    lo_a, hi_a = min(reach(f)[0] for f in a), min(reach(f)[1] for f in a)
    lo_b, hi_b = min(reach(f)[0] for f in b), min(reach(f)[1] for f in b)
    lo, hi = sorted(((lo_a, hi_a), (lo_b, hi_b)))
    if lo[1] <= 0:
        return 1.0
    return max(hi[0] / lo[1], 1.0)


def _side_when(side: list[Fact]) -> str:
    return ", ".join(sorted({when_text(f) for f in side}))


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

    year = story_year(facts, context)
    home = story_place(facts, src)
    # Values in one sentence: a figure beside another of its kind with no key of its own
    # ("autorisé à transporter 120 passagers, en comptait 186") may not be what its key says.
    in_sentence: dict[tuple[str, int], list[Fact]] = defaultdict(list)
    dates_at: dict[tuple[str, int], list[Fact]] = defaultdict(list)  # the dates a sentence names
    for f in facts:
        if f.value is not None:
            (dates_at if f.kind == "date" else in_sentence)[(f.article_id, f.evidence.start)].append(f)
    for key, group in groups.items():
        scopes = merge_story_place(group, src, home)
        by_scope: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        for f in group:
            by_scope[scopes[f.id]].append(f)
        # Different scopes: say why they are not compared (one pair per two scopes).
        elsewhere: set[str] = set()
        for (sa, fa), (sb, fb) in combinations(sorted(by_scope.items()), 2):
            if home and sa[0] not in ("all", home) and sb[0] in ("all", home):
                (sa, fa), (sb, fb) = (sb, fb), (sa, fa)
            a = fa[0]
            b = next((g for g in fb if src(g) != src(a)), fb[0])
            if home and sa[0] in ("all", home) and sb[0] not in ("all", home):
                # In a story about one country, a figure for another is background (said once).
                if b.id not in elsewhere:
                    elsewhere.add(b.id)
                    agreements.append(Agreement(
                        key=key, reason="background",
                        explanation=f"{b.display} ({_who([b])}) is given for {place_name(sb[0])}, the "
                                    f"story is about {place_name(home)}: not compared with {a.display}",
                        a=a, b=b))
                continue
            agreements.append(Agreement(
                key=key, reason="scope",
                explanation=f"{a.display} ({scope_words(sa)}) and {b.display} ({scope_words(sb)}) "
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


def _why_not(a: list[Fact], b: list[Fact], src: Callable[[Fact], str],
             dates_at: Mapping[tuple[str, int], list[Fact]]) -> tuple[str, str] | None:
    """(reason, why) two sides that disagree are not reported as a conflict; None if they are."""
    if a[0].kind != "date":
        if _ratio(a, b) > MAX_RATIO:
            return "differs", "far apart: more likely two different quantities (or a misread) than one disputed"
        frames = [set().union(*(months_named(f, dates_at) for f in side)) for side in (a, b)]
        if all(frames) and not frames[0] & frames[1]:
            return "time", "their sentences name different months"
    if max(len({src(f) for f in a}), len({src(f) for f in b})) < 2:
        if not all(key_read_directly(f) for f in a + b):
            return "differs", "one source each, and what is counted was read from the context"
        if any(all(f.precision == "magnitude" for f in side) for side in (a, b)):
            # "dozens broke in" vs "hundreds protested": vague words often count different crowds
            return "differs", "one source each, and one says only an order of magnitude"
    return None


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
        ys = years_named(f) if f.kind != "date" else set()
        mates = in_sentence.get((f.article_id, f.evidence.start), [])
        if year is not None and ys and year not in ys:
            background.append(f)
        elif (unsure_all or f.confidence < CONFIDENT or (year is not None and ys - {year})
              or misread_head_count(f)):
            unsure.append(f)
        elif any(rival(f, g) for g in mates):
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
        sa, sb = sides[main_i], sides[j]
        small, large = (sa, sb) if not growing or _side_value(sa) <= _side_value(sb) else (sb, sa)
        no: tuple[str, str] | None
        if n_src[j] >= 2:
            # Two figures each carried by several sources are more likely two different
            # quantities under one key (capacity vs passengers aboard) than a dispute.
            no = ("differs", "each is reported by several sources: probably different quantities")
        elif (published_before(sa, sb, UPDATE_GAP_DAYS) or published_before(sb, sa, UPDATE_GAP_DAYS)
              or (growing and published_before(small, large))):
            sa, sb = (sa, sb) if published_before(sa, sb) else (sb, sa)
            no = ("update", f"{_side_display(sb)} was published later ({_side_when(sa)}, then {_side_when(sb)})")
        else:
            no = _why_not(sa, sb, src, dates_at)
            if no is None and growing and not published_after(small, large):
                # A running count that never went down in the reports' times may have gone up.
                no = ("differs", "a running count, and no report of the smaller figure is known to be "
                                 "later than the larger one: it may be an update")
        if no is not None:
            agrees.append(Agreement(
                key=key, reason=no[0],
                explanation=f"{_side_display(sa)} ({_who(sa)}) and {_side_display(sb)} ({_who(sb)}): "
                            + ("a later update: " if no[0] == "update" else "not flagged as a conflict: ") + no[1],
                a=sa[0], b=sb[0]))
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
        explanation=(f"{key}: " if shown[0][0].kind == "date" else f"{key} ({scope_words(scope)}): ")
        + " vs ".join(parts) + extra,
        sides=[Side(_side_display(s), s) for s in shown]))
    return discs, agrees
