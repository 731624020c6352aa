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
asks the service nothing. A failed or empty answer falls back to the query as written for
that language in this process (an alert is never lost to the translator being down).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..brief.build import sentence_key
from ..translate import get_translator
from ..translate.base import TranslationError
from ..translate.offline import translator_identity

if TYPE_CHECKING:
    from ..store import Store


class QueryVariants:
    """(query, target language) -> the query translated, or None (use the query as written)."""

    def __init__(self, translator: Any, identity: tuple[str, str], store: Store | None = None):
        self.translator = translator
        self.identity = identity
        self.store = store
        self._known: dict[tuple[str, str, str], str | None] = {}
        self.asked = 0  # texts sent to the translator by this process (the cache's benefit shows here)

    def get(self, text: str, source: str, target: str) -> str | None:
        if not text.strip() or target in (source, "und", ""):
            return None
        key = (text, source, target)
        if key not in self._known:
            self._known[key] = self._fetch(text, source, target)
        return self._known[key]

    def _fetch(self, text: str, source: str, target: str) -> str | None:
        backend, model = self.identity
        k = (sentence_key(text), source)
        if self.store is not None:
            got = self.store.get_translations(backend, model, target, [k])
            if k in got:
                return got[k]
        self.asked += 1
        try:
            out = self.translator.translate_batch([text], source, target)
        except TranslationError:
            return None
        answer = " ".join((out[0] if out else "").split())
        if not answer:
            return None
        if self.store is not None:
            self.store.put_translations(backend, model, target, [(k[0], k[1], answer)])
        return answer


def query_variants(settings: Any, store: Store | None) -> QueryVariants | None:
    """The settings' translator as query variants; None without one or with
    ``alert_translate_queries`` off. A translator that cannot be built is a config error here,
    at start, as it is for briefs."""
    if not settings.get("alert_translate_queries", True):
        return None
    identity = translator_identity(settings)
    if identity is None:
        return None
    return QueryVariants(get_translator(settings), identity, store)
