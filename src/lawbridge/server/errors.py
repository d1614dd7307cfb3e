"""One JSON error shape for every error the server returns, pinned by ``tests/server/test_error_shape.py``::

    {"ok": false, "status": 422, "code": "invalid_input", "error": "message", "errors": [...]}

``errors`` lists field-level problems (``loc``, ``msg``, ``type``) for validation errors and is empty
otherwise. Unexpected exceptions become a 500 in the same shape with no internals in it.

Paths outside ``/api`` belong to the web UI: when it has installed ``app.state.html_error`` the same
errors are shown as HTML pages there (same status codes).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from lawbridge import errors

log = logging.getLogger(__name__)
API_PATH = "/api/"
HtmlError = Callable[..., Response]

STATUS: dict[type[errors.LawbridgeError], int] = {
    errors.InvalidInput: 422,
    errors.AuthenticationFailed: 401,
    errors.PermissionDenied: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.InvalidTransition: 409,
    errors.PayloadTooLarge: 413,
    errors.TooManyAttempts: 429,
    errors.ExternalServiceError: 502,
}
HTTP_CODES = {
    400: "bad_request",
    401: "authentication_failed",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "too_many_requests",
    503: "unavailable",
}
# Seconds a client is told to wait when the database cannot be reached (a restart, a failover).
RETRY_AFTER_S = 2


def status_of(exc: errors.LawbridgeError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def error_body(
    status: int, code: str, message: str, problems: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {"ok": False, "status": status, "code": code, "error": message, "errors": problems or []}


def error_response(
    status: int,
    code: str,
    message: str,
    problems: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, problems), status, headers=headers)


def _html_renderer(request: Request) -> HtmlError | None:
    """The web UI's error page renderer for a non-API path, if the UI is mounted."""
    if request.url.path.startswith(API_PATH) or request.url.path == API_PATH.rstrip("/"):
        return None
    renderer: HtmlError | None = getattr(request.app.state, "html_error", None)
    return renderer


def _respond(
    request: Request,
    status: int,
    code: str,
    message: str,
    problems: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The error as a web page for the UI's paths, else in the one JSON shape."""
    html = _html_renderer(request)
    if html is not None:
        return html(request, status, message)
    return error_response(status, code, message, problems, headers)


def _lawbridge_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.LawbridgeError)
    status = status_of(exc)
    if status == 500:
        log.error("internal error %s: %s", exc.code, exc.message)
        return _respond(request, 500, "internal_error", "internal server error")
    problems = [{"loc": [k], "msg": str(v), "type": exc.code} for k, v in exc.details.items()]
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if isinstance(exc, errors.TooManyAttempts):
        headers = {"Retry-After": str(exc.retry_after)}
    return _respond(request, status, exc.code, exc.message, problems, headers)


def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type"))}
        for e in exc.errors()
    ]
    if _html_renderer(request) is not None:
        fields = (f"{p['loc'][-1]}: {p['msg']}" if p["loc"] else str(p["msg"]) for p in problems)
        return _respond(request, 422, "invalid_input", "; ".join(fields))
    if any(p["type"] == "json_invalid" for p in problems):
        return error_response(400, "malformed_json", "the request body is not valid JSON", problems)
    return error_response(422, "invalid_input", "the request is not valid", problems)


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = HTTP_CODES.get(exc.status_code, "error")
    headers = dict(exc.headers) if exc.headers else None
    return _respond(request, exc.status_code, code, str(exc.detail), headers=headers)


def _database_refused(request: Request, exc: Exception) -> Response:
    """A constraint the workflows' own checks missed (e.g. a race on a unique name): still a 4xx."""
    log.warning("database refused a change: %s", type(exc).__name__)
    if isinstance(exc, IntegrityError):
        return _respond(request, 409, "conflict", "the change conflicts with existing data")
    return _respond(request, 422, "invalid_input", "a value is out of range for the database")


def _database_unavailable(request: Request, exc: Exception) -> Response:
    """The database cannot be reached or is busy (a restart, a failover, SQLite locked): nothing
    was written, so the client may retry (with its Idempotency-Key): 503 with Retry-After."""
    log.warning("database unavailable: %s", type(getattr(exc, "orig", exc)).__name__)
    return _respond(
        request,
        503,
        "unavailable",
        "the database is unavailable; retry shortly",
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error", exc_info=exc)
    return _respond(request, 500, "internal_error", "internal server error")


def install(app: FastAPI) -> None:
    app.add_exception_handler(errors.LawbridgeError, _lawbridge_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(IntegrityError, _database_refused)
    app.add_exception_handler(DataError, _database_refused)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(Exception, _unexpected)
