"""OPML subscription lists in and out (what every feed reader imports and exports).

Outlines with an ``xmlUrl`` are feeds, at any depth (folders are flattened). ``language``
and ``country`` are read from and written to each outline as plain attributes.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Iterable

from ..errors import InputError


@dataclass
class OpmlFeed:
    url: str
    name: str | None = None
    language: str | None = None
    country: str | None = None


def parse_opml(data: bytes, *, origin: str = "<opml>") -> list[OpmlFeed]:
    if b"<!ENTITY" in data[:65536]:  # no DTD tricks (entity expansion) from a file off the web
        raise InputError("OPML with entity declarations is not accepted", path=origin)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise InputError(f"not valid OPML/XML: {e}", path=origin) from None
    if root.tag.lower() != "opml":
        raise InputError(f"not an OPML file (root element <{root.tag}>)", path=origin)
    out: list[OpmlFeed] = []
    seen: set[str] = set()
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag.lower() != "outline":
            continue
        attrs = {k.lower(): v for k, v in el.attrib.items()}
        url = (attrs.get("xmlurl") or "").strip()
        if not url or url in seen:
            continue
        seen.add(url)
        name = (attrs.get("title") or attrs.get("text") or "").strip() or None
        out.append(OpmlFeed(url, name, (attrs.get("language") or "").strip() or None,
                            (attrs.get("country") or "").strip() or None))
    return out


def build_opml(feeds: Iterable[OpmlFeed], *, title: str = "babelwire feeds") -> str:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(datetime.now(timezone.utc), usegmt=True)
    body = ET.SubElement(root, "body")
    for f in feeds:
        attrs = {"type": "rss", "text": f.name or f.url, "xmlUrl": f.url}
        if f.name:
            attrs["title"] = f.name
        if f.language:
            attrs["language"] = f.language
        if f.country:
            attrs["country"] = f.country
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
