"""Components by name. Built-ins register exactly as a third-party plugin does.

A plugin package declares an entry point in the ``babelwire.plugins`` group that names a
callable taking no arguments, which calls ``register(...)`` on the registries it extends::

    [project.entry-points."babelwire.plugins"]
    myplugin = "myplugin:register"

Each registry names its built-ins the same way (``module:function``) and loads them with the
same code when it is first asked for a component, then every installed plugin: nobody has to
import a stage module first, and a stage is imported only when its registry is used.
Factories are stored, not instances, so a heavy optional import happens only when a
component is actually created. A plugin that fails to load is a :class:`PluginError` naming
it, not a traceback.
"""
from __future__ import annotations

from importlib import metadata
from typing import Any, Callable, Generic, TypeVar

from .errors import PluginError, UnknownComponentError

T = TypeVar("T")

GROUP = "babelwire.plugins"


class Registry(Generic[T]):
    def __init__(self, kind: str, builtins: str | None = None):
        self.kind = kind
        self.builtins = builtins  # entry point of the function registering the built-ins
        self._factories: dict[str, Callable[..., T]] = {}
        self._help: dict[str, str] = {}
        self._loaded = False

    def register(self, name: str, factory: Callable[..., T] | None = None, *,
                 help: str = "") -> Callable[..., Any]:
        """Register ``factory`` under ``name``; usable as a decorator."""

        def add(f: Callable[..., T]) -> Callable[..., T]:
            self._factories[name] = f
            self._help[name] = help or (f.__doc__ or "").strip().split("\n")[0]
            return f

        return add(factory) if factory is not None else add

    def names(self) -> list[str]:
        self._load()
        return sorted(self._factories)

    def describe(self) -> dict[str, str]:
        self._load()
        return {n: self._help[n] for n in sorted(self._factories)}

    def create(self, name: str, **options: Any) -> T:
        self._load()
        try:
            factory = self._factories[name]
        except KeyError:
            raise UnknownComponentError(self.kind, name, list(self._factories)) from None
        return factory(**options)

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True  # before loading: a built-in module may ask its own registry
        try:
            if self.builtins:
                _run(metadata.EntryPoint(f"built-in {self.kind}s", self.builtins, GROUP))
            _load_plugins()
        except PluginError:
            self._loaded = False  # the next call says so again rather than list half
            raise


_plugins_loaded = False


def _run(ep: metadata.EntryPoint) -> None:
    try:
        ep.load()()
    except Exception as e:  # any fault in someone else's code: name the plugin, not a traceback
        raise PluginError(ep.name, ep.value, e) from e


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    try:
        for ep in metadata.entry_points(group=GROUP):
            _run(ep)
    except PluginError:
        _plugins_loaded = False
        raise


detectors: Registry[Any] = Registry("language detector", "babelwire.language.ensemble:register_builtins")
cleaners: Registry[Any] = Registry("cleaner", "babelwire.clean:register_builtins")
embedders: Registry[Any] = Registry("embedder", "babelwire.embed:register_builtins")
clusterers: Registry[Any] = Registry("clusterer", "babelwire.cluster:register_builtins")
stores: Registry[Any] = Registry("store", "babelwire.store:register_builtins")
translators: Registry[Any] = Registry("translator", "babelwire.translate:register_builtins")
entity_extractors: Registry[Any] = Registry("entity extractor", "babelwire.facts.entities:register_builtins")

ALL: tuple[Registry[Any], ...] = (detectors, cleaners, embedders, clusterers, stores, translators,
                                  entity_extractors)
