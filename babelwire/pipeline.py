"""The ingest flow: raw documents -> language -> clean -> articles -> store.

``prepare_batch`` is a pure function of its inputs (no store), so a distributed engine can
map it over partitions; ``store_batch`` is the only step that reads or writes the store, one
transaction per batch, and decides exact duplicates, updates and near-duplicates.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence
from urllib.parse import unquote_plus, urlsplit

from . import boilerplate, dedup, not_article
from .dates import now_iso
from .errors import StoreError
from .models import PRECISIONS, Article, IngestReport, LanguageGuess, Published, RawDoc, Rejection

if TYPE_CHECKING:
    from .store import Store

_MAX_ID = 200


@dataclass(slots=True)
class Prepared:
    article: Article
    signature: Any  # numpy minhash
    origin: str = ""  # where the document was read, for a rejection at storing time
    line: int | None = None


def item_failure(origin: str, line: int | None, stage: str, e: BaseException) -> Rejection:
    """A bug or a library failure on one document: that document's rejection, not the batch's."""
    return Rejection(origin, f"unexpected error while {stage} ({type(e).__name__}: {e}); please report this", line)


# Query parameters that only say how a reader arrived (campaign, click and share tracking).
# Everything else may name the article (news.asp?NewsID=77, watch?v=…, ?sid=, ?story=), so
# it stays: two articles merged into one URL would overwrite each other.
_TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|ttclid|igshid|"
    r"mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|rb_clickid|"
    r"s_cid|cmpid|ocid|ncid|at_medium|at_campaign|at_custom\d*|xtor|ref_src|ref_url|spm|share|smid|"
    r"__twitter_impression|fb_action_ids|fb_action_types|fb_source|action_object_map)$",
    re.I,
)


def canonical_url(url: str | None) -> str | None:
    """The URL an article is known by: scheme and host normalised by courlan, fragment gone,
    tracking parameters dropped, the other parameters kept in a stable order."""
    if not url:
        return None
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        return None  # javascript:, data:, file: … are neither identities nor links
    try:
        parts = urlsplit(url)
        # deferred: courlan is slow to import; paid only when this runs
        from courlan import normalize_url

        # courlan with strict=True drops every parameter it does not know: give it none.
        base = normalize_url(parts._replace(query="", fragment="").geturl(), strict=True, trailing_slash=False)
    except Exception:  # courlan rejects some odd but real URLs; keep them as given
        return url
    # Parameters are kept as written (no re-encoding: "?12345" stays "?12345"), in sorted order.
    params = sorted(p for p in parts.query.split("&") if p and not _TRACKING.match(unquote_plus(p.split("=", 1)[0])))
    return f"{base}?{'&'.join(params)}" if params else base


def article_id(doc: RawDoc, url: str | None, chash: str) -> str:
    """The input's own id wins; else one derived from the URL; else from the content."""
    if doc.id is not None and str(doc.id).strip():
        return str(doc.id).strip()[:_MAX_ID]
    if url:
        return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    return chash[:16]


def _pick_published(explicit: Published | None, captured: Published | None) -> Published | None:
    """Keep the explicit date unless the text states a more precise one that agrees with it."""
    if explicit is None:
        return captured
    if captured is None:
        return explicit
    finer = PRECISIONS.index(captured.precision) > PRECISIONS.index(explicit.precision)
    if finer and captured.value.startswith(explicit.value):
        return captured
    return explicit


def _detect_input(doc: RawDoc, limit: int = 800) -> str:
    return ((doc.title or "") + "\n" + doc.text[:limit]).strip()


def prepare_batch(
    docs: Sequence[RawDoc],
    *,
    detector: Any,
    cleaner: Any,
    min_text_chars: int,
    now: str | None = None,
) -> list[Prepared | Rejection]:
    """Detect language, clean, and build Article records. Pure: no store, no clock unless `now` is None.

    Stages work on the whole batch; when one fails, each document is prepared alone, so the
    failure becomes the rejection of the document that caused it.
    """
    now = now or now_iso()
    if any(d.deferred is not None for d in docs):
        parsed, early = _parse_deferred(docs)
        return early + (prepare_batch(parsed, detector=detector, cleaner=cleaner, min_text_chars=min_text_chars,
                                      now=now) if parsed else [])
    try:
        return _prepare(docs, detector=detector, cleaner=cleaner, min_text_chars=min_text_chars, now=now)
    except Exception:  # noqa: BLE001 - isolated below
        if len(docs) == 1:
            raise
    out: list[Prepared | Rejection] = []
    for doc in docs:
        try:
            out += _prepare([doc], detector=detector, cleaner=cleaner, min_text_chars=min_text_chars, now=now)
        except Exception as e:  # noqa: BLE001 - this document only
            out.append(item_failure(doc.origin, doc.metadata.get("line"), "preparing", e))
    return out


def _parse_deferred(docs: Sequence[RawDoc]) -> tuple[list[RawDoc], list[Prepared | Rejection]]:
    """Parse the documents a reader deferred (HTML pages): (documents, rejections)."""
    # lazy stage load: `import babelwire` loads this module (api.py), the readers load on first use
    from .ingest.html import parse_deferred

    parsed: list[RawDoc] = []
    rejected: list[Prepared | Rejection] = []
    for doc in docs:
        if doc.deferred is None:
            parsed.append(doc)
            continue
        try:
            items = parse_deferred(doc)
        except Exception as e:  # noqa: BLE001 - this page only
            items = [item_failure(doc.origin, None, "reading", e)]
        parsed += [d for d in items if isinstance(d, RawDoc)]
        rejected += [d for d in items if isinstance(d, Rejection)]
    return parsed, rejected


def _prepare(docs: Sequence[RawDoc], *, detector: Any, cleaner: Any, min_text_chars: int,
             now: str) -> list[Prepared | Rejection]:
    need = [i for i, d in enumerate(docs) if not d.language]
    guesses: dict[int, LanguageGuess] = {}
    if need:
        for i, g in zip(need, detector.detect_batch([_detect_input(docs[i]) for i in need])):
            guesses[i] = g
    # lazy stage load: `import babelwire` loads this module (api.py), the detectors load on first use
    from .language import normalize_code

    langs = [normalize_code(d.language) if d.language else guesses[i].code for i, d in enumerate(docs)]
    cleaned = cleaner.clean_batch([d.text for d in docs], langs)

    out: list[Prepared | Rejection] = []
    for i, (doc, c) in enumerate(zip(docs, cleaned)):
        text = c.text.strip()
        if len(text) < min_text_chars:
            reason = "no text left after removing page furniture" if doc.text.strip() else "empty text"
            if text:
                reason = f"text too short after cleaning ({len(text)} chars; setting min_text_chars={min_text_chars})"
            out.append(Rejection(doc.origin, reason, doc.metadata.get("line")))
            continue
        page = not_article.check(text)
        if page is not None:
            out.append(Rejection(doc.origin, f"not an article: {page}", doc.metadata.get("line")))
            continue
        g = guesses.get(i) or LanguageGuess(langs[i], 1.0, "field")
        url = canonical_url(doc.url)
        chash = dedup.content_hash(doc.title, text)
        published = _pick_published(doc.published, c.captured.get("published"))
        metadata = dict(doc.metadata)
        if c.removed:
            metadata["furniture_removed"] = len(c.removed)
        for key in ("author", "editor", "credit", "dateline", "updated"):
            if c.captured.get(key):
                metadata[key] = str(c.captured[key])
        art = Article(
            id=article_id(doc, url, chash),
            text=text,
            title=(doc.title or "").strip() or None,
            url=url,
            source=doc.source or c.captured.get("source") or _domain(url),
            language=g.code,
            language_confidence=round(float(g.confidence), 4),
            language_source=g.source,
            published=published.value if published else None,
            published_precision=published.precision if published else None,
            published_source=published.source if published else None,
            ingested_at=now,
            content_hash=chash,
            metadata=metadata,
        )
        out.append(Prepared(art, dedup.minhash((doc.title or "") + " " + text), doc.origin,
                            doc.metadata.get("line")))
    return out


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else (host or None)


def store_batch(store: Store, batch: Sequence[Prepared], report: IngestReport, near_threshold: float) -> list[str]:
    """Write one batch in one transaction; returns the ids of new or changed articles.

    Same id or URL with the same content: a duplicate, nothing changes. Same id or URL with new
    content: the stored article is updated in place. A new article whose content matches a
    stored one exactly or nearly is stored and linked to the first copy (`duplicate_of`).
    Every article that is not a copy adds its lines to the boilerplate counts.
    """
    changed: list[str] = []
    failures: tuple[type[BaseException], ...] = (StoreError, *store.failure_errors)
    with store.transaction():
        for p in batch:
            try:
                with store.transaction():  # a savepoint: a failing article takes back only its own writes
                    outcome = _store_one(store, p, near_threshold)
            except store.input_errors as e:
                report.rejected.append(item_failure(p.origin, p.line, "storing", e))
                continue
            except failures:
                raise  # the store itself (busy, full, broken): the batch fails whole
            except Exception as e:  # noqa: BLE001 - this article only
                report.rejected.append(item_failure(p.origin, p.line, "storing", e))
                continue
            a = p.article
            if outcome == "duplicate":
                report.duplicates += 1
                continue
            if outcome == "updated":
                report.updated += 1
            else:
                report.ingested += 1
                report.near_duplicates += a.duplicate_of is not None
                report.article_ids.append(a.id)
            changed.append(a.id)
    return changed


def _store_one(store: Store, p: Prepared, near_threshold: float) -> str:
    a = p.article
    same = store.find_by_id(a.id) or (store.find_by_url(a.url) if a.url else None)
    if same is not None and same.content_hash == a.content_hash:
        return "duplicate"
    if same is not None:
        a.id = same.id
    else:
        exact = store.find_by_hash(a.content_hash)
        if exact is not None:
            _link(store, a, exact.id, "exact", 1.0)
    bands = dedup.bands(p.signature)
    if a.duplicate_of is None:
        _link_near_duplicate(store, p, bands, near_threshold)
    if same is not None:
        old = store.get_article(a.id)
        if old is not None:  # the old text's lines leave the boilerplate counts
            store.add_line_counts(boilerplate.article_lines(old), delta=-1)
        store.replace_article(a)
    else:
        store.insert_article(a)
    store.put_signature(a.id, dedup.to_bytes(p.signature), bands)
    # Counted here, not in prepare: on two cores the preparing worker is the slower stage.
    store.add_line_counts(boilerplate.article_lines(a))
    return "updated" if same is not None else "inserted"


def _link(store: Store, a: Article, other_id: str, kind: str, similarity: float) -> None:
    """Point at the first copy: a copy of a copy links to the original."""
    original = store.get_article(other_id)
    a.duplicate_of = original.duplicate_of if original and original.duplicate_of else other_id
    a.metadata["duplicate_kind"] = kind
    a.metadata["duplicate_similarity"] = round(similarity, 3)


def _link_near_duplicate(store: Store, p: Prepared, bands: list[int], threshold: float) -> None:
    a = p.article
    best: tuple[float, str] | None = None
    for other_id, blob in store.band_candidates(bands):
        if other_id == a.id:
            continue
        sim = dedup.similarity(p.signature, dedup.from_bytes(blob))
        if sim >= threshold and (best is None or sim > best[0]):
            best = (sim, other_id)
    if best is not None:
        _link(store, a, best[1], "near", best[0])


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
