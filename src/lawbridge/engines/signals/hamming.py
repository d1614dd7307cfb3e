"""Multi-index hashing (Norouzi et al.): exact Hamming-radius search over millions of bit hashes.

A hash of ``b`` bits is cut into ``m = b / 16`` chunks of 16 bits. Two hashes within distance
``d`` agree on some chunk up to ``floor(d / m)`` bits (pigeonhole), so probing, for every chunk,
the buckets within that many bit flips of the query's chunk finds every hash within ``d``; each
candidate is then checked with a popcount of the XOR (``numpy.bitwise_count``). A bucket table is
CSR: per chunk, the row numbers sorted by chunk value (``uint32``) and 65,537 offsets. Memory per
hash: ``b/8`` bytes of hash + ``4·m`` of tables + 5 of owner and liveness (101 bytes for PDQ).

Adds land in a small unindexed tail searched by brute force; a tail over ``tail_limit`` rows is
indexed as a *delta* table; a delta over a quarter of the main table is merged into it. Removed
rows are masked, and dropped at the next merge of the main table.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt

from lawbridge.errors import InvalidInput

U8 = npt.NDArray[np.uint8]
I64 = npt.NDArray[np.int64]

# The compiled twin of ``HammingIndex.search`` (``_hamming.pyx``: the same arrays in the same
# order; ``make venv`` builds it). Without it, or with ``COMPILED`` set false (the equivalence tests
# and ``bench/content/hamming_ab.py`` do), the numpy code below runs: it is the reference.
try:
    from lawbridge.engines.signals import _hamming
except ImportError:  # not built (no C compiler)
    COMPILED = False
else:
    COMPILED = True


def flip_masks(radius: int) -> npt.NDArray[np.uint16]:
    """Every 16-bit mask with at most ``radius`` bits set."""
    masks = [0]
    for k in range(1, radius + 1):
        masks.extend(sum(1 << b for b in bits) for bits in combinations(range(16), k))
    return np.array(masks, dtype=np.uint16)


@dataclass(slots=True)
class _Table:
    start: int
    stop: int
    rows: npt.NDArray[np.uint32]  # (m, n): row numbers sorted by chunk value
    offsets: npt.NDArray[np.int64]  # (m, 65537)

    @classmethod
    def build(cls, chunks: npt.NDArray[np.uint16], start: int) -> _Table:
        m, n = chunks.shape[1], chunks.shape[0]
        rows = np.empty((m, n), dtype=np.uint32)
        offsets = np.empty((m, 65537), dtype=np.int64)
        for j in range(m):
            values = chunks[:, j]
            rows[j] = np.argsort(values, kind="stable").astype(np.uint32) + start
            offsets[j, 0] = 0
            np.cumsum(np.bincount(values, minlength=65536), out=offsets[j, 1:])
        return cls(start, start + n, rows, offsets)

    def candidates(self, probes: npt.NDArray[np.uint16]) -> tuple[I64, I64]:
        """(query number, row) pairs in the probed buckets; ``probes`` is (q, m, p)."""
        q, m, p = probes.shape
        chunk = np.broadcast_to(np.arange(m)[None, :, None], probes.shape).ravel()
        values = probes.ravel().astype(np.int64)
        starts = self.offsets[chunk, values]
        lens = self.offsets[chunk, values + 1] - starts
        total = int(lens.sum())
        if total == 0:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        ends = np.cumsum(lens)
        within = np.arange(total) - np.repeat(ends - lens, lens)
        rows = self.rows[np.repeat(chunk, lens), np.repeat(starts, lens) + within]
        query = np.repeat(np.arange(q).repeat(m * p), lens)
        return query, rows.astype(np.int64)


class HammingIndex:
    """Exact search of ``nbits``-bit hashes within ``radius``; each row has an integer owner."""

    def __init__(self, nbits: int, radius: int, *, tail_limit: int = 4096) -> None:
        if nbits % 64 or not 0 <= radius < nbits // 2:
            raise InvalidInput("HammingIndex: nbits a multiple of 64, radius below nbits / 2")
        self.nbits, self.radius, self.tail_limit = nbits, radius, tail_limit
        self.chunks = nbits // 16
        self._masks = flip_masks(radius // self.chunks)
        self._hashes = np.empty((1024, nbits // 8), dtype=np.uint8)
        self._owners = np.empty(1024, dtype=np.int64)
        self._alive = np.empty(1024, dtype=bool)
        self._n = 0
        self._main: _Table | None = None
        self._delta: _Table | None = None

    def __len__(self) -> int:
        return int(self._alive[: self._n].sum())

    @property
    def nbytes(self) -> int:
        """Bytes held by the hashes, owners, liveness and tables (capacity included)."""
        tables = [t for t in (self._main, self._delta) if t is not None]
        held = self._hashes.nbytes + self._owners.nbytes + self._alive.nbytes
        return held + sum(t.rows.nbytes + t.offsets.nbytes for t in tables)

    def add(self, hashes: U8, owners: I64 | int) -> None:
        """Append rows (``(k, nbits/8)`` uint8) with their owners (one int for all, or k)."""
        hashes = np.ascontiguousarray(hashes, dtype=np.uint8).reshape(-1, self.nbits // 8)
        k = hashes.shape[0]
        self._reserve(self._n + k)
        self._hashes[self._n : self._n + k] = hashes
        self._owners[self._n : self._n + k] = owners
        self._alive[self._n : self._n + k] = True
        self._n += k
        self._maybe_index()

    def kill(self, owner: int) -> int:
        """Mask every row of ``owner``; returns how many."""
        hit = (self._owners[: self._n] == owner) & self._alive[: self._n]
        self._alive[: self._n][hit] = False
        return int(hit.sum())

    def search(self, queries: U8, radius: int | None = None) -> tuple[I64, I64, I64]:
        """All live (query number, row, distance) with distance ≤ radius, exactly."""
        queries = np.ascontiguousarray(queries, dtype=np.uint8).reshape(-1, self.nbits // 8)
        radius = self.radius if radius is None else radius
        if COMPILED:
            return self._search_compiled(queries, radius)
        if radius > self.radius:
            return self._check(queries, *self._all_pairs(queries, 0, self._n), radius)
        parts = []
        probes = queries.view("<u2")[:, :, None] ^ self._masks[None, None, :]
        for table in (self._main, self._delta):
            if table is not None:
                parts.append(table.candidates(probes))
        tail = self._scan(queries, self._indexed_stop(), self._n, radius)
        if parts:
            found = self._check(
                queries,
                np.concatenate([p[0] for p in parts]),
                np.concatenate([p[1] for p in parts]),
                radius,
            )
            tail = (
                np.concatenate([tail[0], found[0]]),
                np.concatenate([tail[1], found[1]]),
                np.concatenate([tail[2], found[2]]),
            )
        qs, rows, dist = tail
        if len(qs) > 1:  # a pair found through several chunks: keep one
            keys, first = np.unique(qs * self._n + rows, return_index=True)
            qs, rows, dist = qs[first], rows[first], dist[first]
        return qs, rows, dist

    def _search_compiled(self, queries: U8, radius: int) -> tuple[I64, I64, I64]:
        alive = self._alive.view(np.uint8)
        if radius > self.radius:  # beyond what the tables' probes reach: every row
            return _hamming.scan(queries, self._hashes, alive, 0, self._n, radius)
        tables = [(t.rows, t.offsets) for t in (self._main, self._delta) if t is not None]
        stop = self._indexed_stop()
        return _hamming.search(
            queries, self._hashes, alive, tables, self._masks, stop, self._n, radius
        )

    def owners(self, rows: I64) -> I64:
        return self._owners[rows]

    def hashes_of(self, owner: int) -> U8:
        hit = (self._owners[: self._n] == owner) & self._alive[: self._n]
        rows: U8 = self._hashes[: self._n][hit]
        return rows

    def _check(self, queries: U8, qs: I64, rows: I64, radius: int) -> tuple[I64, I64, I64]:
        live = self._alive[rows]
        qs, rows = qs[live], rows[live]
        dist = distances(queries[qs], self._hashes[rows])
        keep = dist <= radius
        return qs[keep], rows[keep], dist[keep]

    def _scan(self, queries: U8, start: int, stop: int, radius: int) -> tuple[I64, I64, I64]:
        """Live (query number, row, distance) within ``radius`` among rows ``start:stop`` by
        brute force (the unindexed tail): the pairs :meth:`_check` would keep of
        :meth:`_all_pairs`, in the same order, without gathering a copy of each pair's hashes."""
        if stop <= start or not len(queries):
            return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int64)
        block = self._hashes[start:stop].view(np.uint64)
        counts = np.bitwise_count(queries.view(np.uint64)[:, None, :] ^ block[None, :, :])
        dist = counts[:, :, 0].astype(np.int64)
        for word in range(1, counts.shape[2]):
            dist += counts[:, :, word]
        qs, cols = np.nonzero((dist <= radius) & self._alive[start:stop][None, :])
        return qs.astype(np.int64), cols.astype(np.int64) + start, dist[qs, cols]

    def _all_pairs(self, queries: U8, start: int, stop: int) -> tuple[I64, I64]:
        rows = np.arange(start, stop, dtype=np.int64)
        q = np.arange(len(queries), dtype=np.int64)
        return np.repeat(q, len(rows)), np.tile(rows, len(q))

    def _indexed_stop(self) -> int:
        table = self._delta or self._main
        return table.stop if table is not None else 0

    def _maybe_index(self) -> None:
        if self._n - self._indexed_stop() <= self.tail_limit:
            return
        main_size = self._main.stop if self._main is not None else 0
        if self._n - main_size > max(main_size // 4, self.tail_limit):
            self._compact()
            self._main, self._delta = self._table(0, self._n), None
        else:
            self._delta = self._table(main_size, self._n)

    def _table(self, start: int, stop: int) -> _Table:
        return _Table.build(self._hashes[start:stop].view("<u2"), start)

    def _compact(self) -> None:
        alive = self._alive[: self._n]
        if alive.all():
            return
        n = int(alive.sum())
        self._hashes[:n] = self._hashes[: self._n][alive]
        self._owners[:n] = self._owners[: self._n][alive]
        self._alive[:n] = True
        self._n = n

    def _reserve(self, size: int) -> None:
        if size <= len(self._owners):
            return
        cap = max(size, int(len(self._owners) * 1.5))
        for name in ("_hashes", "_owners", "_alive"):
            old = getattr(self, name)
            new = np.empty((cap, *old.shape[1:]), dtype=old.dtype)
            new[: self._n] = old[: self._n]
            setattr(self, name, new)

    def to_npz(self) -> dict[str, npt.NDArray[np.generic]]:
        alive = self._alive[: self._n]
        return {"hashes": self._hashes[: self._n][alive], "owners": self._owners[: self._n][alive]}

    @classmethod
    def from_arrays(cls, nbits: int, radius: int, hashes: U8, owners: I64) -> HammingIndex:
        index = cls(nbits, radius)
        if len(owners):
            index.add(hashes, owners)
            index._compact()
            index._main, index._delta = index._table(0, index._n), None
        return index


def distances(a: U8, b: U8) -> I64:
    """Row-wise Hamming distances of two (k, nbytes) uint8 arrays."""
    x = np.bitwise_count(
        np.bitwise_xor(
            np.ascontiguousarray(a).view(np.uint64), np.ascontiguousarray(b).view(np.uint64)
        )
    )
    total = x[:, 0].astype(np.int64)
    for word in range(1, x.shape[1]):  # faster than sum(axis=1) over 2-4 words
        total += x[:, word]
    return total


def save_npz(arrays: dict[str, npt.NDArray[np.generic]]) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
    return buffer.getvalue()


def load_npz(data: bytes, kind: str) -> dict[str, npt.NDArray[np.generic]]:
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - untrusted bytes: zipfile and numpy raise many kinds
        # (BadZipFile, zlib.error, EOFError, NotImplementedError for a flipped flag bit,
        # RuntimeError for an "encrypted" member …): any of them means not a dump we wrote.
        raise InvalidInput(f"not a {kind} index dump: {type(exc).__name__}: {exc}") from exc
    if "kind" not in arrays or str(arrays["kind"]) != kind:
        raise InvalidInput(f"not a {kind} index dump")
    return arrays
