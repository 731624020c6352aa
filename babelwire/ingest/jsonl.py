"""JSON lines (.jsonl, .ndjson) and JSON documents (.json): one article per object.

Schema: ``id, url, source, title, text, published, language``; only ``text`` is required,
anything else goes to ``metadata``. JSON lines are streamed one bounded line at a time, so
a file of any size reads in constant memory; the fast path is one json.loads per line.
"""
from __future__ import annotations

import codecs
import io
import json
import re
from typing import Any, BinaryIO, Iterator

from ..models import RawDoc, Rejection
from .common import Limits, file_too_large, normalise, record_too_large, safe_published, text_too_long, valid_value
from .decode import DecodeError, binary_reason, decode

_STR_FIELDS = ("title", "url", "source", "language")
_KNOWN = frozenset(("id", "url", "source", "title", "text", "published", "language"))
_RESERVED = ("path", "line")  # what the reader itself puts into metadata
_TYPE_NAMES = {dict: "an object", list: "an array", str: "a string", int: "a number",
               float: "a number", bool: "a boolean", type(None): "null"}
_CHUNK = 1 << 20
# Bounds on one record's shape, checked as it is parsed: deeper nesting overflows Python's
# stack later (copies, dataclasses.asdict), and Python refuses to convert ints over 4300 digits.
MAX_DEPTH = 64
MAX_INT_DIGITS = 100


class RecordError(ValueError):
    """One JSON record breaks a bound; ``reason`` says which, for the person who has it."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _bounded_int(s: str) -> int:
    digits = len(s.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise RecordError(f"a number has {digits:,} digits, over the {MAX_INT_DIGITS} limit")
    return int(s)


def _finite_float(s: str) -> float:
    value = float(s)
    if value in (float("inf"), float("-inf")):
        raise RecordError(f"number {s[:40]} is out of range")
    return value


def _no_constant(name: str) -> Any:
    raise RecordError(f"{name} is not valid JSON")


DECODER = json.JSONDecoder(parse_int=_bounded_int, parse_float=_finite_float, parse_constant=_no_constant)


def _too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    stack = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, dict):
            v = list(v.values())
        elif not isinstance(v, list):
            continue
        if depth > limit:
            return True
        stack.extend((x, depth + 1) for x in v if isinstance(x, (dict, list)))
    return False


def checked(obj: Any, source: str | None = None) -> tuple[Any, int]:
    """A parsed JSON value within the depth bound, made valid Unicode (lone surrogates
    replaced); returns it with the number replaced. Raises RecordError.

    ``source``, the JSON text it was parsed from, lets the common case skip both walks: a
    value cannot nest deeper than it has brackets, and a lone surrogate in parsed JSON can
    only come from a "\\udXXX" escape.
    """
    if source is None or source.count("[") + source.count("{") > MAX_DEPTH:
        if _too_deep(obj):
            raise RecordError(f"nested more than {MAX_DEPTH} levels deep")
    if source is not None and not _SURROGATE_ESCAPE.search(source):
        return obj, 0
    return valid_value(obj)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def loads(text: str) -> tuple[Any, int]:
    """json.loads within the record bounds (see ``checked``); JSONDecodeError or RecordError."""
    try:
        obj = DECODER.decode(text)
    except RecursionError:
        raise RecordError(f"nested more than {MAX_DEPTH} levels deep") from None
    return checked(obj, text)


def raw_loads(text: str, i: int) -> tuple[Any, int, int]:
    """DECODER.raw_decode within the record bounds: (value, end, replaced)."""
    try:
        obj, end = DECODER.raw_decode(text, i)
    except RecursionError:
        raise RecordError(f"nested more than {MAX_DEPTH} levels deep") from None
    obj, n = checked(obj, text[i:end])
    return obj, end, n


def _type_name(v: Any) -> str:
    return _TYPE_NAMES.get(type(v), type(v).__name__)


def record(obj: Any, *, origin: str, path: str, line: int | None, limits: Limits,
           replaced: int = 0) -> RawDoc | Rejection:
    """One parsed JSON value (from ``loads``) to a RawDoc, or a Rejection saying what is wrong
    with it; ``replaced`` invalid characters are noted in its metadata."""
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
    if replaced:
        metadata["unicode_replaced"] = replaced

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


def _utf8_text(data: bytes) -> bool:
    """Valid UTF-8, allowing a character cut at the end of the sample."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        return e.start >= len(data) - 3
    return True


def read_jsonl_stream(f: BinaryIO, *, origin: str, path: str, limits: Limits) -> Iterator[RawDoc | Rejection]:
    """Read a JSON-lines stream; every line is its own record, bad ones are rejected alone."""
    head = f.peek(_CHUNK)[:_CHUNK] if hasattr(f, "peek") else b""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # UTF-16/32 JSON lines cannot be split on b"\n"; they are rare, so read them whole.
        yield from _read_wide(f.read(limits.max_file_bytes + 1), origin=origin, path=path, limits=limits)
        return
    if head:
        # A stray NUL is one line's problem (the JSON parser rejects that line alone); a file
        # mostly of NULs, or with a binary signature, is not JSON lines at all.
        few_nuls = head.count(b"\x00") * 20 <= len(head)
        sample = head.replace(b"\x00", b"") if few_nuls else head
        why = binary_reason(sample)
        if why and few_nuls and _utf8_text(sample):
            why = None  # a line that merely starts like a GIF or a PDF is that line's problem
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
            try:
                obj, replaced = loads(line.decode("utf-8"))
            except UnicodeDecodeError:
                # Not UTF-8 (JSON should be): decode this line like any legacy text.
                obj, replaced = loads(decode(line).text)
        except DecodeError as e:
            yield Rejection(origin, f"line is not valid UTF-8: {e.reason}", lineno)
            continue
        except json.JSONDecodeError as e:
            yield Rejection(origin, _invalid(e, with_line=False), lineno)
            continue
        except RecordError as e:
            yield Rejection(origin, e.reason, lineno)
            continue
        yield record(obj, origin=origin, path=path, line=lineno, limits=limits, replaced=replaced)
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
            obj, replaced = loads(text)
        except json.JSONDecodeError as e:
            if e.msg == "Extra data" and text[i] == "{":
                # Several objects one after another: really JSON lines under a .json name.
                yield from read_jsonl(text.encode("utf-8"), origin=origin, path=path, limits=limits)
            else:
                yield Rejection(origin, _invalid(e, with_line=True), e.lineno)
            return
        except RecordError as e:
            yield Rejection(origin, e.reason)
            return
        if isinstance(obj, dict):
            yield record(obj, origin=origin, path=path, line=None, limits=limits, replaced=replaced)
        else:
            yield Rejection(origin, f"expected a JSON object or a list of objects, got {_type_name(obj)}")
        return
    yield from _read_list(text, i + 1, origin=origin, path=path, limits=limits)


def _read_list(text: str, i: int, *, origin: str, path: str, limits: Limits) -> Iterator[RawDoc | Rejection]:
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
            obj, end, replaced = raw_loads(text, i)
        except json.JSONDecodeError as e:
            rest = " (items after this point were not read)" if items else ""
            yield Rejection(origin, _invalid(e, with_line=True) + rest, e.lineno)
            return
        except RecordError as e:
            items += 1
            yield Rejection(origin, e.reason, line)
            skipped = _skip_value(text, i)
            if skipped is None:
                return
            end = skipped
        else:
            items += 1
            yield record(obj, origin=origin, path=path, line=line, limits=limits, replaced=replaced)
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


def _skip_value(text: str, i: int) -> int | None:
    """End of the JSON value starting at ``i`` without building it (for a value over a bound),
    or None when it does not end."""
    depth, n, in_str = 0, len(text), False
    j = i
    while j < n:
        c = text[j]
        if in_str:
            if c == "\\":
                j += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                return j + 1
            if depth < 0:
                return j
        elif depth == 0 and c in ",":
            return j
        j += 1
    return None


def _skip_ws(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] in " \t\n\r":
        i += 1
    return i
