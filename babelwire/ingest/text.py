"""Plain text and Markdown (.txt, .text, .md): one document per file.

The first non-empty line is the headline unless it reads like body text. An optional
leading ``date YYYY-MM[-DD]`` token gives the publication date and is removed. Everything
else is kept as written: page furniture is the cleaning stage's business.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..models import RawDoc, Rejection
from .common import Limits, safe_published, text_too_long
from .decode import DecodeError, decode

# "date 2020-07" or "date 2020-07-10", then the headline or body on the same line (or not).
_DATE_TOKEN = re.compile(r"\A\s*date[ \t]+(\d{4}-\d{1,2}(?:-\d{1,2})?)(?=\s|\Z)[ \t]*", re.I)
# Sentence ends: . ! ? and their CJK, Arabic and Devanagari forms, then space or the end.
_SENTENCE_END = re.compile(r"[.!?。！？؟।][\"'”’»)\]]*(?=\s|$)")
_FINAL_END = re.compile(r"[.!?。！？؟।][\"'”’»)\]]*$")
_FINAL_STOP = re.compile(r"[.。।][\"'”’»)\]]*$")
# A wire-style dateline opens a body paragraph: "(CNN Business)–", "PARIS (Reuters) -".
_DATELINE = re.compile(r"^(?:[A-ZÀ-Þ][\w .'’-]{1,40}\s*)?\([^()\n]{2,40}\)\s*[-–—]")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")

TITLE_MAX_CHARS = 200


def looks_like_body(line: str) -> bool:
    """True when a first line is a paragraph of the article rather than its headline."""
    s = line.strip()
    if len(s) > TITLE_MAX_CHARS or _DATELINE.match(s):
        return True
    if len(_SENTENCE_END.findall(s)) >= 2 and _FINAL_END.search(s):
        return True  # several sentences
    # Headlines seldom end with a full stop; a long line that does is a sentence.
    return bool(_FINAL_STOP.search(s)) and len(s) >= 100


def split_text(text: str) -> tuple[str | None, str, str | None]:
    """(title, body, date token) of a plain-text article; ``text`` is already normalised."""
    token = None
    m = _DATE_TOKEN.match(text)
    if m:
        token = m.group(1)
        text = text[m.end():]
    lines = text.split("\n")
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        return None, "", token
    head = lines[first]
    rest_at = first + 1
    heading = _MD_HEADING.match(head)
    if heading:
        candidate = heading.group(1)
    else:
        candidate = head
        # Setext Markdown: a line of === or --- under the headline belongs to it.
        if rest_at < len(lines) and _SETEXT.match(lines[rest_at]) and lines[rest_at].strip():
            rest_at += 1
    body = "\n".join(lines[rest_at:]).strip("\n").rstrip()
    if (heading is None and looks_like_body(candidate)) or not body.strip() or not candidate.strip():
        # Body text, or a lone line: keep it all as text and claim no headline.
        return None, "\n".join(lines[first:]).strip("\n").rstrip(), token
    return " ".join(candidate.split()), body, token


def read_text(data: bytes, *, origin: str, path: str, limits: Limits) -> Iterator[RawDoc | Rejection]:
    if not data:
        yield Rejection(origin, "empty file")
        return
    try:
        decoded = decode(data)
    except DecodeError as e:
        yield Rejection(origin, e.reason)
        return
    if not decoded.text.strip():
        yield Rejection(origin, "empty file (only whitespace)")
        return
    title, body, token = split_text(decoded.text)
    if not body.strip():
        yield Rejection(origin, "no text after the date token")
        return
    if len(body) > limits.max_text_chars:
        yield text_too_long(origin, None, len(body), limits)
        return
    metadata: dict = {"path": path, "encoding": decoded.encoding}
    if decoded.replaced:
        metadata["invalid_bytes"] = decoded.replaced
    published = None
    if token is not None:
        published = safe_published(token, "token")
        if published is None:
            metadata["published_raw"] = token
    yield RawDoc(text=body, title=title, published=published, origin=origin, metadata=metadata)
