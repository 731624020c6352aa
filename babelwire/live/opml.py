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

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..errors import InputError


@dataclass
class OpmlFeed:
    url: str
    name: str | None = None
    language: str | None = None
    country: str | None = None


MAX_OPML_BYTES = 5 * 1024 * 1024
MAX_OPML_FEEDS = 2000  # a subscription list, not a crawl frontier


def parse_opml(data: bytes, *, origin: str = "<opml>") -> list[OpmlFeed]:
    """Feeds of an OPML file. Parsed with defusedxml: no DTDs, entities or external references
    in any encoding (a byte scan for "<!ENTITY" misses UTF-16 and long padding)."""
    if len(data) > MAX_OPML_BYTES:
        raise InputError(f"OPML file is {len(data) / 1048576:.1f} MB, over the "
                         f"{MAX_OPML_BYTES // 1048576} MB limit", path=origin)
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise InputError("OPML with a DTD or entity declarations is not accepted", path=origin) from None
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
        if len(seen) > MAX_OPML_FEEDS:
            raise InputError(f"OPML lists more than {MAX_OPML_FEEDS:,} feeds; split it into smaller files",
                             path=origin)
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
