"""Per-article evidence that survives a change of language and script.

Pure functions over text. ``extract(article)`` runs once per article; ``pair_evidence``
compares two extracted records and is cheap (set operations on small sets).

- Entity candidates: capitalised tokens (and runs of them) in cased scripts (Latin,
  Cyrillic, Greek, ...), every token and token pair in uncased scripts (Arabic, Devanagari,
  Hebrew, ...) and Han/Kana bigrams. Each gets an ASCII ``key`` (anyascii, lower-cased)
  for exact matches and a consonant ``skeleton`` that lets "تيك توك" meet "TikTok" and
  "पोम्पिओ" meet "Pompeo" (vowels are what transliteration gets wrong).
- Numbers, dates and publication days (``figures.py``).
- The countries (``places.py``) and cities (``cities.py``) the lead and the whole text name.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from anyascii import anyascii
from rapidfuzz import fuzz

from ..models import get_field
from ..text import script_of
from .cities import cities_named
from .figures import extract_dates, extract_numbers, lead_numbers, published_interval
from .places import countries_named

FEATURE_CHARS = 4000  # evidence comes from the lead; long tails add noise and time

# --------------------------------------------------------------------------- entities

# Token: letters plus combining marks (Devanagari/Arabic vowel signs are not \w in `re`).
_TOKEN = re.compile(
    r"[\w\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    r"\u06d6-\u06ed\u0900-\u0963\u0966-\u0dff\u0e31-\u0e3a\u0e47-\u0e4e\u200c\u200d]+"
)
_SENTENCE_END = re.compile(r"[.!?؟।。！？:\"«»“”„]\s*$")
_HAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Arabic proclitics ("al-", "wa-", "bi-", "li-") glued to names: also try the bare stem.
_AR_PREFIX = re.compile(r"^(?:وال|بال|فال|كال|لل|ال|و|ب|ل|ف)")

_HANS = "han"


_VOWELS = str.maketrans("", "", "aeiouyhw'`")
_PHONE = str.maketrans({"p": "b", "v": "f", "c": "k", "q": "k", "z": "s", "j": "s", "x": "ks", "g": "k"})


def to_key(s: str) -> str:
    """ASCII, lower-case, letters and digits only: "Erdoğan" -> "erdogan"."""
    return re.sub(r"[^a-z0-9]", "", anyascii(s).lower())


def skeleton(key: str) -> str:
    """Consonants with similar sounds merged, doubles collapsed: "tiktok"/"tyktwk" -> "tktk"."""
    s = key.translate(_VOWELS).translate(_PHONE)
    s = re.sub(r"[0-9]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


@dataclass(slots=True)
class Candidate:
    key: str
    skel: str
    script: str  # latin | cased | uncased | han
    display: str
    strong: bool  # a capitalised name (cased scripts) rather than any word


@dataclass(slots=True)
class ArticleFeatures:
    """What one article contributes to pair scoring; built once, compared many times."""

    entities: dict[str, Candidate] = field(default_factory=dict)
    numbers: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    published: tuple[date, date] | None = None
    language: str = "und"
    length: int = 0
    lead_places: frozenset[str] = frozenset()  # ISO codes of the countries the lead names
    places: frozenset[str] = frozenset()  # ... and the whole feature text names
    lead_cities: frozenset[str] = frozenset()  # cities the headline and first sentence name (``cities.py``)
    lead_numbers: frozenset[str] = frozenset()  # numbers of 10 and up the first LEAD_FIGURE_CHARS give (``lead_numbers``)
    cities: frozenset[str] = frozenset()  # ... and the whole feature text names

    @property
    def keys(self) -> set[str]:
        return set(self.entities)


def _add(out: dict[str, Candidate], display: str, script: str, strong: bool) -> None:
    key = to_key(display)
    if len(key) < 2 or key.isdigit():
        return
    c = out.get(key)
    if c is None:
        out[key] = Candidate(key, skeleton(key), script, display, strong)
    elif strong and not c.strong:
        c.strong, c.display = True, display


def extract_entities(text: str) -> dict[str, Candidate]:
    out: dict[str, Candidate] = {}
    run: list[str] = []  # consecutive capitalised tokens, e.g. "Jeff Bezos"
    run_initial = [False]  # the run starts a sentence ("The Wall Street Journal")
    prev_end = 0
    prev_uncased: str | None = None

    def flush() -> None:
        if len(run) > 1:
            sc = "latin" if script_of(run[0][0]) == "latin" else "cased"
            _add(out, " ".join(run), sc, True)
            if run_initial[0] and len(run) > 2:  # also without the sentence-initial word
                _add(out, " ".join(run[1:]), sc, True)
        run.clear()

    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        first_token = prev_end == 0
        gap = text[prev_end : m.start()]
        prev_end = m.end()
        first = tok[0]
        if first.isdigit() or first == "_":
            flush()
            prev_uncased = None
            continue
        sc = script_of(first)
        if sc in ("latin", "cased"):
            prev_uncased = None
            if gap.strip() and gap.strip() not in {"-", "'", "’"}:
                flush()
            if first.isupper() and len(tok) > 1:
                # A capital after a full stop or a line break says nothing about names;
                # the token counts as a name only if it is also capitalised mid-sentence.
                initial = first_token or "\n" in gap or bool(_SENTENCE_END.search(gap))
                _add(out, tok, sc, not initial)
                if not run:
                    run_initial[0] = initial
                run.append(tok)
            else:
                flush()
            continue
        flush()
        if sc == "han":
            prev_uncased = None
            for span in _HAN.findall(tok):
                for i in range(len(span) - 1):
                    _add(out, span[i : i + 2], _HANS, False)
            continue
        # Uncased script: every word is a candidate, plus the pair with the previous word
        # (names such as "تيك توك" are written as two words).
        if len(tok) >= 2:
            _add(out, tok, sc, False)
            stem = _AR_PREFIX.sub("", tok)
            if stem != tok and len(stem) >= 3:
                _add(out, stem, sc, False)
            if prev_uncased is not None and not gap.strip():
                _add(out, prev_uncased + " " + tok, sc, False)
        prev_uncased = tok
    flush()
    return out


def prepare_body(article: Any, text: str | None = None) -> str:
    """Headline and text as one string (the headline once, even if the text repeats it)."""
    title = get_field(article, "title") or ""
    text = (get_field(article, "text") if text is None else text) or ""
    return f"{title}\n{text}" if title and not text.startswith(title) else text


def extract(article: Any, max_chars: int = FEATURE_CHARS, *, text: str | None = None) -> ArticleFeatures:
    """Evidence of one Article / RawDoc / dict with title, text, language, published.

    ``text`` stands in for the article's own text (its text without boilerplate).
    """
    text = (get_field(article, "text") if text is None else text) or ""
    body = prepare_body(article, text)[:max_chars]
    numbers, years = extract_numbers(body)
    lead_nums = lead_numbers(body)
    lang = get_field(article, "language") or "und"
    lead, named = countries_named(body, str(lang).lower())
    lead_cities, cities = cities_named(body)
    return ArticleFeatures(
        entities=extract_entities(body),
        numbers=numbers,
        years=years,
        dates=extract_dates(body),
        published=published_interval(article),
        language=str(lang).lower(),
        length=len(text),
        lead_places=lead,
        lead_numbers=lead_nums,
        places=named,
        lead_cities=lead_cities,
        cities=cities,
    )


# --------------------------------------------------------------------------- matching

@dataclass(slots=True)
class EntityMatch:
    key_a: str
    key_b: str
    weight: float
    exact: bool
    display: str


def match_entities(fa: ArticleFeatures, fb: ArticleFeatures, idf: Any) -> list[EntityMatch]:
    """Shared entity candidates: same ASCII key, or same consonant skeleton across scripts.

    Word matches inside one uncased script (two Arabic articles sharing "في") are left to
    the embedding: only names and cross-script spellings count as entity evidence.
    """
    matches: list[EntityMatch] = []
    used_a: set[str] = set()
    used_b: set[str] = set()
    ea, eb = fa.entities, fb.entities
    small, large = (ea, eb) if len(ea) <= len(eb) else (eb, ea)
    for key in small:
        if key in large:
            ca, cb = ea[key], eb[key]
            if not (ca.strong or cb.strong) and not (ca.script == cb.script == _HANS):
                continue
            # A short uncased word that spells like a Latin one ("पा" ~ "På") is chance.
            if ca.strong != cb.strong and ca.script != cb.script and len(key) < 4:
                continue
            display = ca.display if ca.strong else cb.display
            matches.append(EntityMatch(key, key, idf(key), True, display))
            used_a.add(key)
            used_b.add(key)
    # Fuzzy: equal skeletons, at least one side a name, different scripts or close spelling.
    by_skel: dict[str, list[Candidate]] = {}
    for c in eb.values():
        if c.key not in used_b and len(c.skel) >= 3 and c.script != _HANS:
            by_skel.setdefault(c.skel, []).append(c)
    for ca in ea.values():
        if ca.key in used_a or len(ca.skel) < 3 or ca.script == _HANS:
            continue
        for cb in by_skel.get(ca.skel, ()):
            if cb.key in used_b or not (ca.strong or cb.strong):
                continue
            # Same skeleton is necessary, not sufficient: vowels must still roughly agree.
            if fuzz.ratio(ca.key, cb.key) < (80 if ca.script == cb.script else 50):
                continue
            display = ca.display if ca.strong else cb.display
            matches.append(EntityMatch(ca.key, cb.key, min(idf(ca.key), idf(cb.key)), False, display))
            used_a.add(ca.key)
            used_b.add(cb.key)
            break
    return matches


def entity_mass(f: ArticleFeatures, idf: Any) -> float:
    """Total weight of an article's names: the denominator of its overlap share."""
    strong = [idf(k) for k, c in f.entities.items() if c.strong or c.script == _HANS]
    if strong:
        return float(sum(strong))
    # Uncased scripts only: names cannot be told from words; use a length-like mass.
    return float(math.sqrt(len(f.entities)) * 2.0) if f.entities else 0.0


def iter_keys(f: ArticleFeatures) -> Iterable[str]:
    """Every key whose document frequency matters (entities and numbers)."""
    yield from f.entities
    for n in f.numbers:
        yield "#" + n
