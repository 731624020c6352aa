"""The public Python API: `babelwire.open(db)` returns a Workspace.

The Workspace is a thin facade and the one place that wires: it holds the settings, the store
and lazily-created components, and each method hands the stage it calls exactly what that
stage uses (store, settings, components). The CLI and the web app call only this. Its methods
for live sources and watchlists live in ``api_live`` (a base class of Workspace).

Stage modules are imported inside the methods that use them, so that ``import babelwire`` (and
every short CLI command) loads none of them: 1.5 s instead of 5 s on the project's machine.
"""
from __future__ import annotations

from contextlib import ExitStack
from typing import Any, BinaryIO, Callable, Iterable, Iterator

from . import pipeline
from .api_live import LiveSources
from .errors import NotFoundError, UnknownComponentError
from .models import Article, IngestReport, RawDoc, Rejection
from .settings import Settings, load_settings
from .store import ArticleFilter, open_store

ProgressFn = Callable[[int], None]
# what a Workspace builds once and keeps: ``component`` and ``use`` take these names
COMPONENTS = ("detector", "cleaner", "clusterer", "alert_matcher")


class Workspace(LiveSources):
    def __init__(self, settings: Settings):
        self.settings = settings
        self.store = open_store(settings.db, settings.store, index_dir=settings.index_dir)
        self._components: dict[str, Any] = {}
        # what time it is for alert decisions (breaking windows end then); None: the wall
        # clock. The replay evaluation sets its stream clock here.
        self.clock: Callable[[], Any] | None = None

    # -- lifecycle ------------------------------------------------------------------------
    def close(self) -> None:
        clusterer = self._components.get("clusterer")
        if clusterer is not None:
            clusterer.close()  # saves the derived vector index beside the store
        self.store.close()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def component(self, kind: str) -> Any:
        """The ``detector``, ``cleaner``, ``clusterer`` or ``alert_matcher`` this workspace
        uses: the one given to ``use``, else built from the settings on first use."""
        if kind == "clusterer":
            return self.clusterer()
        if kind == "alert_matcher":
            return self.alert_matcher()
        if kind not in self._components:
            if kind == "detector":
                # lazy stage load: `import babelwire` stays fast (module docstring)
                from .language import get_detector

                self._components[kind] = get_detector(self.settings.detector)
            elif kind == "cleaner":
                # lazy stage load: `import babelwire` stays fast (module docstring)
                from .clean import get_cleaner

                self._components[kind] = get_cleaner()
            else:
                raise UnknownComponentError("workspace component", kind, list(COMPONENTS))
        return self._components[kind]

    def use(self, kind: str, component: Any) -> None:
        """Use ``component`` as this workspace's ``kind`` (see ``component``) instead of the one
        the settings name: a stand-in detector in a test, a clusterer built with other options
        in an evaluation. Call it before the first method that needs that component."""
        if kind not in COMPONENTS:
            raise UnknownComponentError("workspace component", kind, list(COMPONENTS))
        self._components[kind] = component

    # -- ingest ---------------------------------------------------------------------------
    def read(self, paths: Iterable[str], stdin: BinaryIO | None = None, *,
             defer_html: bool = False) -> Iterator[RawDoc | Rejection]:
        """Documents from paths; ``defer_html`` leaves HTML parsing to prepare_batch."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from .ingest import limits_from_settings, read_paths

        return read_paths(paths, stdin=stdin, defer_html=defer_html, **limits_from_settings(self.settings))

    def ingest_bytes(self, data: bytes, *, name: str, kind: str | None = None, cluster: bool = True) -> IngestReport:
        """Ingest one in-memory upload (a file's bytes); `kind` is sniffed from `name` when None."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from .ingest import limits_from_settings, read_bytes

        docs = read_bytes(data, name=name, kind=kind, defer_html=True, **limits_from_settings(self.settings))
        return self.ingest_docs(docs, cluster=cluster)

    def ingest_uploads(self, files: Iterable[tuple[str, bytes]], *, cluster: bool = True) -> IngestReport:
        """Ingest uploaded files, ``(name, bytes)`` each, one after the other; one report for all."""
        total = IngestReport()
        for name, data in files:
            total.add(self.ingest_bytes(data, name=name, cluster=cluster))
        return total

    def ingest(
        self,
        paths: Iterable[str],
        *,
        stdin: BinaryIO | None = None,
        progress: ProgressFn | None = None,
        cluster: bool = True,
        stage: Callable[[str], None] | None = None,
    ) -> IngestReport:
        """Read files, directories or '-' and store every article; see IngestReport.
        ``progress(n)``: n more documents done; ``stage(text)``: what runs now (a progress bar
        shows it, so the first batch's model loading is not a frozen "0 documents").

        Clustered, it first gives a story to every stored article without one (what a killed
        ingest leaves, and what ``cluster=False`` runs left for later), as ``watch`` does; when
        another process holds the cluster lock, that one does it while this one stores."""
        swept: Any = True
        if cluster:
            if stage:
                stage("clustering articles left without a story")
            swept = self.assign_stories([], wait=False, sweep=True)
        # HTML is parsed in prepare_batch, so in the ingest workers when there are any.
        report = self.ingest_docs(self.read(paths, stdin, defer_html=True), progress=progress, cluster=cluster,
                                  stage=stage, shared=True)
        if swept is None:  # not left behind even if this run stored nothing new
            self.assign_stories([], wait=True, sweep=True)
        return report

    def ingest_docs(
        self,
        docs: Iterable[RawDoc | Rejection],
        *,
        progress: ProgressFn | None = None,
        cluster: bool = True,
        workers: int | None = None,
        stage: Callable[[str], None] | None = None,
        shared: bool = False,
    ) -> IngestReport:
        """Store documents batch by batch (one transaction each); ``workers`` processes prepare
        later batches meanwhile once the input passes two batches (None: the ``ingest_workers``
        setting; 0: everything in this process). ``shared`` (``ingest`` of paths): a batch does
        not wait for the cluster lock, and whoever holds it clusters every article without a
        story (see assign_stories); otherwise (uploads, the API) a batch waits and clusters its
        own articles only, so one request never clusters a whole backlog."""
        report = IngestReport()
        s = self.settings
        detector, cleaner = self.component("detector"), self.component("cleaner")
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from .ingest.common import valid_docs
        from .parallel import prepared_batches

        def local(raw: list[RawDoc]) -> list[Any]:
            return pipeline.prepare_batch(raw, detector=detector, cleaner=cleaner, min_text_chars=s.min_text_chars)

        chunks = pipeline.chunks(valid_docs(docs, report.warnings), s.batch_size)
        with ExitStack() as running:
            if s.ingest_engine == "ray":  # the pure stages over a Ray cluster; storing stays here, in order
                # lazy stage load: `import babelwire` stays fast (module docstring)
                from .distributed import RayIngest

                ray = running.enter_context(RayIngest(detector=s.detector, embedder=s.embedder,
                                                      min_text_chars=s.min_text_chars, address=s.ray_address,
                                                      workers=max(0, workers or 0)))
                batches = ray.prepared(chunks)
                if cluster:
                    running.enter_context(self.clusterer().embedding_with(ray.embedder(self.clusterer().embedder)))
            else:
                batches = prepared_batches(chunks, local=local, min_text_chars=s.min_text_chars,
                                           workers=self._ingest_workers(workers, cluster), detector=s.detector)
            self._store_batches(batches, report, progress=progress, cluster=cluster, stage=stage, shared=shared)
        return report

    def _store_batches(self, batches: Iterable[tuple[list[Any], list[Any]]], report: IngestReport, *,
                       progress: ProgressFn | None, cluster: bool, stage: Callable[[str], None] | None,
                       shared: bool = False) -> None:
        """The ordered part of ingest: store each prepared batch, then cluster what changed."""
        s = self.settings
        left = False  # articles left for another process clustering the store
        if stage:
            stage("reading and detecting languages")
        for batch, prepared in batches:
            report.rejected.extend(d for d in batch if isinstance(d, Rejection))
            report.rejected.extend(p for p in prepared if isinstance(p, Rejection))
            good = [p for p in prepared if isinstance(p, pipeline.Prepared)]
            changed = pipeline.store_batch(self.store, good, report, s.near_dup_threshold)
            if progress:  # read and stored (committed): counted before the batch's clustering
                progress(len(batch))
            if cluster and changed:
                if stage:
                    stage(f"embedding and clustering {len(changed):,} new articles"
                          + (" (loading the model first)" if "clusterer" not in self._components else ""))
                left |= not self._after_ingest(changed, shared=shared)
            if stage:
                stage("reading and detecting languages")
        if left:  # nothing stays without a story once this ingest returns
            if stage:
                stage("clustering articles another process left")
            self.assign_stories([], wait=True, sweep=True)

    def _ingest_workers(self, workers: int | None, cluster: bool) -> int:
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from .parallel import workers_for

        return workers_for(self.settings.ingest_workers if workers is None else workers, cluster)

    def _after_ingest(self, article_ids: list[str], *, shared: bool = False) -> bool:
        """Hook for stages that follow storage (clustering); False: ``shared`` and another
        process holds the cluster lock and clusters these (ingests sharing a store work as
        watch workers do: storing goes on while one of them clusters every article without a
        story, in order)."""
        if not shared:
            self.assign_stories(article_ids)
            return True
        return self.assign_stories(article_ids, wait=False, sweep=True) is not None

    def assign_stories(self, article_ids: Iterable[str], *, wait: bool = True, sweep: bool = False) -> Any:
        """Give these (new or changed) articles their stories; the ClusterReport, or None when
        ``wait`` is False and another process holds the cluster lock.

        One process clusters a store at a time (``store.writer_lock("cluster")``); a later
        holder reloads what the earlier one wrote (the clusterer checks on every run). Workers
        sharing a store (``watch``) pass ``wait=False, sweep=True``: one that finds the lock
        taken leaves its articles stored without a story and goes on; the holder clusters
        every article without one first, in arrival order, so stories do not depend on which
        worker fetched an article (``ingest`` does the same, per batch). A worker that left some
        calls again with ``wait=True`` before it stops, so none stays without a story.
        """
        ids = list(dict.fromkeys(article_ids))
        with self.store.writer_lock("cluster", wait=wait) as held:
            if not held:
                return None
            if sweep:
                queue = self.store.unclustered_article_ids()
                queued = set(queue)
                ids = queue + [i for i in ids if i not in queued]
                if not ids:  # nothing waits: no need to load the model and index
                    # lazy stage load: `import babelwire` stays fast (module docstring)
                    from .cluster.common import ClusterReport

                    return ClusterReport()
            report = self.clusterer().add(ids)
        self._alerts_after(ids)
        return report

    def _alerts_after(self, article_ids: list[str]) -> None:
        """Watchlists are matched in the batch that brought the article (babelwire/alerts)."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from . import alerts

        if "alert_matcher" not in self._components and not self.store.alerts().watchlists():
            return  # nothing watched: no query embedding, no reads
        alerts.after_batch(self.store, self.settings, self.alert_matcher(), article_ids,
                           now=self.clock() if self.clock else None)

    def alert_matcher(self) -> Any:
        """The watchlist matcher (holds query vectors between batches; ``observers`` see
        every (watchlist, story) it judges: the replay benchmark listens there)."""
        if "alert_matcher" not in self._components:
            # lazy stage load: `import babelwire` stays fast (module docstring)
            from .alerts.match import Matcher
            from .alerts.variants import query_variants

            m = Matcher(self.settings, self.clusterer(), self.component("detector"))
            m.variants = query_variants(self.settings, self.store)
            self._components["alert_matcher"] = m
        return self._components["alert_matcher"]

    def repair_stories(self) -> Any:
        """Cluster stored articles without a story (left by a killed run); None when none."""
        with self._cluster_lock():
            ids = self.store.stream_article_ids(unclustered_only=True)
            report = self.clusterer().add(ids) if ids else None
        if ids:
            self._alerts_after(ids)  # what a killed run left undecided is decided now
        return report

    def _cluster_lock(self) -> Any:
        return self.store.writer_lock("cluster")

    # -- stories --------------------------------------------------------------------------
    def clusterer(self) -> Any:
        """The story clusterer (holds the vector index and engine state between calls)."""
        if "clusterer" not in self._components:
            # lazy stage load: `import babelwire` stays fast (module docstring)
            from .cluster import get_clusterer

            self._components["clusterer"] = get_clusterer(self.store, self.settings)
        return self._components["clusterer"]

    def cluster(self, rebuild: bool = False) -> Any:
        """Give every article without a story one; ``rebuild`` re-clusters all (ids kept stable)."""
        with self._cluster_lock():
            return self.clusterer().cluster(rebuild=rebuild)

    def stories(self, *, sort: str = "recent", limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Live stories as dicts: id, headline, article_ids, languages, first_seen, last_seen, article_count."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from .browse import list_stories

        return list_stories(self.store, sort=sort, limit=limit, offset=offset)

    def story(self, story_id: str) -> dict[str, Any]:
        """One story with its articles (``articles``); a merged-away id resolves to its heir."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from .browse import get_story

        return get_story(self.store, story_id)

    def compare(self, a: str, b: str, *, allow_files: bool = False) -> dict[str, Any]:
        """Score two inputs (article id or text; file paths too with ``allow_files``): 0..1,
        same-story verdict and the reasons. Files are opt-in so a server never reads its disk
        because a request happened to name a path."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from .cluster.compare import compare

        return compare(self.store, self.settings, self.clusterer(), self.component("detector"),
                       self.component("cleaner"), a, b, allow_files=allow_files)

    # -- briefs -------------------------------------------------------------------------
    def brief(self, story_id: str, *, lang: str = "en", refresh: bool = False, embed: bool = True) -> Any:
        """The story's Brief (cached; rebuilt only when its articles changed). ``embed=False``:
        built without loading the embedding model (cached apart from the real one)."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from .brief.stories import brief_for_story

        return brief_for_story(self.store, self.settings, story_id, lang=lang, refresh=refresh,
                               embedder="settings" if embed else None)

    def warm_briefs(self, *, limit: int | None = None, lang: str = "en",
                    progress: ProgressFn | None = None) -> dict[str, Any]:
        """Build the missing or stale briefs of the newest ``limit`` stories (all by default),
        so the web app serves every story page from the cache; counts and failures back."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from .brief.stories import warm_briefs

        return warm_briefs(self.store, self.settings, limit=limit, lang=lang, progress=progress)

    # -- browse (web, API) ---------------------------------------------------------------
    def story_page(self, **filters: Any) -> tuple[list[dict[str, Any]], int]:
        """Filtered, sorted page of stories with counts and coverage; see browse.story_page."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from . import browse

        return browse.story_page(self.store, self.settings, **filters)

    def story_detail(self, story_id: str, *, lang: str = "en") -> dict[str, Any]:
        """A story with its articles by language, coverage over time and its brief."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from . import browse

        return browse.story_detail(self.store, self.settings, story_id, lang=lang)

    def search(self, query: str, *, limit: int = 20) -> dict[str, Any]:
        """Stories and articles matching a query in any language (embeddings + keywords)."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from . import browse

        clusterer = self.clusterer()
        return browse.search(self.store, self.settings, clusterer.embedder, clusterer.model_key, query, limit=limit)

    def duplicates_of(self, article_id: str) -> list[Article]:
        """Stored copies (exact or near) that link to this article."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from . import browse

        return browse.duplicates_of(self.store, article_id)

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
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from .translate.languages import language_filter

        flt = ArticleFilter(language_filter(language), source, since, until, story, None, limit, offset)
        return list(self.store.iter_articles(flt))

    def count_articles(self, **filters: Any) -> int:
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from .translate.languages import language_filter

        if filters.get("language"):
            filters["language"] = language_filter(filters["language"])
        return self.store.count_articles(ArticleFilter(**filters))

    def article(self, article_id: str) -> Article:
        a = self.store.get_article(article_id)
        if a is None:
            raise NotFoundError(f"no article with id {article_id!r} in {self.store.path}")
        return a

    def boilerplate(self, limit: int = 20) -> list[dict[str, Any]]:
        """The lines most often left out of embedding and pair scoring, with their counts."""
        # lazy stage load: `import babelwire` stays fast (module docstring)
        from .boilerplate import top_lines

        return top_lines(self.store, self.settings, limit)

    def stats(self) -> dict[str, Any]:
        return self.store.stats()


def open(db: str | None = None, *, config: str | None = None, **settings: Any) -> Workspace:  # noqa: A001
    """Open (or create) a babelwire store. Keyword arguments override any setting."""
    return Workspace(load_settings({"db": db, **settings}, config_path=config))
