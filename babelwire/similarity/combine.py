"""Pair features and the small learned model that turns them into a probability.

The shipped model is a logistic regression written in numpy (Newton steps, L2 penalty) on
graded labels, with a Platt step that makes its output P(same story); ``TreeBoost``
(boosted depth-2 trees, also numpy) is the measured alternative. The weights live in
``combiner.json`` beside this file, written by ``benchmarks/bench_pairs.py --train`` from
the SemEval-2022 dev pairs. Only the weights ship.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any, Callable, Sequence

import numpy as np

from .features import ArticleFeatures, EntityMatch, entity_mass, match_entities
from .figures import gap_days

MODEL_FILE = "combiner.json"
# Logit taken off per day beyond ``free_days`` between publication dates, capped at ``max``.
GAP_PENALTY = {"free_days": 3.0, "per_day": 0.3, "max": 6.0}

FEATURES: tuple[str, ...] = (
    "cosine",            # embedding cosine
    "cosine_centered",   # cosine after removing each language's mean vector
    "centroid_known",    # both languages' means were measured (else the global mean stood in)
    "ent_max",           # share of the smaller side's names found in the other (IDF-weighted)
    "ent_mean",          # mean of both shares
    "ent_fuzzy",         # share matched only across scripts (transliteration)
    "ent_count",         # log1p of the number of shared weighty names
    "num_overlap",       # IDF-weighted share of shared numbers
    "num_missing",       # one side has no numbers
    "date_overlap",      # shared day-of-year mentions / fewer side
    "date_missing",      # one side has no dated mentions
    "year_overlap",      # shared years / fewer side
    "year_conflict",     # both name years, none shared
    "gap",               # log1p(days between publication intervals)
    "gap_missing",       # a publication date is unknown
    "log_len",           # log of the shorter text length, centred
    "same_language",
)


@dataclass(slots=True)
class PairEvidence:
    """Feature vector plus the human-readable evidence behind it."""

    x: np.ndarray
    entities: list[EntityMatch]
    numbers: list[str]
    dates: list[str]
    gap_days: float | None


def _share(shared: float, mass: float) -> float:
    return min(1.0, shared / mass) if mass > 0 else 0.0


def _masses(f: ArticleFeatures, idf: Callable[[str], float]) -> tuple[float, float]:
    """Total weight of an article's names and of its numbers, memoised on the DocFreq."""
    cache = getattr(idf, "mass_cache", None)
    hit = cache.get(id(f)) if cache is not None else None
    if hit is not None and hit[0] is f:
        return hit[1]
    out = (entity_mass(f, idf), sum(idf("#" + n) for n in f.numbers))
    if cache is not None:
        if len(cache) >= 200_000:  # counts that never move never clear it
            cache.clear()
        cache[id(f)] = (f, out)
    return out


def pair_evidence(
    fa: ArticleFeatures,
    fb: ArticleFeatures,
    cosine: float,
    idf: Callable[[str], float],
    *,
    centered: float | None = None,
    centroid_known: bool = False,
) -> PairEvidence:
    """Features of one pair. ``centered`` is the language-centred cosine (None: use cosine)."""
    matches = match_entities(fa, fb, idf)
    shared_w = sum(m.weight for m in matches)
    fuzzy_w = sum(m.weight for m in matches if not m.exact)
    (ma, num_a), (mb, num_b) = _masses(fa, idf), _masses(fb, idf)
    sa, sb = _share(shared_w, ma), _share(shared_w, mb)
    small = min(ma, mb) if ma > 0 and mb > 0 else max(ma, mb)

    shared_nums = sorted(fa.numbers & fb.numbers)
    nw = lambda n: idf("#" + n)  # noqa: E731
    num_shared = sum(nw(n) for n in shared_nums)
    num_missing = not fa.numbers or not fb.numbers
    num_overlap = 0.0 if num_missing else _share(num_shared, min(num_a, num_b))

    shared_dates = sorted(fa.dates & fb.dates)
    date_missing = not fa.dates or not fb.dates
    date_overlap = 0.0 if date_missing else len(shared_dates) / min(len(fa.dates), len(fb.dates))

    years_both = bool(fa.years) and bool(fb.years)
    shared_years = fa.years & fb.years
    year_overlap = len(shared_years) / min(len(fa.years), len(fb.years)) if years_both else 0.0
    year_conflict = float(years_both and not shared_years)

    gap = gap_days(fa.published, fb.published)
    cross = float(fa.language != fb.language)
    min_len = max(1, min(fa.length, fb.length))
    x = np.array(
        [
            cosine,
            cosine if centered is None else centered,
            float(centroid_known and centered is not None),
            max(sa, sb),
            (sa + sb) / 2.0,
            _share(fuzzy_w, small),
            math.log1p(sum(1 for m in matches if m.weight >= 0.3)),
            num_overlap,
            float(num_missing),
            date_overlap,
            float(date_missing),
            year_overlap,
            year_conflict,
            math.log1p(gap) if gap is not None else 0.0,
            float(gap is None),
            math.log(min_len) - 7.0,
            1.0 - cross,
        ],
        dtype=np.float64,
    )
    return PairEvidence(x, matches, shared_nums, shared_dates, gap)


# --------------------------------------------------------------------------- model

def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -35, 35)))


def _columns(names: Sequence[str]) -> list[int]:
    pos = {n: i for i, n in enumerate(FEATURES)}
    unknown = [n for n in names if n not in pos]
    if unknown:
        raise ValueError(f"combiner uses unknown features: {unknown}")
    return [pos[n] for n in names]


class _Calibrated:
    """What both models share: margin -> Platt step -> hand-set gap penalty -> probability.

    Models are trained on graded labels (SemEval 'overall' as a soft target), which orders
    pairs well but does not make the output a probability of *same story*. ``calibrate``
    fits ``sigmoid(a * margin + b)`` on the clear pairs (overall <= 1.5 or >= 3.5).
    """

    features: tuple[str, ...]
    calibration: tuple[float, float]
    gap_penalty: dict[str, float]
    meta: dict[str, Any]

    def margin(self, X: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def _design(self, X: np.ndarray) -> np.ndarray:
        X = np.atleast_2d(np.asarray(X, dtype=np.float64))
        return X[:, _columns(self.features)]

    def decision(self, X: np.ndarray) -> np.ndarray:
        a, b = self.calibration
        return a * self.margin(X) + b - self._gap_penalty(X)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """P(same story) per row of a full feature matrix (columns as in ``FEATURES``)."""
        return _sigmoid(self.decision(X))

    def _gap_penalty(self, X: np.ndarray) -> np.ndarray:
        # Set by hand, not learned: the dev pairs carry no publication dates, so "gap" never
        # varies in training. Reports more than a few days apart are rarely the same event.
        X = np.atleast_2d(np.asarray(X, dtype=np.float64))
        gp = self.gap_penalty
        if not gp or not gp.get("per_day"):
            return np.zeros(len(X))
        i_gap, i_missing = FEATURES.index("gap"), FEATURES.index("gap_missing")
        days = np.where(X[:, i_missing] > 0.5, 0.0, np.expm1(X[:, i_gap]))
        return np.minimum(gp.get("max", 6.0), gp["per_day"] * np.maximum(0.0, days - gp.get("free_days", 3.0)))

    def calibrate(self, margins: np.ndarray, same: np.ndarray) -> "_Calibrated":
        A = np.column_stack([np.asarray(margins, float), np.ones(len(margins))])
        y = np.asarray(same, float)
        beta = np.array([1.0, 0.0])
        for _ in range(50):
            p = _sigmoid(A @ beta)
            grad = A.T @ (p - y) + 1e-3 * beta
            hess = (A * (p * (1 - p))[:, None]).T @ A + 1e-3 * np.eye(2)
            step = np.linalg.solve(hess, grad)
            beta -= step
            if np.max(np.abs(step)) < 1e-9:
                break
        self.calibration = (float(beta[0]), float(beta[1]))
        return self

    def _head_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "calibration": [round(c, 6) for c in self.calibration],
            "gap_penalty": self.gap_penalty,
            "meta": self.meta,
        }


class LogisticCombiner(_Calibrated):
    """Logistic regression over standardised features (Newton steps, L2); soft labels welcome."""

    def __init__(
        self,
        features: Sequence[str] = FEATURES,
        *,
        l2: float = 1.0,
        mean: np.ndarray | None = None,
        scale: np.ndarray | None = None,
        coef: np.ndarray | None = None,
        intercept: float = 0.0,
        calibration: Sequence[float] = (1.0, 0.0),
        gap_penalty: dict[str, float] | None = None,
        meta: dict[str, Any] | None = None,
    ):
        self.features = tuple(features)
        _columns(self.features)
        self.l2 = float(l2)
        k = len(self.features)
        self.mean = np.zeros(k) if mean is None else np.asarray(mean, dtype=np.float64)
        self.scale = np.ones(k) if scale is None else np.asarray(scale, dtype=np.float64)
        self.coef = np.zeros(k) if coef is None else np.asarray(coef, dtype=np.float64)
        self.intercept = float(intercept)
        self.calibration = (float(calibration[0]), float(calibration[1]))
        self.gap_penalty = dict(GAP_PENALTY if gap_penalty is None else gap_penalty)
        self.meta = dict(meta or {})

    def fit(self, X: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None, iters: int = 50) -> "LogisticCombiner":
        Z = self._design(X)
        y = np.asarray(y, dtype=np.float64)
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        self.mean = Z.mean(axis=0)
        sd = Z.std(axis=0)
        self.scale = np.where(sd > 1e-9, sd, 1.0)
        Zs = (Z - self.mean) / self.scale
        n, k = Zs.shape
        A = np.hstack([Zs, np.ones((n, 1))])
        beta = np.zeros(k + 1)
        reg = np.full(k + 1, self.l2)
        reg[-1] = 0.0  # never shrink the intercept
        for _ in range(iters):
            p = _sigmoid(A @ beta)
            grad = A.T @ (w * (p - y)) + reg * beta
            hess = (A * (w * p * (1 - p))[:, None]).T @ A + np.diag(reg) + 1e-9 * np.eye(k + 1)
            step = np.linalg.solve(hess, grad)
            beta -= step
            if np.max(np.abs(step)) < 1e-8:
                break
        self.coef, self.intercept = beta[:k], float(beta[k])
        return self

    def margin(self, X: np.ndarray) -> np.ndarray:
        return ((self._design(X) - self.mean) / self.scale) @ self.coef + self.intercept

    def to_dict(self) -> dict[str, Any]:
        # Raw-unit weights: readable, and all a reader needs to recompute a score by hand.
        raw = self.coef / self.scale
        b = self.intercept - float(np.sum(self.coef * self.mean / self.scale))
        return {
            "kind": "logistic",
            "weights": {n: round(float(v), 6) for n, v in zip(self.features, raw)},
            "intercept": round(b, 6),
            **self._head_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "LogisticCombiner":
        names = list(data["features"])
        return cls(
            names,
            coef=np.array([float(data["weights"][n]) for n in names]),
            intercept=float(data["intercept"]),
            calibration=data.get("calibration", (1.0, 0.0)),
            gap_penalty=data.get("gap_penalty"),
            meta=data.get("meta", {}),
        )


class TreeBoost(_Calibrated):
    """Gradient-boosted depth-2 trees with logistic loss, in numpy (no scikit-learn).

    Depth 2 lets the model learn pairwise interactions a linear model cannot. Kept as the
    alternative to the shipped logistic model: on the dev pairs it matched its AUC but not
    its Pearson (benchmarks/bench_pairs.py --ablation).
    """

    def __init__(
        self,
        features: Sequence[str] = FEATURES,
        *,
        n_trees: int = 200,
        learning_rate: float = 0.05,
        depth: int = 2,
        l2: float = 1.0,
        min_leaf: float = 5.0,
        subsample: float = 0.8,
        bins: int = 32,
        seed: int = 0,
        trees: list[list[Any]] | None = None,
        base: float = 0.0,
        calibration: Sequence[float] = (1.0, 0.0),
        gap_penalty: dict[str, float] | None = None,
        meta: dict[str, Any] | None = None,
    ):
        self.features = tuple(features)
        _columns(self.features)
        self.n_trees, self.learning_rate, self.depth = int(n_trees), float(learning_rate), int(depth)
        self.l2, self.min_leaf, self.subsample, self.bins, self.seed = float(l2), float(min_leaf), float(subsample), int(bins), int(seed)
        self.trees: list[list[Any]] = trees or []
        self.base = float(base)
        self.calibration = (float(calibration[0]), float(calibration[1]))
        self.gap_penalty = dict(GAP_PENALTY if gap_penalty is None else gap_penalty)
        self.meta = dict(meta or {})

    def fit(self, X: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None) -> "TreeBoost":
        Z = self._design(X)
        y = np.asarray(y, dtype=np.float64)
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        n, k = Z.shape
        # Candidate thresholds: midpoints between distinct quantiles of each feature.
        edges: list[np.ndarray] = []
        binned = np.zeros((n, k), dtype=np.int32)
        for j in range(k):
            q = np.unique(np.quantile(Z[:, j], np.linspace(0, 1, self.bins + 1)))
            e = (q[:-1] + q[1:]) / 2 if len(q) > 1 else np.zeros(0)
            edges.append(e)
            binned[:, j] = np.searchsorted(e, Z[:, j], side="left")
        ybar = float(np.clip(np.average(y, weights=w), 1e-4, 1 - 1e-4))
        self.base = math.log(ybar / (1 - ybar))
        F = np.full(n, self.base)
        rng = np.random.default_rng(self.seed)
        self.trees = []
        for _ in range(self.n_trees):
            p = _sigmoid(F)
            g, h = w * (p - y), w * p * (1 - p)
            rows = rng.random(n) < self.subsample if self.subsample < 1 else np.ones(n, bool)
            tree = self._grow(binned, edges, g, h, rows, self.depth)
            self.trees.append(tree)
            F += self._apply(tree, Z)
        return self

    def _leaf(self, g: np.ndarray, h: np.ndarray, rows: np.ndarray) -> float:
        return float(-self.learning_rate * g[rows].sum() / (h[rows].sum() + self.l2))

    def _grow(self, binned, edges, g, h, rows, depth) -> list[Any]:
        if depth == 0:
            return [self._leaf(g, h, rows)]
        best = self._best_split(binned, edges, g, h, rows)
        if best is None:
            return [self._leaf(g, h, rows)]
        j, b, thr = best
        left = rows & (binned[:, j] <= b)
        right = rows & (binned[:, j] > b)
        return [j, thr, self._grow(binned, edges, g, h, left, depth - 1), self._grow(binned, edges, g, h, right, depth - 1)]

    def _best_split(self, binned, edges, g, h, rows):
        G, H = g[rows].sum(), h[rows].sum()
        parent = G * G / (H + self.l2)
        best, best_gain = None, 1e-9
        for j, e in enumerate(edges):
            if len(e) == 0:
                continue
            nb = len(e) + 1
            gh = np.bincount(binned[rows, j], weights=g[rows], minlength=nb)
            hh = np.bincount(binned[rows, j], weights=h[rows], minlength=nb)
            gl, hl = np.cumsum(gh)[:-1], np.cumsum(hh)[:-1]
            gr, hr = G - gl, H - hl
            ok = (hl >= self.min_leaf * 0.05) & (hr >= self.min_leaf * 0.05)
            gain = np.where(ok, gl * gl / (hl + self.l2) + gr * gr / (hr + self.l2) - parent, -np.inf)
            b = int(np.argmax(gain))
            if gain[b] > best_gain:
                best_gain, best = float(gain[b]), (j, b, float(e[b]))
        return best

    @staticmethod
    def _apply(tree: list[Any], Z: np.ndarray) -> np.ndarray:
        if len(tree) == 1:
            return np.full(len(Z), tree[0])
        j, thr, left, right = tree
        go_left = Z[:, j] <= thr
        out = np.empty(len(Z))
        out[go_left] = TreeBoost._apply(left, Z[go_left])
        out[~go_left] = TreeBoost._apply(right, Z[~go_left])
        return out

    def margin(self, X: np.ndarray) -> np.ndarray:
        Z = self._design(X)
        F = np.full(len(Z), self.base)
        for t in self.trees:
            F += self._apply(t, Z)
        return F

    def to_dict(self) -> dict[str, Any]:
        def r(t: list[Any]) -> list[Any]:
            if len(t) == 1:
                return [round(t[0], 6)]
            return [t[0], round(t[1], 6), r(t[2]), r(t[3])]

        return {"kind": "treeboost", "base": round(self.base, 6), "trees": [r(t) for t in self.trees], **self._head_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TreeBoost":
        return cls(
            list(data["features"]),
            trees=data["trees"],
            base=data["base"],
            calibration=data.get("calibration", (1.0, 0.0)),
            gap_penalty=data.get("gap_penalty"),
            meta=data.get("meta", {}),
        )


def combiner_from_dict(data: dict[str, Any]) -> "LogisticCombiner | TreeBoost":
    kind = data.get("kind", "logistic")
    if kind == "treeboost":
        return TreeBoost.from_dict(data)
    if kind == "logistic":
        return LogisticCombiner.from_dict(data)
    raise ValueError(f"unknown combiner kind {kind!r}")


_DEFAULT: "LogisticCombiner | TreeBoost | None" = None


def default_combiner() -> "LogisticCombiner | TreeBoost":
    """The shipped model; falls back to cosine alone if the weights file is missing."""
    global _DEFAULT
    if _DEFAULT is None:
        try:
            raw = resources.files(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8")
            _DEFAULT = combiner_from_dict(json.loads(raw))
        except (FileNotFoundError, OSError):
            _DEFAULT = LogisticCombiner(("cosine",), coef=np.array([12.0]), intercept=-10.0)
    return _DEFAULT


def soft_labels(overall: np.ndarray) -> np.ndarray:
    """SemEval 'overall' (1 = same story ... 4 = unrelated) as a target in [0, 1]."""
    return np.clip((4.0 - np.asarray(overall, dtype=np.float64)) / 3.0, 0.0, 1.0)


DEFAULT_KIND = "logistic"
TREE_PARAMS: dict[str, Any] = {"n_trees": 200, "depth": 2, "learning_rate": 0.05}
LOGISTIC_PARAMS: dict[str, Any] = {"l2": 1.0}


def train_combiner(
    X: np.ndarray,
    overall: np.ndarray,
    *,
    kind: str = DEFAULT_KIND,
    params: dict[str, Any] | None = None,
    calib_folds: int = 4,
    seed: int = 0,
) -> "LogisticCombiner | TreeBoost":
    """Fit on graded labels, then calibrate P(same story) on out-of-fold margins.

    ``X`` has one column per name in ``FEATURES``; ``overall`` is 1 (same story) .. 4.
    In-sample margins are over-confident, so the Platt step sees margins of pairs each inner
    model did not train on (clear pairs only: overall <= 1.5 or >= 3.5).
    """
    make: Callable[[int], LogisticCombiner | TreeBoost]
    if kind == "logistic":
        make = lambda s: LogisticCombiner(**{**LOGISTIC_PARAMS, **(params or {})})  # noqa: E731
    elif kind == "treeboost":
        make = lambda s: TreeBoost(**{**TREE_PARAMS, **(params or {})}, seed=s)  # noqa: E731
    else:
        raise ValueError(f"unknown combiner kind {kind!r}")
    X = np.asarray(X, dtype=np.float64)
    overall = np.asarray(overall, dtype=np.float64)
    y = soft_labels(overall)
    model = make(seed).fit(X, y)
    clear = (overall <= 1.5) | (overall >= 3.5)
    if calib_folds > 1 and clear.sum() >= 20:
        fold = np.random.default_rng(seed).integers(0, calib_folds, len(y))
        margins = np.zeros(len(y))
        for k in range(calib_folds):
            inner = make(seed + k + 1).fit(X[fold != k], y[fold != k])
            margins[fold == k] = inner.margin(X[fold == k])
        model.calibrate(margins[clear], overall[clear] <= 1.5)
    return model
