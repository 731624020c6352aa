"""Which reader handles an input: by file extension, or by sniffing the first bytes."""
from __future__ import annotations

import codecs
import os
from typing import Callable, Iterator

from ..models import RawDoc, Rejection
from .common import Limits, file_too_large
from .html import read_html
from .jsonl import read_json, read_jsonl
from .text import read_text

Reader = Callable[..., Iterator[RawDoc | Rejection]]

EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".html": "html", ".htm": "html", ".xhtml": "html",
}
READERS: dict[str, Reader] = {"text": read_text, "json": read_json, "jsonl": read_jsonl, "html": read_html}
# Kinds a caller may name (read_bytes(kind=...)): the kinds themselves and their extensions.
KIND_NAMES: dict[str, str] = {**{k: k for k in READERS}, **{e[1:]: k for e, k in EXTENSIONS.items()}}
# JSON lines are streamed line by line; every other kind is read whole, so it is size-bounded.
WHOLE_FILE_KINDS = frozenset(("text", "json", "html"))

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def extension(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def kind_for_name(name: str) -> str | None:
    return EXTENSIONS.get(extension(name))


def unsupported(origin: str, name: str) -> Rejection:
    ext = extension(name)
    what = f"'{ext}'" if ext else "(no extension)"
    return Rejection(origin, f"unsupported file type {what} (supported: {', '.join(EXTENSIONS)})")


def sniff(head: bytes) -> str:
    """Guess a kind from the first bytes: JSON lines if it starts with '{', a JSON document
    if with '[' (or a lone '{' line: pretty-printed), HTML if with '<', else text."""
    for bom, enc in _BOMS:
        if head.startswith(bom):
            start = head[len(bom): len(bom) + 4096].decode(enc, errors="ignore")
            break
    else:
        start = head[:4096].decode("latin-1")
    start = start.lstrip()
    if start.startswith("{"):
        return "json" if start.split("\n", 1)[0].strip() == "{" else "jsonl"
    if start.startswith("["):
        return "json"
    if start.startswith("<"):
        return "html"
    return "text"


def read_data(kind: str, data: bytes, *, origin: str, path: str, limits: Limits) -> Iterator[RawDoc | Rejection]:
    """Run the reader for ``kind`` over bytes already in memory."""
    if not data:
        yield Rejection(origin, "empty file")
        return
    if kind in WHOLE_FILE_KINDS and len(data) > limits.max_file_bytes:
        yield file_too_large(origin, len(data), limits)
        return
    yield from READERS[kind](data, origin=origin, path=path, limits=limits)
