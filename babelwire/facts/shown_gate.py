"""Which facts the brief shows as read: a calibrated display gate.

A fact's ``confidence`` says how surely its figure was read; it barely says whether the whole
row the reader sees (value, unit and what is counted) is right: numbers at confidence 1.0 were
right only ~70% of the time in the judged samples, dates ~97%. The gate scores each fact from a
few features of what it shows (kind, how its key was found, the shape of the counted word, the
sentence it stands in) with a small logistic model whose weights live in
``data/shown_gate.json``. They are fitted by ``benchmarks/calibrate_shown_gate.py`` on the
judged shown facts (tests/data/briefs-dev/shown-facts-judged*.jsonl), leave-one-sample-out;
the README there gives the figures. A few readings are never shown whatever the score
(``vetoed``): a figure inside a conditional clause ("If anything kills over 10 million people"),
and the error classes of ``shown_vetoes``.

Why our own and not a library: the model is 20 weights; scikit-learn would be a heavy
dependency for a dot product, and the fitting script writes the weights once.

Keyed figures only: a figure is shown only when the brief can say what it counts with a
language-independent key, or is a date. Rows that showed the source word instead ("178,917
migranti", "more than 11 million enjoy", "20% arttırdığını") were right 109 of 182 times in
judged samples 4-11 (60 of 92 in 8-11), keyed figures and dates 265 of 308 (8-11): the row
claims too little to be checked and is wrong too often. The word-only features of ``features``
no longer reach the model for shown rows; the fitted weights stay as they are.

Facts below the gate stay in ``Brief.facts`` with their confidence (the comparisons and the
API keep them); only the facts table leaves them out.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from . import shown_furniture, shown_vetoes
from ._data import base_lang, load
from .lexicon import is_function_word, is_verb_form, word_frequency
from .number_words import CJK_CHAR, counter_key, generic_keys, keys_in
from .types import SHOWN, Fact

# "If anything kills over 10 million people", "Wenn 300 Menschen kommen …": a figure in a
# conditional clause is a hypothesis, no fact. Only words that say "if" and nothing else
# (Spanish, French and Italian "si"/"se" are also "so", "yes", "oneself": left out).
_IF = {
    "en": r"\b(?:if|unless)\b", "de": r"\b(?:wenn|falls|sofern)\b", "pl": r"\b(?:jeśli|jeżeli|gdyby)\b",
    "ru": r"\b(?:если|если\s+бы)\b", "tr": r"\beğer\b", "ar": r"(?:^|\s)(?:إذا|لو)\s",
    "zh": r"(?:如果|假如|假若|倘若|要是)",
}
_CLAUSE_END = re.compile(r"[,;:，；：、。!?()\"“”«»]|\s[-–—]\s")


def _if_rx(lang: str) -> re.Pattern[str] | None:
    rx = _IF.get(lang)
    return re.compile(rx, re.IGNORECASE) if rx else None


# German also says "if" with the verb first: "steigen die Temperaturen über 18,4 Grad, (dann) …", "Sollten
# die Werte eintreffen, wäre …". The clause opens the sentence or follows a dash or semicolon (after a
# comma a verb comes first in every main clause: "Nachdem …, stieg die Zahl auf 20"), its first word is a
# verb (a lower-case lemma in -en: "steigen", "sollen", "sein") before an article or pronoun, and a comma
# closes it before the main clause.
_DE_V1 = re.compile(r"(?:^|[;:]\s*|\s[-–—]\s*)(?P<verb>[A-Za-zÄÖÜäöüß]+)\s+(?:die|der|das|den|dem|des|ein|eine|einen|"
                    r"einem|einer|es|er|sie|man|wir|ihr|sich)\s[^,;:–—]*$")
# A hypothesis whose "if" follows: "there's no point having 50,000 followers if they aren't …".
# Not "whether" ("police took in 87 people … to establish if they are not wanted").
_IF_AFTER = {"en": r"^[^,;:()]*?(?<!see )(?<!know )(?<!check )(?<!establish )(?<!determine )(?<!ask )(?<!asked )"
                   r"(?<!decide )(?<!wonder )(?<!sure )(?<!clear )\b(?:if|unless)\b"}


def _german_verb_first(s: str, pos: int) -> bool:
    m = _DE_V1.search(s[:pos])
    if m is None or "," not in s[pos:]:
        return False
    return is_verb_form(m.group("verb"), "de")


def conditional(f: Fact) -> bool:
    """The figure stands in an "if" clause: the cue before it with no clause break between, a German
    clause with its verb first ("steigen die Temperaturen gar über 18,4 Grad, der zweitwärmste"), or
    an English "if" later in its clause ("no point having 50,000 followers if …")."""
    lang = base_lang(f.language)
    if f.kind == "date":
        return False
    s = f.evidence.sentence
    pos = f.start - f.evidence.start
    if not 0 <= pos <= len(s):
        return False
    if lang == "de" and _german_verb_first(s, pos):
        return True
    after = _IF_AFTER.get(lang)
    if after and re.search(after, s[f.end - f.evidence.start:], re.IGNORECASE):
        return True
    rx = _if_rx(lang)
    if rx is None:
        return False
    before = s[:pos]
    cue = next(reversed(list(rx.finditer(before))), None)
    return cue is not None and not _CLAUSE_END.search(before, cue.end())


def points_alone(f: Fact) -> bool:
    """A change in percentage or basis points with no word for what changed ("2.4 pp", "25 bp"):
    neither the subject nor the direction is shown, which the judges call vague every time."""
    return f.kind == "count" and f.unit in ("pp", "bp") and not f.counts


# "7 mültecinin cesedi" (the bodies of 7 migrants), "the bodies of 12 people": a count of bodies
# filed under who they were (displaced, people) says they live; deaths are fine.
_BODIES = {
    "en": r"\bbod(?:y|ies)\b", "de": r"\bLeiche", "es": r"\b(?:cadáver|cuerpos\b)", "fr": r"\bcadavre",
    "it": r"\b(?:cadaver|corpi\b)", "pl": r"\b(?:ciał|zwłok)", "ru": r"\b(?:тел[ао]?\b|труп)", "tr": r"\b(?:ceset|cesed|cenaze)",
    "ar": r"(?:جثث|جثة|جثامين)", "zh": r"(?:尸体|遗体)", "pt": r"\b(?:cadáver|corpos\b)",
}
_NEAR_BODY = 30  # characters either side, within the clause


def bodies_not_deaths(f: Fact) -> bool:
    """A count beside a word for dead bodies whose key is not deaths ("7 displaced" for the bodies of
    7 migrants)."""
    rx = _BODIES.get(base_lang(f.language))
    if rx is None or f.kind != "count" or f.key == "deaths":
        return False
    s = f.evidence.sentence
    pos, end = f.start - f.evidence.start, f.end - f.evidence.start
    lo, hi = max(0, pos - _NEAR_BODY), min(len(s), end + _NEAR_BODY)
    for m in re.finditer(rx, s[lo:hi], re.IGNORECASE):
        a, b = sorted((lo + m.start(), pos if lo + m.start() < pos else end))
        if not _CLAUSE_END.search(s, a, b):
            return True
    return False


def vetoed(f: Fact) -> bool:
    """Readings never shown as facts whatever the model says."""
    return (conditional(f) or points_alone(f) or bodies_not_deaths(f) or shown_vetoes.hidden(f)
            or shown_furniture.furniture(f))


_DEATH_KEYS = frozenset({"deaths"})


def _odd_word(word: str, lang: str) -> bool:
    """The counted word is unlikely to name a thing: rare in the language (a cut word "nachge",
    a garbled "Edorfer", an inflected Turkish form) or a frequent function word."""
    if CJK_CHAR.match(word):
        return len(word) > 3
    w = word.lower()
    return word_frequency(w, lang) < 2.5 or is_function_word(w, lang)


def features(f: Fact) -> dict[str, float]:
    """What the gate weighs, each 0 or 1; a fact of kind "count" with a specific key is the base."""
    lang = base_lang(f.language)
    key = f.key
    out: dict[str, float] = {}
    out["date"] = float(f.kind == "date")
    out["turkish"] = float(lang == "tr")  # suffixes glued to the counted word: 30 of 39 right
    out["money"] = float(f.kind == "money")
    out["percent"] = float(f.kind == "percent")
    if f.kind == "date":
        out["date_no_day"] = float(f.precision != "day")
        return out
    generic = key in generic_keys()
    from_word = bool(f.counts) and counter_key(f.counts, f.language)[0] == key
    out["key_generic"] = float(generic)
    # "2.4 pp", "25 bp", "300 km/h": only the unit says what the figure is, not of what
    out["unit_only"] = float(f.kind == "count" and bool(f.unit) and key == f.unit and not f.counts)
    out["key_duration"] = float(key in ("years", "days", "hours", "seconds"))
    # an amount whose key comes from its clause, not the word after it ("$15 million … cost")
    out["money_clause_key"] = float(f.kind == "money" and bool(key) and not from_word)
    out["money_no_key"] = float(f.kind == "money" and not key)
    out["word_only"] = float(not key and bool(f.counts))
    out["odd_word"] = float(bool(f.counts) and not key and _odd_word(f.counts or "", lang))
    out["inflecting_word"] = float(not key and bool(f.counts) and lang in ("tr", "pl", "ru", "ar", "fi", "hu"))
    out["low_conf"] = float(f.confidence < 0.7)
    out["mid_conf"] = float(0.7 <= f.confidence < 1.0)
    out["bound"] = float(bool(f.bound) or f.approx)
    out["magnitude"] = float(f.precision == "magnitude")
    s = f.evidence.sentence
    out["quote"] = float(bool(re.search(r"[\"“”„«»]", s)))
    if generic:
        spans = keys_in(s, 0, len(s), f.language)
        out["generic_beside_death"] = float(any(k in _DEATH_KEYS for _p, k, _kd in spans))
    return out


FEATURES = ("date", "turkish", "money", "percent", "date_no_day", "key_generic", "unit_only", "key_duration", "money_clause_key",
            "money_no_key",
            "word_only", "odd_word", "inflecting_word", "low_conf", "mid_conf", "bound", "magnitude", "quote",
            "generic_beside_death")


@lru_cache(maxsize=1)
def _model() -> tuple[float, dict[str, float], float]:
    m = load("shown_gate.json")
    return float(m["bias"]), {k: float(v) for k, v in m["weights"].items()}, float(m["threshold"])


def score(f: Fact, model: tuple[float, dict[str, float], float] | None = None) -> float:
    """The probability, by the fitted model, that a reader would judge the shown row right."""
    bias, w, _t = model or _model()
    z = bias + sum(w.get(k, 0.0) * v for k, v in features(f).items())
    return 1.0 / (1.0 + math.exp(-z))


def displayable(f: Fact) -> bool:
    """Read surely enough, a date or a figure whose key says what it counts, not vetoed. A figure
    known only by its source word ("178,917 migranti", "25.5% luego") is not claimed (module doc)."""
    return f.confidence >= SHOWN and (f.kind == "date" or bool(f.key)) and not vetoed(f)


def is_shown(f: Fact) -> bool:
    """The brief's facts table shows ``f``: displayable and above the gate's threshold."""
    return displayable(f) and score(f) >= _model()[2]
