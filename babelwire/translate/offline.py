"""What a reader gets with no translator: a headline they can read, or at least pronounce.

One choice for every page: ``reader_headlines`` gives the story list, the story page and the
API the same headline for a story and a reader language (the earliest original in the
reader's language, titled ones first, its title or else its first line, as the story's own
headline is made in cluster/rows.py; otherwise the story's own headline, with a transliteration when it is not
in Latin letters, marked as such). Cached machine translations are added when a translator is
configured, but nothing here ever sends a request.
"""
from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any, Sequence

from anyascii import anyascii

from ..brief.build import sentence_key  # the cache key of a text, as for sentence vectors
from ..brief.disputed import disputed_figures
from ..cluster.rows import title_line
from ..text import script_of
from .words import cldr_locale

if TYPE_CHECKING:
    from ..settings import Settings
    from ..store import Store


def is_latin(text: str) -> bool:
    """Most letters are Latin (the reader can at least sound the text out)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    return sum(script_of(c) == "latin" for c in letters) >= 0.5 * len(letters)


def transliterate(text: str | None) -> str | None:
    """Latin letters for a text in another script (anyascii); None when it is Latin already."""
    if not text or is_latin(text):
        return None
    out = " ".join(anyascii(unicodedata.normalize("NFC", text)).split())
    return out or None


def place_name(entity_id: str, lang: str) -> str | None:
    """A gazetteer place ("place:US") in the reader's spelling (CLDR: "États-Unis" in fr); None
    for English, whose gazetteer names are already the everyday ones ("Hong Kong", not CLDR's
    "Hong Kong SAR China")."""
    if not entity_id.startswith("place:") or lang == "en":
        return None
    return cldr_locale(lang).territories.get(entity_id[6:]) or None


def reader_headlines(store: Store, settings: Settings, stories: Sequence[dict[str, Any]], lang: str,
                     discrepancies: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, dict[str, Any]]:
    """``{story id: headline}`` for story rows (id, headline, headline_language) and a reader.

    A headline: ``text``, ``language``, ``in_reader_language``, ``transliteration`` (or None),
    ``translation`` and ``translated_by`` (a cached machine translation, or None), and
    ``disputed``: the figures in it that the story's brief lists as disputed (brief/disputed.py),
    from ``discrepancies`` ({story id: brief discrepancies}) or else the cached briefs.
    """
    need = [s["id"] for s in stories if s.get("headline_language") != lang]
    mine = store.first_in_language(need, lang) if need else {}
    out: dict[str, dict[str, Any]] = {}
    for s in stories:
        sid = s["id"]
        m = mine.get(sid)
        text = title_line(m["title"], m["head"]) if m else ""
        if text:  # as the story's own headline is made: the title, else the first line
            out[sid] = _head(text, lang, True)
        else:
            text = s.get("headline") or ""
            language = s.get("headline_language") or "und"
            out[sid] = _head(text, language, language == lang)
    _cached_translations(store, settings, out, lang)
    _mark_disputed(store, out, discrepancies)
    return out


def _mark_disputed(store: Store, heads: dict[str, dict[str, Any]], given: dict[str, list] | None) -> None:
    with_digits = [sid for sid, h in heads.items() if any(c.isdigit() for c in h["text"] or "")]
    found = dict(given or {})
    missing = [sid for sid in with_digits if sid not in found]
    if missing:
        found.update(store.briefs().discrepancies(missing))
    for sid, h in heads.items():
        h["disputed"] = disputed_figures(h["text"], found.get(sid))


def _head(text: str, language: str, mine: bool) -> dict[str, Any]:
    return {"text": text, "language": language, "in_reader_language": mine,
            "transliteration": None if mine else transliterate(text), "translation": None, "translated_by": None,
            "disputed": []}


def translator_identity(settings: Any) -> tuple[str, str] | None:
    """(backend, model) of the configured translator, the cache key's last two parts; None for none."""
    name = (settings.get("translator") or "none").strip().lower()
    if name in ("none", ""):
        return None
    return name, (settings.get("translator_model") or "").strip()


def shown_by(identity: tuple[str, str]) -> str:
    return " ".join(x for x in identity if x)


def _cached_translations(store: Store, settings: Settings, heads: dict[str, dict[str, Any]], lang: str) -> None:
    ident = translator_identity(settings)
    if ident is None:
        return
    todo = {sid: (sentence_key(h["text"]), h["language"]) for sid, h in heads.items()
            if not h["in_reader_language"] and h["text"]}
    if not todo:
        return
    found = store.get_translations(ident[0], ident[1], lang, list(todo.values()))
    for sid, key in todo.items():
        if key in found:
            heads[sid]["translation"] = found[key]
            heads[sid]["translated_by"] = shown_by(ident)
