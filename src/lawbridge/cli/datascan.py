"""``lawbridge pii scan-table`` and ``lawbridge pii redact-table``: personal information in tables.

A source is a CSV/TSV, JSON Lines or Parquet file, or a SQL table given as a SQLAlchemy URL plus
``--table``. The report (JSON) says, per column, which types were found in what share of its rows,
with masked examples; unreadable rows are listed by number. Redaction writes a new file (a SQL table
becomes JSON Lines) through a temporary file, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import json
from typing import IO

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn

from lawbridge.cli.base import State, pass_state, report_errors
from lawbridge.workflows import datascan
from lawbridge.workflows.datascan_sources import FORMATS


def _progress() -> tuple[Progress, datascan.Progress]:
    console = Console(stderr=True)
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}: {task.completed} rows"),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    task = bar.add_task("scanning", total=None)
    return bar, lambda rows: bar.update(task, completed=rows)


format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), help="default: from the suffix"
)
table_option = click.option("--table", help="the table to read when SOURCE is a database URL")


@click.command("scan-table")
@click.argument("source")
@format_option
@table_option
@click.option("--sample", type=click.IntRange(min=1), help="scan only the first N rows")
@click.option("-o", "--output", "target", type=click.File("w", encoding="utf-8"), default="-")
@pass_state
def scan_table(
    state: State,
    source: str,
    fmt: str | None,
    table: str | None,
    sample: int | None,
    target: IO[str],
) -> None:
    """Report, column by column, the personal information in SOURCE: a .csv/.tsv/.jsonl/.parquet
    file, or a database URL with --table."""

    def run() -> None:
        bar, progress = _progress()
        with bar:
            report = datascan.scan(source, fmt, table=table, limit=sample, progress=progress)
        target.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
        click.echo(f"{report.rows} rows, {report.failed} unreadable", err=True)

    report_errors(state.debug, run)


@click.command("redact-table")
@click.argument("source")
@click.option("-o", "--output", "target", required=True, help="the redacted copy to write")
@format_option
@table_option
@click.option("--report", "report_to", type=click.File("w", encoding="utf-8"), help="scan report")
@pass_state
def redact_table(
    state: State,
    source: str,
    target: str,
    fmt: str | None,
    table: str | None,
    report_to: IO[str] | None,
) -> None:
    """Write a copy of SOURCE with its personal information replaced by type tags."""

    def run() -> None:
        bar, progress = _progress()
        with bar:
            report = datascan.redact(source, target, fmt, table=table, progress=progress)
        if report_to is not None:
            report_to.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
        click.echo(f"{report.rows} rows redacted to {target}, {report.failed} unreadable", err=True)

    report_errors(state.debug, run)
