"""``lawbridge screen``: screen records against a list file (no database) or stored watchlists.

``lawbridge screen --list LIST.jsonl -i QUERIES.jsonl -o HITS.jsonl`` is a contract used by the
evaluation and touches no database: list lines are RECORDs with an ``id``; query lines are
``{"id", "record": RECORD}``; each output line is ``{"query_id", "candidates": [{"id", "score"}],
"threshold"}``, best first, at most ``--limit``. A bad query line gives ``{"query_id", "error"}``
and the batch goes on; a bad list line is a warning on stderr and is skipped.

With ``--watchlist ID … --party SLUG --as USERNAME`` the records are screened through the
workflows instead: each creates a screening (and potential matches) in the database.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from typing import IO, Any

import click

from lawbridge.cli import jobs
from lawbridge.cli.base import OPERATOR, State, pass_state, progress, report_errors
from lawbridge.domain.actor import Actor
from lawbridge.engines.names import DEFAULT_THRESHOLD, MatchConfig, Matcher, NameIndex, PersonRecord
from lawbridge.errors import InvalidInput, LawbridgeError
from lawbridge.importers.simple import RECORD_FIELDS
from lawbridge.workflows import accounts, screening, watchlists
from lawbridge.workflows.unit import Context

STDIO = "-"


# --- Streams -----------------------------------------------------------------------------------


def open_input(stack: ExitStack, path: str) -> IO[str]:
    if path == STDIO:
        return sys.stdin
    try:
        return stack.enter_context(open(path, encoding="utf-8", newline=""))  # noqa: SIM115
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from exc


def open_output(stack: ExitStack, path: str) -> IO[str]:
    if path == STDIO:
        return sys.stdout
    try:
        return stack.enter_context(open(path, "w", encoding="utf-8"))  # noqa: SIM115
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror}") from exc


def numbered_lines(stream: IO[str], name: str) -> Iterator[tuple[int, str]]:
    """(line number, line) for each non-blank line; undecodable input is bad input."""
    number = 0
    while True:
        number += 1
        try:
            line = stream.readline()
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"{name} is not valid UTF-8 (at or after line {number})") from exc
        if not line:
            return
        if line.strip():
            yield number, line


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


# --- File mode (no database) -------------------------------------------------------------------


def list_record(line: str) -> tuple[str, PersonRecord]:
    """(id, record) of one list line; InvalidInput says what is wrong."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"not valid JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise InvalidInput("each line must be a JSON object")
    entry_id = data.get("id")
    if isinstance(entry_id, bool) or not isinstance(entry_id, str | int) or str(entry_id) == "":
        raise InvalidInput("each list line needs an 'id'")
    record = PersonRecord.from_dict({k: data[k] for k in RECORD_FIELDS if k in data})
    return str(entry_id), record


def load_list(stream: IO[str], matcher: Matcher) -> NameIndex:
    index = NameIndex(matcher)
    for number, line in numbered_lines(stream, "the list"):
        try:
            entry_id, record = list_record(line)
        except InvalidInput as exc:
            warn(f"list line {number} skipped: {exc.message}")
            continue
        if entry_id in index:
            warn(f"list line {number} skipped: id '{entry_id}' repeats an earlier line")
            continue
        index.add(entry_id, record)
    return index


def query_of(line: str) -> tuple[Any, PersonRecord]:
    """(query id, record) of one query line; raises _QueryError carrying the id if known."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise QueryError(None, f"not valid JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise QueryError(None, "each line must be a JSON object")
    query_id = data.get("id")
    if not isinstance(query_id, str | int) or isinstance(query_id, bool):
        raise QueryError(None, "each query needs an 'id' (string or integer)")
    record = data.get("record")
    if not isinstance(record, dict):
        raise QueryError(query_id, "each query needs a 'record' object")
    try:
        return query_id, PersonRecord.from_dict(record)
    except InvalidInput as exc:
        raise QueryError(query_id, exc.message) from exc


class QueryError(Exception):
    def __init__(self, query_id: Any, message: str) -> None:
        super().__init__(message)
        self.query_id, self.message = query_id, message


def screen_lines(
    lines: Iterable[tuple[int, str]], index: NameIndex, threshold: float, limit: int
) -> Iterator[dict[str, Any]]:
    """One output line per query line, in input order."""
    floor = min(0.5, threshold)
    for number, line in lines:
        try:
            query_id, record = query_of(line)
        except QueryError as exc:
            yield {"query_id": exc.query_id, "error": f"line {number}: {exc.message}"}
            continue
        found = index.search(record, limit=limit, floor=floor)
        candidates = [{"id": c.id, "score": c.score} for c in found]
        yield {"query_id": query_id, "candidates": candidates, "threshold": threshold}


def screen_file(
    list_path: str, input_path: str, output_path: str, threshold: float | None, limit: int
) -> None:
    in_force = DEFAULT_THRESHOLD if threshold is None else threshold
    matcher = Matcher(MatchConfig(threshold=in_force))
    with ExitStack() as stack:
        index = load_list(open_input(stack, list_path), matcher)
        source, sink = open_input(stack, input_path), open_output(stack, output_path)
        with progress("screening") as bar:
            task = bar.add_task("screen", total=None)
            for answer in screen_lines(numbered_lines(source, "the input"), index, in_force, limit):
                sink.write(json.dumps(answer, ensure_ascii=False) + "\n")
                bar.advance(task)
        sink.flush()


# --- Database mode -----------------------------------------------------------------------------


def actor_of(context: Context, party: str | None, username: str | None) -> Actor:
    """The account ``username`` of ``party``, acting from the command line."""
    if not party or not username:
        raise InvalidInput("--party and --as are required")
    with context.read(OPERATOR) as unit:
        return accounts.member_actor(unit, party, username)


def records_of(stream: IO[str], path: str) -> Iterator[tuple[int, Any, dict[str, Any] | str]]:
    """(line, subject id or None, RECORD dict or an error message) for JSONL or CSV input."""
    if path.lower().endswith(".csv"):
        reader = csv.DictReader(stream)
        for row in reader:
            data: dict[str, Any] = {k: v.strip() for k, v in row.items() if k and v and v.strip()}
            if "aliases" in data:
                data["aliases"] = [a.strip() for a in data["aliases"].split(";") if a.strip()]
            yield reader.line_num, data.pop("id", None), data
        return
    for number, line in numbered_lines(stream, "the input"):
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"not valid JSON ({exc.msg})"
            continue
        if not isinstance(value, dict):
            yield number, None, "each line must be a JSON object"
        elif isinstance(value.get("record"), dict):
            yield number, value.get("id"), value["record"]
        else:
            yield number, value.pop("id", None), value


def screen_one(
    context: Context, actor: Actor, ids: list[str], data: dict[str, Any], ref: Any, limit: int
) -> dict[str, Any]:
    record = PersonRecord.from_dict(data)
    subject = None if ref is None else str(ref)
    with context.write(actor) as unit:
        result = screening.screen_record(
            unit, record, watchlist_ids=ids, subject_ref=subject, limit=limit
        )
        return {
            "id": ref,
            "screening_id": result.screening.id,
            "candidates": [h.to_dict() for h in result.hits],
            "alerts": len(result.alerts),
            "new_alerts": len(result.new_alerts),
        }


def screen_database(
    context: Context, actor: Actor, ids: list[str], input_path: str, output_path: str, limit: int
) -> None:
    with context.read(actor) as unit:
        for watchlist_id in ids:
            watchlists.get_watchlist(unit, watchlist_id)  # unknown lists stop the batch up front
    with ExitStack() as stack:
        source, sink = open_input(stack, input_path), open_output(stack, output_path)
        with progress("screening") as bar:
            task = bar.add_task("screen", total=None)
            for number, ref, data in records_of(source, input_path):
                answer: dict[str, Any]
                try:
                    if isinstance(data, str):
                        raise InvalidInput(data)
                    answer = screen_one(context, actor, ids, data, ref, limit)
                except LawbridgeError as exc:
                    answer = {"id": ref, "error": f"line {number}: {exc.message}"}
                sink.write(json.dumps(answer, ensure_ascii=False, default=str) + "\n")
                bar.advance(task)
        sink.flush()


# --- Commands ----------------------------------------------------------------------------------

party_option = click.option("--party", help="The acting party (slug or id).")
as_option = click.option("--as", "username", help="The acting account's username.")


@click.command()
@click.option("--list", "list_path", help="A list file (JSON Lines of RECORDs with 'id'); no DB.")
@click.option("--watchlist", "watchlist_ids", multiple=True, help="Screen against a stored list.")
@party_option
@as_option
@click.option("-i", "--input", "input_path", default=STDIO, show_default=True)
@click.option("-o", "--output", "output_path", default=STDIO, show_default=True)
@click.option("--threshold", type=float, help="Alert threshold (default: the engine's).")
@click.option("--limit", type=int, default=10, show_default=True, help="Candidates per query.")
@jobs.engine_option
@pass_state
def screen(
    state: State,
    list_path: str | None,
    watchlist_ids: tuple[str, ...],
    party: str | None,
    username: str | None,
    input_path: str,
    output_path: str,
    threshold: float | None,
    limit: int,
    engine: str | None,
) -> None:
    """Screen records against a list file (--list) or stored watchlists (--watchlist)."""

    def run() -> None:
        if not 1 <= limit <= screening.MAX_LIMIT:
            raise InvalidInput(f"--limit must be between 1 and {screening.MAX_LIMIT}")
        if threshold is not None and not 0.0 < threshold <= 1.0:
            raise InvalidInput("--threshold must be in (0, 1]")
        if (list_path is None) == (not watchlist_ids):
            raise InvalidInput("give either --list FILE or --watchlist ID (not both)")
        if list_path is not None and engine is not None:
            in_force = DEFAULT_THRESHOLD if threshold is None else threshold
            jobs.screen_with_engine(engine, list_path, input_path, output_path, in_force, limit)
            return
        if list_path is not None:
            screen_file(list_path, input_path, output_path, threshold, limit)
            return
        if engine is not None:
            raise InvalidInput("--engine applies to --list; stored lists are screened one by one")
        if threshold is not None:
            raise InvalidInput("--threshold applies to --list; a stored list has its own")
        context = state.context()
        actor = actor_of(context, party, username)
        screen_database(context, actor, list(watchlist_ids), input_path, output_path, limit)

    report_errors(state.debug, run)
