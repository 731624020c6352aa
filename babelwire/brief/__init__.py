"""Story briefs: ``build_brief(articles)``; over a store, ``stories.brief_for_story``.

    from babelwire.brief import render
    from babelwire.brief.stories import brief_for_story
    b = brief_for_story(ws.store, ws.settings, "s-1a2b3c4d5e", lang="en")   # cached until the story changes
    print(render(b, "md"))
"""
from __future__ import annotations

from .build import build_brief, members_hash
from .model import Brief
from .render import render

__all__ = ["Brief", "build_brief", "members_hash", "render"]
