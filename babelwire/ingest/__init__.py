"""Readers: paths, stdin and uploads in, RawDoc records (and Rejections) out.

Readers only read: no cleaning, no language detection (later stages do that). Every
problem with one input becomes a ``Rejection`` with a reason a person can act on, and
the stream goes on. Order is stable: paths as given, directories walked sorted.

    for item in read_paths(["articles/", "-"], **limits_from_settings(settings)):
        ...

The per-kind readers (``read_text``, ``read_jsonl``, ``read_json``, ``read_html``) are
plain functions of (bytes, origin, path, Limits), so a distributed engine can map them.
"""
from __future__ import annotations

from typing import BinaryIO, Iterable, Iterator

from ..errors import InputError
from ..models import RawDoc, Rejection
from .common import Limits, limits_from_settings
from .formats import EXTENSIONS, KIND_NAMES, extension, kind_for_name, read_data, sniff, unsupported
from .html import read_html
from .jsonl import read_json, read_jsonl, read_jsonl_stream
from .sources import guarded, iter_paths
from .text import read_text

__all__ = [
    "EXTENSIONS", "Limits", "limits_from_settings", "read_bytes", "read_paths",
    "read_html", "read_json", "read_jsonl", "read_jsonl_stream", "read_text",
]


def read_paths(
    paths: Iterable[str],
    *,
    max_file_bytes: int,
    max_record_bytes: int,
    max_text_chars: int,
    stdin: BinaryIO | None = None,
    defer_html: bool = False,
) -> Iterator[RawDoc | Rejection]:
    """Documents and rejections from files, directories (recursive) and '-' (stdin).

    With ``defer_html``, HTML pages come as unparsed documents that ``prepare_batch`` parses
    (so the ingest workers do it); their rejections then come from there."""
    limits = Limits(max_file_bytes, max_record_bytes, max_text_chars, defer_html)
    return iter_paths(paths, limits, stdin)


def read_bytes(
    data: bytes,
    *,
    name: str,
    kind: str | None = None,
    max_file_bytes: int,
    max_record_bytes: int,
    max_text_chars: int,
    defer_html: bool = False,
) -> Iterator[RawDoc | Rejection]:
    """Documents and rejections from an in-memory upload called ``name``.

    ``kind`` is "text", "json", "jsonl" or "html" (or an extension such as "md", "ndjson");
    None means: from the name's extension, or sniffed from the bytes when it has none.
    """
    limits = Limits(max_file_bytes, max_record_bytes, max_text_chars, defer_html)
    if kind is not None:
        resolved = KIND_NAMES.get(kind.lower().lstrip("."))
        if resolved is None:
            raise InputError(f"unknown kind {kind!r}; known: {', '.join(sorted(KIND_NAMES))}", path=name)
    else:
        resolved = kind_for_name(name)
        if resolved is None and extension(name):
            return iter([unsupported(name, name)])
        resolved = resolved or sniff(data[:65536])
    return guarded(read_data(resolved, data, origin=name, path=name, limits=limits), name)
