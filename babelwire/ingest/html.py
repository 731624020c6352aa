"""HTML pages (.html, .htm, .xhtml): the article's text and what the page says about it.

trafilatura finds the main text (favouring precision: navigation, share boxes, footers
and comments stay out) plus title, site name and canonical URL. When precision mode keeps too
little (a date line, a menu), the page is read again in trafilatura's default mode with its
own fallback extractors (readability, jusText), then in recall mode, before it is refused.
The date comes from pagedate.py (URL, original-date metadata, then the text); the outlet's
name is taken off the title. Broken markup is parsed as far as it goes; nothing here raises.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Iterator
from urllib.parse import urlsplit

from ..models import RawDoc, Rejection
from .common import Limits, file_too_large, normalise, text_too_long
from .decode import DecodeError, decode
from .pagedate import page_date

# trafilatura logs every page it cannot use; the rejection already says so.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

_HTML_LANG = re.compile(r"<html\b[^>]{0,500}?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_LINK_TEXT = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.I | re.S)


# Below this many characters of text that is not a date line, a precision-mode result is
# treated as a miss and the page is read again in the more generous modes.
_ENOUGH_TEXT = 250
# A short line with a year in it ("Posted on March 3, 2021", "2021年3月3日 12:00") is a date
# line: on its own it does not make an article.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Extractor settings (trafilatura's own option names): built once per process, not per page.
_MODES: tuple[dict[str, Any], ...] = (
    {"precision": True, "fast": True},  # a missed paragraph costs less than a menu
    {"fast": False},  # default mode plus trafilatura's fallback extractors
    {"recall": True, "fast": False},
)


@lru_cache(maxsize=None)
def _options(mode: int) -> Any:
    # deferred: trafilatura is slow to import; paid only when this runs
    from trafilatura.settings import Extractor

    return Extractor(output_format="python", comments=False, images=False, tables=True, dedup=False, **_MODES[mode])


def parse(html: str) -> Any:
    """The page's lxml tree as trafilatura reads it (None when there is none): parsed once,
    then handed to every extraction mode and the metadata steps."""
    # deferred: trafilatura is slow to import; paid only when this runs
    from trafilatura import load_html

    return load_html(html)


def extract(page: Any, mode: int = 0) -> Any:
    """trafilatura's Document (text only) for a decoded page or its tree in one of _MODES, or None."""
    # deferred: trafilatura is slow to import; paid only when this runs
    import trafilatura

    return trafilatura.bare_extraction(page, options=_options(mode))


def page_metadata(tree: Any) -> Any:
    """Title, canonical URL, site name, description, author, categories and tags.

    These are trafilatura's own metadata steps (``extract_metadata``) on the tree already
    parsed, minus two whose answers we never use: its date (pagedate.py finds that, by other
    rules) and the licence."""
    # deferred: courlan is slow to import; paid only when this runs; deferred: trafilatura is slow to import; paid only when this runs
    from courlan import extract_domain
    from trafilatura import metadata as tm

    meta = tm.examine_meta(tree)
    if meta.author and " " not in meta.author:  # a handle, not a name
        meta.author = None
    try:
        meta = tm.extract_meta_json(tree, meta)
    except Exception:  # noqa: BLE001 - malformed JSON-LD: the meta tags stand
        pass
    meta.title = meta.title or tm.extract_title(tree)
    meta.author = meta.author or tm.extract_author(tree)  # a byline in the body
    meta.url = meta.url or tm.extract_url(tree)
    if meta.url:
        meta.hostname = extract_domain(meta.url, fast=True)
    site = (meta.sitename or tm.extract_sitename(tree) or "").lstrip("@")
    if site and "." not in site and not site[0].isupper():
        site = site.title()
    if not site and meta.url:
        found = tm.META_URL.match(meta.url)
        site = found[1] if found else ""
    meta.sitename = site or None
    meta.categories = meta.categories or tm.extract_catstags("category", tree)
    meta.tags = meta.tags or tm.extract_catstags("tag", tree)
    meta.clean_and_trim()
    return meta


def _date_line(line: str) -> bool:
    return len(line) <= 60 and len(line.split()) <= 7 and _YEAR.search(line) is not None


def article_substance(text: str, html: str) -> int:
    """Characters of text beyond date lines and link menus: what says there is an article."""
    if not text or _only_links(text, html):
        return 0
    kept = [line for line in text.split("\n") if line.strip() and not _date_line(line.strip())]
    # A CJK character carries about what three Latin letters do.
    return sum(len(line) + 2 * len(_WIDE.findall(line)) for line in kept)


def extract_best(tree: Any, html: str) -> tuple[str, int]:
    """(text, mode): the first mode that finds enough text, else the one that finds most."""
    doc = extract(tree, 0)
    best = (doc.text or "").strip() if doc is not None else ""
    best_mode, best_n = 0, article_substance(best, html)
    for mode in range(1, len(_MODES)):
        if best_n >= _ENOUGH_TEXT:
            break
        again = extract(tree, mode)
        text = (again.text or "").strip() if again is not None else ""
        n = article_substance(text, html)
        if n > best_n:
            best, best_mode, best_n = text, mode, n
    return best, best_mode


def _only_links(text: str, html: str) -> bool:
    """A short "text" made only of link labels is a menu (a page with nothing but a nav)."""
    if len(text) > 200:
        return False
    labels = {" ".join(re.sub(r"<[^>]+>", " ", m).split()) for m in _LINK_TEXT.findall(html)}
    return all(" ".join(line.split()) in labels for line in text.split("\n") if line.strip())


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host or None


# The separators sites put between a headline and their name: "… – TechCrunch", "Site | …".
_TITLE_SEP = re.compile(r"\s+(?:::|[|–—•·:»/]|-{1,2})\s+|\s*[|｜]\s*")
_OG_SITE = re.compile(r"<meta\b[^>]{0,200}?property\s*=\s*[\"']og:site_name[\"'][^>]{0,200}?content\s*=\s*[\"']([^\"']{1,120})", re.I)


def _name_key(s: str) -> str:
    return re.sub(r"\W+", "", s.casefold())


def site_names(*names: str | None, url: str | None = None) -> set[str]:
    """Keys an outlet's name may take in a title: its stated names and its domain's name."""
    keys = {_name_key(n) for n in names if n}
    host = _domain(url) or ""
    labels = [p for p in host.split(".") if p]
    if len(labels) >= 2:  # techcrunch.com, harbourherald.co.uk: the longest label before the suffix
        keys.add(_name_key(max(labels[:-1], key=len)))
        keys.add(_name_key(host))
    return {k for k in keys if len(k) >= 2}


def _is_site(segment: str, names: set[str]) -> bool:
    key = _name_key(segment)
    return bool(key) and (key in names or key.removeprefix("the") in names
                          or any(len(n) >= 4 and key.startswith(n) and len(key) - len(n) <= 4 for n in names))


def clean_title(title: str | None, names: set[str]) -> str | None:
    """The title without the outlet's name at its start or end ("… – TechCrunch", "Site | …")."""
    if not title or not names:
        return title
    seps = list(_TITLE_SEP.finditer(title))
    if not seps:
        return title
    start, end = 0, len(title)
    if _is_site(title[seps[-1].end():], names):
        end = seps[-1].start()
    if _is_site(title[: seps[0].start()], names) and seps[0].end() < end:
        start = seps[0].end()
    out = title[start:end].strip()
    return out if len(_name_key(out)) >= 2 else title


def _strip_title(text: str, title: str | None) -> str:
    """trafilatura keeps the <h1> as the first line; the title is already its own field."""
    if not title:
        return text
    first, _, rest = text.partition("\n")
    if " ".join(first.split()).casefold() == " ".join(title.split()).casefold() and rest.strip():
        return rest.lstrip("\n")
    return text


@dataclass(frozen=True, slots=True)
class DeferredHtml:
    """An HTML page read but not parsed: what a worker process needs to parse it."""

    data: bytes
    path: str
    limits: Limits


def parse_deferred(doc: RawDoc) -> list[RawDoc | Rejection]:
    """The parsed page (or its rejection) for a document ``read_html`` deferred."""
    d: DeferredHtml = doc.deferred
    return list(read_html(d.data, origin=doc.origin, path=d.path, limits=replace(d.limits, defer_html=False)))


def read_html(data: bytes, *, origin: str, path: str, limits: Limits) -> Iterator[RawDoc | Rejection]:
    if not data.strip():
        yield Rejection(origin, "empty file")
        return
    if len(data) > limits.max_file_bytes:  # bound the parse before it starts
        yield file_too_large(origin, len(data), limits)
        return
    if limits.defer_html:
        yield RawDoc(text="", origin=origin, metadata={"path": path}, deferred=DeferredHtml(data, path, limits))
        return
    try:
        decoded = decode(data, html=True)
    except DecodeError as e:
        yield Rejection(origin, e.reason)
        return
    # lxml refuses str input that carries an encoding declaration; we have decoded already.
    html = _XML_DECL.sub("", decoded.text, count=1)
    try:
        tree = parse(html)
        text, mode = extract_best(tree, html) if tree is not None else ("", 0)
        doc = page_metadata(tree) if text else None
    except Exception as e:  # lxml/trafilatura on hostile markup; the batch goes on
        yield Rejection(origin, f"could not parse HTML: {type(e).__name__}: {e}")
        return
    if doc is None or not text or _only_links(text, html):
        yield Rejection(origin, "no article text found in HTML")
        return
    url = doc.url if doc.url and doc.url.startswith(("http://", "https://")) else None
    sitename = (doc.sitename or "").strip() or None
    og_site = _OG_SITE.search(html[:20000])
    names = site_names(sitename, og_site.group(1) if og_site else None, url=url)
    title = " ".join(normalise(doc.title).split()) if doc.title else None
    title = clean_title(title, names)
    text = _strip_title(normalise(text), title)
    if len(text) > limits.max_text_chars:
        yield text_too_long(origin, None, len(text), limits)
        return
    metadata: dict[str, Any] = {"path": path, "encoding": decoded.encoding}
    if mode:
        metadata["extraction"] = ("precision", "default", "recall")[mode]
    for key in ("author", "description", "sitename", "hostname"):
        value = getattr(doc, key, None)
        if value:
            metadata[key] = value
    for key in ("categories", "tags"):
        value = getattr(doc, key, None)
        if value:
            metadata[key] = list(value)
    lang = _HTML_LANG.search(html[:5000])
    if lang:  # a template default as often as not: a hint for detection, not the language
        metadata["html_lang"] = lang.group(1)
    published, about = page_date(html, url, lang.group(1).split("-")[0].split("_")[0].lower() if lang else None)
    metadata.update(about)
    yield RawDoc(
        text=text, title=title, url=url, source=sitename or _domain(url), published=published,
        origin=origin, metadata=metadata,
    )
