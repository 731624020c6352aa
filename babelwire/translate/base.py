"""What every translator is, and the HTTP plumbing the built-in ones share.

One interface: ``translate_batch(texts, source, target) -> [text]``, same length and order,
raising :class:`TranslationError` when the answer cannot be used. ``name`` and ``model`` say
who translated (shown beside every translation, and part of the cache key).

The built-ins talk to their services with ``httpx`` (already a dependency) rather than the
vendors' SDKs: the three wire formats are a few fields each and stable, and owning the loop
lets one policy apply to all of them: bounded retries on timeouts, 429 and 5xx, Retry-After
honoured but capped, and the key taken only from the environment. The official ``openai``
and ``deepl`` SDKs would add their own retry policies (and, for openai, pydantic models and
a larger install) for two POST requests; the ``llm`` library keeps keys in its own store.
"""
from __future__ import annotations

import os
import time
from typing import Any, Protocol, Sequence, runtime_checkable

from ..errors import BabelwireError

KEY_ENV = "BABELWIRE_TRANSLATOR_KEY"
_RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


class TranslationError(BabelwireError):
    """A translation request failed or gave an unusable answer; the brief goes on untranslated."""


@runtime_checkable
class Translator(Protocol):
    name: str
    model: str

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]: ...


def env_key(*names: str) -> str:
    """The first non-empty key among these environment variables ('' when none)."""
    for n in names:
        v = os.environ.get(n, "").strip()
        if v:
            return v
    return ""


class HTTPService:
    """POST JSON with bounded retries; what is retried and how long to wait is decided here."""

    def __init__(self, *, timeout: float = 30.0, retries: int = 2, backoff: float = 0.5,
                 sleep: Any = time.sleep):
        # deferred: httpx is slow to import; paid only when this runs
        import httpx

        self.timeout = float(timeout)
        self.retries = int(retries)
        self.backoff = float(backoff)
        self._sleep = sleep
        self.requests = 0  # requests sent, for the curious and the tests
        self._client = httpx.Client(timeout=httpx.Timeout(self.timeout), follow_redirects=False)

    def close(self) -> None:
        self._client.close()

    def post_json(self, url: str, payload: dict[str, Any], headers: dict[str, str] | None = None,
                  *, who: str) -> Any:
        # deferred: httpx and the live HTTP client load only when a translator calls out
        import httpx

        from ..live.http import parse_retry_after

        last = ""
        for attempt in range(self.retries + 1):
            wait = self.backoff * (2 ** attempt)
            try:
                self.requests += 1
                resp = self._client.post(url, json=payload, headers=headers or {})
            except httpx.TimeoutException:
                last = f"{who}: no answer within {self.timeout:g} s"
            except httpx.HTTPError as e:
                last = f"{who}: {type(e).__name__}: {e}"
            else:
                if resp.status_code < 300:
                    try:
                        return resp.json()
                    except ValueError:
                        raise TranslationError(f"{who}: answer is not JSON") from None
                last = f"{who}: HTTP {resp.status_code}{_error_detail(resp)}"
                if resp.status_code not in _RETRY_STATUS:
                    raise TranslationError(last)
                after = parse_retry_after(resp.headers.get("retry-after"))
                if after is not None:
                    wait = after
            if attempt < self.retries:
                if wait > self.timeout:  # a long Retry-After: give up now rather than hold the reader
                    raise TranslationError(f"{last} (asked to wait {wait:g} s)")
                self._sleep(max(0.0, wait))
        raise TranslationError(f"{last} after {self.retries + 1} tries")


def _error_detail(resp: Any) -> str:
    try:
        data = resp.json()
    except ValueError:
        return ""
    msg = data.get("error") if isinstance(data, dict) else None
    if isinstance(msg, dict):
        msg = msg.get("message")
    if not msg and isinstance(data, dict):
        msg = data.get("message")
    return f" ({str(msg)[:200]})" if msg else ""
