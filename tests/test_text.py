"""babelwire.text: the one home of "which script is this character" and digits of any script."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from babelwire.dates import now_iso, utc_iso
from babelwire.text import ascii_digits, script_name, script_of


@pytest.mark.parametrize("ch, name, cls", [
    ("A", "LATIN", "latin"),
    ("é", "LATIN", "latin"),
    ("ɐ", "LATIN", "latin"),  # U+0250, IPA: one old copy ended Latin just before it
    ("ʼ", "MODIFIER", "latin"),  # U+02BC, the apostrophe Ukrainian writes inside words
    ("ệ", "LATIN", "latin"),  # Latin Extended Additional (Vietnamese)
    ("Ａ", "LATIN", "latin"),  # fullwidth forms count as what they show
    ("Ж", "CYRILLIC", "cased"),
    ("ά", "GREEK", "cased"),
    ("ἀ", "GREEK", "cased"),  # Greek Extended
    ("Ա", "ARMENIAN", "cased"),  # U+0531: both old range tables called Armenian uncased
    ("ა", "GEORGIAN", "uncased"),  # no capitals for names in running Georgian text
    ("中", "CJK", "han"),
    ("々", "CJK", "han"),
    ("の", "HIRAGANA", "han"),
    ("カ", "KATAKANA", "han"),
    ("ー", "KATAKANA", "han"),
    ("ｶ", "KATAKANA", "han"),
    ("한", "HANGUL", "han"),
    ("ع", "ARABIC", "uncased"),
    ("ह", "DEVANAGARI", "uncased"),
    ("ש", "HEBREW", "uncased"),
    ("ก", "THAI", "uncased"),
])
def test_script_of_letters(ch, name, cls):
    assert script_name(ch) == name
    assert script_of(ch) == cls


def test_script_name_of_characters_without_a_name():
    assert script_name("\x07") == ""
    assert script_of("\x07") == "latin"  # ASCII says nothing about names


def test_ascii_digits_any_script():
    assert ascii_digits("٣٫٥ ۱۲ १२ ３ ১০") == "3.5 12 12 3 10"
    assert ascii_digits("١٬٢٠٠") == "1,200"
    assert ascii_digits("km²") == "km²"  # a superscript is not a decimal digit
    assert ascii_digits("plain 42") == "plain 42"


def test_now_iso_is_utc_to_the_second():
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", now_iso())
    paris = timezone(timedelta(hours=1))
    assert utc_iso(datetime(2026, 3, 1, 12, 30, 5, 999, tzinfo=paris)) == "2026-03-01T11:30:05+00:00"
