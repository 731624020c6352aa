"""Name dictionaries for entity recognition: the country gazetteer and entities.json's word lists.

``gazetteer(language)`` maps country names per language (Babel's territory names,
pycountry's gettext catalogues, and everyday short forms from places.json) to ISO codes,
and ``find_places`` finds them in text, in spaced scripts and in CJK runs alike;
``country_names_en`` gives the readable English name for a code. ``entity_words`` reads
the titles, organisation words, person cues and non-names of entities.json. These are
data look-ups shared by the extractor (entities.py), the grouping (grouping.py) and the
number scopes (numbers.py), so they sit apart from the code that reads names by shape.
"""
from __future__ import annotations

import gettext
import re
from collections import defaultdict
from functools import lru_cache

from ..text import script_of
from ._data import base_lang, lib_lang, load
from .transliteration import AR_PREFIX, NAME_TOKEN, latin_key, norm_form

# --------------------------------------------------------------------------- gazetteer

@lru_cache(maxsize=None)
def country_names_en() -> dict[str, str]:
    """ISO code -> readable English name (pycountry's common name when it has one)."""
    out: dict[str, str] = {}
    try:
        # deferred: pycountry is slow to import; paid only when this runs
        import pycountry

        for c in pycountry.countries:
            out[c.alpha_2] = getattr(c, "common_name", None) or c.name
    except Exception:
        pass
    try:
        # deferred: babel is slow to import; paid only when this runs
        from babel import Locale

        for code, name in Locale.parse("en").territories.items():
            if len(code) == 2 and code.isalpha():
                out.setdefault(code, name)
    except Exception:
        pass
    out.update({"US": "United States", "GB": "United Kingdom", "HK": "Hong Kong", "KR": "South Korea",
                "RU": "Russia", "IR": "Iran", "SY": "Syria", "TW": "Taiwan", "VN": "Vietnam"})
    return out


def _clean_place_name(name: str) -> str:
    # "हाँग काँग (चीन विशेष प्रशासनिक क्षेत्र)" -> "हाँग काँग"; "Hongkong SAR Kina" -> "Hongkong"
    name = re.sub(r"\s*[(（].*?[)）]", "", name)
    name = re.sub(r"\s+(?:SAR|RAS|DAK)\b.*$", "", name)
    return name.strip(" ,")


@lru_cache(maxsize=None)
def gazetteer(language: str) -> dict[str, str]:
    """Normalised place name -> ISO 3166 code, for one language plus English."""
    names: dict[str, str] = {}
    langs = [lib_lang(language)] + (["en"] if lib_lang(language) != "en" else [])
    for lang in langs:
        try:
            # deferred: babel is slow to import; paid only when this runs
            from babel import Locale

            for code, name in Locale.parse(lang).territories.items():
                if len(code) == 2 and code.isalpha() and code not in ("ZZ", "EU", "EZ", "UN", "QO"):
                    for n in {name, _clean_place_name(name)}:
                        if n:
                            names.setdefault(norm_form(n), code)
        except Exception:
            pass
        try:  # pycountry's gettext catalogues add official and common names
            # deferred: pycountry is slow to import; paid only when this runs
            import pycountry

            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
            for c in pycountry.countries:
                for attr in ("name", "common_name"):
                    v = getattr(c, attr, None)
                    if v:
                        names.setdefault(norm_form(_clean_place_name(tr.gettext(v))), c.alpha_2)
        except Exception:
            pass
    extra = load("places.json")
    for lang in {base_lang(language), "en"}:
        for n, code in extra.get(lang, {}).items():
            names[norm_form(n)] = code
    return names


@lru_cache(maxsize=None)
def _gazetteer_index(language: str) -> dict[str, tuple[int, ...]]:
    """First word of every name -> the word counts of names starting with it (longest first)."""
    idx: dict[str, set[int]] = defaultdict(set)
    for name in gazetteer(language):
        words = name.split()
        if words:
            idx[words[0]].add(len(words))
    return {w: tuple(sorted(ns, reverse=True)) for w, ns in idx.items()}


@lru_cache(maxsize=100_000)
def norm_token(tok: str) -> str:
    return norm_form(tok)


HAN_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@lru_cache(maxsize=None)
def _cjk_place_regex(language: str) -> re.Pattern[str] | None:
    names = sorted((n for n in gazetteer(language) if HAN_KANA.search(n) and " " not in n), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names)) if names else None


def find_places(text: str, language: str) -> list[tuple[int, int, str]]:
    """(start, end, ISO code) of country names in ``text``; longest match wins."""
    if HAN_KANA.search(text):
        # Chinese and Japanese write no spaces: names are found inside runs of characters.
        rx = _cjk_place_regex(language)
        found = [(m.start(), m.end(), gazetteer(language)[m.group(0)]) for m in rx.finditer(text)] if rx else []
        if base_lang(language) in ("zh", "ja"):
            return found
    else:
        found = []
    return sorted(found + _find_spaced_places(text, language))


def _find_spaced_places(text: str, language: str) -> list[tuple[int, int, str]]:
    gz = gazetteer(language)
    index = _gazetteer_index(language)
    toks = [(m.start(), m.end(), m.group(0)) for m in NAME_TOKEN.finditer(text)]
    norms = [norm_token(t[2]) for t in toks]
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(toks):
        s0, _e0, tok = toks[i]
        firsts = [(norms[i], 0)]
        if script_of(tok[0]) == "uncased":
            # Arabic clitics: "بالصين" is "ب" + "الصين", "والصين" is "و" + "الصين".
            stripped = tok
            for _ in range(2):  # "وبالصين" = "و" + "بال" + "صين"
                nxt = AR_PREFIX.sub("", stripped)
                if nxt == stripped or len(nxt) < 2:
                    break
                stripped = nxt
                shift = len(tok) - len(stripped)
                firsts += [(norm_token(stripped), shift), (norm_token("ال" + stripped), shift)]
        elif not tok[0].isupper():
            i += 1
            continue  # "chad", "turkey": Latin place names are capitalised
        hit = None
        for first, shift in firsts:
            for n in index.get(first, ()):
                if i + n > len(toks):
                    continue
                if n > 1 and any(text[toks[j][1]:toks[j + 1][0]].strip(" -") not in (
                        ("", ".") if toks[j][2].isupper() and len(toks[j][2]) <= 3 else ("",))
                                 for j in range(i, i + n - 1)):
                    continue  # words of a name are separated by spaces or hyphens; initials by "." ("EE. UU.")
                code = gz.get(" ".join([first] + norms[i + 1:i + n]))
                if code is None:
                    continue
                start, end = s0 + shift, toks[i + n - 1][1]
                if end - start <= 3 and script_of(tok[0]) != "uncased" and not text[start:end].isupper():
                    continue  # "as" is not "AS" (Amerika Serikat)
                hit = (start, end, code, n)
                break
            if hit:
                break
        if hit:
            out.append(hit[:3])
            i += hit[3]
        else:
            i += 1
    return out


@lru_cache(maxsize=None)
def entity_words() -> tuple[set[str], set[str], list[str], set[str]]:
    d = load("entities.json")
    return (set(d["titles"]), set(d["org_words"]), [c.lower() for c in d["person_cues"]],
            set(d["not_names"]))


@lru_cache(maxsize=None)
def not_alone_words() -> frozenset[str]:
    return frozenset(load("entities.json").get("not_alone", []))


@lru_cache(maxsize=None)
def place_words() -> frozenset[str]:
    return frozenset(load("entities.json")["place_words"])


@lru_cache(maxsize=None)
def name_variants() -> dict[str, str]:
    """ASCII key of a given name as one language writes it -> the English name ("francesco" ->
    "Francis"); the transliterated keys are there too ("frantsisk" for "Франциск")."""
    out: dict[str, str] = {}
    for name, forms in load("entities.json")["name_variants"].items():
        for f in forms:
            out[latin_key(f)] = name
    return out


@lru_cache(maxsize=None)
def _not_name_regex(language: str) -> re.Pattern[str] | None:
    d = load("entities.json")
    phrases = set()
    for key in ("holidays", "diseases"):
        phrases |= set(d.get(key, {}).get("any", [])) | set(d.get(key, {}).get(base_lang(language), []))
    if not phrases:
        return None
    alts = sorted(phrases, key=len, reverse=True)  # "New Year's Eve" before "New Year"
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in alts) + r")(?!\w)")


def not_name_spans(text: str, language: str) -> list[tuple[int, int]]:
    """(start, end) of feasts and days of the calendar ("New Year's Eve", "Año Nuevo",
    "Bożego Narodzenia") and of diseases ("COVID-19", "كورونا"): capitalised or names of a
    kind, yet no person, organisation or place."""
    rx = _not_name_regex(language)
    return [(m.start(), m.end()) for m in rx.finditer(text)] if rx else []
