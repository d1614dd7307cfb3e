# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""``HammingIndex.search`` in C (Cython): the multi-index probe and the brute-force scan.

Why by hand: no library probes CSR bucket tables of bit chunks; with numpy, a search of a few
query hashes is dominated by building intermediate arrays (the probes, each candidate pair, a copy
of each pair's hashes) and by ``np.unique``, not by the popcounts. Here each candidate is checked
where it is found and only the hits are kept. ``hamming.py`` keeps the numpy code as the
reference and uses these functions when built; both give the same arrays in the same order
(``tests/engines/signals/test_signals_hamming.py``). The index's arrays are only read: the
memory layout is ``hamming.py``'s.

``make venv`` builds it in place (``genscripts/build_speedups.py``; a C compiler is needed);
without it the numpy reference runs.
"""

import numpy as np

from libc.stdint cimport int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from libc.stdlib cimport free, qsort, realloc
from libc.string cimport memcpy

cdef extern from *:
    int popcount64 "__builtin_popcountll"(unsigned long long) nogil


cdef struct Vec:
    int64_t* data
    Py_ssize_t size
    Py_ssize_t cap


cdef struct Table:
    const uint32_t* rows  # (chunks, length): row numbers sorted by chunk value
    const int64_t* offsets  # (chunks, 65537)
    Py_ssize_t length


cdef inline int push(Vec* vec, int64_t value) except -1:
    cdef int64_t* grown
    if vec.size == vec.cap:
        grown = <int64_t*>realloc(vec.data, (vec.cap * 2 if vec.cap else 256) * sizeof(int64_t))
        if grown == NULL:
            raise MemoryError()
        vec.data = grown
        vec.cap = vec.cap * 2 if vec.cap else 256
    vec.data[vec.size] = value
    vec.size += 1
    return 0


cdef inline int distance(
    const uint64_t* query, const uint8_t* row, Py_ssize_t words
) noexcept nogil:
    # memcpy: the index's rows need not be 8-byte aligned; it compiles to a plain load
    cdef uint64_t word
    cdef int total = 0
    cdef Py_ssize_t w
    for w in range(words):
        memcpy(&word, row + 8 * w, 8)
        total += popcount64(query[w] ^ word)
    return total


cdef int compare_int64(const void* a, const void* b) noexcept nogil:
    cdef int64_t x = (<const int64_t*>a)[0]
    cdef int64_t y = (<const int64_t*>b)[0]
    return (x > y) - (x < y)


cdef class _Search:
    """The queries as words, and the growing (query, row, distance) output."""

    cdef uint64_t* words
    cdef Py_ssize_t nq, nwords
    cdef Vec qs, rows, dist
    cdef Vec hits  # of one query in the tables: row << 16 | distance

    def __cinit__(self, const uint8_t[:, ::1] queries):
        self.nq = queries.shape[0]
        self.nwords = queries.shape[1] // 8
        self.words = <uint64_t*>realloc(NULL, max(1, self.nq * self.nwords) * sizeof(uint64_t))
        if self.words == NULL:
            raise MemoryError()
        if self.nq:
            memcpy(self.words, &queries[0, 0], self.nq * self.nwords * 8)

    def __dealloc__(self):
        free(self.words)
        free(self.qs.data)
        free(self.rows.data)
        free(self.dist.data)
        free(self.hits.data)

    cdef int emit(self, Py_ssize_t q, int64_t row, int d) except -1:
        push(&self.qs, q)
        push(&self.rows, row)
        push(&self.dist, d)
        return 0

    cdef int scan(
        self, Py_ssize_t q, const uint8_t[:, ::1] hashes, const uint8_t[::1] alive,
        Py_ssize_t start, Py_ssize_t stop, int radius,
    ) except -1:
        cdef const uint64_t* query = self.words + q * self.nwords
        cdef Py_ssize_t row
        cdef int d
        for row in range(start, stop):
            d = distance(query, &hashes[row, 0], self.nwords)
            if d <= radius and alive[row]:
                self.emit(q, row, d)
        return 0

    cdef int probe(
        self, Py_ssize_t q, const uint8_t[:, ::1] queries, const uint8_t[:, ::1] hashes,
        const uint8_t[::1] alive, Table table, const uint16_t[::1] masks, int radius,
    ) except -1:
        """Every live row of ``table`` within ``radius`` of query ``q``, packed as
        ``row << 16 | distance`` into ``hits`` (a row found through several chunks repeats)."""
        cdef const uint64_t* query = self.words + q * self.nwords
        cdef Py_ssize_t chunks = queries.shape[1] // 2, nmasks = masks.shape[0]
        cdef Py_ssize_t chunk, k, at
        cdef const int64_t* offsets
        cdef const uint32_t* rows
        cdef unsigned int value
        cdef int64_t row
        cdef int d
        for chunk in range(chunks):
            value = queries[q, 2 * chunk] | (queries[q, 2 * chunk + 1] << 8)  # "<u2"
            offsets = table.offsets + chunk * 65537
            rows = table.rows + chunk * table.length
            for k in range(nmasks):
                for at in range(offsets[value ^ masks[k]], offsets[(value ^ masks[k]) + 1]):
                    row = rows[at]
                    d = distance(query, &hashes[row, 0], self.nwords)
                    if d <= radius and alive[row]:
                        push(&self.hits, (row << 16) | d)
        return 0

    cdef int flush_hits(self, Py_ssize_t q) except -1:
        """``hits`` sorted by row, once each, to the output."""
        cdef Py_ssize_t i
        cdef int64_t previous = -1
        qsort(self.hits.data, self.hits.size, sizeof(int64_t), compare_int64)
        for i in range(self.hits.size):
            if self.hits.data[i] != previous:  # the same row has the same distance
                previous = self.hits.data[i]
                self.emit(q, previous >> 16, previous & 0xFFFF)
        self.hits.size = 0
        return 0

    cdef tuple result(self):
        return _array(&self.qs), _array(&self.rows), _array(&self.dist)


cdef object _array(Vec* vec):
    out = np.empty(vec.size, dtype=np.int64)
    cdef int64_t[::1] view = out
    if vec.size:
        memcpy(&view[0], vec.data, vec.size * sizeof(int64_t))
    return out


def scan(
    const uint8_t[:, ::1] queries,
    const uint8_t[:, ::1] hashes,
    const uint8_t[::1] alive,
    Py_ssize_t start,
    Py_ssize_t stop,
    int radius,
):
    """Live (query number, row, distance) within ``radius`` among rows ``start:stop``, by brute
    force, ordered by query then row (``HammingIndex._scan``)."""
    if hashes.shape[1] != queries.shape[1] or queries.shape[1] % 8:
        raise ValueError("queries and hashes: the same whole number of 64-bit words")
    if start < 0 or stop > min(hashes.shape[0], alive.shape[0]):
        raise ValueError("rows out of range")
    cdef _Search out = _Search(queries)
    cdef Py_ssize_t q
    for q in range(out.nq):
        out.scan(q, hashes, alive, start, stop, radius)
    return out.result()


def search(
    const uint8_t[:, ::1] queries,
    const uint8_t[:, ::1] hashes,
    const uint8_t[::1] alive,
    list tables,
    const uint16_t[::1] masks,
    Py_ssize_t tail_start,
    Py_ssize_t stop,
    int radius,
):
    """Live (query number, row, distance) within ``radius``: rows of ``tables`` (``(rows,
    offsets)`` of each ``_Table``, all below ``tail_start``) found by probing each chunk's buckets
    within ``masks`` of the query's, and rows ``tail_start:stop`` by brute force. Each pair once,
    ordered by query then row (as ``np.unique`` of ``query * n + row`` orders them).

    The tables are ``_Table.build``'s: their row numbers index ``hashes`` and ``alive`` unchecked
    (checking each would be a pass over the table per search)."""
    cdef Py_ssize_t nbytes = queries.shape[1]
    if hashes.shape[1] != nbytes or nbytes % 8:
        raise ValueError("queries and hashes: the same whole number of 64-bit words")
    if radius > 0xFFFF:  # a hit is packed as row << 16 | distance
        raise ValueError("radius over 65,535")
    if tail_start < 0 or stop > min(hashes.shape[0], alive.shape[0]):
        raise ValueError("rows out of range")
    cdef Table found[2]
    cdef Py_ssize_t count = 0, t, q
    cdef const uint32_t[:, ::1] rows
    cdef const int64_t[:, ::1] offsets
    held = []  # the memoryviews behind the C pointers
    for rows_array, offsets_array in tables:
        rows, offsets = rows_array, offsets_array
        if rows.shape[0] != nbytes // 2 or offsets.shape[0] != nbytes // 2:
            raise ValueError("a table per chunk of 16 bits")
        if offsets.shape[1] != 65537 or count == 2:
            raise ValueError("at most two tables of 65,537 offsets per chunk")
        if rows.shape[1] == 0:
            continue
        if offsets[0, 0] != 0 or offsets[0, 65536] != rows.shape[1]:
            raise ValueError("offsets out of range")
        held.append((rows, offsets))
        found[count].rows = &rows[0, 0]
        found[count].offsets = &offsets[0, 0]
        found[count].length = rows.shape[1]
        count += 1
    cdef _Search out = _Search(queries)
    for q in range(out.nq):
        for t in range(count):
            out.probe(q, queries, hashes, alive, found[t], masks, radius)
        out.flush_hits(q)
        out.scan(q, hashes, alive, tail_start, stop, radius)
    return out.result()
