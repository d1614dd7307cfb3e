"""PDQ index at scale: build time, memory per hash, query latency (one core).

    .venv/bin/python bench/signals/pdq_index.py [--n 1000000] [--queries 2000]

Hashes are uniform random 256-bit strings (real PDQ hashes cluster more: expect more candidates
per probe); each query is a stored hash with 0–31 bits flipped, asked with 1 and with 8 variants.
"""

# ruff: noqa: T201  (a benchmark prints its figures)

from __future__ import annotations

import argparse
import resource
import time

import numpy as np

from lawbridge.engines.signals import PdqIndex


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=2000)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    hashes = rng.integers(0, 256, size=(args.n, 32), dtype=np.uint8)
    refs = [f"p{i}" for i in range(args.n)]
    before = rss_mb()
    t0 = time.perf_counter()
    index = PdqIndex()
    index.add_many(hashes, refs)
    build = time.perf_counter() - t0
    print(
        f"n={args.n:,} build {build:.2f} s; arrays {index.nbytes / args.n:.0f} B/hash "
        f"({index.nbytes / 2**20:.0f} MiB); peak RSS +{rss_mb() - before:.0f} MiB incl. refs"
    )
    picks = rng.integers(0, args.n, size=args.queries)
    bits = np.unpackbits(hashes[picks], axis=1)
    for i, k in enumerate(rng.integers(0, 32, size=args.queries)):
        bits[i, rng.choice(256, size=k, replace=False)] ^= 1
    probes = np.packbits(bits, axis=1)
    signals1 = [bytes(p).hex() for p in probes]
    noise = rng.integers(0, 256, size=(args.queries, 7, 32), dtype=np.uint8)
    signals8 = [
        ",".join([bytes(p).hex()] + [bytes(x).hex() for x in n])
        for p, n in zip(probes, noise, strict=True)
    ]
    for label, signals in (("1 variant", signals1), ("8 variants", signals8)):
        t0 = time.perf_counter()
        found = sum(
            any(m.ref == f"p{j}" for m in index.query(s))
            for s, j in zip(signals, picks, strict=True)
        )
        per = (time.perf_counter() - t0) / len(signals) * 1e6
        print(
            f"query ({label}): {per:.0f} µs; recall of planted neighbours {found / len(signals):.3f}"
        )
    blob = index.serialize()
    t0 = time.perf_counter()
    PdqIndex.deserialize(blob)
    print(f"serialized {len(blob) / 2**20:.0f} MiB; deserialize {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
