"""The importer plug-in: turn a watchlist file, line by line, into person records.

An importer is pure parsing: no database, no settings. :meth:`Importer.parse` takes the file's lines
(an iterable of ``str``, so a file object streams) and yields one :class:`ImportItem` per person,
one :class:`ItemError` per record it cannot read (naming the line), and one :class:`SkippedItem` per
record it ignores on purpose (for example an FtM ``Address``). One bad record never stops the file.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from lawbridge.engines.names import PersonRecord
from lawbridge.errors import InvalidInput

MAX_EXTERNAL_ID = 200


@dataclass(frozen=True, slots=True)
class ImportItem:
    """One person read from a list: the list's own id, the record and where it comes from."""

    external_id: str
    record: PersonRecord
    legal_basis: str | None = None
    source: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    line: int | None = None


@dataclass(frozen=True, slots=True)
class ItemError:
    """A record that could not be read; ``line`` is its 1-based line (or position) in the input."""

    line: int | None
    message: str
    external_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "external_id": self.external_id, "error": self.message}


@dataclass(frozen=True, slots=True)
class SkippedItem:
    """A record ignored on purpose (not a person), counted per ``kind``."""

    line: int | None
    kind: str


ParsedItem = ImportItem | ItemError | SkippedItem


class Importer(ABC):
    """A watchlist format. ``NAME`` is stored with each import, so it never changes meaning."""

    NAME: ClassVar[str]
    DESCRIPTION: ClassVar[str]

    @abstractmethod
    def parse(self, lines: Iterable[str]) -> Iterator[ParsedItem]:
        """Every item of the input, in order; never raises for a single bad record."""

    @staticmethod
    @abstractmethod
    def examples() -> list[tuple[str, list[str]]]:
        """(input text, the external ids it yields) pairs for the contract tests."""


def clean_external_id(value: object) -> str:
    """A list's own id for an entry: a non-empty string (numbers are accepted and stringified)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidInput("id must be a non-empty string")
    text = str(value).strip()
    if not text:
        raise InvalidInput("id must be a non-empty string")
    if len(text) > MAX_EXTERNAL_ID:
        raise InvalidInput(f"id must be at most {MAX_EXTERNAL_ID} characters")
    return text


def optional_text(data: Mapping[str, Any], key: str) -> str | None:
    """``data[key]`` as stripped text, None when absent or blank; InvalidInput when not a string."""
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{key} must be a string")
    return value.strip() or None


def json_lines(lines: Iterable[str]) -> Iterator[tuple[int, Any | ItemError]]:
    """(line number, decoded JSON value or an ItemError) for each non-blank line."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, loads(line)
        except json.JSONDecodeError as exc:
            yield number, ItemError(number, f"line {number}: not valid JSON ({exc.msg})")
        except InvalidInput as exc:
            yield number, ItemError(number, f"line {number}: {exc.message}")


def _refuse_constant(name: str) -> Any:
    raise InvalidInput(f"{name} is not a JSON number")


def loads(text: str) -> Any:
    """``json.loads`` that refuses NaN and Infinity (which no database JSON column stores)."""
    return json.loads(text, parse_constant=_refuse_constant)


def has_nul(value: object) -> bool:
    """Whether a decoded JSON value holds a NUL character anywhere (PostgreSQL cannot store it)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(item) for item in value)
    return False
