"""`babelwire eval …`: the project's quality harness on labelled data."""
from __future__ import annotations

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
    from ..evaluate.language import evaluate_language, format_language_report

    kwargs = {"detectors": list(detectors)} if detectors else {}
    result = evaluate_language(path, **kwargs)
    if fmt == "json":
        emit_json(result)
    else:
        click.echo(format_language_report(result))
