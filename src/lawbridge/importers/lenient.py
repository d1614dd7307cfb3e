"""Records from other people's lists: keep the person, drop a field the engine cannot read.

Upstream lists (FtM exports, INTERPOL notices) carry values such as the country code ``zz`` or
``suhh`` that a RECORD does not admit. Refusing the whole person for that would lose a wanted
person over a detail, so the bad optional field is dropped and named in the entry's ``extra``.
A missing or empty name is still an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lawbridge.engines.names import PersonRecord
from lawbridge.errors import InvalidInput

OPTIONAL_FIELDS = ("birth_date", "nationality", "gender", "id_number", "aliases")


def _bad_field(exc: InvalidInput, data: Mapping[str, Any]) -> str | None:
    named = exc.details.get("field")
    if isinstance(named, str) and named in OPTIONAL_FIELDS and named in data:
        return named
    for candidate in OPTIONAL_FIELDS:
        if candidate in data and candidate in exc.message:
            return candidate
    return None


def lenient_record(data: Mapping[str, Any]) -> tuple[PersonRecord, dict[str, str]]:
    """The record, and {field: why} for each optional field dropped to make it valid."""
    current = dict(data)
    dropped: dict[str, str] = {}
    while True:
        try:
            return PersonRecord.from_dict(current), dropped
        except InvalidInput as exc:
            field = _bad_field(exc, current)
            if field is None:
                raise
            dropped[field] = exc.message
            del current[field]
