"""``--engine local|spark``: batch jobs from the command line (``screen``, ``pii scan``,
``content hash``), Parquet or JSON Lines in and out.

The format is the file's: Parquet when the name ends in ``.parquet`` (or the input starts with
Parquet's magic bytes), else JSON Lines; ``-`` is stdin/stdout (JSON Lines out). A JSON Lines
line that alone is bad becomes an output row with its ``error`` (the batch goes on); an unreadable
Parquet file or one without the columns the job needs is ``error: …`` and exit 2 before any work.
``local`` runs the job in a process pool on this machine, ``spark`` through Apache Spark's
``mapInArrow`` (``pip install 'lawbridge[spark]'``; ``LAWBRIDGE_SPARK_MASTER``, default
``local[2]``); both give the same rows in input order.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import click
import pyarrow as pa
import pyarrow.parquet as pq

from lawbridge.cli.base import State, pass_state, report_errors
from lawbridge.errors import InvalidInput
from lawbridge.jobs.batch import HashJob, Job, PiiJob, ScreenJob, check_input, output_schema
from lawbridge.jobs.local import CHUNK_ROWS, run_local

ENGINES = ("local", "spark")
STDIO = "-"
MAGIC = b"PAR1"

engine_option = click.option(
    "--engine",
    type=click.Choice(ENGINES),
    help="Run as a batch job: 'local' (process pool) or 'spark'; Parquet or JSON Lines.",
)


# --- Input -------------------------------------------------------------------------------------


class Source:
    """An input file: Parquet (streamed by batches) or JSON Lines (parsed to rows)."""

    def __init__(self, path: str, stream: IO[bytes] | None = None) -> None:
        self.path = path
        self.ids: deque[Any] = deque()  # JSON Lines: each line's id, in order
        if path == STDIO or stream is not None:
            data = (stream or sys.stdin.buffer).read()
            self.raw: bytes | None = data
            self.parquet = data[:4] == MAGIC
        else:
            self.raw = None
            try:
                with open(path, "rb") as handle:
                    head = handle.read(4)
            except OSError as exc:
                raise InvalidInput(f"cannot read {path}: {exc.strerror}") from exc
            self.parquet = path.lower().endswith(".parquet") or head == MAGIC

    def parquet_file(self) -> pq.ParquetFile:
        try:
            if self.raw is not None:
                return pq.ParquetFile(pa.BufferReader(self.raw))
            return pq.ParquetFile(self.path)
        except (OSError, pa.ArrowException) as exc:
            raise InvalidInput(f"{self.path}: not a readable Parquet file ({exc})") from exc

    def lines(self) -> Iterator[tuple[int, bytes]]:
        """(line number, line) of each non-blank line."""
        try:
            handle: IO[bytes] = (
                io.BytesIO(self.raw) if self.raw is not None else open(self.path, "rb")
            )  # noqa: SIM115
        except OSError as exc:
            raise InvalidInput(f"cannot read {self.path}: {exc.strerror}") from exc
        with handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield number, line


def _decoded(number: int, raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """(the JSON object of a line, or the reason it is not one)."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return None, f"not valid UTF-8 (byte {exc.start})"
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg})"
    if not isinstance(data, dict):
        return None, "each line must be a JSON object"
    return data, None


def _scalar_id(value: Any) -> str | None:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _original(row: dict[str, Any], data: Any) -> Any:
    """The id as the line gave it (a number stays a number in JSON Lines output)."""
    value = data.get("id") if isinstance(data, dict) else None
    return value if row["id"] is not None and _scalar_id(value) == row["id"] else row["id"]


def screen_row(number: int, raw: bytes) -> dict[str, Any]:
    """A query line as a row (``id``, ``record`` as JSON text, ``line``, ``error``)."""
    data, error = _decoded(number, raw)
    row: dict[str, Any] = {"id": None, "record": None, "line": number, "error": None}
    if data is not None:
        query_id = data.get("id")
        row["id"] = _scalar_id(query_id) if not isinstance(query_id, float) else None
        if row["id"] is None:
            error = "each query needs an 'id' (string or integer)"
        elif not isinstance(data.get("record"), dict):
            error = "each query needs a 'record' object"
        else:
            row["record"] = json.dumps(data["record"], ensure_ascii=False)
    if error is not None:
        row["error"] = f"line {number}: {error}"
    return row


def pii_row(number: int, raw: bytes, columns: tuple[str, ...]) -> dict[str, Any]:
    """A document line as a row: its id, its text columns, or the error."""
    data, error = _decoded(number, raw)
    row: dict[str, Any] = {"id": None, "error": None, **dict.fromkeys(columns)}
    if data is None and raw:
        try:
            salvaged = json.loads(raw.decode("utf-8", "replace"))
            row["id"] = _scalar_id(salvaged.get("id")) if isinstance(salvaged, dict) else None
        except json.JSONDecodeError:
            pass
    if data is not None:
        if isinstance(data.get("id"), dict | list | bool):
            error = "id: a string or number"
        row["id"] = _scalar_id(data.get("id"))
        for column in columns:
            if error is None and not isinstance(data.get(column), str):
                error = f"{column}: required, a string"
            row[column] = data.get(column) if isinstance(data.get(column), str) else None
    row["error"] = error
    return row


def post_row(number: int, raw: bytes) -> dict[str, Any]:
    data, error = _decoded(number, raw)
    row: dict[str, Any] = {"id": None, "text": None, "links": None, "error": None}
    if data is not None:
        row["id"] = _scalar_id(data.get("id"))
        text, links = data.get("text"), data.get("links")
        row["text"] = text if isinstance(text, str) else None
        if isinstance(links, list) and all(isinstance(link, str) for link in links):
            row["links"] = links
        elif links is not None:
            error = "links: a list of URLs"
    row["error"] = None if error is None else f"line {number}: {error}"
    return row


def jsonl_batches(source: Source, job: Job) -> Iterator[pa.RecordBatch]:
    """Rows of ``job``'s input shape; each line's own id goes to ``source.ids`` in order."""
    rows: list[dict[str, Any]] = []
    for number, raw in source.lines():
        if isinstance(job, ScreenJob):
            row = screen_row(number, raw)
        elif isinstance(job, PiiJob):
            row = pii_row(number, raw, job.columns)
        else:
            row = post_row(number, raw)
        rows.append(row)
        data, _ = _decoded(number, raw)
        source.ids.append(_original(row, data))
        if len(rows) >= CHUNK_ROWS:
            yield _batch(rows, job)
            rows = []
    if rows:
        yield _batch(rows, job)


def _batch(rows: list[dict[str, Any]], job: Job) -> pa.RecordBatch:
    if isinstance(job, PiiJob):
        fields = [(c, pa.string()) for c in ("id", *job.columns, "error")]
        return pa.RecordBatch.from_pylist(rows, schema=pa.schema(fields))
    if isinstance(job, HashJob):
        fields = [("id", pa.string()), ("text", pa.string()), ("links", pa.list_(pa.string()))]
        return pa.RecordBatch.from_pylist(rows, schema=pa.schema([*fields, ("error", pa.string())]))
    fields = [("id", pa.string()), ("record", pa.string()), ("line", pa.int64())]
    return pa.RecordBatch.from_pylist(rows, schema=pa.schema([*fields, ("error", pa.string())]))


def input_batches(source: Source, job: Job) -> Iterator[pa.RecordBatch]:
    """The input as record batches, checked against the job's needs before the first one."""
    if not source.parquet:
        return jsonl_batches(source, job)
    parquet = source.parquet_file()
    check_input(parquet.schema_arrow, job)

    def read() -> Iterator[pa.RecordBatch]:
        try:
            yield from parquet.iter_batches(batch_size=CHUNK_ROWS)
        except (OSError, pa.ArrowException) as exc:
            raise InvalidInput(f"{source.path}: not a readable Parquet file ({exc})") from exc

    return read()


# --- Output ------------------------------------------------------------------------------------


def jsonl_of(row: dict[str, Any], job: Job, ids: deque[Any]) -> dict[str, Any]:
    """The JSON Lines form of an output row (the shapes of ``screen`` and ``pii scan``), with
    the id as the input line gave it when the input was JSON Lines."""
    if ids:
        row["query_id" if isinstance(job, ScreenJob) else "id"] = ids.popleft()
    if isinstance(job, ScreenJob):
        if row["error"] is not None:
            return {"query_id": row["query_id"], "error": row["error"]}
        return {k: row[k] for k in ("query_id", "candidates", "threshold")}
    if isinstance(job, PiiJob):
        if row["error"] is not None:
            return {"id": row["id"], "error": row["error"]}
        spans = [
            {k: f[k] for k in ("start", "end", "type", "score", "recognizer")}
            for f in row["findings"]
        ]
        if len(job.columns) > 1:
            spans = [
                {**span, "column": f["column"]}
                for span, f in zip(spans, row["findings"], strict=True)
            ]
        extra = {f"{c}_redacted": row[f"{c}_redacted"] for c in job.columns if job.redacted}
        return {"id": row["id"], "spans": spans, **extra}
    return {k: v for k, v in row.items() if v is not None}


def write_output(
    path: str, job: Job, batches: Iterable[pa.RecordBatch], ids: deque[Any] | None = None
) -> tuple[int, int]:
    """Write the batches to ``path`` (Parquet by suffix, else JSON Lines); (rows, failed)."""
    rows = failed = 0
    schema = output_schema(job)
    if path != STDIO and path.lower().endswith(".parquet"):
        partial = f"{path}.partial"
        try:
            with pq.ParquetWriter(partial, schema) as writer:
                for batch in batches:
                    writer.write_batch(batch)
                    rows += batch.num_rows
                    failed += batch.num_rows - batch.column("error").null_count
            os.replace(partial, path)
        except OSError as exc:
            Path(partial).unlink(missing_ok=True)
            raise InvalidInput(f"cannot write {path}: {exc.strerror}") from exc
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        return rows, failed
    with click.open_file(path, "w", encoding="utf-8") as sink:
        for batch in batches:
            for row in batch.to_pylist():
                line = jsonl_of(row, job, ids if ids is not None else deque())
                sink.write(json.dumps(line, ensure_ascii=False) + "\n")
                rows += 1
                failed += row["error"] is not None
        sink.flush()
    return rows, failed


# --- Running -----------------------------------------------------------------------------------


def run_job(engine: str, job: Job, source: Source, output: str = STDIO) -> Iterator[pa.RecordBatch]:
    """The output batches of ``job`` over ``source`` on ``engine``, in input order (``output``:
    where they will be written; Spark's executors write their parts beside it)."""
    if engine == "local":
        return run_local(job, input_batches(source, job))
    from lawbridge.jobs.spark import spark_session

    if source.parquet and source.raw is None:
        check_input(source.parquet_file().schema_arrow, job)
        data: pa.Table | str = source.path
    else:
        batches = list(input_batches(source, job))
        data = pa.Table.from_batches(batches) if batches else None
        if data is None:
            return iter(())
    spark = spark_session(os.environ.get("LAWBRIDGE_SPARK_MASTER", "local[2]"))
    return spark_output(job, data, spark, output)


def spark_output(
    job: Job, data: pa.Table | str, spark: Any, output: str
) -> Iterator[pa.RecordBatch]:
    """The job's output as Spark's executors write it (Parquet parts in a temporary folder beside
    ``output``, so on a cluster a shared path; the system's temporary folder for standard
    output), read back in order and removed once read: the driver holds one batch at a time."""
    from lawbridge.jobs.spark import spark_batches

    folder = None if output == STDIO else str(Path(output).resolve().parent)
    try:
        holder = tempfile.TemporaryDirectory(prefix=".lawbridge-spark-", dir=folder)
    except OSError as exc:
        raise InvalidInput(f"cannot write {output}: {exc.strerror}") from exc
    with holder as parts:
        yield from spark_batches(job, data, spark, Path(parts) / "parts")


def run_to_file(engine: str, job: Job, source: Source, output: str) -> tuple[int, int]:
    return write_output(output, job, run_job(engine, job, source, output), source.ids)


def screen_with_engine(
    engine: str, list_path: str, input_path: str, output_path: str, threshold: float, limit: int
) -> None:
    """``lawbridge screen --list … --engine …``."""
    job = ScreenJob(list_path, threshold, limit)
    if not Path(list_path).is_file():
        raise InvalidInput(f"cannot read {list_path}: no such file")
    rows, failed = run_to_file(engine, job, Source(input_path), output_path)
    click.echo(f"{rows} queries, {failed} failed", err=True)


def scan_with_engine(
    engine: str,
    source: IO[bytes],
    target: IO[str],
    threshold: float,
    columns: tuple[str, ...],
    redacted: bool,
) -> None:
    """``lawbridge pii scan --engine …``: ``source`` and ``target`` as click opened them (the
    output is written by name, so that it can be Parquet)."""
    name = getattr(source, "name", STDIO)
    path = name if isinstance(name, str) and Path(name).is_file() else STDIO
    src = Source(path) if path != STDIO else Source(STDIO, source)
    output = getattr(target, "name", STDIO)
    if not isinstance(output, str) or output.startswith("<"):
        output = STDIO  # click's stdout
    job = PiiJob(columns or ("text",), threshold, redacted)
    rows, failed = run_to_file(engine, job, src, output)
    click.echo(f"{rows} documents, {failed} failed", err=True)


column_option = click.option(
    "--column",
    "text_columns",
    multiple=True,
    help="A text column to scan (--engine; default: text).",
)
redact_option = click.option(
    "--redact", "redacted", is_flag=True, help="Add <column>_redacted copies (--engine only)."
)


@click.command("hash")
@click.option("-i", "--input", "input_path", required=True, help="POSTS.parquet (or .jsonl).")
@click.option("-o", "--output", "output_path", required=True, help="SIGNALS.parquet (or .jsonl).")
@click.option("--bank", "bank_path", help="A hash list (<signal type> <signal> per line) to match.")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True)
@pass_state
def content_hash(
    state: State, input_path: str, output_path: str, bank_path: str | None, engine: str
) -> None:
    """Hash every post (id, text, image bytes, links) with every signal; match a bank."""

    def run() -> None:
        job = HashJob(bank_path)
        if bank_path is not None:
            from lawbridge.jobs.batch import hash_bank

            hash_bank(job)  # a bad bank stops the job before any post
        rows, failed = run_to_file(engine, job, Source(input_path), output_path)
        click.echo(f"{rows} posts, {failed} failed", err=True)

    report_errors(state.debug, run)
