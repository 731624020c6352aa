"""The embedder contract and the text each article is embedded from."""
from __future__ import annotations

import re
from typing import Any, Iterable, Protocol, Sequence, runtime_checkable

import numpy as np

from ..models import get_field

# 500 characters (~130 tokens): pair Pearson 0.784 / AUC 0.969 vs 0.790 / 0.970 at 600, and ~18%
# faster, which keeps ingest + embed + cluster above 8 articles/s on 2 cores (BENCHMARKS.md).
DEFAULT_EMBED_CHARS = 500


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 rows.

    ``model_id`` names the model *and* every setting that changes its vectors (prefix,
    variant, library version), so ``(model_id, content_hash)`` is a safe cache key.
    """

    name: str
    model_id: str

    @property
    def dim(self) -> int: ...  # an attribute or a property (a remote model learns it on first use)

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray: ...


_WS = re.compile(r"\s+")


def prepare_text(title: str | None, text: str | None, max_chars: int = DEFAULT_EMBED_CHARS) -> str:
    """Headline plus lead, whitespace collapsed, cut at a word boundary near ``max_chars``.

    The headline is skipped when the text already starts with it (many sources repeat it).
    Scripts without spaces (Chinese, Japanese, Thai) are cut hard at ``max_chars``.
    """
    title = _WS.sub(" ", title or "").strip()
    body = _WS.sub(" ", text or "").strip()
    if title and not body.startswith(title):
        s = f"{title}. {body}" if body else title
    else:
        s = body or title
    if max_chars <= 0 or len(s) <= max_chars:
        return s
    cut = s[: max_chars + 1]
    space = cut.rfind(" ")
    # Only back off to a space that is close to the limit; otherwise it is not a
    # space-separated script and a hard cut loses less.
    if space >= max_chars * 0.8:
        return cut[:space].rstrip()
    return s[:max_chars]


def normalize_rows(x: np.ndarray) -> np.ndarray:
    """float32 rows scaled to unit length (zero rows stay zero)."""
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 1:
        x = x[None, :]
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (x / norms).astype(np.float32, copy=False)


def article_text(article: Any, max_chars: int = DEFAULT_EMBED_CHARS) -> str:
    """``prepare_text`` for an Article, a RawDoc or a dict with title/text."""
    return prepare_text(get_field(article, "title"), get_field(article, "text"), max_chars)


def cache_key(embedder: Embedder, embed_chars: int) -> str:
    """Key for stored vectors: the model plus how much text it saw."""
    return f"{embedder.model_id}@{int(embed_chars)}"


def embed_articles(
    embedder: Embedder, articles: Iterable[Any], *, embed_chars: int = DEFAULT_EMBED_CHARS
) -> np.ndarray:
    """Embed articles (Article, RawDoc or dicts) in one call; rows follow input order."""
    texts = [article_text(a, embed_chars) for a in articles]
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return embedder.embed_batch(texts)
