"""One exception hierarchy; messages are written for the person who has to act on them.

Only the outer layers (CLI, web) translate these into exit codes or error shapes.
"""
from __future__ import annotations


class BabelwireError(Exception):
    """Base class: anything babelwire raises on purpose."""

    exit_code = 1


class ConfigError(BabelwireError):
    """A setting, flag or config file is invalid."""

    exit_code = 2


class InputError(BabelwireError):
    """One input (file, record, page) cannot be used; the batch goes on without it."""

    exit_code = 3

    def __init__(self, reason: str, *, path: str | None = None, line: int | None = None):
        self.reason = reason
        self.path = path
        self.line = line
        where = path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {reason}")


class StoreError(BabelwireError):
    """The store cannot be opened, migrated or written."""

    exit_code = 4


class NotFoundError(BabelwireError):
    """An article, story or feed that was asked for does not exist."""

    exit_code = 5


class UnknownComponentError(ConfigError):
    """A component name (embedder, detector, …) is not registered."""

    def __init__(self, kind: str, name: str, known: list[str]):
        self.kind, self.name, self.known = kind, name, sorted(known)
        super().__init__(
            f"unknown {kind} {name!r}; known {kind}s: {', '.join(self.known) or '(none)'}"
        )


class MissingDependencyError(BabelwireError):
    """An optional dependency is not installed; the message says how to install it."""

    def __init__(self, package: str, extra: str | None = None, purpose: str = ""):
        hint = f"pip install 'babelwire[{extra}]'" if extra else f"pip install {package}"
        what = f" for {purpose}" if purpose else ""
        super().__init__(f"{package} is needed{what} but is not installed; run: {hint}")


class PluginError(ConfigError):
    """An installed plugin (or a built-in component set) failed to load."""

    def __init__(self, name: str, target: str, cause: BaseException):
        self.name, self.target, self.cause = name, target, cause
        super().__init__(
            f"plugin {name!r} ({target}) failed to load: {type(cause).__name__}: {cause}; "
            "fix or uninstall it (pip uninstall), or run with --debug for the traceback"
        )
