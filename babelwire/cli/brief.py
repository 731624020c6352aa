"""`babelwire brief STORY` and `babelwire brief --files PATH...`."""
from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import ConfigError, InputError
from .app import Context, cli, console, db_option, pass_ctx, say


def articles_from_files(paths: list[str], settings: Any) -> tuple[list, list]:
    """Articles built from files exactly as ingest would (language, cleaning, dates), without a
    store; exact and near copies among them are linked with ``duplicate_of``."""
    from .. import dedup, pipeline
    from ..ingest import read_paths
    from ..models import RawDoc, Rejection

    docs = list(read_paths(paths, max_file_bytes=int(settings.max_file_mb * 1024 * 1024),
                           max_record_bytes=int(settings.max_record_kb * 1024),
                           max_text_chars=settings.max_text_chars))
    rejected = [d for d in docs if isinstance(d, Rejection)]
    raw = [d for d in docs if isinstance(d, RawDoc)]
    if not raw:
        return [], rejected
    detector, cleaner = _components(settings)
    prepared = pipeline.prepare_batch(raw, detector=detector, cleaner=cleaner,
                                      min_text_chars=settings.min_text_chars)
    rejected += [p for p in prepared if isinstance(p, Rejection)]
    good = [p for p in prepared if isinstance(p, pipeline.Prepared)]
    seen_hash: dict[str, str] = {}
    kept: list = []
    for p in good:
        a = p.article
        first = seen_hash.get(a.content_hash)
        if first is None:
            for q in kept:  # few files: pairwise near-duplicate check is cheap enough
                if dedup.similarity(p.signature, q.signature) >= settings.near_dup_threshold:
                    first = q.article.id
                    break
        if first is not None and first != a.id:
            a.duplicate_of = first
        else:
            seen_hash[a.content_hash] = a.id
            kept.append(p)
    return [p.article for p in good], rejected


def _components(settings: Any):
    try:
        from ..language import get_detector

        detector = get_detector(settings.detector)
    except ImportError:
        detector = _ScriptDetector()
    try:
        from ..clean import get_cleaner

        cleaner = get_cleaner()
    except ImportError:
        cleaner = _NoCleaner()
    return detector, cleaner


class _ScriptDetector:
    """Stand-in when no detector module is installed: cld2, which ships its own model."""

    def detect_batch(self, texts):
        import pycld2

        from ..models import LanguageGuess

        out = []
        for t in texts:
            try:
                ok, _, details = pycld2.detect(t)
                code = details[0][1] if ok else "und"
            except Exception:
                code = "und"
            out.append(LanguageGuess(code if code != "un" else "und", 0.5))
        return out


class _NoCleaner:
    def clean_batch(self, texts, languages):
        from types import SimpleNamespace

        return [SimpleNamespace(text=t, removed=[], captured={}) for t in texts]


@cli.command()
@click.argument("targets", nargs=-1, metavar="STORY | --files PATH...")
@click.option("--files", "from_files", is_flag=True,
              help="Brief these files (txt, md, html, jsonl …) directly, without a store.")
@click.option("--lang", default="en", show_default=True, metavar="CODE",
              help="Reader's language (ISO 639-1): headline and summary prefer it; titles, dates and numbers "
                   "in it; translations into it when a translator is set (settings translator, translator_url).")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "html", "json"]), default="text",
              show_default=True, help="text for the terminal; md and html to share; json with provenance.")
@click.option("--refresh", is_flag=True, help="Rebuild even when the cached brief is current.")
@click.option("--all", "warm_all", is_flag=True,
              help="Build every missing or stale brief, newest stories first, so readers never wait (prints counts).")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="With --all: only the newest N stories.")
@click.option("--no-embed", is_flag=True, help="Do not load the embedding model (summary by position and names).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="Write to FILE instead of standard output.")
@db_option
@pass_ctx
def brief(ctx: Context, targets: tuple[str, ...], from_files: bool, lang: str, fmt: str, refresh: bool,
          warm_all: bool, limit: int | None, no_embed: bool, output: str | None) -> None:
    """Brief one story: headline, summary, timeline, sources, names, facts, disagreements."""
    from ..brief import brief_for_story, build_brief
    from ..brief.render import render, to_rich
    from ..translate import reader_language
    from ..translate.brief import localize

    lang = reader_language(lang)
    if warm_all:
        if targets or from_files:
            raise ConfigError("--all builds the briefs of the stories in the store; give no STORY or --files")
        _warm(ctx, lang, limit, fmt)
        return
    if from_files:
        if not targets:
            raise ConfigError("--files needs at least one PATH")
        arts, rejected = articles_from_files(list(targets), ctx.settings())
        for r in rejected:
            say(f"skipped {r}", err=True)
        if not arts:
            raise InputError("none of the files gave an article", path=", ".join(targets))
        b = localize(build_brief(arts, lang=lang, embedder=None if no_embed else "auto"), settings=ctx.settings())
    else:
        if len(targets) != 1:
            raise ConfigError("give one STORY id (see `babelwire stories`), or --files PATH...")
        ws = ctx.reader()
        b = brief_for_story(ws, targets[0], lang=lang, refresh=refresh) if not no_embed else \
            _brief_no_embed(ws, targets[0], lang, refresh)
    if fmt == "text" and output is None:
        console().print(to_rich(b))
        return
    text = render(b, fmt)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        say(f"wrote {output}", err=True)
    else:
        click.echo(text)


def _warm(ctx: Context, lang: str, limit: int | None, fmt: str) -> None:
    from .app import emit_json, table

    ws = ctx.reader()
    total = ws.store.count_stories() if limit is None else min(limit, ws.store.count_stories())
    if ws.settings.progress and sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        with Progress(BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console(stderr=True), transient=True) as bar:
            task = bar.add_task("briefs", total=total)
            out = ws.warm_briefs(limit=limit, lang=lang, progress=lambda n: bar.advance(task, n))
    else:
        out = ws.warm_briefs(limit=limit, lang=lang)
    if fmt == "json":
        emit_json(out)
        return
    table(["stories", "built", "already current", "failed"],
          [[out["stories"], out["built"], out["fresh"], len(out["failed"])]], title=f"briefs in {ws.store.path}")
    for f in out["failed"][:20]:
        say(f"failed: {f['story_id']}: {f['error']}", err=True)


def _brief_no_embed(ws: Any, story: str, lang: str, refresh: bool):
    from ..brief import build_brief, members_hash
    from ..brief.model import Brief
    from ..errors import NotFoundError

    arts = ws.articles(story=story, limit=None)
    if not arts:
        raise NotFoundError(f"no story with id {story!r} (or it has no articles) in {ws.store.path}")
    cache = ws.store.briefs()
    h = members_hash(arts, lang) + "-noembed"
    cached = None if refresh else cache.get(story, lang, h)
    if cached is not None:
        b = Brief.from_dict(cached)
    else:
        b = build_brief(arts, lang=lang, embedder=None, story_id=story)
        cache.put(story, lang, h, b.to_dict(), b.built_at)
    from ..translate.brief import localize

    return localize(b, settings=ws.settings, store=ws.store)
