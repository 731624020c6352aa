"""babelwire: follow one news story across every language.

    import babelwire
    with babelwire.open("news.db") as bw:
        report = bw.ingest(["articles/"])
        for article in bw.articles(language="fr"):
            print(article.title)
"""
from .api import Workspace, open
from .errors import (
    BabelwireError,
    ConfigError,
    InputError,
    MissingDependencyError,
    NotFoundError,
    StoreError,
    UnknownComponentError,
)
from .models import Article, IngestReport, LanguageGuess, Published, RawDoc, Rejection
from .version import __version__

__all__ = [
    "Article", "BabelwireError", "ConfigError", "IngestReport", "InputError", "LanguageGuess",
    "MissingDependencyError", "NotFoundError", "Published", "RawDoc", "Rejection", "StoreError",
    "UnknownComponentError", "Workspace", "open", "__version__",
]
