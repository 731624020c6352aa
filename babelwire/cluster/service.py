"""Clustering against the store: cached embeddings, the engine's state, stories written back.

``StoryClusterer`` is what the Workspace holds. It keeps the engine (``online.py``) and the
vector index (``index.py``) in memory between batches, so a long ingest pays for loading them
once. Everything it knows can be rebuilt from the store:

- vectors: table ``embeddings`` keyed by (content hash, model key); computed only when
  missing, in batches, and committed as soon as computed;
- slots (the index's integer keys): table ``cluster_slots``;
- stories, aliases and every membership change: ``stories``, ``story_aliases``,
  ``story_events``; ``articles.story_id`` is the membership itself.

Another process may cluster the same store (the web app while a CLI ingest runs): before
each run the clusterer compares the store's last event id with its own and reloads when they
differ, so it never decides on a stale picture.
"""
from __future__ import annotations

import hashlib
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Literal, Sequence

import numpy as np

from ..boilerplate import filter_for
from ..dates import now_iso
from ..embed import cache_key, get_embedder, prepare_text
from ..errors import ConfigError
from ..models import Article
from ..store.base import Story, StoryEvent
from .common import BATCH, DEFAULTS, SETTING_OPTIONS, ClusterReport, day_arrays, day_number, engine_options
from .copies import centred_cosine, is_translation
from .index import VectorIndex
from .online import Decision, OnlineClusterer
from .rebuild import rebuild_store
from .rows import refresh_stories as refresh_story_rows
from .score import CosineScorer, FeatureScorer

if TYPE_CHECKING:
    from ..store import Store

OBSERVE_RECENT = 1000  # stored articles whose names seed the entity weights on load

def story_id_for(article_id: str, attempt: int = 0) -> str:
    """Stable, short: "s-" + 10 hex digits of the first article's id hash."""
    seed = article_id if attempt == 0 else f"{article_id}#{attempt}"
    return "s-" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:10]


class StoryClusterer:
    """Online clustering of a store's articles into stories with stable ids."""

    def __init__(
        self,
        store: Store,
        settings: Any,
        *,
        embedder: Any = None,
        scorer: str = "features",
        combiner: Any = None,
        doc_freq: Any = None,
        centroids: Any = None,
        index_file: str | Literal[False] | None = None,  # None: beside the store; False or "": none
        threshold: float | None = None,
        **options: Any,
    ):
        self.store = store
        self.settings = settings
        self._embedder = embedder
        self.scorer_kind = scorer
        self.combiner = combiner
        self.doc_freq = doc_freq
        self.centroids = centroids
        self.threshold = float(settings.cluster_threshold if threshold is None else threshold)
        self.window_days = float(settings.cluster_window_days)
        self.embed_chars = int(settings.embed_chars)
        unknown = set(options) - set(DEFAULTS) - set(SETTING_OPTIONS) - {"cosine_a", "cosine_b"}
        if unknown:
            raise ConfigError(f"unknown clusterer options: {sorted(unknown)}; known: {sorted(DEFAULTS)}")
        from_settings = {k: getattr(settings, name) for k, name in SETTING_OPTIONS.items()}
        self.options = {**DEFAULTS, **from_settings, **options}
        if index_file is None:
            self.index_file: str | None = store.index_dir()
        else:
            self.index_file = index_file or None
        self._engine: OnlineClusterer | None = None
        self._generation = -1
        self._sid_to_id: list[str] = []
        self._id_to_sid: dict[str, int] = {}
        self._slot_ids: dict[int, str] = {}
        self._next_slot = 0
        self._scorer: Any = None
        self._pending_index: VectorIndex | None = None
        self._saved_size = 0  # index size at the last save
        self.embed_calls = 0  # texts sent to the embedder by this clusterer
        self._text_filter: Any = False  # built on first use (boilerplate.filter_for)

    # -- embeddings --------------------------------------------------------------------
    @property
    def embedder(self) -> Any:
        if self._embedder is None:
            self._embedder = get_embedder(self.settings.embedder)
        return self._embedder

    @property
    def text_filter(self) -> Any:
        """Article -> its text without the store's known boilerplate (None: text as stored)."""
        if self._text_filter is False:
            self._text_filter = filter_for(self.store, self.settings)
        return self._text_filter

    def body(self, article: Article) -> str:
        """The text the embedder and the pair scorer see: the stored text minus boilerplate."""
        f = self.text_filter
        return f(article) if f is not None else article.text

    @contextmanager
    def embedding_with(self, embedder: Any) -> Iterator[None]:
        """Missing vectors come from ``embedder`` meanwhile: the same model run elsewhere
        (Ray actors, ``distributed.RayEmbedder``), so the cached vectors keep their key."""
        if embedder.model_id != self.embedder.model_id:
            raise ValueError(f"{embedder.model_id} is not this clusterer's model {self.embedder.model_id}")
        before, self._embedder = self._embedder, embedder
        try:
            yield
        finally:
            self._embedder = before

    @property
    def model_key(self) -> str:
        return cache_key(self.embedder, self.embed_chars)

    def vectors_for(self, articles: Sequence[Article], report: ClusterReport | None = None) -> np.ndarray:
        """One row per article: from the cache where present, else embedded (and cached).

        Embedded without the store's known boilerplate. The cache is keyed by content, so an
        article embedded before one of its lines became known keeps its vector; the pair
        scorer's evidence always follows the current counts.
        """
        if not articles:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        key = self.model_key
        have = self.store.get_embeddings([a.content_hash for a in articles], key)
        todo: dict[str, Article] = {}
        for a in articles:
            if a.content_hash not in have:
                todo.setdefault(a.content_hash, a)
        items = list(todo.items())
        for i in range(0, len(items), BATCH):
            chunk = items[i : i + BATCH]
            texts = [prepare_text(a.title, self.body(a), self.embed_chars) for _, a in chunk]
            vecs = np.asarray(self.embedder.embed_batch(texts), dtype=np.float32)
            self.embed_calls += len(texts)
            # Committed now: an interrupted run keeps what it paid for.
            self.store.put_embeddings(key, [(h, v) for (h, _), v in zip(chunk, vecs)])
            for (h, _), v in zip(chunk, vecs):
                have[h] = v
            if report is not None:
                report.embedded += len(chunk)
        return np.vstack([have[a.content_hash] for a in articles]).astype(np.float32, copy=False)

    # -- state ----------------------------------------------------------------------------
    def _new_scorer(self) -> Any:
        if self.scorer_kind == "cosine":
            return CosineScorer(self.options.get("cosine_a", 47.0), self.options.get("cosine_b", 0.862))
        return FeatureScorer(self._load_slots, combiner=self.combiner, doc_freq=self.doc_freq,
                             centroids=self.centroids, embedder=self.embedder, embed_chars=self.embed_chars,
                             text_filter=self.text_filter)

    def _load_slots(self, slots: Sequence[int]) -> dict[int, tuple[Article, np.ndarray]]:
        """Stored articles and their vectors by slot (for the pair scorer's candidates)."""
        ids = {self._slot_ids[s]: s for s in slots if s in self._slot_ids}
        arts = self.store.get_articles(list(ids))
        if not arts:
            return {}
        return {ids[a.id]: (a, v) for a, v in zip(arts, self.vectors_for(arts))}

    def _new_engine(self, index: VectorIndex) -> OnlineClusterer:
        o = self.options
        return OnlineClusterer(
            index,
            self._scorer,
            threshold=self.threshold,
            merge_threshold=min(0.999, self.threshold + o["merge_margin"]),
            window_days=self.window_days,
            **engine_options(o),
        )

    def _loaded_engine(self) -> OnlineClusterer:
        """The engine ``ensure_state`` loaded (every caller runs it first)."""
        if self._engine is None:
            raise RuntimeError("ensure_state must run before the engine is used")  # a bug, not a user error
        return self._engine

    def _fresh_index(self) -> VectorIndex:
        return VectorIndex(self.embedder.dim, dtype=self.options["index_dtype"], model=self.model_key)

    def ensure_state(self, *, index: VectorIndex | None = None, observe: bool = True) -> None:
        """Load (or reload, when another process wrote) the engine's picture of the store."""
        gen = self.store.last_story_event_id()
        if self._engine is not None and gen == self._generation and index is None:
            return
        self._scorer = self._new_scorer()
        self._sid_to_id, self._id_to_sid = [], {}
        stories = list(self.store.iter_stories(sort="created"))
        members = list(self.store.cluster_members())
        self._slot_ids = {m.slot: m.article_id for m in members}
        self._next_slot = max(self._slot_ids, default=-1) + 1

        if index is None and self._pending_index is not None:
            index, self._pending_index = self._pending_index, None
        if index is None and self._engine is not None:
            index = self._engine.index  # ours is newer than the file; reconciled below
        if index is None and self.index_file:
            index = VectorIndex.load(self.index_file, ndim=self.embedder.dim, dtype=self.options["index_dtype"],
                                     model=self.model_key)
        if index is None:
            index = self._fresh_index()
        engine = self._new_engine(index)
        for st in stories:
            self._id_to_sid[st.id] = engine.new_story()
            self._sid_to_id.append(st.id)
        slots, sids, first, last = [], [], [], []
        for m in members:
            sid = self._id_to_sid.get(m.story_id) if m.story_id else None
            if sid is None and m.story_id:
                live = self.store.resolve_story_id(m.story_id)
                sid = self._id_to_sid.get(live) if live else None
            if sid is None:
                continue
            lo, hi = day_number(m.published)
            slots.append(m.slot)
            sids.append(sid)
            first.append(lo)
            last.append(hi)
        engine.place(np.array(slots, np.int64), np.array(sids, np.int32), np.array(first, np.float32), np.array(last, np.float32))
        self._reconcile_index(index, np.array(slots, dtype=np.uint64), engine)
        self._engine = engine
        self._generation = gen
        if observe and isinstance(self._scorer, FeatureScorer):
            # Entity frequencies and language means start from the store's recent articles.
            recent = self.store.get_articles([self._slot_ids[s] for s in slots[-OBSERVE_RECENT:]])
            if recent:
                self._scorer.observe(recent, self.vectors_for(recent))
                # ... and the figures they report, for anchored joins beyond the nearest vectors
                slot_of = {self._slot_ids[s]: s for s in slots[-OBSERVE_RECENT:]}
                self._scorer.remember_anchors([slot_of[a.id] for a in recent], recent)

    def _reconcile_index(self, index: VectorIndex, member_slots: np.ndarray, engine: OnlineClusterer) -> None:
        """Make the index hold exactly the members' vectors: add what is missing, drop the rest."""
        have = index.keys()
        extra = np.setdiff1d(have, member_slots, assume_unique=False)
        if len(extra):
            index.remove(extra)
        missing = np.setdiff1d(member_slots, have, assume_unique=False)
        if not len(missing):
            return
        for i in range(0, len(missing), 5000):
            chunk = [int(s) for s in missing[i : i + 5000]]
            got = self._load_slots(chunk)
            order = [s for s in chunk if s in got]
            if order:
                keys = np.array(order, dtype=np.int64)
                index.add(keys.astype(np.uint64), np.vstack([got[s][1] for s in order]),
                          engine.slot_first[keys], engine.slot_last[keys])

    def flush(self) -> None:
        """Save the index if it changed (it is derived data: losing it only costs a rebuild)."""
        if self._engine is not None and self.index_file and self._engine.index.dirty:
            self._engine.index.save(self.index_file)
            self._saved_size = len(self._engine.index)

    def close(self) -> None:
        try:
            self.flush()
        except OSError:
            pass  # a read-only directory: the index is rebuilt next time

    # -- clustering ------------------------------------------------------------------------
    def cluster(self, *, rebuild: bool = False) -> ClusterReport:
        """Cluster every article without a story; ``rebuild`` re-clusters everything."""
        if rebuild:
            return self.rebuild()
        return self.add(self.store.stream_article_ids(unclustered_only=True))

    def add(self, article_ids: Sequence[str]) -> ClusterReport:
        """Give the given (new or changed) articles a story; the ingest hook."""
        t0 = time.perf_counter()
        report = ClusterReport()
        try:
            self.ensure_state()
            self._add(list(article_ids), report)
        except BaseException:
            self._engine = None  # memory may be ahead of the store: reload next time
            raise
        report.stories = self.store.count_stories()
        report.seconds = round(time.perf_counter() - t0, 3)
        self._maybe_flush()
        return report

    def _maybe_flush(self) -> None:
        # Saving a large index costs time: during a long ingest save when a tenth of it is new
        # (close() saves the rest). A crash in between costs re-adding those vectors, no data.
        eng = self._engine
        if eng is None or not self.index_file or not eng.index.dirty:
            return
        grown = len(eng.index) - self._saved_size
        if not Path(self.index_file).exists() or grown >= max(10_000, len(eng.index) // 10):
            self.flush()

    def _add(self, ids: list[str], report: ClusterReport) -> None:
        arts = self.store.get_articles(ids)
        by_id = {a.id: a for a in arts}
        changed = [a for a in arts if a.story_id]
        pending = [a for a in arts if not a.story_id]
        fresh = [a for a in pending if not a.duplicate_of]
        copies = [a for a in pending if a.duplicate_of]
        # A copy joins its original's story: cluster an unclustered original first.
        extra = [o for o in self.store.get_articles([c.duplicate_of for c in copies
                                                     if c.duplicate_of and c.duplicate_of not in by_id])
                 if not o.story_id]
        fresh = extra + fresh
        if changed:
            self._refresh_vectors(changed, report)
        self._process(fresh, report)
        if copies:
            self._write_copies(copies, report)

    def _process(self, fresh: list[Article], report: ClusterReport) -> None:
        """Run the engine over articles in order, writing each batch's decisions."""
        scorer = self._scorer
        features = isinstance(scorer, FeatureScorer)
        if features:  # names and language means of everything given count before any score
            for i in range(0, len(fresh), 5000):
                chunk = fresh[i : i + 5000]
                scorer.observe(chunk, self.vectors_for(chunk, report))
        for i in range(0, len(fresh), BATCH):
            chunk = fresh[i : i + BATCH]
            vecs = self.vectors_for(chunk, report)
            slots = np.arange(self._next_slot, self._next_slot + len(chunk), dtype=np.int64)
            self._next_slot += len(chunk)
            for s, a in zip(slots, chunk):
                self._slot_ids[int(s)] = a.id
            if features:
                scorer.begin(slots, chunk, vecs)
            first, last = day_arrays(chunk)
            decisions = self._loaded_engine().process(slots, vecs, first, last)
            links = self._translations(chunk, vecs, decisions) if features else []
            self._write(chunk, slots, decisions, report, links)

    def _translations(self, chunk: list[Article], vecs: np.ndarray, decisions: list[Decision]) -> list[tuple[str, str]]:
        """(article, original) for the articles of a batch that translate the member they joined by."""
        ps = self._scorer.pair_scorer
        out = []
        for art, vec, d in zip(chunk, vecs, decisions):
            if (d.kind != "assign" and d.rejoined < 0) or d.nearest < 0 or art.duplicate_of:
                continue
            near = self._scorer.item(d.nearest)
            if near is None:
                continue
            other, ovec = near
            fa, fb = ps.features(art), ps.features(other)
            if is_translation(fa, fb, centred_cosine(ps.centroids, vec, fa.language, ovec, fb.language)):
                original = other.duplicate_of or other.id
                out.append((art.id, original))
                art.duplicate_of, art.copy_kind = original, "translation"
        return out

    def _refresh_vectors(self, articles: list[Article], report: ClusterReport) -> None:
        """An article's text changed: its story stays, its vector in the index is replaced."""
        slot_of = {a: s for s, a in self._slot_ids.items()}
        have = [a for a in articles if a.id in slot_of]
        if not have:
            return
        vecs = self.vectors_for(have, report)
        keys = np.array([slot_of[a.id] for a in have], dtype=np.int64)
        first, last = day_arrays(have)  # the date may have changed with the text
        eng = self._loaded_engine()
        eng.slot_first[keys], eng.slot_last[keys] = first, last
        eng.index.remove(keys.astype(np.uint64))
        eng.index.add(keys.astype(np.uint64), vecs, first, last)
        report.refreshed += len(have)

    def _unique_story_id(self, article_id: str, taken: set[str]) -> str:
        for attempt in range(1000):
            sid = story_id_for(article_id, attempt)
            if sid not in taken and sid not in self._id_to_sid and not self.store.story_exists(sid):
                return sid
        raise RuntimeError("could not find a free story id")  # pragma: no cover

    def _write(self, chunk: list[Article], slots: np.ndarray, decisions: list[Decision], report: ClusterReport,
               translations: Sequence[tuple[str, str]] = ()) -> None:
        now = now_iso()
        events: list[StoryEvent] = []
        touched: set[str] = set()
        new_ids: set[str] = set()
        with self.store.transaction():
            self.store.add_cluster_slots((int(s), a.id) for s, a in zip(slots, chunk))
            if translations:
                self.store.link_translations(translations)
                report.translations += len(translations)
            rejoined = []
            for art, d in zip(chunk, decisions):
                if d.kind == "open" and d.rejoined >= 0:
                    # The engine folded the story it opened into another by the batch's end
                    # (online.py step 8): it is never written; its number is kept in step.
                    assert d.story == len(self._sid_to_id), "engine and store disagree on story numbers"
                    self._sid_to_id.append("")
                    rejoined.append((art, d))
                    continue
                if d.kind == "open":
                    sid = self._unique_story_id(art.id, new_ids)
                    new_ids.add(sid)
                    assert d.story == len(self._sid_to_id), "engine and store disagree on story numbers"
                    self._sid_to_id.append(sid)
                    self._id_to_sid[sid] = d.story
                    self.store.put_story(Story(id=sid, created_at=now, updated_at=now))
                    events.append(StoryEvent("open", sid, art.id, score=round(d.score, 4), at=now))
                    report.opened += 1
                else:
                    sid = self._sid_to_id[d.story]
                    for loser in d.merged:
                        report.moved += self._merge_into(self._sid_to_id[loser], sid, art.id, d.score, now, events)
                        touched.add(self._sid_to_id[loser])
                        report.merges += 1
                    events.append(StoryEvent("assign", sid, art.id, score=round(d.score, 4), at=now))
                    report.assigned += 1
                self.store.set_article_stories([(art.id, sid)])
                touched.add(sid)
                report.articles += 1
            eng = self._loaded_engine()
            for art, d in rejoined:  # every story of the batch has its id now
                sid = self._sid_to_id[eng.find(d.rejoined)]
                self._sid_to_id[d.story] = sid
                events.append(StoryEvent("assign", sid, art.id, score=round(d.score, 4), at=now))
                self.store.set_article_stories([(art.id, sid)])
                touched.add(sid)
                report.assigned += 1
                report.articles += 1
            self.store.add_story_events(events)
            self.refresh_stories(touched)
        self._generation = self.store.last_story_event_id()

    def _merge_into(self, loser: str, keep: str, article_id: str | None, score: float, now: str, events: list[StoryEvent]) -> int:
        """Fold story ``loser`` into ``keep``: every member moves, the id becomes an alias."""
        members = self.store.story_member_ids(loser)
        self.store.set_article_stories((m, keep) for m in members)
        for m in members:
            events.append(StoryEvent("move", keep, m, from_story=loser, score=round(score, 4), at=now))
        events.append(StoryEvent("merge", keep, article_id, from_story=loser, score=round(score, 4), at=now))
        self.store.add_story_alias(loser, keep, now)
        st = self.store.get_story(loser)
        if st is not None:
            st.merged_into, st.updated_at, st.article_count = keep, now, 0
            self.store.put_story(st)
        return len(members)

    def _write_copies(self, copies: list[Article], report: ClusterReport) -> None:
        now = now_iso()
        originals = {o.id: o for o in self.store.get_articles([c.duplicate_of for c in copies if c.duplicate_of])}
        orphans = []
        events: list[StoryEvent] = []
        touched: set[str] = set()
        with self.store.transaction():
            for c in copies:
                o = originals.get(c.duplicate_of) if c.duplicate_of else None
                sid = self.store.resolve_story_id(o.story_id) if o is not None and o.story_id else None
                if sid is None:
                    orphans.append(c)
                    continue
                self.store.set_article_stories([(c.id, sid)])
                events.append(StoryEvent("assign", sid, c.id, score=1.0, at=now))
                touched.add(sid)
                report.duplicates += 1
                report.articles += 1
            self.store.add_story_events(events)
            self.refresh_stories(touched)
        self._generation = self.store.last_story_event_id()
        if orphans:  # original missing or never clustered: cluster the copy on its own
            self._process(orphans, report)

    # -- story rows ---------------------------------------------------------------------------
    def refresh_stories(self, story_ids: Iterable[str]) -> None:
        """Recompute counts, dates, languages and the provisional headline from the members."""
        refresh_story_rows(self, story_ids)

    # -- rebuild ----------------------------------------------------------------------------
    def rebuild(self) -> ClusterReport:
        """Re-cluster every article from scratch; keep ids where membership mostly stayed.

        See ``rebuild.py`` (``rebuild_store``): ids, aliases and ``move`` events.
        """
        return rebuild_store(self)
