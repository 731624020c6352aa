"""Distributed ingest on Ray (optional extra ``ray``): the pure stages mapped over a cluster.

Which ingest stages are pure maps (any worker, any order, results put back in input order)
and which must run in order in one process is declared once, in ``STAGES``. Only the maps
leave the driver: dedup compares each article with everything stored before it, and the
clusterer hands out index slots and story ids from what it has read, so storing and
clustering stay the store's single ordered writer (clustering under ``writer_lock``).

Each Ray actor builds its own language detector, cleaner and embedding model by name, once:
module-level caches and models are per process and are never shipped from the driver.

Embedding is a map, but of texts only the driver can write: an article is embedded without
the boilerplate lines the store knows *when it is clustered*, after its batch is stored. So
the driver hands each batch's missing texts to the actors (``RayEmbedder``, split evenly)
and clusters when they come back; the vectors are the model's, so the stories are the plain
path's. Ray tasks and actors, not Ray Data: Ray Data streams a dataset through stages and
suits an embedding backfill over a fixed list of texts, but here every request is one small
batch decided inside the ordered loop and answered before the loop goes on; a Dataset per
batch would pay its planning and actor-pool start each time. Prepare calls keep a bounded
window of batches in flight on the same actors.
"""
from __future__ import annotations

import os
from collections import deque
from typing import Any, Iterable, Iterator, Sequence

import numpy as np

from .clean import get_cleaner
from .embed import Embedder, get_embedder
from .errors import ConfigError
from .language import get_detector
from .models import RawDoc
from .pipeline import prepare_batch

STAGES: dict[str, str] = {
    "read": "ordered",  # files decoded in the driver: input order decides ids and first copies
    "prepare": "map",  # pipeline.prepare_batch: language, cleaning, hashes, MinHash (pure)
    "embed": "map",  # on the actors, of the texts the driver writes after storing (RayEmbedder)
    "store": "ordered",  # pipeline.store_batch: exact and near duplicates against what is stored
    "cluster": "ordered",  # StoryClusterer, one holder of store.writer_lock("cluster") at a time
}


class _Worker:
    """One Ray actor: its own detector, cleaner and (on first use) embedder, built by name."""

    def __init__(self, detector: str, embedder: str):
        self.detector, self.cleaner = get_detector(detector), get_cleaner()
        self.embedder_name = embedder
        self.embedder: Embedder | None = None

    def prepare(self, docs: Sequence[RawDoc], min_text_chars: int) -> list[Any]:
        return prepare_batch(docs, detector=self.detector, cleaner=self.cleaner, min_text_chars=min_text_chars)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if self.embedder is None:
            self.embedder = get_embedder(self.embedder_name)
        return self.embedder.embed_batch(texts)


class RayEmbedder:
    """The clusterer's embedder for one ingest: the same model (name, id, size) as ``local``,
    each ``embed_batch`` split evenly over the actors and put back in order."""

    def __init__(self, local: Any, actors: list[Any]):
        self.name, self.model_id, self.dim = local.name, local.model_id, local.dim
        self.local, self._actors = local, actors  # the list empties when the runtime stops

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not self._actors:  # after the ingest: anyone still holding this embeds in-process
            return self.local.embed_batch(texts)
        # optional extra (ray): imported only on this path
        import ray

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = np.array_split(np.arange(len(texts)), min(len(self._actors), len(texts)))
        refs = [a.embed.remote([texts[i] for i in p]) for a, p in zip(self._actors, parts)]
        return np.vstack([np.asarray(v, dtype=np.float32) for v in ray.get(refs)])


class RayIngest:
    """A Ray runtime for one ingest (``with RayIngest(...) as r``): ``r.prepared(batches)``
    maps prepare_batch over the actors; ``r.embedder(local)`` embeds on them.

    ``address``: a running Ray cluster (``ray://host:10001`` or ``auto``); None starts a local
    runtime with this machine's cores (and stops it at the end). ``workers``: actors (0: one
    per CPU Ray reports).
    """

    def __init__(self, *, detector: str, embedder: str, min_text_chars: int, address: str | None = None,
                 workers: int = 0):
        self.detector, self.embedder_name, self.min_text_chars = detector, embedder, min_text_chars
        self.address, self.workers = address, workers
        self.actors: list[Any] = []
        self._started = False

    def __enter__(self) -> "RayIngest":
        try:
            # optional extra (ray): imported only on this path
            import ray
        except ImportError:
            raise ConfigError("--engine ray needs Ray: pip install 'babelwire[ray]'") from None
        self._started = not ray.is_initialized()
        if self._started:
            ray.init(address=self.address or None, num_cpus=None if self.address else (os.cpu_count() or 1),
                     include_dashboard=False, log_to_driver=False, configure_logging=False)
        n = self.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor = ray.remote(num_cpus=1)(_Worker)
        self.actors = [actor.remote(self.detector, self.embedder_name) for _ in range(n)]
        return self

    def __exit__(self, *exc: object) -> None:
        # optional extra (ray): imported only on this path
        import ray

        self.actors.clear()  # RayEmbedders share this list: they fall back to their local model
        if self._started:
            ray.shutdown()

    def prepared(self, batches: Iterable[list[Any]]) -> Iterator[tuple[list[Any], list[Any]]]:
        """``(batch, prepared)`` for every batch, in input order."""
        # optional extra (ray): imported only on this path
        import ray

        n = len(self.actors)
        pending: deque[tuple[list[Any], Any]] = deque()
        for i, batch in enumerate(batches):
            docs = [d for d in batch if isinstance(d, RawDoc)]
            pending.append((batch, self.actors[i % n].prepare.remote(docs, self.min_text_chars)))
            while len(pending) > 2 * n:  # every actor busy and one batch queued: memory stays bounded
                b, ref = pending.popleft()
                yield b, ray.get(ref)
        while pending:
            b, ref = pending.popleft()
            yield b, ray.get(ref)

    def embedder(self, local: Any) -> RayEmbedder:
        return RayEmbedder(local, self.actors)
