"""What every reader shares: the limits it runs under and the wording of size rejections."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping

from ..dates import parse_published
from ..models import Published, RawDoc, Rejection

# Same units as the settings and Workspace.read(): MB = 1024*1024 bytes, KB = 1024 bytes,
# so "the 10.0 MB limit" in a message is the max_file_mb the person actually set.
MB = 1024 * 1024
KB = 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one input; frozen and picklable so a distributed engine can ship it."""

    max_file_bytes: int
    max_record_bytes: int
    max_text_chars: int
    # HTML pages are only size-checked while reading; parsing them (the costly part) waits
    # for prepare_batch, which runs in the ingest worker processes (see html.parse_deferred).
    defer_html: bool = False


def limits_from_settings(settings: Mapping[str, Any]) -> dict[str, int]:
    """Keyword arguments for read_paths/read_bytes from a Settings mapping."""
    return {
        "max_file_bytes": int(settings["max_file_mb"] * MB),
        "max_record_bytes": int(settings["max_record_kb"] * KB),
        "max_text_chars": int(settings["max_text_chars"]),
    }


class DecodeError(ValueError):
    """The bytes are not usable text; ``reason`` is written for the person who has them."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # Python codec name actually used
    replaced: int = 0  # invalid bytes shown as U+FFFD (only a few stray ones are tolerated)


def fmt_mb(n: int) -> str:
    return f"{n / MB:.1f} MB"


def fmt_kb(n: int) -> str:
    return f"{n / KB:,.0f} KB" if n >= KB else f"{n} bytes"


def file_too_large(origin: str, size: int | None, limits: Limits, *, what: str = "file") -> Rejection:
    """``size`` None: a stream read up to the limit, whose full size is not known."""
    how_big = f"is {fmt_mb(size)}," if size is not None else "is"
    return Rejection(
        origin,
        f"{what} {how_big} over the {fmt_mb(limits.max_file_bytes)} limit (setting max_file_mb)",
    )


def record_too_large(origin: str, line: int | None, size: int, limits: Limits) -> Rejection:
    return Rejection(
        origin,
        f"record is {fmt_kb(size)}, over the {fmt_kb(limits.max_record_bytes)} limit (setting max_record_kb)",
        line,
    )


def text_too_long(origin: str, line: int | None, n: int, limits: Limits) -> Rejection:
    return Rejection(
        origin,
        f"text is {n:,} characters, over the {limits.max_text_chars:,} limit (setting max_text_chars)",
        line,
    )


def normalise(s: str) -> str:
    """Newlines to \\n and Unicode to NFC; the fast checks keep the common case cheap."""
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if not s.isascii() and not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    return s


def safe_published(raw: Any, source: str) -> Published | None:
    """parse_published, but an absurd epoch (e.g. in milliseconds) is unparsable, not a crash."""
    try:
        return parse_published(raw, source=source)
    except (ValueError, OverflowError, OSError):
        return None


# Lone surrogates (U+D800..U+DFFF) are what a JSON "\ud800" escape or an OS name decoded with
# surrogateescape leaves in a str; they cannot be encoded as UTF-8, so SQLite, hashing and
# every output would fail on them. They are the only invalid code points a str can hold.
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def valid_text(s: str) -> tuple[str, int]:
    """``s`` with every lone surrogate replaced by U+FFFD, and how many were replaced."""
    if s.isascii():
        return s, 0
    fixed, n = _SURROGATE.subn(REPLACEMENT, s)
    return fixed, n


def valid_value(value: Any) -> tuple[Any, int]:
    """A JSON-like value (str, list, dict, scalars) made valid Unicode, keys included."""
    if isinstance(value, str):
        return valid_text(value)
    if isinstance(value, list):
        total = 0
        for i, v in enumerate(value):
            v2, n = valid_value(v)
            if n:
                value[i], total = v2, total + n
        return value, total
    if isinstance(value, dict):
        total = 0
        if any(isinstance(k, str) and not k.isascii() and _SURROGATE.search(k) for k in value):
            renamed = {}
            for k, v in value.items():
                k, n = valid_text(k) if isinstance(k, str) else (k, 0)
                renamed[k], total = v, total + n
            value = renamed
        for k, v in value.items():
            v2, n = valid_value(v)
            if n:
                value[k], total = v2, total + n
        return value, total
    return value, 0


def unicode_note(n: int) -> str:
    return f"{n} invalid Unicode character{'s' if n != 1 else ''} (lone surrogates) replaced with U+FFFD"


def valid_doc(doc: RawDoc) -> int:
    """Make every field of ``doc`` valid Unicode in place (see ``valid_text``); the number of
    characters replaced, also kept in ``metadata["unicode_replaced"]``."""
    total = 0
    for name in ("text", "title", "url", "source", "id", "language", "origin"):
        v = getattr(doc, name)
        if isinstance(v, str):
            fixed, n = valid_text(v)
            if n:
                setattr(doc, name, fixed)
                total += n
    doc.metadata, n = valid_value(doc.metadata)
    total += n
    if total:
        doc.metadata["unicode_replaced"] = doc.metadata.get("unicode_replaced", 0) + total
    return total


def valid_docs(docs: Iterable[RawDoc | Rejection], notes: list[Rejection]) -> Iterator[RawDoc | Rejection]:
    """The boundary every document passes on its way into the store (files, stdin, uploads,
    the API, feeds): each made valid Unicode, with a note in ``notes`` when anything was
    replaced (here or by the JSON reader, which replaces while it parses)."""
    for doc in docs:
        if isinstance(doc, RawDoc):
            valid_doc(doc)
            n = doc.metadata.get("unicode_replaced")
            if n:
                notes.append(Rejection(doc.origin, unicode_note(n), doc.metadata.get("line")))
        elif isinstance(doc, Rejection):  # a file name read with surrogateescape
            doc.origin, doc.reason = valid_text(doc.origin)[0], valid_text(doc.reason)[0]
        yield doc
