"""Fit and test the brief's display gate (babelwire/facts/shown_gate.py) on the judged shown facts.

    .venv/bin/python benchmarks/calibrate_shown_gate.py STORE [--threshold 0.8] [--write] [-v]

STORE holds the dev set (a copy of the clustered dev store; only article texts are read). Each
judged row of tests/data/briefs-dev/shown-facts-judged*.jsonl (samples 1-10) is read again with the
current extractor, article by article (the brief's own story does not matter here), and the row's
fact found by article, figure and sentence. A row whose display is as judged keeps its verdict; a
row whose display changed keeps one only if it is in RE_JUDGED (read again by the facts11 session,
by the README's precedents; facts12 for sample 8); a row no longer displayable is out. The gate's logistic model is
then fitted leave-one-sample-out: trained on nine samples, tested on the tenth, and this prints
per held-out sample the facts shown and right without and with the gate. --write fits on all ten
and writes the weights to babelwire/facts/data/shown_gate.json.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reread_shown_facts import find  # noqa: E402  (a script beside this one)

import babelwire  # noqa: E402
from babelwire.facts import shown_gate  # noqa: E402
from babelwire.facts.dates import dateline_published  # noqa: E402
from babelwire.facts.extract import extract_facts  # noqa: E402
from babelwire.facts.types import SHOWN  # noqa: E402

DATA = REPO / "tests" / "data" / "briefs-dev"
SAMPLES = ["shown-facts-judged.jsonl"] + [f"shown-facts-judged-{i}.jsonl" for i in range(2, 11)]
# (sample, n, display now) -> verdict, for rows whose display changed since they were judged
RE_JUDGED = {
    (1, 39, "more than 1,000 cases per day"): "right", (1, 52, "CAD 7.38 cost"): "right",
    (1, 94, "at least 16 deaths"): "right", (2, 9, "228 cases"): "right",
    (2, 17, "at most 1,000 patients"): "right", (2, 27, "more than 630,000 اختبار"): "right",
    (2, 31, "54% voters"): "right", (2, 69, "3,517,345 cases"): "right",
    (2, 97, "9.7 million barrels per day"): "right", (3, 10, "by October 2021"): "right",
    (3, 44, "about 400,000 visitantes per year"): "right", (3, 47, "at least 9 deaths"): "right",
    (3, 54, "at least 9 deaths"): "right", (3, 67, "2,000 m²"): "right", (3, 96, "thousands displaced"): "right",
    (4, 8, "80–110 km/h"): "right", (4, 12, "USD 2 trillion stimulus"): "right",
    (4, 39, "about 450 attacks"): "right", (4, 40, "at most 30 km/h"): "right", (4, 54, "25 bp"): "vague",
    (5, 5, "USD 1,730 desteğin"): "noise", (5, 14, "USD 1,730 destek"): "vague",
    (5, 18, "hundreds of thousands (NZD) cost"): "right", (5, 83, "USD 2 billion cost"): "wrong_what",
    (6, 20, "USD 70 billion surplus"): "right", (6, 78, "more than 10,000 containers"): "right",
    (6, 82, "25 mph"): "right", (7, 8, "about 1.9 million Corona"): "noise", (7, 15, "16 states"): "right",
    (7, 19, "5 years"): "right", (7, 56, "31 May"): "right", (7, 68, "2.5 million times"): "right",
    (7, 88, "115 frogs"): "right", (7, 94, "13 years"): "right",
    # after the facts11 fixes ("uccise", "убит" are deaths)
    (3, 7, "dozens deaths"): "right", (4, 11, "3 deaths"): "right", (7, 76, "1 deaths"): "right",
    (4, 0, "9.7% pracowników"): "right", (7, 8, "about 1.9 million cases"): "right",
    (6, 95, "more than 50,000 consultas per day"): "right", (4, 93, "more than 60 hours per week"): "right",
    # after the facts12 fixes (sample 8, read again by that session): "THE four Haitians who were rescued"
    (8, 58, "4 rescued"): "right",
    # after the facts13 fixes (read again by that session): 撞死 (crushed to death) is deaths; a CJK key
    # stays in its clause ("在 59 名被捕的抗议者中，有 57 人申请保释": people, not protesters; still right)
    (9, 54, "2 deaths"): "right", (3, 33, "57 people"): "right",
    # after the facts14 fixes (sample 10, read again by that session): "100 bin" read whole, Polish "w odniesieniu
    # do" is no bound, workers (işçi) are employees, KZ-Überlebende are survivors
    (10, 1, "100,000 cases"): "right", (10, 16, "100% udziałów"): "right", (10, 48, "thousands employees"): "right",
    (10, 70, "60 survivors"): "right",
}


def judged_facts(store: str) -> list[tuple[int, dict, object, str]]:
    """(sample, row, fact now, verdict) for every judged row still displayable with a known verdict;
    rows dropped by the extractor or the veto are left out (they are not shown either way)."""
    out = []
    cache: dict[str, list | None] = {}
    with babelwire.open(store) as bw:
        for si, name in enumerate(SAMPLES, 1):
            for line in (DATA / name).read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                r = json.loads(line)
                aid = r["article"]
                if aid not in cache:
                    try:
                        a = bw.article(aid)
                    except babelwire.BabelwireError:
                        cache[aid] = None
                    else:
                        pub = a.published
                        if a.published_precision not in ("day", "minute"):
                            p = dateline_published(a.text, a.language, pub)
                            pub = p.value if p is not None else pub
                        cache[aid] = extract_facts(a, published=pub, context=pub)
                facts = cache[aid]
                if facts is None:
                    continue
                f = find([x for x in facts if x.confidence >= SHOWN and (x.kind == "date" or x.key or x.counts)], r)
                if f is None:
                    continue
                # sample 3's rows carry the counted word twice ("about 300 Delegierten Delegierten")
                same = f.display == r["shown"] or si == 3 and r["shown"].startswith(f.display + " ")
                verdict = r["verdict"] if same else RE_JUDGED.get((si, r["n"], f.display))
                if verdict is not None:
                    out.append((si, r, f, verdict))
    return out


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method, an L2 penalty on the weights (not the bias)."""
    x1 = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(x1.shape[1])
    pen = np.full(x1.shape[1], l2)
    pen[0] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-x1 @ w))
        g = x1.T @ (p - y) + pen * w
        h = (x1 * (p * (1 - p))[:, None]).T @ x1 + np.diag(pen)
        w -= np.linalg.solve(h, g)
    return w


def matrix(rows: list) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([[shown_gate.features(f).get(k, 0.0) for k in shown_gate.FEATURES] for _s, _r, f, _v in rows])
    y = np.array([1.0 if v == "right" else 0.0 for _s, _r, _f, v in rows])
    return x, y


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store")
    ap.add_argument("--threshold", type=float, default=None, help="default: the one in shown_gate.json")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("-v", action="store_true", help="print the held-out rows the gate hides")
    args = ap.parse_args()
    every = judged_facts(args.store)
    rows = [r for r in every if not shown_gate.vetoed(r[2])]  # the model is fitted past the vetoes
    t = args.threshold if args.threshold is not None else shown_gate._model()[2]
    print(f"{len(every)} judged rows displayable now, {len(every) - len(rows)} vetoed; threshold {t}")
    if args.v:
        for si, r, f, v in every:
            if shown_gate.vetoed(f):
                print(f"   vetoed sample {si} [{v}] {r['language']} {f.display!r} | {r['sentence'][:100]}")
    print("held out: shown now (right/shown) | vetoes only | vetoes + model: right/shown, coverage of the right")
    tot = np.zeros(6)
    for k in range(1, len(SAMPLES) + 1):
        train = [r for r in rows if r[0] != k]
        test = [r for r in rows if r[0] == k]
        now = [r for r in every if r[0] == k]
        w = fit(*matrix(train), l2=args.l2)
        x, y = matrix(test)
        p = 1 / (1 + np.exp(-(w[0] + x @ w[1:])))
        keep = p >= t
        n0, r0 = len(now), sum(v == "right" for *_x, v in now)
        n, right, n2, right2 = len(y), int(y.sum()), int(keep.sum()), int(y[keep].sum())
        tot += (n0, r0, n, right, n2, right2)
        print(f"sample {k}: {r0}/{n0} = {r0 / n0:.3f} | {right}/{n} = {right / n:.3f} | {right2}/{n2} = "
              f"{right2 / max(n2, 1):.3f}, right kept {right2}/{r0} = {right2 / r0:.2f}, errors left {n2 - right2}/{n0 - r0}")
        if args.v:
            for (_si, r, f, v), pk, kp in zip(test, p, keep):
                if not kp:
                    print(f"   hid p={pk:.2f} [{v}] {r['language']} {f.display!r} | {r['sentence'][:100]}")
    n0, r0, n, right, n2, right2 = tot
    print(f"all: {r0:.0f}/{n0:.0f} = {r0 / n0:.3f} | {right:.0f}/{n:.0f} = {right / n:.3f} | {right2:.0f}/{n2:.0f} = "
          f"{right2 / n2:.3f}, right kept {right2 / r0:.2f}")
    if args.write:
        w = fit(*matrix(rows), l2=args.l2)
        path = REPO / "babelwire" / "facts" / "data" / "shown_gate.json"
        doc = ("The brief's display gate (facts/shown_gate.py): a logistic model of a shown fact being judged right, "
               "fitted by benchmarks/calibrate_shown_gate.py on the judged samples 1-10; a fact is shown when its "
               "score is at least the threshold.")
        path.write_text(json.dumps({"_doc": doc, "bias": round(float(w[0]), 3), "threshold": t, "weights": {
            k: round(float(v), 3) for k, v in zip(shown_gate.FEATURES, w[1:])}}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8")
        print("wrote", path)


if __name__ == "__main__":
    main()
