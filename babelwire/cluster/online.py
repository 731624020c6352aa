"""Online story clustering: assign each new article to a story, open one, or merge two.

Pure and in memory: no store, no embedder. The caller hands in vectors (and optional
publication days) batch by batch; the engine answers with one decision per article. The
store glue lives in ``service.py``.

For each new article:

1. candidates: its ``k`` nearest stored articles from the ANN index, plus earlier articles
   of the same batch (exact cosine, since they are not indexed until the batch ends), minus
   those below ``cos_floor`` and, when both publication dates are known, those more than
   ``window_days`` apart (an unknown date never excludes anything);
2. each candidate pair is scored 0..1 by the pair scorer; candidates depend only on vectors
   and dates, so a whole batch's pairs are scored in one call (``score_batch``) before the
   in-order decisions;
3. each candidate story gets the mean of its best ``top`` member scores (fewer when the
   story has fewer members near the article; see ``aggregate_list``);
4. best story >= ``threshold``: join it; otherwise open a new story;
5. when two or more stories reach ``merge_threshold`` the article bridges them: they merge,
   the oldest story (lowest number = opened first) survives;
6. anchored joins: a candidate story holding a member at cosine >= ``anchor_cos`` that shares
   a specific figure with the article needs only ``anchor_floor`` (rare names: ``name_floor``;
   None turns either off), both to be joined and to be merged with the story the article
   joins. The scorer says which pairs share what (its ``anchored`` levels, see
   ``similarity/anchors.py``) and adds earlier articles that report one of the article's
   figures to its candidates (``anchor_candidates``), since a big episode has more than
   ``k`` close articles. A strict ``threshold`` keeps stories of one kind of event apart
   (another day's tally, another city's fire); the anchors bring one event's articles back.
   A lone three-digit figure is weaker evidence than two rare names: ``weak_floor``;
7. the story as a whole must agree (against chains: A joins via B, B via C). A story of
   ``SUPPORT_SIZE`` or more members is joined only when at least two of its members score
   ``support_floor`` with the article, or one scores ``support_sure``; a story of two members
   only when both score ``support_two`` (a member that is not among the article's candidates
   scores 0), or one scores ``support_sure``: most chains start in a story of two, where one
   member vouches for the article and the other, about the story's own event, does not. Two
   stories merge (step 5, and the anchored merges of step 6) only when they agree as wholes:
   on the topic, the mean vectors of their members (at most ``MERGE_MEMBERS`` each) reach
   cosine ``merge_cos``; on the event, the median pair score of the cross pairs of their latest
   ``MERGE_SAMPLE`` members each reaches ``merge_pairs`` (one call to the scorer's
   ``score_stored``; a scorer without it, the cosine one, skips this check): without it the
   bridging article alone vouches for a merge, and the pair scorer weighs what a cosine, high
   across one topic, cannot (shared figures and rare names, dates apart, places in conflict).
   A story's own names must include the subject of an article that joins it
   (``headline_names``): a story of ``HEADLINE_SIZE`` or more members, three or more of them
   in the script of the article's headline and none naming a specific name that headline
   gives (scorer's ``headline_unnamed``, ``similarity.anchors.headline_names``), is not joined
   unless a member scores ``support_sure``;
8. at the batch's end, an article that opened a story which no later article of the batch
   joined is decided again with those later articles among its candidates (``retry_open``),
   as if it had come after them: it joins the best story at ``threshold`` that step 7 allows
   (no anchored joins), and the story it opened is folded into that one. Within a batch the
   order of arrival is chance; this keeps more rated same-story pairs together (dev, shuffled).
9. opinion pieces are leaves (``opinion_leaves``; the setting ``cluster_opinion_leaves`` is on; ``babelwire/opinion.py``
   says which articles are): a report never has an opinion member among its candidates, so
   it neither joins nor merges a story through one, and a story of commentaries alone takes
   no report; an opinion piece joins like any article (through reports or other opinion
   pieces) but never bridges two stories; merge checks read a story's reports. Of the stories
   it may join (``threshold``, step 7) it takes the one whose best ``top`` members sum highest
   (a lone report it quotes scores as high as its translation's story, which agrees on more).

Stricter joins split a big event's first articles over several stories; step 5 brings them
back together, so the merge score (``merge_threshold``) sits only a little above the join
``threshold`` (``cluster/common.py``: ``merge_margin``), checked by ``merge_cos`` and
``merge_pairs``. The figures of each step are in BENCHMARKS.md and docs/architecture.md.

The state (story numbers, union-find merges, member chains) lives in ``story_table.py``, the
story-as-a-whole checks of steps 5, 7 and 9 in ``story_checks.py``; the merge checks read members' vectors from the scorer (``vectors``), which the cosine scorer
lacks (then merges are not checked).
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

import numpy as np

from .common import NO_DAY
from .story_checks import StoryChecks

if TYPE_CHECKING:
    from .score import Scorer



@dataclass(slots=True)
class Decision:
    """What happened to one article of a batch."""

    pos: int  # row in the batch
    slot: int
    story: int  # internal story number it ended in (a root)
    kind: str  # "open" | "assign"
    score: float  # best story score (0 when nothing was near)
    merged: list[int] = field(default_factory=list)  # stories folded into `story` by this article
    nearest: int = -1  # slot of the member it scored highest with (-1 when it opened a story)
    rejoined: int = -1  # "open" only: the story it joined at the batch's end instead (step 8)


def aggregate_list(scores: list[float], top: int, story_size: int, mode: str = "found") -> float:
    """One story's score from its candidate members' pair scores.

    ``found``: mean of the best ``top`` members among the candidates (a story is as close as
    its nearest few members). ``size``: the same sum divided by ``min(top, story size)``, so a
    big story must be near on several members. ``max``: the best single member. ``sum``: the
    sum of the best ``top`` (how an opinion piece ranks the stories it may join, step 9).
    """
    if mode == "max":
        return max(scores)
    best = sorted(scores, reverse=True)[:top]
    if mode == "sum":
        return sum(best)
    if mode == "size":
        return sum(best) / max(1, min(top, story_size))
    return sum(best) / len(best)


def _by_story(roots: np.ndarray, scores: np.ndarray, slots: np.ndarray
              ) -> tuple[dict[int, list[float]], dict[int, tuple[float, int]]]:
    """Candidates grouped by story: each story's member scores, and its best (score, slot)."""
    per: dict[int, list[float]] = {}
    top: dict[int, tuple[float, int]] = {}
    # Small lists: plain Python beats numpy's per-call overhead here.
    for s, sc, m in zip(roots.tolist(), scores.tolist(), slots.tolist()):
        per.setdefault(s, []).append(sc)
        if sc > top.get(s, (-1.0, -1))[0]:
            top[s] = (sc, m)
    return per, top


class OnlineClusterer(StoryChecks):
    """The assignment rule over the in-memory state of ``StoryTable``, with the story-as-a-whole
    checks of ``StoryChecks``."""

    def __init__(
        self,
        index,
        scorer: Scorer,
        *,
        threshold: float = 0.5,
        merge_threshold: float | None = None,
        window_days: float = 7.0,
        k: int = 32,
        top: int = 3,
        cos_floor: float = 0.7,
        mode: str = "found",
        anchor_floor: float | None = None,
        name_floor: float | None = None,
        anchor_cos: float = 0.0,
        weak_floor: float | None = None,
        support_floor: float | None = None,
        support_sure: float = 1.0,
        merge_cos: float | None = None,
        support_two: float | None = None,
        retry_open: bool = False,
        merge_pairs: float | None = None,
        opinion_leaves: bool = False,
        headline_names: float | None = None,
    ):
        self.index = index
        self.scorer = scorer
        self.threshold = float(threshold)
        self.merge_threshold = float(merge_threshold if merge_threshold is not None else max(threshold, 0.8))
        self.window_days = float(window_days)
        self.k, self.top, self.mode = int(k), int(top), mode
        self.cos_floor = float(cos_floor)
        self.anchor_floor = None if anchor_floor is None else float(anchor_floor)
        self.name_floor = None if name_floor is None else float(name_floor)
        self.anchor_cos = float(anchor_cos)
        # join floor per evidence level of ``scorer.anchored`` (3 figures, 2 names, 1 a weak figure)
        self.level_floor = {3: self.anchor_floor, 2: self.name_floor, 1: None if weak_floor is None else float(weak_floor)}
        self.support_floor = None if support_floor is None else float(support_floor)
        self.support_sure = float(support_sure)
        self.merge_cos = None if merge_cos is None else float(merge_cos)
        self.support_two = None if support_two is None else float(support_two)
        self.retry_open = bool(retry_open)
        self.merge_pairs = None if merge_pairs is None else float(merge_pairs)
        self.opinion_leaves = bool(opinion_leaves)
        self.headline_names = None if headline_names is None else float(headline_names)
        StoryChecks.__init__(self)
        self.timing = {"search": 0.0, "decide": 0.0, "add": 0.0}  # seconds, for benchmarks

    # -- the rule ---------------------------------------------------------------------------
    def process(
        self,
        slots: np.ndarray,
        vectors: np.ndarray,
        first: np.ndarray | None = None,
        last: np.ndarray | None = None,
        *,
        add_to_index: bool = True,
    ) -> list[Decision]:
        """Cluster one batch, in order; each article sees every earlier one."""
        slots = np.asarray(slots, dtype=np.int64)
        n = len(slots)
        if n == 0:
            return []
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        first = np.full(n, NO_DAY, np.float32) if first is None else np.asarray(first, np.float32)
        last = first if last is None else np.asarray(last, np.float32)
        self._grow_slots(int(slots.max()))
        self.slot_first[slots], self.slot_last[slots] = first, last

        t0 = time.perf_counter()
        keys, cos, counts = self.index.search(vectors, self.k, first, last, self.window_days)
        t1 = time.perf_counter()
        prepare = getattr(self.scorer, "prepare", None)
        if prepare is not None and keys.size:
            # One fetch of every candidate's features for the whole batch.
            valid = np.arange(keys.shape[1])[None, :] < counts[:, None]
            near = valid & (cos >= self.cos_floor)
            if near.any():
                prepare(keys[near].astype(np.int64))
        inner = vectors @ vectors.T if n > 1 else np.zeros((1, 1), np.float32)
        keys64 = keys.astype(np.int64)
        counts_l = counts.tolist()
        k = self.k
        rows: list[tuple[np.ndarray, np.ndarray]] = []
        extra = getattr(self.scorer, "anchor_candidates", None) if self.anchor_floor is not None else None
        for i in range(n):
            c_slots = keys64[i, : counts_l[i]] if len(keys64) else np.zeros(0, np.int64)
            c_cos = cos[i, : counts_l[i]] if len(cos) else np.zeros(0, np.float32)
            if i:
                # Earlier rows of this batch are not in the index yet: compare exactly, then
                # keep the k nearest of both lists, as if the batch had been fed one by one.
                row = inner[i, :i]
                near = np.flatnonzero(row >= self.cos_floor)
                if len(near):
                    c_slots = np.concatenate([c_slots, slots[near]])
                    c_cos = np.concatenate([c_cos, row[near]])
                    if len(c_slots) > k:
                        top = np.argpartition(-c_cos, k - 1)[:k]
                        c_slots, c_cos = c_slots[top], c_cos[top]
            if extra is not None:  # same-event partners beyond the k nearest (shared figures)
                x_slots, x_cos = extra(i)
                new = (x_cos >= self.anchor_cos) & ~np.isin(x_slots, c_slots)
                if new.any():
                    c_slots = np.concatenate([c_slots, x_slots[new]])
                    c_cos = np.concatenate([c_cos, x_cos[new]])
            rows.append(self._candidates(c_slots, c_cos, float(first[i]), float(last[i])))
        leaf = self._drop_leaves(slots, rows) if self.opinion_leaves else np.zeros(n, dtype=bool)
        # Candidates do not depend on decisions, only on vectors and dates: score the whole
        # batch in one call (one model evaluation instead of one per article).
        score_batch = getattr(self.scorer, "score_batch", None)
        anchored = None
        if score_batch is not None:
            scores = score_batch(rows)
            if any(f is not None for f in self.level_floor.values()):
                anchored = getattr(self.scorer, "anchored", None)
                if anchored is not None and len(anchored) != n:
                    anchored = None
        else:
            scores = [self.scorer.score(i, cs, cc) for i, (cs, cc) in enumerate(rows)]
        out = []
        for i in range(n):
            c_slots, c_cos = rows[i]
            anchors = None
            if anchored is not None and anchored[i].any():
                # the score at which each candidate's story may be joined (inf: no evidence)
                level = np.where(c_cos >= self.anchor_cos, anchored[i], 0)
                anchors = np.full(len(level), math.inf)
                for lv, f in self.level_floor.items():
                    if f is not None:
                        anchors[level == lv] = f
            out.append(self._decide(i, int(slots[i]), c_slots, np.asarray(scores[i], dtype=np.float64), anchors,
                                    bridge=not leaf[i]))
        if self.retry_open and n > 1:
            self._retry_openers(out, slots, inner, rows, scores, first, last)
        t2 = time.perf_counter()
        if add_to_index:
            self.index.add(slots.astype(np.uint64), vectors, first, last)
        t3 = time.perf_counter()
        tm = self.timing
        tm["search"] += t1 - t0
        tm["decide"] += t2 - t1
        tm["add"] += t3 - t2
        return out

    def _drop_leaves(self, slots: np.ndarray, rows: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        """Step 9: a report is never linked to a story through an opinion member. Drops
        those from each report's candidates, in place; returns which rows are opinion pieces."""
        leaf = self._leaves(slots)
        for i, (cs, cc) in enumerate(rows):
            if len(cs) and not leaf[i]:
                keep = ~self._leaves(cs)
                if not keep.all():
                    rows[i] = (cs[keep], cc[keep])
        return leaf

    def _retry_openers(self, out: list[Decision], slots: np.ndarray, inner: np.ndarray,
                       rows: list[tuple[np.ndarray, np.ndarray]], scores: Sequence[np.ndarray],
                       first: np.ndarray, last: np.ndarray) -> None:
        """Step 8: an article that opened a story no later article of its batch joined meets
        those later articles (its ``top`` nearest above the cosine floor: more changed nothing
        on the dev set and cost pairs), as if it had come after them: it joins the best story
        at ``threshold`` that the story as a whole supports (step 7; no anchored joins). Its
        own story number is folded into that story (``Decision.rejoined``)."""
        n, k = len(slots), self.top
        open_rows = {i for i, d in enumerate(out) if d.kind == "open" and self.size[self.find(d.story)] == 1}
        # Pair scores are symmetric: a later article that had the opener among its candidates
        # scored the pair already; only the rest are scored, in one call for the batch.
        row_of = {s: i for i, s in enumerate(slots.tolist())}
        known: dict[tuple[int, int], float] = {}
        for j in range(1, n):
            for c, sc in zip(rows[j][0].tolist(), np.asarray(scores[j]).tolist()):
                i = row_of.get(c, n)
                if i < j and i in open_rows:
                    known[(i, j)] = sc
        later_of: dict[int, np.ndarray] = {}
        none = (np.zeros(0, np.int64), np.zeros(0, np.float32))
        extra: list[tuple[np.ndarray, np.ndarray]] = []
        for i in range(n):
            later = np.arange(i + 1, n) if i in open_rows else np.zeros(0, np.int64)
            later = later[inner[i, later] >= self.cos_floor]
            if self.opinion_leaves and len(later) and self.slot_leaf[slots[i]] != 1:
                later = later[~self._leaves(slots[later])]
            if len(later) > k:
                later = later[np.argpartition(-inner[i, later], k - 1)[:k]]
            c_slots, c_cos = self._candidates(slots[later], inner[i, later], float(first[i]), float(last[i]))
            later_of[i] = np.array([row_of[s] for s in c_slots.tolist()], dtype=np.int64)
            new = np.array([(i, int(j)) not in known for j in later_of[i]], dtype=bool)
            extra.append((c_slots[new], c_cos[new]) if new.any() else none)
        if not later_of or not any(len(v) for v in later_of.values()):
            return
        if any(len(cs) for cs, _ in extra):
            score_batch = getattr(self.scorer, "score_batch", None)
            if score_batch is not None:
                more = score_batch(extra)
            else:
                more = [self.scorer.score(i, cs, cc) for i, (cs, cc) in enumerate(extra)]
            for i, (cs, _) in enumerate(extra):
                for s, sc in zip(cs.tolist(), np.asarray(more[i]).tolist()):
                    known[(i, row_of[s])] = sc
        for i, d in enumerate(out):
            if not len(later_of[i]) or self.size[self.find(d.story)] != 1:
                continue  # nothing later near it, or an earlier retry joined its story
            c_slots = np.concatenate([rows[i][0], slots[later_of[i]]])
            c_scores = np.concatenate([np.asarray(scores[i], dtype=np.float64),
                                       [known[(i, int(j))] for j in later_of[i]]])
            per, top = _by_story(self.find_many(self.slot_story[c_slots].astype(np.int64)), c_scores, c_slots)
            best, best_score, best_key = -1, 0.0, 0.0
            leaf = self.opinion_leaves and self.slot_leaf[slots[i]] == 1
            for r in sorted(per):
                agg = aggregate_list(per[r], self.top, int(self.size[r]), self.mode)
                # an opinion piece: the story agreeing on the most members, as in _decide
                key = aggregate_list(per[r], self.top, int(self.size[r]), "sum") if leaf else agg
                if agg >= self.threshold and key > best_key and self._joinable(int(slots[i]), r, per[r]):
                    best, best_score, best_key = r, agg, key
            if best >= 0:
                self.merge(best, d.story)
                d.rejoined, d.score, d.nearest = best, best_score, top[best][1]

    def _candidates(self, c_slots: np.ndarray, c_cos: np.ndarray, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray]:
        """Drop candidates below the cosine floor and, when both dates are known, outside the window."""
        if not len(c_slots):
            return c_slots, c_cos
        keep = c_cos >= self.cos_floor
        if not math.isnan(lo):
            gap = np.maximum(np.maximum(self.slot_first[c_slots] - hi, lo - self.slot_last[c_slots]), 0.0)
            keep &= ~(gap > self.window_days)  # NaN gaps (unknown dates) are kept
        if keep.all():
            return c_slots, c_cos
        return c_slots[keep], c_cos[keep]

    def _decide(self, i: int, slot: int, c_slots: np.ndarray, scores: np.ndarray,
                anchors: np.ndarray | None = None, *, bridge: bool = True) -> Decision:
        best, best_score, strong = -1, 0.0, []
        top_member: dict[int, tuple[float, int]] = {}
        anchored: list[tuple[float, int]] = []  # (score, story) of stories that reach their anchor floor
        passing: list[tuple[float, float, int]] = []  # (sum of best `top` scores, score, story) at threshold
        if len(c_slots):
            stories = self.slot_story[c_slots].astype(np.int64)
            if (stories < 0).any():  # not placed (cannot happen in order; kept as a guard)
                ok = stories >= 0
                c_slots, scores, stories = c_slots[ok], scores[ok], stories[ok]
                anchors = anchors[ok] if anchors is not None else None
        if len(c_slots):
            roots = self.find_many(stories)
            per, top_member = _by_story(roots, scores, c_slots)
            floor: dict[int, float] = {}  # story -> lowest score its anchored members allow
            if anchors is not None:
                for s, f in zip(roots.tolist(), anchors.tolist()):
                    if f < floor.get(s, math.inf):
                        floor[s] = f
            for s in sorted(per):
                agg = aggregate_list(per[s], self.top, int(self.size[s]), self.mode)
                if ((agg >= self.threshold or agg >= floor.get(s, math.inf))
                        and not self._joinable(slot, s, per[s])):
                    continue  # one member agrees, the story does not (step 7)
                if agg > best_score:
                    best, best_score = s, agg
                if not bridge and agg >= self.threshold:
                    passing.append((aggregate_list(per[s], self.top, int(self.size[s]), "sum"), agg, s))
                if agg >= self.merge_threshold:
                    strong.append(s)
                elif agg >= floor.get(s, math.inf):
                    anchored.append((agg, s))
        if not bridge and passing:
            # An opinion piece takes the story that agrees with it on the most members, not
            # the one with the single closest: its own translation and fellow commentaries
            # over one report it quotes (step 9).
            _, best_score, best = max(passing)
        if best >= 0 and best_score < self.threshold and anchored:
            best_score, best = max(anchored)  # no story reaches the threshold: the anchored one
        if best < 0 or best_score < self.threshold and not anchored:
            s = self.new_story()
            self._join(slot, s)
            return Decision(i, slot, s, "open", best_score)
        if anchored:
            strong = sorted({best, *strong, *(s for _, s in anchored)})
        if not bridge:  # an opinion piece joins a story, it never ties two together
            strong = []
        if len(strong) >= 2 and (self.merge_cos is not None or self.merge_pairs is not None):
            strong = [s for s in strong if s == best or self._agree(best, s)]
        merged: list[int] = []
        if len(strong) >= 2:
            keep_s = min(strong)  # the oldest story keeps its id
            for other in strong:
                if other != keep_s:
                    self.merge(keep_s, other)
                    merged.append(other)
            best = keep_s
        nearest = top_member.get(best, (0.0, -1))[1]
        self._join(slot, best)
        return Decision(i, slot, best, "assign", best_score, merged, nearest)
