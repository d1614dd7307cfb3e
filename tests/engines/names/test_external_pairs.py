"""Recall on the external cross-script sets in shared/external (every pair there is a positive)."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

from lawbridge.engines.names import DEFAULT_THRESHOLD, Matcher, PersonRecord

EXTERNAL = Path(__file__).resolve().parents[4] / "shared" / "external"
if not EXTERNAL.is_dir():
    EXTERNAL = Path("/work/shared/external")
WATCHMAN = EXTERNAL / "watchman_cross_script_pairs" / "cross_script_pairs.csv"
PUTIN = EXTERNAL / "nomenklatura_putin_names" / "putin_names.txt"
MATCHER = Matcher()
MIN_SHARE = 0.80


def watchman_pairs() -> list[tuple[str, str]]:
    lines = [
        line
        for line in WATCHMAN.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    return [(row[0], row[1]) for row in csv.reader(lines)]


def share(pairs: list[tuple[str, str]]) -> float:
    hits = sum(
        MATCHER.compare(PersonRecord(a), PersonRecord(b)).score >= DEFAULT_THRESHOLD
        for a, b in pairs
    )
    return hits / len(pairs)


@pytest.mark.skipif(not WATCHMAN.is_file(), reason="shared/external is not laid out here")
def test_watchman_cross_script_pairs() -> None:
    pairs = watchman_pairs()
    result = share(pairs)
    print(
        f"watchman cross-script pairs: {result:.1%} of {len(pairs)} at threshold {DEFAULT_THRESHOLD}"
    )
    assert result >= MIN_SHARE
    chinese = [(a, b) for a, b in pairs if any("\u4e00" <= ch <= "\u9fff" for ch in a)]
    chinese = [(a, b) for a, b in chinese if a in {"金正恩", "李明", "习近平", "王伟"}]
    assert len(chinese) == 4
    for a, b in chinese:
        assert MATCHER.compare(PersonRecord(a), PersonRecord(b)).score >= DEFAULT_THRESHOLD, (a, b)


@pytest.mark.skipif(not PUTIN.is_file(), reason="shared/external is not laid out here")
def test_nomenklatura_putin_names() -> None:
    names = [n.strip() for n in PUTIN.read_text(encoding="utf-8").splitlines() if n.strip()]
    pairs = list(itertools.combinations(names, 2))
    assert len(pairs) == 3240
    result = share(pairs)
    print(
        f"nomenklatura Putin names: {result:.1%} of {len(pairs)} pairs at threshold {DEFAULT_THRESHOLD}"
    )
    assert result >= MIN_SHARE
