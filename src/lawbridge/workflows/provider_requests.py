"""Lawful requests received by a provider: signed intake (API) or staff intake with a call-back,
the conflict-of-laws gate, approval, rejection, acknowledgement and preservation.

Intake never raises for a bad request: a forged, replayed, unsigned, stale, unknown-key or
malformed submission is **rejected and audited** (``provider_request.reject_submission`` with the
failure and reason) and the call returns an :class:`IntakeResult` without a request — raising would
roll the audit event back with the transaction. A well-formed request with missing elements or an
over-broad scope is stored as ``rejected`` with its reason. An emergency request that is not
signed is rejected at intake: it can never reach ``approved``, so it never leads to disclosure.

Statuses and transitions are in ``domain/provider_requests.py``; the gate's rules in
``domain/conflict_of_laws.py``. Time comes from an injected :class:`Clock`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from lawbridge.domain.audit import canonical_json, sha256_hex
from lawbridge.domain.authorities import (
    Envelope,
    Failure,
    SignatureRejected,
    check_envelope,
    parse_envelope,
    parse_time,
)
from lawbridge.domain.clocks import SYSTEM_CLOCK, Clock, not_in_future
from lawbridge.domain.conflict_of_laws import (
    ApprovalKind,
    GateInput,
    GatePolicy,
    evaluate,
)
from lawbridge.domain.provider_requests import (
    ACKNOWLEDGE,
    Action,
    Channel,
    DataCategory,
    Intake,
    LegalProcess,
    RequestType,
    ScopeLimits,
    Status,
    clean_intake,
    countries,
    next_status,
    response_rule,
)
from lawbridge.domain.roles import Permission
from lawbridge.domain.screening import parse_enum
from lawbridge.errors import InvalidInput, InvalidTransition, NotFound
from lawbridge.store.provider_models import (
    Authority,
    CallbackCheck,
    GateApproval,
    ProviderRequest,
    SeenNonce,
)
from lawbridge.workflows import authorities
from lawbridge.workflows.cases import clean_text
from lawbridge.workflows.unit import Unit

REQUEST_TYPE = "provider_request"
SUBMISSION_TYPE = "request_submission"
STAFF_KEYS = frozenset({"received_via", "document_reference"})
CALLBACK_OUTCOMES = frozenset({"confirmed", "denied", "no_answer"})


@dataclass(frozen=True, slots=True)
class IntakeResult:
    """A request accepted (possibly already rejected for its content), or a submission refused."""

    request: ProviderRequest | None
    failure: Failure | None = None
    reason: str | None = None

    @property
    def accepted(self) -> bool:
        return self.failure is None


def _digest(value: Any) -> str:
    try:
        return sha256_hex(canonical_json(value))
    except (TypeError, ValueError):
        return sha256_hex(repr(value).encode("utf-8", "replace"))


def _reject_submission(
    unit: Unit, submission: Any, failure: Failure, reason: str, claimed: Mapping[str, Any]
) -> IntakeResult:
    payload = {
        "failure": failure.value,
        "reason": reason,
        "claimed_type": str(claimed.get("type", ""))[:40],
        "claimed_authority": str(claimed.get("authority", ""))[:40],
    }
    unit.record("provider_request.reject_submission", SUBMISSION_TYPE, _digest(submission), payload)
    return IntakeResult(None, failure, reason)


def _body_of(envelope: Any) -> Mapping[str, Any]:
    body = envelope.get("body") if isinstance(envelope, Mapping) else None
    return body if isinstance(body, Mapping) else {}


def _claim_nonce(unit: Unit, envelope: Envelope, now: datetime) -> None:
    seen = select(SeenNonce.id).where(
        SeenNonce.authority_id == envelope.authority_id, SeenNonce.nonce == envelope.nonce
    )
    if unit.session.scalar(seen) is not None:
        raise SignatureRejected(Failure.REPLAYED_NONCE, "this nonce has been used before")
    unit.session.add(
        SeenNonce(
            authority_id=envelope.authority_id,
            nonce=envelope.nonce,
            issued_at=envelope.issued_at,
            seen_at=now,
        )
    )
    unit.session.flush()


def receive_signed(
    unit: Unit,
    envelope: Any,
    *,
    clock: Clock = SYSTEM_CLOCK,
    limits: ScopeLimits | None = None,
) -> IntakeResult:
    """A signed envelope (``domain/authorities.py``) checked, then taken in and verified."""
    party = authorities.provider_party(unit)
    unit.require(Permission.WRITE_RECORDS)
    now = clock.now()
    try:
        parsed = parse_envelope(envelope)
        check_envelope(parsed, authorities.key_record(unit, party, parsed.key_id), now)
        _claim_nonce(unit, parsed, now)
    except SignatureRejected as exc:
        return _reject_submission(unit, envelope, exc.failure, exc.message, _body_of(envelope))
    authority = unit.session.get(Authority, parsed.authority_id)
    assert authority is not None  # noqa: S101 - the key's authority row exists (foreign key)
    body = {k: v for k, v in parsed.body.items() if k not in ("nonce", "issued_at", "authority")}
    verification = {"method": "signature", "key_id": parsed.key_id, "nonce": parsed.nonce}
    verification["issued_at"] = parsed.issued_at.isoformat()
    return _intake(unit, authority, body, Channel.SIGNED, now, limits, verification)


def enter_request(
    unit: Unit,
    data: Mapping[str, Any],
    *,
    clock: Clock = SYSTEM_CLOCK,
    limits: ScopeLimits | None = None,
) -> IntakeResult:
    """A request received on paper, by e-mail or fax, entered by staff; verified later by a
    call-back. ``data``: the request's elements plus ``authority`` (registry id), ``received_via``
    and ``document_reference``."""
    authorities.provider_party(unit)
    unit.require(Permission.WRITE_RECORDS)
    now = clock.now()
    authority = unit.session.get(Authority, str(data.get("authority", "")))
    if authority is None or authority.party_id != unit.actor.party_id:
        reason = "the sender is not in the authority registry"
        return _reject_submission(unit, dict(data), Failure.UNKNOWN_AUTHORITY, reason, data)
    staff = {k: clean_text(data.get(k), k, 300) for k in STAFF_KEYS}
    body = {k: v for k, v in data.items() if k not in STAFF_KEYS and k != "authority"}
    return _intake(
        unit, authority, body, Channel.STAFF, now, limits, {"method": "callback"} | staff
    )


def _rejection(
    unit: Unit,
    intake: Intake,
    missing: list[str],
    broad: list[str],
    channel: Channel,
    link_error: str | None,
) -> tuple[Failure, str] | None:
    if missing:
        return Failure.INVALID_REQUEST, f"missing elements: {', '.join(missing)}"
    if broad:
        return Failure.OVER_BROAD, "; ".join(broad)
    if link_error:
        return Failure.INVALID_REQUEST, link_error
    if channel is Channel.STAFF and intake.type is RequestType.EMERGENCY_DISCLOSURE:
        reason = "an emergency request must arrive signed with a registered key"
        return Failure.UNSIGNED_EMERGENCY, reason
    return None


def _link_error(unit: Unit, authority: Authority, link: Any) -> str | None:
    if link is None:
        return None
    linked = unit.session.get(ProviderRequest, str(link))
    if linked is None or linked.party_id != authority.party_id:
        return "the linked request does not exist"
    if linked.type != RequestType.PRESERVATION.value or linked.authority_id != authority.id:
        return "a request links to a preservation request of the same authority"
    return None


def _intake(
    unit: Unit,
    authority: Authority,
    body: Mapping[str, Any],
    channel: Channel,
    now: datetime,
    limits: ScopeLimits | None,
    verification: dict[str, Any],
) -> IntakeResult:
    try:
        intake, missing, broad = clean_intake(body, limits or ScopeLimits(), now)
    except InvalidInput as exc:
        return _reject_submission(unit, dict(body), Failure.INVALID_REQUEST, exc.message, body)
    link_error = _link_error(unit, authority, body.get("linked_request_id"))
    request = _new_request(unit, authority, intake, channel, now, verification)
    request.body_sha256 = _digest(dict(body))
    if link_error is None and body.get("linked_request_id"):
        request.linked_request_id = str(body["linked_request_id"])
    unit.session.add(request)
    unit.session.flush()
    payload = {"type": intake.type.value, "channel": channel.value, "authority": authority.id}
    unit.record("provider_request.receive", REQUEST_TYPE, request.id, payload)
    refused = _rejection(unit, intake, missing, broad, channel, link_error)
    if refused is not None:
        _reject(unit, request, refused[1], now, refused[0])
        return IntakeResult(request, refused[0], refused[1])
    if channel is Channel.SIGNED:
        move_status(unit, request, Action.VERIFY, now, {"method": "signature"})
    return IntakeResult(request)


def past_moment(value: Any, now: datetime, field: str) -> datetime:
    """``value`` (a datetime or ISO 8601 text; None: ``now``) in UTC, not in the future."""
    if value is None:
        return now
    moment = value if isinstance(value, datetime) else parse_time(value, field)
    return not_in_future(moment, now, field)


def _new_request(
    unit: Unit,
    authority: Authority,
    intake: Intake,
    channel: Channel,
    now: datetime,
    verification: dict[str, Any],
) -> ProviderRequest:
    return ProviderRequest(
        party_id=authority.party_id,
        authority_id=authority.id,
        type=intake.type.value,
        status=Status.RECEIVED.value,
        channel=channel.value,
        fields=intake.fields,
        time_start=intake.time_start,
        time_end=intake.time_end,
        nondisclosure_until=intake.nondisclosure_until,
        verification=verification,
        gate={},
        received_at=now,
        ack_due_at=now + timedelta(hours=ACKNOWLEDGE.hours),
        response_due_at=now + timedelta(hours=response_rule(intake.type).hours),
        preservation_extensions=0,
        created_by=unit.actor.account_id,
        updated_at=now,
    )


# --- Status changes -----------------------------------------------------------------------------


def get_request(unit: Unit, request_id: str, *, write: bool = False) -> ProviderRequest:
    """A request received by the actor's provider party; NotFound for any other."""
    request = unit.session.get(ProviderRequest, request_id)
    if request is None or request.party_id != unit.actor.party_id:
        raise NotFound(f"no {REQUEST_TYPE} '{request_id}'")
    unit.require(Permission.WRITE_RECORDS if write else Permission.READ_RECORDS)
    return unit.lock(request) if write else request  # a step judged from the state it changes


def list_requests(unit: Unit, status: str | None = None) -> list[ProviderRequest]:
    """The provider's inbox, soonest response deadline first."""
    unit.require(Permission.READ_RECORDS)
    query = select(ProviderRequest).where(ProviderRequest.party_id == unit.actor.party_id)
    if status is not None:
        query = query.where(ProviderRequest.status == parse_enum(Status, status, "status").value)
    return list(unit.session.scalars(query.order_by(ProviderRequest.response_due_at)))


def move_status(
    unit: Unit, request: ProviderRequest, action: Action, now: datetime, extra: dict[str, Any]
) -> None:
    before = request.status
    request.status = next_status(before, action).value
    request.updated_at = now
    payload = {"from": before, "to": request.status} | extra
    unit.record(f"provider_request.{action.value}", REQUEST_TYPE, request.id, payload)


def _reject(
    unit: Unit, request: ProviderRequest, reason: str, now: datetime, failure: Failure | None
) -> None:
    request.rejection_reason = reason
    request.closed_at = now
    extra: dict[str, Any] = {"reason": reason}
    if failure is not None:
        extra["failure"] = failure.value
    move_status(unit, request, Action.REJECT, now, extra)


def reject(
    unit: Unit, request_id: str, reason: str, *, clock: Clock = SYSTEM_CLOCK
) -> ProviderRequest:
    """Reject an open request with its reason (unlawful, over-broad, no such user, …)."""
    request = get_request(unit, request_id, write=True)
    text = clean_text(reason, "reason", 2000)
    if text is None:
        raise InvalidInput("a rejection needs its reason", {"field": "reason"})
    _reject(unit, request, text, clock.now(), None)
    return request


def acknowledge(unit: Unit, request_id: str, *, clock: Clock = SYSTEM_CLOCK) -> ProviderRequest:
    """Tell the authority the request arrived (once); stops the acknowledgement deadline."""
    request = get_request(unit, request_id, write=True)
    if request.acknowledged_at is not None:
        raise InvalidTransition("the request has already been acknowledged")
    request.acknowledged_at = now = clock.now()
    payload = {"on_time": now < request.ack_due_at}
    unit.record("provider_request.acknowledge", REQUEST_TYPE, request.id, payload)
    return request


def record_callback(
    unit: Unit, request_id: str, data: Mapping[str, Any], *, clock: Clock = SYSTEM_CLOCK
) -> CallbackCheck:
    """Record a call-back to the authority (contact_called, person_reached, called_at, outcome).

    ``confirmed`` through a contact on file verifies the request; ``denied`` (the authority did not
    send it) rejects it as forged; ``no_answer``, or a contact not on file, leaves it received."""
    request = get_request(unit, request_id, write=True)
    if request.channel != Channel.STAFF.value or request.status != Status.RECEIVED.value:
        raise InvalidTransition("a call-back verifies a received, staff-entered request")
    now = clock.now()
    outcome = str(data.get("outcome", ""))
    if outcome not in CALLBACK_OUTCOMES:
        raise InvalidInput(f"outcome must be one of: {', '.join(sorted(CALLBACK_OUTCOMES))}")
    contact = clean_text(data.get("contact_called"), "contact_called", 300)
    if contact is None:
        raise InvalidInput("contact_called is required", {"field": "contact_called"})
    check = CallbackCheck(
        request_id=request.id,
        called_by=unit.actor.account_id,
        contact_called=contact,
        person_reached=clean_text(data.get("person_reached"), "person_reached", 300),
        called_at=past_moment(data.get("called_at"), now, "called_at"),
        outcome=outcome,
        note=clean_text(data.get("note"), "note", 2000) or "",
        recorded_at=now,
    )
    unit.session.add(check)
    unit.session.flush()
    _after_callback(unit, request, check, now)
    return check


def _after_callback(
    unit: Unit, request: ProviderRequest, check: CallbackCheck, now: datetime
) -> None:
    authority = unit.session.get(Authority, request.authority_id)
    on_file = authority is not None and authorities.contact_on_file(authority, check.contact_called)
    payload = {"callback": check.id, "outcome": check.outcome, "contact_on_file": on_file}
    payload["called_by"] = check.called_by
    unit.record("provider_request.callback", REQUEST_TYPE, request.id, payload)
    if check.outcome == "denied":
        reason = "the authority denied sending the request on call-back (forged)"
        _reject(unit, request, reason, now, Failure.CALLBACK_NOT_CONFIRMED)
    elif check.outcome == "confirmed" and on_file:
        request.verification = request.verification | {"callback_id": check.id}
        move_status(unit, request, Action.VERIFY, now, {"method": "callback", "callback": check.id})


# --- The gate and approval ----------------------------------------------------------------------


def _approvals(unit: Unit, request: ProviderRequest) -> frozenset[ApprovalKind]:
    kinds = unit.session.scalars(
        select(GateApproval.kind).where(GateApproval.request_id == request.id)
    )
    return frozenset(ApprovalKind(k) for k in kinds)


def gate_input(unit: Unit, request: ProviderRequest, locations: list[str]) -> GateInput:
    authority = unit.session.get(Authority, request.authority_id)
    assert authority is not None  # noqa: S101 - foreign key
    process = request.fields.get("legal_process")
    return GateInput(
        requester_country=authority.country,
        data_locations=tuple(locations),
        type=RequestType(request.type),
        categories=tuple(DataCategory(c) for c in request.fields.get("data_categories", [])),
        process=LegalProcess(process) if process else None,
        approvals=_approvals(unit, request),
    )


def run_gate(
    unit: Unit,
    request_id: str,
    data_locations: list[str],
    *,
    policy: GatePolicy | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ProviderRequest:
    """Check a verified request against the conflict-of-laws catalogue, given the jurisdictions
    where the provider stores the data asked for. Blocked requests wait for an approval; run the
    gate again once it is recorded."""
    request = get_request(unit, request_id, write=True)
    if request.status not in (Status.VERIFIED, Status.GATE_CHECKED, Status.BLOCKED):
        raise InvalidTransition(f"a {request.status} request cannot go through the gate")
    locations = countries(data_locations, "data_locations")
    result = evaluate(gate_input(unit, request, locations), policy)
    request.gate = result.to_dict() | {"data_locations": locations}
    if result.blocked:
        action = Action.GATE_BLOCK
    else:
        action = Action.CLEAR if request.status == Status.BLOCKED else Action.GATE_PASS
    move_status(unit, request, action, clock.now(), {"gate": request.gate})
    return request


def record_gate_approval(
    unit: Unit, request_id: str, data: Mapping[str, Any], *, clock: Clock = SYSTEM_CLOCK
) -> GateApproval:
    """Record the approval that clears a blocking rule (kind, approving_authority, reference,
    approved_at). Reviewers only; the gate must then be run again."""
    request = get_request(unit, request_id)
    unit.require(Permission.REVIEW)
    if request.status != Status.BLOCKED.value:
        raise InvalidTransition("an approval is recorded for a blocked request")
    now = clock.now()
    kind = parse_enum(ApprovalKind, str(data.get("kind", "")), "kind")
    names = ("approving_authority", "reference")
    values = {n: clean_text(data.get(n), n, 300) for n in names}
    if not all(values.values()):
        raise InvalidInput("an approval names its approving_authority and reference")
    approval = GateApproval(
        request_id=request.id,
        kind=kind.value,
        approving_authority=values["approving_authority"],
        reference=values["reference"],
        approved_at=past_moment(data.get("approved_at"), now, "approved_at"),
        recorded_by=unit.actor.account_id,
        recorded_at=now,
    )
    unit.session.add(approval)
    unit.session.flush()
    payload = {"approval": approval.id, "kind": kind.value, "reference": approval.reference}
    unit.record("provider_request.gate_approval", REQUEST_TYPE, request.id, payload)
    return approval


def disclosure_verified(request: ProviderRequest) -> bool:
    """Whether the request's verification allows it to be answered at all: an emergency request
    only when signed; any other when signed or confirmed by a call-back."""
    method = request.verification.get("method")
    if request.type == RequestType.EMERGENCY_DISCLOSURE.value:
        return request.channel == Channel.SIGNED.value and method == "signature"
    return method == "signature" or bool(request.verification.get("callback_id"))


def approve(unit: Unit, request_id: str, *, clock: Clock = SYSTEM_CLOCK) -> ProviderRequest:
    """A reviewer's approval of a request that passed the gate: it may now be answered."""
    request = get_request(unit, request_id)
    unit.require(Permission.REVIEW)
    if not disclosure_verified(request):
        raise InvalidTransition("the request is not verified for disclosure")
    move_status(unit, request, Action.APPROVE, clock.now(), {})
    return request
