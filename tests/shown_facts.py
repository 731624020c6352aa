"""What the facts table would show, for the tests of each judged sample's error classes
(tests/test_facts_shown*.py, tests/test_facts_sample*.py)."""
from __future__ import annotations

from babelwire.facts.extract import extract_facts
from babelwire.facts.shown_gate import displayable, vetoed
from babelwire.facts.types import SHOWN
from babelwire.models import Article


def shown(text, lang, published="2020-05-28"):
    """The facts the brief may show: read surely enough, a date or keyed, not vetoed (the
    calibrated model of facts/shown_gate.py is tested on its own, in test_facts_gate.py)."""
    fs = extract_facts(Article(id="t", text=text, language=lang, published=published))
    return [f for f in fs if displayable(f)]


def read(text, lang, published="2020-05-28"):
    """Readings confident enough and not vetoed, keyed or not: for tests of how a figure known only
    by its counted word is read (the table shows none of those since facts15)."""
    fs = extract_facts(Article(id="t", text=text, language=lang, published=published))
    return [f for f in fs if f.confidence >= SHOWN and (f.kind == "date" or f.key or f.counts) and not vetoed(f)]


def values(text, lang, published="2020-05-28"):
    return [f.value for f in shown(text, lang, published)]
