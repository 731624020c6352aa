"""House rules checked on the source itself (issue 16): read with ``ast``, nothing is imported."""
from __future__ import annotations

import ast
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
