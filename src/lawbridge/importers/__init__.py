"""Watchlist importers: plug-ins that parse a list file into person records (no database).

Built-ins are listed explicitly in :data:`IMPORTERS`; :data:`REGISTRY` adds third-party ones from the
``lawbridge.importers`` entry-point group when a process edge calls ``REGISTRY.load()``;
:func:`get_importer` finds one by ``NAME``.
"""

from __future__ import annotations

from lawbridge.errors import InvalidInput
from lawbridge.importers.base import Importer, ImportItem, ItemError, ParsedItem, SkippedItem
from lawbridge.importers.ftm import FtmImporter
from lawbridge.importers.interpol import InterpolImporter
from lawbridge.importers.simple import CsvImporter, JsonlImporter
from lawbridge.registry import Registry

IMPORTERS: tuple[type[Importer], ...] = (JsonlImporter, CsvImporter, FtmImporter, InterpolImporter)
ENTRY_POINT_GROUP = "lawbridge.importers"
REGISTRY: Registry[Importer] = Registry(ENTRY_POINT_GROUP, IMPORTERS)


def importer_names() -> list[str]:
    return REGISTRY.names()


def get_importer(name: str) -> Importer:
    """A fresh importer for the format ``name``, or InvalidInput listing the formats."""
    if name in REGISTRY:
        return REGISTRY.get(name)()
    raise InvalidInput(
        f"unknown format '{name}'; choose one of: {', '.join(importer_names())}",
        {"field": "format"},
    )


__all__ = [
    "ENTRY_POINT_GROUP",
    "IMPORTERS",
    "REGISTRY",
    "ImportItem",
    "Importer",
    "ItemError",
    "ParsedItem",
    "SkippedItem",
    "get_importer",
    "importer_names",
]
