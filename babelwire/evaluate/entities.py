"""Entity extraction scored on sentences labelled by reading (tests/data/entities-dev.jsonl).

One JSON object a line: ``batch`` (articles read together, as a brief reads a story),
``article``, ``language``, ``sentence`` (verbatim from the article's text) and ``entities``:
``[{"text", "kind", "entity"}]`` where ``kind`` is person, org, place or other (a named work,
product, event) and ``entity`` is one id per real-world thing, shared across sentences and
languages.

The extractor reads every article of a batch whole (it uses batch-wide cues), the grouping
turns mentions into entities, and only mentions inside a labelled sentence are scored:

- precision: shown mentions that are a labelled name (any kind; a part of a name counts,
  "Francis" in "Pope Francis"), per language of the sentence;
- recall: labelled person/org/place names found;
- kinds: of the found person/org/place names, those whose entity has the labelled kind;
- grouping: pairs of found names, same labelled entity vs same entity of ours, over all pairs
  and over pairs in different languages (Pope Francis / Papst Franziskus / Папа Франциск).
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any, Mapping

from ..facts.entities import get_entity_extractor
from ..facts.evaluation import Tally
from ..facts.grouping import group_entities
from ..models import Article

KINDS = ("person", "org", "place")


def load_entity_labels(path: str | Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def _articles(path: str | Path, ids: set[str]) -> dict[str, Article]:
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["id"] in ids:
                out[d["id"]] = Article(id=d["id"], text=d["text"], language=d.get("language") or "und")
    return out


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s).casefold().replace("’", "'")
    return " ".join(re.sub(r"[^\w'&]+", " ", s).split())


def _match(ours: str, gold: str) -> bool:
    """Equal, or one a whole-word part of the other; CJK and Arabic have no word bounds."""
    a, b = _norm(ours), _norm(gold)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if re.search(r"[\u0600-\u06ff\u3040-\u9fff]", short):
        return len(short) >= 2 and short in long_
    return len(short) >= 3 and re.search(rf"(?<!\w){re.escape(short)}(?!\w)", long_) is not None


def evaluate_entities(labels: str | Path, articles: str | Path, *, extractor: Any = None) -> dict[str, Any]:
    """Precision, recall, kinds and grouping per language (see module doc)."""
    extractor = extractor or get_entity_extractor("heuristic")
    rows = load_entity_labels(labels)
    arts = _articles(articles, {r["article"] for r in rows})
    prec: dict[str, Tally] = defaultdict(Tally)
    rec: dict[str, Tally] = defaultdict(Tally)
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    pairs_all, pairs_cross = Tally(), Tally()
    misses: list[str] = []
    by_batch: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_batch[r["batch"]].append(r)
    for batch, brows in sorted(by_batch.items()):
        ids = list(dict.fromkeys(r["article"] for r in brows))
        work = [arts[i] for i in ids]
        mentions = extractor.extract_batch(work)
        entities = group_entities(work, mentions)
        # A mention is shown when its form survived into an entity of its article.
        owner: dict[tuple[str, str], Any] = {}
        for e in entities:
            for forms in e.forms.values():
                for form in forms:
                    for aid in e.articles:
                        owner.setdefault((aid, form), e)
        found: list[tuple[str, str, str, str]] = []  # (language, gold entity, our entity, item)
        for n, r in enumerate(brows):
            a = arts[r["article"]]
            s = a.text.find(r["sentence"])
            e_ = s + len(r["sentence"])
            lang = r["language"]
            shown: dict[str, Any] = {}
            for m in mentions[ids.index(a.id)]:
                ent = owner.get((a.id, m.text))
                if ent is not None and s <= m.start < e_:
                    shown.setdefault(m.text, ent)
            gold = r["entities"]
            for text, ent in shown.items():
                if any(_match(text, g["text"]) for g in gold):
                    prec[lang].tp += 1
                else:
                    prec[lang].fp += 1
                    misses.append(f"FP {batch} {lang}: {text!r} ({ent.kind}) in {r['sentence'][:80]!r}")
            for g in gold:
                # The closest of our names stands for the label: equal first, then the longest.
                hits = [ent for text, ent in sorted(shown.items(), key=lambda kv: (
                    _norm(kv[0]) != _norm(g["text"]), -len(kv[0]))) if _match(text, g["text"])]
                if g["kind"] in KINDS:
                    if hits:
                        rec[lang].tp += 1
                        kinds[lang][1] += 1
                        if hits[0].kind == g["kind"]:
                            kinds[lang][0] += 1
                        else:
                            misses.append(f"KIND {batch} {lang}: {g['text']!r} is {g['kind']}, ours {hits[0].kind}")
                    else:
                        rec[lang].fn += 1
                        misses.append(f"FN {batch} {lang}: {g['text']!r} ({g['kind']})")
                if hits:
                    found.append((lang, g["entity"], hits[0].id, f"{n}:{g['text']}"))
        for (la, ga, oa, _), (lb, gb, ob, _) in combinations(found, 2):
            for t, use in ((pairs_all, True), (pairs_cross, la != lb)):
                if not use:
                    continue
                if ga == gb and oa == ob:
                    t.tp += 1
                elif ga == gb:
                    t.fn += 1
                elif oa == ob:
                    t.fp += 1

    def block(d: Mapping[str, Tally]) -> dict[str, Any]:
        out = {k: v.to_dict() for k, v in sorted(d.items())}
        t = Tally(sum(v.tp for v in d.values()), sum(v.fp for v in d.values()), sum(v.fn for v in d.values()))
        out["all"] = t.to_dict()
        return out

    kind_rate = {l: round(r / n, 3) if n else None for l, (r, n) in sorted(kinds.items())}
    tot = [sum(v[0] for v in kinds.values()), sum(v[1] for v in kinds.values())]
    kind_rate["all"] = round(tot[0] / tot[1], 3) if tot[1] else None
    return {"sentences": len(rows), "precision": block(prec), "recall": block(rec), "kinds_right": kind_rate,
            "grouping": pairs_all.to_dict(), "grouping_cross_language": pairs_cross.to_dict(), "misses": misses}


def format_entities_report(result: Mapping[str, Any]) -> str:
    langs = [l for l in result["precision"] if l != "all"] + ["all"]
    lines = [f"{result['sentences']} labelled sentences", "lang  precision  recall  kinds right"]
    for l in langs:
        p = result["precision"].get(l, {}).get("precision")
        r = result["recall"].get(l, {}).get("recall")
        k = result["kinds_right"].get(l)
        lines.append(f"{l:5} {_f(p):>9}  {_f(r):>6}  {_f(k):>11}")
    for name in ("grouping", "grouping_cross_language"):
        g = result[name]
        lines.append(f"{name.replace('_', ' ')}: pair precision {_f(g['precision'])}, recall {_f(g['recall'])}"
                     f" (tp {g['tp']}, fp {g['fp']}, fn {g['fn']})")
    return "\n".join(lines)


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"
