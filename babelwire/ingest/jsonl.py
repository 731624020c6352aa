"""JSON lines (.jsonl, .ndjson) and JSON documents (.json): one article per object.

Schema: ``id, url, source, title, text, published, language``; only ``text`` is required,
anything else goes to ``metadata``. JSON lines are streamed one bounded line at a time, so
a file of any size reads in constant memory; the fast path is one json.loads per line.
"""
from __future__ import annotations

import codecs
import io
import json
from typing import Any, BinaryIO, Iterator

from ..models import RawDoc, Rejection
from .common import Limits, file_too_large, normalise, record_too_large, safe_published, text_too_long
from .decode import DecodeError, binary_reason, decode

_STR_FIELDS = ("title", "url", "source", "language")
_KNOWN = frozenset(("id", "url", "source", "title", "text", "published", "language"))
_RESERVED = ("path", "line")  # what the reader itself puts into metadata
_TYPE_NAMES = {dict: "an object", list: "an array", str: "a string", int: "a number",
               float: "a number", bool: "a boolean", type(None): "null"}
_CHUNK = 1 << 20


def _type_name(v: Any) -> str:
    return _TYPE_NAMES.get(type(v), type(v).__name__)


def record(obj: Any, *, origin: str, path: str, line: int | None, limits: Limits) -> RawDoc | Rejection:
    """One parsed JSON value to a RawDoc, or a Rejection saying what is wrong with it."""
    if not isinstance(obj, dict):
        return Rejection(origin, f"expected a JSON object, got {_type_name(obj)}", line)
    text = obj.get("text")
    if text is None:
        fields = ", ".join(sorted(map(str, obj))[:12]) or "none"
        return Rejection(origin, f"missing required field 'text' (fields present: {fields})", line)
    if not isinstance(text, str):
        return Rejection(origin, f"field 'text' must be a string, not {_type_name(text)}", line)
    if not text.strip():
        return Rejection(origin, "field 'text' is empty", line)
    text = normalise(text)
    if len(text) > limits.max_text_chars:
        return text_too_long(origin, line, len(text), limits)

    values: dict[str, str | None] = {}
    for key in _STR_FIELDS:
        v = obj.get(key)
        if v is not None and not isinstance(v, str):
            return Rejection(origin, f"field '{key}' must be a string, not {_type_name(v)}", line)
        values[key] = normalise(v).strip() or None if v else None
    doc_id = obj.get("id")
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int, type(None))):
        return Rejection(origin, f"field 'id' must be a string or an integer, not {_type_name(doc_id)}", line)
    doc_id = str(doc_id).strip() or None if doc_id is not None else None

    metadata: dict[str, Any] = {}
    for key, v in obj.items():
        if key not in _KNOWN:
            metadata[f"input_{key}" if key in _RESERVED else key] = v
    metadata["path"] = path
    if line is not None:
        metadata["line"] = line

    published = None
    raw = obj.get("published")
    if raw is not None and raw != "":
        ok_type = isinstance(raw, (str, int, float)) and not isinstance(raw, bool)
        published = safe_published(raw, "field") if ok_type else None
        if published is None:  # keep the article; a later stage may still read the date
            metadata["published_raw"] = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)

    return RawDoc(text=text, title=values["title"], url=values["url"], source=values["source"],
                  id=doc_id, published=published, language=values["language"], origin=origin,
                  metadata=metadata)


def _invalid(e: json.JSONDecodeError, *, with_line: bool) -> str:
    msg = e.msg.removesuffix(" at")  # "Invalid control character at": we add our own "at"
    if not with_line and (e.lineno > 1 or e.pos >= len(e.doc.rstrip())):
        # the parser ran past the record's own newline: the line stops mid-value
        return f"invalid JSON: {msg} at the end of the line (is the record cut short?)"
    where = f"line {e.lineno} column {e.colno}" if with_line else f"column {e.colno}"
    return f"invalid JSON: {msg} at {where}"


def _bounded_lines(f: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, bytes or None when over ``limit``, size); never holds more than one line."""
    lineno = 0
    while True:
        line = f.readline(limit + 2)  # room for the line's own \r\n
        if not line:
            return
        lineno += 1
        size = len(line.rstrip(b"\r\n"))
        if size > limit:
            while not line.endswith(b"\n"):  # skip the rest of an over-long line in chunks
                line = f.readline(_CHUNK)
                if not line:
                    break
                size += len(line.rstrip(b"\r\n"))
            yield lineno, None, size
        else:
            yield lineno, line, size


def read_jsonl_stream(f: BinaryIO, *, origin: str, path: str, limits: Limits) -> Iterator[RawDoc | Rejection]:
    """Read a JSON-lines stream; every line is its own record, bad ones are rejected alone."""
    head = f.peek(_CHUNK)[:_CHUNK] if hasattr(f, "peek") else b""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # UTF-16/32 JSON lines cannot be split on b"\n"; they are rare, so read them whole.
        yield from _read_wide(f.read(limits.max_file_bytes + 1), origin=origin, path=path, limits=limits)
        return
    if head:
        why = binary_reason(head)
        if why:
            yield Rejection(origin, why)
            return
    seen = 0
    for lineno, line, size in _bounded_lines(f, limits.max_record_bytes):
        if line is None:
            seen += 1
            yield record_too_large(origin, lineno, size, limits)
            continue
        if lineno == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[3:]
        if not line.strip():
            continue
        seen += 1
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield Rejection(origin, _invalid(e, with_line=False), lineno)
            continue
        except UnicodeDecodeError:
            # Not UTF-8 (JSON should be): decode this line like any legacy text.
            try:
                obj = json.loads(decode(line).text)
            except DecodeError as e:
                yield Rejection(origin, f"line is not valid UTF-8: {e.reason}", lineno)
                continue
            except json.JSONDecodeError as e:
                yield Rejection(origin, _invalid(e, with_line=False), lineno)
                continue
        yield record(obj, origin=origin, path=path, line=lineno, limits=limits)
    if not seen:
        yield Rejection(origin, "empty file")


def _read_wide(data: bytes, *, origin: str, path: str, limits: Limits) -> Iterator[RawDoc | Rejection]:
    if len(data) > limits.max_file_bytes:
        yield file_too_large(origin, len(data), limits)
        return
    try:
        text = decode(data).text
    except DecodeError as e:
        yield Rejection(origin, e.reason)
        return
    encoded = io.BytesIO(text.encode("utf-8"))
    yield from read_jsonl_stream(io.BufferedReader(encoded), origin=origin, path=path, limits=limits)


def read_jsonl(data: bytes, *, origin: str, path: str, limits: Limits) -> Iterator[RawDoc | Rejection]:
    yield from read_jsonl_stream(io.BufferedReader(io.BytesIO(data)), origin=origin, path=path, limits=limits)


def read_json(data: bytes, *, origin: str, path: str, limits: Limits) -> Iterator[RawDoc | Rejection]:
    """A .json file: one object, or a list of objects (each item's line is where it starts)."""
    if not data.strip():
        yield Rejection(origin, "empty file")
        return
    try:
        text = decode(data).text
    except DecodeError as e:
        yield Rejection(origin, e.reason)
        return
    i = _skip_ws(text, 0)
    if i == len(text):
        yield Rejection(origin, "empty file (only whitespace)")
        return
    if text[i] != "[":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as e:
            if e.msg == "Extra data" and text[i] == "{":
                # Several objects one after another: really JSON lines under a .json name.
                yield from read_jsonl(text.encode("utf-8"), origin=origin, path=path, limits=limits)
            else:
                yield Rejection(origin, _invalid(e, with_line=True), e.lineno)
            return
        if isinstance(obj, dict):
            yield record(obj, origin=origin, path=path, line=None, limits=limits)
        else:
            yield Rejection(origin, f"expected a JSON object or a list of objects, got {_type_name(obj)}")
        return
    yield from _read_list(text, i + 1, origin=origin, path=path, limits=limits)


def _read_list(text: str, i: int, *, origin: str, path: str, limits: Limits) -> Iterator[RawDoc | Rejection]:
    decoder = json.JSONDecoder()
    line, counted = 1, 0
    i = _skip_ws(text, i)
    if text.startswith("]", i):
        yield Rejection(origin, "the JSON list is empty")
        return
    items = 0
    while True:
        line += text.count("\n", counted, i)
        counted = i
        try:
            obj, end = decoder.raw_decode(text, i)
        except json.JSONDecodeError as e:
            rest = " (items after this point were not read)" if items else ""
            yield Rejection(origin, _invalid(e, with_line=True) + rest, e.lineno)
            return
        items += 1
        yield record(obj, origin=origin, path=path, line=line, limits=limits)
        i = _skip_ws(text, end)
        if text.startswith(",", i):
            i = _skip_ws(text, i + 1)
            continue
        if text.startswith("]", i) and _skip_ws(text, i + 1) == len(text):
            return
        line += text.count("\n", counted, i)
        what = "unexpected data after the list" if text.startswith("]", i) else "Expecting ',' delimiter"
        col = i - text.rfind("\n", 0, i)
        yield Rejection(origin, f"invalid JSON: {what} at line {line} column {col}", line)
        return


def _skip_ws(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] in " \t\n\r":
        i += 1
    return i
