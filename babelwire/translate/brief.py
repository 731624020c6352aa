"""The reader's-language step, applied to a built Brief (never to the stored articles).

``localize(brief, settings=..., store=...)`` adds, in place:

- offline, always: a transliteration of a headline in a non-Latin script, and the places the
  gazetteer knows in the reader's spelling (CLDR territory names);
- with a translator: translations of the headline, the summary sentences and the evidence
  quotes of the conflicts, facts and agreements shown, each kept beside its original
  (``translation`` fields) and marked with ``brief.translated_by``;
- with ``brief_writer = llm``: the cited "what happened" paragraph (``writer.py``).

Translations are read from and written to the store's cache first, so a second build asks
the service nothing. Faults never cost the brief: a failed, malformed or wrong-language
answer leaves those texts untranslated and adds a note saying so; the per-brief character
budget (``translator_budget_chars``) bounds what one brief may send.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from ..brief.build import sentence_key
from ..brief.model import Brief
from ..errors import BabelwireError
from ..language import get_detector
from . import get_translator
from .base import TranslationError
from .offline import place_name, shown_by, translator_identity, transliterate
from .writer import write_what_happened

if TYPE_CHECKING:
    from ..store import Store

_CHECK_LETTERS = 20  # shorter answers are too short to tell their language reliably


def localize(brief: Brief, *, settings: Any, store: Store | None = None, translator: Any = "settings",
             detector: Any = "settings", writer: Any = "settings") -> Brief:
    lang = brief.lang
    h = brief.headline
    if h is not None and not h.in_reader_language:
        h.transliteration = transliterate(h.text)
    for e in brief.entities:  # places the gazetteer knows, in the reader's spelling
        e.name = place_name(e.id, lang) or e.name
    tr = _translator(settings, brief) if translator == "settings" else translator
    if tr is not None:
        ident = translator_identity(settings) or (tr.name, tr.model or "")
        try:
            translate_shown(brief, tr, ident, store=store, budget=int(settings.get("translator_budget_chars", 20000)),
                            detector=_detector(settings) if detector == "settings" else detector)
        finally:
            if translator == "settings" and hasattr(tr, "close"):
                tr.close()
    if settings.get("brief_writer") == "llm":
        write_what_happened(brief, settings=settings, store=store, client=None if writer == "settings" else writer)
    return brief


def _translator(settings: Any, brief: Brief) -> Any:
    try:
        return get_translator(settings)
    except Exception as e:  # a misconfigured translator is a note on the brief, not a lost brief
        brief.notes.append(f"machine translation off: {e}")
        return None


def _detector(settings: Any) -> Any:
    try:
        return get_detector(settings.get("detector") or "default")
    except BabelwireError:  # misconfigured or not installed: no language check (a bug still raises)
        return None


def _shown(brief: Brief) -> "OrderedDict[tuple[str, str], tuple[str, list[tuple[Any, str]]]]":
    """What the reader sees that is not in their language, most important first:
    (text hash, language) -> (text, [(object, attribute to set)])."""
    out: OrderedDict = OrderedDict()

    def add(obj: Any, attr: str, text: str | None, language: str) -> None:
        if not text or language == brief.lang:
            return
        key = (sentence_key(text), language)
        out.setdefault(key, (text, []))[1].append((obj, attr))

    h = brief.headline
    if h is not None and not h.in_reader_language:
        add(h, "translation", h.text, h.language)
    for s in brief.summary:
        add(s, "translation", s.text, s.language)
    for d in brief.discrepancies:
        for side in d.sides:
            for f in side.facts:
                add(f.evidence, "translation", f.evidence.sentence, f.evidence.language)
    for f in brief.facts:
        add(f.evidence, "translation", f.evidence.sentence, f.evidence.language)
    for a in brief.agreements:
        for f in (a.a, a.b):
            add(f.evidence, "translation", f.evidence.sentence, f.evidence.language)
    return out


def translate_shown(brief: Brief, tr: Any, ident: tuple[str, str], *, store: Store | None = None, budget: int = 20000,
                    detector: Any = None) -> dict[str, int]:
    """Translate what ``brief`` shows into ``brief.lang``; counts back (cached, sent, failed, skipped)."""
    target = brief.lang
    shown = _shown(brief)
    counts = {"cached": 0, "sent": 0, "translated": 0, "failed": 0, "over_budget": 0, "wrong_language": 0}
    if not shown:
        return counts
    backend, model = ident
    found: dict[tuple[str, str], str] = {}
    if store is not None and hasattr(store, "get_translations"):
        found = store.get_translations(backend, model, target, list(shown))
    counts["cached"] = len(found)
    missing = [k for k in shown if k not in found]
    send, spent = [], 0
    for k in missing:
        n = len(shown[k][0])
        if spent + n > budget:
            counts["over_budget"] += 1
            continue
        spent += n
        send.append(k)
    by_source: dict[str, list[tuple[str, str]]] = {}
    for k in send:
        by_source.setdefault(k[1], []).append(k)
    fresh: dict[tuple[str, str], str] = {}
    errors: list[str] = []
    for source, keys in by_source.items():
        counts["sent"] += len(keys)
        try:
            got = tr.translate_batch([shown[k][0] for k in keys], source, target)
            if len(got) != len(keys):
                raise TranslationError(f"{tr.name}: {len(got)} answers for {len(keys)} texts")
        except TranslationError as e:
            counts["failed"] += len(keys)
            errors.append(f"{len(keys)} from {source}: {e}")
            continue
        for k, text in zip(keys, got):
            text = " ".join((text or "").split())
            if text:
                fresh[k] = text
            else:
                counts["failed"] += 1
    wrong = _wrong_language(fresh, target, detector)
    for k in wrong:
        del fresh[k]
    counts["wrong_language"] = len(wrong)
    if fresh and store is not None and hasattr(store, "put_translations"):
        store.put_translations(backend, model, target, [(k[0], k[1], v) for k, v in fresh.items()])
    done = {**found, **fresh}
    for k, (_, targets) in shown.items():
        if k in done:
            for obj, attr in targets:
                setattr(obj, attr, done[k])
    counts["translated"] = len(done)
    if done:
        brief.translated_by = shown_by(ident)
    who = shown_by(ident)
    for failure in errors:
        brief.notes.append(f"machine translation ({who}) failed for {failure}; shown in the original language")
    if wrong:
        brief.notes.append(f"machine translation ({who}): {len(wrong)} answers were not in {target} "
                           "(checked with the language detector) and are not shown")
    if counts["over_budget"]:
        brief.notes.append(f"machine translation ({who}): {counts['over_budget']} texts not sent: "
                           f"over the per-brief budget of {budget} characters (translator_budget_chars)")
    return counts


def _wrong_language(fresh: dict[tuple[str, str], str], target: str, detector: Any) -> list[tuple[str, str]]:
    if detector is None or not fresh:
        return []
    keys = [k for k, v in fresh.items() if sum(c.isalpha() for c in v) >= _CHECK_LETTERS]
    if not keys:
        return []
    try:
        guesses = detector.detect_batch([fresh[k] for k in keys])
    except Exception:
        return []
    return [k for k, g in zip(keys, guesses) if g.code not in (target, "und")]



def localize_dict(data: dict[str, Any], *, settings: Any, store: Store | None = None) -> dict[str, Any]:
    """``localize`` for a brief already in its JSON shape (the web's cached-dict path). With no
    translator and no writer only the headline's transliteration is added, on the dict itself,
    which spares rebuilding the Brief (~10 ms a story page)."""
    if translator_identity(settings) is None and settings.get("brief_writer") != "llm":
        h = data.get("headline")
        lang = data.get("lang") or "en"
        data = {**data, "entities": [{**e, "name": place_name(e["id"], lang) or e["name"]} for e in data.get("entities") or []]}
        if h and not h.get("in_reader_language"):
            data["headline"] = {**h, "transliteration": transliterate(h.get("text"))}
        return data
    return localize(Brief.from_dict(data), settings=settings, store=store).to_dict()
