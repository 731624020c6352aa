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
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from ..models import Article
from ..store.base import Story, StoryEvent
from .index import VectorIndex, index_path
from .online import CosineScorer, Decision, OnlineClusterer, day_number
from .score import FeatureScorer

BATCH = 256  # articles per engine batch and per write transaction
HEADLINE_MEMBERS = 200  # the headline is chosen among a story's most recent members
OBSERVE_RECENT = 1000  # stored articles whose names seed the entity weights on load

# Calibrated on the SemEval-2022 dev pairs and examples/ (benchmarks/bench_cluster.py):
DEFAULTS: dict[str, Any] = {
    "k": 16,  # nearest stored articles per new article
    "top": 3,  # a story's score: mean of its best `top` member scores among those
    "mode": "found",
    "merge_margin": 0.35,  # two stories merge when both score >= threshold + margin
    "cos_floor": 0.75,  # candidates below this cosine are never scored
    "index_dtype": "i8",  # usearch storage: i8 (1 byte/dim) keeps 1M articles near 1 GB
}


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def story_id_for(article_id: str, attempt: int = 0) -> str:
    """Stable, short: "s-" + 10 hex digits of the first article's id hash."""
    seed = article_id if attempt == 0 else f"{article_id}#{attempt}"
    return "s-" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:10]


@dataclass(slots=True)
class ClusterReport:
    """What one clustering call did."""

    articles: int = 0  # articles that got a story
    opened: int = 0  # new stories
    assigned: int = 0  # joined an existing story
    duplicates: int = 0  # copies that joined their original's story
    merges: int = 0  # stories folded into an older one
    moved: int = 0  # articles whose story changed (merges, rebuild)
    refreshed: int = 0  # updated articles whose vector was replaced
    embedded: int = 0  # vectors computed (the rest came from the cache)
    stories: int = 0  # live stories afterwards
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _display_title(a: Article, limit: int = 140) -> str:
    t = (a.title or "").strip()
    if not t:
        t = next((line.strip() for line in a.text.splitlines() if line.strip()), "")
    t = " ".join(t.split())
    return t if len(t) <= limit else t[: limit - 1].rstrip() + "…"


class StoryClusterer:
    """Online clustering of a store's articles into stories with stable ids."""

    def __init__(
        self,
        store: Any,
        settings: Any,
        *,
        embedder: Any = None,
        scorer: str = "features",
        combiner: Any = None,
        doc_freq: Any = None,
        centroids: Any = None,
        index_file: str | None | bool = None,
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
        unknown = set(options) - set(DEFAULTS) - {"cosine_a", "cosine_b"}
        if unknown:
            raise TypeError(f"unknown clusterer options: {sorted(unknown)}")
        self.options = {**DEFAULTS, **options}
        if index_file is None:
            self.index_file: str | None = index_path(store.path) if _is_file_db(store.path) else None
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

    # -- embeddings --------------------------------------------------------------------
    @property
    def embedder(self) -> Any:
        if self._embedder is None:
            from ..embed import get_embedder

            self._embedder = get_embedder(self.settings.embedder)
        return self._embedder

    @property
    def model_key(self) -> str:
        from ..embed import cache_key

        return cache_key(self.embedder, self.embed_chars)

    def vectors_for(self, articles: Sequence[Article], report: ClusterReport | None = None) -> np.ndarray:
        """One row per article: from the cache where present, else embedded (and cached)."""
        from ..embed import prepare_text

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
            texts = [prepare_text(a.title, a.text, self.embed_chars) for _, a in chunk]
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
                             centroids=self.centroids, embedder=self.embedder, embed_chars=self.embed_chars)

    def _load_slots(self, slots: Sequence[int]) -> dict[int, tuple[Article, np.ndarray]]:
        """Stored articles and their vectors by slot (for the pair scorer's candidates)."""
        ids = {self._slot_ids[s]: s for s in slots if s in self._slot_ids}
        arts = self.store.get_articles(list(ids))
        vecs = self.vectors_for(arts) if arts else []
        return {ids[a.id]: (a, v) for a, v in zip(arts, vecs)}

    def _new_engine(self, index: VectorIndex) -> OnlineClusterer:
        o = self.options
        return OnlineClusterer(
            index,
            self._scorer,
            threshold=self.threshold,
            merge_threshold=min(0.999, self.threshold + o["merge_margin"]),
            window_days=self.window_days,
            k=o["k"],
            top=o["top"],
            cos_floor=o["cos_floor"],
            mode=o["mode"],
        )

    def _fresh_index(self) -> VectorIndex:
        return VectorIndex(self.embedder.dim, dtype=self.options["index_dtype"], model=self.model_key)

    def _ensure_state(self, *, index: VectorIndex | None = None, observe: bool = True) -> None:
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
            self._ensure_state()
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
        extra = [o for o in self.store.get_articles([c.duplicate_of for c in copies if c.duplicate_of not in by_id])
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
            first, last = _days(chunk)
            decisions = self._engine.process(slots, vecs, first, last)
            self._write(chunk, slots, decisions, report)

    def _refresh_vectors(self, articles: list[Article], report: ClusterReport) -> None:
        """An article's text changed: its story stays, its vector in the index is replaced."""
        slot_of = {a: s for s, a in self._slot_ids.items()}
        have = [a for a in articles if a.id in slot_of]
        if not have:
            return
        vecs = self.vectors_for(have, report)
        keys = np.array([slot_of[a.id] for a in have], dtype=np.int64)
        first, last = _days(have)  # the date may have changed with the text
        eng = self._engine
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

    def _write(self, chunk: list[Article], slots: np.ndarray, decisions: list[Decision], report: ClusterReport) -> None:
        now = now_iso()
        events: list[StoryEvent] = []
        touched: set[str] = set()
        new_ids: set[str] = set()
        with self.store.transaction():
            self.store.add_cluster_slots((int(s), a.id) for s, a in zip(slots, chunk))
            for art, d in zip(chunk, decisions):
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
        originals = {o.id: o for o in self.store.get_articles([c.duplicate_of for c in copies])}
        orphans = []
        events: list[StoryEvent] = []
        touched: set[str] = set()
        with self.store.transaction():
            for c in copies:
                o = originals.get(c.duplicate_of)
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
        ids = sorted(set(story_ids))
        if not ids:
            return
        now = now_iso()
        aggs = self.store.story_aggregates(ids)
        with self.store.transaction():
            for sid in ids:
                st = self.store.get_story(sid)
                if st is None or st.merged_into:
                    continue
                agg = aggs[sid]
                st.article_count = agg["article_count"]
                st.first_seen, st.last_seen = agg["first_seen"], agg["last_seen"]
                st.languages = agg["languages"]
                st.updated_at = now
                head = self._headline(sid)
                if head is not None:
                    st.headline, st.headline_language, st.headline_article = head
                self.store.put_story(st)

    def _headline(self, story_id: str) -> tuple[str, str, str] | None:
        """The member closest to the story's centroid: its title, language and id."""
        ids = self.store.story_member_ids(story_id)[-HEADLINE_MEMBERS:]
        arts = self.store.get_articles(ids)
        if not arts:
            return None
        if len(arts) > 1:
            vecs = self.store.get_embeddings([a.content_hash for a in arts], self.model_key)
            have = [a for a in arts if a.content_hash in vecs]
            if len(have) > 1:
                m = np.vstack([vecs[a.content_hash] for a in have])
                centre = m.mean(axis=0)
                # Ties (copies) go to the earliest member, which is the original.
                best = have[int(np.argmax(m @ centre))]
                return _display_title(best), best.language, best.id
        a = arts[0]
        return _display_title(a), a.language, a.id

    # -- rebuild ----------------------------------------------------------------------------
    def rebuild(self) -> ClusterReport:
        """Re-cluster every article from scratch; keep ids where membership mostly stayed.

        Each new cluster takes the id of an old story at least half of whose articles it
        holds (see ``_map_ids``); an old story left without an heir becomes an alias of the story holding most of its
        former members. Every article whose story changes gets a ``move`` event.
        """
        t0 = time.perf_counter()
        report = ClusterReport()
        try:
            self._ensure_state(observe=False)  # _rebuild observes the whole corpus itself
            self._rebuild(report)
        finally:
            self._engine = None  # reload from the store: story numbers follow creation order
        report.stories = self.store.count_stories()
        report.seconds = round(time.perf_counter() - t0, 3)
        return report

    def _rebuild(self, report: ClusterReport) -> None:
        ids = self.store.stream_article_ids()
        arts: list[Article] = []
        for i in range(0, len(ids), 2000):
            arts.extend(self.store.get_articles(ids[i : i + 2000]))
        by_id = {a.id: a for a in arts}
        old = {a.id: (self.store.resolve_story_id(a.story_id) if a.story_id else None) for a in arts}
        slot_of = {a: s for s, a in self._slot_ids.items()}
        originals = [a for a in arts if not a.duplicate_of or a.duplicate_of not in by_id]
        copies = [a for a in arts if a.duplicate_of and a.duplicate_of in by_id]

        self._scorer = self._new_scorer()
        index = self._fresh_index()
        engine = self._new_engine(index)
        features = isinstance(self._scorer, FeatureScorer)
        if features:  # the whole corpus informs entity weights and language means
            for i in range(0, len(originals), 5000):
                chunk = originals[i : i + 5000]
                self._scorer.observe(chunk, self.vectors_for(chunk, report))
        new_slots: list[tuple[int, str]] = []
        label: dict[str, int] = {}
        for i in range(0, len(originals), BATCH):
            chunk = originals[i : i + BATCH]
            vecs = self.vectors_for(chunk, report)
            slots = []
            for a in chunk:
                s = slot_of.get(a.id)
                if s is None:
                    s = self._next_slot
                    self._next_slot += 1
                    slot_of[a.id] = s
                    self._slot_ids[s] = a.id
                    new_slots.append((s, a.id))
                slots.append(s)
            slots_arr = np.array(slots, dtype=np.int64)
            if features:
                self._scorer.begin(slots_arr, chunk, vecs)
            first, last = _days(chunk)
            engine.process(slots_arr, vecs, first, last)
        roots = engine.labels([slot_of[a.id] for a in originals]) if originals else np.zeros(0, np.int64)
        for a, r in zip(originals, roots):
            label[a.id] = int(r)
        for c in copies:  # copies point at the first copy, which is an original
            label[c.id] = label[c.duplicate_of] if c.duplicate_of in label else _own_label(label, c.id)

        # clusters in order of their first (stream-order) article
        clusters: dict[int, list[str]] = {}
        for a in arts:
            clusters.setdefault(label[a.id], []).append(a.id)
        names = self._map_ids(clusters, old)

        now = now_iso()
        events: list[StoryEvent] = []
        with self.store.transaction():
            self.store.add_cluster_slots(new_slots)
            old_live = {s for s in old.values() if s}
            for cl, sid in names.items():
                if not self.store.get_story(sid):
                    self.store.put_story(Story(id=sid, created_at=now, updated_at=now))
                    report.opened += 1
            changed = []
            for a in arts:
                new_sid = names[label[a.id]]
                prev = old[a.id]
                if prev == new_sid:
                    continue
                changed.append((a.id, new_sid))
                if prev is None:
                    events.append(StoryEvent("assign", new_sid, a.id, at=now))
                else:
                    events.append(StoryEvent("move", new_sid, a.id, from_story=prev, at=now))
                    report.moved += 1
            self.store.set_article_stories(changed)
            report.articles = len([1 for a in arts if old[a.id] is None])
            # Old stories without an heir: alias to where most of their members went.
            kept = set(names.values())
            went: dict[str, dict[str, int]] = {}  # old story -> new story -> members that went there
            for a_id, prev in old.items():
                if prev:
                    d = went.setdefault(prev, {})
                    d[names[label[a_id]]] = d.get(names[label[a_id]], 0) + 1
            for gone in sorted(old_live - kept):
                dest = went[gone]
                heir = max(sorted(dest), key=lambda s: dest[s])
                self.store.add_story_alias(gone, heir, now)
                events.append(StoryEvent("merge", heir, None, from_story=gone, at=now))
                st = self.store.get_story(gone)
                if st is not None:
                    st.merged_into, st.updated_at, st.article_count = heir, now, 0
                    self.store.put_story(st)
                report.merges += 1
            self.store.add_story_events(events)
            self.refresh_stories(kept)
        self._generation = self.store.last_story_event_id()
        if self.index_file:
            index.save(self.index_file)
        self._pending_index = index  # adopted by the next load, checked against the store

    def _map_ids(self, clusters: dict[int, list[str]], old: dict[str, str | None]) -> dict[int, str]:
        """New cluster -> story id: an old id where membership mostly stayed, else a new one.

        An old story "mostly stayed" in a new cluster holding at least half of its members.
        Several old stories can qualify for one cluster (the rebuild merged them): the one
        sharing most articles wins, then the oldest, exactly as an online merge would decide.
        """
        old_size: dict[str, int] = {}
        for s in old.values():
            if s:
                old_size[s] = old_size.get(s, 0) + 1
        age = {st.id: st.seq for st in self.store.iter_stories(sort="created")}
        candidates = []
        for cl, members in clusters.items():
            counts: dict[str, int] = {}
            for m in members:
                if old[m]:
                    counts[old[m]] = counts.get(old[m], 0) + 1
            for s, n in counts.items():
                if 2 * n >= old_size[s]:
                    candidates.append((-n, age.get(s, 1 << 62), s, cl))
        names: dict[int, str] = {}
        used: set[str] = set()
        for _, _, s, cl in sorted(candidates):
            if cl not in names and s not in used:
                names[cl] = s
                used.add(s)
        taken = set(used)
        for cl, members in clusters.items():
            if cl not in names:
                sid = self._unique_story_id(members[0], taken | set(old_size))
                taken.add(sid)
                names[cl] = sid
        return names


def _days(articles: Sequence[Article]) -> tuple[np.ndarray, np.ndarray]:
    days = [day_number(a.published) for a in articles]
    return np.array([d[0] for d in days], np.float32), np.array([d[1] for d in days], np.float32)


def _own_label(label: dict[str, int], article_id: str) -> int:
    """A fresh cluster number for a copy whose original was not clustered."""
    n = min(label.values(), default=0) - 1
    label[article_id] = n
    return n


def _is_file_db(path: str) -> bool:
    return bool(path) and path != ":memory:" and not path.startswith("file::memory:")


def cluster_offline(
    articles: Sequence[Any],
    vectors: np.ndarray,
    *,
    threshold: float = 0.55,  # the cluster_threshold default
    window_days: float = 7.0,
    scorer: str = "features",
    pair_scorer: Any = None,
    order: Sequence[int] | None = None,
    **options: Any,
) -> np.ndarray:
    """The clusterer's rule on articles held in memory (no store): one label per article.

    Same engine, scorer and options as ``StoryClusterer``; used by the evaluation (cross-
    validation, shuffled orders) and calibration. ``articles`` need ``id`` and may carry
    ``duplicate_of``: a copy whose original is in the list takes its label. ``pair_scorer``
    (a ``similarity.PairScorer``) is reused as given, so repeated runs share its feature
    cache; a new one observes the corpus first.
    """
    o = {**DEFAULTS, **options}
    n = len(articles)
    ids = [_get(a, "id") for a in articles]
    pos = {i: k for k, i in enumerate(ids)}
    dup = [_get(a, "duplicate_of") for a in articles]
    is_copy = np.array([d is not None and d in pos and d != ids[k] for k, d in enumerate(dup)], dtype=bool)
    if scorer == "cosine":
        sc: Any = CosineScorer(o.get("cosine_a", 47.0), o.get("cosine_b", 0.862))
    else:
        fresh = pair_scorer is None
        sc = FeatureScorer(lambda slots: {}, pair_scorer=pair_scorer, cache_size=n + 1)
        if fresh:
            keep = np.flatnonzero(~is_copy)
            sc.observe([articles[i] for i in keep], vectors[keep])
        sc.preload(range(n), articles, vectors)
    engine = OnlineClusterer(
        VectorIndex(vectors.shape[1], dtype=o["index_dtype"]),
        sc,
        threshold=threshold,
        merge_threshold=min(0.999, threshold + o["merge_margin"]),
        window_days=window_days,
        k=o["k"],
        top=o["top"],
        cos_floor=o["cos_floor"],
        mode=o["mode"],
    )
    seq = np.arange(n) if order is None else np.asarray(order, dtype=np.int64)
    seq = seq[~is_copy[seq]]
    days = [day_number(_get(articles[i], "published")) for i in range(n)]
    first = np.array([d[0] for d in days], np.float32)
    last = np.array([d[1] for d in days], np.float32)
    for i in range(0, len(seq), BATCH):
        b = seq[i : i + BATCH]
        if isinstance(sc, FeatureScorer):
            sc.begin(b, [articles[j] for j in b], vectors[b])
        engine.process(b, vectors[b], first[b], last[b])
    labels = np.full(n, -1, dtype=np.int64)
    labels[seq] = engine.labels(seq)
    for k in np.flatnonzero(is_copy):
        j, hops = pos[dup[k]], 0
        while is_copy[j] and hops < n:  # a copy of a copy: follow to the original
            j, hops = pos[dup[j]], hops + 1
        labels[k] = labels[j]
    return labels


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
