"""The online engine's in-memory state: which story each slot is in, story sizes, merges.

Story numbers are internal, dense ints. Merges are kept in a union-find ``parent`` array, so
a merge costs O(1) and no member list is rewritten. Members are chained per story in arrays
(``next_member``, ``head``, ``tail``: 8 bytes per article, 16 per story), so the engine's
checks can read a story's latest members. The assignment rule is ``online.OnlineClusterer``,
which inherits this table.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .common import NO_DAY


class StoryTable:
    """Slot -> story, story sizes, union-find over stories, member chains; grown on demand."""

    def __init__(self) -> None:
        self.slot_story = np.full(1024, -1, dtype=np.int32)
        self.next_member = np.full(1024, -1, dtype=np.int64)
        self.slot_first = np.full(1024, NO_DAY, dtype=np.float32)
        self.slot_last = np.full(1024, NO_DAY, dtype=np.float32)
        self.slot_leaf = np.full(1024, -1, dtype=np.int8)  # opinion piece: 1, report: 0, not yet asked: -1
        self.parent = np.zeros(1024, dtype=np.int32)
        self.size = np.zeros(1024, dtype=np.int32)
        self.head = np.full(1024, -1, dtype=np.int64)  # a story's member chain (roots only)
        self.tail = np.full(1024, -1, dtype=np.int64)
        self.n_stories = 0

    def _grow_slots(self, top_slot: int) -> None:
        n = len(self.slot_story)
        if top_slot < n:
            return
        m = max(top_slot + 1, 2 * n)
        self.slot_story = np.concatenate([self.slot_story, np.full(m - n, -1, np.int32)])
        self.slot_first = np.concatenate([self.slot_first, np.full(m - n, NO_DAY, np.float32)])
        self.slot_last = np.concatenate([self.slot_last, np.full(m - n, NO_DAY, np.float32)])
        self.next_member = np.concatenate([self.next_member, np.full(m - n, -1, np.int64)])
        self.slot_leaf = np.concatenate([self.slot_leaf, np.full(m - n, -1, np.int8)])

    def new_story(self) -> int:
        s = self.n_stories
        if s >= len(self.parent):
            m = 2 * len(self.parent)
            self.parent = np.concatenate([self.parent, np.zeros(m - len(self.parent), np.int32)])
            self.size = np.concatenate([self.size, np.zeros(m - len(self.size), np.int32)])
            self.head = np.concatenate([self.head, np.full(m - len(self.head), -1, np.int64)])
            self.tail = np.concatenate([self.tail, np.full(m - len(self.tail), -1, np.int64)])
        self.parent[s] = s
        self.size[s] = 0
        self.head[s] = self.tail[s] = -1
        self.n_stories += 1
        return s

    def find(self, s: int) -> int:
        p = self.parent
        root = s
        while p[root] != root:
            root = int(p[root])
        while p[s] != root:  # path compression
            p[s], s = root, int(p[s])
        return root

    def find_many(self, stories: np.ndarray) -> np.ndarray:
        r = self.parent[stories]
        nxt = self.parent[r]
        while (nxt != r).any():
            r, nxt = nxt, self.parent[nxt]
        return r

    def place(self, slots: np.ndarray, stories: np.ndarray, first: np.ndarray | None = None, last: np.ndarray | None = None) -> None:
        """Record existing members (loading state); the caller adds their vectors to the index."""
        slots = np.asarray(slots, dtype=np.int64)
        if not len(slots):
            return
        self._grow_slots(int(slots.max()))
        self.slot_story[slots] = stories
        if first is not None:
            self.slot_first[slots] = first
            self.slot_last[slots] = last if last is not None else first
        roots = self.find_many(np.asarray(stories, dtype=np.int64))
        np.add.at(self.size, roots, 1)
        # chain each story's new members, then put the chain before its existing members
        order = np.argsort(roots, kind="stable")
        r, sl = roots[order], slots[order]
        same = r[1:] == r[:-1]
        self.next_member[sl[:-1][same]] = sl[1:][same]
        starts = np.flatnonzero(np.r_[True, ~same])
        ends = np.r_[starts[1:], len(r)] - 1
        groups = r[starts]
        self.next_member[sl[ends]] = self.head[groups]
        self.tail[groups] = np.where(self.tail[groups] < 0, sl[ends], self.tail[groups])
        self.head[groups] = sl[starts]

    def merge(self, keep: int, other: int) -> None:
        self.parent[other] = keep
        self.size[keep] += self.size[other]
        self.size[other] = 0
        if self.head[other] >= 0:  # other's members go before keep's
            self.next_member[self.tail[other]] = self.head[keep]
            if self.tail[keep] < 0:
                self.tail[keep] = self.tail[other]
            self.head[keep] = self.head[other]
            self.head[other] = self.tail[other] = -1

    def _join(self, slot: int, s: int) -> None:
        self.slot_story[slot] = s
        self.size[s] += 1
        self.next_member[slot] = self.head[s]
        self.head[s] = slot
        if self.tail[s] < 0:
            self.tail[s] = slot

    def members(self, s: int, limit: int | None = None) -> list[int]:
        """Slots of story root ``s`` (the latest first, up to ``limit``)."""
        out: list[int] = []
        m = int(self.head[s])
        while m >= 0 and (limit is None or len(out) < limit):
            out.append(m)
            m = int(self.next_member[m])
        return out

    def labels(self, slots: Sequence[int]) -> np.ndarray:
        """Root story of each slot (for evaluation)."""
        s = self.slot_story[np.asarray(slots, dtype=np.int64)].astype(np.int64)
        return self.find_many(s)
