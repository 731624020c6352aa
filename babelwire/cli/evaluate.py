"""`babelwire eval …`: the project's quality harness on labelled data."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .app import cli, emit_json


@cli.group("eval")
def eval_group() -> None:
    """Measure quality against labelled data, with baselines beside every figure."""


@eval_group.command("language")
@click.option("--data", "path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="JSONL with fields text, language[, kind].")
@click.option("--detector", "detectors", multiple=True, help="Detector names (default: default + baselines).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def eval_language(path: str, detectors: tuple[str, ...], fmt: str) -> None:
    """Language identification accuracy (overall, short, long, per language)."""
    # lazy: a command loads its stage only when it runs (fast CLI start-up)
    from ..evaluate.language import evaluate_language, format_language_report

    result = evaluate_language(path, list(detectors) or None)
    if fmt == "json":
        emit_json(result)
    else:
        click.echo(format_language_report(result))


@eval_group.command("entities")
@click.option("--labels", required=True, type=click.Path(exists=True, dir_okay=False),
              help="JSONL of labelled sentences (tests/data/entities-dev.jsonl).")
@click.option("--articles", required=True, type=click.Path(exists=True, dir_okay=False),
              help="JSONL of the articles they come from (id, text, language).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def eval_entities(labels: str, articles: str, fmt: str) -> None:
    """Entity precision, recall, kinds and grouping per language on sentences labelled by reading."""
    # lazy: a command loads its stage only when it runs (fast CLI start-up)
    from ..evaluate.entities import evaluate_entities, format_entities_report

    result = evaluate_entities(labels, articles)
    if fmt == "json":
        emit_json(result)
    else:
        click.echo(format_entities_report(result))


def _progress(quiet: bool):
    if quiet:
        return None
    return lambda msg: click.echo(msg, err=True) if sys.stderr.isatty() else None


@eval_group.command("pairs")
@click.option("--articles", "articles", required=True, type=click.Path(exists=True, dir_okay=False),
              help="JSONL (or JSON array) of articles with id, text[, title, language, published].")
@click.option("--pairs", "pairs", required=True, type=click.Path(exists=True, dir_okay=False),
              help="CSV with id1, id2, overall (1 same story … 4 unrelated).")
@click.option("--mode", type=click.Choice(["auto", "shipped", "cv"]), default="auto", show_default=True,
              help="auto: cross-validate when these are the combiner's own training pairs.")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Keep vectors here between runs.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
def eval_pairs(articles: str, pairs: str, mode: str, cache_dir: str | None, fmt: str, quiet: bool) -> None:
    """Pair similarity: correlation with human ratings and same-story decisions, with baselines."""
    # lazy: a command loads its stage only when it runs (fast CLI start-up)
    from ..evaluate.pairs import evaluate_pairs, format_pairs_report

    result = evaluate_pairs(articles, pairs, mode=mode, cache_dir=cache_dir, log=_progress(quiet))
    if fmt == "json":
        emit_json(result)
    else:
        click.echo(format_pairs_report(result))


@eval_group.command("clusters")
@click.option("--articles", "articles", required=True, type=click.Path(exists=True),
              help="Articles to ingest: a JSONL file or a directory (any format `ingest` reads).")
@click.option("--pairs", "pairs", type=click.Path(exists=True, dir_okay=False),
              help="Labelled pairs: CSV id1, id2, overall (same story <= 1.5, different >= 3.5).")
@click.option("--labels", "labels", type=click.Path(exists=True, dir_okay=False),
              help="Full labels: CSV article, story (article = id, or file path relative to --articles).")
@click.option("--also", "also", multiple=True, type=click.Path(exists=True),
              help="More inputs to ingest and cluster alongside (unlabelled distractors).")
@click.option("--threshold", type=float, help="Story threshold (default: the cluster_threshold setting).")
@click.option("--mode", type=click.Choice(["auto", "shipped", "cv"]), default="auto", show_default=True,
              help="auto: cross-validate the pair combiner when --pairs are its training pairs.")
@click.option("--shuffles", type=int, default=3, show_default=True, help="Shuffled re-runs for order stability (0: skip).")
@click.option("--no-baselines", is_flag=True, help="Skip the single-pass baselines.")
@click.option("--embed-cache", type=click.Path(dir_okay=False),
              help="A babelwire db whose embeddings are reused (and extended) across runs.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
def eval_clusters(articles: str, pairs: str | None, labels: str | None, also: tuple[str, ...], threshold: float | None,
                  mode: str, shuffles: int, no_baselines: bool, embed_cache: str | None, fmt: str, quiet: bool) -> None:
    """Story clustering through the real pipeline: pair F1 / B-cubed, baselines, order stability."""
    # lazy: a command loads its stage only when it runs (fast CLI start-up)
    from ..errors import ConfigError
    from ..evaluate.clusters import evaluate_clusters, format_clusters_report

    if not pairs and not labels:
        raise ConfigError("give --pairs FILE.csv or --labels FILE (or both)")
    result = evaluate_clusters(
        articles, pairs_path=pairs, labels_path=labels, extra_paths=also,
        settings={"cluster_threshold": threshold} if threshold is not None else None,
        mode=mode, shuffles=shuffles, baselines=not no_baselines, embed_cache=embed_cache, log=_progress(quiet),
    )
    if fmt == "json":
        emit_json(result)
    else:
        click.echo(format_clusters_report(result))


@eval_group.command("briefs")
@click.option("--stories", "stories", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Labelled stories, as examples/stories.json (see examples/README.md).")
@click.option("--articles", "articles", required=True, type=click.Path(exists=True),
              help="A corpus folder like examples/corpus, or a JSONL file of articles by id.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def eval_briefs(stories: str, articles: str, fmt: str) -> None:
    """Briefs: fact accuracy, conflict precision/recall, entities, kinds, grouping, with baselines."""
    # lazy: a command loads its stage only when it runs (fast CLI start-up)
    from ..evaluate.briefs import evaluate_briefs, format_briefs_report

    result = evaluate_briefs(stories, articles)
    if fmt == "json":
        emit_json(result)
    else:
        click.echo(format_briefs_report(result))


@eval_group.command("stories")
@click.option("--db", "db", required=True, help="A clustered store (e.g. after `babelwire ingest`).")
@click.option("--judged", "judged", required=True, multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Judged memberships CSV: story_id,article_id,language,label[,event],reason (repeatable).")
@click.option("--pairs", "pairs", type=click.Path(exists=True, dir_okay=False),
              help="Rated pairs CSV (id1,id2,overall) to report pair figures beside the event figures.")
@click.option("--no-baseline", is_flag=True, help="Skip the cosine-only re-clustering baseline.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def eval_stories(db: str, judged: tuple[str, ...], pairs: str | None, no_baseline: bool, fmt: str) -> None:
    """Event-level story quality: other-event pairs kept apart, same-event pairs together."""
    # lazy: a command loads its stage only when it runs (fast CLI start-up)
    from ..evaluate.stories import evaluate_stories, format_story_report

    result = evaluate_stories(db, judged, pairs_path=pairs, baseline=not no_baseline)
    if fmt == "json":
        emit_json(result)
    else:
        click.echo(format_story_report(result))


@eval_group.command("extraction")
@click.option("--pages", "folder", required=True, type=click.Path(exists=True, file_okay=False),
              help="Folder with labels.jsonl and pages/ (tests/data/webpages).")
@click.option("--no-baseline", is_flag=True, help="Skip plain trafilatura/htmldate.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def eval_extraction(folder: str, no_baseline: bool, fmt: str) -> None:
    """HTML body token F1, snippet recall, date day-accuracy and title accuracy per language."""
    # lazy: a command loads its stage only when it runs (fast CLI start-up)
    from ..evaluate.extraction import evaluate_extraction, format_extraction_report

    result = evaluate_extraction(folder, baseline=not no_baseline)
    if fmt == "json":
        emit_json(result)
    else:
        click.echo(format_extraction_report(result))


@eval_group.command("alerts")
@click.option("--labels", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Watchlists with their relevant articles (tests/data/alerts/watchlists.json).")
@click.option("--dev", "dev_dir", type=click.Path(exists=True, file_okay=False),
              help="The SemEval-2022 dev folder (articles.jsonl), for the dev stream.")
@click.option("--examples", "examples_dir", type=click.Path(exists=True, file_okay=False),
              help="The examples folder, for the examples stream.")
@click.option("--vectors-from", help="Stores with cached vectors, comma-separated (read only); the first one's "
              "stories also time the dev stream.")
@click.option("--limit", type=int, help="Dev articles: the labelled stories plus random others up to this many.")
@click.option("--batch-minutes", default=60.0, show_default=True, help="Stream time per watch cycle.")
@click.option("--query-translations", type=click.Path(exists=True, dir_okay=False),
              help="Each query in other languages (tests/data/alerts/query-translations.json): matched as a "
              "configured translator would have it, through a stand-in.")
@click.option("--also", "also", default="", help="Languages, comma-separated (e.g. en): each query's wordings in "
              "them, from --query-translations' file, given as the watchlist's own other wordings instead of a "
              "translator (`watchlist add --also`).")
@click.option("--plot", type=click.Path(dir_okay=False), help="Write the DET curve (threshold sweep, the "
              "sensitivities marked) to this SVG file.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def eval_alerts(labels: str, dev_dir: str | None, examples_dir: str | None, vectors_from: str | None,
                limit: int | None, batch_minutes: float, query_translations: str | None, also: str,
                plot: str | None, fmt: str) -> None:
    """Replay timestamped streams through ingest; precision, recall, detection cost and delay of alerts."""
    # lazy: a command loads its stage only when it runs (fast CLI start-up)
    from ..evaluate.alerts import evaluate_alerts, format_alerts_report
    from ..evaluate.det_plot import det_svg

    streams = tuple(s for s, d in (("dev", dev_dir), ("examples", examples_dir)) if d)
    if also and not query_translations:
        from ..errors import ConfigError  # only this misuse needs it

        raise ConfigError("--also takes each query's wordings from the --query-translations file; give it too")
    result = evaluate_alerts(labels, dev_dir=dev_dir, examples_dir=examples_dir, streams=streams or ("examples",),
                             vectors_from=vectors_from, limit=limit, batch_minutes=batch_minutes,
                             query_translations=None if also else query_translations,
                             also_from=query_translations if also else None,
                             also_languages=tuple(x.strip() for x in also.split(",") if x.strip()),
                             progress=lambda m: click.echo(m, err=True))
    if plot:
        Path(plot).write_text(det_svg(result), encoding="utf-8")
    if fmt == "json":
        emit_json(result)
    else:
        click.echo(format_alerts_report(result))
