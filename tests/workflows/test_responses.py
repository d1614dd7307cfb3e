"""Response packages: scope minimisation, third-party redaction by the PII engine (the subject's own
data kept), SHA-256 manifest signed by the provider, delivery after notice, signed receipt, and
the chain of custody in the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lawbridge.domain.authorities import encode_public_key, sign
from lawbridge.domain.clocks import SimulatedClock
from lawbridge.errors import InvalidInput, InvalidTransition
from lawbridge.workflows import provider_requests as pr
from lawbridge.workflows import responses, user_notices
from lawbridge.workflows.privacy import default_detector
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.workflows.provider_helpers import (
    HOUR,
    T0,
    US_CONTACT,
    Registered,
    audit_actions,
    disclosure,
    emergency,
    envelope,
    receive,
    register,
)

SUBJECT = "alice.sample@example.com"
PROVIDER_KEY = Ed25519PrivateKey.generate()


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(T0)


@pytest.fixture
def fbi(context: Context, world: World, clock: SimulatedClock) -> Registered:
    return register(
        context,
        world.provider["admin"],
        clock,
        name="FBI field office (invented)",
        country="US",
        contact=US_CONTACT,
        key_id="us-fbi-1",
    )


def records() -> list[dict[str, Any]]:
    return [
        {
            "id": "r1",
            "category": "subscriber",
            "timestamp": "2026-01-10T10:00:00Z",
            "subject": SUBJECT,
            "data": {"email": SUBJECT, "name": "Alice Sample", "phone": "+1 415 555 0134"},
        },
        {
            "id": "r2",
            "category": "traffic",
            "timestamp": "2026-01-20T10:00:00Z",
            "subject": SUBJECT,
            "data": "login from 203.0.113.7; message to bob.other@example.org, cc +1 212 555 0187",
        },
        {
            "id": "r3",
            "category": "content",
            "timestamp": "2026-01-15T10:00:00Z",
            "subject": SUBJECT,
            "data": "not requested",
        },
        {
            "id": "r4",
            "category": "traffic",
            "timestamp": "2026-02-01T00:00:01Z",
            "subject": SUBJECT,
            "data": "one second after the range",
        },
        {
            "id": "r5",
            "category": "subscriber",
            "timestamp": "2026-01-11T10:00:00Z",
            "subject": "carol.other@example.com",
            "data": "another user",
        },
        {
            "id": "r6",
            "category": "traffic",
            "timestamp": "2026-02-01T00:00:00Z",
            "subject": SUBJECT,
            "data": "last second of the range",
        },
    ]


def approved(
    context: Context, world: World, fbi: Registered, body: dict[str, Any], clock: SimulatedClock
) -> str:
    result = receive(context, world.provider["analyst"], envelope(fbi, body, clock.now()), clock)
    assert result.request is not None, result.reason
    with context.write(world.provider["analyst"].actor) as unit:
        pr.run_gate(unit, result.request.id, ["US"], clock=clock)
    with context.write(world.provider["reviewer"].actor) as unit:
        pr.approve(unit, result.request.id, clock=clock)
    return result.request.id


def package_for(
    context: Context, world: World, request_id: str, clock: SimulatedClock, **kw: Any
) -> str:
    with context.write(world.provider["analyst"].actor) as unit:
        package = responses.build_package(
            unit,
            request_id,
            records(),
            signer=PROVIDER_KEY,
            key_id="provider-2026",
            own_values={SUBJECT: ["Alice Sample", "+1 415 555 0134"]},
            clock=clock,
            **kw,
        )
        return package.id


def test_package_holds_only_what_was_asked_with_third_parties_redacted(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock
) -> None:
    request_id = approved(context, world, fbi, disclosure(subjects=[SUBJECT]), clock)
    package_id = package_for(context, world, request_id, clock, detector=default_detector())
    with context.read(world.provider["analyst"].actor) as unit:
        package = responses.get_package(unit, package_id)
        items, manifest = package.items, package.manifest
        signature, public_key = package.signature, package.public_key
    assert [i["id"] for i in items] == ["r1", "r2", "r6"]
    assert manifest["left_out"] == {
        "category_not_requested": 1,
        "other_subject": 1,
        "outside_time_range": 1,
    }
    assert items[0]["data"] == {
        "email": SUBJECT,
        "name": "Alice Sample",
        "phone": "+1 415 555 0134",
    }
    assert "bob.other@example.org" not in items[1]["data"]
    assert "+1 212 555 0187" not in items[1]["data"]
    assert "<EMAIL>" in items[1]["data"] and "<PHONE>" in items[1]["data"]
    assert public_key == encode_public_key(PROVIDER_KEY.public_key())
    assert responses.verify_package(manifest, items, signature, public_key) == []
    tampered = [dict(items[0], data="changed"), *items[1:]]
    assert responses.verify_package(manifest, tampered, signature, public_key) == [
        "item r1 does not match its hash"
    ]
    forged = sign(Ed25519PrivateKey.generate(), manifest)
    assert responses.verify_package(manifest, items, forged, public_key) == [
        "the manifest's signature does not verify"
    ]


def test_chain_of_custody_from_receipt_to_receipt(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock
) -> None:
    request_id = approved(context, world, fbi, disclosure(subjects=[SUBJECT]), clock)
    package_id = package_for(context, world, request_id, clock, detector=lambda t: [])
    analyst = world.provider["analyst"]
    with context.write(analyst.actor) as unit, pytest.raises(InvalidTransition, match="notify"):
        responses.deliver(unit, package_id, "LERS portal", clock=clock)
    with context.write(analyst.actor) as unit:
        for notice in user_notices.prepare_notices(unit, request_id, clock=clock):
            user_notices.send_notice(unit, notice.id, clock=clock)
    clock.advance(HOUR)
    with context.write(analyst.actor) as unit:
        package = responses.deliver(unit, package_id, "LERS portal", clock=clock)
        digest = package.manifest_sha256
    received_at = clock.now()
    statement = responses.receipt_statement(package_id, digest, received_at)
    with context.write(analyst.actor) as unit:
        with pytest.raises(InvalidInput):
            responses.record_receipt(
                unit, package_id, {"manifest_sha256": "0" * 64, "received_by": "x"}, clock=clock
            )
    with context.write(analyst.actor) as unit:
        with pytest.raises(InvalidInput, match="signature"):
            responses.record_receipt(
                unit,
                package_id,
                {
                    "manifest_sha256": digest,
                    "received_by": "Agent Sample",
                    "received_at": received_at.isoformat(),
                    "signature": sign(Ed25519PrivateKey.generate(), statement),
                    "key_id": fbi.key_id,
                },
                clock=clock,
            )
    with context.write(analyst.actor) as unit:
        package = responses.record_receipt(
            unit,
            package_id,
            {
                "manifest_sha256": digest,
                "received_by": "Agent Sample",
                "received_at": received_at.isoformat(),
                "signature": sign(fbi.private, statement),
                "key_id": fbi.key_id,
            },
            clock=clock,
        )
        assert package.receipt is not None and package.receipt["signed"] is True
        assert pr.get_request(unit, request_id).status == "responded"
    assert audit_actions(context, request_id) == [
        "provider_request.receive",
        "provider_request.verify",
        "provider_request.gate_pass",
        "provider_request.approve",
        "provider_request.package",
        "provider_request.deliver",
        "provider_request.respond",
        "provider_request.receipt",
    ]


def test_emergency_disclosure_goes_ahead_and_notice_follows(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock
) -> None:
    request_id = approved(context, world, fbi, emergency(subjects=[SUBJECT]), clock)
    package_id = package_for(context, world, request_id, clock, detector=lambda t: [])
    with context.write(world.provider["analyst"].actor) as unit:
        responses.deliver(unit, package_id, "secure e-mail", clock=clock)
        sent = user_notices.due_notices(unit, clock.now())
    assert [n.subject for n in sent] == [SUBJECT]


def test_only_approved_disclosure_requests_get_a_package(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock
) -> None:
    result = receive(context, world.provider["analyst"], envelope(fbi, disclosure(), T0), clock)
    assert result.request is not None
    with context.write(world.provider["analyst"].actor) as unit, pytest.raises(InvalidTransition):
        responses.build_package(
            unit,
            result.request.id,
            records(),
            signer=PROVIDER_KEY,
            key_id="k",
            detector=lambda t: [],
            clock=clock,
        )
    request_id = approved(context, world, fbi, disclosure(subjects=[SUBJECT]), clock)
    package_for(context, world, request_id, clock, detector=lambda t: [])
    with pytest.raises(InvalidTransition, match="already"):
        package_for(context, world, request_id, clock, detector=lambda t: [])
