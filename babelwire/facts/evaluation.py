"""Score entity, fact and discrepancy extraction against labelled stories.

Label format: examples/stories.json (see examples/README.md) — per story ``articles``
({label: language}), ``entities`` (name, type, forms per language), ``facts`` (value and the
evidence sentence per article), ``conflicts``, ``non_conflicts`` and an optional
``self_contradiction``. examples/facts_labels.json uses the same shape for the seeds.

Counts are per language of the article a label belongs to; precision and recall follow.
Fact precision is measured on labelled sentences only (labels list the story's key facts,
not every number), so it is a lower bound; entity precision is given both strictly and over
the groups that match a labelled entity (labels do not list every name either).
"""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from ..models import Article
from ._data import base_lang


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def to_dict(self) -> dict[str, Any]:
        r = lambda x: None if x is None else round(x, 3)  # noqa: E731
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": r(self.precision),
                "recall": r(self.recall)}


@dataclass
class Report:
    entities: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    entities_labelled: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    grouping: Tally = field(default_factory=Tally)  # labelled multi-language entities found as one group
    facts: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    conflicts: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    non_conflicts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    self_contradictions: Tally = field(default_factory=Tally)
    misses: list[str] = field(default_factory=list)

    @staticmethod
    def _total(d: Mapping[str, Tally]) -> Tally:
        t = Tally()
        for v in d.values():
            t.tp, t.fp, t.fn = t.tp + v.tp, t.fp + v.fp, t.fn + v.fn
        return t

    def to_dict(self) -> dict[str, Any]:
        def block(d):
            out = {k: v.to_dict() for k, v in sorted(d.items())}
            out["all"] = self._total(d).to_dict()
            return out

        return {
            "entities": block(self.entities),
            "entities_labelled_groups": block(self.entities_labelled),
            "entity_grouping": self.grouping.to_dict(),
            "facts": block(self.facts),
            "conflicts": block(self.conflicts),
            "non_conflicts": dict(self.non_conflicts),
            "self_contradictions": self.self_contradictions.to_dict(),
        }


# --------------------------------------------------------------------------- loading

def load_examples(root: str | Path, *, clean: bool = True) -> tuple[list[dict], dict[str, Article]]:
    """Labelled stories and the corpus as Articles keyed by label (JSONL id or path under
    corpus/), cleaned like ingest does; languages come from the labels."""
    root = Path(root)
    stories = json.loads((root / "stories.json").read_text(encoding="utf-8"))
    gold_lang = {a: l for s in stories for a, l in s["articles"].items()}
    corpus = root / "corpus"
    files = [corpus / "articles.jsonl"] + sorted((corpus / "html").glob("*.html")) + sorted((corpus / "txt").glob("*.txt"))
    out: dict[str, Article] = {}
    for f in files:
        rel = f.relative_to(corpus).as_posix()
        for a in _read(str(f), gold_lang, rel, clean):
            label = a.id if a.id in gold_lang else rel
            out[label] = a
    return stories, out


def load_files(paths: Iterable[str | Path], languages: Mapping[str, str], *, clean: bool = True) -> dict[str, Article]:
    """Articles from files keyed by file name (the seeds), languages given by name."""
    out = {}
    for p in paths:
        p = Path(p)
        for a in _read(str(p), languages, p.name, clean):
            out[p.name] = a
    return out


def load_jsonl(path: str | Path, languages: Mapping[str, str], *, clean: bool = True) -> dict[str, Article]:
    """Articles of one JSONL file keyed by their id (the dev set for tests/data/briefs-dev), only
    those named in ``languages``, which also gives their language."""
    return {a.id: a for a in _read(str(path), languages, Path(path).name, clean) if a.id in languages}


def _read(path: str, gold_lang: Mapping[str, str], rel: str, clean: bool) -> list[Article]:
    from .. import pipeline
    from ..ingest import read_paths
    from ..models import RawDoc

    docs = [d for d in read_paths([path], max_file_bytes=50_000_000, max_record_bytes=5_000_000,
                                  max_text_chars=1_000_000) if isinstance(d, RawDoc)]
    for d in docs:
        d.language = gold_lang.get(d.id or "", gold_lang.get(rel)) or d.language
    cleaner = _cleaner() if clean else None
    detector = _NoDetector()
    if cleaner is None:
        from types import SimpleNamespace

        cleaner = SimpleNamespace(clean_batch=lambda texts, langs: [
            SimpleNamespace(text=t, removed=[], captured={}) for t in texts])
    prepared = pipeline.prepare_batch(docs, detector=detector, cleaner=cleaner, min_text_chars=1)
    return [p.article for p in prepared if isinstance(p, pipeline.Prepared)]


def _cleaner():
    try:
        from ..clean import get_cleaner

        return get_cleaner()
    except ImportError:
        return None


class _NoDetector:
    def detect_batch(self, texts):
        from ..models import LanguageGuess

        return [LanguageGuess("und", 0.0) for _ in texts]


# --------------------------------------------------------------------------- matching

def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


def _num(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    return None


def value_matches(ours: Any, gold: Any, *, scaled: bool = False) -> bool:
    """Numbers equal (to 0.5%), or equal once the label's "million"/"billion" unit is applied;
    ISO dates equal on the day."""
    g = _num(gold)
    if g is not None:
        if not isinstance(ours, (int, float)):
            return False
        scales = (1.0, 1e6, 1e9, 1e3) if scaled else (1.0,)
        return any(math.isclose(float(ours), g * s, rel_tol=0.005, abs_tol=1e-9) for s in scales)
    if isinstance(gold, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", gold):
        return isinstance(ours, str) and ours[:10] == gold
    return False


def _span(text: str, sentence: str) -> tuple[int, int] | None:
    i = text.find(sentence)
    if i >= 0:
        return i, i + len(sentence)
    # whitespace may differ after cleaning
    pat = r"\s+".join(re.escape(w) for w in sentence.split())
    m = re.search(pat, text)
    return (m.start(), m.end()) if m else None


# --------------------------------------------------------------------------- scoring

def evaluate_story(story: Mapping[str, Any], articles: Mapping[str, Article], report: Report, *,
                   extractor: Any = None) -> dict[str, Any]:
    """Run the brief's extractors on one labelled story and add its counts to ``report``."""
    from .discrepancies import find_discrepancies
    from .entities import get_entity_extractor, group_entities
    from .extract import extract_facts
    from .sentences import split_sentences
    from .dates import dateline_published

    labels = [a for a in story["articles"] if a in articles]
    arts = [articles[a] for a in labels]
    by_label = dict(zip(labels, arts))
    label_of = {a.id: l for l, a in by_label.items()}
    lang_of = {l: base_lang(story["articles"][l]) for l in labels}
    copies = story.get("near_duplicates", {}) or {}
    canonical = {by_label[c].id: by_label[o].id for c, o in copies.items() if c in by_label and o in by_label}

    pubs = {}
    for a in arts:
        p = a.published
        if a.published_precision not in ("day", "minute"):
            d = dateline_published(a.text, a.language, a.published)
            p = d.value if d else p
        pubs[a.id] = p
    dated = sorted(v for v in pubs.values() if v)
    context = dated[0][:10] if dated else None

    facts_by_label: dict[str, list] = {}
    all_facts = []
    for l, a in by_label.items():
        fs = extract_facts(a, sentences=split_sentences(a.text, a.language), published=pubs[a.id],
                           context=context, outlet=a.source)
        facts_by_label[l] = fs
        if a.id not in canonical:
            all_facts.extend(fs)

    # Facts: recall over labelled (article, value); precision over our facts in labelled sentences.
    labelled_spans: dict[str, list[tuple[int, int, list[Any]]]] = defaultdict(list)
    for gf in story.get("facts", []):
        for l, sent in gf["articles"].items():
            if l not in by_label:
                continue
            a = by_label[l]
            sp = _span(a.text, sent)
            lang = lang_of[l]
            hit = False
            if sp is not None:
                for f in facts_by_label[l]:
                    if sp[0] <= f.start < sp[1] and value_matches(f.value, gf["value"]):
                        hit = True
                        break
                merged = False
                for i, (s, e, vals) in enumerate(labelled_spans[l]):
                    if (s, e) == sp:
                        vals.append(gf["value"])
                        merged = True
                if not merged:
                    labelled_spans[l].append((sp[0], sp[1], [gf["value"]]))
            if hit:
                report.facts[lang].tp += 1
            else:
                report.facts[lang].fn += 1
                report.misses.append(f"fact {story['story']} {l} ({lang}): {gf['what']} = {gf['value']}")
    for l, spans in labelled_spans.items():
        for f in facts_by_label[l]:
            for s, e, vals in spans:
                if s <= f.start < e:
                    if not any(value_matches(f.value, v) for v in vals):
                        report.facts[lang_of[l]].fp += 1
                    break

    # Entities.
    work = [a for a in arts if a.id not in canonical]
    extractor = extractor or get_entity_extractor("heuristic")
    mentions = extractor.extract_batch(work)
    groups = group_entities(work, mentions)
    _score_entities(story, groups, lang_of, report)

    # Discrepancies.
    discs, agreements = find_discrepancies(all_facts, canonical=canonical)
    _score_conflicts(story, discs, label_of, lang_of, report)
    return {"facts": all_facts, "entities": groups, "discrepancies": discs, "agreements": agreements}


def _form_match(ours: str, gold: str) -> bool:
    a, b = _norm(ours), _norm(gold)
    if a == b:
        return True
    # "Atacama" inside "Región de Atacama", "Amazons" for "Amazon": whole-word containment.
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 3 and re.search(rf"(?<!\w){re.escape(short)}(?!\w)", long_) is not None


def _score_entities(story, groups, lang_of, report: Report) -> None:
    labelled_langs = set(lang_of.values())
    gold = []
    for ge in story.get("entities", []):
        forms = {base_lang(l): fs for l, fs in ge["forms"].items()}
        gold.append((ge["name"], {l: fs for l, fs in forms.items() if l in labelled_langs}))
    # Each of our groups stands for the labelled entity it shares most (language, form) with.
    assign: dict[str, int | None] = {}
    for g in groups:
        best, best_n = None, 0
        for gi, (_name, forms) in enumerate(gold):
            n = sum(1 for l, fs in g.forms.items() for f in fs
                    if any(_form_match(f, x) for x in forms.get(base_lang(l), [])))
            if n > best_n:
                best, best_n = gi, n
        assign[g.id] = best
    found: set[tuple[int, str]] = set()
    for g in groups:
        gi = assign[g.id]
        for l, fs in g.forms.items():
            l = base_lang(l)
            ok = gi is not None and any(_form_match(f, x) for f in fs for x in gold[gi][1].get(l, []))
            if ok:
                found.add((gi, l))
                report.entities[l].tp += 1
                report.entities_labelled[l].tp += 1
            else:
                report.entities[l].fp += 1
                if gi is not None:
                    report.entities_labelled[l].fp += 1
    for gi, (name, forms) in enumerate(gold):
        for l in forms:
            if (gi, l) not in found:
                report.entities[l].fn += 1
                report.entities_labelled[l].fn += 1
                report.misses.append(f"entity {story['story']} {name} ({l}): {forms[l]}")
        # Grouping: every language we found it in sits in one group.
        langs_found = {l for (g_i, l) in found if g_i == gi}
        if len(forms) >= 2:
            one = any(assign[g.id] == gi and langs_found <= {base_lang(l) for l in g.forms} for g in groups)
            if len(langs_found) >= 2 and one:
                report.grouping.tp += 1
            else:
                report.grouping.fn += 1


def _score_conflicts(story, discs, label_of, lang_of, report: Report) -> None:
    conflicts = [d for d in discs if d.kind == "conflict"]
    used: set[int] = set()
    for gc in story.get("conflicts", []):
        vals = gc["articles"]
        counts: dict[str, int] = defaultdict(int)
        for v in vals.values():
            counts[json.dumps(v)] += 1
        majority = json.loads(max(counts, key=counts.get))
        outliers = [l for l, v in vals.items() if v != majority]
        hit = None
        for i, d in enumerate(conflicts):
            sides = [{(label_of.get(f.article_id), f.value) for f in s.facts} for s in d.sides]
            has_out = any(any(lab in outliers and value_matches(v, vals[lab], scaled=True) for lab, v in side)
                          for side in sides)
            has_maj = any(any(lab in vals and lab not in outliers and value_matches(v, majority, scaled=True)
                              for lab, v in side) for side in sides)
            if has_out and has_maj:
                hit = i
                break
        lang = lang_of.get(outliers[0], "und") if outliers else "und"
        if hit is not None:
            used.add(hit)
            report.conflicts[lang].tp += 1
        else:
            report.conflicts[lang].fn += 1
            report.misses.append(f"conflict {story['story']}: {gc['what']} {vals}")
    for i, d in enumerate(conflicts):
        if i not in used:
            langs = {f.language for s in d.sides for f in s.facts}
            for l in langs:
                report.conflicts[base_lang(l)].fp += 1
            report.misses.append(f"false conflict {story['story']}: {d.explanation}")
    for nc in story.get("non_conflicts", []):
        labs = list(nc["articles"].items())
        flagged = False
        for d in conflicts:
            side_of = {}
            for si, s in enumerate(d.sides):
                for f in s.facts:
                    side_of[(label_of.get(f.article_id), json.dumps(f.value))] = si
            hits = set()
            for lab, v in labs:
                for (l2, fv), si in side_of.items():
                    if l2 == lab and value_matches(json.loads(fv), v, scaled=True):
                        hits.add(si)
            if len(hits) >= 2:
                flagged = True
        report.non_conflicts["flagged" if flagged else "not_flagged"] += 1
    sc = story.get("self_contradiction")
    selfs = [d for d in discs if d.kind == "self-contradiction"]
    if sc:
        ok = any(label_of.get(f.article_id) == sc["article"] for d in selfs for s in d.sides for f in s.facts)
        if ok:
            report.self_contradictions.tp += 1
        else:
            report.self_contradictions.fn += 1
    for d in selfs:
        if not sc or not any(label_of.get(f.article_id) == sc["article"] for s in d.sides for f in s.facts):
            report.self_contradictions.fp += 1


def evaluate(stories: Sequence[Mapping[str, Any]], articles: Mapping[str, Article], **kw: Any) -> Report:
    report = Report()
    for s in stories:
        evaluate_story(s, articles, report, **kw)
    return report
