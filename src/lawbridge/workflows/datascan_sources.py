"""Rows of the sources a structured scan reads: CSV/TSV, JSON Lines, Parquet files and SQL tables.

Every reader streams (a row, or a Parquet batch, at a time) and never fails on one bad row: the row
comes back with its ``error`` and, where it can be kept, its cells. A source that cannot be opened at
all is an ``InvalidInput``. See ``datascan`` for what is done with the rows.
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from lawbridge.errors import InvalidInput

FORMATS = ("csv", "jsonl", "parquet", "sql")
SNIFF_BYTES = 8192


@dataclass(slots=True)
class Row:
    number: int  # 1-based line/row number in the source (CSV: the header is line 1)
    cells: list[tuple[str, Any]] | None  # (column, value); None when the row is unreadable
    error: str | None = None
    raw: Any = None  # what the writer needs to write the row back (CSV cells, JSON value)
    header: bool = False  # the CSV header line (not data)


def read_rows(source: str, fmt: str, *, table: str | None = None) -> Iterator[Row]:
    """Stream the rows of a source; InvalidInput when it cannot be opened at all."""
    if fmt == "csv":
        return _csv_rows(Path(source))
    if fmt == "jsonl":
        return _jsonl_rows(Path(source))
    if fmt == "parquet":
        return _parquet_rows(Path(source))
    if fmt == "sql":
        if not table:
            raise InvalidInput("a SQL source needs a table name", {"field": "table"})
        return _sql_rows(source, table)
    raise InvalidInput(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}", {"field": "format"})


def guess_format(source: str) -> str:
    if "://" in source:
        return "sql"
    suffix = Path(source).suffix.casefold()
    known = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
    if suffix in known:
        return known[suffix]
    if suffix in {".parquet", ".pq"}:
        return "parquet"
    raise InvalidInput(f"cannot tell the format of {source!r}: give --format", {"field": "format"})


def _open_text(path: Path) -> IO[str]:
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}", {"path": str(path)}) from exc
    if b"\x00" in head:
        raise InvalidInput(f"{path} is not a text file (NUL bytes)", {"path": str(path)})
    return path.open(encoding="utf-8", errors="surrogateescape", newline="")


def _bad_text(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _csv_rows(path: Path) -> Iterator[Row]:
    with _open_text(path) as fh:
        dialect = "excel-tab" if path.suffix.casefold() == ".tsv" else "excel"
        reader = csv.reader(fh, dialect)
        header = _csv_header(reader, path)
        yield Row(1, None, None, header, header=True)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Row(reader.line_num, None, f"unreadable CSV row: {exc}")
                continue
            yield _csv_row(header, cells, reader.line_num)


def _csv_header(reader: Any, path: Path) -> list[str]:
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidInput(
            f"{path} is empty: a header row is required", {"path": str(path)}
        ) from None
    except csv.Error as exc:
        raise InvalidInput(f"{path}: unreadable header: {exc}", {"path": str(path)}) from exc
    if _bad_text("".join(header)):
        raise InvalidInput(f"{path}: the header is not valid UTF-8", {"path": str(path)})
    return [name.strip() or f"column_{i + 1}" for i, name in enumerate(header)]


def _csv_row(header: list[str], cells: list[str], number: int) -> Row:
    if any(_bad_text(cell) for cell in cells):
        return Row(number, None, "invalid UTF-8", cells)
    names = header + [f"_extra_{i + 1}" for i in range(len(cells) - len(header))]
    error = None
    if len(cells) != len(header):
        error = f"ragged row: {len(cells)} cells where the header has {len(header)}"
    return Row(number, list(zip(names, cells, strict=False)), error, cells)


def _jsonl_rows(path: Path) -> Iterator[Row]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}", {"path": str(path)}) from exc
    with fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError:
                yield Row(number, None, "invalid UTF-8", line)
                continue
            except ValueError as exc:
                yield Row(number, None, f"invalid JSON: {exc}", line)
                continue
            yield Row(number, list(_flatten(value, "")), None, value)


def _flatten(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Leaves of a JSON value under column names like ``customer.phones[]``."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _flatten(child, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for child in value:
            yield from _flatten(child, f"{path}[]")
    else:
        yield path or "value", value


def _parquet_rows(path: Path) -> Iterator[Row]:
    parquet = pyarrow_parquet()
    try:
        source = parquet.ParquetFile(path)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise InvalidInput(f"cannot read {path} as Parquet: {exc}", {"path": str(path)}) from exc
    number = 0
    for batch in source.iter_batches(batch_size=1024):
        for cells in batch.to_pylist():
            number += 1
            yield Row(number, list(_flatten(cells, "")), None, cells)


def pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as parquet  # noqa: PLC0415 - only Parquet sources need it
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
        raise InvalidInput("Parquet needs pyarrow, which is not installed") from exc
    return parquet


def _sql_rows(url: str, table: str) -> Iterator[Row]:
    from sqlalchemy import MetaData, Table, create_engine, select  # noqa: PLC0415
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError  # noqa: PLC0415

    try:
        engine = create_engine(url)
        with engine.connect() as connection:
            source = Table(table, MetaData(), autoload_with=connection)
            result = connection.execution_options(stream_results=True, yield_per=1000).execute(
                select(source)
            )
            for number, row in enumerate(result, 1):
                cells = dict(row._mapping)
                yield Row(number, [(str(k), v) for k, v in cells.items()], None, cells)
    except (ArgumentError, NoSuchModuleError, SQLAlchemyError) as exc:
        detail = str(exc).splitlines()[0]
        raise InvalidInput(f"cannot read table {table!r}: {detail}", {"table": table}) from exc
    finally:
        with contextlib.suppress(UnboundLocalError):
            engine.dispose()
