"""The local engine: a job's partition function over chunks of a table, in a process pool on this
machine (the default engine of ``--engine``).

The input is cut into chunks of ``chunk_rows`` rows (a Parquet file's batches as they are read);
each worker process builds the job's engine once (:func:`lawbridge.jobs.batch.cached`) and the
results come back in input order. ``workers=1`` runs in this process, with no pool at all.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor

import pyarrow as pa

from lawbridge.jobs.batch import Job, output_schema, run_batch

CHUNK_ROWS = 2048


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def chunks(batches: Iterable[pa.RecordBatch], rows: int = CHUNK_ROWS) -> Iterator[pa.RecordBatch]:
    """The batches cut to at most ``rows`` rows each (empty ones dropped)."""
    for batch in batches:
        for offset in range(0, batch.num_rows, rows):
            yield batch.slice(offset, rows)


def run_local(
    job: Job,
    batches: Iterable[pa.RecordBatch],
    *,
    workers: int | None = None,
    chunk_rows: int = CHUNK_ROWS,
    pool: Executor | None = None,
) -> Iterator[pa.RecordBatch]:
    """The job's output batches, in input order. Workers start with ``spawn`` (no inherited
    threads or locks); at most ``2 × workers`` chunks are in flight, so memory stays bounded.
    A caller's ``pool`` (of ``workers`` processes) is used and left open: its workers keep the
    engines they built, for the next job on the same file."""
    count = workers or default_workers()
    pieces = chunks(batches, chunk_rows)
    if count == 1 and pool is None:
        for piece in pieces:
            yield run_batch(piece, job)
        return
    if pool is not None:
        yield from _pooled(pool, count, job, pieces)
        return
    with new_pool(count) as own:
        yield from _pooled(own, count, job, pieces)


def new_pool(workers: int | None = None) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers or default_workers(), mp_context=context)


def _pooled(
    pool: Executor, count: int, job: Job, pieces: Iterable[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    pending: deque[Future[pa.RecordBatch]] = deque()
    for piece in pieces:
        pending.append(pool.submit(run_batch, piece, job))
        if len(pending) >= 2 * count:
            yield pending.popleft().result()
    for future in pending:
        yield future.result()


def run_table(job: Job, table: pa.Table, *, workers: int | None = None) -> pa.Table:
    """The whole output of ``job`` over ``table`` as one table."""
    out = list(run_local(job, table.to_batches(), workers=workers))
    return pa.Table.from_batches(out, schema=output_schema(job))
