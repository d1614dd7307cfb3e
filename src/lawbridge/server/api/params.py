"""Path and query parameters shared by the routers, bounded so bad values are a 422, never a 500.

Ids are random UUIDs (accounts may also be named by username); anything with control characters or
longer than any id could be is refused before a query runs. Integers are kept inside a signed 64-bit
range, which is what the database stores.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

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
