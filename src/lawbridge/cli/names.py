"""``lawbridge names compare``: score pairs of person records (the evaluation's file contract).

Input lines ``{"id", "a": RECORD, "b": RECORD}``; output lines ``{"id", "score", "explanation"}``,
one per input line, in order. A bad line becomes ``{"id": <id or null>, "error": "…"}`` and the
batch goes on; the command exits 0 once the file is processed and says on stderr how many failed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn

from lawbridge.cli.base import State, pass_state, report_errors
from lawbridge.engines.names import Matcher, PersonRecord
from lawbridge.errors import InvalidInput


@click.group()
def names() -> None:
    """The names engine: compare person records across scripts."""


@names.command("compare")
@click.option(
    "-i",
    "--input",
    "source",
    type=click.File("r", encoding="utf-8"),
    default="-",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    "target",
    type=click.File("w", encoding="utf-8"),
    default="-",
    show_default=True,
)
@pass_state
def compare(state: State, source: IO[str], target: IO[str]) -> None:
    """Score each pair of PAIRS.jsonl lines {"id", "a", "b"} into {"id", "score", "explanation"}."""

    def run() -> None:
        matcher = Matcher()
        console = Console(stderr=True)
        columns = (SpinnerColumn(), TextColumn("compared {task.completed} pairs"))
        total = failed = 0
        with Progress(
            *columns, console=console, transient=True, disable=not console.is_terminal
        ) as bar:
            task = bar.add_task("compare", total=None)
            for line in _lines(source):
                result = compare_line(matcher, line)
                target.write(json.dumps(result, ensure_ascii=False) + "\n")
                total += 1
                failed += "error" in result
                if total % 1000 == 0:
                    bar.update(task, completed=total)
        target.flush()
        click.echo(f"{total} pairs, {failed} failed", err=True)

    report_errors(state.debug, run)


def _lines(stream: IO[str]) -> Iterator[str]:
    for line in stream:
        if line.strip():
            yield line


def compare_line(matcher: Matcher, line: str) -> dict[str, Any]:
    """The output object for one input line: the score, or the error with the id if known."""
    pair_id: Any = None
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"not valid JSON ({exc.msg})"}
    try:
        if not isinstance(data, dict):
            raise InvalidInput("each line must be a JSON object")
        pair_id = data.get("id")
        if pair_id is None or isinstance(pair_id, dict | list | bool):
            pair_id = None
            raise InvalidInput("id: required, a string or number")
        a = _record(data, "a")
        b = _record(data, "b")
        comparison = matcher.compare(a, b)
    except InvalidInput as exc:
        return {"id": pair_id, "error": exc.message}
    except Exception as exc:  # a process edge: one bad line must not end the batch
        return {"id": pair_id, "error": f"unexpected {type(exc).__name__} while comparing"}
    return {"id": pair_id, "score": comparison.score, "explanation": comparison.explanation}


def _record(data: dict[str, Any], key: str) -> PersonRecord:
    value = data.get(key)
    if not isinstance(value, dict):
        raise InvalidInput(f"{key}: a RECORD object is required")
    try:
        return PersonRecord.from_dict(value)
    except InvalidInput as exc:
        raise InvalidInput(f"{key}.{exc.message}") from exc
