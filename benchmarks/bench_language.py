"""Language identification: accuracy and texts/s per detector on the labelled set.

    .venv/bin/python benchmarks/bench_language.py [--data examples/langid/labelled.jsonl]
        [--detector NAME ...] [--all-cores] [--json]

Runs the same harness as `babelwire eval language` and prints its table, plus the machine it
ran on. By default the process is pinned to one CPU core, so texts/s is a one-core figure
(the requirement for the default detector is >= 2,000 short texts/s on one core). Models are
loaded before timing; each batch is re-run for at least --min-seconds for stable numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from babelwire.evaluate.language import (  # noqa: E402
    DEFAULT_DETECTORS,
    evaluate_language,
    format_language_report,
)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPU cores, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(REPO / "examples" / "langid" / "labelled.jsonl"))
    ap.add_argument("--detector", action="append", dest="detectors",
                    help=f"detector name (repeatable); default: {', '.join(DEFAULT_DETECTORS)}")
    ap.add_argument("--min-seconds", type=float, default=1.0, help="time each batch at least this long")
    ap.add_argument("--all-cores", action="store_true", help="do not pin the process to one core")
    ap.add_argument("--json", action="store_true", help="print the raw result as JSON")
    args = ap.parse_args()

    pinned = "no"
    if not args.all_cores and hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        pinned = f"yes (core {core})"

    t0 = time.perf_counter()
    result = evaluate_language(args.data, args.detectors, min_seconds=args.min_seconds)
    wall = time.perf_counter() - t0
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print(f"date: {datetime.now(timezone.utc).isoformat(timespec='seconds')}")
    print(f"machine: {machine()}; pinned to one core: {pinned}")
    try:
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    except OSError:
        pass
    print(format_language_report(result))
    print(f"(whole run incl. model loading: {wall:.1f} s)")


if __name__ == "__main__":
    main()
