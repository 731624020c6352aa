"""Prepare ingest batches in worker processes while the main process stores earlier ones.

One Python process uses one core. ``pipeline.prepare_batch`` (language detection, cleaning,
hashing, MinHash; for HTML also decoding and parsing the page) is pure and 60-90% of ingest
time without embedding; storing (SQLite, near-duplicate lookup) must stay in one process, in
input order. So workers prepare batch *n + 1 …* while the main process stores batch *n*, and
the main process prepares every (workers + 1)-th batch itself. Workers are started with ``spawn`` (the
parent may hold threads and native libraries that ``fork`` would copy half-way) and build
their own detector and cleaner once, by name.

Batches come back in input order. If a worker dies, the batches it had are prepared in the
main process and the rest follow there: a broken pool never loses a document.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterable, Iterator, Sequence

from .models import RawDoc

_WORKER: dict[str, Any] = {}


def _exit_with_parent() -> None:
    # A parent killed with SIGKILL never shuts the pool down, and a spawned worker holds both
    # ends of its task pipe, so it would wait for work forever: leave when the parent is gone.
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()
        os._exit(0)


def _init(detector: str) -> None:
    threading.Thread(target=_exit_with_parent, name="babelwire-parent-watch", daemon=True).start()
    # A failure here would print a traceback from the child and break the pool; keep it and
    # report it with the first batch instead, so the parent quietly prepares locally.
    try:
        from .clean import get_cleaner
        from .language import get_detector

        _WORKER["detector"] = get_detector(detector)
        _WORKER["cleaner"] = get_cleaner()
    except Exception as e:  # noqa: BLE001 - any failure means: no workers
        _WORKER["error"] = f"{type(e).__name__}: {e}"


def _prepare(docs: Sequence[RawDoc], min_text_chars: int) -> list[Any]:
    from .pipeline import prepare_batch

    if "error" in _WORKER:
        raise RuntimeError(f"ingest worker could not start: {_WORKER['error']}")
    return prepare_batch(docs, detector=_WORKER["detector"], cleaner=_WORKER["cleaner"],
                         min_text_chars=min_text_chars)


def auto_workers(setting: int) -> int:
    """Worker processes for a setting: 0 = none, -1 = one per core beyond the first (max 4)."""
    if setting >= 0:
        return setting
    return max(0, min(4, (os.cpu_count() or 1) - 1))


def prepared_batches(
    batches: Iterable[list[Any]],
    *,
    local: Callable[[list[RawDoc]], list[Any]],
    workers: int,
    detector: str,
    min_text_chars: int,
    start_after: int = 2,
) -> Iterator[tuple[list[Any], list[Any]]]:
    """``(batch, prepared)`` for every batch, in order.

    ``local`` prepares a batch in this process: used for the first ``start_after`` batches
    (small inputs never pay for starting workers) and whenever no pool is available.
    """
    it = iter(batches)
    for n, batch in enumerate(it):
        yield batch, local(_raw(batch))
        if n + 1 >= start_after:
            break
    else:
        return
    if workers <= 0:
        for batch in it:
            yield batch, local(_raw(batch))
        return

    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init, initargs=(detector,))
    pending: deque[tuple[list[Any], Future | None]] = deque()
    broken = False
    try:
        for k, batch in enumerate(it):
            # This process stores in a fraction of the time preparing takes (HTML parsing
            # included), so it prepares every (workers + 1)-th batch itself (None: here).
            mine = broken or k % (workers + 1) == workers
            pending.append((batch, None if mine else _submit(pool, batch, min_text_chars)))
            # keep every worker busy plus one batch ready, no more (memory stays bounded)
            while len(pending) > workers + 1:
                batch0, fut = pending.popleft()
                prepared, broken = _collect(batch0, fut, local, broken)
                yield batch0, prepared
        while pending:
            batch0, fut = pending.popleft()
            prepared, broken = _collect(batch0, fut, local, broken)
            yield batch0, prepared
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _raw(batch: list[Any]) -> list[RawDoc]:
    return [d for d in batch if isinstance(d, RawDoc)]


def _submit(pool: ProcessPoolExecutor, batch: list[Any], min_text_chars: int) -> Future | None:
    try:
        return pool.submit(_prepare, _raw(batch), min_text_chars)
    except (BrokenProcessPool, RuntimeError):
        return None


def _collect(batch: list[Any], fut: Future | None, local: Callable, broken: bool) -> tuple[list[Any], bool]:
    if fut is not None and not broken:
        try:
            return fut.result(), False
        except Exception:  # noqa: BLE001 - a dead or failing worker: this process takes over
            broken = True
    return local(_raw(batch)), broken
