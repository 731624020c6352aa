"""Random JSON, JSON lines, HTML and feed bytes through the readers (hypothesis, bounded):
no crash, no "please report" rejection, and every good record of a batch is read and stored
(issue 17). A few hundred examples in all, well under a minute."""
from __future__ import annotations

import json

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import (  # noqa: E402
    HealthCheck,
    given,
    settings,
    strategies as st,  # noqa: E402
)

import babelwire  # noqa: E402
from babelwire.ingest import read_bytes  # noqa: E402
from babelwire.live.errors import FetchError  # noqa: E402
from babelwire.live.feeds import parse_feed  # noqa: E402
from babelwire.models import RawDoc, Rejection  # noqa: E402

LIMITS = {"max_file_bytes": 1 << 20, "max_record_bytes": 64 << 10, "max_text_chars": 20_000}
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Strings with everything a hostile input holds: lone surrogates, controls, RTL marks, NULs.
hostile_text = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()), max_size=40)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=20,
)


def good(n: int) -> dict:
    return {"id": f"good-{n}", "title": f"Report {n}", "text": f"Dock workers in port {n} began a strike "
            "over wages on Monday and ships waited outside the harbour for three days."}


def dumps(value) -> str:
    # json.dumps escapes lone surrogates as \ud800, the way hostile JSON carries them
    return json.dumps(value, ensure_ascii=True)


def check(items: list) -> list[RawDoc]:
    for it in items:
        assert isinstance(it, (RawDoc, Rejection))
        if isinstance(it, Rejection):
            assert "please report" not in it.reason, it
    return [it for it in items if isinstance(it, RawDoc)]


garbage_line = st.one_of(
    json_values.map(dumps),
    st.binary(max_size=60).map(lambda b: b.replace(b"\n", b" ").decode("latin-1")),
    st.integers(1, 400).map(lambda d: '{"text": "deep", "x": ' + "[" * d + "]" * d + "}"),
    st.integers(90, 6000).map(lambda d: '{"text": "big number here", "n": ' + "7" * d + "}"),
    hostile_text.map(lambda t: dumps({"text": "hostile " + t + " enough text", "title": t, "extra": {t: t}})),
)


@FAST
@given(st.lists(garbage_line, max_size=8), st.randoms(use_true_random=False))
def test_jsonl_good_records_survive_any_neighbours(garbage, rnd):
    lines = [dumps(good(i)) for i in range(3)] + garbage
    rnd.shuffle(lines)
    data = "\n".join(lines).encode("utf-8", "surrogateescape")
    docs = check(list(read_bytes(data, name="fuzz.jsonl", kind="jsonl", **LIMITS)))
    assert {f"good-{i}" for i in range(3)} <= {d.id for d in docs}
    for d in docs:
        json.dumps(d.metadata, ensure_ascii=False).encode("utf-8")
        (d.text + (d.title or "") + (d.id or "") + (d.source or "")).encode("utf-8")


@FAST
@given(json_values)
def test_json_documents_never_crash(value):
    check(list(read_bytes(dumps(value).encode(), name="fuzz.json", kind="json", **LIMITS)))


@FAST
@given(st.binary(max_size=3000))
def test_any_bytes_as_any_kind(data):
    for kind in ("text", "html", "json", "jsonl"):
        check(list(read_bytes(data, name=f"fuzz.{kind}", kind=kind, **LIMITS)))


@FAST
@given(st.one_of(st.binary(max_size=2000), json_values.map(lambda v: dumps(
    {"version": "https://jsonfeed.org/version/1.1", "items": [v, {"url": "http://a.example/1", "title": v
                                                               if isinstance(v, str) else "t"}]}).encode())))
def test_feeds_parse_or_refuse(data):
    try:
        feed = parse_feed(data, url="http://feeds.example/feed")
    except FetchError:
        return
    for item in feed.items:
        item.to_json().encode("utf-8")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(garbage_line, min_size=1, max_size=6))
def test_a_batch_stores_every_good_record(tmp_path_factory, garbage):
    db = str(tmp_path_factory.mktemp("fuzz") / "s.db")
    lines = [dumps(good(i)) for i in range(2)] + garbage + [dumps(good(9))]
    data = "\n".join(lines).encode("utf-8", "surrogateescape")
    with babelwire.open(db, progress=False) as ws:
        rep = ws.ingest_bytes(data, name="fuzz.jsonl", kind="jsonl", cluster=False)
        assert not [r for r in rep.rejected if "please report" in r.reason]
        assert {"good-0", "good-1", "good-9"} <= {a.id for a in ws.articles()}


def test_a_nul_line_first_costs_only_that_line():
    """Found by the fuzz test: a JSONL file whose first line is a NUL byte was rejected whole."""
    data = ("\x00\n" + "\n".join(dumps(good(i)) for i in range(3))).encode("utf-8")
    items = list(read_bytes(data, name="nul.jsonl", kind="jsonl", **LIMITS))
    assert {d.id for d in items if isinstance(d, RawDoc)} == {"good-0", "good-1", "good-2"}
    assert sum(isinstance(d, Rejection) for d in items) == 1
