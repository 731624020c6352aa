"""What the facts table would show, for the tests of each judged sample's error classes
(tests/test_facts_shown*.py, tests/test_facts_sample*.py)."""
from __future__ import annotations

from babelwire.facts.extract import extract_facts
from babelwire.facts.types import SHOWN
from babelwire.models import Article


def shown(text, lang, published="2020-05-28"):
    """The facts the brief would show: read surely enough and saying what they are."""
    fs = extract_facts(Article(id="t", text=text, language=lang, published=published))
    return [f for f in fs if f.confidence >= SHOWN and (f.kind == "date" or f.key or f.counts)]


def values(text, lang, published="2020-05-28"):
    return [f.value for f in shown(text, lang, published)]
