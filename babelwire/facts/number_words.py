"""Number words and units per language: decimal marks, scale words, currencies, counters.

What a digit string is worth as written in a language (``parse_number``: "2,5" in Spanish,
"840,000" anywhere), which words multiply it (Babel's compact formats plus scales.json),
which symbols and words name a currency (Babel plus currencies.json), and which words say
what it counts (``counter_key`` over counters.json, with ``unit_keys``/``generic_keys``).
These are per-language tables and look-ups, cached once per language; numbers.py walks the
text and applies them, so the tables sit apart from the extraction that reads them.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..text import ascii_digits
from ._data import LETTER, NOT_AFTER, babel_locale, base_lang, load, phrase_regex

CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SPACE = re.compile(r"[ \u00a0\u202f\u2009]+")
NUMBER_TOKEN = re.compile(rf"{LETTER}+(?:[-'’]{LETTER}+)*")
_AR_CLITIC = re.compile(r"^(?:وال|بال|فال|كال|لل|ال|و|ب|ل|ف)")
ELISION = re.compile(r"^(?:d|l|qu|j|n|s|c|m|t|dell|all|dall|nell|sull)['’]")  # "d'économies", "l'anno"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# English builds new words on a stem ("homeschooling", "deadline", "fundamental", "secondary"): there a
# stem takes only an inflection ("homes", "kilometres", "countries", "evacuated").
_EN_ENDING = re.compile(r"(?:s|es|ed|d|ing|ies|y|e|er|ers|re|res)?(?:[-‐][\w-]+)?(?:['’]s?)?")  # and "year-old"
_INFLECTED = {"pl", "cs", "sk", "tr", "fi", "hu"}  # Latin-script languages whose nouns take short endings ("domy")


# --------------------------------------------------------------------------- symbols

@lru_cache(maxsize=None)
def decimal_mark(language: str) -> str:
    loc = babel_locale(language)
    if loc is None:
        return "."
    try:
        # deferred: babel is slow to import; paid only when this runs
        from babel.numbers import get_decimal_symbol

        return get_decimal_symbol(loc)
    except Exception:
        return "."


@lru_cache(maxsize=None)
def scale_words(language: str) -> dict[str, float]:
    """Scale word (lower case) -> multiplier, from Babel's long compact formats + scales.json."""
    out: dict[str, float] = {}
    loc = babel_locale(language)
    if loc is not None:
        try:
            for _plural, mags in loc.compact_decimal_formats.get("long", {}).items():
                for mag, pat in mags.items():
                    s = str(getattr(pat, "pattern", pat))
                    zeros = s.count("0")
                    word = s.replace("0", "").replace("'", "").strip().lower()
                    if word and zeros and not any(c.isdigit() for c in word):
                        out[word] = float(mag) / 10 ** (zeros - 1)
        except Exception:
            pass
    extra = load("scales.json")
    out.update({k.lower(): float(v) for k, v in extra.get(base_lang(language), {}).items()})
    for k, v in extra.get("en", {}).items():
        out.setdefault(k.lower(), float(v))
    return out


@lru_cache(maxsize=None)
def scale_regex(language: str) -> re.Pattern[str]:
    words = sorted(scale_words(language), key=len, reverse=True)
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    # "$126-million" (Canadian style) takes its scale after a hyphen
    return re.compile(rf"(?:\s|-)?(?P<w>{alt}){NOT_AFTER}", re.IGNORECASE)


@lru_cache(maxsize=None)
def currency_tables(language: str) -> tuple[dict[str, str], re.Pattern[str] | None]:
    symbols: dict[str, str] = {}
    loc = babel_locale(language)
    codes = load("currencies.json")
    try:
        # deferred: babel is slow to import; paid only when this runs
        from babel.numbers import get_currency_symbol

        for code in codes:
            for where in filter(None, (loc, "en")):
                sym = get_currency_symbol(code, locale=where)
                if sym and sym != code and not sym.isalpha() or sym in ("Rp", "kr", "US$"):
                    symbols[sym] = code
    except Exception:
        pass
    symbols.setdefault("$", "USD")
    words = {w.lower(): code for code, ws in codes.items() for w in ws}
    return {**symbols, **words}, phrase_regex(list(words))


# --------------------------------------------------------------------------- money

# Turkish glues its case and "-lık" endings to the currency word ("dolarlık", "doların", "avroya",
# "sterlinlik", "lira'lık"), so a whole-word table never sees it; the stem says the currency.
_TR_CURRENCY_STEMS = {"dolar": "USD", "avro": "EUR", "euro": "EUR", "lira": "TRY", "sterlin": "GBP",
                      "ruble": "RUB", "frank": "CHF"}
_TR_CASE = r"(?:l[ıiuü]k|[sn]?[ıiuü]n?|y?[ae]|[dt][ae]n?|l[ae]r?)"  # -lık, -(n)ın, -(y)a, -da/-dan, -la/-lar
_TR_CURRENCY = re.compile(
    rf"(?P<stem>{'|'.join(_TR_CURRENCY_STEMS)})(?:['’]?{_TR_CASE}(?:{_TR_CASE})?)?(?![^\W\d_])", re.IGNORECASE)

# A price in the ablative or dative ("41,98 dolardan işlem gördü", traded at; "39,33 dolardan alıcı buldu",
# found buyers at; "41,64 dolara kadar", up to) says where a price stood: the next word is the verb's.
_TR_PRICE_AT = re.compile(rf"(?:{'|'.join(_TR_CURRENCY_STEMS)})['’]?(?:[dt][ae]n|y?[ae])$", re.IGNORECASE)


def tr_price_at(raw: str) -> bool:
    """A Turkish amount whose currency word says "at" or "to" that price: it counts nothing."""
    return bool(_TR_PRICE_AT.search(raw))


# Dollars named by their country's prefix ("US$2 trillion", "A$5 million"): written the same in every
# language's press, and not all of them among a locale's symbols.
_PREFIXED_DOLLARS = {"US$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD", "HK$": "HKD",
                     "NZ$": "NZD", "S$": "SGD", "NT$": "TWD", "R$": "BRL", "MX$": "MXN"}


@lru_cache(maxsize=None)
def _symbol_regexes(language: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, dict[str, str]]:
    currency, _ = currency_tables(language)
    codes = [c for c in load("currencies.json") if c.isupper()]  # ISO codes, not a shared word ("pesos")
    currency = {**currency, **{c: c for c in codes}, "Euro": "EUR", "Euros": "EUR", "Rs": "INR", "Rs.": "INR",
                **_PREFIXED_DOLLARS}
    # symbols, and the codes and names written before an amount in capitals ("Euro 0.74 bn", "EUR 5")
    syms = sorted((k for k in currency if not k.isalpha() or k in ("Rp", "US$", "kr", "Rs", "Euro", "Euros")
                   or k in codes), key=len, reverse=True)
    alt = "|".join(re.escape(k) for k in syms)
    before = re.compile(rf"(?<![A-Za-z])(?:{alt})\s?[+]?\s?$") if syms else None
    after = re.compile(rf"\s?(?:{alt})") if syms else None
    return before, after, currency


def money_form(nm: Any, digits: str, start: int, tail: int, currency: dict[str, str],
           currency_words: re.Pattern[str] | None, lang: str = "en") -> None:
    before_rx, after_rx, symbols = _symbol_regexes(lang)
    if before_rx is not None:
        m = before_rx.search(digits, max(0, start - 7), start)
        if m:
            sym = m.group(0).strip(" +")
            nm.kind, nm.unit = "money", symbols[sym]
            return
    after = digits[tail:tail + 24]
    if after_rx is not None:
        m = after_rx.match(after)
        if m and not m.group(0).strip().isalpha():
            nm.kind, nm.unit = "money", symbols[m.group(0).strip()]
            return
    # "480 millions d'euros", "14,5 millones de euros": the currency may follow "of".
    stripped = re.sub(r"^\s*(?:d['’]|de\s+|di\s+|of\s+)?", "", after, flags=re.IGNORECASE)
    if currency_words is not None:
        cm = currency_words.match(stripped)
        if cm:
            nm.kind, nm.unit = "money", currency[cm.group(0).lower()]
            return
    tm = _TR_CURRENCY.match(stripped) if lang == "tr" else None
    if tm:  # "1,730 dolarlık", "1.730 doların", "2 milyar dolarlık": the currency with its suffix
        nm.kind, nm.unit = "money", _TR_CURRENCY_STEMS[tm.group("stem").lower()]
        return
    for word, code in _cjk_currency(lang):  # CJK writes the currency against the number: "13亿美元"
        if stripped.startswith(word):
            nm.kind, nm.unit = "money", code
            return


@lru_cache(maxsize=None)
def _cjk_currency(language: str) -> tuple[tuple[str, str], ...]:
    currency, _ = currency_tables(language)
    return tuple(sorted(((w, c) for w, c in currency.items() if CJK_CHAR.match(w[:1])), key=lambda x: -len(x[0])))


# --------------------------------------------------------------------------- parsing

def parse_number(raw: str, language: str) -> float | None:
    """The value of a digit string as written in ``language`` ("2,5" is 2.5 in Spanish;
    "840,000" is 840000 anywhere a comma cannot start three decimals of a headcount)."""
    s = _SPACE.sub(" ", ascii_digits(raw)).strip()
    seps = [c for c in s if not c.isdigit()]
    if not seps:
        return float(s)
    last = seps[-1]
    if len(set(seps)) > 1:  # "1.234,5" / "1,234.5": the last separator is the decimal mark
        whole, frac = s.rsplit(last, 1)
        return float("".join(c for c in whole if c.isdigit()) + "." + frac)
    if last in " '\u00a0":
        return float(s.replace(last, ""))
    if len(seps) > 1:  # "1.234.567"
        return float(s.replace(last, ""))
    whole, frac = s.split(last)
    if len(frac) != 3 or whole == "0":
        return float(whole + "." + frac)
    # One separator before exactly three digits: grouping unless the language's decimal mark
    # is that character — and even then grouping, which is what news copy writes ("500.000").
    return float(whole + frac)


def ambiguous_decimal(raw: str, language: str, scaled: bool) -> bool:
    """"2,500 millones": the decimal mark before three digits and a scale word is a decimal."""
    s = ascii_digits(raw)
    seps = [c for c in s if not c.isdigit()]
    return scaled and len(seps) == 1 and seps[0] == decimal_mark(language) and len(s.split(seps[0])[1]) == 3


# --------------------------------------------------------------------------- counters

_KINDS = ("generic", "unit", "measure")


def _kind_of(table: dict) -> str:
    return next((k for k in _KINDS if table.get(k)), "specific")


@lru_cache(maxsize=None)
def _counters(language: str) -> list[tuple[str, str, str]]:
    """(stem, key, kind) for a language plus English, longest stem first."""
    data = load("counters.json")
    lang = base_lang(language)
    stems: set[tuple[str, str, str]] = set()
    for key, table in data.items():
        kind = _kind_of(table)
        for l in {lang, "en"}:
            for w in table.get(l, []):
                if l != lang and len(w) < 5:
                    continue  # short English stems are other languages' words: Italian "fine", "case"
                stems.add((w.lower(), key, kind))
    return sorted(stems, key=lambda t: (-len(t[0]), t[0]))


@lru_cache(maxsize=None)
def _keys_of_kind(kinds: tuple[str, ...]) -> frozenset[str]:
    return frozenset(k for k, t in load("counters.json").items() if _kind_of(t) in kinds)


def unit_keys() -> frozenset[str]:
    """Durations and measures ("hours", "km"): not a quantity of the story on their own."""
    return _keys_of_kind(("unit", "measure"))


def generic_keys() -> frozenset[str]:
    return _keys_of_kind(("generic",))


@lru_cache(maxsize=None)
def money_keys() -> frozenset[str]:
    """Keys an amount of money can be ("fine", "cost"): flagged "money" in counters.json."""
    return frozenset(k for k, t in load("counters.json").items() if t.get("money"))


@lru_cache(maxsize=None)
def thing_keys() -> frozenset[str]:
    """Keys of things, not people ("homes", "magnitude"): they never refine a head count."""
    c = load("counters.json")
    return frozenset(k for k, t in c.items() if t.get("things") or t.get("money") or t.get("percent"))


@lru_cache(maxsize=None)
def percent_keys() -> frozenset[str]:
    """Keys a bare percentage can be ("inflation", "rate"): flagged "percent"."""
    return frozenset(k for k, t in load("counters.json").items() if t.get("percent"))


@lru_cache(maxsize=None)
def factors() -> dict[str, tuple[str, float]]:
    out = {}
    for key, t in load("counters.json").items():
        for w, f in (t.get("factor") or {}).items():
            out[w.lower()] = (key, float(f))
    return out


@lru_cache(maxsize=50_000)
def counter_key(word: str, language: str) -> tuple[str | None, str]:
    """(key, kind) for a word such as "employés", "ansatte", "الموظفين", "级"; (None, "")."""
    w = word.lower()
    variants = [w]
    for rx in (_AR_CLITIC, ELISION):
        stripped = rx.sub("", w)
        if stripped != w and len(stripped) >= 3:
            variants.append(stripped)
    for v in variants:
        cjk = bool(CJK_CHAR.match(v))
        for stem, key, kind in _counters(language):
            if cjk or (stem and CJK_CHAR.match(stem)):
                if v.startswith(stem):
                    return key, kind
            elif len(stem) <= 3:
                # whole words, with an English plural or a short Cyrillic ending ("домов")
                if v == stem or v == stem + "s" or (v.startswith(stem) and _CYRILLIC.match(v)
                                                    and len(v) <= len(stem) + 3) or (
                        base_lang(language) in _INFLECTED and v.startswith(stem) and len(v) <= len(stem) + 2):
                    return key, kind
            elif v.startswith(stem) and (base_lang(language) != "en" or _EN_ENDING.fullmatch(v[len(stem):])):
                return key, kind
    return None, ""


def keys_in(text: str, start: int, end: int, language: str) -> list[tuple[int, str, str]]:
    """(position, key, kind) of every counter word in text[start:end]: word stems by token,
    CJK and multi-word stems anywhere."""
    out = []
    for m in NUMBER_TOKEN.finditer(text, start, end):
        if m.start() == start and start > 0 and re.match(LETTER, text[start - 1]):
            continue  # a window cut into a word: "con|finement" is no "fine"
        k, kind = counter_key(m.group(0), language)
        if k:
            out.append((m.start(), k, kind))
    low = text[start:end].lower()
    for stem, key, kind in _counters(language):
        if " " in stem or CJK_CHAR.match(stem):
            i = low.find(stem)
            while i >= 0:  # every occurrence: "造成4人受伤 … 造成4人受伤" has two
                out.append((start + i, key, kind))
                i = low.find(stem, i + len(stem))
    return out
