"""Components by name. Built-ins register exactly as a third-party plugin would.

A plugin package registers through the ``babelwire.plugins`` entry-point group: the entry
point is a callable taking no arguments that calls ``register(...)`` on the registries it
extends. Factories are stored, not instances, so a heavy optional import happens only when
a component is actually asked for.
"""
from __future__ import annotations

from importlib import metadata
from typing import Any, Callable, Generic, TypeVar

from .errors import UnknownComponentError

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str):
        self.kind = kind
        self._factories: dict[str, Callable[..., T]] = {}
        self._help: dict[str, str] = {}

    def register(self, name: str, factory: Callable[..., T] | None = None, *, help: str = ""):
        """Register ``factory`` under ``name``; usable as a decorator."""

        def add(f: Callable[..., T]) -> Callable[..., T]:
            self._factories[name] = f
            self._help[name] = help or (f.__doc__ or "").strip().split("\n")[0]
            return f

        return add(factory) if factory is not None else add

    def names(self) -> list[str]:
        _load_plugins()
        return sorted(self._factories)

    def describe(self) -> dict[str, str]:
        _load_plugins()
        return {n: self._help[n] for n in sorted(self._factories)}

    def create(self, name: str, **options: Any) -> T:
        _load_plugins()
        try:
            factory = self._factories[name]
        except KeyError:
            raise UnknownComponentError(self.kind, name, list(self._factories)) from None
        return factory(**options)


_plugins_loaded = False


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for ep in metadata.entry_points(group="babelwire.plugins"):
        ep.load()()


detectors: Registry[Any] = Registry("language detector")
cleaners: Registry[Any] = Registry("cleaner")
embedders: Registry[Any] = Registry("embedder")
clusterers: Registry[Any] = Registry("clusterer")
stores: Registry[Any] = Registry("store")
translators: Registry[Any] = Registry("translator")
