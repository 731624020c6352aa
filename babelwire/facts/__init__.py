"""Facts, entities and discrepancies read from article text, in any language.

    from babelwire.facts import extract_facts, find_discrepancies, get_entity_extractor, group_entities

- ``extract_facts(article)``: numbers, amounts, percentages, dates and deadlines, normalised,
  each with what it counts, its scope and its evidence sentence (numbers.py with
  number_words.py and magnitudes.py; dates.py).
- ``get_entity_extractor("heuristic").extract_batch(articles)`` then ``group_entities``:
  people, organisations and places grouped across scripts (entities.py, with
  transliteration.py, gazetteer.py, grouping.py); a real NER model registers under another
  name in ``entity_extractors``.
- ``find_discrepancies(facts)``: conflicts (precision first), self-contradictions, and the
  differences that are not conflicts (scope, rounding, bounds, updates, background, different
  time, differs) with the reason (discrepancies.py).
"""
from __future__ import annotations

from .comparable import compatible
from .discrepancies import find_discrepancies
from .entities import EntityExtractor, entity_extractors, get_entity_extractor
from .extract import extract_facts
from .gazetteer import find_places
from .grouping import group_entities
from .sentences import Sentence, split_sentences
from .types import Agreement, Discrepancy, Entity, Evidence, Fact, Mention, Side

__all__ = [
    "Agreement", "Discrepancy", "Entity", "EntityExtractor", "Evidence", "Fact", "Mention", "Sentence",
    "Side", "compatible", "entity_extractors", "extract_facts", "find_discrepancies", "find_places",
    "get_entity_extractor", "group_entities", "split_sentences",
]
