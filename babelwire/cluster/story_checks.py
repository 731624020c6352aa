"""Does a story agree as a whole? The checks of the online engine (``online.py``) that read a
story beyond the article's nearest members: step 7's support (two members, or one sure; the
headline's subject named), step 5's merge agreement (topic by mean vectors, event by the
median cross-pair score) and step 9's evidence (a story speaks through its reports, not its
opinion pieces). Kept apart from the rule so each reads on its own; the engine's options
(``support_floor``, ``merge_cos``, ...) are set by ``OnlineClusterer.__init__``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .story_table import StoryTable

if TYPE_CHECKING:
    from .score import Scorer

SUPPORT_SIZE = 3  # stories this big must agree with an article on two members (step 7)
MERGE_MEMBERS = 64  # members per story whose vectors a merge check reads
HEADLINE_SIZE = 4  # stories this big must name a specific name of a joining article's headline (step 7)
MERGE_SAMPLE = 8  # latest members per story whose cross pairs a merge check scores


class StoryChecks(StoryTable):
    """Story-as-a-whole checks over the state of ``StoryTable``."""

    scorer: Scorer
    support_floor: float | None
    support_sure: float
    support_two: float | None
    merge_cos: float | None
    merge_pairs: float | None
    opinion_leaves: bool
    headline_names: float | None

    def _agree(self, a: int, b: int) -> bool:
        """Do two stories agree as a whole (step 5): the mean vectors of their members reach
        cosine ``merge_cos`` (the topic), and the median pair score of their latest members'
        cross pairs reaches ``merge_pairs`` (the event)."""
        return self._agree_topic(a, b) and self._agree_event(a, b)

    def _leaves(self, slots: np.ndarray) -> np.ndarray:
        """Which slots hold opinion pieces (the scorer is asked once per slot; one without
        ``opinion`` has none)."""
        slots = np.asarray(slots, dtype=np.int64)
        flags = self.slot_leaf[slots]
        if (flags < 0).any():
            todo = np.unique(slots[flags < 0])
            ask = getattr(self.scorer, "opinion", None)
            got = ask(todo) if ask is not None else np.zeros(len(todo), dtype=bool)
            self.slot_leaf[todo] = np.asarray(got, dtype=np.int8)
            flags = self.slot_leaf[slots]
        return flags == 1

    def _evidence(self, s: int, limit: int) -> list[int]:
        """A story's latest members that may speak for it in a merge: its reports (opinion
        pieces only when it holds nothing else)."""
        got = self.members(s, limit)
        if not self.opinion_leaves or not got:
            return got
        more = self.members(s, 4 * limit)
        reports = [m for m, leaf in zip(more, self._leaves(np.array(more)).tolist()) if not leaf][:limit]
        return reports or got

    def _agree_topic(self, a: int, b: int) -> bool:
        vectors = getattr(self.scorer, "vectors", None)
        if self.merge_cos is None or vectors is None:
            return True
        va, vb = vectors(self._evidence(a, MERGE_MEMBERS)), vectors(self._evidence(b, MERGE_MEMBERS))
        if not len(va) or not len(vb):
            return True
        ca, cb = va.mean(axis=0), vb.mean(axis=0)
        return float(ca @ cb) >= self.merge_cos * float(np.linalg.norm(ca) * np.linalg.norm(cb))

    def _agree_event(self, a: int, b: int) -> bool:
        # The pair scorer weighs what a cosine cannot (shared figures and rare names, dates
        # written apart, places in conflict): up to MERGE_SAMPLE x MERGE_SAMPLE pairs, one call.
        score = getattr(self.scorer, "score_stored", None)
        if self.merge_pairs is None or score is None:
            return True
        ma, mb = self._evidence(a, MERGE_SAMPLE), self._evidence(b, MERGE_SAMPLE)
        if not ma or not mb:
            return True
        return float(np.median(score([(x, y) for x in ma for y in mb]))) >= self.merge_pairs

    def _supported(self, scores: list[float], size: int) -> bool:
        """Step 7: one member at support_sure; else, in a story of ``SUPPORT_SIZE`` or more,
        two members at support_floor; in a story of two, both at support_two."""
        if max(scores) >= self.support_sure:
            return True
        if size >= SUPPORT_SIZE:
            floor = self.support_floor
            return floor is None or sum(1 for x in scores if x >= floor) >= 2
        if size == 2 and self.support_two is not None:
            return len(scores) == 2 and min(scores) >= self.support_two
        return True

    def _joinable(self, slot: int, s: int, scores: list[float]) -> bool:
        """Step 7 for an article at ``slot`` and story ``s``: the story supports it as a whole,
        and, in a story of ``HEADLINE_SIZE`` or more, names its headline's subject (among its latest
        ``MERGE_MEMBERS``: the check stays bounded in a story of thousands)."""
        size = int(self.size[s])
        if not self._supported(scores, size):
            return False
        if self.headline_names is None or size < HEADLINE_SIZE or max(scores) >= self.support_sure:
            return True
        ask = getattr(self.scorer, "headline_unnamed", None)
        return ask is None or not ask(slot, self.members(s, MERGE_MEMBERS), self.headline_names)
