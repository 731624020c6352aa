"""HTML extraction on labelled pages: body, publication day and title, with baselines beside.

A page folder holds ``labels.jsonl`` (file, language, title, date, body, snippets) and the
pages under ``pages/`` (or beside it). Every page goes through babelwire's own path (the HTML
reader, then ``prepare_batch``: language, cleaning, not-an-article check), so a page that
would be rejected at ingest counts as rejected here. Beside it: plain ``trafilatura.extract``
(body, title from its metadata) and ``htmldate.find_date(extensive_search=True)`` (date).

Body: bag-of-tokens F1 against the labelled body (CJK characters count one token each) and
the share of labelled snippets found. Date: the page's own calendar day, exactly. Title:
exact match after whitespace folding.
"""
from __future__ import annotations

import json
import re
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from ..clean import get_cleaner
from ..errors import InputError
from ..ingest import read_bytes
from ..language import get_detector
from ..models import RawDoc, Rejection, get_field
from ..pipeline import Prepared, prepare_batch

_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W_]+", re.UNICODE)


def tokens(text: str) -> Counter:
    return Counter(t.casefold() for t in _TOKEN.findall(text or ""))


def token_f1(got: str, want: str) -> float:
    g, w = tokens(got), tokens(want)
    common = sum((g & w).values())
    if not common:
        return 0.0
    p, r = common / sum(g.values()), common / sum(w.values())
    return 2 * p * r / (p + r)


def _fold(s: str | None) -> str:
    return " ".join((s or "").split()).casefold()


def load_pages(folder: str | Path) -> list[tuple[dict[str, Any], bytes]]:
    root = Path(folder)
    labels = root / "labels.jsonl"
    if not labels.is_file():
        raise InputError("no labels.jsonl in the page folder", path=str(root))
    pages = root / "pages" if (root / "pages").is_dir() else root
    out = []
    for no, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            label = json.loads(line)
            data = (pages / label["file"]).read_bytes()
        except (ValueError, KeyError, OSError) as e:
            raise InputError(f"labels.jsonl line {no}: {e}", path=str(labels)) from None
        out.append((label, data))
    return out


def _ours(pages: list[tuple[dict[str, Any], bytes]]) -> list[dict[str, Any]]:
    detector, cleaner = get_detector(), get_cleaner()
    results: list[dict[str, Any]] = []
    for label, data in pages:
        items = list(read_bytes(data, name=label["file"], kind="html", max_file_bytes=50_000_000,
                                max_record_bytes=50_000_000, max_text_chars=2_000_000))
        docs = [d for d in items if isinstance(d, RawDoc)]
        if not docs:
            rejected = [d for d in items if isinstance(d, Rejection)]
            results.append({"rejected": rejected[0].reason if rejected else "nothing read"})
            continue
        prepared = prepare_batch(docs, detector=detector, cleaner=cleaner, min_text_chars=20)[0]
        if not isinstance(prepared, Prepared):
            results.append({"rejected": prepared.reason})
            continue
        a = prepared.article
        results.append({"text": a.text, "title": a.title, "date": (a.published or "")[:10] or None,
                        "date_source": a.metadata.get("published_from") or a.published_source})
    return results


def _baseline(pages: list[tuple[dict[str, Any], bytes]]) -> list[dict[str, Any]]:
    # deferred: trafilatura is slow to import; paid only when this runs; deferred: htmldate is slow to import; paid only when this runs
    import trafilatura
    from htmldate import find_date

    results = []
    for _label, data in pages:
        html = data.decode("utf-8", errors="replace")
        doc = trafilatura.bare_extraction(html, with_metadata=True)
        text = get_field(doc, "text") or ""
        days = []
        for original in (False, True):
            try:
                days.append(find_date(html, extensive_search=True, original_date=original))
            except Exception:  # noqa: BLE001 - a baseline failing on a page scores it wrong
                days.append(None)
        results.append({"text": text, "title": get_field(doc, "title"), "date": days[0],
                        "date_original": days[1], "rejected": None if text.strip() else "no text"})
    return results


def _score(pages, results) -> dict[str, Any]:
    per: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    failures: list[dict[str, Any]] = []
    for (label, _), r in zip(pages, results):
        for group in (label["language"], "all"):
            m = per[group]
            rejected = bool(r.get("rejected"))
            text = "" if rejected else r.get("text") or ""
            m["rejected"].append(float(rejected))
            m["body_f1"].append(token_f1(text, label["body"]))
            m["snippets"].append(sum(s in text for s in label["snippets"]) / len(label["snippets"]))
            m["date"].append(float(r.get("date") == label["date"]))
            m["title"].append(float(_fold(r.get("title")) == _fold(label["title"])))
            if "date_original" in r:  # htmldate with original_date=True, the baseline's variant
                m["date_original"].append(float(r["date_original"] == label["date"]))
        if r.get("rejected") or r.get("date") != label["date"] or _fold(r.get("title")) != _fold(label["title"]):
            failures.append({"file": label["file"], "rejected": r.get("rejected"), "date": r.get("date"),
                             "want_date": label["date"], "title": r.get("title")})
    table = {g: {k: round(sum(v) / len(v), 4) for k, v in m.items()} | {"pages": len(m["date"])}
             for g, m in per.items()}
    sources = Counter(r["date_source"] or "none" for r in results if "date_source" in r)
    return {"metrics": table, "failures": failures, "date_sources": dict(sources.most_common())}


def evaluate_extraction(folder: str | Path, *, baseline: bool = True) -> dict[str, Any]:
    """Scores for babelwire and, with ``baseline``, plain trafilatura + htmldate, per language."""
    pages = load_pages(folder)
    t0 = time.perf_counter()
    ours = _score(pages, _ours(pages))
    out: dict[str, Any] = {"pages": len(pages), "babelwire": ours, "seconds": round(time.perf_counter() - t0, 2)}
    if baseline:
        out["baseline"] = _score(pages, _baseline(pages))
    return out


def format_extraction_report(result: dict[str, Any]) -> str:
    ours, base = result["babelwire"]["metrics"], result.get("baseline", {}).get("metrics", {})
    cols = ("body_f1", "snippets", "date", "title", "rejected")
    lines = [f"{result['pages']} pages; babelwire (baseline: trafilatura.extract / htmldate.find_date extensive)",
             f"{'lang':6} {'pages':>5} " + " ".join(f"{c:>17}" for c in cols)]
    groups = sorted(g for g in ours if g != "all") + ["all"]
    for g in groups:
        cells = []
        for c in cols:
            b = base.get(g, {}).get(c)
            cells.append(f"{ours[g][c]:.3f}" + (f" ({b:.3f})" if b is not None else "        "))
        lines.append(f"{g:6} {ours[g]['pages']:>5} " + " ".join(f"{x:>17}" for x in cells))
    if "all" in base and "date_original" in base["all"]:
        lines.append(f"(htmldate find_date(extensive_search=True, original_date=True): day accuracy "
                     f"{base['all']['date_original']:.3f})")
    if result["babelwire"].get("date_sources"):
        lines.append("babelwire's dates came from: " + ", ".join(
            f"{k} {v}" for k, v in result["babelwire"]["date_sources"].items()))
    fails = result["babelwire"]["failures"]
    if fails:
        lines.append(f"\n{len(fails)} pages with a wrong date or title, or rejected:")
        for f in fails[:40]:
            lines.append(f"  {f['file']}: " + (f"rejected ({f['rejected']})" if f["rejected"]
                         else f"date {f['date']} (want {f['want_date']}), title {f['title']!r}"))
    return "\n".join(lines)
