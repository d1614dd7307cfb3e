"""Path and query parameters shared by the routers, bounded so bad values are a 422, never a 500.

Ids are random UUIDs (accounts may also be named by username); anything with control characters or
longer than any id could be is refused before a query runs. Integers are kept inside a signed 64-bit
range, which is what the database stores.

Every query parameter of the API is one value (``type: string``/``integer`` in the document, never
``array``); :func:`single_query_values`, a dependency of the whole API router, refuses one sent more
than once, where FastAPI alone would silently keep the last value.
"""

from __future__ import annotations

import types
from collections import Counter
from typing import Annotated, Any, Union, get_args, get_origin

from fastapi import Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

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
