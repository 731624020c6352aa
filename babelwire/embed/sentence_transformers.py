"""Any sentence-transformers model (a Hugging Face name or a local folder).

Optional: ``pip install 'babelwire[sentence-transformers]'``. The import happens only when
the embedder is created, so the base install never pays for torch.
"""
from __future__ import annotations

import os
import threading
from typing import Any, Sequence

import numpy as np

from ..errors import ConfigError, MissingDependencyError
from .base import normalize_rows

DEFAULT_MODEL = "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2"


class SentenceTransformersEmbedder:
    """A sentence-transformers model by name or path (needs the sentence-transformers extra)."""

    name = "sentence-transformers"

    def __init__(
        self,
        *,
        model: str = DEFAULT_MODEL,
        device: str = "cpu",
        batch_size: int = 32,
        prefix: str = "",
        threads: int | None = None,
        local_files_only: bool | None = None,
    ):
        try:
            # optional extra (sentence-transformers): imported only on this path
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise MissingDependencyError(
                "sentence-transformers", extra="sentence-transformers", purpose="the sentence-transformers embedder"
            ) from None
        if threads:
            # optional extra (sentence-transformers): imported only on this path
            import torch

            torch.set_num_threads(int(threads))
        # A local folder never needs the hub; a name is looked up in the local HF cache
        # first. Either way nothing is downloaded unless the caller asks (offline boxes).
        is_path = os.path.isdir(os.path.expanduser(str(model)))
        if local_files_only is None:
            local_files_only = is_path or os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0")
        kwargs: dict[str, Any] = {"device": device}
        if local_files_only:
            kwargs["local_files_only"] = True
        try:
            self._model = SentenceTransformer(os.path.expanduser(str(model)), **kwargs)
        except TypeError:  # older releases without local_files_only
            self._model = SentenceTransformer(os.path.expanduser(str(model)), device=device)
        except (OSError, ValueError) as e:
            raise ConfigError(f"sentence-transformers model {model!r} cannot be loaded: {e}") from None
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        if dim is None:
            raise ConfigError(f"sentence-transformers model {model!r} does not say its embedding dimension")
        self.dim = int(dim)
        self.model = str(model)
        self.prefix = prefix
        self.batch_size = max(1, int(batch_size))
        label = os.path.basename(os.path.normpath(self.model)) if is_path else self.model
        self.model_id = f"sentence-transformers/{label}" + (f"/{prefix.strip()}" if prefix else "")
        self._lock = threading.Lock()

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        texts = [self.prefix + t for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vecs = self._model.encode(
                texts, batch_size=self.batch_size, convert_to_numpy=True, show_progress_bar=False
            )
        return normalize_rows(vecs)


def create(**options: Any) -> SentenceTransformersEmbedder:
    return SentenceTransformersEmbedder(**options)
