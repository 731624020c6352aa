"""A watchlist's query in the languages of the stories it is matched against, through the
configured translator (setting ``translator``; none by default, and then nothing here runs).

A short query and a long report in another language and script meet weakly in the
multilingual embedding space (a Chinese query about Hong Kong scores a German report of the
march no higher than German reports of New Year's brawls elsewhere); the same query translated
into the report's language meets it as a monolingual search does. So each member of a story
is compared with the query in its own language, where a translation could be had, and with
the query as written otherwise.

Translations are asked once per (query, language), only for languages that stories actually
bring, and kept in the store's translation cache beside the brief translations, so a restart
asks the service nothing. A failed or empty answer falls back to the query as written (an
alert is never lost to the translator being down), and the service is left alone for
``PAUSE`` seconds, so an outage costs one timeout per pause, not one per query and language;
the pair is asked again after it.
"""
from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from ..brief.build import sentence_key
from ..errors import BabelwireError
from ..translate import get_translator
from ..translate.base import TranslationError
from ..translate.offline import translator_identity

if TYPE_CHECKING:
    from ..store import Store

PAUSE = 300.0  # seconds without asking after a failure
log = logging.getLogger(__name__)


class QueryVariants:
    """(query, target language) -> the query translated, or None (use the query as written)."""

    def __init__(self, translator: Any, identity: tuple[str, str], store: Store | None = None):
        self.translator = translator
        self.identity = identity
        self.store = store
        self._known: dict[tuple[str, str, str], str | None] = {}
        self.asked = 0  # texts sent to the translator by this process (the cache's benefit shows here)
        self._paused_until = 0.0

    def get(self, text: str, source: str, target: str) -> str | None:
        if self._moot(text, source, target):
            return None
        key = (text, source, target)
        if key not in self._known:
            got, final = self._fetch(text, source, target)
            if not final:  # the service failed: the query as written for now, asked again later
                return None
            self._known[key] = got
        return self._known[key]

    def settled(self, text: str, source: str, target: str) -> bool:
        """Whether ``get`` has its final answer for this (a translation, or none to be had)."""
        return (text, source, target) in self._known or self._moot(text, source, target)

    @staticmethod
    def _moot(text: str, source: str, target: str) -> bool:
        """Nothing to ask: no text, the same language, or a language the detector could not tell."""
        return not text.strip() or target == source or "und" in (source, target) or not source or not target

    def _fetch(self, text: str, source: str, target: str) -> tuple[str | None, bool]:
        """(translation or None, whether that is the answer to keep)."""
        backend, model = self.identity
        k = (sentence_key(text), source)
        if self.store is not None:
            got = self.store.get_translations(backend, model, target, [k])
            if k in got:
                return got[k], True
        if time.monotonic() < self._paused_until:
            return None, False
        self.asked += 1
        try:
            out = self.translator.translate_batch([text], source, target)
        except TranslationError:
            self._paused_until = time.monotonic() + PAUSE
            return None, False
        answer = " ".join((out[0] if out else "").split())
        if not answer:
            return None, True
        if self.store is not None:
            self.store.put_translations(backend, model, target, [(k[0], k[1], answer)])
        return answer, True


def query_variants(settings: Any, store: Store | None) -> QueryVariants | None:
    """The settings' translator as query variants; None without one, with
    ``alert_translate_queries`` off, or with a translator that cannot be built (misconfigured:
    logged, and queries are matched as written; ingest goes on, as a brief gets a note)."""
    if not settings.get("alert_translate_queries", True):
        return None
    identity = translator_identity(settings)
    if identity is None:
        return None
    try:
        translator = get_translator(settings)
    except BabelwireError as e:
        log.warning("watchlist queries are matched as written, not translated: %s", e)
        return None
    return QueryVariants(translator, identity, store)
