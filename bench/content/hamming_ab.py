# ruff: noqa: T201 - a command-line benchmark that reports on stdout
"""Time ``HammingIndex.search`` with the compiled kernel (``_hamming.pyx``) against the numpy
reference, on random indexes shaped like those of a 20,000-post ``lawbridge content replay``.

  python bench/content/hamming_ab.py [--runs 7] [--searches 300] [--seed 1]

Shapes (measured in that replay):

- ``multicrop``: 128-bit hashes, radius 23 (8 chunks, 2 flips each: 137 masks); a main table of
  24,000 rows and an unindexed tail of 2,000; 8 query hashes a search.
- ``multicrop-delta``: the same with a main table of 20,000 rows and a delta of 4,500.
- ``multicrop-small``: a main table of 4,200 rows and a tail of 1,800 (the replay's searches
  with a main table saw 6,000 rows on average: its index grows from 0 to about 10,000).
- ``pdq``: 256-bit hashes, radius 31, 1,500 rows, all in the tail (brute force); 8 query hashes
  (the dihedral PDQ of one picture) a search.
- ``pdq-indexed``: the same with 60,000 rows in a main table and 1,000 in the tail.

Each query set has a few near copies of indexed rows (hits, some rows killed) and random hashes.
Each run times the same searches on each path, alternately; the figures are medians of the runs
(µs a search). Both paths' results are compared array for array; exit status 1 when they differ.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lawbridge.engines.signals import hamming
from lawbridge.engines.signals.hamming import HammingIndex

U8 = npt.NDArray[np.uint8]
Found = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]


@dataclass(frozen=True)
class Shape:
    name: str
    nbits: int
    radius: int
    batches: tuple[int, ...]  # rows added at a time: the index's main, delta and tail follow


SHAPES = (
    Shape("multicrop", 128, 23, (24_000, 2_000)),
    Shape("multicrop-delta", 128, 23, (20_000, 4_500, 2_000)),
    Shape("multicrop-small", 128, 23, (4_200, 1_800)),
    Shape("pdq", 256, 31, (1_500,)),
    Shape("pdq-indexed", 256, 31, (60_000, 1_000)),
)


def near(rng: np.random.Generator, hashes: U8, flips: int) -> U8:
    bits = np.unpackbits(hashes, axis=1)
    for row in bits:
        row[rng.choice(bits.shape[1], size=flips, replace=False)] ^= 1
    packed: U8 = np.packbits(bits, axis=1)
    return packed


def build(shape: Shape, rng: np.random.Generator) -> tuple[HammingIndex, U8]:
    nbytes = shape.nbits // 8
    index = HammingIndex(shape.nbits, shape.radius)
    added = []
    for count in shape.batches:
        hashes = rng.integers(0, 256, size=(count, nbytes), dtype=np.uint8)
        index.add(hashes, np.arange(len(index), len(index) + count, dtype=np.int64))
        added.append(hashes)
    for owner in rng.choice(len(index), size=len(index) // 50, replace=False):
        index.kill(int(owner))
    return index, np.concatenate(added)


def query_sets(rng: np.random.Generator, shape: Shape, refs: U8, count: int) -> list[U8]:
    """Eight hashes a search: up to two near copies of indexed rows, the rest random."""
    sets = []
    for _ in range(count):
        hits = int(rng.integers(0, 3))
        picked = refs[rng.choice(len(refs), size=hits, replace=False)]
        copies = near(rng, picked, int(rng.integers(0, shape.radius + 4)))
        noise = rng.integers(0, 256, size=(8 - hits, shape.nbits // 8), dtype=np.uint8)
        sets.append(np.concatenate([copies, noise]))
    return sets


def timed(index: HammingIndex, queries: list[U8], compiled: bool) -> tuple[float, list[Found]]:
    hamming.COMPILED = compiled
    start = time.perf_counter()
    results = [index.search(q) for q in queries]
    return (time.perf_counter() - start) / len(queries) * 1e6, results


def same(a: list[Found], b: list[Found]) -> bool:
    return all(
        all(x.dtype == y.dtype and np.array_equal(x, y) for x, y in zip(ra, rb, strict=True))
        for ra, rb in zip(a, b, strict=True)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not hamming.COMPILED:
        print("the compiled kernel is not built (genscripts/build_speedups.py)", file=sys.stderr)
        return 1
    print(f"load: {os.getloadavg()[0]:.2f}; runs {args.runs}, {args.searches} searches each")
    status = 0
    for shape in SHAPES:
        rng = np.random.default_rng(args.seed)
        index, refs = build(shape, rng)
        queries = query_sets(rng, shape, refs, args.searches)
        times: dict[bool, list[float]] = {True: [], False: []}
        hits = 0
        for _ in range(args.runs):
            fast, fast_results = timed(index, queries, True)
            slow, slow_results = timed(index, queries, False)
            times[True].append(fast)
            times[False].append(slow)
            if not same(fast_results, slow_results):
                print(f"{shape.name}: the compiled and numpy results differ", file=sys.stderr)
                status = 1
            hits = sum(len(r[0]) for r in fast_results)
        fast, slow = statistics.median(times[True]), statistics.median(times[False])
        main_rows = index._main.stop if index._main is not None else 0
        print(
            f"{shape.name:15} {shape.nbits} bits, radius {shape.radius}, rows {len(refs):,} "
            f"(main {main_rows:,}, indexed {index._indexed_stop():,}), {hits} hits: "
            f"numpy {slow:8.1f} µs, compiled {fast:7.1f} µs a search: × {slow / fast:.1f}"
        )
    hamming.COMPILED = True
    return status


if __name__ == "__main__":
    sys.exit(main())
