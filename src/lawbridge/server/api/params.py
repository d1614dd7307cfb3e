"""Path and query parameters shared by the routers, bounded so bad values are a 422, never a 500.

Ids are random UUIDs (accounts may also be named by username); anything with control characters or
longer than any id could be is refused before a query runs. Integers are kept inside a signed 64-bit
range, which is what the database stores.

Every query parameter of the API is one value (``type: string``/``integer`` in the document, never
``array``); :func:`single_query_values`, a dependency of the whole API router, refuses one sent more
than once, where FastAPI alone would silently keep the last value.

Every date-time a client sends, in a query or a JSON body, is an :data:`OffsetDateTime`: an
RFC 3339 ``date-time`` with its offset (``2026-01-01T00:00:00Z``, ``2026-01-01T08:00:00+08:00``),
never a number, a date alone or a time without offset, which pydantic alone would read as Unix
time, midnight or (silently) UTC. Two inputs keep their documented wider form: a post's ``ts``
(epoch seconds or ISO 8601, the shape the content stream and ``content replay`` take too) and the
transparency report's period (a date or a time, ``routers/transparency.py``).
"""

from __future__ import annotations

import re
import types
from collections import Counter
from datetime import UTC, datetime
from typing import Annotated, Any, Union, get_args, get_origin

from fastapi import Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import AfterValidator, AwareDatetime, BeforeValidator
from pydantic_core import PydanticCustomError

MAX_INT64 = 2**63 - 1
PRINTABLE = r"^[^\x00-\x1f\x7f]+$"

ObjectId = Annotated[
    str,
    Path(min_length=1, max_length=120, pattern=PRINTABLE, description="The object's id."),
]
AccountRef = Annotated[
    str,
    Path(min_length=1, max_length=120, pattern=PRINTABLE, description="Account id or username."),
]
EventIndex = Annotated[
    int, Path(ge=0, le=MAX_INT64, description="The event's index in the audit chain.")
]

# RFC 3339 section 5.6 ``date-time`` (``T``/``Z`` in either case, as its ABNF allows); fractions of
# up to 9 digits (nanoseconds), kept to the microsecond. Field ranges are pydantic's to check.
# By hand because pydantic has no such mode: lax takes numbers and dates alone, strict refuses
# every string that does not come from JSON (query parameters).
_RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?"
    r"(?:[Zz]|[+-][0-9]{2}:[0-9]{2})"
)
RFC3339_MESSAGE = (
    "must be an RFC 3339 date-time with an offset, e.g. 2026-01-01T00:00:00Z or "
    "2026-01-01T08:00:00+08:00 (in a query string, send '+' as %2B)"
)


def _rfc3339_text(value: object) -> object:
    """Let only RFC 3339 text through to pydantic's parser (a ``datetime`` built in Python too: it
    must still be aware)."""
    if isinstance(value, datetime) or (isinstance(value, str) and _RFC3339.fullmatch(value)):
        return value
    raise PydanticCustomError("datetime_rfc3339", RFC3339_MESSAGE)


def _utc_representable(value: datetime) -> datetime:
    """Refuse an instant outside years 1-9999 in UTC (``0001-01-01T00:00:00+01:00``), which would
    fail later, in a comparison or the database, instead of as a 422."""
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise PydanticCustomError(
            "datetime_range", "must fall within years 1 to 9999 in UTC"
        ) from None
    return value


OffsetDateTime = Annotated[
    AwareDatetime, BeforeValidator(_rfc3339_text), AfterValidator(_utc_representable)
]
"""An aware ``datetime`` from an RFC 3339 date-time with offset; anything else is a 422 (the
document still says ``type: string, format: date-time``)."""


def _takes_many(annotation: Any) -> bool:
    """Whether a parameter's type is a list (``list[str]``, ``list[str] | None``)."""
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_takes_many(arg) for arg in get_args(annotation))
    return get_origin(annotation) in (list, set, tuple, frozenset)


def _single_query(route: APIRoute) -> frozenset[str]:
    """The one-value query parameters an operation declares, its dependencies' included
    (worked out once per route and kept on it: routes are not hashable, so no cache dict)."""
    known: frozenset[str] | None = getattr(route, "_lawbridge_single_query", None)
    if known is None:
        known = _walk_single_query(route)
        route._lawbridge_single_query = known  # type: ignore[attr-defined]
    return known


def _walk_single_query(route: APIRoute) -> frozenset[str]:
    names: set[str] = set()
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        names.update(
            p.alias for p in dependant.query_params if not _takes_many(p.field_info.annotation)
        )
        pending.extend(dependant.dependencies)
    return frozenset(names)


def single_query_values(request: Request) -> None:
    """422 when a declared query parameter is sent more than once (``?start=a&start=b``).

    Parameters the operation does not declare are left alone (ignored, as the document allows).
    """
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    declared = _single_query(route)
    counts = Counter(key for key, _ in request.query_params.multi_items())
    repeated = [key for key, n in counts.items() if n > 1 and key in declared]
    if repeated:
        raise RequestValidationError(
            [
                {
                    "loc": ("query", key),
                    "msg": f"give {key} once: it takes one value, not a list",
                    "type": "repeated_parameter",
                }
                for key in repeated
            ]
        )
