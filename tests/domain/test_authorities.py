"""The signed-envelope check, pure: every failure step, and signatures over canonical JSON."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.domain.authorities import (
    Failure,
    KeyRecord,
    SignatureRejected,
    check_envelope,
    encode_public_key,
    parse_envelope,
    sign,
    signature_valid,
    signed_envelope,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PRIVATE = Ed25519PrivateKey.generate()
KEY = KeyRecord("k1", "auth-1", encode_public_key(PRIVATE.public_key()), NOW - timedelta(days=30))


def body(**kw: Any) -> dict[str, Any]:
    return {
        "authority": "auth-1",
        "nonce": "n-0000000001",
        "issued_at": "2026-03-02T09:00:00Z",
        "type": "emergency_disclosure",
    } | kw


def failure(envelope: Any, key: KeyRecord | None = KEY, now: datetime = NOW) -> Failure | None:
    try:
        check_envelope(parse_envelope(envelope), key, now)
    except SignatureRejected as exc:
        return exc.failure
    return None


def test_a_good_envelope_passes() -> None:
    assert failure(signed_envelope(PRIVATE, "k1", body())) is None


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: {"body": body()}, Failure.UNSIGNED),
        (lambda: {"key_id": "k1", "signature": "x"}, Failure.MALFORMED),
        (lambda: signed_envelope(PRIVATE, "k1", body(nonce="short")), Failure.MALFORMED),
        (lambda: signed_envelope(PRIVATE, "k1", body(issued_at="yesterday")), Failure.MALFORMED),
        (
            lambda: signed_envelope(PRIVATE, "k1", body(issued_at="2026-03-02T09:00:00")),
            Failure.MALFORMED,
        ),
        (
            lambda: signed_envelope(Ed25519PrivateKey.generate(), "k1", body()),
            Failure.BAD_SIGNATURE,
        ),
        (
            lambda: signed_envelope(PRIVATE, "k1", body()) | {"signature": "@@"},
            Failure.BAD_SIGNATURE,
        ),
        (lambda: signed_envelope(PRIVATE, "k1", body(authority="auth-2")), Failure.UNKNOWN_KEY),
        (
            lambda: signed_envelope(PRIVATE, "k1", body(issued_at="2026-03-02T08:44:59Z")),
            Failure.STALE,
        ),
        (
            lambda: signed_envelope(PRIVATE, "k1", body(issued_at="2026-03-02T09:05:01Z")),
            Failure.ISSUED_IN_FUTURE,
        ),
    ],
)
def test_each_failure_step(make: Any, expected: Failure) -> None:
    assert failure(make()) is expected


def test_key_validity_and_revocation() -> None:
    envelope = signed_envelope(PRIVATE, "k1", body())
    assert failure(envelope, None) is Failure.UNKNOWN_KEY
    expired = KeyRecord(KEY.key_id, KEY.authority_id, KEY.public_key, KEY.valid_from, NOW)
    assert failure(envelope, expired) is Failure.KEY_NOT_VALID
    until_after = KeyRecord(
        KEY.key_id, KEY.authority_id, KEY.public_key, KEY.valid_from, NOW + timedelta(seconds=1)
    )
    assert failure(envelope, until_after) is None
    future = KeyRecord(KEY.key_id, KEY.authority_id, KEY.public_key, NOW + timedelta(seconds=1))
    assert failure(envelope, future) is Failure.KEY_NOT_VALID
    revoked = KeyRecord(KEY.key_id, KEY.authority_id, KEY.public_key, KEY.valid_from, None, NOW)
    assert failure(envelope, revoked) is Failure.KEY_REVOKED


values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**53) + 1, 2**53 - 1), st.text(max_size=20)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(derandomize=True, deadline=None, max_examples=100)
@given(st.dictionaries(st.text(min_size=1, max_size=8), values, min_size=1, max_size=5), st.data())
def test_signature_covers_every_field(payload: dict[str, Any], data: st.DataObject) -> None:
    signature = sign(PRIVATE, payload)
    assert signature_valid(KEY.public_key, payload, signature)
    # Key order does not matter (canonical JSON), any change of a value does.
    assert signature_valid(KEY.public_key, dict(reversed(payload.items())), signature)
    name = data.draw(st.sampled_from(sorted(payload)))
    changed = payload | {name: ["changed", payload[name]]}
    assert not signature_valid(KEY.public_key, changed, signature)
