"""What every reader shares: the limits it runs under and the wording of size rejections."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Mapping

from ..dates import parse_published
from ..models import Published, Rejection

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


def file_too_large(origin: str, size: int, limits: Limits, *, what: str = "file") -> Rejection:
    return Rejection(
        origin,
        f"{what} is {fmt_mb(size)}, over the {fmt_mb(limits.max_file_bytes)} limit (setting max_file_mb)",
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
