"""The error answers each operation documents in OpenAPI, all in the one shape (:class:`ErrorPublic`).

Declaring 422 here also replaces FastAPI's default ``HTTPValidationError`` schema, which is not the
shape this API sends.
"""

from __future__ import annotations

from typing import Any

from lawbridge.server.api.schemas import ErrorPublic

DESCRIPTIONS = {
    400: "Malformed JSON",
    401: "Missing, invalid, expired or revoked token",
    403: "Authenticated, but the role lacks the permission",
    404: "No such object, or not visible to the caller's party",
    409: "Conflict: duplicate, stale version or invalid state change",
    413: "Request body too large",
    422: "Invalid input (fields, parameters or Idempotency-Key)",
    429: "Too many failed API tokens from this address: wait Retry-After seconds",
    500: "Unexpected server error",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: {"model": ErrorPublic, "description": DESCRIPTIONS[s]} for s in statuses}


AUTHENTICATED = error_responses(400, 401, 403, 404, 409, 413, 422, 429, 500)
PUBLIC = error_responses(500)
