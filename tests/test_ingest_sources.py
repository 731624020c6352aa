"""Where input comes from: paths, directories, permissions, stdin and uploaded bytes."""
from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from test_ingest_readers import FIXTURES, LIMITS, docs, only_doc, only_rejection, read, rejections

from babelwire.errors import InputError
from babelwire.ingest import read_bytes, read_paths
from babelwire.models import RawDoc, Rejection


def test_missing_path(tmp_path):
    r = only_rejection(read(tmp_path / "nope.txt"))
    assert r.reason == "no such file or directory" and r.origin == str(tmp_path / "nope.txt")


def _read_without_privileges(*paths):
    """read() as an unprivileged user: root ignores chmod, so as root fork and drop to nobody."""
    if os.geteuid() != 0:
        return read(*paths)
    import pickle

    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: drop privileges, read, send the result back, exit hard
        code = 0
        try:
            os.close(rfd)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            out = pickle.dumps(read(*paths))
        except BaseException as e:  # noqa: BLE001 - reported to the parent
            out, code = pickle.dumps(repr(e)), 1
        with os.fdopen(wfd, "wb") as w:
            w.write(out)
        os._exit(code)
    os.close(wfd)
    with os.fdopen(rfd, "rb") as r:
        data = r.read()
    _, status = os.waitpid(pid, 0)
    result = pickle.loads(data)
    if os.waitstatus_to_exitcode(status) != 0:
        pytest.skip(f"cannot drop privileges here: {result}")
    return result


@pytest.fixture
def open_dir():
    """A directory an unprivileged user may enter (pytest's tmp_path parent is private)."""
    import tempfile

    d = Path(tempfile.mkdtemp(prefix="bw-perm-"))
    d.chmod(0o755)
    yield d
    for p in d.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    shutil.rmtree(d)


def test_unreadable_file(open_dir):
    p = open_dir / "secret.txt"
    p.write_text("Headline\n\nBody text.")
    (open_dir / "zz.txt").write_text("Readable\n\nBody.")
    p.chmod(0)
    items = _read_without_privileges(p, open_dir / "zz.txt")
    r = items[0]
    assert isinstance(r, Rejection) and r.reason == "permission denied" and r.origin == str(p)
    assert items[1].title == "Readable"  # the stream went on


def test_unreadable_directory(open_dir):
    d = open_dir / "locked"
    d.mkdir()
    (d / "a.txt").write_text("Headline\n\nBody text.")
    (open_dir / "ok.txt").write_text("Other headline\n\nOther body.")
    d.chmod(0)
    items = _read_without_privileges(open_dir)
    r = rejections(items)[0]
    assert r.origin == str(d) and r.reason == "permission denied (cannot list directory)"
    assert docs(items)[0].title == "Other headline"


def test_directory_recursion_sorted_hidden_skipped(tmp_path):
    root = tmp_path / "in"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text("Hidden dir\n\nnot read")
    (root / ".hidden.txt").write_text("Hidden file\n\nnot read")
    (root / "z.txt").write_text("Zed\n\nlast file")
    (root / "a" / "2.md").write_text("# Two\n\nsecond")
    (root / "a" / "1.txt").write_text("One\n\nfirst")
    (root / "b" / "deeper" / "d.jsonl").write_text('{"text": "deep", "id": "d"}\n')
    (root / "b" / "c.html").write_bytes((FIXTURES / "article.html").read_bytes())
    (root / "b" / "notes.docx").write_bytes(b"PK\x03\x04")
    (root / "README.md").write_text("# About this folder\n\nNot an article.")  # skipped in walks
    (root / "LICENSE").write_text("Permission is hereby granted")
    (root / "loop").symlink_to(root)  # a symlink loop must not recurse forever
    items = read(root)
    got = [(Path(x.origin).relative_to(root).as_posix(), getattr(x, "title", None) or getattr(x, "reason", ""))
           for x in items]
    assert [g[0] for g in got] == ["a/1.txt", "a/2.md", "b/c.html", "b/deeper/d.jsonl", "b/notes.docx", "z.txt"]
    assert got[0][1] == "One" and got[1][1] == "Two" and got[5][1] == "Zed"
    assert got[4][1].startswith("unsupported file type '.docx'")
    assert items == read(root)  # stable
    # metadata["path"] keeps the form the path was given in (relative stays relative)
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        first = read_paths(["in"], **LIMITS)
        assert next(first).metadata["path"] == os.path.join("in", "a", "1.txt")
    finally:
        os.chdir(cwd)


def test_stdin_sniffs_the_format():
    jsonl = b'{"text": "from stdin one"}\n{"text": "from stdin two", "id": "s2"}\n'
    items = read("-", stdin=io.BytesIO(jsonl))
    assert [d.text for d in docs(items)] == ["from stdin one", "from stdin two"]
    assert items[1].metadata == {"path": "-", "line": 2} and items[1].origin == "<stdin>"

    page = (FIXTURES / "article.html").read_bytes()
    doc = only_doc(read("-", stdin=io.BytesIO(b"\n  " + page)))
    assert doc.source == "The Harbour Courier"

    doc = only_doc(read("-", stdin=io.BytesIO(b" date 2020-07-10 Headline from a pipe\n\nBody.")))
    assert (doc.title, doc.text, doc.published.value) == ("Headline from a pipe", "Body.", "2020-07-10")

    pretty = b'{\n  "text": "pretty printed",\n  "title": "P"\n}\n'
    assert only_doc(read("-", stdin=io.BytesIO(pretty))).title == "P"
    listing = b'[{"text": "in a list"}]'
    assert only_doc(read("-", stdin=io.BytesIO(listing))).text == "in a list"
    assert only_rejection(read("-", stdin=io.BytesIO(b""))).reason == "empty input"
    r = only_rejection(read("-", stdin=io.BytesIO(b"x" * 3000), max_file_bytes=1000))
    assert "setting max_file_mb" in r.reason


def test_read_bytes_for_uploads():
    page = (FIXTURES / "article.html").read_bytes()
    assert only_doc(list(read_bytes(page, name="upload.htm", **LIMITS))).origin == "upload.htm"
    assert only_doc(list(read_bytes(b"Title\n\nBody", name="blob", **LIMITS))).title == "Title"
    assert only_doc(list(read_bytes(b"Title\n\nBody", name="x.bin", kind="md", **LIMITS))).title == "Title"
    r = only_rejection(list(read_bytes(b"data", name="x.pdf", **LIMITS)))
    assert r.reason.startswith("unsupported file type '.pdf'")
    got = list(read_bytes(b'{"text": "a"}\n{"bad"}\n', name="u.jsonl", **LIMITS))
    assert isinstance(got[0], RawDoc) and got[1].line == 2
    with pytest.raises(InputError, match="unknown kind 'docx'"):
        list(read_bytes(b"x", name="x", kind="docx", **LIMITS))
