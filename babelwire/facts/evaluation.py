"""Score entity, fact and discrepancy extraction against labelled stories.

Label format: examples/stories.json (see examples/README.md) — per story ``articles``
({label: language}), ``entities`` (name, type, forms per language), ``facts`` (value and the
evidence sentence per article), ``conflicts``, ``non_conflicts`` and an optional
``self_contradiction``. examples/facts_labels.json uses the same shape for the seeds.

Each story's brief is built as readers get it (``build_brief``, no embeddings) and scored:
counts are per language of the article a label belongs to; precision and recall follow.
Fact accuracy (``facts_shown``) is over the facts the brief shows in labelled sentences: a shown
fact is right when its value matches any label of its sentence, key or not (facts with ``"key":
false`` label the sentence's other quantities and dates); fact recall (``facts``) counts key facts
found. Entity
precision is given both strictly and over the groups that match a labelled entity (labels do not
list every name either); entity kinds are right or wrong over the groups that match. ``evaluate(...,
baseline=True)`` scores naive rules on the same data beside it (``evaluate/brief_baselines.py``).
"""
from __future__ import annotations

import dataclasses
import json
import math
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterable, Mapping, Sequence

from .. import pipeline
from ..brief.build import build_brief
from ..clean import get_cleaner
from ..evaluate.brief_baselines import naive_conflicts, naive_entities
from ..ingest import read_paths
from ..models import Article, LanguageGuess, RawDoc
from ._data import base_lang
from .extract import extract_facts


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
    facts: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))  # key labels: tp found, fn missed
    facts_shown: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))  # tp right, fp wrong
    conflicts: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    non_conflicts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    self_contradictions: Tally = field(default_factory=Tally)
    kinds: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))  # tp right, fp wrong
    misses: list[str] = field(default_factory=list)
    baseline: "Report | None" = None  # the same figures by naive rules, on the same data

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

        out = {
            "entities": block(self.entities),
            "entities_labelled_groups": block(self.entities_labelled),
            "entity_kinds": block(self.kinds),
            "entity_grouping": self.grouping.to_dict(),
            "facts": block(self.facts),
            "facts_shown": block(self.facts_shown),
            "conflicts": block(self.conflicts),
            "non_conflicts": dict(self.non_conflicts),
            "self_contradictions": self.self_contradictions.to_dict(),
        }
        if self.baseline is not None:
            out["baseline"] = self.baseline.to_dict()
        return out


# --------------------------------------------------------------------------- loading

def load_examples(root: str | Path, *, clean: bool = True) -> tuple[list[dict], dict[str, Article]]:
    """Labelled stories and the corpus as Articles keyed by label (JSONL id or path under
    corpus/), cleaned like ingest does; languages come from the labels."""
    root = Path(root)
    stories = json.loads((root / "stories.json").read_text(encoding="utf-8"))
    return stories, load_corpus(root / "corpus", stories, clean=clean)


def load_corpus(path: str | Path, stories: Sequence[Mapping[str, Any]], *, clean: bool = True) -> dict[str, Article]:
    """The labelled stories' articles keyed by label, cleaned like ingest does.

    ``path``: a corpus folder like examples/corpus (``articles.jsonl``, ``html/``, ``txt/``;
    labels are JSONL ids or paths under the folder), or one JSON-lines file of articles by id
    (only the labelled ids are read). Languages come from the labels.
    """
    path = Path(path)
    gold_lang = {a: l for s in stories for a, l in s["articles"].items()}
    out: dict[str, Article] = {}
    if path.is_file():
        return load_jsonl(path, gold_lang, clean=clean)
    files = [path / "articles.jsonl"] + sorted((path / "html").glob("*.html")) + sorted((path / "txt").glob("*.txt"))
    for f in files:
        if not f.exists():
            continue
        rel = f.relative_to(path).as_posix()
        for a in _read(str(f), gold_lang, rel, clean):
            label = a.id if a.id in gold_lang else rel
            out[label] = a
    return out


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
    those named in ``languages``, which also gives their language. Only those lines are read
    through ingest (reading and cleaning all 2,419 dev articles takes seconds)."""
    path = Path(path)
    wanted = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and json.loads(line).get("id") in languages:
                wanted.append(line if line.endswith("\n") else line + "\n")
    with tempfile.TemporaryDirectory() as tmp:
        sub = Path(tmp) / path.name
        sub.write_text("".join(wanted), encoding="utf-8")
        return {a.id: a for a in _read(str(sub), languages, path.name, clean) if a.id in languages}


def _read(path: str, gold_lang: Mapping[str, str], rel: str, clean: bool) -> list[Article]:
    docs = [d for d in read_paths([path], max_file_bytes=50_000_000, max_record_bytes=5_000_000,
                                  max_text_chars=1_000_000) if isinstance(d, RawDoc)]
    for d in docs:
        d.language = gold_lang.get(d.id or "", gold_lang.get(rel)) or d.language
    cleaner = _cleaner() if clean else None
    detector = _NoDetector()
    if cleaner is None:
        cleaner = SimpleNamespace(clean_batch=lambda texts, langs: [
            SimpleNamespace(text=t, removed=[], captured={}) for t in texts])
    prepared = pipeline.prepare_batch(docs, detector=detector, cleaner=cleaner, min_text_chars=1)
    return [p.article for p in prepared if isinstance(p, pipeline.Prepared)]


def _cleaner():
    try:
        return get_cleaner()
    except ImportError:
        return None


class _NoDetector:
    def detect_batch(self, texts):
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
    ISO dates equal on the day, ISO months ("2018-04") on the month."""
    g = _num(gold)
    if g is not None:
        if not isinstance(ours, (int, float)):
            return False
        scales = (1.0, 1e6, 1e9, 1e3) if scaled else (1.0,)
        return any(math.isclose(float(ours), g * s, rel_tol=0.005, abs_tol=1e-9) for s in scales)
    if isinstance(gold, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", gold):
        if isinstance(ours, str) and ours.startswith("--"):  # day and month read, no year to place them
            return ours[2:7] == gold[5:10]
        return isinstance(ours, str) and ours[:10] == gold
    if isinstance(gold, str) and re.match(r"^\d{4}-\d{2}$", gold):  # a month ("April 2018")
        return isinstance(ours, str) and ours[:7] == gold
    return False


def sentence_span(text: str, sentence: str) -> tuple[int, int] | None:
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
    """Build the brief of one labelled story (no embeddings) and add its counts to ``report``;
    naive rules on the same articles go to ``report.baseline`` when it is set.

    Fact accuracy is scored over the facts the brief shows (its facts table); the baseline
    scores every figure read. Copies and translations named in the labels (``near_duplicates``,
    ``translations``) or in the input (``duplicate_of``) are linked as ingest and clustering
    would have linked them.
    """
    labels = [a for a in story["articles"] if a in articles]
    by_label = {l: articles[l] for l in labels}
    copies = dict(story.get("near_duplicates", {}) or {})
    translations = dict(story.get("translations", {}) or {})
    work = []
    for l, a in by_label.items():
        orig, kind = copies.get(l), None
        if orig not in by_label and translations.get(l) in by_label:
            orig, kind = translations[l], "translation"  # as the clustering stage links them
        dup = by_label[orig].id if orig in by_label else (a.metadata or {}).get("duplicate_of")
        if dup and dup != a.duplicate_of:
            a = dataclasses.replace(a, duplicate_of=dup, copy_kind=kind or a.copy_kind)
        work.append(a)
    by_label = dict(zip(labels, work))
    label_of = {a.id: l for l, a in by_label.items()}
    lang_of = {l: base_lang(story["articles"][l]) for l in labels}
    if not work:
        return {}
    brief = build_brief(work, embedder=None, extractor=extractor, now="1970-01-01T00:00:00+00:00")

    shown: dict[str, list] = defaultdict(list)
    for _key, fs in brief.shown_facts():
        for f in fs:
            shown[label_of[f.article_id]].append(f)
    every: dict[str, list] = defaultdict(list)  # every figure read, however unsure
    for l, a in by_label.items():
        if not a.duplicate_of:
            every[l] = extract_facts(a, published=a.published)
    _score_facts(story, by_label, lang_of, shown, report)
    _score_entities(story, brief.entities, lang_of, report)
    _score_conflicts(story, brief.discrepancies, label_of, lang_of, report)

    if report.baseline is not None:
        base = report.baseline
        _score_facts(story, by_label, lang_of, every, base)
        originals = [a for a in work if not a.duplicate_of]
        gold_kinds = [e.get("type") for e in story.get("entities", []) if e.get("type")]
        _score_entities(story, naive_entities(originals, gold_kinds), lang_of, base)
        _score_conflicts(story, naive_conflicts(brief.facts), label_of, lang_of, base)
    return {"brief": brief, "facts": brief.facts, "entities": brief.entities,
            "discrepancies": brief.discrepancies, "agreements": brief.agreements}


def _score_facts(story, by_label, lang_of, facts_by_label, report: Report) -> None:
    """Recall (``report.facts``) over labelled key (article, value); accuracy
    (``report.facts_shown``) over our facts in labelled sentences, each right when its value
    matches any label of its sentence, key or not (``"key": false``: the other quantities and
    dates the sentence states, labelled so that a right reading of them is not counted wrong)."""
    labelled_spans: dict[str, list[tuple[int, int, list[Any]]]] = defaultdict(list)
    for gf in story.get("facts", []):
        key = gf.get("key", True)
        for l, sent in gf["articles"].items():
            if l not in by_label:
                continue
            a = by_label[l]
            sp = sentence_span(a.text, sent)
            lang = lang_of[l]
            hit = False
            if sp is not None:
                hit = key and any(sp[0] <= f.start < sp[1] and value_matches(f.value, gf["value"])
                                  for f in facts_by_label.get(l, []))
                for s, e, vals in labelled_spans[l]:
                    if (s, e) == sp:
                        vals.append(gf["value"])
                        break
                else:
                    labelled_spans[l].append((sp[0], sp[1], [gf["value"]]))
            if not key:
                continue
            if hit:
                report.facts[lang].tp += 1
            else:
                report.facts[lang].fn += 1
                report.misses.append(f"fact {story['story']} {l} ({lang}): {gf['what']} = {gf['value']}")
    for l, spans in labelled_spans.items():
        for f in facts_by_label.get(l, []):
            for s, e, vals in spans:
                if s <= f.start < e:
                    if any(value_matches(f.value, v) for v in vals):
                        report.facts_shown[lang_of[l]].tp += 1
                    else:
                        report.facts_shown[lang_of[l]].fp += 1
                        report.misses.append(f"wrong fact {story['story']} {l} ({lang_of[l]}): "
                                             f"{f.raw!r} read as {f.value} {f.unit or ''} [{f.key}]")
                    break


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
    kinds = [ge.get("type") for ge in story.get("entities", [])]
    for g in groups:
        label = assign[g.id]
        for l, fs in g.forms.items():
            l = base_lang(l)
            if label is not None and any(_form_match(f, x) for f in fs for x in gold[label][1].get(l, [])):
                found.add((label, l))
                report.entities[l].tp += 1
                report.entities_labelled[l].tp += 1
                if kinds[label]:
                    if g.kind == kinds[label]:
                        report.kinds[l].tp += 1
                    else:
                        report.kinds[l].fp += 1
            else:
                report.entities[l].fp += 1
                if label is not None:
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
        majority = json.loads(max(counts, key=lambda v: counts[v]))
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


def evaluate(stories: Sequence[Mapping[str, Any]], articles: Mapping[str, Article], *,
             baseline: bool = False, **kw: Any) -> Report:
    """Score every labelled story's brief; with ``baseline``, the naive rules beside it."""
    report = Report(baseline=Report() if baseline else None)
    for s in stories:
        evaluate_story(s, articles, report, **kw)
    return report
