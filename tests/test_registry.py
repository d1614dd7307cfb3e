"""Registry[T]: built-ins, entry points, unique snake_case NAMEs."""

from __future__ import annotations

from importlib.metadata import EntryPoint
from typing import ClassVar

import pytest

from lawbridge import registry as registry_module
from lawbridge.errors import PluginError
from lawbridge.registry import Registry


class Alpha:
    NAME: ClassVar[str] = "alpha"


class Beta:
    NAME: ClassVar[str] = "beta"


class AlphaAgain:
    NAME: ClassVar[str] = "alpha"


class Nameless:
    pass


def test_builtins_are_listed_and_found() -> None:
    reg: Registry[object] = Registry("lawbridge.test", [Beta, Alpha])
    assert reg.names() == ["alpha", "beta"]
    assert reg.get("beta") is Beta
    assert "alpha" in reg and len(reg) == 2
    assert list(reg) == [Alpha, Beta]


def test_duplicate_or_missing_name_is_a_plugin_error() -> None:
    with pytest.raises(PluginError, match="alpha"):
        Registry("g", [Alpha, AlphaAgain]).load(entry_points_enabled=False)
    with pytest.raises(PluginError, match="NAME"):
        Registry("g", [Nameless]).load(entry_points_enabled=False)
    with pytest.raises(PluginError, match="no plug-in named 'gamma'"):
        Registry("g", [Alpha]).get("gamma")


def test_entry_points_are_added_unless_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    point = EntryPoint(name="beta", value="tests.test_registry:Beta", group="g")
    monkeypatch.setattr(
        registry_module, "entry_points", lambda group: [point] if group == "g" else []
    )
    assert Registry("g", [Alpha]).load().names() == ["alpha", "beta"]
    assert Registry("g", [Alpha]).load(entry_points_enabled=False).names() == ["alpha"]
    clash = EntryPoint(name="alpha", value="tests.test_registry:AlphaAgain", group="g")
    monkeypatch.setattr(registry_module, "entry_points", lambda group: [clash])
    with pytest.raises(PluginError, match="two plug-ins"):
        Registry("g", [Alpha]).load()
    broken = EntryPoint(name="x", value="tests.no_such_module:X", group="g")
    monkeypatch.setattr(registry_module, "entry_points", lambda group: [broken])
    with pytest.raises(PluginError, match="cannot load"):
        Registry("g", [Alpha]).load()
