"""Provider-side intake: signed envelopes (forged, replayed, unsigned, expired-key emergency
requests never lead to disclosure, each rejection audited with its reason), staff intake with a
call-back, required elements and scope, the conflict-of-laws gate with approvals, deadlines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lawbridge.domain.clocks import SimulatedClock
from lawbridge.errors import InvalidTransition, NotFound, PermissionDenied
from lawbridge.workflows import provider_requests as pr
from lawbridge.workflows import responses
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.workflows.provider_helpers import (
    CN_CONTACT,
    DAY,
    HOUR,
    SECOND,
    T0,
    US_CONTACT,
    Registered,
    audit_actions,
    audit_payloads,
    disclosure,
    disclosures,
    emergency,
    envelope,
    receive,
    register,
)


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


def _try_to_disclose(
    context: Context, world: World, request_id: str, clock: SimulatedClock
) -> None:
    """Push a request as far as the workflows allow; every refusal is swallowed."""
    admin = world.provider["admin"]
    steps = [
        lambda u: pr.run_gate(u, request_id, ["US"], clock=clock),
        lambda u: pr.approve(u, request_id, clock=clock),
        lambda u: responses.build_package(
            u,
            request_id,
            [],
            signer=Ed25519PrivateKey.generate(),
            key_id="p",
            detector=lambda t: [],
            clock=clock,
        ),
    ]
    for step in steps:
        try:
            with context.write(admin.actor) as unit:
                step(unit)
        except (InvalidTransition, NotFound):
            pass


def test_signed_request_is_received_and_verified(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock
) -> None:
    result = receive(context, world.provider["analyst"], envelope(fbi, disclosure(), T0), clock)
    assert result.accepted and result.request is not None
    assert result.request.status == "verified"
    assert result.request.verification["method"] == "signature"
    assert audit_actions(context, result.request.id) == [
        "provider_request.receive",
        "provider_request.verify",
    ]


BAD_EMERGENCIES = [
    "forged",
    "tampered",
    "replayed",
    "unsigned",
    "expired_key",
    "stale",
    "wrong_key",
]


@pytest.mark.parametrize("attack", BAD_EMERGENCIES)
def test_unverifiable_emergency_requests_never_lead_to_disclosure(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock, attack: str
) -> None:
    analyst = world.provider["analyst"]
    env = envelope(fbi, emergency(), T0)
    expected = {
        "forged": "bad_signature",
        "tampered": "bad_signature",
        "replayed": "replayed_nonce",
        "unsigned": "unsigned",
        "expired_key": "key_not_valid",
        "stale": "stale",
        "wrong_key": "unknown_key",
    }[attack]
    if attack == "forged":
        env = envelope(fbi, emergency(), T0, private=Ed25519PrivateKey.generate())
    elif attack == "tampered":
        env["body"]["subjects"] = ["user:victim.sample"]
    elif attack == "replayed":
        assert receive(context, analyst, env, clock).accepted
    elif attack == "unsigned":
        env = {"body": env["body"]}
    elif attack == "expired_key":
        old = register(
            context,
            world.provider["admin"],
            clock,
            name="Old unit (invented)",
            country="US",
            contact=US_CONTACT,
            key_id="us-old",
            valid_from=T0 - 400 * DAY,
            valid_until=T0 - DAY,
        )
        env = envelope(old, emergency(), T0)
    elif attack == "stale":
        env = envelope(fbi, emergency(), T0 - HOUR)
    elif attack == "wrong_key":
        env["key_id"] = "us-nobody"
    before = disclosures(context)
    result = receive(context, analyst, env, clock)
    assert not result.accepted and result.failure is not None
    assert result.failure.value == expected
    rejections = audit_payloads(context, "provider_request.reject_submission")
    assert rejections[-1]["failure"] == expected
    assert rejections[-1]["claimed_type"] == "emergency_disclosure"
    assert rejections[-1]["reason"]
    if result.request is not None:
        _try_to_disclose(context, world, result.request.id, clock)
    assert disclosures(context) == before


def test_staff_entered_emergency_is_rejected_at_intake(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock
) -> None:
    with context.write(world.provider["analyst"].actor) as unit:
        result = pr.enter_request(
            unit, emergency(authority=fbi.id, received_via="e-mail"), clock=clock
        )
        assert result.request is not None
        request_id = result.request.id
    assert result.failure is not None and result.failure.value == "unsigned_emergency"
    _try_to_disclose(context, world, request_id, clock)
    assert disclosures(context) == 0
    assert "provider_request.reject" in audit_actions(context, request_id)


def test_revoked_key_is_refused_even_inside_its_validity(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock
) -> None:
    from lawbridge.workflows import authorities

    with context.write(world.provider["admin"].actor) as unit:
        authorities.revoke_key(unit, fbi.id, fbi.key_id, "mailbox compromised", clock=clock)
    result = receive(context, world.provider["analyst"], envelope(fbi, emergency(), T0), clock)
    assert result.failure is not None and result.failure.value == "key_revoked"


def test_issued_at_window_boundaries(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock
) -> None:
    analyst = world.provider["analyst"]
    assert receive(
        context, analyst, envelope(fbi, disclosure(), T0 - 15 * 60 * SECOND), clock
    ).accepted
    late = receive(
        context, analyst, envelope(fbi, disclosure(), T0 - 15 * 60 * SECOND - SECOND), clock
    )
    assert late.failure is not None and late.failure.value == "stale"
    ahead = receive(
        context, analyst, envelope(fbi, disclosure(), T0 + 5 * 60 * SECOND + SECOND), clock
    )
    assert ahead.failure is not None and ahead.failure.value == "issued_in_future"


def test_missing_elements_and_over_broad_scope_are_rejected_with_reasons(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock
) -> None:
    analyst = world.provider["analyst"]
    incomplete = disclosure()
    del incomplete["validating_authority"], incomplete["offence"]
    result = receive(context, analyst, envelope(fbi, incomplete, T0), clock)
    assert result.request is not None and result.request.status == "rejected"
    assert result.reason == "missing elements: offence, validating_authority"
    cases = {
        "all users": disclosure(subjects=["all users"]),
        "range": disclosure(time_start="2020-01-01T00:00:00Z", time_end="2026-01-01T00:00:00Z"),
        "open": {k: v for k, v in disclosure().items() if k != "time_end"},
    }
    reasons = {}
    for name, body in cases.items():
        outcome = receive(context, analyst, envelope(fbi, body, T0), clock)
        assert outcome.request is not None and outcome.request.status == "rejected"
        reasons[name] = outcome.reason
    assert reasons["all users"] == "a request must name its subjects, not 'all users'"
    assert reasons["range"] == "the time range exceeds 366 days"
    # Without an end, the time range is both missing and open-ended: the missing element wins.
    assert reasons["open"] == "missing elements: time_range"


def test_staff_intake_is_verified_only_by_a_callback_to_a_contact_on_file(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock
) -> None:
    analyst = world.provider["analyst"]
    with context.write(analyst.actor) as unit:
        result = pr.enter_request(
            unit,
            disclosure(authority=fbi.id, received_via="fax", document_reference="F-1"),
            clock=clock,
        )
        assert result.request is not None and result.request.status == "received"
        request_id = result.request.id
        pr.record_callback(
            unit,
            request_id,
            {"contact_called": "+1 202 555 0199", "outcome": "confirmed"},
            clock=clock,
        )
        assert pr.get_request(unit, request_id).status == "received"
        check = pr.record_callback(
            unit,
            request_id,
            {
                "contact_called": "+12025550100",
                "person_reached": "Agent Sample (invented)",
                "called_at": (T0 - HOUR).isoformat(),
                "outcome": "confirmed",
            },
            clock=clock,
        )
        request = pr.get_request(unit, request_id)
        assert request.status == "verified"
        assert request.verification["callback_id"] == check.id
    callbacks = audit_payloads(context, "provider_request.callback")
    assert [c["contact_on_file"] for c in callbacks] == [False, True]
    assert callbacks[1]["called_by"] == analyst.account_id


def test_denied_callback_rejects_as_forged(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock
) -> None:
    with context.write(world.provider["analyst"].actor) as unit:
        result = pr.enter_request(unit, disclosure(authority=fbi.id), clock=clock)
        assert result.request is not None
        pr.record_callback(
            unit,
            result.request.id,
            {"contact_called": US_CONTACT["phone"], "outcome": "denied"},
            clock=clock,
        )
        assert result.request.status == "rejected"
        assert "forged" in (result.request.rejection_reason or "")


def test_unknown_authority_is_rejected_and_audited(
    context: Context, world: World, clock: SimulatedClock
) -> None:
    with context.write(world.provider["analyst"].actor) as unit:
        result = pr.enter_request(unit, disclosure(authority="no-such-id"), clock=clock)
    assert result.request is None and result.failure is not None
    assert result.failure.value == "unknown_authority"
    assert audit_payloads(context, "provider_request.reject_submission")[-1]["failure"] == (
        "unknown_authority"
    )


def _verified(
    context: Context,
    world: World,
    authority: Registered,
    body: dict[str, object],
    clock: SimulatedClock,
) -> str:
    result = receive(
        context, world.provider["analyst"], envelope(authority, body, clock.now()), clock
    )
    assert result.request is not None and result.request.status == "verified", result.reason
    return result.request.id


def test_gate_blocks_foreign_request_for_china_stored_data_until_approval(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock
) -> None:
    request_id = _verified(context, world, fbi, disclosure(), clock)
    reviewer, analyst = world.provider["reviewer"], world.provider["analyst"]
    with context.write(analyst.actor) as unit:
        request = pr.run_gate(unit, request_id, ["CN"], clock=clock)
        assert request.status == "blocked"
        assert request.gate["findings"][0]["rule"] == "cn_foreign_access"
    with context.write(reviewer.actor) as unit, pytest.raises(InvalidTransition):
        pr.approve(unit, request_id, clock=clock)
    with context.write(analyst.actor) as unit, pytest.raises(PermissionDenied):
        pr.record_gate_approval(unit, request_id, {"kind": "cn_competent_authority"}, clock=clock)
    with context.write(reviewer.actor) as unit:
        pr.record_gate_approval(
            unit,
            request_id,
            {
                "kind": "cn_competent_authority",
                "approving_authority": "Ministry of Justice (invented)",
                "reference": "MOJ-2026-7",
            },
            clock=clock,
        )
    with context.write(analyst.actor) as unit:
        assert pr.run_gate(unit, request_id, ["CN"], clock=clock).status == "gate_checked"
    with context.write(reviewer.actor) as unit:
        assert pr.approve(unit, request_id, clock=clock).status == "approved"
    assert audit_actions(context, request_id) == [
        "provider_request.receive",
        "provider_request.verify",
        "provider_request.gate_block",
        "provider_request.gate_approval",
        "provider_request.clear",
        "provider_request.approve",
    ]


def test_gate_applies_sca_tiers_to_a_us_authority(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock
) -> None:
    body = disclosure(legal_process="subpoena", data_categories=["subscriber", "content"])
    request_id = _verified(context, world, fbi, body, clock)
    with context.write(world.provider["analyst"].actor) as unit:
        request = pr.run_gate(unit, request_id, ["US"], clock=clock)
    assert request.status == "blocked"
    outcomes = {(f["rule"], f["outcome"]) for f in request.gate["findings"]}
    assert outcomes == {("us_sca_tiers", "pass"), ("us_sca_tiers", "block")}


def test_linked_production_must_follow_a_preservation_of_the_same_authority(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock
) -> None:
    preservation = disclosure(type="preservation", legal_process="preservation_letter")
    del preservation["validating_authority"]
    preserved_id = _verified(context, world, fbi, preservation, clock)
    linked = _verified(context, world, fbi, disclosure(linked_request_id=preserved_id), clock)
    other = _verified(context, world, fbi, disclosure(), clock)
    bad = receive(
        context,
        world.provider["analyst"],
        envelope(fbi, disclosure(linked_request_id=other), T0),
        clock,
    )
    with context.read(world.provider["analyst"].actor) as unit:
        assert pr.get_request(unit, linked).linked_request_id == preserved_id
    assert bad.request is not None and bad.request.status == "rejected"
    assert bad.reason == "a request links to a preservation request of the same authority"


def test_preservation_lasts_90_days_renewable_once(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock
) -> None:
    preservation = disclosure(type="preservation", legal_process="preservation_letter")
    request_id = _verified(context, world, fbi, preservation, clock)
    with context.write(world.provider["admin"].actor) as unit:
        pr.run_gate(unit, request_id, ["US"], clock=clock)
        pr.approve(unit, request_id, clock=clock)
        request = responses.record_preserved(unit, request_id, clock=clock)
        assert responses.deadlines(request, T0)["preserved_until"] == (T0 + 90 * DAY).isoformat()
    clock.set(T0 + 90 * DAY - SECOND)
    with context.write(world.provider["analyst"].actor) as unit:
        request = responses.extend_preservation(unit, request_id, clock=clock)
        assert (
            responses.deadlines(request, clock.now())["preserved_until"]
            == (T0 + 180 * DAY).isoformat()
        )
        with pytest.raises(InvalidTransition):
            responses.extend_preservation(unit, request_id, clock=clock)


def test_deadlines_on_a_simulated_clock(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock
) -> None:
    request_id = _verified(context, world, fbi, emergency(), clock)
    with context.read(world.provider["analyst"].actor) as unit:
        request = pr.get_request(unit, request_id)
        before = responses.deadlines(request, T0 + 4 * HOUR - SECOND)
        at = responses.deadlines(request, T0 + 4 * HOUR)
    assert not before["response_overdue"] and at["response_overdue"]
    assert at["respond_by"] == (T0 + 4 * HOUR).isoformat()
    assert not at["acknowledgement_overdue"]
    assert responses.deadlines(request, T0 + timedelta(hours=72))["acknowledgement_overdue"]


def test_requests_are_scoped_to_the_receiving_provider(
    context: Context, world: World, fbi: Registered, clock: SimulatedClock
) -> None:
    request_id = _verified(context, world, fbi, disclosure(), clock)
    with context.read(world.us["admin"].actor) as unit, pytest.raises(NotFound):
        pr.get_request(unit, request_id)
    with context.read(world.provider["auditor"].actor) as unit:
        assert [r.id for r in pr.list_requests(unit)] == [request_id]


def test_a_cn_authority_registry_entry_for_domestic_requests(
    context: Context, world: World, clock: SimulatedClock
) -> None:
    mps = register(
        context,
        world.provider["admin"],
        clock,
        name="Public security bureau (invented)",
        country="CN",
        contact=CN_CONTACT,
        key_id="cn-psb-1",
    )
    body = disclosure(legal_process="domestic_order", territorial_scope=["CN"])
    request_id = _verified(context, world, mps, body, clock)
    with context.write(world.provider["analyst"].actor) as unit:
        assert pr.run_gate(unit, request_id, ["CN"], clock=clock).status == "gate_checked"
