"""Brief quality on labelled stories (``babelwire eval briefs``), each figure beside a baseline.

Inputs: labelled stories in the examples/stories.json shape (examples/README.md) and their
articles, either a corpus folder like examples/corpus or one JSON-lines file of articles by id
(e.g. the SemEval dev set). Every story's brief is built as readers get it (no embeddings),
then scored (``facts/evaluation.py``):

- fact accuracy over the facts the brief shows (its facts table) in labelled sentences, each
  right when its value matches a label of its sentence (key or not); fact recall over the key
  facts; baseline: every figure the extractor reads;
- conflict precision and recall; baseline: any two articles giving different values under
  one key conflict;
- entity precision/recall, kinds right, cross-script grouping; baseline: capitalised word
  runs, grouped only when spelled alike, with the story's most common kind.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..facts.evaluation import evaluate, load_corpus

# (report block, figure, which of precision/recall) in the order the table shows them
FIGURES = (
    ("facts_shown", "fact accuracy (shown)", "precision"),
    ("facts", "fact recall (shown)", "recall"),
    ("conflicts", "conflict precision", "precision"),
    ("conflicts", "conflict recall", "recall"),
    ("entities", "entity precision", "precision"),
    ("entities", "entity recall", "recall"),
    ("entity_kinds", "entity kinds right", "precision"),
)


def evaluate_briefs(stories_path: str | Path, articles_path: str | Path) -> dict[str, Any]:
    """Score the briefs of the labelled stories in ``stories_path``; see the module doc."""
    p = Path(stories_path)
    try:
        stories = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise InputError(f"cannot read labelled stories: {e}", path=str(p)) from None
    if not isinstance(stories, list) or not all(
            isinstance(s, dict) and isinstance(s.get("story"), str) and isinstance(s.get("articles"), dict)
            for s in stories):
        raise InputError("labelled stories: expected a JSON list of {story, articles: {id: language}, …} "
                         "(see examples/README.md)", path=str(p))
    t0 = time.perf_counter()
    articles = load_corpus(articles_path, stories)
    labelled = {a for s in stories for a in s.get("articles", {})}
    t1 = time.perf_counter()
    report = evaluate(stories, articles, baseline=True)
    out = report.to_dict()
    out["data"] = {"stories": len(stories), "articles_labelled": len(labelled),
                   "articles_found": len(labelled & set(articles)),
                   "conflicts_labelled": sum(len(s.get("conflicts", [])) for s in stories),
                   "non_conflicts_labelled": sum(len(s.get("non_conflicts", [])) for s in stories),
                   "seconds_loading": round(t1 - t0, 2),
                   "seconds_scoring": round(time.perf_counter() - t1, 2)}
    return out


def _f(v: Any) -> str:
    return "  n/a" if v is None else f"{v:.3f}"


def format_briefs_report(result: dict[str, Any]) -> str:
    """A table: each figure overall and per language, with its baseline beside it."""
    d = result.get("data", {})
    base = result.get("baseline", {})
    lines = [f"stories: {d.get('stories')}, articles {d.get('articles_found')}/{d.get('articles_labelled')} found, "
             f"{d.get('conflicts_labelled')} labelled conflicts, {d.get('non_conflicts_labelled')} non-conflicts", ""]
    lines.append(f"{'figure':24s}{'brief':>8s}{'baseline':>10s}   n (tp/fp/fn)")
    for block, name, which in FIGURES:
        m, b = result[block]["all"], base.get(block, {}).get("all", {})
        lines.append(f"{name:24s}{_f(m.get(which)):>8s}{_f(b.get(which)):>10s}   {m['tp']}/{m['fp']}/{m['fn']}")
    g, bg = result["entity_grouping"], base.get("entity_grouping", {})
    lines.append(f"{'cross-script grouping':24s}{_f(g.get('recall')):>8s}{_f(bg.get('recall')):>10s}   "
                 f"{g['tp']} of {g['tp'] + g['fn']} multi-language names in one group")
    nc, bnc = result["non_conflicts"], base.get("non_conflicts", {})
    lines.append(f"{'non-conflicts flagged':24s}{nc.get('flagged', 0):>8d}{bnc.get('flagged', 0):>10d}   "
                 f"of {sum(nc.values())} labelled")
    sc = result["self_contradictions"]
    lines.append(f"{'self-contradictions':24s}{sc['tp']:>8d}{'':>10s}   found, {sc['fp']} false, {sc['fn']} missed")
    lines += ["", "per language (brief / baseline):"]
    langs = sorted({l for block, _, _ in FIGURES for l in result[block] if l != "all"})
    header = f"{'':8s}" + "".join(f"{name.replace('entity ', 'ent. '):>22s}" for _, name, _ in FIGURES)
    lines.append(header)
    for lang in langs:
        row = f"{lang:8s}"
        for block, _, which in FIGURES:
            m = result[block].get(lang, {})
            b = base.get(block, {}).get(lang, {})
            row += f"{_f(m.get(which)) + ' / ' + _f(b.get(which)):>22s}"
        lines.append(row)
    return "\n".join(lines)
