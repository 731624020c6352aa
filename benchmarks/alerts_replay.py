"""Replay benchmark for watchlist alerts (the work is babelwire/evaluate/alerts.py, also
`babelwire eval alerts`): streams fed through ingest in time order, alerts decided online,
scored against tests/data/alerts/watchlists.json.

    python benchmarks/alerts_replay.py --vectors-from /work/scratch/d2.db   # cached dev vectors
    python benchmarks/alerts_replay.py --streams examples                    # the small one
    python benchmarks/alerts_replay.py ... --ablate passage,no-veto         # the baseline
    python benchmarks/alerts_replay.py ... --min-sources 2 [--ablate story-sources]
    python benchmarks/alerts_replay.py ... --query-translations tests/data/alerts/query-translations.json
    python benchmarks/alerts_replay.py ... --also en          # each query also worded in English by its user
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from babelwire.evaluate.alerts import evaluate_alerts, format_alerts_report  # noqa: E402
from babelwire.evaluate.det_plot import det_svg  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--streams", default="dev,examples")
    ap.add_argument("--vectors-from", help="stores holding cached vectors, comma-separated (read only; copied "
                    "from); the first one's stories also time the dev stream")
    ap.add_argument("--keep", help="keep the replay stores in this directory (their vectors serve --vectors-from)")
    ap.add_argument("--limit", type=int, default=None, help="dev articles: labelled stories plus random others up to this")
    ap.add_argument("--batch-minutes", type=float, default=60.0, help="stream time per watch cycle (one ingest call)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--ablate", default="", help="baselines, comma-separated: passage (query embedded as a "
                    "passage), no-veto (no country veto), no-feedback (query not widened by its best matches), "
                    "self-feedback (a story's own members in the feedback it is scored by), story-sources (min-sources counted "
                    "on the story's own outlets), no-names (no bonus for the query's names)")
    ap.add_argument("--min-sources", type=int, default=1, help="every watchlist's min_sources (the labels' figures: 1)")
    ap.add_argument("--query-translations", help="each query in other languages (tests/data/alerts/"
                    "query-translations.json), matched as a configured translator would have it")
    ap.add_argument("--also", default="", help="languages, comma-separated: each query's wordings in them (from "
                    "--also-from) given as the watchlist's own other wordings, no translator (e.g. en)")
    ap.add_argument("--also-from", default=str(ROOT / "tests/data/alerts/query-translations.json"))
    ap.add_argument("--out", help="write the whole report (JSON) here")
    ap.add_argument("--plot", help="write the DET curve (SVG) here")
    a = ap.parse_args(argv)
    rep = evaluate_alerts(ROOT / "tests/data/alerts/watchlists.json", dev_dir=ROOT.parent / "shared/data/semeval2022-dev",
                          examples_dir=ROOT / "examples", streams=tuple(a.streams.split(",")),
                          vectors_from=a.vectors_from, limit=a.limit, batch_minutes=a.batch_minutes, seed=a.seed,
                          ablate=a.ablate, keep=a.keep, progress=lambda m: print(m, file=sys.stderr),
                          min_sources=a.min_sources, query_translations=a.query_translations,
                          also_from=a.also_from if a.also else None, also_languages=tuple(x for x in a.also.split(",") if x))
    if a.plot:
        Path(a.plot).write_text(det_svg(rep), encoding="utf-8")
    if a.out:
        Path(a.out).write_text(json.dumps(rep, indent=1, ensure_ascii=False), encoding="utf-8")
    print(format_alerts_report(rep))


if __name__ == "__main__":
    main()
