"""Multi-index hashing against brute force, including the tail, delta and merge paths; the
compiled search (``_hamming.pyx``) against the numpy reference, array for array."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.engines.signals import PdqIndex, PdqSignal, hamming
from lawbridge.engines.signals.hamming import HammingIndex, distances, flip_masks
from lawbridge.errors import InvalidInput

Found = tuple[np.ndarray, np.ndarray, np.ndarray]


def require_compiled() -> None:
    if hamming.COMPILED:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI: the signals engine's compiled Hamming search is not built (make venv)")
    pytest.skip("the compiled Hamming search is not built here (genscripts/build_speedups.py)")


@contextlib.contextmanager
def reference() -> Iterator[None]:
    """The numpy path, whether or not the compiled one is built."""
    built = hamming.COMPILED
    hamming.COMPILED = False
    try:
        yield
    finally:
        hamming.COMPILED = built


def search_both(index: HammingIndex, queries: np.ndarray, radius: int | None = None) -> Found:
    """The compiled search's arrays where built, after checking that they are the reference's:
    same dtype, same values, same order."""
    found = index.search(queries, radius)
    with reference():
        expected = index.search(queries, radius)
    for got, want in zip(found, expected, strict=True):
        assert got.dtype == want.dtype == np.int64
        np.testing.assert_array_equal(got, want, strict=True)
    return found


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
    qs, rows, dist = search_both(index, queries, query_radius)
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


def test_the_compiled_search_is_built() -> None:
    """Fails under CI when ``make venv`` did not build ``_hamming``; skips elsewhere."""
    require_compiled()
    assert hamming._hamming.search.__module__ == "lawbridge.engines.signals._hamming"


def clustered(rng: np.random.Generator, nbits: int, count: int, spread: int) -> np.ndarray:
    """Hashes near a few centres (many pairs within a radius), some far from all of them."""
    centres = rng.integers(0, 256, size=(4, nbits // 8), dtype=np.uint8)
    out = np.empty((count, nbits // 8), dtype=np.uint8)
    for i in range(count):
        out[i] = near(rng, centres[i % 4], int(rng.integers(0, spread)))
    out[::7] = rng.integers(0, 256, size=out[::7].shape, dtype=np.uint8)
    return out


@given(
    seed=st.integers(0, 2**32 - 1),
    nbits=st.sampled_from([64, 128, 256, 512]),
    radius_share=st.floats(0, 0.49),
    batches=st.lists(st.integers(0, 300), min_size=1, max_size=6),
    tail_limit=st.sampled_from([4, 32, 200, 4096]),
    kills=st.integers(0, 40),
    query_radius=st.one_of(st.none(), st.integers(-1, 140)),
    from_arrays=st.booleans(),
)
@settings(derandomize=True, deadline=None, max_examples=150)
def test_compiled_search_equals_the_numpy_reference(
    seed: int,
    nbits: int,
    radius_share: float,
    batches: list[int],
    tail_limit: int,
    kills: int,
    query_radius: int | None,
    from_arrays: bool,
) -> None:
    """Random hashes, radii and kills, across main, delta and tail: the same arrays."""
    require_compiled()
    rng = np.random.default_rng(seed)
    radius = int(radius_share * nbits)
    refs = clustered(rng, nbits, sum(batches), spread=radius + 12)
    if from_arrays:
        index = HammingIndex.from_arrays(nbits, radius, refs, np.arange(len(refs), dtype=np.int64))
    else:
        index = HammingIndex(nbits, radius, tail_limit=tail_limit)
        added = 0
        for count in batches:
            index.add(refs[added : added + count], np.arange(added, added + count))
            added += count
            for owner in rng.integers(0, max(added, 1), size=kills // len(batches)):
                index.kill(int(owner))
    hits = clustered(rng, nbits, 6, spread=radius + 4)
    noise = rng.integers(0, 256, size=(3, nbits // 8), dtype=np.uint8)
    for queries in (np.concatenate([hits, noise]), noise[:1], hits[:0], refs[:5]):
        search_both(index, queries, query_radius)


def test_compiled_search_on_each_table_layout() -> None:
    """Multi-crop's shape (128 bits, radius 23: two flips a chunk) as rows arrive: a tail only,
    then a main table, a delta, a merge; rows killed between; repeated and absent queries."""
    require_compiled()
    rng = np.random.default_rng(7)
    index = HammingIndex(128, 23, tail_limit=300)
    refs = clustered(rng, 128, 4000, spread=30)
    layouts = set()
    found = 0
    for start in range(0, 4000, 250):
        index.add(refs[start : start + 250], np.arange(start, start + 250) // 3)
        index.kill(int(rng.integers(0, start // 3 + 1)))
        layouts.add((index._main is not None, index._delta is not None))
        queries = np.concatenate([near(rng, refs[i], 20)[None] for i in range(0, start + 1, 97)])
        queries = np.concatenate([queries, queries[:2], clustered(rng, 128, 4, spread=60)])
        for radius in (None, 0, 11, 23, 30):
            found += len(search_both(index, queries, radius)[0])
    assert layouts == {(False, False), (True, False), (True, True)}
    assert found > 10_000  # many pairs, most found through several chunks


def test_compiled_search_of_a_pdq_index() -> None:
    require_compiled()
    rng = np.random.default_rng(11)
    hashes = clustered(rng, 256, 6000, spread=40)
    index = PdqIndex()
    index.add_many(hashes, [f"h{i}" for i in range(6000)])
    queries = np.concatenate([near(rng, hashes[i], 25)[None] for i in range(0, 6000, 500)])
    assert len(search_both(index._hamming, queries)[0]) > 12


def test_compiled_scan_refuses_what_it_cannot_read() -> None:
    require_compiled()
    queries = np.zeros((2, 16), dtype=np.uint8)
    hashes = np.zeros((10, 16), dtype=np.uint8)
    alive = np.ones(10, dtype=np.uint8)
    with pytest.raises(ValueError):
        hamming._hamming.scan(queries, hashes[:, :8], alive, 0, 10, 3)
    with pytest.raises(ValueError):
        hamming._hamming.scan(queries, hashes, alive[:5], 0, 10, 3)
    qs, rows, dist = hamming._hamming.scan(queries, hashes, alive, 2, 10, 0)
    assert qs.tolist() == [0] * 8 + [1] * 8 and rows.tolist() == list(range(2, 10)) * 2
    assert dist.tolist() == [0] * 16
