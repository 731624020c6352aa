"""Same-event anchors: specific figures, and rare names, that two articles both give.

Two articles about one event tend to repeat its figures ("750 troops", "3,412 homes")
whatever their language or angle; two reports of the same *kind* of event (another day's
tally, another city's fire) share the topic's names and the small numbers any text has,
rarely a specific figure. A figure is an anchor when it is a whole number >= 100 that is not
round (100, 500, 3000 are anyone's) or a decimal with three digits or more ("1380.2"; on
the dev set "6.7", "2.7" were software versions, rates and shares of other events), and not
common in the corpus (``docfreq.DocFreq`` weight).

Measured on the judged dev stories (tests/data/judged-stories) and the rated dev pairs: a
shared figure holds for 17% of same-event pairs and 0.2% of pairs of two events of one kind
(124 / 722 vs 1 / 449); rated same-story pairs 8.7%, different-story 0.8%. Two shared rare
names (weight >= 0.8: a handful of articles give them) are weaker evidence: same-event 10%,
other-event 2.4%, rated same 55%, different 6.4%; the clusterer lets them join at a higher
score than figures (``cluster/common.py``: ``anchor_floor``, ``name_floor``), and a lone
three-digit figure (``figure_strength``) at a higher one still (``weak_floor``).

The converse, evidence that two articles of one kind tell different events, is applied by
the scorer as factors (``score.py``): two that each give specific figures and share none
(``figures_apart``) or four small counts and share none (``counts_apart``: another day's
tally), that write days weeks apart (``dates_apart``), or that, in one language, each name
specific things and share none of them (``names_apart``: a recurring format's features); so
do two whose leads each give a figure the other lacks (``lead_figures_apart``: another day's
tally or price), and a pair with a stub (``stub``: a headline and a site's line).

Set operations on what ``features.extract`` already holds: no extra work per article.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Callable

from .cities import find_cities
from .features import extract_entities
from .places import countries_named

MIN_WEIGHT = 0.3  # document-frequency weight of a figure (1: seen nowhere else)
NAME_WEIGHT = 0.8  # a rare name: weight of one that a handful of articles name
NAME_COUNT = 2  # rare names two articles must share to count as (weaker) same-event evidence
APART_COUNT = 2  # specific figures each of two articles must give, none shared, to count as apart
MIN_VALUE = 100.0  # whole numbers below this are counts any text has ("3 people", "24 hours")
LONE_AMONG = 3  # a single shared figure, when both articles give this many, is weak evidence
DATES_APART_DAYS = 3  # days of the year two articles write, each this far from all of the other's
COUNT_MIN = 10.0  # numbers from this up count for ``counts_apart`` (years are apart already)
COUNTS_APART = 4  # such numbers each of two articles must give, none shared, to count as apart
OWN_NAME_WEIGHT = 0.6  # a name specific enough to tell an article's own happening (``names_apart``)
OWN_NAME_COUNT = 2  # such names each of two articles must give, none shared, to count as apart
OWN_NAME_CHARS = 500  # shorter texts (a paywall notice and a headline) say too little to tell
LEAD_FIGURE_TOL = 0.2  # a lead figure within this share of one the other gives is the same figure
HEADLINE_CHARS = 120  # a headline run on into the text (no line break) is cut here (``headline_of``)
STUB_CHARS = 150  # own text shorter than this: a headline and a line (``stub``)


def is_specific(key: str) -> bool:
    """A normalised number key (``figures._number_key``) that can tell one event: a whole
    number >= 100 with two significant digits or more, or a number >= 1 with three or more
    and a decimal part ("1380.2", "4.25"; "6.7" may be a version, a rate, a share)."""
    try:
        v = abs(float(key))
        if v == int(v):
            return v >= MIN_VALUE and len(str(int(v)).rstrip("0")) >= 2
    except (ValueError, OverflowError):  # not a number, inf
        return False
    return v >= 1.0 and len(key.replace(".", "").replace("-", "").lstrip("0")) >= 3 and "e" not in key


def anchor_numbers(f: Any, weight: Callable[[str], float], min_weight: float = MIN_WEIGHT) -> frozenset[str]:
    """The article's specific, uncommon figures (``f``: ``features.ArticleFeatures``)."""
    return frozenset(n for n in f.numbers if is_specific(n) and weight("#" + n) >= min_weight)


def shared_anchors(fa: Any, fb: Any, weight: Callable[[str], float], min_weight: float = MIN_WEIGHT) -> list[str]:
    """Figures both articles report that can tell one event from another, sorted."""
    both = fa.numbers & fb.numbers
    return sorted(n for n in both if is_specific(n) and weight("#" + n) >= min_weight)


def figures_apart(fa: Any, fb: Any, weight: Callable[[str], float], count: int = APART_COUNT) -> bool:
    """Both articles report ``count`` or more specific, uncommon figures and share none.

    Two reports of one recurring format (another day's tally, another day's exchange rates,
    another draw) each give their own figures; two reports of one event repeat some of its
    figures. Measured on the judged dev stories: it holds for 0.8% of same-event pairs
    (6 / 782) and 11% of the other-event pairs a run put in one story (19 / 177). The rated
    dev pairs do not carry it (same story 4.3%, different 3.1%: raters call two reports of
    one format similar), so a combiner fitted on them cannot learn it; the scorer applies it
    as a factor (``score.FIGURES_APART``).
    """
    if len(fa.numbers) < count or len(fb.numbers) < count:
        return False
    a, b = anchor_numbers(fa, weight), anchor_numbers(fb, weight)
    return len(a) >= count and len(b) >= count and not (a & b)


def counts_apart(fa: Any, fb: Any, count: int = COUNTS_APART, low: float = COUNT_MIN) -> bool:
    """Both articles give ``count`` or more numbers of ``low`` and up and share none of them.

    ``figures_apart`` with the small numbers too: a daily tally ("26 new infections, 9 in
    Silesia, 4 in Lublin") gives two-digit counts that are no specific figures, and another
    day's tally of the same kind gives other ones; two reports of one event repeat some of
    its counts. Measured on the judged dev stories among pairs scoring 0.5 or more: it holds
    for 2 of 592 same-event pairs and 3 of 74 other-event pairs that a run put in one story;
    rated dev pairs: 0 of 238 same-story (BENCHMARKS.md). Applied as ``score.FIGURES_APART``.
    """
    if len(fa.numbers) < count or len(fb.numbers) < count:
        return False
    a, b = _counts(fa, low), _counts(fb, low)
    return len(a) >= count and len(b) >= count and not (a & b)


def lead_figures_apart(fa: Any, fb: Any) -> bool:
    """Both leads give a figure of 10 and up (``figures.lead_numbers``: the headline and the
    first words, days of the month and clock times left out) and neither article gives any of
    the other's lead figures anywhere, not even within ``LEAD_FIGURE_TOL`` of it.

    A tally, a market report or a price item leads with its figure ("283 Fälle in Berlin",
    "Brent petrolün varili 41,98 dolar", "más de 84 mil muertos"); another day's or place's
    report of the same format leads with its own, and a report of the same event repeats the
    figure somewhere, if rounded ("about €15 million" beside "14,5 millones") or updated.
    Measured on the judged dev stories among pairs scoring 0.5 or more without it: 8 of 255
    other-event pairs, 0 of 590 same-event pairs (exact figures only: 27 and 3, and 30 of the
    examples' same-story pairs); rated dev pairs: 5 of 348 rated alike (two days' tallies of one
    hospital or city among them), 3 of 64 rated different. Applied as ``score.FIGURES_APART``;
    the clusterer also lets it undo a shared figure's or names' anchored join
    (``cluster/score.py``: a format's names and constants recur in every issue).
    """
    a, b = fa.lead_numbers, fb.lead_numbers
    if not a or not b or a & fb.numbers or b & fa.numbers:
        return False
    return not any(_near(x, fb.numbers) for x in a) and not any(_near(x, fa.numbers) for x in b)


def _near(key: str, numbers: Any, tol: float | None = None) -> bool:
    """A number within ``LEAD_FIGURE_TOL`` of ``key`` among ``numbers``: one event's figure as
    rounded or updated by another outlet ("about €15 million", "14,5 millones")."""
    tol = LEAD_FIGURE_TOL if tol is None else tol
    x = float(key)
    for n in numbers:
        try:
            y = float(n)
        except ValueError:  # not a number key
            continue
        if abs(x - y) <= tol * max(abs(x), abs(y)):
            return True
    return False


def _counts(f: Any, low: float) -> set[str]:
    out = set()
    for k in f.numbers:
        try:
            if abs(float(k)) >= low:
                out.add(k)
        except ValueError:  # not a number key
            continue
    return out


def figure_strength(figures: list[str], given: int = 0) -> int:
    """How much the figures two articles share (``shared_anchors``) say they report one
    event: 2 for two figures or more, or one of four digits and more or with a decimal part;
    1 for a single three-digit whole number, or for any single figure when both articles give
    ``LONE_AMONG`` specific figures or more (``given``: the smaller of their counts,
    ``anchor_numbers``); 0 for none.

    A lone three-digit figure is weak evidence: on the rated dev pairs it is shared by 1.4% of
    same-story pairs and 0.6% of different ones (bigger or several figures: 9.8% and 0.6%),
    and on the judged stories it joined other events through phone-number parts ("313",
    "596"), model numbers ("737"), law sections ("144") and other tallies ("282").

    One figure in common between two tallies that each give many is chance as often as not
    (another country's "47,000" deaths, a "33 million" screened, a projected "1,700"): on the
    judged dev stories it held for 12 of the 847 other-event pairs and 1 of the 844 same-event
    pairs (both giving 3+ figures; 4+: 7 and 0).
    """
    if len(figures) >= 2:
        return 2
    if not figures:
        return 0
    if given >= LONE_AMONG:
        return 1
    n = figures[0]
    return 2 if "." in n or abs(float(n)) >= 1000 else 1


def figures_together(fa: Any, fb: Any, figures: list[str], weight: Callable[[str], float]) -> bool:
    """The two articles report a specific figure of one event (``figures``: their
    ``shared_anchors``; ``figure_strength`` >= 1) and name a country or city in common.

    Same-event evidence that needs no spelling in common: a figure is written in digits in
    every language, and countries and cities come from the gazetteer, which knows their names
    in every script ("Bagdad", "Baghdad", "巴格达"), so a Chinese and a Polish report of one
    event meet where their names do not. The place keeps a figure of another country's event
    ("750" troops, "750" homes) from counting. Measured on the judged dev stories: it holds for
    12% of same-event pairs and 0.7% of other-event pairs (110 / 916, 6 / 847); rated dev pairs
    4.5% of same-story and 0.6% of different (22 / 484, 4 / 725). The combiner, fitted on the
    rated pairs, weighs numbers as a share of all of them and cannot see it: the scorer applies
    it as a factor on the odds (``score.FIGURES_TOGETHER``).
    """
    if not figures or not (fa.places & fb.places or fa.cities & fb.cities):
        return False
    given = min(len(anchor_numbers(fa, weight)), len(anchor_numbers(fb, weight)))
    return figure_strength(figures, given) >= 1


def dates_apart(fa: Any, fb: Any, days: int = DATES_APART_DAYS) -> bool:
    """Both articles write days of the year ("1 March", "24/05/2020"; ``features.dates``) and
    each of one's is more than ``days`` from each of the other's (around the year: the year is
    often unwritten, and 31 Dec is next to 1 Jan).

    Two articles about one person or topic weeks apart (a request for immunity in January, the
    trial in May; a coalition's contact ban and its easing) write the days of their own events;
    two reports of one event write the same days or none. A publication window does this
    where dates are known; the SemEval dev texts carry none. Measured on the judged dev
    stories: it holds for 2 of 844 same-event pairs and 34 of 847 other-event pairs (rated dev
    pairs: 11 of 285 same-story, 37 of 521 different; raters call one topic over weeks
    similar), so the scorer applies it as a factor (``score.DATES_APART``), like
    ``figures_apart``.
    """
    a = [x for x in map(_day, fa.dates) if x] if fa.dates else []
    b = [x for x in map(_day, fb.dates) if x] if a and fb.dates else []
    if not b:
        return False
    return all(min(abs(x - y), 366 - abs(x - y)) > days for x in a for y in b)


def names_apart(fa: Any, fb: Any, matches: Any, figures: list[str], weight: Callable[[str], float],
                weight_min: float = OWN_NAME_WEIGHT, count: int = OWN_NAME_COUNT) -> bool:
    """Two articles of one language each name ``count`` or more specific people, places or
    bodies (capitalised names of document-frequency weight >= ``weight_min``) and share none
    of them, no specific figure and no written day (``matches``: the pair's
    ``features.EntityMatch`` list; ``figures``: its ``shared_anchors``).

    Two reports of one happening name its actors and places, spelled alike within a language;
    two articles of a recurring format (New Year's-resolution features, tips, editorials)
    share only the format's common words ("New Year", "It") and each names its own outlet,
    experts and examples. Only within one language and one cased script: across languages,
    and in uncased scripts (no capitalised names), a shared name is often missed, so there
    its absence says nothing; and only when both texts are ``OWN_NAME_CHARS`` long or more
    (a paywall notice under a headline names only the outlet). Measured on the judged dev stories, among pairs scoring 0.5 or
    more: 0 of 592 same-event pairs and 7 of 74 other-event pairs that a run put in one story
    (5 of 6 from New Year's-resolution features); rated dev pairs: 1 of 238 same-story, 0 of
    195 others (BENCHMARKS.md). The scorer applies
    it as a factor (``score.NAMES_APART``).

    Across languages of Latin script it was tried and left out (stories13): names compared
    as ASCII keys by fuzzy ratio >= 75 or containment, the name that only matches a common
    one of the other side ("Iranu", "Iran") dropped, and only two-word names ("Qassim
    Soleimani"), fires on cross-language judged pairs scoring 0.5 or more: 17 of 422
    same-event, 27 of 189 other-event (one event's reports
    name different officials, translate "Papa Francesco"/"Papież Franciszek", and German
    capitalises nouns); a run splits the Baghdad-embassy story: other-event pairs apart
    0.750 -> 0.922, together 0.925 -> 0.708;
    applied to merge checks only (or with ``merge_pairs`` 0.15): apart 0.849, together 0.709.
    """
    if fa.language != fb.language or min(fa.length, fb.length) < OWN_NAME_CHARS or (fa.dates & fb.dates):
        return False
    if figures or any(m.weight >= weight_min for m in matches):
        return False
    return all(_own_names(f, weight, weight_min) >= count for f in (fa, fb))


def _own_names(f: Any, weight: Callable[[str], float], weight_min: float) -> int:
    """How many specific names an article gives; memoised on the DocFreq (``names_cache``,
    dropped whenever counts move), since most candidate pairs of one language get here."""
    cache = getattr(weight, "names_cache", None) if weight_min == OWN_NAME_WEIGHT else None
    hit = cache.get(id(f)) if cache is not None else None
    if hit is not None and hit[0] is f:
        return hit[1]
    n = sum(1 for k, c in f.entities.items() if c.strong and weight(k) >= weight_min)
    if cache is not None:
        if len(cache) >= 200_000:  # counts that never move never clear it
            cache.clear()
        cache[id(f)] = (f, n)
    return n


def stub(fa: Any, fb: Any, chars: int = STUB_CHARS) -> bool:
    """One of the two articles has under ``chars`` characters of its own text (boilerplate
    left out): a headline and a line ("... news from Poland and the world", an ad-blocker
    notice), whose vector is mostly the template line that every page of its site carries.
    Two such pages of one site score as one story whatever their headlines say. Measured on
    the judged dev stories, among pairs scoring 0.5 or more: 7 of 255 other-event pairs, 0 of
    590 same-event pairs; applied as a factor (``score.STUB``)."""
    return min(fa.length, fb.length) < chars


def _day(md: str) -> int:
    """Day of a leap year for a "MM-DD" key; 0 for a day no month has ("02-31")."""
    month, day = md.split("-")
    try:
        return date(2020, int(month), int(day)).timetuple().tm_yday
    except ValueError:
        return 0


def rare_names(matches: Any, min_weight: float = NAME_WEIGHT, count: int = NAME_COUNT) -> list[str]:
    """Names both articles give that few other articles give (``matches``: the pair's
    ``features.EntityMatch`` list), when there are at least ``count``; else none."""
    names = [m.display for m in matches if m.weight >= min_weight]
    return names if len(names) >= count else []


def headline_of(title: str, text: str, chars: int = HEADLINE_CHARS) -> str:
    """An article's headline: its title, else its text's first line (stores of scraped pages
    keep the headline as the text's start, ended by a line break or two spaces), without a
    site name after a dash or bar, at most ``chars`` long."""
    head = title.strip() or re.split(r"\n|  ", text.strip(), maxsplit=1)[0]
    return re.split(r" [–—|] ", head[:chars], maxsplit=1)[0]


def headline_names(title: str, f: Any, weight: Callable[[str], float],
                   min_weight: float = OWN_NAME_WEIGHT, text: str = "") -> list[tuple[str, tuple[str, str]]]:
    """The specific names an article's headline gives (people and bodies, not places): single words of the headline that its
    text names mid-sentence (a capitalised name, so not a headline's capitalised words) in a
    cased script, that its text (``text``, the headline left out) gives again and never in
    lower case, of document-frequency weight
    >= ``min_weight``; each as (script, (key,
    skeleton)). A name of two words is given by its words ("Qassem Soleimani": "Soleimani"),
    so that a member naming only the surname names it.

    A story whose members, in the article's script, none name its headline's subject is about
    something else (the clusterer's ``headline_names``, ``cluster/online.py`` step 7)."""
    out = []
    for key, c in extract_entities(title).items():
        own = f.entities.get(key)
        if " " in c.display or own is None or not own.strong or own.script not in ("latin", "cased"):
            continue
        if not re.search(rf"\b{re.escape(c.display)}\b", text) or re.search(rf"\b{re.escape(c.display.lower())}\b", text):
            continue  # not in the text, or in lower case too: a word ("Options", "Demonstrators")
        if countries_named(c.display, f.language)[1] or find_cities(c.display):
            continue  # a place: languages of one script spell it apart ("Austria", "Österreich")
        if len(own.skel) >= 3 and weight(key) >= min_weight:
            out.append((own.script, (key, own.skel)))
    return out


def names_any(f: Any, name: tuple[str, str]) -> bool:
    """Does an article name ``name`` (a (key, skeleton) of ``headline_names``): the same key, or a
    word of the same first two letters whose consonant skeleton starts the other's ("Suleimani"
    for "Soleimani"; "Iran" for the Polish "Iranem", "Bagdadzie" for "Baghdad": inflected
    names count as named)."""
    key, skel = name
    if key in f.entities:
        return True
    for c in f.entities.values():
        if c.key[:2] == key[:2] and min(len(c.skel), len(skel)) >= 2 and (
                c.skel.startswith(skel) or skel.startswith(c.skel)):
            return True
    return False
