"""The generated tables in ``data/``, loaded once on first use (importlib.resources)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


def _load(name: str) -> Any:
    text = resources.files("lawbridge.engines.names").joinpath("data", name).read_text("utf-8")
    return json.loads(text)


@cache
def pinyin() -> dict[str, str]:
    """Hanzi -> most frequent toneless pinyin syllable."""
    table: dict[str, str] = _load("pinyin.json")
    return table


@cache
def wade_giles() -> dict[str, str]:
    """Pinyin syllable -> Wade-Giles spelling (no apostrophes or umlauts)."""
    table: dict[str, str] = _load("wade_giles.json")
    return table


@cache
def cantonese() -> dict[str, str]:
    """Hanzi -> Hong Kong Government romanisation of its Cantonese reading."""
    table: dict[str, str] = _load("cantonese.json")
    return table


@cache
def hanja() -> dict[str, str]:
    """Hanja -> Hangul reading."""
    table: dict[str, str] = _load("hanja.json")
    return table


@cache
def surnames() -> dict[str, Any]:
    table: dict[str, Any] = _load("surnames.json")
    return table


@cache
def chinese_surnames() -> dict[str, dict[str, list[str]]]:
    table: dict[str, dict[str, list[str]]] = surnames()["chinese"]
    return table


@cache
def compound_surnames() -> frozenset[str]:
    return frozenset(s for s in chinese_surnames() if len(s) > 1)


@cache
def korean_surnames() -> dict[str, list[str]]:
    table: dict[str, list[str]] = surnames()["korean"]
    return table


@cache
def korean_hanja_surnames() -> dict[str, str]:
    table: dict[str, str] = surnames()["korean_hanja"]
    return table


@cache
def titles() -> frozenset[str]:
    return frozenset(t for t in _load("titles.json") if t.isascii())


@cache
def han_titles() -> tuple[str, ...]:
    return tuple(
        sorted((t for t in _load("titles.json") if not t.isascii()), key=len, reverse=True)
    )


@cache
def nicknames() -> dict[str, tuple[str, ...]]:
    """Name -> the canonical names it is a form of."""
    table: dict[str, list[str]] = _load("nicknames.json")
    return {name: tuple(groups) for name, groups in table.items()}


@cache
def nicknames_canonical() -> frozenset[str]:
    return frozenset(c for groups in nicknames().values() for c in groups)


@cache
def syllables() -> dict[str, Any]:
    """Syllable inventories (pinyin, wade_giles, hong_kong) and pinyin_to_hong_kong."""
    table: dict[str, Any] = _load("syllables.json")
    return table
