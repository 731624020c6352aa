"""Character-level facts every stage asks about text: which script a character belongs to,
whether that script marks names with capitals, and digits of any script as 0-9.

The script comes from the Unicode character name (``unicodedata``, which ships the Unicode
Character Database with Python): "LATIN SMALL LETTER E WITH ACUTE" is Latin, "CJK UNIFIED
IDEOGRAPH-4E2D" is Han. Hand-written code-point ranges drifted apart in three copies (one
ended Latin at U+0250, another at U+0370, both missed Armenian); the names cannot drift.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Literal

Script = Literal["latin", "cased", "han", "uncased"]

# Scripts whose capitals mark names as in Latin. Georgian is not among them: its capitals
# (Mtavruli) exist in Unicode but running text never uses them for names.
_CASED = frozenset(("GREEK", "CYRILLIC", "ARMENIAN", "COPTIC", "GLAGOLITIC"))
# Scripts written without spaces between words, a character carrying about a word's meaning.
_HAN = frozenset(("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO"))


@lru_cache(maxsize=8192)
def script_name(ch: str) -> str:
    """The script of one character as the first word of its Unicode name, upper-case: "LATIN",
    "CYRILLIC", "ARABIC", "CJK" (Han ideographs and 々), "HIRAGANA", "KATAKANA" (ー too),
    "HANGUL"... Fullwidth and halfwidth forms count as the script they show. Characters that
    belong to no script answer with their name's first word ("DIGIT", "COMBINING") or "" when
    they have no name (controls, unassigned code points)."""
    try:
        words = unicodedata.name(ch).split(" ", 2)
    except ValueError:
        return ""
    first = words[0]
    if first in ("HALFWIDTH", "FULLWIDTH") and len(words) > 1:
        first = words[1]  # "FULLWIDTH LATIN CAPITAL LETTER A", "HALFWIDTH KATAKANA LETTER A"
    if first == "KATAKANA-HIRAGANA":  # the long-vowel mark ー
        return "KATAKANA"
    if first == "IDEOGRAPHIC":  # 々, 〆
        return "CJK"
    return first


def script_of(ch: str) -> Script:
    """What a letter's script says about names: "latin"; "cased" (Greek, Cyrillic, Armenian:
    capitals mark names as in Latin); "han" (Chinese, Japanese, Korean); "uncased" (Arabic,
    Hebrew, Devanagari, Thai, Georgian...). ASCII and modifier letters (the apostrophe ʼ
    Ukrainian writes, ʰ) count as Latin; other characters of no script as "uncased"."""
    if ch.isascii():
        return "latin"
    script = script_name(ch)
    if script in ("LATIN", "MODIFIER"):
        return "latin"
    if script in _CASED:
        return "cased"
    if script in _HAN:
        return "han"
    return "uncased"


def _digit_table() -> dict[int, str]:
    table = {cp: str(unicodedata.digit(chr(cp))) for cp in range(0x80, 0x10000)
             if unicodedata.category(chr(cp)) == "Nd"}
    table[0x066B] = "."  # ARABIC DECIMAL SEPARATOR
    table[0x066C] = ","  # ARABIC THOUSANDS SEPARATOR
    return table


_DIGITS = _digit_table()


def ascii_digits(text: str) -> str:
    """Every decimal digit (Arabic-Indic, Persian, Devanagari, fullwidth...) as 0-9, and the
    Arabic decimal and thousands separators as "." and ","."""
    return text if text.isascii() else text.translate(_DIGITS)
