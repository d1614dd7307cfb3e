"""The lawbridge exception tree.

Every error lawbridge raises on purpose is a :class:`LawbridgeError`; the server maps each class to
one HTTP status and one JSON shape (``server/errors.py``), the CLI to a message and an exit code.

::

    LawbridgeError                  root; .message, .details: dict
    ├── ConfigError                 bad settings or plug-in configuration (start-up)
    ├── PluginError                 duplicate NAME, bad entry point
    ├── InvalidInput(ValueError)    input that fails validation           -> 422
    ├── AuthenticationFailed        no, bad, expired or revoked credential -> 401
    ├── PermissionDenied            authenticated, but not allowed        -> 403
    ├── NotFound                    absent, or not visible to the caller  -> 404
    ├── Conflict                    duplicate key, idempotency-key reuse  -> 409
    ├── InvalidTransition           a state change the machine forbids    -> 409
    ├── PayloadTooLarge             request body over the configured cap  -> 413
    ├── AuditIntegrityError         the audit chain does not verify       -> 500
    └── ExternalServiceError        a partner or provider API failed      -> 502

An object of another party that is not shared with the caller raises :class:`NotFound`, never
:class:`PermissionDenied`: the answer must not reveal that the id exists.
"""

from __future__ import annotations

import math
from typing import Any


class LawbridgeError(Exception):
    """Root of every error lawbridge raises on purpose."""

    code = "error"

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, Any] = details or {}


class ConfigError(LawbridgeError):
    code = "config_error"


class PluginError(LawbridgeError):
    code = "plugin_error"


class InvalidInput(LawbridgeError, ValueError):
    code = "invalid_input"


class AuthenticationFailed(LawbridgeError):
    code = "authentication_failed"


class TooManyAttempts(LawbridgeError):
    """Too many failed attempts from one client: refused unexamined for ``retry_after`` seconds."""

    code = "too_many_requests"

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message, {"retry_after": math.ceil(retry_after)})
        self.retry_after = math.ceil(retry_after)


class PermissionDenied(LawbridgeError):
    code = "permission_denied"


class NotFound(LawbridgeError):
    code = "not_found"


class Conflict(LawbridgeError):
    code = "conflict"


class InvalidTransition(LawbridgeError):
    code = "invalid_transition"


class PayloadTooLarge(LawbridgeError):
    code = "payload_too_large"


class AuditIntegrityError(LawbridgeError):
    code = "audit_integrity_error"


class ExternalServiceError(LawbridgeError):
    code = "external_service_error"


__all__ = [
    "AuditIntegrityError",
    "AuthenticationFailed",
    "ConfigError",
    "Conflict",
    "ExternalServiceError",
    "InvalidInput",
    "InvalidTransition",
    "LawbridgeError",
    "NotFound",
    "PayloadTooLarge",
    "PermissionDenied",
    "PluginError",
]
