"""The public Python API: `babelwire.open(db)` returns a Workspace.

The Workspace is a thin facade: it holds settings, the store and lazily-created components,
and each method calls one pipeline function. The CLI and the web app call only this.
"""
from __future__ import annotations

from typing import Any, BinaryIO, Callable, Iterable, Iterator

from . import pipeline
from .errors import NotFoundError
from .models import Article, IngestReport, RawDoc, Rejection
from .settings import Settings, load_settings
from .store import ArticleFilter, open_store

ProgressFn = Callable[[int], None]


class Workspace:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.store = open_store(settings.db)
        self._components: dict[str, Any] = {}

    # -- lifecycle ------------------------------------------------------------------------
    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _component(self, kind: str) -> Any:
        if kind not in self._components:
            if kind == "detector":
                from .language import get_detector

                self._components[kind] = get_detector(self.settings.detector)
            elif kind == "cleaner":
                from .clean import get_cleaner

                self._components[kind] = get_cleaner()
        return self._components[kind]

    # -- ingest ---------------------------------------------------------------------------
    def read(self, paths: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[RawDoc | Rejection]:
        from .ingest import limits_from_settings, read_paths

        return read_paths(paths, stdin=stdin, **limits_from_settings(self.settings))

    def ingest_bytes(self, data: bytes, *, name: str, kind: str | None = None, cluster: bool = True) -> IngestReport:
        """Ingest one in-memory upload (a file's bytes); `kind` is sniffed from `name` when None."""
        from .ingest import limits_from_settings, read_bytes

        docs = read_bytes(data, name=name, kind=kind, **limits_from_settings(self.settings))
        return self.ingest_docs(docs, cluster=cluster)

    def ingest(
        self,
        paths: Iterable[str],
        *,
        stdin: BinaryIO | None = None,
        progress: ProgressFn | None = None,
        cluster: bool = True,
    ) -> IngestReport:
        """Read files, directories or '-' and store every article; see IngestReport."""
        return self.ingest_docs(self.read(paths, stdin), progress=progress, cluster=cluster)

    def ingest_docs(
        self,
        docs: Iterable[RawDoc | Rejection],
        *,
        progress: ProgressFn | None = None,
        cluster: bool = True,
    ) -> IngestReport:
        report = IngestReport()
        s = self.settings
        detector, cleaner = self._component("detector"), self._component("cleaner")
        for batch in pipeline.chunks(docs, s.batch_size):
            raw = [d for d in batch if isinstance(d, RawDoc)]
            report.rejected.extend(d for d in batch if isinstance(d, Rejection))
            prepared = pipeline.prepare_batch(
                raw, detector=detector, cleaner=cleaner, min_text_chars=s.min_text_chars
            )
            report.rejected.extend(p for p in prepared if isinstance(p, Rejection))
            good = [p for p in prepared if isinstance(p, pipeline.Prepared)]
            changed = pipeline.store_batch(self.store, good, report, s.near_dup_threshold)
            if cluster and changed:
                self._after_ingest(changed)
            if progress:
                progress(len(batch))
        return report

    def _after_ingest(self, article_ids: list[str]) -> None:
        """Hook for stages that follow storage (clustering)."""

    # -- read -----------------------------------------------------------------------------
    def articles(
        self,
        *,
        language: str | None = None,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        story: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Article]:
        flt = ArticleFilter(language, source, since, until, story, None, limit, offset)
        return list(self.store.iter_articles(flt))

    def count_articles(self, **filters: Any) -> int:
        return self.store.count_articles(ArticleFilter(**filters))

    def article(self, article_id: str) -> Article:
        a = self.store.get_article(article_id)
        if a is None:
            raise NotFoundError(f"no article with id {article_id!r} in {self.store.path}")
        return a

    def stats(self) -> dict[str, Any]:
        return self.store.stats()


def open(db: str | None = None, *, config: str | None = None, **settings: Any) -> Workspace:  # noqa: A001
    """Open (or create) a babelwire store. Keyword arguments override any setting."""
    return Workspace(load_settings({"db": db, **settings}, config_path=config))
