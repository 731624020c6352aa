"""HTML ingest throughput beside trafilatura alone, on the same pages, in one run.

The 120 pages of tests/data/webpages, each copied --copies times with its own URL and one
sentence of its own (so no copy is a duplicate), are (a) given to ``trafilatura.extract`` one
after the other in this process, and (b) ingested by babelwire into a fresh store without
clustering, with the default ingest workers (one per core beyond the first); starting
the workers (each loads its own models) is part of the time, so small runs favour --workers 0. The ratio (b)/(a)
in pages per second is the figure; the machine's load goes beside it, since on a shared
machine both numbers move with it. CPU time per page (all processes, and per process) does
not move with the load: the busier process's CPU time is what the wall clock would be with a
core for each process, so "ratio with a core each" is the 2-core ratio on a quiet machine.

    .venv/bin/python benchmarks/bench_html.py [--copies 5] [--workers -1]
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import babelwire  # noqa: E402

PAGES = REPO / "tests" / "data" / "webpages" / "pages"


def write_pages(out: Path, copies: int) -> list[Path]:
    paths = []
    for src in sorted(PAGES.iterdir()):
        html = src.read_text(encoding="utf-8", errors="surrogateescape")
        for i in range(copies):
            page = html.replace('/news/', f'/news/c{i}-').replace('/article-', f'/c{i}-article-')
            page = page.replace("</article>", f"<p>Copy {i} of {src.stem}, filed for the benchmark.</p></article>", 1)
            p = out / f"{src.stem}-{i}.html"
            p.write_text(page, encoding="utf-8", errors="surrogateescape")
            paths.append(p)
    return paths


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=5)
    ap.add_argument("--workers", type=int, default=-1)
    args = ap.parse_args()
    import trafilatura

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        paths = write_pages(folder, args.copies)
        n = len(paths)
        load0 = os.getloadavg()
        t0, c0 = time.perf_counter(), time.process_time()
        for p in paths:
            trafilatura.extract(p.read_bytes())
        t_traf, c_traf = time.perf_counter() - t0, time.process_time() - c0
        with babelwire.open(str(Path(tmp) / "bench.db"), ingest_workers=args.workers) as bw:
            bw.component("detector"), bw.component("cleaner")  # models load once per process
            from babelwire.parallel import auto_workers

            used = auto_workers(args.workers)
            t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
            report = bw.ingest([str(folder)], cluster=False)
            t_ours = time.perf_counter() - t0
            c_main, c_workers = time.process_time() - c0, _children_cpu() - k0  # workers are joined by now
            c_ours = c_main + c_workers
        load1 = os.getloadavg()
    print(f"pages: {n}  cores: {os.cpu_count()}  load average before/after: {load0[0]:.1f}/{load1[0]:.1f}")
    print(f"trafilatura.extract alone (1 process): {n / t_traf:.1f} pages/s")
    print(f"babelwire ingest (workers={args.workers}, no clustering): {n / t_ours:.1f} pages/s "
          f"({report.ingested} stored, {len(report.rejected)} rejected)")
    print(f"ratio: {t_traf / t_ours:.2f}x (wall clock)")
    print(f"CPU seconds per page: trafilatura {1000 * c_traf / n:.2f} ms, babelwire {1000 * c_ours / n:.2f} ms "
          f"(all processes; ratio {c_traf / c_ours:.2f}x, the load-independent part)")
    # Each process on a core of its own, the wall clock would be the busier one's CPU time: a
    # load-independent estimate of the 2-core ratio (start-up included, waits not).
    print(f"CPU seconds per page by process: main {1000 * c_main / n:.2f} ms, workers {1000 * c_workers / n:.2f} ms; "
          f"ratio with a core each: {c_traf / max(c_main, c_workers / max(1, used)):.2f}x")


if __name__ == "__main__":
    main()
