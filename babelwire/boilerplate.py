"""Boilerplate by evidence: lines and sentences that recur across many articles.

The furniture rules (``clean.py``) remove what is known in advance. What no rule file knows -
a newsletter prompt of one outlet, a cookie notice, "read more" in a language without rules,
the template lines of a daily exchange-rate report - shows itself by recurring verbatim in
many unrelated articles. The store counts, per normalised line or sentence ("unit"), in how
many articles it occurs (table ``boilerplate_lines``, migration 0008), in the same transaction
as the articles (``pipeline.store_batch``); copies (``duplicate_of``) are not counted, so a
line shared only by a wire story and its reprints never counts as recurring.

A unit is boilerplate once it occurs in ``boilerplate_min_docs`` articles and, where at least
two of them carry a publication day, those days span ``boilerplate_min_days`` or more (one
event's wire copy recurs within a day or two; a newsletter prompt every day). Boilerplate is
left out of what the embedder sees and of the pair scorer's evidence; the stored text is
never changed.

Units are cut here rather than by ``facts.sentences`` (sentencex): counting needs only cut
points that are the same every time the same text comes by, at ingest speed, and exact
recurrence does not care whether a cut is linguistically right. The keys are hashes of
``normalise``; a change to it or to the cut points needs ``recount`` on existing stores.
"""
from __future__ import annotations

import hashlib
import re
import threading
from datetime import date
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from .models import get_field
from .store.base import ArticleFilter, LineCount

if TYPE_CHECKING:
    from .store import Store

MIN_WORDS = 4  # "Read more" or "Photo: AP" are the rule files' job; shorter units say too little
MIN_UNSPACED_CHARS = 12  # Chinese/Japanese/Thai units have no spaces to count words by
COUNT_CHARS = 4000  # = similarity.features.FEATURE_CHARS: evidence is read from the lead only
# Separators: a sentence end followed by space (or the end), a CJK sentence end, a line break,
# or a run of spaces (the gap many sources leave between headline and body once flattened).
# Written to start with a character class, which Python's re scans for quickly.
_SEP = re.compile(r"[.!?…;](?:\s+|$)|[。！？；]|\n|[ \t\u00a0\u3000]{2,}")
_ENDS = frozenset(".!?…;。！？；")  # kept with the sentence they end
_DIGITS = re.compile(r"\d+")
_GAPS = re.compile(r"\n\s*\n\s*\n+")
_EDGE = " \t.,:;!?…。！？；-–—|•·*>«»\"'“”‘’()[]"


def _fold(text: str) -> str:
    # lower() leaves punctuation and spacing alone, so a folded text splits where the text
    # does (NFKC or casefold would not: "…" -> "...", "；" -> ";", "ß" -> "ss").
    return text.lower()


def _finish(folded: str) -> str:
    return " ".join(_DIGITS.sub("0", folded).split()).strip(_EDGE)


def normalise(unit: str) -> str:
    """Case, digits and spacing folded: the key of a line that recurs with a new date."""
    return _finish(_fold(unit))


def countable(norm: str) -> bool:
    words = norm.count(" ") + 1
    return words >= MIN_WORDS or (words == 1 and len(norm) >= MIN_UNSPACED_CHARS)


def unit_key(norm: str) -> int:
    """A signed 64-bit key (SQLite's INTEGER) of a normalised unit."""
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def segments(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line or sentence of ``text``, in order, empty ones skipped."""
    pos = 0
    for m in _SEP.finditer(text):
        end = m.start() + 1 if text[m.start()] in _ENDS else m.start()
        if end > pos:
            yield pos, end
        pos = m.end()
    if pos < len(text):
        yield pos, len(text)


def units(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, key) of every countable unit of ``text``, in order."""
    folded = _fold(text)
    same = len(folded) == len(text)  # offsets carry over (all but a rare "İ")
    for start, end in segments(folded if same else text):
        norm = _finish(folded[start:end]) if same else normalise(text[start:end])
        if norm and countable(norm):
            yield start, end, unit_key(norm)


def line_keys(text: str) -> list[int]:
    """The distinct unit keys of a text: what one article adds to the counts.

    The same keys as ``units`` (a test holds them equal), found faster: the whole text is
    folded at once, and splitting drops the sentence-ending mark that ``units`` keeps and
    strips anyway. Only the
    first ``COUNT_CHARS`` are read: nothing later reaches the embedder or the pair scorer.
    """
    keys = set()
    for piece in _SEP.split(_DIGITS.sub("0", _fold(text[:COUNT_CHARS]))):
        norm = " ".join(piece.split()).strip(_EDGE)
        if norm and countable(norm):
            keys.add(unit_key(norm))
    return sorted(keys)


def strip(text: str, known: Any) -> str:
    """``text`` without the units whose key is in ``known``; unchanged when nothing is known.

    When every unit is boilerplate the text is kept as it is: there is nothing better to
    embed, and a page that is nothing but notices is rejected at ingest anyway.
    """
    if not known or not text:
        return text
    out, last, kept = [], 0, False
    for s, e, k in units(text):
        if k in known:
            out.append(text[last:s])
            last = e
        else:
            kept = True
    if last == 0 or not kept:
        return text
    out.append(text[last:])
    return _GAPS.sub("\n\n", "".join(out).strip())


def is_boilerplate(c: LineCount, min_docs: int, min_days: float) -> bool:
    if c.docs < min_docs:
        return False
    if c.dated_docs >= 2 and c.first_day is not None and c.last_day is not None:
        return c.last_day - c.first_day >= min_days
    return True


def published_day(published: str | None) -> int | None:
    """Day ordinal of a published value precise to the day or better, else None."""
    if not published or len(published) < 10:
        return None
    try:
        return date(int(published[0:4]), int(published[5:7]), int(published[8:10])).toordinal()
    except ValueError:
        return None


class BoilerplateFilter:
    """What the embedder and the pair scorer see of an article: its text minus boilerplate.

    Holds the set of boilerplate keys in memory (recurring units are few) and reloads it when
    the store has changed since (``change_count``), so a long ingest sees what each batch
    taught. Thread-safe: the web app scores from several threads.
    """

    def __init__(self, store: Store, *, min_docs: int, min_days: float):
        self.store = store
        self.min_docs = int(min_docs)
        self.min_days = float(min_days)
        self._known: frozenset[int] = frozenset()
        self._generation: int | None = None
        self._lock = threading.Lock()

    def known(self) -> frozenset[int]:
        count = getattr(self.store, "change_count", None)
        gen = count() if count else 0
        with self._lock:
            if gen != self._generation:
                rows = self.store.recurring_lines(self.min_docs)
                self._known = frozenset(c.key for c in rows if is_boilerplate(c, self.min_docs, self.min_days))
                self._generation = gen
            return self._known

    def text(self, text: str | None) -> str:
        return strip(text or "", self.known())

    def __call__(self, article: Any) -> str:
        return self.text(get_field(article, "text"))


def filter_for(store: Store, settings: Any) -> BoilerplateFilter | None:
    """The filter a store's clusterer and scorer share; None for a store that cannot count."""
    if not hasattr(store, "recurring_lines"):
        return None
    return BoilerplateFilter(store, min_docs=settings.boilerplate_min_docs, min_days=settings.boilerplate_min_days)


def top_lines(store: Store, settings: Any, limit: int = 20) -> list[dict[str, Any]]:
    """The most frequent boilerplate units with one example text each (a scan of articles).

    The counts hold keys only; the text of a key is found again in the articles, which
    stops as soon as every listed key has an example.
    """
    rows = [c for c in store.recurring_lines(settings.boilerplate_min_docs)
            if is_boilerplate(c, settings.boilerplate_min_docs, settings.boilerplate_min_days)]
    rows.sort(key=lambda c: (-c.docs, c.key))
    rows = rows[:limit]
    want = {c.key: c for c in rows}
    found: dict[int, tuple[str, str]] = {}
    if want:
        for a in _all_articles(store):
            for s, e, k in units(a.text):
                if k in want and k not in found:
                    found[k] = (a.text[s:e].strip(), a.id)
            if len(found) == len(want):
                break
    out = []
    for c in rows:
        text, example = found.get(c.key, (None, None))
        out.append({"text": text, "docs": c.docs, "other_source_docs": c.other_source_docs,
                    "first_source": c.first_source, "example_article": example})
    return out


def _all_articles(store: Store) -> Iterable[Any]:
    n = store.count_articles()
    step = 1000
    for offset in range(0, n, step):
        yield from store.iter_articles(ArticleFilter(order="ingested", limit=step, offset=offset))


def article_lines(article: Any) -> list[tuple[int, int | None, str | None]]:
    """What one article adds to the counts: (key, day, source) per unit; nothing for a copy."""
    if article.duplicate_of:
        return []
    day, source = published_day(article.published), article.source
    return [(k, day, source) for k in line_keys(article.text)]


def recount(store: Store) -> int:
    """Rebuild the counts from every stored article (a store from before migration 0008)."""
    n = 0
    with store.transaction():
        store.clear_line_counts()
        batch: list[tuple[int, int | None, str | None]] = []
        for a in _all_articles(store):
            batch.extend(article_lines(a))
            n += 1
            if len(batch) >= 50_000:
                store.add_line_counts(batch)
                batch = []
        store.add_line_counts(batch)
    return n
