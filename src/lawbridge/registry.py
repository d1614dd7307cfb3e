"""``Registry[T]``: the built-in plug-ins of one family plus those installed as entry points.

Each plug-in class declares a stable snake_case ``NAME`` (stored in database rows, so changed
behaviour gets a new name). :meth:`Registry.load` adds the built-ins, then the classes of the
entry-point group (``lawbridge.matchers``, ``lawbridge.recognizers`` …), and raises
:class:`~lawbridge.errors.PluginError` on a duplicate or missing ``NAME``. Whether to read entry
points at all is the caller's choice (``LAWBRIDGE_PLUGINS=none`` is read by the process edge, not
here), so engines stay free of settings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from importlib.metadata import entry_points
from typing import Generic, TypeVar

from lawbridge.errors import PluginError

T = TypeVar("T")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class Registry(Generic[T]):
    """Plug-in classes of one family, by ``NAME``."""

    def __init__(self, group: str, builtins: Iterable[type[T]] = ()) -> None:
        self.group = group
        self._builtins = tuple(builtins)
        self._classes: dict[str, type[T]] = {}
        self._loaded = False

    def load(self, *, entry_points_enabled: bool = True) -> Registry[T]:
        """(Re)build the registry: built-ins, then entry points unless disabled."""
        self._classes = {}
        for cls in self._builtins:
            self.add(cls)
        if entry_points_enabled:
            for point in entry_points(group=self.group):
                try:
                    loaded = point.load()
                except Exception as exc:  # a broken third-party plug-in: report, named
                    raise PluginError(
                        f"{self.group}: cannot load entry point {point.name!r}: {exc}"
                    ) from exc
                if not isinstance(loaded, type):
                    raise PluginError(f"{self.group}: entry point {point.name!r} is not a class")
                self.add(loaded)
        self._loaded = True
        return self

    def add(self, cls: type[T]) -> None:
        name = getattr(cls, "NAME", None)
        if not isinstance(name, str) or not _NAME.match(name):
            raise PluginError(f"{self.group}: {cls.__qualname__} needs a snake_case NAME")
        if name in self._classes and self._classes[name] is not cls:
            raise PluginError(f"{self.group}: two plug-ins are named {name!r}")
        self._classes[name] = cls

    def get(self, name: str) -> type[T]:
        self._ensure_loaded()
        try:
            return self._classes[name]
        except KeyError:
            known = ", ".join(sorted(self._classes)) or "none"
            raise PluginError(f"{self.group}: no plug-in named {name!r} (known: {known})") from None

    def names(self) -> list[str]:
        self._ensure_loaded()
        return sorted(self._classes)

    def __iter__(self) -> Iterator[type[T]]:
        self._ensure_loaded()
        return iter([self._classes[name] for name in sorted(self._classes)])

    def __len__(self) -> int:
        self._ensure_loaded()
        return len(self._classes)

    def __contains__(self, name: object) -> bool:
        self._ensure_loaded()
        return name in self._classes

    def _ensure_loaded(self) -> None:
        if not self._loaded:
            self.load(entry_points_enabled=False)
