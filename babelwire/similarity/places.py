"""Countries an article is about, and when two articles are about different ones.

Two reports of one kind about different countries (COVID tallies, first babies of the year)
are different events however close their vectors are. The countries come from the facts
gazetteer (names in every script it knows): those in the lead (headline and the first
``LEAD_CHARS`` characters) say what the article is about; those anywhere in the feature text
let an article with a local angle on one event ("… more than Italy") still meet the other.
"""
from __future__ import annotations

from typing import Any

LEAD_CHARS = 800  # where the countries an article is about are named (measured: 400 and 1,500 did worse)


def countries_named(body: str, language: str) -> tuple[frozenset[str], frozenset[str]]:
    """(ISO codes named in the lead, ISO codes named anywhere in ``body``).

    The lead is scanned on its own: the gazetteer reads a text whole (Chinese runs, longest
    matches), and the lead's own reading is what the veto was measured with."""
    from ..facts.gazetteer import find_places  # facts imports similarity.features: import at call time

    try:
        lead = find_places(body[:LEAD_CHARS], language)
        found = find_places(body, language) if len(body) > LEAD_CHARS else lead
    except (LookupError, ValueError):  # a language the gazetteer has no names for
        return frozenset(), frozenset()
    return frozenset(c for _, _, c in lead), frozenset(c for _, _, c in found)


def place_conflict(fa: Any, fb: Any) -> bool:
    """Both leads name countries and neither article names any country of the other's lead
    (``fa``/``fb``: ``features.ArticleFeatures``)."""
    return (bool(fa.lead_places) and bool(fb.lead_places)
            and not (fa.lead_places & fb.places) and not (fb.lead_places & fa.places))
