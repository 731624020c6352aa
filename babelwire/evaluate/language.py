"""Language-identification evaluation: the default detector always beside its baselines.

Input is JSON lines, one labelled text per line::

    {"text": "Norges Bank holder renten uendret", "language": "no", "kind": "short"}

``kind`` is optional (``short`` = headline-like, ``long`` = a few sentences; other values are
reported as their own group).  Gold labels go through the same code normalization as the
detectors (``nb``/``nn`` -> ``no``, ``zh-Hant`` -> ``zh``, ...), so a file may use either.

Throughput is measured after each detector has loaded its models (loading is a one-off
cost per process) and is single-threaded: ``detect_batch`` on the whole file, short and
long texts timed separately.
"""
from __future__ import annotations

import io
import json
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Sequence

from ..errors import InputError
from ..language import get_detector, normalize_code

DEFAULT_DETECTORS: tuple[str, ...] = ("default", "fasttext-lite", "cld2", "py3langid")


def load_labelled(path: str | Path) -> list[dict[str, str]]:
    """Records ``{"text", "language", "kind"}`` from a JSONL file; bad lines raise InputError."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InputError(f"cannot read labelled data: {e.strerror or e}", path=str(p)) from None
    except UnicodeDecodeError:
        raise InputError("labelled data must be UTF-8", path=str(p)) from None
    rows: list[dict[str, str]] = []
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"not valid JSON ({e.msg})", path=str(p), line=no) from None
        if not isinstance(obj, dict):
            raise InputError("each line must be a JSON object", path=str(p), line=no)
        text, lang = obj.get("text"), obj.get("language")
        if not isinstance(text, str) or not isinstance(lang, str) or not lang.strip():
            raise InputError('needs string fields "text" and "language"', path=str(p), line=no)
        kind = obj.get("kind") or "all"
        rows.append({"text": text, "language": normalize_code(lang), "kind": str(kind)})
    if not rows:
        raise InputError("no labelled texts in file", path=str(p))
    return rows


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _score(rows: list[dict[str, str]], predicted: list[str]) -> dict[str, Any]:
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confusions: Counter[tuple[str, str]] = Counter()
    for row, pred in zip(rows, predicted):
        ok = pred == row["language"]
        for bucket in (by_kind[row["kind"]], by_lang[row["language"]]):
            bucket[0] += ok
            bucket[1] += 1
        if not ok:
            confusions[(row["language"], pred)] += 1
    correct = sum(v[0] for v in by_kind.values())
    per_language: dict[str, dict[str, Any]] = {
        lang: {"n": n, "correct": c, "accuracy": _ratio(c, n)}
        for lang, (c, n) in sorted(by_lang.items())
    }
    return {
        "accuracy": _ratio(correct, len(rows)),
        "accuracy_short": _ratio(*by_kind["short"]) if "short" in by_kind else None,
        "accuracy_long": _ratio(*by_kind["long"]) if "long" in by_kind else None,
        "accuracy_by_kind": {k: _ratio(c, n) for k, (c, n) in sorted(by_kind.items())},
        "correct": correct,
        "und": sum(p == "und" for p in predicted),
        "per_language": per_language,
        "worst_languages": [
            lang for lang, _ in sorted(per_language.items(), key=lambda kv: (kv[1]["accuracy"], kv[0]))
            if per_language[lang]["accuracy"] < 1.0
        ][:8],
        "confusions": [
            {"expected": e, "predicted": p, "count": c}
            for (e, p), c in sorted(confusions.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    }


def evaluate_language(
    path: str | Path, detectors: Sequence[str] | None = None, *, min_seconds: float = 0.3
) -> dict[str, Any]:
    """Accuracy (overall, short, long, per language), confusions and texts/s per detector.

    ``detectors`` defaults to the default detector and the single-engine baselines; the
    default detector is added when missing, so it is always reported beside what it is
    compared with.  An unknown name raises UnknownComponentError listing the known ones.
    Each kind's batch is re-run until ``min_seconds`` have passed, for a stable texts/s.
    """
    names = list(dict.fromkeys(detectors or DEFAULT_DETECTORS))
    if "default" not in names:
        names.insert(0, "default")
    rows = load_labelled(path)
    kinds = Counter(r["kind"] for r in rows)

    # resolve every name before measuring anything, so a typo fails fast
    instances = {name: get_detector(name) for name in names}
    results: dict[str, Any] = {}
    for name, det in instances.items():
        det.detect_batch(["warm up the models before timing"])
        predicted: list[str] = [""] * len(rows)
        seconds = cpu_seconds = 0.0
        seconds_by_kind: dict[str, float] = {}
        cpu_by_kind: dict[str, float] = {}
        # timed per kind so short-text throughput (the headline requirement) is visible
        for kind in kinds:
            idx = [i for i, r in enumerate(rows) if r["kind"] == kind]
            texts = [rows[i]["text"] for i in idx]
            t0, c0 = time.perf_counter(), time.process_time()
            guesses = det.detect_batch(texts)
            dt, runs = time.perf_counter() - t0, 1
            # small files take milliseconds: repeat until the timing means something
            while dt < min_seconds:
                det.detect_batch(texts)
                dt, runs = time.perf_counter() - t0, runs + 1
            # CPU time as well: on a shared machine wall time also measures the neighbours
            cpu = (time.process_time() - c0) / runs
            dt /= runs
            seconds += dt
            cpu_seconds += cpu
            seconds_by_kind[kind] = dt
            cpu_by_kind[kind] = cpu
            for i, g in zip(idx, guesses):
                predicted[i] = g.code
        res = _score(rows, predicted)
        res["seconds"] = round(seconds, 4)
        res["texts_per_second"] = round(len(rows) / seconds, 1) if seconds > 0 else None
        res["texts_per_second_by_kind"] = {
            k: (round(kinds[k] / s, 1) if s > 0 else None) for k, s in seconds_by_kind.items()
        }
        res["texts_per_cpu_second"] = round(len(rows) / cpu_seconds, 1) if cpu_seconds > 0 else None
        res["texts_per_cpu_second_by_kind"] = {
            k: (round(kinds[k] / s, 1) if s > 0 else None) for k, s in cpu_by_kind.items()
        }
        results[name] = res

    return {
        "path": str(path),
        "n": len(rows),
        "n_by_kind": dict(sorted(kinds.items())),
        "languages": sorted({r["language"] for r in rows}),
        "detectors": results,
        "best": max(results, key=lambda k: (results[k]["accuracy"] or 0.0, k == "default")),
    }


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def format_language_report(result: dict[str, Any], *, width: int = 140) -> str:
    """The result of :func:`evaluate_language` as readable tables (plain text)."""
    # deferred: rich is slow to import; paid only when this runs
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    con = Console(file=buf, width=width, color_system=None, highlight=False, force_terminal=False)
    dets: dict[str, Any] = result["detectors"]
    kinds = result.get("n_by_kind", {})
    con.print(
        f"Language identification on {result['path']}: {result['n']} texts, "
        f"{len(result['languages'])} languages ("
        + ", ".join(f"{n} {k}" for k, n in kinds.items()) + ")"
    )

    con.print("Accuracy and throughput (single thread, models loaded):")
    summary = Table()
    summary.add_column("detector")
    summary.add_column("overall", justify="right")
    summary.add_column("short", justify="right")
    summary.add_column("long", justify="right")
    summary.add_column("und", justify="right")
    summary.add_column("texts/s", justify="right")
    summary.add_column("short texts/s", justify="right")
    summary.add_column("short /CPU-s", justify="right")
    summary.add_column("worst languages")
    for name, r in dets.items():
        worst = ", ".join(
            f"{lang} {_pct(r['per_language'][lang]['accuracy'])}" for lang in r["worst_languages"][:3]
        )
        tps = r["texts_per_second_by_kind"].get("short")
        cps = r.get("texts_per_cpu_second_by_kind", {}).get("short")
        summary.add_row(
            name + (" *" if name == result.get("best") else ""),
            _pct(r["accuracy"]), _pct(r["accuracy_short"]), _pct(r["accuracy_long"]),
            str(r["und"]),
            f"{r['texts_per_second']:,.0f}" if r["texts_per_second"] else "–",
            f"{tps:,.0f}" if tps else "–",
            f"{cps:,.0f}" if cps else "–",
            worst or "–",
        )
    con.print(summary)

    # Per-language table: only languages where some detector missed, to stay readable.
    missed = [lang for lang in result["languages"]
              if any(r["per_language"][lang]["accuracy"] < 1.0 for r in dets.values())]
    if missed:
        con.print("Per-language accuracy, languages where any detector erred:")
        per = Table()
        per.add_column("lang")
        per.add_column("n", justify="right")
        for name in dets:
            per.add_column(name, justify="right")
        for lang in missed:
            n = next(iter(dets.values()))["per_language"][lang]["n"]
            per.add_row(lang, str(n), *(_pct(r["per_language"][lang]["accuracy"]) for r in dets.values()))
        con.print(per)
        perfect = len(result["languages"]) - len(missed)
        con.print(f"All detectors were right on every text of the other {perfect} languages.")

    for name, r in dets.items():
        top = r["confusions"][:10]
        if top:
            pairs = ", ".join(f"{c['expected']}→{c['predicted']} ×{c['count']}" for c in top)
            con.print(f"Confusions, {name}: {pairs}")
    con.print("(* = most accurate; und = texts answered 'und'; /CPU-s = texts per second of "
              "this process's CPU time, which a busy machine disturbs less than wall time)")
    return buf.getvalue().rstrip() + "\n"
