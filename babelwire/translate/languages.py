"""Reader languages: the ISO 639-1 codes babelwire knows (those CLDR names), checked once at the edge."""
from __future__ import annotations

from difflib import get_close_matches
from functools import lru_cache

from ..errors import ConfigError, InputError


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    # deferred: babel is slow to import; paid only when this runs
    from babel import Locale

    return {k: v for k, v in Locale.parse("en").languages.items() if len(k) == 2 and k.isalpha() and k.islower()}


def known_codes() -> list[str]:
    return sorted(_names())


def reader_language(code: str | None) -> str:
    """``code`` checked and lower-cased; a ConfigError saying what to give instead otherwise."""
    c = (code or "").strip().lower().replace("_", "-")
    base = c.split("-")[0]
    if len(base) == 2 and base in _names():
        return base
    by_name = {v.lower(): k for k, v in _names().items()}
    hint = f" (did you mean {by_name[c]!r}?)" if c in by_name else ""
    raise ConfigError(f"unknown reader language {code!r}{hint}: give a two-letter ISO 639-1 code such as "
                      f"en, fr, de, es, ar, hi ({len(_names())} known)")


def language_filter(value: str | None) -> str | None:
    """A language to filter articles or stories by, given as a code ("hi", "HI") or a name in
    English or in the language itself ("Hindi", "हिन्दी"); its code, or an InputError with the
    closest names as a hint. "und" (language undetermined) is a code too."""
    v = (value or "").strip()
    if not v:
        return None
    c = v.lower().replace("_", "-").split("-")[0]
    if c == "und" or (len(c) == 2 and c in _names()):
        return c
    by_name = _by_name()
    if v.casefold() in by_name:
        return by_name[v.casefold()]
    near = get_close_matches(v.casefold(), list(by_name), n=3, cutoff=0.75)
    hint = " (did you mean " + " or ".join(f"{by_name[n]}, {n.title()}" for n in near) + "?)" if near else ""
    raise InputError(f"unknown language {value!r}{hint}: give an ISO 639-1 code such as hi, or a name such as Hindi")


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    """Casefolded language name (English, and the language's own) -> code."""
    # deferred: babel is slow to import; paid only when this runs
    from babel import Locale, UnknownLocaleError

    out = {name.casefold(): code for code, name in _names().items()}
    out["norwegian"] = "no"
    for code in _names():
        try:
            own = Locale.parse({"no": "nb"}.get(code, code)).languages.get({"no": "nb"}.get(code, code))
        except (UnknownLocaleError, ValueError):
            continue
        if own:
            out.setdefault(own.casefold(), code)
    return out
