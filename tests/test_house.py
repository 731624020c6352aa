"""House rules checked on the source itself (issue 16): read with ``ast``, nothing is imported."""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("babelwire", "tests", "benchmarks")


def _modules() -> list[tuple[str, ast.Module]]:
    out = []
    for folder in CHECKED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            out.append((str(path.relative_to(ROOT)), tree))
    return out


def _private_imports(tree: ast.Module) -> list[str]:
    """``from .x import _name`` / ``from babelwire.x import _name``, anywhere in the module."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        module = node.module or ""
        if node.level == 0 and module != "babelwire" and not module.startswith("babelwire."):
            continue  # a third-party or standard-library module
        for alias in node.names:
            if alias.name.startswith("_") and not alias.name.startswith("__"):
                found.append(f"{node.lineno}: from {'.' * node.level}{module} import {alias.name}")
    return found


def test_no_module_imports_a_private_name_of_another() -> None:
    """A name with a leading underscore belongs to its module: whoever needs it elsewhere gets a
    public name at its home, not a reach into the sibling."""
    offenders = [f"{path}:{hit}" for path, tree in _modules() for hit in _private_imports(tree)]
    assert not offenders, "private names imported from another module:\n" + "\n".join(offenders)


def test_the_private_import_check_catches_each_spelling() -> None:
    source = (
        "from .gazetteer import _secret, fine\n"
        "from ..facts.gazetteer import (\n    fine,\n    _hidden,\n)\n"
        "def f():\n    from babelwire.facts import _inner\n"
        "from os import _exit\n"
        "from . import __version__\n"
    )
    hits = _private_imports(ast.parse(source))
    assert [h.split(" import ")[1] for h in hits] == ["_secret", "_hidden", "_inner"]


def _function_import_runs(tree: ast.Module) -> list[list[ast.Import | ast.ImportFrom]]:
    """Runs of consecutive import statements inside a function (one comment may cover a run)."""
    runs: dict[int, list[ast.Import | ast.ImportFrom]] = {}
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(fn):
            for field in ("body", "orelse", "finalbody"):
                body = getattr(node, field, None)
                if not isinstance(body, list):
                    continue
                run: list[ast.Import | ast.ImportFrom] = []
                for statement in [*body, None]:
                    if isinstance(statement, (ast.Import, ast.ImportFrom)):
                        run.append(statement)
                    elif run:
                        runs.setdefault(run[0].lineno, run)
                        run = []
    return list(runs.values())


def _has_reason(lines: list[str], run: list[ast.Import | ast.ImportFrom], node: ast.Import | ast.ImportFrom) -> bool:
    """A comment just above a run covers the run; otherwise the import's own line carries one."""
    above = lines[run[0].lineno - 2].strip() if run[0].lineno >= 2 else ""
    if above.startswith("#"):
        return True
    return any("#" in lines[i - 1] for i in range(node.lineno, (node.end_lineno or node.lineno) + 1))


def _spec(node: ast.Import | ast.ImportFrom) -> str:
    if isinstance(node, ast.ImportFrom):
        return "." * node.level + (node.module or "")
    return node.names[0].name


def _unexplained(path: str, source: str) -> set[str]:
    lines = source.splitlines()
    return {_spec(n) for run in _function_import_runs(ast.parse(source))
            for n in run if not _has_reason(lines, run, n)}


def test_every_import_inside_a_function_says_why() -> None:
    """An import inside a function hides cycles and costs; it stays only where it defers an optional
    or slow dependency, a stage that ``import babelwire`` must not load, or a real cycle, and the
    comment on or above it says which."""
    found = []
    for path in sorted((ROOT / "babelwire").rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        found += [f"{rel}: {s}" for s in sorted(_unexplained(rel, path.read_text(encoding="utf-8")))]
    assert not found, "imports inside functions without a reason:\n" + "\n".join(found)


def test_the_reason_check_reads_comments_on_and_above_a_run() -> None:
    source = (
        "def f():\n"
        "    # deferred: slow to import\n"
        "    import heavy\n"
        "    import heavier\n"
        "    x = 1\n"
        "    import bare\n"
        "    import said  # cycle: said imports this module\n"
        "    return x\n"
    )
    assert _unexplained("m.py", source) == {"bare"}


def test_no_module_is_exempt_from_mypy() -> None:
    """Every module that once had type errors was fixed (issue 16); none may be switched off again."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    exempt = [o["module"] for o in config["tool"]["mypy"].get("overrides", []) if o.get("ignore_errors")]
    assert not exempt, f"modules exempt from mypy: {exempt}"
