"""The Spark engine: the same partition functions as :mod:`lawbridge.jobs.local`, run by Apache
Spark's ``mapInArrow`` (``pip install 'lawbridge[spark]'``).

The job's file (a watchlist, a bank) is broadcast as its bytes; each Python worker writes them
once to a temporary file named by their SHA-256 and the partition function loads it from there
into its per-process cache, so no index is ever pickled. The input (an Arrow table or a Parquet
path Spark reads itself) gets a monotonically increasing row id before the map, and the output is
put back in that order, so both engines give the same table: collected on the driver
(:func:`run_spark`), or written as Parquet by the executors and streamed back in order
(:func:`spark_batches`, what the CLI uses: the output's size never meets the driver's memory).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from lawbridge.errors import InvalidInput
from lawbridge.jobs.batch import HashJob, Job, ScreenJob, check_input, output_schema, run_batch

ROW = "__lawbridge_row"


def spark_session(master: str = "local[2]", *, shuffle_partitions: int = 2) -> Any:
    """A small Spark session for this machine (loopback only, no UI), workers on this Python."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise InvalidInput(
            "the spark engine needs pyspark: pip install 'lawbridge[spark]'"
        ) from exc
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master)
        .appName("lawbridge")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.execution.arrow.useLargeVarTypes", "false")
        .config("spark.python.worker.reuse", "true")
    )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def job_file(job: Job) -> str | None:
    if isinstance(job, ScreenJob):
        return job.list_path
    if isinstance(job, HashJob):
        return job.bank_path
    return None


def with_file(job: Job, path: str) -> Job:
    field = "list_path" if isinstance(job, ScreenJob) else "bank_path"
    return dataclasses.replace(job, **{field: path})  # type: ignore[arg-type]


def materialise(data: bytes, suffix: str) -> str:
    """The broadcast bytes as a file on this worker, written once (atomically) per content."""
    digest = hashlib.sha256(data).hexdigest()[:32]
    path = Path(tempfile.gettempdir()) / f"lawbridge-job-{digest}{suffix}"
    if not path.exists():
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        partial.write_bytes(data)
        os.replace(partial, path)
    return str(path)


def frame(spark: Any, source: pa.Table | str) -> Any:
    """A DataFrame of ``source`` (an Arrow table, or a Parquet path Spark reads)."""
    if isinstance(source, str):
        return spark.read.parquet(source)
    return spark.createDataFrame(source)


def run_spark(job: Job, source: pa.Table | str, spark: Any, *, partitions: int = 0) -> pa.Table:
    """The output of ``job`` over ``source`` through ``mapInArrow``, in input order, collected on
    the driver (for outputs that fit its memory; :func:`spark_batches` for any size). An input of
    fewer than ``partitions`` partitions (default: twice the cores) is spread over that many."""
    mapped, shipped = _mapped(job, source, spark, partitions)
    try:
        result = mapped.toArrow()
    finally:
        if shipped is not None:
            shipped.unpersist()
    return result.sort_by(ROW).drop_columns([ROW]).cast(output_schema(job))


def spark_batches(
    job: Job, source: pa.Table | str, spark: Any, parts: str | Path, *, partitions: int = 0
) -> Iterator[pa.RecordBatch]:
    """The output of ``job`` over ``source``, written as Parquet under ``parts`` by Spark's
    executors (the driver never holds it: ten million rows are files, not memory), then read
    back part by part, batch by batch, in input order. ``parts`` must not exist yet; on a
    cluster it must be a path the executors and the driver share. It is left for the caller
    to remove."""
    mapped, shipped = _mapped(job, source, spark, partitions)
    try:
        mapped.write.parquet(str(parts))  # part-00000, part-00001 …: the input's stretches in order
    finally:
        if shipped is not None:
            shipped.unpersist()
    schema = output_schema(job)
    last = -1
    for part in sorted(Path(parts).glob("part-*.parquet")):
        for batch in pq.ParquetFile(part).iter_batches(batch_size=PART_BATCH_ROWS):
            rows = batch.column(ROW)
            if not len(rows):
                continue
            if rows[0].as_py() <= last:  # never expected: Spark wrote the parts out of order
                raise RuntimeError(f"spark output out of order in {part.name}")
            last = rows[-1].as_py()
            table = pa.Table.from_batches([batch]).drop_columns([ROW]).cast(schema)
            yield from table.to_batches()


PART_BATCH_ROWS = 8192


def _mapped(job: Job, source: pa.Table | str, spark: Any, partitions: int) -> tuple[Any, Any]:
    """The DataFrame of the job's output rows (with their input row ids) and the broadcast of
    the job's file, if any (unpersist it when done)."""
    from pyspark.sql import functions
    from pyspark.sql.pandas.types import from_arrow_schema

    df = frame(spark, source)
    schema_in = pa.schema([pa.field(f.name, pa.null()) for f in df.schema.fields])
    check_input(schema_in, job)
    df = df.withColumn(ROW, functions.monotonically_increasing_id())  # before any shuffle
    wanted = partitions or 2 * spark.sparkContext.defaultParallelism
    if df.rdd.getNumPartitions() < wanted:
        # Ranges of row ids, each sorted: partition k holds the k-th stretch of the input in
        # order, so the map's output is in input order part by part (sorting the output
        # instead would run the map twice: once more to sample the sort's ranges).
        df = df.repartitionByRange(wanted, ROW).sortWithinPartitions(ROW)
    schema_out = output_schema(job).append(pa.field(ROW, pa.int64()))
    path = job_file(job)
    shipped = None
    if path is not None:
        try:
            shipped = spark.sparkContext.broadcast(Path(path).read_bytes())
        except OSError as exc:
            raise InvalidInput(f"cannot read {path}: {exc.strerror}") from exc
    suffix = Path(path).suffix if path else ""

    def mapper(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        local_job = job if shipped is None else with_file(job, materialise(shipped.value, suffix))
        for batch in batches:
            rows = batch.column(ROW)
            out = run_batch(batch.drop_columns([ROW]), local_job)
            yield pa.RecordBatch.from_arrays([*out.columns, rows], schema=schema_out)

    return df.mapInArrow(mapper, from_arrow_schema(schema_out)), shipped
