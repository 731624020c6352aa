"""The built-in translators: LibreTranslate, DeepL, and OpenAI-compatible chat completions.

Each is a few lines of wire format on :class:`~.base.HTTPService` (why not the SDKs: see
``base.py``). The key comes only from ``BABELWIRE_TRANSLATOR_KEY``.
"""
from __future__ import annotations

import json
import re
from typing import Any, Sequence

from ..errors import ConfigError
from ..language.codes import language_name
from .base import KEY_ENV, HTTPService, TranslationError, env_key

_MAX_TEXTS = 50  # texts per request


def _chunks(texts: Sequence[str], n: int = _MAX_TEXTS):
    for i in range(0, len(texts), n):
        yield list(texts[i:i + n])


def _check_url(url: str, backend: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"translator_url for {backend} must start with http:// or https://, not {url!r}")
    return url.rstrip("/")


# LibreTranslate's codes where they differ from ISO 639-1 (its Norwegian model is Bokmål)
_LIBRE = {"no": "nb"}


class _Closing:
    http: HTTPService

    def close(self) -> None:
        """Release the connection pool."""
        self.http.close()


class LibreTranslate(_Closing):
    """LibreTranslate (self-hosted, open source): POST /translate with a list of texts."""

    name = "libretranslate"

    def __init__(self, *, url: str | None = None, model: str | None = None, **http: Any):
        self.url = _check_url(url or "http://127.0.0.1:5000", self.name) + "/translate"
        self.model = model or ""  # LibreTranslate has one model per language pair
        self.key = env_key(KEY_ENV)
        self.http = HTTPService(**http)

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        out: list[str] = []
        for part in _chunks(texts):
            payload: dict[str, Any] = {"q": part, "source": _LIBRE.get(source, source) if source not in ("", "und") else "auto",
                                       "target": _LIBRE.get(target, target), "format": "text"}
            if self.key:
                payload["api_key"] = self.key
            data = self.http.post_json(self.url, payload, who=self.name)
            got = data.get("translatedText") if isinstance(data, dict) else None
            if isinstance(got, str) and len(part) == 1:
                got = [got]
            out += _strings(got, len(part), self.name)
        return out


# DeepL's codes where they differ from ISO 639-1; targets need a variant for en and pt.
_DEEPL_SOURCE = {"no": "NB", "nb": "NB"}
_DEEPL_TARGET = {"en": "EN-US", "pt": "PT-PT", "no": "NB", "nb": "NB", "zh": "ZH-HANS"}


class DeepL(_Closing):
    """DeepL API v2: POST /v2/translate; a free-tier key (ending ':fx') selects api-free."""

    name = "deepl"

    def __init__(self, *, url: str | None = None, model: str | None = None, **http: Any):
        self.key = env_key(KEY_ENV)
        default = "https://api-free.deepl.com" if self.key.endswith(":fx") else "https://api.deepl.com"
        self.url = _check_url(url or default, self.name) + "/v2/translate"
        self.model = model or ""  # DeepL's model_type: quality_optimized, latency_optimized …
        self.http = HTTPService(**http)

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        out: list[str] = []
        headers = {"Authorization": f"DeepL-Auth-Key {self.key}"} if self.key else {}
        for part in _chunks(texts):
            payload: dict[str, Any] = {"text": part, "target_lang": _DEEPL_TARGET.get(target, target.upper())}
            if source and source != "und":
                payload["source_lang"] = _DEEPL_SOURCE.get(source, source.upper())
            if self.model:
                payload["model_type"] = self.model
            data = self.http.post_json(self.url, payload, headers, who=self.name)
            items = data.get("translations") if isinstance(data, dict) else None
            got = [t.get("text") if isinstance(t, dict) else None for t in items] if isinstance(items, list) else None
            out += _strings(got, len(part), self.name)
        return out


_SYSTEM = ("You are a translation engine for news quotations. Translate each numbered text from {src} "
           "into {tgt}. Keep names, numbers and dates exactly as meaning requires; add nothing. "
           "Answer with only a JSON array of {n} strings, in order.")


class OpenAIChat(_Closing):
    """Any OpenAI-compatible POST /chat/completions server: OpenAI, Ollama, llama.cpp, vLLM, LM Studio."""

    name = "openai"

    def __init__(self, *, url: str | None = None, model: str | None = None, key_env: Sequence[str] = (KEY_ENV,),
                 **http: Any):
        if not model:
            raise ConfigError("the openai translator needs translator_model (e.g. gpt-4o-mini, or llama3.1 on Ollama)")
        base = _check_url(url or "https://api.openai.com/v1", self.name)
        self.url = base + ("/chat/completions" if base.endswith("/v1") else "/v1/chat/completions")
        self.model = model
        self.key = env_key(*key_env)
        self.http = HTTPService(**http)

    def chat(self, system: str, user: str) -> str:
        """One chat completion at temperature 0; the assistant's text."""
        headers = {"Authorization": f"Bearer {self.key}"} if self.key else {}
        payload = {"model": self.model, "temperature": 0,
                   "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}]}
        data = self.http.post_json(self.url, payload, headers, who=f"{self.name} {self.model}")
        try:
            content = data["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise TranslationError(f"{self.name} {self.model}: answer has no choices[0].message.content") from None
        if not isinstance(content, str):
            raise TranslationError(f"{self.name} {self.model}: message content is not text")
        return content

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        out: list[str] = []
        for part in _chunks(texts, 20):
            system = _SYSTEM.format(src=language_name(source) if source != "und" else "their language",
                                    tgt=language_name(target), n=len(part))
            user = "\n".join(f"{i + 1}. {json.dumps(t, ensure_ascii=False)}" for i, t in enumerate(part))
            got = parse_json_answer(self.chat(system, user))
            out += _strings(got, len(part), f"{self.name} {self.model}")
        return out


_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")


def parse_json_answer(content: str) -> Any:
    """JSON from a model's answer, tolerating a code fence or words around it; None if none."""
    s = _FENCE.sub("", content.strip())
    try:
        return json.loads(s)
    except ValueError:
        pass
    for open_, close in (("[", "]"), ("{", "}")):
        i, j = s.find(open_), s.rfind(close)
        if 0 <= i < j:
            try:
                return json.loads(s[i:j + 1])
            except ValueError:
                continue
    return None


def _strings(got: Any, n: int, who: str) -> list[str]:
    if not isinstance(got, list) or len(got) != n or not all(isinstance(x, str) for x in got):
        raise TranslationError(f"{who}: malformed answer (expected {n} translations)")
    return got
