"""Prepare ingest batches in worker processes while the main process stores earlier ones.

One Python process uses one core. ``pipeline.prepare_batch`` (language detection, cleaning,
hashing, MinHash; for HTML also decoding and parsing the page) is pure and 60-90% of ingest
time without embedding; storing (SQLite, near-duplicate lookup) must stay in one process, in
input order. So workers prepare later batches while the main process stores earlier ones, and
the main process prepares a batch itself whenever the one due next is not ready yet (while the
workers start, and whenever storing leaves it time). Workers are started with ``spawn`` (the
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
from itertools import chain, islice
from typing import Any, Callable, Iterable, Iterator, Sequence

from .clean import get_cleaner
from .ingest import read_bytes
from .language import get_detector
from .models import RawDoc
from .pipeline import prepare_batch

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
        _WORKER["detector"] = get_detector(detector)
        _WORKER["cleaner"] = get_cleaner()
    except Exception as e:  # noqa: BLE001 - any failure means: no workers
        _WORKER["error"] = f"{type(e).__name__}: {e}"


def _prepare(docs: Sequence[RawDoc], min_text_chars: int) -> list[Any]:
    if "error" in _WORKER:
        raise RuntimeError(f"ingest worker could not start: {_WORKER['error']}")
    return prepare_batch(docs, detector=_WORKER["detector"], cleaner=_WORKER["cleaner"],
                         min_text_chars=min_text_chars)


def _ready() -> None:
    """A first task: it makes the pool start its worker, which then loads its models."""
    if "error" in _WORKER:
        raise RuntimeError(f"ingest worker could not start: {_WORKER['error']}")


def auto_workers(setting: int) -> int:
    """Worker processes for a setting: 0 = none, -1 = one per core beyond the first (max 4)."""
    if setting >= 0:
        return setting
    return max(0, min(4, (os.cpu_count() or 1) - 1))


def workers_for(setting: int, cluster: bool) -> int:
    """Worker processes for the ``ingest_workers`` setting in a run that does or does not cluster."""
    if setting < 0 and cluster:
        # Embedding already keeps every core busy; an extra process only competes with it
        # (dev set end to end: 7.8 instead of 9.2 articles/s, BENCHMARKS.md).
        return 0
    return auto_workers(setting)


class _Slot:
    """One batch on its way: sent to a worker (``fut``), prepared here (``done``), or neither yet."""

    __slots__ = ("batch", "fut", "done")

    def __init__(self, batch: list[Any]):
        self.batch = batch
        self.fut: Future | None = None
        self.done: list[Any] | None = None

    def ready(self) -> bool:
        return self.done is not None or (self.fut is not None and self.fut.done())


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

    ``local`` prepares a batch in this process. Inputs of at most ``start_after`` batches
    never pay for starting workers; longer ones start them at once, and this process
    prepares the first batches itself while they load their models.
    """
    it = iter(batches)
    first = list(islice(it, start_after + 1))
    if workers <= 0 or len(first) <= start_after:
        for batch in chain(first, it):
            yield batch, local(_raw(batch))
        return

    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init, initargs=(detector,))
    try:
        yield from _shared(chain(first, it), pool, local, workers, min_text_chars)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _shared(it: Iterator[list[Any]], pool: ProcessPoolExecutor, local: Callable, workers: int,
            min_text_chars: int) -> Iterator[tuple[list[Any], list[Any]]]:
    """Workers and this process take batches from one queue, in order; this process also
    stores, so it takes a batch only when the one due next is not ready (how much it takes
    follows the load instead of a fixed share). At most ``window`` batches are held."""
    started: Future | None = pool.submit(_ready)
    broken = False
    window = 2 * (workers + 1)
    slots: deque[_Slot] = deque()

    def feed() -> None:  # keep every worker busy plus one batch queued, in input order
        nonlocal broken, started
        if broken or (started is not None and not started.done()):
            return  # still loading its models: this process goes on alone meanwhile
        if started is not None:
            if started.exception() is not None:
                broken = True
                return
            started = None
        busy = sum(1 for s in slots if s.fut is not None and not s.fut.done())
        for s in slots:
            if busy > workers:
                break
            if s.fut is None and s.done is None:
                s.fut = _submit(pool, s.batch, min_text_chars)
                if s.fut is None:
                    broken = True
                    return
                busy += 1

    exhausted = False
    while slots or not exhausted:
        while not exhausted and len(slots) < window:
            batch = next(it, None)
            if batch is None:
                exhausted = True
            else:
                slots.append(_Slot(batch))
        if not slots:
            break
        feed()
        head = slots[0]
        if not head.ready():
            spare = next((s for s in slots if s.fut is None and s.done is None), None)
            if spare is not None:
                spare.done = local(_raw(spare.batch))
                continue
        slots.popleft()
        if head.done is not None:
            yield head.batch, head.done
        else:
            prepared, broken = _collect(head.batch, head.fut, local, broken)
            yield head.batch, prepared


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


def _init_pages() -> None:
    threading.Thread(target=_exit_with_parent, name="babelwire-parent-watch", daemon=True).start()


def _read_page(data: bytes, origin: str, limits: dict[str, Any]) -> list[Any]:
    return list(read_bytes(data, name=origin, kind="html", **limits))


class PagePool:
    """HTML pages read (decoded, parsed, extracted) in worker processes for the threads that
    fetch them, as files are in ``prepare_batch``: fetch threads share one interpreter, so
    extraction there holds the one core the main thread stores and clusters on. The pool
    starts with the first page; with no workers, or once it is broken, pages are read in the
    calling thread."""

    def __init__(self, workers: int):
        self.workers = workers
        self.remote = 0  # pages read in a worker process
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._broken = workers <= 0

    def read_html(self, data: bytes, origin: str, limits: dict[str, int]) -> list[Any]:
        """The documents and rejections ``read_bytes`` gives for one HTML page."""
        pool = None if self._broken else self._start()
        if pool is not None:
            try:
                got = pool.submit(_read_page, data, origin, limits).result()
                with self._lock:
                    self.remote += 1
                return got
            except (BrokenProcessPool, RuntimeError):  # a dead worker or a closed pool
                self._broken = True
        return _read_page(data, origin, limits)

    def _start(self) -> ProcessPoolExecutor | None:
        with self._lock:
            if self._pool is None and not self._broken:
                ctx = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_pages)
            return self._pool

    def close(self, wait: bool = True) -> None:
        """Stop the workers; ``wait=False`` when a fetch thread may still be waiting on one."""
        with self._lock:
            self._broken = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=True)
