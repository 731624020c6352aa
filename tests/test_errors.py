"""What a user can get wrong is a BabelwireError with a message, never an internal error."""
from __future__ import annotations

import pytest

import babelwire
from babelwire.brief import build_brief, render
from babelwire.errors import BabelwireError, ConfigError
from babelwire.models import Article


def test_unknown_story_order_is_a_config_error(db):
    ws = babelwire.open(db)
    with pytest.raises(ConfigError, match="unknown story order 'growth'; use one of recent, size"):
        ws.stories(sort="growth")
    ws.close()


def test_unknown_render_format_is_a_config_error():
    brief = build_brief([Article(id="a", text="The river flooded the valley.", language="en")], embedder=None)
    with pytest.raises(ConfigError, match="unknown format 'pdf'"):
        render(brief, "pdf")


def test_unknown_clusterer_option_is_a_config_error(db):
    from babelwire.cluster import get_clusterer

    ws = babelwire.open(db)
    with pytest.raises(BabelwireError, match="unknown clusterer options: \\['tresh'\\]"):
        get_clusterer(ws.store, ws.settings, tresh=0.5)
    ws.close()
