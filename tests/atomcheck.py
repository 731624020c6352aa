"""Checks an Atom document against the rules of RFC 4287 that a feed reader relies on.

feedparser is lenient (it reads broken feeds without complaint), so "parses" is not
"validates"; the W3C validator is a web service and no validating Atom schema ships on PyPI,
so the spec's cardinality, date and identifier rules are checked here by hand.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

A = "{http://www.w3.org/2005/Atom}"
# RFC 3339 date-time: upper-case T and Z or a numeric offset (RFC 4287 section 3.3)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
TEXT_TYPES = {"text", "html", "xhtml"}


def _one(parent: ET.Element, tag: str, where: str) -> ET.Element:
    found = parent.findall(A + tag)
    assert len(found) == 1, f"{where}: atom:{tag} must occur exactly once, found {len(found)}"
    return found[0]


def _at_most_one(parent: ET.Element, tags: list[str], where: str) -> None:
    for tag in tags:
        assert len(parent.findall(A + tag)) <= 1, f"{where}: atom:{tag} occurs more than once"


def _text(el: ET.Element, where: str) -> None:
    kind = el.get("type", "text")
    assert kind in TEXT_TYPES, f"{where}: text construct type {kind!r}"


def _dates(parent: ET.Element, where: str) -> None:
    for tag in ("updated", "published"):
        for el in parent.findall(A + tag):
            assert DATE.match((el.text or "").strip()), f"{where}: atom:{tag} {el.text!r} is not RFC 3339"


def _links(parent: ET.Element, where: str) -> None:
    alternates = set()
    for link in parent.findall(A + "link"):
        assert link.get("href"), f"{where}: atom:link without href"
        if link.get("rel", "alternate") == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            assert key not in alternates, f"{where}: two alternate links with the same type and hreflang"
            alternates.add(key)


def _persons(parent: ET.Element, where: str) -> None:
    for person in parent.findall(A + "author") + parent.findall(A + "contributor"):
        _one(person, "name", where + "/author")


def assert_valid_atom(xml: bytes | str) -> ET.Element:
    root = ET.fromstring(xml)
    assert root.tag == A + "feed", f"root element is {root.tag}, not atom:feed"
    _at_most_one(root, ["generator", "icon", "logo", "rights", "subtitle"], "feed")
    _text(_one(root, "title", "feed"), "feed/title")
    assert IRI.match((_one(root, "id", "feed").text or "").strip()), "feed/id is not an absolute IRI"
    _one(root, "updated", "feed")
    _dates(root, "feed")
    _links(root, "feed")
    _persons(root, "feed")
    feed_author = bool(root.findall(A + "author"))
    ids = []
    for n, entry in enumerate(root.findall(A + "entry")):
        where = f"entry {n}"
        _at_most_one(entry, ["content", "published", "rights", "source", "summary"], where)
        eid = (_one(entry, "id", where).text or "").strip()
        assert IRI.match(eid), f"{where}: id {eid!r} is not an absolute IRI"
        ids.append(eid)
        _text(_one(entry, "title", where), where + "/title")
        _one(entry, "updated", where)
        _dates(entry, where)
        _links(entry, where)
        _persons(entry, where)
        for tag in ("summary", "rights"):
            for el in entry.findall(A + tag):
                _text(el, f"{where}/{tag}")
        assert feed_author or entry.findall(A + "author"), f"{where}: no atom:author here nor on the feed"
        if not entry.findall(A + "content"):
            rels = [lk.get("rel", "alternate") for lk in entry.findall(A + "link")]
            assert "alternate" in rels, f"{where}: no content, so an alternate link is required"
    assert len(ids) == len(set(ids)), "two entries share an id"
    return root
