"""Naive rules the brief's figures are measured against (``babelwire eval briefs``).

- conflicts: any two articles that give different values under one key conflict (no
  confidence, scope, rounding, time or source checks);
- entities: every run of capitalised words is a name, grouped across languages only when
  written exactly alike; every name gets the kind most common among the story's labels.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Sequence

from ..facts.number_words import generic_keys, unit_keys
from ..facts.types import Discrepancy, Entity, Fact, Side
from ..models import Article

_WORD = re.compile(r"\w+")


def _runs(text: str):
    """Runs of capitalised words (cased scripts only) joined by one space or hyphen."""
    run: list[re.Match] = []
    for m in _WORD.finditer(text):
        w = m.group(0)
        if len(w) > 1 and w[0].isupper():
            if run and text[run[-1].end():m.start()] in (" ", "-"):
                run.append(m)
                continue
            if run:
                yield text[run[0].start():run[-1].end()]
            run = [m]
        elif run:
            yield text[run[0].start():run[-1].end()]
            run = []
    if run:
        yield text[run[0].start():run[-1].end()]


def naive_conflicts(facts: Sequence[Fact]) -> list[Discrepancy]:
    """One conflict per key whose articles give more than one value."""
    skip = generic_keys() | unit_keys()
    groups: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        if f.key and f.key not in skip and f.value is not None:
            groups[f.key if f.kind in ("count", "date") else f"{f.key} ({f.unit or f.kind})"].append(f)
    out = []
    for key, fs in groups.items():
        by_value: dict[str, list[Fact]] = defaultdict(list)
        for f in fs:
            by_value[str(f.value)].append(f)
        if len(by_value) >= 2 and len({f.article_id for f in fs}) >= 2:
            out.append(Discrepancy(kind="conflict", key=key, explanation=f"{key}: values differ",
                                   sides=[Side(v[0].display, v) for v in by_value.values()]))
    return out


def naive_entities(articles: Sequence[Article], gold_kinds: Sequence[str]) -> list[Entity]:
    """Capitalised runs as names, one group per exact spelling."""
    kind = Counter(gold_kinds).most_common(1)[0][0] if gold_kinds else "unknown"
    forms: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    arts: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        for name in _runs(a.text):
            forms[name][a.language][name] += 1
            arts[name].add(a.id)
    out = []
    for name, by_lang in forms.items():
        langs = {l: sum(c.values()) for l, c in by_lang.items()}
        out.append(Entity(id=f"naive:{name}", name=name, kind=kind, mentions=sum(langs.values()),
                          languages=langs, forms={l: dict(c) for l, c in by_lang.items()},
                          articles=sorted(arts[name])))
    return out
