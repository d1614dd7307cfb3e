"""One contract suite over every registered name matcher's examples() (STYLE.md §3.3)."""

from __future__ import annotations

import pytest

from lawbridge.engines.names import ENTRY_POINT_GROUP, MATCHERS, PersonRecord
from lawbridge.registry import Registry

REGISTRY = Registry(ENTRY_POINT_GROUP, MATCHERS).load(entry_points_enabled=True)
CLASSES = list(REGISTRY)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.NAME)
def test_matcher_declares_name_config_and_examples(cls: type) -> None:
    assert cls.NAME and cls.__doc__
    assert cls.CONFIG and all(isinstance(v, str) and v for v in cls.CONFIG.values())
    assert len(cls.examples()) >= 4
    assert {same for _, _, same in cls.examples()} == {True, False}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.NAME)
def test_matcher_gets_its_examples_right(cls: type) -> None:
    matcher = cls()
    for a, b, same in cls.examples():
        ra, rb = PersonRecord.from_dict(a), PersonRecord.from_dict(b)
        comparison = matcher.compare(ra, rb)
        assert 0.0 <= comparison.score <= 1.0
        assert (comparison.score >= matcher.config.threshold) is same, (a, b, comparison.score)
        assert matcher.compare(rb, ra).score == comparison.score
        assert set(comparison.to_dict()) == {"score", "explanation"}
        assert len(matcher.config_hash) == 16
