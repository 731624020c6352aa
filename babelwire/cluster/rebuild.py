"""Rebuild: re-cluster every stored article from scratch, keeping story ids stable.

``StoryClusterer.rebuild`` lands here. Unlike the online path in ``service.py``, which
places new articles against a loaded picture of the store, a rebuild runs a fresh engine
over the whole corpus and must then map the new clusters onto the old story ids (``_map_ids``)
and write every move, new story and alias in one transaction. It is a separate whole-store
batch path with its own id rule, so it lives apart; the functions take the clusterer and use
its state (store, slots, scorer, engine factory) directly.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np

from ..dates import now_iso
from ..models import Article
from ..store.base import Story, StoryEvent
from .common import BATCH, ClusterReport, day_arrays
from .score import FeatureScorer

if TYPE_CHECKING:
    from .service import StoryClusterer


def rebuild_store(clusterer: StoryClusterer) -> ClusterReport:
    """Re-cluster every article from scratch; keep ids where membership mostly stayed.

    Each new cluster takes the id of an old story at least half of whose articles it
    holds (see ``_map_ids``); an old story left without an heir becomes an alias of the story holding most of its
    former members. Every article whose story changes gets a ``move`` event.
    """
    t0 = time.perf_counter()
    report = ClusterReport()
    try:
        clusterer.ensure_state(observe=False)  # _rebuild observes the whole corpus itself
        _rebuild(clusterer, report)
    finally:
        clusterer._engine = None  # reload from the store: story numbers follow creation order
    report.stories = clusterer.store.count_stories()
    report.seconds = round(time.perf_counter() - t0, 3)
    return report


def _rebuild(clusterer: StoryClusterer, report: ClusterReport) -> None:
    ids = clusterer.store.stream_article_ids()
    arts: list[Article] = []
    for i in range(0, len(ids), 2000):
        arts.extend(clusterer.store.get_articles(ids[i : i + 2000]))
    by_id = {a.id: a for a in arts}
    old = {a.id: (clusterer.store.resolve_story_id(a.story_id) if a.story_id else None) for a in arts}
    slot_of = {a: s for s, a in clusterer._slot_ids.items()}
    originals = [a for a in arts if not a.duplicate_of or a.duplicate_of not in by_id]
    copies = [a for a in arts if a.duplicate_of and a.duplicate_of in by_id]

    clusterer._scorer = clusterer._new_scorer()
    index = clusterer._fresh_index()
    engine = clusterer._new_engine(index)
    features = isinstance(clusterer._scorer, FeatureScorer)
    if features:  # the whole corpus informs entity weights and language means
        for i in range(0, len(originals), 5000):
            chunk = originals[i : i + 5000]
            clusterer._scorer.observe(chunk, clusterer.vectors_for(chunk, report))
    new_slots: list[tuple[int, str]] = []
    label: dict[str, int] = {}
    for i in range(0, len(originals), BATCH):
        chunk = originals[i : i + BATCH]
        vecs = clusterer.vectors_for(chunk, report)
        slots = []
        for a in chunk:
            s = slot_of.get(a.id)
            if s is None:
                s = clusterer._next_slot
                clusterer._next_slot += 1
                slot_of[a.id] = s
                clusterer._slot_ids[s] = a.id
                new_slots.append((s, a.id))
            slots.append(s)
        slots_arr = np.array(slots, dtype=np.int64)
        if features:
            clusterer._scorer.begin(slots_arr, chunk, vecs)
        first, last = day_arrays(chunk)
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
    names = _map_ids(clusterer, clusters, old)

    now = now_iso()
    events: list[StoryEvent] = []
    with clusterer.store.transaction():
        clusterer.store.add_cluster_slots(new_slots)
        old_live = {s for s in old.values() if s}
        for sid in names.values():
            if not clusterer.store.get_story(sid):
                clusterer.store.put_story(Story(id=sid, created_at=now, updated_at=now))
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
        clusterer.store.set_article_stories(changed)
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
            clusterer.store.add_story_alias(gone, heir, now)
            events.append(StoryEvent("merge", heir, None, from_story=gone, at=now))
            st = clusterer.store.get_story(gone)
            if st is not None:
                st.merged_into, st.updated_at, st.article_count = heir, now, 0
                clusterer.store.put_story(st)
            report.merges += 1
        clusterer.store.add_story_events(events)
        clusterer.refresh_stories(kept)
    clusterer._generation = clusterer.store.last_story_event_id()
    if clusterer.index_file:
        index.save(clusterer.index_file)
    clusterer._pending_index = index  # adopted by the next load, checked against the store


def _map_ids(
    clusterer: StoryClusterer, clusters: dict[int, list[str]], old: dict[str, str | None]
) -> dict[int, str]:
    """New cluster -> story id: an old id where membership mostly stayed, else a new one.

    An old story "mostly stayed" in a new cluster holding at least half of its members.
    Several old stories can qualify for one cluster (the rebuild merged them): the one
    sharing most articles wins, then the oldest, exactly as an online merge would decide.
    """
    old_size: dict[str, int] = {}
    for s in old.values():
        if s:
            old_size[s] = old_size.get(s, 0) + 1
    age = {st.id: st.seq for st in clusterer.store.iter_stories(sort="created")}
    candidates = []
    for cl, members in clusters.items():
        counts: dict[str, int] = {}
        for m in members:
            was = old[m]
            if was:
                counts[was] = counts.get(was, 0) + 1
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
            sid = clusterer._unique_story_id(members[0], taken | set(old_size))
            taken.add(sid)
            names[cl] = sid
    return names


def _own_label(label: dict[str, int], article_id: str) -> int:
    """A fresh cluster number for a copy whose original was not clustered."""
    n = min(label.values(), default=0) - 1
    label[article_id] = n
    return n
