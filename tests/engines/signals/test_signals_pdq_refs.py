"""PdqIndex's bookkeeping per ref: one slot or several, the quality flag of each, and dumps."""

from __future__ import annotations

import io

import numpy as np
import pytest

from lawbridge.engines.signals import PdqSignal
from lawbridge.engines.signals.image import encode_png
from lawbridge.engines.signals.pdq import PdqIndex, parse_pdq
from lawbridge.engines.signals.synthetic import make_scene
from lawbridge.errors import InvalidInput


def signal_of(seed: int) -> str:
    return PdqSignal().hash(encode_png(make_scene(seed)))


def test_a_ref_added_again_keeps_every_slot_until_removed() -> None:
    index = PdqIndex()
    first, second, other = signal_of(1), signal_of(2), signal_of(3)
    index.add(first, "a")
    index.add(other, "b")
    index.add(second, "a")  # the same ref again: a second slot
    assert [m.ref for m in index.query(first)] == ["a"]
    assert [m.ref for m in index.query(second)] == ["a"]
    assert index.remove("a") == 2
    assert index.query(first) == [] and index.query(second) == []
    assert [m.ref for m in index.query(other)] == ["b"] and len(index) == 1
    assert index.remove("a") == 0 and index.remove("never") == 0


def test_low_quality_flags_survive_a_dump() -> None:
    flat = np.full((64, 64, 3), 128, np.uint8)
    low = PdqSignal().hash(encode_png(flat))
    assert parse_pdq(low).low_quality
    index = PdqIndex()
    index.add(signal_of(4), "good")
    index.add(low, "flat")
    restored = PdqIndex.deserialize(index.serialize())
    for built in (index, restored):
        found = {m.ref: m.comparison.detail.get("low_quality") for m in built.query(low)}
        assert found == {"flat": True}
        found = {m.ref: m.comparison.detail.get("low_quality") for m in built.query(signal_of(4))}
        assert found == {"good": False}


def test_a_dump_with_flags_of_another_length_is_refused() -> None:
    index = PdqIndex()
    index.add(signal_of(5), "a")
    index.add(signal_of(6), "b")
    with np.load(io.BytesIO(index.serialize())) as npz:
        arrays = {key: npz[key] for key in npz.files}
    arrays["low"] = arrays["low"][:1]
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    with pytest.raises(InvalidInput, match="quality flags"):
        PdqIndex.deserialize(buffer.getvalue())
