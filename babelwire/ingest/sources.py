"""Where bytes come from: files, directories (walked sorted; hidden entries and README/
LICENSE files skipped), stdin and pipes. Every I/O failure becomes a Rejection for that
input and the stream goes on."""
from __future__ import annotations

import errno
import io
import os
import re
import stat
import sys
from typing import Any, BinaryIO, Iterable, Iterator

from ..models import RawDoc, Rejection
from .common import Limits, file_too_large
from .formats import WHOLE_FILE_KINDS, kind_for_name, read_data, sniff, unsupported
from .jsonl import read_jsonl_stream

STDIN_ORIGIN = "<stdin>"
# A data directory's own documentation (README.md beside the articles) is not an article;
# walks skip it quietly, as they skip hidden files. Named explicitly, it is read.
_DOC_FILE = re.compile(r"^(readme|licen[cs]e|copying|changelog|changes|notice|authors|contributing)\b", re.I)
_HEAD = 1 << 16


def os_reason(e: OSError) -> str:
    if isinstance(e, PermissionError):
        return "permission denied"
    if e.errno == errno.ENOENT:
        return "no such file or directory"
    if e.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    return f"cannot read: {e.strerror or e}"


def guarded(items: Iterator[RawDoc | Rejection], origin: str) -> Iterator[RawDoc | Rejection]:
    """One input's failure ends that input only, never the whole stream."""
    try:
        yield from items
    except OSError as e:
        yield Rejection(origin, os_reason(e))
    except MemoryError:
        yield Rejection(origin, "out of memory while reading; lower the size limits")
    except Exception as e:  # a bug in a reader or a library: report it, keep going
        yield Rejection(origin, f"unexpected error while reading ({type(e).__name__}: {e}); please report this")


def iter_paths(paths: Iterable[str], limits: Limits, stdin: BinaryIO | None) -> Iterator[RawDoc | Rejection]:
    for given in paths:
        if given == "-":
            yield from guarded(read_stream(_binary(stdin), origin=STDIN_ORIGIN, path="-", limits=limits), STDIN_ORIGIN)
            continue
        try:
            st = os.stat(given)
        except OSError as e:
            yield Rejection(given, os_reason(e))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from walk(given, limits, seen={(st.st_dev, st.st_ino)})
        elif stat.S_ISREG(st.st_mode):
            kind = kind_for_name(given)
            if kind is None and os.path.splitext(given)[1]:
                yield unsupported(given, given)
            else:  # named explicitly without an extension: sniff it
                yield from guarded(read_file(given, kind, st.st_size, limits), given)
        else:  # a pipe such as <(zcat x.jsonl.gz): read it as a stream
            yield from guarded(_read_special(given, limits), given)


def walk(directory: str, limits: Limits, seen: set[tuple[int, int]]) -> Iterator[RawDoc | Rejection]:
    try:
        with os.scandir(directory) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as e:
        reason = os_reason(e)
        yield Rejection(directory, f"{reason} (cannot list directory)" if reason == "permission denied" else reason)
        return
    for entry in entries:
        full = os.path.join(directory, entry.name)
        try:
            st = entry.stat()  # follows symlinks
        except OSError as e:
            yield Rejection(full, os_reason(e))
            continue
        if stat.S_ISDIR(st.st_mode):
            if (st.st_dev, st.st_ino) not in seen:  # symlink loops would never end
                seen.add((st.st_dev, st.st_ino))
                yield from walk(full, limits, seen)
        elif stat.S_ISREG(st.st_mode) and not _DOC_FILE.match(entry.name):
            kind = kind_for_name(entry.name)
            if kind is None:
                yield unsupported(full, entry.name)
            else:
                yield from guarded(read_file(full, kind, st.st_size, limits), full)
        elif not stat.S_ISREG(st.st_mode):  # a walk never blocks on a pipe; say so instead
            yield Rejection(full, "not a regular file (a pipe, socket or device) inside a directory; "
                                  "name it on the command line to read it as a stream")


def read_file(path: str, kind: str | None, size: int, limits: Limits) -> Iterator[RawDoc | Rejection]:
    """Read one regular file; ``kind`` None means sniff it."""
    if size == 0:
        yield Rejection(path, "empty file")
        return
    if kind in WHOLE_FILE_KINDS and size > limits.max_file_bytes:
        yield file_too_large(path, size, limits)  # without reading a byte of it
        return
    with open(path, "rb") as f:
        if kind is None:
            kind = sniff(f.peek(_HEAD)[:_HEAD])
        if kind == "jsonl":
            yield from read_jsonl_stream(f, origin=path, path=path, limits=limits)
            return
        data = f.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:  # it grew since we looked
        yield file_too_large(path, len(data), limits)
        return
    yield from read_data(kind, data, origin=path, path=path, limits=limits)


def _read_special(path: str, limits: Limits) -> Iterator[RawDoc | Rejection]:
    with open(path, "rb") as f:
        kind = kind_for_name(path)
        yield from read_stream(f, origin=path, path=path, limits=limits, kind=kind)


def read_stream(
    stream: BinaryIO, *, origin: str, path: str, limits: Limits, kind: str | None = None
) -> Iterator[RawDoc | Rejection]:
    """Read stdin or a pipe: sniff the kind from the first bytes unless given; JSON lines
    are streamed, anything else is read up to the file size limit."""
    head = _read_head(stream)
    if not head:
        yield Rejection(origin, "empty input")
        return
    kind = kind or sniff(head)
    if kind == "jsonl":
        joined = io.BufferedReader(_Prefixed(head, stream), buffer_size=_HEAD)
        yield from read_jsonl_stream(joined, origin=origin, path=path, limits=limits)
        return
    want = limits.max_file_bytes + 1 - len(head)
    data = head + (stream.read(want) if want > 0 else b"")
    if len(data) > limits.max_file_bytes:  # read only up to the limit: its size is not known
        yield file_too_large(origin, None, limits, what="input")
        return
    yield from read_data(kind, data, origin=origin, path=path, limits=limits)


def _read_head(stream: BinaryIO) -> bytes:
    """Enough bytes to sniff, without waiting for 64 KB on a slow interactive pipe."""
    read = getattr(stream, "read1", stream.read)
    head = b""
    while len(head) < _HEAD:
        chunk = read(_HEAD - len(head))
        if not chunk:
            break
        head += chunk
        if head.lstrip(b" \t\r\n\xef\xbb\xbf") and b"\n" in head:
            break
    return head


def _binary(stdin: BinaryIO | None) -> BinaryIO:
    stream: Any = sys.stdin if stdin is None else stdin
    return stream.buffer if hasattr(stream, "buffer") else stream  # a text stream's bytes underneath


class _Prefixed(io.RawIOBase):
    """Bytes already read (the sniffed head) followed by the rest of the stream."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._rest = memoryview(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        read = getattr(self._rest, "read1", self._rest.read)
        chunk = read(len(b))
        b[: len(chunk)] = chunk
        return len(chunk)
