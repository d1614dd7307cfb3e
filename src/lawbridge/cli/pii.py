"""``lawbridge pii scan``: find personal information in documents (the evaluation's file contract).

Input lines ``{"id", "text"}``; output lines ``{"id", "spans": [{"start", "end", "type", "score"}]}``
with character offsets into ``text``, one per input line, in order. A bad line (invalid JSON or
UTF-8, no string ``text``) becomes ``{"id": <id or null>, "error": "…"}`` and the batch goes on;
the command exits 0 once the file is processed and says on stderr how many failed. The input is
read line by line, never whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn

from lawbridge.cli import datascan, jobs
from lawbridge.cli.base import State, pass_state, report_errors
from lawbridge.engines.pii import Analyzer, AnalyzerConfig
from lawbridge.errors import InvalidInput


@click.group()
def pii() -> None:
    """Personal information: detect it in texts and tables, redact it."""


@pii.command("scan")
@click.option("-i", "--input", "source", type=click.File("rb"), default="-", show_default=True)
@click.option(
    "-o",
    "--output",
    "target",
    type=click.File("w", encoding="utf-8"),
    default="-",
    show_default=True,
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=AnalyzerConfig().threshold,
    show_default=True,
    help="Lowest score reported.",
)
@jobs.engine_option
@jobs.column_option
@jobs.redact_option
@pass_state
def scan(
    state: State,
    source: IO[bytes],
    target: IO[str],
    threshold: float,
    engine: str | None,
    text_columns: tuple[str, ...],
    redacted: bool,
) -> None:
    """Scan each DOCS.jsonl line {"id", "text"} into {"id", "spans"} (with --engine: also
    Parquet in and out, any text --column, --redact)."""

    def run() -> None:
        if engine is not None:
            jobs.scan_with_engine(engine, source, target, threshold, text_columns, redacted)
            return
        if text_columns or redacted:
            raise InvalidInput("--column and --redact apply with --engine")
        analyzer = Analyzer(config=AnalyzerConfig(threshold=threshold))
        console = Console(stderr=True)
        columns = (SpinnerColumn(), TextColumn("scanned {task.completed} documents"))
        total = failed = 0
        with Progress(
            *columns, console=console, transient=True, disable=not console.is_terminal
        ) as bar:
            task = bar.add_task("scan", total=None)
            for line in _lines(source):
                result = scan_line(analyzer, line)
                target.write(json.dumps(result, ensure_ascii=False) + "\n")
                total += 1
                failed += "error" in result
                if total % 100 == 0:
                    bar.update(task, completed=total)
        target.flush()
        click.echo(f"{total} documents, {failed} failed", err=True)

    report_errors(state.debug, run)


def _lines(stream: IO[bytes]) -> Iterator[bytes]:
    for line in stream:
        if line.strip():
            yield line


def scan_line(analyzer: Analyzer, raw: bytes) -> dict[str, Any]:
    """The output object for one input line: the spans, or the error with the id if known."""
    doc_id: Any = None
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return {"id": _salvage_id(raw), "error": f"not valid UTF-8 (byte {exc.start})"}
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"not valid JSON ({exc.msg})"}
    try:
        if not isinstance(data, dict):
            raise InvalidInput("each line must be a JSON object")
        doc_id = data.get("id")
        if isinstance(doc_id, dict | list | bool):
            doc_id = None
            raise InvalidInput("id: a string or number")
        text = data.get("text")
        if not isinstance(text, str):
            raise InvalidInput("text: required, a string")
        findings = analyzer.analyze(text)
    except InvalidInput as exc:
        return {"id": doc_id, "error": exc.message}
    except Exception as exc:  # a process edge: one bad line must not end the batch
        return {"id": doc_id, "error": f"unexpected {type(exc).__name__} while scanning"}
    return {"id": doc_id, "spans": [finding.to_dict() for finding in findings]}


def _salvage_id(raw: bytes) -> Any:
    """The id of a line whose text has invalid UTF-8, when the rest of it parses."""
    try:
        data = json.loads(raw.decode("utf-8", "replace"))
    except json.JSONDecodeError:
        return None
    doc_id = data.get("id") if isinstance(data, dict) else None
    return (
        doc_id if isinstance(doc_id, str | int | float) and not isinstance(doc_id, bool) else None
    )


pii.add_command(datascan.scan_table)
pii.add_command(datascan.redact_table)
