"""One contract suite over every registered pii recogniser's examples() (STYLE.md §3.3)."""

from __future__ import annotations

import inspect

import pytest

from lawbridge.engines.pii import ENTITIES, ENTRY_POINT_GROUP, RECOGNIZERS, Analyzer, Recognizer
from lawbridge.registry import Registry

REGISTRY = Registry[Recognizer](ENTRY_POINT_GROUP, RECOGNIZERS).load(entry_points_enabled=True)
CLASSES = list(REGISTRY)


def test_every_built_in_is_registered_and_every_entity_covered() -> None:
    assert {cls.NAME for cls in RECOGNIZERS} <= set(REGISTRY.names())
    assert {cls.ENTITY for cls in RECOGNIZERS} == set(ENTITIES)
    assert len(ENTITIES) == 13


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.NAME)
def test_recognizer_declares_name_entity_config_and_examples(cls: type[Recognizer]) -> None:
    assert cls.NAME and cls.__doc__ and cls.ENTITY in ENTITIES
    assert cls.LANGUAGES and set(cls.LANGUAGES) <= {"zh", "en"}
    assert cls.CONFIG and all(isinstance(v, str) and v for v in cls.CONFIG.values())
    parameters = set(inspect.signature(cls.__init__).parameters) - {"self"}
    assert set(cls.CONFIG) == parameters, "CONFIG documents exactly the constructor's options"
    examples = cls.examples()
    assert len(examples) >= 3
    assert any(expected for _, expected in examples) and any(not e for _, e in examples)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.NAME)
def test_recognizer_alone_finds_exactly_its_examples(cls: type[Recognizer]) -> None:
    analyzer = Analyzer([cls()])
    for text, expected in cls.examples():
        found = analyzer.analyze(text)
        assert [text[f.start : f.end] for f in found] == expected, text
        assert all(f.type == cls.ENTITY and f.recognizer == cls.NAME for f in found)
        assert all(0.0 < f.score <= 1.0 for f in found)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.NAME)
def test_examples_hold_among_all_recognizers(cls: type[Recognizer]) -> None:
    analyzer = Analyzer()
    for text, expected in cls.examples():
        found = [text[f.start : f.end] for f in analyzer.analyze(text) if f.type == cls.ENTITY]
        assert found == expected, text
