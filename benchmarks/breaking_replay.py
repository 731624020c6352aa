"""Breaking-news replay (the work is babelwire/evaluate/breaking.py): the SemEval-2022 dev
articles, given synthetic times by story, fed through ingest one watch cycle at a time with
three breaking-only watchlists (strict, balanced, eager); alerts per day, share on stories that
end large, delay from the first article, and the count-only baseline beside them.

    python benchmarks/breaking_replay.py --vectors-from /tmp/brk/d.db   # a copy of a dev store
    python benchmarks/breaking_replay.py --vectors-from ... --limit 800  # a quicker subset
    python benchmarks/breaking_replay.py --vectors-from ... --gap-hours 2 --novelty  # faster stories; bounds' basis
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from babelwire.evaluate.breaking import (  # noqa: E402
    format_breaking_report,
    format_novelty,
    novelty_calibration,
    replay_breaking,
)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--vectors-from", help="a store with the dev set's cached vectors (read only; copied from); "
                    "its stories also time the stream")
    ap.add_argument("--limit", type=int, default=None, help="dev articles: whole random stories up to this many")
    ap.add_argument("--batch-minutes", type=float, default=60.0, help="stream time per watch cycle")
    ap.add_argument("--gap-hours", type=float, default=8.0, help="mean gap of a story's articles from its first "
                    "(synthetic times; 8: the alerts replay's)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", help="keep the replay store in this directory")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="a setting for the replay store")
    ap.add_argument("--out", help="write the whole report (JSON) here")
    ap.add_argument("--novelty", action="store_true", help="also the first-story bounds' basis: centred cosines of "
                    "the dev pairs by label and of the nearest other-story article (needs --vectors-from)")
    a = ap.parse_args(argv)
    dev = ROOT.parent / "shared/data/semeval2022-dev"
    rep = replay_breaking(dev, vectors_from=a.vectors_from, seed=a.seed,
                          limit=a.limit, batch_minutes=a.batch_minutes, gap_hours=a.gap_hours, keep=a.keep,
                          progress=lambda m: print(m, file=sys.stderr), **dict(s.split("=", 1) for s in a.set))
    if a.novelty and a.vectors_from:
        rep["novelty"] = novelty_calibration(dev, a.vectors_from.split(",")[0], rep["model_key"], seed=a.seed)
    if a.out:
        Path(a.out).write_text(json.dumps(rep, indent=1, ensure_ascii=False), encoding="utf-8")
    print(format_breaking_report(rep))
    if "novelty" in rep:
        print(format_novelty(rep["novelty"]))


if __name__ == "__main__":
    main()
