"""Structured scans: where personal information sits in tables, column by column, and redaction.

Sources are CSV, JSON Lines and Parquet files and SQL tables (by SQLAlchemy URL). Rows stream: a file
of any size is read a row (or a Parquet batch) at a time, never whole. Each cell is given to the
detector behind its column header ("身份证号: 11010519491231002X"), so the engine's context words see
what the header says; spans found in the header are dropped. A column's report gives the types found,
the share of non-empty rows carrying each, and a few masked examples. Rows that cannot be read (invalid
UTF-8, bad JSON, a CSV row of the wrong width) are reported by number and the scan goes on; a ragged CSV
row is still scanned and redacted by position, so nothing is lost.

Redaction writes a new file of the same format: a first pass scans, a second rewrites every cell with
its detected spans replaced (and, in a column whose header names a type that the scan found in at least
``WHOLE_CELL_SHARE`` of its rows, every non-empty cell whole). The output is written to a temporary file
beside the target and renamed at the end: a failure leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lawbridge.workflows import privacy
from lawbridge.workflows.datascan_sources import (
    Row,
    guess_format,
    pyarrow_parquet,
    read_rows,
)
from lawbridge.workflows.pii_hints import header_hint

Span = tuple[str, int, int]  # (type, start, end) in characters
Detector = Callable[[str], Iterable[Span]]
Replacer = Callable[[str, str], str]  # (type, original text) -> replacement
Progress = Callable[[int], None]  # rows read so far

MAX_EXAMPLES = 3
MAX_REPORTED_ERRORS = 100
MAX_CELL = 100_000  # characters of one cell given to the detector
WHOLE_CELL_SHARE = 0.3


def default_detector() -> Detector:
    """The pii engine's analyser as a ``Detector`` (built once per process)."""
    return privacy.default_detector()


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a scanned text: plain (``type`` None) or a finding, for highlighting."""

    text: str
    type: str | None = None


def segments(text: str, spans: Sequence[Span]) -> list[Segment]:
    """``text`` cut at the findings (overlaps merged), in order."""
    out: list[Segment] = []
    at = 0
    for kind, start, end in reversed(_merged(spans)):
        if start > at:
            out.append(Segment(text[at:start]))
        out.append(Segment(text[start:end], kind))
        at = end
    if at < len(text):
        out.append(Segment(text[at:]))
    return out


def tag_replacer(kind: str, original: str) -> str:
    return f"<{kind}>"


def mask_example(value: str) -> str:
    """A value as reports show it: the last two characters, the rest starred."""
    keep = 2 if len(value) > 6 else 0
    return "*" * (len(value) - keep) + value[len(value) - keep :]


# --- reports -------------------------------------------------------------------------------------


@dataclass(slots=True)
class ColumnReport:
    name: str
    hint: str | None
    non_empty: int = 0
    rows_by_type: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def share(self, kind: str) -> float:
        return self.rows_by_type[kind] / self.non_empty if self.non_empty else 0.0

    def whole_cell_type(self) -> str | None:
        """The header's type, when the scan found it in enough of the column's rows."""
        if self.hint and self.share(self.hint) >= WHOLE_CELL_SHARE:
            return self.hint
        return None

    def to_dict(self) -> dict[str, Any]:
        types = {
            kind: {"rows": n, "share": round(self.share(kind), 4), "examples": self.examples[kind]}
            for kind, n in self.rows_by_type.most_common()
        }
        return {"column": self.name, "header_hint": self.hint, "non_empty": self.non_empty} | {
            "types": types
        }


@dataclass(slots=True)
class ScanReport:
    source: str
    format: str
    rows: int = 0
    failed: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    columns: dict[str, ColumnReport] = field(default_factory=dict)

    def error(self, row: int, message: str) -> None:
        self.failed += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"row": row, "error": message})

    def column(self, name: str) -> ColumnReport:
        found = self.columns.get(name)
        if found is None:
            found = self.columns[name] = ColumnReport(name, header_hint(name))
        return found

    def to_dict(self) -> dict[str, Any]:
        columns = [c.to_dict() for c in self.columns.values()]
        head = {"source": self.source, "format": self.format, "rows": self.rows}
        return head | {"failed": self.failed, "errors": self.errors, "columns": columns}


def detect_cell(detect: Detector, column: str, value: str) -> list[Span]:
    """Spans of ``value``, detected behind its header so that context words count."""
    value = value[:MAX_CELL]
    prefix = f"{column}: "
    shift = len(prefix)
    found = []
    for kind, start, end in detect(prefix + value):
        if start >= shift:
            found.append((kind, start - shift, end - shift))
    return found


def _scan_row(report: ScanReport, detect: Detector, cells: list[tuple[str, Any]]) -> None:
    """Count, per column, whether this row has a value and which types it carries (a JSON list
    column counts once per row, however many of its items carry the type)."""
    found: dict[str, dict[str, str]] = {}
    for column, value in cells:
        text = _cell_text(value)
        if not text:
            continue
        kinds = found.setdefault(column, {})
        for kind, start, end in detect_cell(detect, column, text):
            kinds.setdefault(kind, text[start:end])
    for column, kinds in found.items():
        col = report.column(column)
        col.non_empty += 1
        for kind, sample in kinds.items():
            col.rows_by_type[kind] += 1
            examples = col.examples.setdefault(kind, [])
            if len(examples) < MAX_EXAMPLES:
                examples.append(mask_example(sample))


def _cell_text(value: Any) -> str:
    if value is None or isinstance(value, bool | bytes | bytearray):
        return ""
    text = value if isinstance(value, str) else str(value)
    return text.strip()


# --- scan and redact -------------------------------------------------------------------------------


def scan(
    source: str,
    fmt: str | None = None,
    *,
    table: str | None = None,
    detect: Detector | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
) -> ScanReport:
    """Column-by-column report of ``source``; ``limit`` scans only the first rows (a sample)."""
    fmt = fmt or guess_format(source)
    detect = detect or default_detector()
    report = ScanReport(source if fmt != "sql" else f"{_safe_url(source)}#{table}", fmt)
    for row in read_rows(source, fmt, table=table):
        if row.header:
            continue
        if limit is not None and report.rows >= limit:
            break
        report.rows += 1
        if row.error:
            report.error(row.number, row.error)
        _scan_row(report, detect, row.cells or [])
        if progress and report.rows % 1000 == 0:
            progress(report.rows)
    return report


def _safe_url(url: str) -> str:
    """A database URL without its password, for reports."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def redact_cell(
    detect: Detector, column: str, value: str, whole: str | None, replace: Replacer
) -> str:
    """``value`` with each detected span replaced; the whole cell when ``whole`` names its type."""
    text = value.strip()
    if not text:
        return value
    spans = detect_cell(detect, column, value)
    if whole and not spans:
        return replace(whole, value)
    out = value
    for kind, start, end in _merged(spans):
        out = out[:start] + replace(kind, out[start:end]) + out[end:]
    return out


def _merged(spans: Sequence[Span]) -> list[Span]:
    """Overlapping spans merged (the first type kept), right to left for in-place replacement."""
    merged: list[Span] = []
    for kind, start, end in sorted(spans, key=lambda s: (s[1], -s[2])):
        if merged and start < merged[-1][2]:
            last = merged[-1]
            merged[-1] = (last[0], last[1], max(last[2], end))
        else:
            merged.append((kind, start, end))
    return merged[::-1]


def redact(
    source: str,
    target: str,
    fmt: str | None = None,
    *,
    table: str | None = None,
    detect: Detector | None = None,
    replace: Replacer = tag_replacer,
    progress: Progress | None = None,
) -> ScanReport:
    """Scan ``source``, then write its redacted copy to ``target`` (SQL tables: JSON Lines)."""
    fmt = fmt or guess_format(source)
    detect = detect or default_detector()
    report = scan(source, fmt, table=table, detect=detect, progress=progress)
    whole = {name: col.whole_cell_type() for name, col in report.columns.items()}
    holding = {name for name, col in report.columns.items() if col.rows_by_type}

    def cell(column: str, value: Any) -> Any:
        """A redacted cell; cells of a column holding personal information become text."""
        if column not in holding or value is None:
            return value
        text = value if isinstance(value, str) else _cell_text(value)
        return redact_cell(detect, column, text, whole.get(column), replace) if text else value

    def loose(text: str) -> str:  # an unreadable row, redacted as plain text
        return redact_cell(detect, "", text, None, replace)

    rows = read_rows(source, fmt, table=table)
    with _atomic(target) as out:
        if fmt == "parquet":
            _write_parquet(rows, out, cell, _parquet_schema(source, holding))
        else:
            _WRITERS[fmt](rows, out, cell, loose)
    return report


@contextlib.contextmanager
def _atomic(target: str) -> Iterator[Path]:
    final = Path(target)
    fd, name = tempfile.mkstemp(prefix=f".{final.name}.", dir=final.parent or Path("."))
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        temp.replace(final)
    finally:
        temp.unlink(missing_ok=True)


CellFn = Callable[[str, Any], Any]
TextFn = Callable[[str], str]


def _write_csv(rows: Iterator[Row], out: Path, cell: CellFn, loose: TextFn) -> None:
    with out.open("w", encoding="utf-8", errors="surrogateescape", newline="") as fh:
        writer = csv.writer(fh)
        for row in rows:
            if row.header:
                writer.writerow(row.raw)
            elif row.cells is not None:
                writer.writerow([cell(name, value) for name, value in row.cells])
            elif row.raw is not None:  # invalid UTF-8: kept, redacted as text
                writer.writerow(
                    [
                        loose(c.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
                        for c in row.raw
                    ]
                )


def _write_jsonl(rows: Iterator[Row], out: Path, cell: CellFn, loose: TextFn) -> None:
    with out.open("wb") as fh:
        for row in rows:
            if row.cells is None:  # not JSON or not UTF-8: kept, redacted as text
                text = loose(row.raw.decode("utf-8", "replace").rstrip("\r\n"))
                fh.write(text.encode() + b"\n")
                continue
            value = _redact_json(row.raw, "", cell)
            fh.write(json.dumps(value, ensure_ascii=False).encode() + b"\n")


def _redact_json(value: Any, path: str, cell: CellFn) -> Any:
    if isinstance(value, dict):
        return {
            k: _redact_json(v, f"{path}.{k}" if path else str(k), cell) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_redact_json(v, f"{path}[]", cell) for v in value]
    return cell(path or "value", value)


def _parquet_schema(source: str, holding: set[str]) -> Any:
    """The source's schema, with top-level scalar columns holding personal information as text."""
    import pyarrow as pa  # noqa: PLC0415

    schema = pyarrow_parquet().ParquetFile(source).schema_arrow
    for i, column in enumerate(schema):
        nested = pa.types.is_nested(column.type)
        if column.name in holding and not nested and not pa.types.is_string(column.type):
            schema = schema.set(i, pa.field(column.name, pa.string(), nullable=True))
    return schema


def _write_parquet(rows: Iterator[Row], out: Path, cell: CellFn, schema: Any) -> None:
    import pyarrow as pa  # noqa: PLC0415

    with pyarrow_parquet().ParquetWriter(out, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append({k: _redact_json(v, k, cell) for k, v in (row.raw or {}).items()})
            if len(batch) >= 1024:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch.clear()
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))


def _write_sql_as_jsonl(rows: Iterator[Row], out: Path, cell: CellFn, loose: TextFn) -> None:
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            cells = {k: cell(k, v) for k, v in row.cells or []}
            fh.write(json.dumps(cells, ensure_ascii=False, default=str) + "\n")


_WRITERS: dict[str, Callable[[Iterator[Row], Path, CellFn, TextFn], None]] = {
    "csv": _write_csv,
    "jsonl": _write_jsonl,
    "sql": _write_sql_as_jsonl,
}
