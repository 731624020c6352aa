"""Reader languages: the ISO 639-1 codes babelwire knows (those CLDR names), checked once at the edge."""
from __future__ import annotations

from functools import lru_cache

from ..errors import ConfigError


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    from babel import Locale

    return {k: v for k, v in Locale.parse("en").languages.items() if len(k) == 2 and k.isalpha() and k.islower()}


def known_codes() -> list[str]:
    return sorted(_names())


def language_name(code: str) -> str:
    """English name of a code ("fr" -> "French"), the code itself when unknown."""
    from ..brief.build import language_name as name

    return name(code)


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
