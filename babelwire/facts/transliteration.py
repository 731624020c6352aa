"""Spelling normalisation and transliteration keys for entity names.

These are the primitives that let one name be recognised across scripts: a case-,
diacritic- and variant-blind look-up form (``norm_form``), an ASCII transliteration (``translit``) and the consonant skeletons that
survive transliteration (``phonetic``, ``vowel_shape``), plus the shared token and Arabic
clitic patterns. They hold no dictionaries and know nothing of articles, so the gazetteer,
the extractor and the grouping all build on them without depending on each other; they
live apart from entities.py to keep that module to the extractor itself.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from ..similarity.features import to_key
from ._data import LETTER

NAME_TOKEN = re.compile(rf"{LETTER}+(?:[.&]{LETTER}+)*")
_AR_DIACRITICS = re.compile(r"[\u064b-\u065f\u0670\u0640]")
AR_PREFIX = re.compile(r"^(?:وال|بال|فال|كال|لل|ال|و|ب|ل|ف|ك)")
SENT_START = re.compile(r"(?:^|[.!?؟।:\n\"«“„”»–—•*]|\s-)\s*$")
_LABIALS = set("पफबभम")


def norm_form(s: str) -> str:
    """Case-, diacritic- and spelling-variant-blind form for dictionary look-ups."""
    s = unicodedata.normalize("NFC", s)
    s = _AR_DIACRITICS.sub("", s)
    s = s.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ى", "ي")
    s = s.replace("\u093c", "")  # Devanagari nukta: "अमेज़न" and "अमेजन" are one spelling
    return " ".join(s.lower().replace("-", " ").split())  # "États-Unis" = "états unis"


def _devanagari_nasals(s: str) -> str:
    # Anusvara sounds like the nasal of the consonant after it: "बाइटडांस" is "baitdans".
    out = []
    for i, ch in enumerate(s):
        if ch in "\u0902\u0901":
            nxt = s[i + 1] if i + 1 < len(s) else ""
            out.append("m" if nxt in _LABIALS else "n")
        else:
            out.append(ch)
    return "".join(out)


_DIGRAPHS = (("ph", "f"), ("ck", "k"), ("sh", "s"), ("ch", "k"), ("th", "t"), ("kh", "k"),
             ("gh", "g"), ("dh", "d"), ("bh", "b"), ("qu", "k"))
_SOUNDS = str.maketrans({"c": "k", "q": "k", "x": "ks", "z": "s", "j": "s", "g": "k", "v": "f",
                         "p": "b", "d": "t"})
_VOWELS = re.compile(r"[aeiouyhw]")


@lru_cache(maxsize=200_000)
def translit(s: str) -> str:
    """ASCII letters of any script, lower case: "माइक पोम्पिओ" -> "maik pompio"."""
    if any("\u0900" <= c <= "\u097f" for c in s):
        s = _devanagari_nasals(s)
    a = anyascii(unicodedata.normalize("NFC", s)).lower()
    if any("\u0900" <= c <= "\u097f" for c in s):
        a = a.replace("v", "w")  # व in foreign names is mostly w: "म्वाक्युसा" is Mwakyusa
    return re.sub(r"[^a-z ]", "", a)


@lru_cache(maxsize=200_000)
def phonetic(s: str) -> str:
    """Consonant skeleton that survives transliteration: "TikTok", "تيك توك", "टिकटॉक" -> "tktk".

    Vowels are what scripts write differently (Arabic mostly omits them), so they go; sounds
    that transliterations confuse (p/b, d/t, z/s/j, c/k/q/g) are merged.
    """
    k = translit(s).replace(" ", "")
    k = re.sub(r"c(?=[eiy])", "s", k)
    for a, b in _DIGRAPHS:
        k = k.replace(a, b)
    k = k.translate(_SOUNDS)
    k = _VOWELS.sub("", k)
    return re.sub(r"(.)\1+", r"\1", k)


@lru_cache(maxsize=200_000)
def vowel_shape(s: str) -> str:
    """Consonants as in ``phonetic`` with every vowel run (w, y and the hamza seat included)
    kept as one "a": Arabic "bwmbyw" and "pompeo" both read "bamba", while "fsbk" (no long
    vowel written) does not read "fasabak" (Facebook)."""
    deva = any("\u0900" <= c <= "\u097f" for c in s)
    if deva:
        s = _devanagari_nasals(s)
    k = anyascii(unicodedata.normalize("NFC", s)).lower().replace("'", "a")
    if deva:
        k = k.replace("v", "w")
    k = re.sub(r"[^a-z]", "", k)
    k = re.sub(r"c(?=[eiy])", "s", k)
    for a, b in _DIGRAPHS:
        k = k.replace(a, b)
    k = k.translate(_SOUNDS).replace("h", "")
    k = re.sub(r"[aeiouyw]+", "a", k)
    return re.sub(r"(.)\1+", r"\1", k)


def uncased_variants(surface: str) -> list[str]:
    out = [surface]
    stripped = AR_PREFIX.sub("", surface)
    # Only a clitic before a word that stays a word: "وأمازون" -> "أمازون", not "بعض" -> "عض".
    if stripped != surface and len(stripped.split()[0]) >= 3 if stripped.split() else False:
        out.append(stripped)
    return out


def latin_key(s: str) -> str:
    return to_key(s)
