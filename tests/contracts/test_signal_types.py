"""One contract suite over every registered signal type's examples() (STYLE.md §2.B, §3.3)."""

from __future__ import annotations

from typing import Any

import pytest

from lawbridge.engines.signals import ENTRY_POINT_GROUP, SIGNAL_TYPES, SignalType
from lawbridge.errors import InvalidInput
from lawbridge.registry import Registry

REGISTRY = Registry(ENTRY_POINT_GROUP, SIGNAL_TYPES).load(entry_points_enabled=True)
CLASSES = list(REGISTRY)


def test_builtins_are_registered_under_unique_names() -> None:
    assert {cls.NAME for cls in SIGNAL_TYPES} <= set(REGISTRY.names())
    assert len(REGISTRY.names()) >= 6


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.NAME)
def test_declares_name_config_content_and_examples(cls: type[SignalType[Any]]) -> None:
    signal_type = cls()
    assert cls.__doc__ and cls.CONTENT in {"text", "image", "url", "any"}
    assert cls.CONFIG and all(isinstance(v, str) and v for v in cls.CONFIG.values())
    assert set(cls.CONFIG) == set(signal_type.config.__dataclass_fields__)  # type: ignore[attr-defined]
    examples = cls.examples()
    assert len(examples) >= 4 and {e.matches for e in examples} == {True, False}
    assert len(signal_type.config_hash) == 16


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.NAME)
def test_compare_gets_its_examples_right(cls: type[SignalType[Any]]) -> None:
    signal_type = cls()
    for example in cls.examples():
        query = signal_type.hash(example.query)
        reference = signal_type.hash_reference(example.reference)
        comparison = signal_type.compare(query, reference)
        assert comparison.matched is example.matches, (example.why, comparison)
        assert 0.0 <= comparison.score <= 1.0


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.NAME)
def test_index_agrees_with_brute_force_and_round_trips(cls: type[SignalType[Any]]) -> None:
    signal_type = cls()
    examples = cls.examples()
    index = signal_type.new_index()
    references = {}
    for i, example in enumerate(examples):
        references[f"ref-{i}"] = signal_type.hash_reference(example.reference)
        index.add(references[f"ref-{i}"], f"ref-{i}")
    restored = type(index).deserialize(index.serialize())
    assert len(restored) == len(index)
    for example in examples:
        query = signal_type.hash(example.query)
        expected = sorted(
            ref for ref, sig in references.items() if signal_type.compare(query, sig).matched
        )
        assert sorted(m.ref for m in index.query(query)) == expected, example.why
        assert sorted(m.ref for m in restored.query(query)) == expected


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.NAME)
def test_signals_validate_to_themselves_and_refuse_garbage(cls: type[SignalType[Any]]) -> None:
    signal_type = cls()
    for example in cls.examples()[:2]:
        signal = signal_type.hash_reference(example.reference)
        assert signal_type.validate(signal) == signal
    with pytest.raises(InvalidInput):
        signal_type.new_index().add(signal, "")
    with pytest.raises(InvalidInput):
        type(signal_type.new_index()).deserialize(b"not a dump")
