"""Golden cases in tests/cases/pii/: one input text per file and its exact expected spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawbridge.engines.pii import Analyzer

CASES = sorted((Path(__file__).parents[2] / "cases" / "pii").glob("*.txt"))
ANALYZER = Analyzer()


def read_case(path: Path) -> tuple[str, list[tuple[str, int, int, str]]]:
    text, _, output = path.read_text(encoding="utf-8").partition("\n# output\n")
    expected = []
    for line in output.splitlines():
        kind, start, end, value = line.split("\t")
        expected.append((kind, int(start), int(end), value.replace("\\n", "\n")))
    return text, expected


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 6


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_golden_case(path: Path) -> None:
    text, expected = read_case(path)
    assert all(text[start:end] == value for _, start, end, value in expected), "stale case file"
    found = [(f.type, f.start, f.end, text[f.start : f.end]) for f in ANALYZER.analyze(text)]
    assert found == expected
