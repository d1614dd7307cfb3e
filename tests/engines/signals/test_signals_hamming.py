"""Multi-index hashing against brute force, including the tail, delta and merge paths."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.engines.signals import PdqIndex, PdqSignal
from lawbridge.engines.signals.hamming import HammingIndex, distances, flip_masks
from lawbridge.errors import InvalidInput


def near(rng: np.random.Generator, base: np.ndarray, flips: int) -> np.ndarray:
    bits = np.unpackbits(base).copy()
    at = rng.choice(bits.size, size=flips, replace=False)
    bits[at] ^= 1
    return np.packbits(bits)


@given(
    seed=st.integers(0, 10_000),
    nbits=st.sampled_from([128, 256]),
    radius=st.integers(0, 40),
    n_refs=st.integers(0, 60),
    batches=st.integers(1, 4),
    kill=st.sets(st.integers(0, 59), max_size=5),
    query_radius=st.one_of(st.none(), st.integers(0, 50)),
)
@settings(derandomize=True, deadline=None, max_examples=120)
def test_search_equals_brute_force(
    seed: int,
    nbits: int,
    radius: int,
    n_refs: int,
    batches: int,
    kill: set[int],
    query_radius: int | None,
) -> None:
    rng = np.random.default_rng(seed)
    centres = rng.integers(0, 256, size=(3, nbits // 8), dtype=np.uint8)
    refs = np.array([near(rng, centres[i % 3], int(rng.integers(0, 60))) for i in range(n_refs)])
    refs = refs.reshape(-1, nbits // 8)
    index = HammingIndex(nbits, radius, tail_limit=8)
    for chunk in np.array_split(np.arange(n_refs), batches):
        if len(chunk):
            index.add(refs[chunk], chunk.astype(np.int64))
    for owner in kill:
        index.kill(owner)
    queries = np.array([near(rng, centres[i % 3], int(rng.integers(0, 40))) for i in range(4)])
    r = radius if query_radius is None else query_radius
    qs, rows, dist = index.search(queries, query_radius)
    got = {(int(q), int(o), int(d)) for q, o, d in zip(qs, index.owners(rows), dist, strict=True)}
    expected = set()
    for q in range(len(queries)):
        for i in range(n_refs):
            d = int(distances(queries[q : q + 1], refs[i : i + 1])[0])
            if d <= r and i not in kill:
                expected.add((q, i, d))
    assert got == expected
    assert len(index) == n_refs - len([k for k in kill if k < n_refs])


def test_flip_masks_count() -> None:
    assert len(flip_masks(0)) == 1 and len(flip_masks(1)) == 17 and len(flip_masks(2)) == 137


def test_bad_shapes_are_refused() -> None:
    with pytest.raises(InvalidInput):
        HammingIndex(100, 10)
    with pytest.raises(InvalidInput):
        HammingIndex(256, 128)


def test_pdq_index_round_trip_bulk_and_remove() -> None:
    rng = np.random.default_rng(5)
    hashes = rng.integers(0, 256, size=(5000, 32), dtype=np.uint8)
    index = PdqIndex()
    index.add_many(hashes, [f"h{i}" for i in range(5000)])
    probe = near(rng, hashes[1234], 20)
    signal = PdqSignal().validate(bytes(probe).hex())
    assert [m.ref for m in index.query(signal)] == ["h1234"]
    assert index.query(signal)[0].distance == 20
    restored = PdqIndex.deserialize(index.serialize())
    assert [m.ref for m in restored.query(signal)] == ["h1234"] and len(restored) == 5000
    assert index.remove("h1234") == 1 and index.query(signal) == []
