"""Is a story breaking, and why: burst detection and first-story detection, after each batch.

A story's *independent sources* are the distinct outlets of its members that are not copies or
translations of another member (``StoryView.outlets``); an article's time is its publication
time when that is known to the minute and not in the future, else the time it was stored.

- **Burst**: the independent sources with a report in the last ``breaking_window_minutes`` (W),
  k, against the count expected in W: the larger of the story's own earlier rate (its
  outlet-windows before W over its age) and the store's baseline (the mean independent articles
  a story gets in a window of W, over the windows of the last ``breaking_baseline_days`` in
  which it gets any), and never under ``breaking_min_expected``. Breaking at a sensitivity when
  the Poisson tail P(X >= k) is at most ``breaking_alpha_<s>`` and k >= ``breaking_sources_<s>``:
  beating the larger expectation beats both baselines.
- **First story**: a story first reported at most ``first_story_minutes`` (T) ago, whose
  independent sources within T of its first report reach K in ``first_story_languages_<s>``
  languages, and whose members all stay below ``first_story_novelty_<s>`` (language-centred
  cosine, the clusterer's cached vectors) with every article of other stories of the last
  ``first_story_days`` before it: a follow-up of an old story comes closer than that. A store
  holding less than half those days before the story calls nothing new (a backfill).

The Poisson tail is a few lines of arithmetic on small counts, written here rather than
adding scipy for it. The detector reads the store (one query for the baseline per batch; the
recent vectors only for a story that passes every count of a first story).
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Callable

import numpy as np

from .match import StoryView

if TYPE_CHECKING:
    from ..settings import Settings
    from ..store import Store
    from .match import Matcher

COARSE = {"day", "month", "year"}  # a publication date this coarse does not place a report in a window
FUTURE_SLACK = timedelta(minutes=10)  # clocks differ; later than this is not a publication time
CHUNK = 500


def parse_time(value: str | None) -> datetime | None:
    """A stored ISO time (``Z`` or an offset; a naive one is UTC), or None."""
    if not value:
        return None
    try:
        t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def event_time(published: str | None, precision: str | None, ingested_at: str | None, now: datetime) -> datetime:
    """When a report came out, as far as the store knows: see the module docstring."""
    pub = parse_time(published) if precision not in COARSE else None
    if pub is not None and pub <= now + FUTURE_SLACK:
        return pub
    stored = parse_time(ingested_at)
    return min(stored, now) if stored is not None else now


def poisson_tail(k: int, mu: float) -> float:
    """P(X >= k) for X ~ Poisson(mu)."""
    if k <= 0:
        return 1.0
    term = total = math.exp(-mu)
    for i in range(1, k):
        term *= mu / i
        total += term
    return max(0.0, 1.0 - total)


def iso_time(t: datetime) -> str:
    return t.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _setting(settings: Any, name: str, sensitivity: str) -> Any:
    return settings[f"{name}_{sensitivity}"]


@dataclass
class Evidence:
    """One story's counts at one moment; ``passed`` says which tests hold at a sensitivity."""

    story_id: str
    now: datetime
    window_minutes: float
    in_window: int  # independent sources with a report in the window
    expected: float
    expected_own: float
    expected_store: float
    p_value: float
    window_languages: dict[str, int]
    window_outlets: list[str]
    first_seen: datetime
    sources_within: int  # independent sources within T of the first report
    languages_within: dict[str, int]
    within_minutes: float
    young: bool  # first report at most T ago
    novelty: Callable[[], float] = field(repr=False, default=lambda: -1.0)  # nearest other story (lazy)
    _nearest: float | None = field(default=None, repr=False)

    def nearest(self) -> float:
        if self._nearest is None:
            self._nearest = float(self.novelty())
        return self._nearest

    def burst(self, settings: Any, sensitivity: str) -> bool:
        return self.in_window >= int(_setting(settings, "breaking_sources", sensitivity)) and \
            self.p_value <= float(_setting(settings, "breaking_alpha", sensitivity))

    def first_story(self, settings: Any, sensitivity: str) -> bool:
        return self.young and self.sources_within >= int(_setting(settings, "breaking_sources", sensitivity)) and \
            len(self.languages_within) >= int(_setting(settings, "first_story_languages", sensitivity)) and \
            self.nearest() < float(_setting(settings, "first_story_novelty", sensitivity))

    def passed(self, settings: Any, sensitivity: str) -> list[str]:
        return [name for name, test in (("burst", self.burst), ("first_story", self.first_story))
                if test(settings, sensitivity)]

    def reason(self, settings: Any, sensitivity: str, tests: list[str] | None = None) -> dict[str, Any]:
        """Why (or why not): what an alert's data carries; ``tests``: those that hold, when
        known (an update names the burst only: the novelty is measured while a story is new)."""
        z = (self.in_window - self.expected) / math.sqrt(self.expected) if self.expected > 0 else 0.0
        out: dict[str, Any] = {
            "tests": self.passed(settings, sensitivity) if tests is None else tests, "sensitivity": sensitivity,
            "window_minutes": self.window_minutes, "window_end": iso_time(self.now),
            "window_start": iso_time(self.now - timedelta(minutes=self.window_minutes)),
            "in_window": self.in_window, "expected": round(self.expected, 3),
            "expected_own": round(self.expected_own, 3), "expected_store": round(self.expected_store, 3),
            "p_value": float(f"{self.p_value:.3g}"), "z": round(z, 2),
            "alpha": float(_setting(settings, "breaking_alpha", sensitivity)),
            "min_sources": int(_setting(settings, "breaking_sources", sensitivity)),
            "window_languages": self.window_languages, "window_outlets": self.window_outlets[:20],
            "first_seen": iso_time(self.first_seen), "within_minutes": self.within_minutes,
            "sources_within": self.sources_within, "languages_within": self.languages_within,
        }
        if self._nearest is not None:
            out["nearest_recent"] = round(self._nearest, 4)
            out["novelty_bound"] = float(_setting(settings, "first_story_novelty", sensitivity))
        return out


class Detector:
    """Breaking evidence for the stories of one batch, at one moment ``now``."""

    def __init__(self, store: Store, settings: Settings, matcher: Matcher, now: datetime):
        self.store, self.settings, self.matcher, self.now = store, settings, matcher, now
        self.window = timedelta(minutes=float(settings.breaking_window_minutes))
        self.within = timedelta(minutes=float(settings.first_story_minutes))
        self._baseline: float | None = None
        self._recent: list[tuple[str, str, datetime, str, str]] | None = None  # id, story, time, language, hash

    def baseline(self) -> float:
        """The store's expected count in one window (see the module docstring); read once."""
        if self._baseline is None:
            since = self.now - timedelta(days=float(self.settings.breaking_baseline_days))
            per: Counter[tuple[str, int]] = Counter()
            for _, sid, t, _, _ in self._activity(since):
                slot = int((self.now - t) / self.window)
                if slot >= 1:  # the current window is what is tested, not the baseline
                    per[(sid, slot)] += 1
            self._baseline = sum(per.values()) / len(per) if per else 0.0
        return self._baseline

    def _activity(self, since: datetime) -> list[tuple[str, str, datetime, str, str]]:
        if self._recent is None:  # the longer of the two spans, read once per batch
            days = max(float(self.settings.breaking_baseline_days), float(self.settings.first_story_days))
            start = self.now - timedelta(days=days)
            rows = self.store.alerts().activity(iso_time(start)[:10])
            self._recent = []
            for aid, sid, pub, prec, ing, lang, chash in rows:
                t = event_time(pub, prec, ing, self.now)
                if start <= t <= self.now:
                    self._recent.append((aid, sid, t, lang, chash))
        return [r for r in self._recent if r[2] >= since]

    def evidence(self, view: StoryView) -> Evidence:
        now, start = self.now, self.now - self.window
        outlets = view.outlets()
        times = {a.id: event_time(a.published, a.published_precision, a.ingested_at, now) for a in view.articles}
        indep = [(times[a.id], outlets[a.id], a.language or "und") for a in view.independent()]
        first = min(times.values(), default=now)
        win = [(t, o, lang) for t, o, lang in indep if start < t <= now]
        win_outlets = sorted({o for _, o, _ in win})
        langs: dict[str, set[str]] = {}
        for _, o, lang in win:
            langs.setdefault(lang, set()).add(o)
        # the story's own pace before the window: outlet-windows over its age (at least W)
        before = {(o, int((t - first) / self.window)) for t, o, _ in indep if t <= start}
        own = len(before) / max((start - first) / self.window, 1.0) if before else 0.0
        store_mu = self.baseline()
        mu = max(own, store_mu, float(self.settings.breaking_min_expected))
        early = [(o, lang) for t, o, lang in indep if t <= first + self.within]
        early_langs: dict[str, set[str]] = {}
        for o, lang in early:
            early_langs.setdefault(lang, set()).add(o)
        return Evidence(
            view.story_id, now, self.window.total_seconds() / 60, len(win_outlets), mu, own, store_mu,
            poisson_tail(len(win_outlets), mu), {k: len(v) for k, v in sorted(langs.items())}, win_outlets,
            first, len({o for o, _ in early}), {k: len(v) for k, v in sorted(early_langs.items())},
            self.within.total_seconds() / 60, now - first <= self.within,
            novelty=lambda: self.nearest_other(view, first))

    def nearest_other(self, view: StoryView, first: datetime) -> float:
        """The highest centred cosine of the story's members with an article of another story
        from the ``first_story_days`` before its first report; 1.0 (not known to be new) when
        the store holds less than half those days before it: a store filled in one go from
        a backfill has nothing yet to call a story new against."""
        days = float(self.settings.first_story_days)
        mine = {a.id for a in view.articles}
        recent = [r for r in self._activity(first - timedelta(days=days)) if r[2] < first and r[0] not in mine]
        if not len(view.vector_ids) or min((r[2] for r in recent), default=first) > first - timedelta(days=days / 2):
            return 1.0
        others = [(aid, lang, h) for aid, _, _, lang, h in recent]
        best = -1.0
        key = self.matcher.clusterer.model_key
        for i in range(0, len(others), CHUNK):
            part = others[i:i + CHUNK]
            have = self.store.get_embeddings([h for _, _, h in part], key)
            rows = [self.matcher.centroids.center(np.asarray(have[h], dtype=np.float32), lang)[0]
                    for _, lang, h in part if have.get(h) is not None]
            if rows:
                best = max(best, float(np.max(np.vstack(rows).astype(np.float32) @ view.vectors.T)))
        return best
