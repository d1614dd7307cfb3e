"""Authorities that send requests to a provider, their Ed25519 keys, and the signed-envelope check.

A request arriving by API is an **envelope**::

    {"key_id": "cn-mps-2026", "signature": "<base64 Ed25519 signature>", "body": {...}}

The signature covers ``canonical_json(body)`` (RFC 8785, the same canonical form as the audit log).
The body carries ``authority`` (the registry id of the sender), ``nonce`` (unique per authority) and
``issued_at`` (ISO 8601, with offset or ``Z``) besides the request itself. The check, in order:

1. the envelope is signed at all (key id and signature present) — else ``unsigned``;
2. the key is in the provider's registry, for the authority the body names — ``unknown_key``;
3. the signature verifies over the canonical body — ``bad_signature``;
4. the key was valid when the body says it was signed and is not revoked — ``key_not_valid`` /
   ``key_revoked``;
5. ``issued_at`` lies within the acceptance window around ``now`` — ``stale`` / ``issued_in_future``
   (so an expired key cannot be abused by back-dating: the window is minutes, not years);
6. the nonce has not been seen for that authority — ``replayed_nonce`` (checked by the workflow
   against its stored nonces, after the signature verified).

Everything here is pure: keys are passed in, time comes from the caller.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from lawbridge.domain.audit import canonical_json
from lawbridge.domain.clocks import as_utc
from lawbridge.errors import InvalidInput

MAX_AGE = timedelta(minutes=15)
MAX_SKEW = timedelta(minutes=5)
MAX_NONCE = 128


class Failure(StrEnum):
    """Why a submission was not accepted (kept in the audit event of the rejection)."""

    UNSIGNED = "unsigned"
    MALFORMED = "malformed"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"
    KEY_NOT_VALID = "key_not_valid"
    KEY_REVOKED = "key_revoked"
    STALE = "stale"
    ISSUED_IN_FUTURE = "issued_in_future"
    REPLAYED_NONCE = "replayed_nonce"
    UNKNOWN_AUTHORITY = "unknown_authority"
    UNSIGNED_EMERGENCY = "unsigned_emergency"
    CALLBACK_NOT_CONFIRMED = "callback_not_confirmed"
    CONTACT_NOT_ON_FILE = "contact_not_on_file"
    INVALID_REQUEST = "invalid_request"
    OVER_BROAD = "over_broad"


class SignatureRejected(Exception):
    """A failed envelope check; ``failure`` says which step (not a LawbridgeError: the workflow
    turns it into an audited rejection, it never reaches a caller as an exception)."""

    def __init__(self, failure: Failure, message: str) -> None:
        super().__init__(message)
        self.failure = failure
        self.message = message


@dataclass(frozen=True, slots=True)
class KeyRecord:
    """One registered public key of an authority, with its validity period."""

    key_id: str
    authority_id: str
    public_key: str
    valid_from: datetime
    valid_until: datetime | None = None
    revoked_at: datetime | None = None

    def valid_at(self, moment: datetime) -> bool:
        """Valid from ``valid_from`` (inclusive) until ``valid_until`` (exclusive)."""
        at = as_utc(moment)
        if at < as_utc(self.valid_from):
            return False
        return self.valid_until is None or at < as_utc(self.valid_until)


@dataclass(frozen=True, slots=True)
class Envelope:
    key_id: str
    signature: str
    body: dict[str, Any]
    authority_id: str
    nonce: str
    issued_at: datetime


# --- Keys ---------------------------------------------------------------------------------------


def encode_public_key(key: Ed25519PublicKey) -> str:
    """The raw 32-byte public key, base64 (standard alphabet, padded)."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def decode_public_key(text: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(text, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput("public_key must be a base64 raw Ed25519 key (32 bytes)") from exc


def sign(private_key: Ed25519PrivateKey, value: Any) -> str:
    """Base64 Ed25519 signature over ``canonical_json(value)``."""
    return base64.b64encode(private_key.sign(canonical_json(value))).decode("ascii")


def signature_valid(public_key: str, value: Any, signature: str) -> bool:
    """Whether ``signature`` (base64) is the key's signature over ``canonical_json(value)``."""
    try:
        raw = base64.b64decode(signature, validate=True)
        decode_public_key(public_key).verify(raw, canonical_json(value))
    except (binascii.Error, ValueError, InvalidSignature, InvalidInput):
        return False
    return True


def signed_envelope(
    private_key: Ed25519PrivateKey, key_id: str, body: Mapping[str, Any]
) -> dict[str, Any]:
    """An envelope as an authority makes it (tests, the demo, client libraries)."""
    return {"key_id": key_id, "signature": sign(private_key, dict(body)), "body": dict(body)}


# --- The envelope check -------------------------------------------------------------------------


def parse_time(value: Any, field: str) -> datetime:
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be an ISO 8601 time", {"field": field})
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidInput(f"{field} must be an ISO 8601 time", {"field": field}) from exc
    if moment.tzinfo is None:
        raise InvalidInput(f"{field} must carry its UTC offset", {"field": field})
    return as_utc(moment)


def parse_envelope(envelope: Any) -> Envelope:
    """The envelope's parts, or SignatureRejected (unsigned / malformed)."""
    if not isinstance(envelope, Mapping) or not isinstance(envelope.get("body"), Mapping):
        raise SignatureRejected(Failure.MALFORMED, "an envelope is an object with a 'body' object")
    key_id, signature = envelope.get("key_id"), envelope.get("signature")
    if not key_id or not signature:
        raise SignatureRejected(Failure.UNSIGNED, "the request carries no signature")
    body = dict(envelope["body"])
    nonce = body.get("nonce")
    if not isinstance(nonce, str) or not 8 <= len(nonce) <= MAX_NONCE:
        raise SignatureRejected(Failure.MALFORMED, "body.nonce must be 8 to 128 characters")
    try:
        issued = parse_time(body.get("issued_at"), "issued_at")
    except InvalidInput as exc:
        raise SignatureRejected(Failure.MALFORMED, exc.message) from None
    authority = body.get("authority")
    if not isinstance(authority, str) or not authority:
        raise SignatureRejected(Failure.MALFORMED, "body.authority must name the sender")
    return Envelope(str(key_id), str(signature), body, authority, nonce, issued)


def check_envelope(
    envelope: Envelope,
    key: KeyRecord | None,
    now: datetime,
    *,
    max_age: timedelta = MAX_AGE,
    max_skew: timedelta = MAX_SKEW,
) -> None:
    """Steps 2–5 of the module docstring; returns None when the envelope passes them."""
    if key is None or key.authority_id != envelope.authority_id:
        raise SignatureRejected(Failure.UNKNOWN_KEY, f"no key '{envelope.key_id}' for the sender")
    if not signature_valid(key.public_key, envelope.body, envelope.signature):
        raise SignatureRejected(Failure.BAD_SIGNATURE, "the signature does not verify")
    moment = as_utc(now)
    if key.revoked_at is not None and as_utc(key.revoked_at) <= moment:
        raise SignatureRejected(Failure.KEY_REVOKED, f"key '{key.key_id}' has been revoked")
    if not key.valid_at(envelope.issued_at):
        raise SignatureRejected(
            Failure.KEY_NOT_VALID, f"key '{key.key_id}' was not valid at the signing time"
        )
    if envelope.issued_at > moment + max_skew:
        raise SignatureRejected(Failure.ISSUED_IN_FUTURE, "issued_at lies in the future")
    if envelope.issued_at < moment - max_age:
        raise SignatureRejected(Failure.STALE, "issued_at lies outside the acceptance window")
