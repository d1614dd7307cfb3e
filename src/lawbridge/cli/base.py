"""What every command shares: the context object, error handling, JSON Lines in and out."""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

import click
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.exc import SQLAlchemyError

from lawbridge.domain.actor import Actor
from lawbridge.errors import ConfigError, InvalidInput, LawbridgeError
from lawbridge.settings import Settings
from lawbridge.workflows.unit import Context

R = TypeVar("R")
# The system operator, acting from the command line on no party's behalf.
OPERATOR = Actor.system("cli")
BAD_INPUT_EXIT = 2
FAILURE_EXIT = 1


@dataclass
class State:
    """Built lazily so that ``--help`` never touches the database."""

    debug: bool = False
    _context: Context | None = field(default=None, repr=False)

    def context(self) -> Context:
        if self._context is None:
            try:
                settings = Settings()
            except ValidationError as exc:
                raise ConfigError(f"invalid settings: {exc.errors()[0]['msg']}") from exc
            self._context = Context(settings)
        return self._context

    def close(self) -> None:
        """Dispose of the database connections (click calls this when the command ends)."""
        if self._context is not None:
            self._context.close()
            self._context = None


pass_state = click.make_pass_decorator(State, ensure=True)


def report_errors(debug: bool, fn: Callable[[], R]) -> R:
    """Run ``fn``; turn any error into ``error: …`` and an exit code (traceback only on --debug).

    Bad input (a :class:`LawbridgeError` the caller can fix, or invalid settings) exits 2; anything
    else exits 1. This is a process edge, so it is the one place that catches broadly.
    """
    try:
        return fn()
    except click.ClickException:
        raise
    except BrokenPipeError:
        # The reader went away (`lawbridge party list | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(FAILURE_EXIT)
    except Exception as exc:
        if debug:
            raise
        message, bad_input = describe_error(exc)
        click.echo(f"error: {message}", err=True)
        sys.exit(BAD_INPUT_EXIT if bad_input else FAILURE_EXIT)


def describe_error(exc: Exception) -> tuple[str, bool]:
    """The message to print for ``exc`` and whether it was bad input."""
    if isinstance(exc, LawbridgeError):
        return exc.message, _is_bad_input(exc)
    if isinstance(exc, ValidationError):
        return str(exc), True
    if isinstance(exc, SQLAlchemyError):
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return f"database error: {reason} (has `lawbridge db upgrade` run?)", False
    return f"unexpected {type(exc).__name__}; run with --debug for the traceback", False


def _is_bad_input(exc: LawbridgeError) -> bool:
    from lawbridge import errors

    return isinstance(
        exc,
        InvalidInput
        | errors.NotFound
        | errors.Conflict
        | errors.InvalidTransition
        | errors.PermissionDenied
        | errors.AuthenticationFailed
        | ConfigError,
    )


def read_jsonl(stream: IO[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) for each non-blank line; a bad line raises InvalidInput naming it."""
    for number, line in _numbered_lines(stream):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"line {number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise InvalidInput(f"line {number}: each line must be a JSON object")
        if _has_nul(record):
            raise InvalidInput(f"line {number}: NUL characters are not allowed")
        yield number, record


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _numbered_lines(stream: IO[str]) -> Iterator[tuple[int, str]]:
    number = 0
    while True:
        number += 1
        try:
            line = stream.readline()
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"input is not valid UTF-8 (at or after line {number})") from exc
        if not line:
            return
        yield number, line


class LazySubgroup(click.Group):
    """A group some of whose commands live in other modules, imported when first looked up
    (``lazy``: command name -> (module under ``lawbridge.cli``, attribute)): running one
    command does not import what the others need."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, tuple[str, str]] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            self.add_command(load_lazy(*self.lazy[cmd_name]), cmd_name)
        return super().get_command(ctx, cmd_name)


def load_lazy(module: str, attribute: str) -> click.Command:
    """The command ``attribute`` of ``lawbridge.cli.<module>``, its module imported (once)."""
    command: click.Command = getattr(importlib.import_module(f"lawbridge.cli.{module}"), attribute)
    return command


def progress(description: str) -> Progress:
    """A progress bar on stderr, shown only to a person at a terminal."""
    console = Console(stderr=True)
    columns = (TextColumn(description), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    return Progress(*columns, console=console, transient=True, disable=not console.is_terminal)


def write_jsonl(stream: IO[str], records: Iterable[dict[str, Any]]) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        count += 1
    stream.flush()
    return count


def configure_logging(settings: Settings, debug: bool) -> None:
    level = logging.DEBUG if debug else getattr(logging, settings.log_level.upper(), logging.INFO)
    if settings.log_json:
        logging.basicConfig(level=level, format="%(message)s")
        handler = logging.getLogger().handlers[0]
        handler.setFormatter(JsonFormatter())
    else:
        logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(
            {
                "time": self.formatTime(record),
                "level": record.levelname,
                "logger": record.name,
                "message": record.getMessage(),
            }
        )
