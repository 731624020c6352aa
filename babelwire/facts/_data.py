"""Language data the fact extractors share: cue tables (our JSON files), Babel and dateparser.

Everything is loaded once per language and cached; the tables are plain data so a language
is added by editing JSON, not code.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

# Languages our tables key by one code while inputs may use another.
_ALIASES = {"nb": "no", "nn": "no", "iw": "he", "in": "id"}
# dateparser and Babel spell Norwegian Bokmål "nb".
_LIB_CODE = {"no": "nb"}


def base_lang(language: str | None) -> str:
    base = (language or "und").strip().lower().replace("_", "-").split("-")[0] or "und"
    return _ALIASES.get(base, base)


def lib_lang(language: str | None) -> str:
    b = base_lang(language)
    return _LIB_CODE.get(b, b)


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    text = resources.files("babelwire.facts").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    data = json.loads(text)
    data.pop("_doc", None)
    return data


# Letters plus the combining marks `re` does not count as \w (Devanagari and Arabic signs).
LETTER = r"[\w\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u0981-\u0983\u09bc-\u09d7]"
NOT_BEFORE = rf"(?<!{LETTER})"
NOT_AFTER = rf"(?!{LETTER})"


def phrase_regex(phrases: list[str]) -> re.Pattern[str] | None:
    """Whole-word, case-blind alternation, longest phrase first so "plus de" beats "plus"."""
    items = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    if not items:
        return None
    alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in items)
    return re.compile(rf"{NOT_BEFORE}(?:{alt}){NOT_AFTER}", re.IGNORECASE)


@lru_cache(maxsize=None)
def cue_words(table: str, language: str) -> tuple[str, ...]:
    """One language's phrases of a cues.json table, without the English that ``cue_regex`` adds."""
    return tuple(load("cues.json")[table].get(base_lang(language), []))


@lru_cache(maxsize=None)
def cue_regex(table: str, language: str, *, sub: str | None = None) -> re.Pattern[str] | None:
    """The cue phrases of one table for one language (plus English, the lingua franca of wires)."""
    data = load("cues.json")[table]
    if sub is not None:
        data = data[sub]
    lang = base_lang(language)
    phrases = list(data.get(lang, []))
    if lang != "en" and table not in ("deadline_before", "min_before", "max_before", "approx_before"):
        # English scope words turn up in every language's tech news ("global"); bound and
        # deadline words do not travel ("over", "by" are common words elsewhere).
        phrases += data.get("en", [])
    return phrase_regex(phrases)


@lru_cache(maxsize=None)
def dateparser_info(language: str) -> dict[str, Any]:
    """Month and weekday names and the date order dateparser knows for a language."""
    try:
        # deferred: dateparser is slow to import; paid only when this runs
        from dateparser.languages import default_loader

        return dict(default_loader.get_locale(lib_lang(language)).info)
    except Exception:  # a language dateparser does not know
        return {}


@lru_cache(maxsize=None)
def babel_locale(language: str):
    try:
        # deferred: babel is slow to import; paid only when this runs
        from babel import Locale

        return Locale.parse(lib_lang(language))
    except Exception:
        return None
