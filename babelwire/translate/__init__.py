"""Briefs in the reader's language: translators by name, the translation step, the LLM writer.

    from babelwire.translate import get_translator
    t = get_translator(settings)              # None when settings.translator == "none"
    t.translate_batch(["Bonjour"], "fr", "en")

Translators are components in ``babelwire.registry.translators`` (built-ins register exactly
as a plugin would; a factory gets the keywords ``url``, ``model``, ``timeout``, ``retries``). ``brief.py`` applies one to a built Brief (headline, summary, the evidence
shown), cached in the store; ``writer.py`` is the optional cited "what happened" paragraph;
``offline.py`` is what a reader gets with no translator at all; ``words.py`` the section
titles and locale formatting of the renderers.
"""
from __future__ import annotations

from typing import Any

from ..registry import translators
from .base import KEY_ENV, TranslationError, Translator
from .languages import known_codes, reader_language


def _libretranslate(**kw: Any):
    # a backend (and what it needs) loads only when it is chosen
    from .backends import LibreTranslate

    return LibreTranslate(**kw)


def _deepl(**kw: Any):
    # a backend (and what it needs) loads only when it is chosen
    from .backends import DeepL

    return DeepL(**kw)


def _openai(**kw: Any):
    # a backend (and what it needs) loads only when it is chosen
    from .backends import OpenAIChat

    return OpenAIChat(**kw)


def register_builtins() -> None:
    """The built-in translators, loaded by the registry like a plugin's entry point."""
    translators.register("libretranslate", _libretranslate,
                         help="LibreTranslate API (self-hosted, open source); translator_url, key optional.")
    translators.register("deepl", _deepl, help="DeepL API v2; key in BABELWIRE_TRANSLATOR_KEY.")
    translators.register("openai", _openai,
                         help="OpenAI-compatible chat completions (OpenAI, Ollama, llama.cpp, vLLM, LM Studio); needs translator_model.")


def get_translator(settings: Any) -> Translator | None:
    """The translator the settings name, or None for ``none``."""
    name = (settings.get("translator") or "none").strip().lower()
    if name in ("none", ""):
        return None
    return translators.create(name, url=settings.get("translator_url"), model=settings.get("translator_model"),
                              timeout=settings.get("translator_timeout", 30.0),
                              retries=settings.get("translator_retries", 2))


__all__ = ["KEY_ENV", "TranslationError", "Translator", "get_translator", "known_codes", "reader_language"]
