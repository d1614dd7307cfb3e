"""What every command shares: the context object, error handling, JSON Lines in and out."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

import click
from pydantic import ValidationError

from lawbridge.errors import ConfigError, InvalidInput, LawbridgeError
from lawbridge.settings import Settings
from lawbridge.workflows.unit import Context

R = TypeVar("R")
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


pass_state = click.make_pass_decorator(State, ensure=True)


def report_errors(debug: bool, fn: Callable[[], R]) -> R:
    """Run ``fn``; turn lawbridge errors into ``error: …`` and an exit code (traceback on --debug)."""
    try:
        return fn()
    except (LawbridgeError, ValidationError) as exc:
        if debug:
            raise
        message = exc.message if isinstance(exc, LawbridgeError) else str(exc)
        click.echo(f"error: {message}", err=True)
        bad_input = not isinstance(exc, LawbridgeError) or _is_bad_input(exc)
        sys.exit(BAD_INPUT_EXIT if bad_input else FAILURE_EXIT)


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
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"line {number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise InvalidInput(f"line {number}: each line must be a JSON object")
        yield number, record


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
