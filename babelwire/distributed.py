"""Distributed ingest on Ray (optional extra ``ray``): the pure stages mapped over a cluster.

Which ingest stages are pure maps (any worker, any order, results put back in input order)
and which must run in order in one process is declared once, in ``STAGES``. Only the maps
leave the driver: dedup compares each article with everything stored before it, and the
clusterer hands out index slots and story ids from what it has read, so storing and
clustering stay the store's single ordered writer (clustering under ``writer_lock``).

Each Ray actor builds its own language detector and cleaner by name, once: module-level
caches and models are per process and are never shipped from the driver. Ray tasks and
actors (rather than Ray Data datasets) keep the batches as the Python objects the pipeline
uses, with a bounded window of batches in flight.
"""
from __future__ import annotations

import os
from collections import deque
from typing import Any, Iterable, Iterator, Sequence

from .models import RawDoc

STAGES: dict[str, str] = {
    "read": "ordered",  # files decoded in the driver: input order decides ids and first copies
    "prepare": "map",  # pipeline.prepare_batch: language, cleaning, hashes, MinHash (pure)
    "embed": "map",  # pure, but still run by the clusterer in the driver (see the report in the issue)
    "store": "ordered",  # pipeline.store_batch: exact and near duplicates against what is stored
    "cluster": "ordered",  # StoryClusterer, one holder of store.writer_lock("cluster") at a time
}


class _Preparer:
    """One Ray actor: its own detector and cleaner, built by name in its own process."""

    def __init__(self, detector: str):
        from .clean import get_cleaner
        from .language import get_detector

        self.detector, self.cleaner = get_detector(detector), get_cleaner()

    def prepare(self, docs: Sequence[RawDoc], min_text_chars: int) -> list[Any]:
        from .pipeline import prepare_batch

        return prepare_batch(docs, detector=self.detector, cleaner=self.cleaner, min_text_chars=min_text_chars)


def ray_prepared_batches(batches: Iterable[list[Any]], *, detector: str, min_text_chars: int,
                         address: str | None = None, workers: int = 0) -> Iterator[tuple[list[Any], list[Any]]]:
    """``(batch, prepared)`` for every batch, in input order, prepared by Ray actors.

    ``address``: a running Ray cluster (``ray://host:10001`` or ``auto``); None starts a local
    runtime with this machine's cores. ``workers``: actors (0: one per CPU Ray reports).
    """
    try:
        import ray
    except ImportError:
        from .errors import ConfigError

        raise ConfigError("--engine ray needs Ray: pip install 'babelwire[ray]'") from None
    started = not ray.is_initialized()
    if started:
        ray.init(address=address or None, num_cpus=None if address else (os.cpu_count() or 1),
                 include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        n = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor = ray.remote(num_cpus=1)(_Preparer)
        actors = [actor.remote(detector) for _ in range(n)]
        pending: deque[tuple[list[Any], Any]] = deque()
        for i, batch in enumerate(batches):
            docs = [d for d in batch if isinstance(d, RawDoc)]
            pending.append((batch, actors[i % n].prepare.remote(docs, min_text_chars)))
            while len(pending) > 2 * n:  # every actor busy and one batch queued: memory stays bounded
                b, ref = pending.popleft()
                yield b, ray.get(ref)
        while pending:
            b, ref = pending.popleft()
            yield b, ray.get(ref)
    finally:
        if started:
            ray.shutdown()
