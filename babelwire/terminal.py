"""Text from articles and inputs made safe to print on a terminal.

Titles, sources and file names are hostile input: an ESC sequence in a headline could clear
the screen, move the cursor or retitle the window when a table is printed. Every CLI output
path (tables, briefs, messages) passes such text through ``safe``; JSON output needs nothing
(json.dumps escapes control characters).
"""
from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, and C1 controls (0x9B is a one-byte CSI).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(value: object) -> str:
    """``str(value)`` with control characters shown as U+FFFD; None becomes ""."""
    text = "" if value is None else str(value)
    return _CONTROL.sub("\ufffd", text) if not text.isprintable() else text
