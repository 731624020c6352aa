"""The optional LLM writer (``brief_writer = llm``): a short "what happened" paragraph in the
reader's language, from the brief's own evidence sentences only, every claim citing them.

The model sees numbered sentences (the summary, then the quotes of the conflicts) and must
answer ``{"claims": [{"text": ..., "cites": [1, 3]}]}``. Before anything is shown, a claim is
dropped when it cites nothing (or a sentence that does not exist), when it states a number
that none of its cited sentences (or their translations) contains, or a name written with a
capital that they do not contain in any script (compared through anyascii and the brief's
entity forms). The check is deliberately strict: a dropped true claim costs a line, a kept
false one costs the reader's trust. Names in scripts without capitals are not checked.

The answer is cached in the translations table under the prompt's hash, so a second build
asks nothing. Any failure leaves the extractive brief (always built) and a note.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from anyascii import anyascii

from ..brief.build import sentence_key
from ..brief.model import Brief, Claim
from ..facts.types import Evidence
from ..language.codes import language_name
from ..text import ascii_digits
from .backends import OpenAIChat, parse_json_answer
from .base import KEY_ENV, TranslationError
from .words import cldr_locale

if TYPE_CHECKING:
    from ..store import Store

MAX_SENTENCES = 16
MAX_CLAIMS = 6
WRITER_KEY_ENV = "BABELWIRE_WRITER_KEY"

_SYSTEM = (
    "You write a short factual 'what happened' paragraph for a news reader, in {lang}. Use ONLY the "
    "numbered sentences given; they come from different outlets and languages. Every claim must cite "
    "the numbers of the sentences it rests on. Add no fact, number or name that the cited sentences do "
    "not contain; where sources disagree, say so. Answer with only JSON: "
    '{{"claims": [{{"text": "...", "cites": [1, 2]}}]}}, at most {n} claims.'
)


def evidence_sentences(brief: Brief) -> list[Evidence]:
    """The sentences the writer may use: the summary, then the conflicts' quotes, without repeats."""
    out: list[Evidence] = []
    seen: set[str] = set()

    def add(e: Evidence) -> None:
        k = sentence_key(e.sentence)
        if k not in seen and len(out) < MAX_SENTENCES:
            seen.add(k)
            out.append(e)

    for s in brief.summary:
        add(Evidence(s.article_id, s.text, s.start, s.end, s.language, s.outlet, None, s.translation))
    for d in brief.discrepancies:
        for side in d.sides:
            for f in side.facts[:2]:
                add(f.evidence)
    return out


def prompt(brief: Brief, sentences: list[Evidence]) -> tuple[str, str]:
    system = _SYSTEM.format(lang=language_name(brief.lang), n=MAX_CLAIMS)
    lines = []
    for i, e in enumerate(sentences, 1):
        lines.append(f"[{i}] ({e.language}, {e.outlet or 'unknown outlet'}) {e.sentence}")
        if e.translation:
            lines.append(f"    ({brief.lang} machine translation) {e.translation}")
    return system, "\n".join(lines)


def _client(settings: Any) -> Any:
    same = (settings.get("translator") or "") == "openai"
    url = settings.get("writer_url") or (settings.get("translator_url") if same else None)
    model = settings.get("writer_model") or (settings.get("translator_model") if same else None)
    return OpenAIChat(url=url, model=model, key_env=(WRITER_KEY_ENV, KEY_ENV),
                      timeout=settings.get("translator_timeout", 30.0), retries=settings.get("translator_retries", 2))


def write_what_happened(brief: Brief, *, settings: Any, store: Store | None = None, client: Any = None) -> Brief:
    sentences = evidence_sentences(brief)
    if not sentences:
        return brief
    own = client is None
    try:
        client = client or _client(settings)
    except Exception as e:
        brief.notes.append(f"llm writer off: {e}; the extractive brief is shown")
        return brief
    try:
        return _write(brief, sentences, client, store)
    finally:
        if own:
            client.close()


def _write(brief: Brief, sentences: list[Evidence], client: Any, store: Store | None) -> Brief:
    system, user = prompt(brief, sentences)
    backend, model = f"writer:{client.name}", client.model or ""
    key = (sentence_key(system + "\n" + user), "prompt")
    cached = store.get_translations(backend, model, brief.lang, [key]) if store is not None and \
        hasattr(store, "get_translations") else {}
    answer = cached.get(key)
    fresh = answer is None
    if answer is None:
        try:
            answer = client.chat(system, user)
        except TranslationError as e:
            brief.notes.append(f"llm writer failed ({e}); the extractive brief is shown")
            return brief
    claims, dropped, malformed = check_claims(answer, sentences, brief)
    if malformed:
        brief.notes.append(f"llm writer ({client.name} {model}): malformed answer; the extractive brief is shown")
        return brief
    if fresh and store is not None and hasattr(store, "put_translations"):
        store.put_translations(backend, model, brief.lang, [(key[0], key[1], answer)])
    brief.what_happened = claims
    brief.what_happened_by = " ".join(x for x in (client.name, model) if x)
    if dropped:
        brief.notes.append(f"llm writer: {dropped} claims dropped (no citation, or a number or name "
                           "that the cited sentences do not contain)")
    return brief


def check_claims(answer: str, sentences: list[Evidence], brief: Brief) -> tuple[list[Claim], int, bool]:
    """(kept claims, dropped count, malformed) for a model's answer."""
    data = parse_json_answer(answer)
    items = data.get("claims") if isinstance(data, dict) else data
    if not isinstance(items, list):
        return [], 0, True
    kept: list[Claim] = []
    dropped = 0
    for item in items[: MAX_CLAIMS * 2]:
        text = " ".join(str(item.get("text") or "").split()) if isinstance(item, dict) else ""
        cites = item.get("cites") if isinstance(item, dict) else None
        idx = [c for c in cites if isinstance(c, int) and 1 <= c <= len(sentences)] if isinstance(cites, list) else []
        if not text or not isinstance(cites, list) or not idx or len(idx) != len(cites):
            dropped += 1
            continue
        cited = [sentences[i - 1] for i in dict.fromkeys(idx)]
        if not supported(text, cited, brief):
            dropped += 1
            continue
        if len(kept) < MAX_CLAIMS:
            kept.append(Claim(text=text, cites=cited))
    return kept, dropped, False


_NUM = re.compile(r"\d(?:[\d.,'\u00a0\u202f\u2009 ]*\d)?")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def numbers(text: str) -> set[str]:
    """Numbers as digit strings, any script's digits, separators ignored ("840 000" -> "840000")."""
    return {re.sub(r"\D", "", m.group()) for m in _NUM.finditer(ascii_digits(text))}


def names(text: str, lang: str = "en") -> set[str]:
    """Words with a capital that do not start a sentence, and are not a month or weekday of
    the reader's language (capitalised in English, never names): the claim's names."""
    calendar = _calendar_words(lang)
    out = set()
    for m in _WORD.finditer(text):
        w = m.group().strip("'’-")
        before = text[:m.start()].rstrip()
        if w and w[0].isupper() and before and before[-1] not in ".!?:;«“\"(" and w.lower() not in calendar:
            out.add(w)
    return out


@lru_cache(maxsize=32)
def _calendar_words(lang: str) -> frozenset[str]:
    loc = cldr_locale(lang)
    words: set[str] = set()
    for table in (loc.months, loc.days):
        for ctx in table.values():
            for width in ctx.values():
                words.update(str(v).lower().rstrip(".") for v in width.values())
    return frozenset(words)


def supported(text: str, cited: list[Evidence], brief: Brief) -> bool:
    sources = [e.sentence for e in cited] + [e.translation for e in cited if e.translation]
    have = set().union(*(numbers(s) for s in sources))
    if not numbers(text) <= have:
        return False
    plain = " ".join(sources).lower()
    folded = anyascii(" ".join(sources)).lower()
    for name in names(text, brief.lang):
        n = name.lower()
        if n in plain or anyascii(name).lower() in folded:
            continue
        if not any(_entity_in(e, n, plain) for e in brief.entities):
            return False
    return True


def _entity_in(entity: Any, name: str, plain: str) -> bool:
    """The claim's ``name`` belongs to an entity one of whose written forms the sources contain."""
    if name not in entity.name.lower().split():
        return False
    return any(form.lower() in plain for forms in entity.forms.values() for form in forms)


__all__ = ["check_claims", "evidence_sentences", "numbers", "names", "supported", "write_what_happened"]
