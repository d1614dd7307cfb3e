"""The provider side of lawful requests (``/provider``): the authority registry with its Ed25519
keys, signed and staff intake, call-back verification, the conflict-of-laws gate and its recorded
approvals, approval, scope-minimised signed response packages with the requester's receipt, user
notices, deadlines and the sweep for cron.

A refused submission (unsigned, forged, replayed, stale, unknown key or authority, missing
elements, over-broad scope, an order already expired) answers 422 — 409 for a replayed nonce — in
the one error shape, ``code`` naming the failure and ``error`` the reason. The refusal **is**
committed: its audit event stays, and nothing is disclosed. A request stored as rejected is named
in ``errors`` (``loc: ["request_id"]``) so it can be found in the inbox.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from lawbridge.domain.authorities import Failure
from lawbridge.domain.clocks import Clock
from lawbridge.server.api.clock import ClockDep
from lawbridge.server.api.params import PRINTABLE, ObjectId
from lawbridge.server.api.responses import AUTHENTICATED
from lawbridge.server.api.schemas_provider import (
    AuthorityCreate,
    AuthorityKeyCreate,
    AuthorityKeyPublic,
    AuthorityPublic,
    CallbackCreate,
    CallbackPublic,
    GateApprovalCreate,
    GateApprovalPublic,
    GateCheck,
    KeyRevokeCreate,
    KeyRotateCreate,
    NondisclosureCreate,
    NoticePublic,
    PackageCreate,
    PackagePublic,
    ProviderRequestPublic,
    RejectCreate,
    RequestFilePublic,
    SignedRequestCreate,
    StaffRequestCreate,
)
from lawbridge.server.deps import ActorDep, ContextDep
from lawbridge.server.errors import error_body
from lawbridge.server.idempotency import PostDep
from lawbridge.store.provider_models import Authority, ProviderRequest
from lawbridge.workflows import authorities, provider_file, provider_requests, responses
from lawbridge.workflows import user_notices as notices
from lawbridge.workflows.provider_requests import IntakeResult
from lawbridge.workflows.unit import Unit

router = APIRouter(prefix="/provider", tags=["provider requests"], responses=AUTHENTICATED)
P = "/requests/{provider_request_id}"
StatusQuery = Annotated[str | None, Query(max_length=32, pattern=PRINTABLE)]


def authority_public(unit: Unit, authority: Authority) -> AuthorityPublic:
    unit.session.flush()
    keys = [AuthorityKeyPublic.model_validate(k) for k in authorities.list_keys(unit, authority.id)]
    return AuthorityPublic.model_validate(authority).model_copy(update={"keys": keys})


def request_public(unit: Unit, request: ProviderRequest, clock: Clock) -> ProviderRequestPublic:
    unit.session.flush()
    deadlines = responses.deadlines(request, clock.now())
    return ProviderRequestPublic.model_validate(request).model_copy(update={"deadlines": deadlines})


# --- Registry -----------------------------------------------------------------------------------


@router.get("/authorities", response_model=list[AuthorityPublic])
def list_authorities(
    context: ContextDep,
    actor: ActorDep,
    country: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
) -> list[AuthorityPublic]:
    with context.read(actor) as unit:
        return [authority_public(unit, a) for a in authorities.list_authorities(unit, country)]


@router.post("/authorities", response_model=AuthorityPublic, status_code=201)
def create_authority(body: AuthorityCreate, post: PostDep, clock: ClockDep) -> Response:
    """Register an authority with its contact on file and, optionally, its signing keys."""

    def work(unit: Unit) -> AuthorityPublic:
        data = body.model_dump(exclude={"keys"}, exclude_none=True)
        authority = authorities.create_authority(unit, data)
        for key in body.keys:
            start = key.valid_from or clock.now()
            authorities.add_key(
                unit, authority.id, key.key_id, key.public_key, start, key.valid_until
            )
        return authority_public(unit, authority)

    return post(work)


@router.get("/authorities/{authority_id}", response_model=AuthorityPublic)
def get_authority(authority_id: ObjectId, context: ContextDep, actor: ActorDep) -> AuthorityPublic:
    with context.read(actor) as unit:
        return authority_public(unit, authorities.get_authority(unit, authority_id))


@router.post("/authorities/{authority_id}/keys", response_model=AuthorityKeyPublic, status_code=201)
def add_key(
    authority_id: ObjectId, body: AuthorityKeyCreate, post: PostDep, clock: ClockDep
) -> Response:
    def work(unit: Unit) -> AuthorityKeyPublic:
        start = body.valid_from or clock.now()
        key = authorities.add_key(
            unit, authority_id, body.key_id, body.public_key, start, body.valid_until
        )
        return AuthorityKeyPublic.model_validate(key)

    return post(work)


@router.post(
    "/authorities/{authority_id}/keys/{key_id}/rotate",
    response_model=AuthorityKeyPublic,
    status_code=201,
)
def rotate_key(
    authority_id: ObjectId, key_id: ObjectId, body: KeyRotateCreate, post: PostDep, clock: ClockDep
) -> Response:
    """End the key's validity now and register its successor from now on."""

    def work(unit: Unit) -> AuthorityKeyPublic:
        key = authorities.rotate_key(
            unit, authority_id, key_id, body.new_key_id, body.public_key, clock=clock
        )
        return AuthorityKeyPublic.model_validate(key)

    return post(work)


@router.post("/authorities/{authority_id}/keys/{key_id}/revoke", response_model=AuthorityKeyPublic)
def revoke_key(
    authority_id: ObjectId, key_id: ObjectId, body: KeyRevokeCreate, post: PostDep, clock: ClockDep
) -> Response:
    """Revoke a compromised key: no envelope signed with it is accepted from now on."""

    def work(unit: Unit) -> AuthorityKeyPublic:
        key = authorities.revoke_key(unit, authority_id, key_id, body.reason, clock=clock)
        return AuthorityKeyPublic.model_validate(key)

    return post(work, status_code=200)


# --- Intake -------------------------------------------------------------------------------------


def intake_answer(unit: Unit, result: IntakeResult, clock: Clock) -> tuple[int, str]:
    """201 with the request, or the refusal in the error shape (its audit event kept)."""
    if result.accepted and result.request is not None:
        return 201, request_public(unit, result.request, clock).model_dump_json()
    failure = result.failure or Failure.INVALID_REQUEST
    status = 409 if failure is Failure.REPLAYED_NONCE else 422
    problems = []
    if result.request is not None:
        unit.session.flush()
        problems.append({"loc": ["request_id"], "msg": result.request.id, "type": failure.value})
    body = error_body(status, failure.value, result.reason or failure.value, problems)
    return status, json.dumps(body)


@router.post("/requests/signed", response_model=ProviderRequestPublic, status_code=201)
def submit_signed(body: SignedRequestCreate, post: PostDep, clock: ClockDep) -> Response:
    """A request signed by a registered authority's key: checked, taken in, verified."""

    def work(unit: Unit) -> tuple[int, str]:
        envelope = body.model_dump(exclude_none=True)
        result = provider_requests.receive_signed(unit, envelope, clock=clock)
        return intake_answer(unit, result, clock)

    return post.answer(work)


@router.post("/requests", response_model=ProviderRequestPublic, status_code=201)
def enter_request(body: StaffRequestCreate, post: PostDep, clock: ClockDep) -> Response:
    """A request entered by staff; it stays ``received`` until a call-back confirms it. An
    emergency request entered this way is rejected: only a signed one may lead to disclosure."""

    def work(unit: Unit) -> tuple[int, str]:
        data = body.model_dump(mode="json", exclude_none=True)
        result = provider_requests.enter_request(unit, data, clock=clock)
        return intake_answer(unit, result, clock)

    return post.answer(work)


@router.get("/requests", response_model=list[ProviderRequestPublic])
def list_requests(
    context: ContextDep, actor: ActorDep, clock: ClockDep, status: StatusQuery = None
) -> list[ProviderRequestPublic]:
    """The inbox, soonest response deadline first, each with its deadlines now."""
    with context.read(actor) as unit:
        found = provider_requests.list_requests(unit, status)
        return [request_public(unit, r, clock) for r in found]


@router.get("/deadlines", response_model=list[ProviderRequestPublic])
def list_deadlines(
    context: ContextDep, actor: ActorDep, clock: ClockDep
) -> list[ProviderRequestPublic]:
    """Open requests, the soonest deadline first; ``deadlines`` says which are overdue."""
    with context.read(actor) as unit:
        rows = provider_file.open_deadlines(unit, clock.now())
        return [request_public(unit, r, clock) for r, _ in rows]


@router.get(P, response_model=RequestFilePublic)
def get_request(
    provider_request_id: ObjectId, context: ContextDep, actor: ActorDep, clock: ClockDep
) -> RequestFilePublic:
    """The request's file: verification, gate result, call-backs, approvals, notices, package."""
    with context.read(actor) as unit:
        found = provider_file.request_file(unit, provider_request_id, clock.now())
        package = found.package
        return RequestFilePublic(
            request=request_public(unit, found.request, clock),
            authority=authority_public(unit, found.authority),
            disclosure_verified=found.disclosure_verified,
            callbacks=[CallbackPublic.model_validate(c) for c in found.callbacks],
            approvals=[GateApprovalPublic.model_validate(a) for a in found.approvals],
            notices=[NoticePublic.model_validate(n) for n in found.notices],
            package=PackagePublic.model_validate(package) if package else None,
        )


@router.post(f"{P}/acknowledge", response_model=ProviderRequestPublic)
def acknowledge(provider_request_id: ObjectId, post: PostDep, clock: ClockDep) -> Response:
    def work(unit: Unit) -> ProviderRequestPublic:
        done = provider_requests.acknowledge(unit, provider_request_id, clock=clock)
        return request_public(unit, done, clock)

    return post(work, status_code=200)


@router.post(f"{P}/callbacks", response_model=CallbackPublic, status_code=201)
def record_callback(
    provider_request_id: ObjectId, body: CallbackCreate, post: PostDep, clock: ClockDep
) -> Response:
    """A call-back through a contact on file: ``confirmed`` verifies, ``denied`` rejects."""

    def work(unit: Unit) -> CallbackPublic:
        data = body.model_dump(exclude_none=True)
        check = provider_requests.record_callback(unit, provider_request_id, data, clock=clock)
        return CallbackPublic.model_validate(check)

    return post(work)


@router.post(f"{P}/gate", response_model=ProviderRequestPublic)
def run_gate(
    provider_request_id: ObjectId, body: GateCheck, post: PostDep, clock: ClockDep
) -> Response:
    """The conflict-of-laws gate for the data's storage jurisdictions; the result is kept in
    ``gate`` (each finding names its rule; ``GET /provider/gate/rules`` gives the basis)."""

    def work(unit: Unit) -> ProviderRequestPublic:
        done = provider_requests.run_gate(
            unit, provider_request_id, body.data_locations, clock=clock
        )
        return request_public(unit, done, clock)

    return post(work, status_code=200)


@router.post(f"{P}/gate/approvals", response_model=GateApprovalPublic, status_code=201)
def record_gate_approval(
    provider_request_id: ObjectId, body: GateApprovalCreate, post: PostDep, clock: ClockDep
) -> Response:
    """The approval that clears a blocking rule (reviewers); run the gate again afterwards."""

    def work(unit: Unit) -> GateApprovalPublic:
        data = body.model_dump(exclude_none=True)
        approval = provider_requests.record_gate_approval(
            unit, provider_request_id, data, clock=clock
        )
        return GateApprovalPublic.model_validate(approval)

    return post(work)


@router.post(f"{P}/approve", response_model=ProviderRequestPublic)
def approve(provider_request_id: ObjectId, post: PostDep, clock: ClockDep) -> Response:
    def work(unit: Unit) -> ProviderRequestPublic:
        done = provider_requests.approve(unit, provider_request_id, clock=clock)
        return request_public(unit, done, clock)

    return post(work, status_code=200)


@router.post(f"{P}/reject", response_model=ProviderRequestPublic)
def reject(
    provider_request_id: ObjectId, body: RejectCreate, post: PostDep, clock: ClockDep
) -> Response:
    def work(unit: Unit) -> ProviderRequestPublic:
        done = provider_requests.reject(unit, provider_request_id, body.reason, clock=clock)
        return request_public(unit, done, clock)

    return post(work, status_code=200)


@router.post(f"{P}/nondisclosure", response_model=ProviderRequestPublic)
def extend_nondisclosure(
    provider_request_id: ObjectId, body: NondisclosureCreate, post: PostDep, clock: ClockDep
) -> Response:
    def work(unit: Unit) -> ProviderRequestPublic:
        done = notices.extend_nondisclosure(
            unit, provider_request_id, body.until, body.reference, clock=clock
        )
        return request_public(unit, done, clock)

    return post(work, status_code=200)


@router.post(f"{P}/preserved", response_model=ProviderRequestPublic)
def record_preserved(provider_request_id: ObjectId, post: PostDep, clock: ClockDep) -> Response:
    """An approved preservation request is answered by preserving: 90 days start."""

    def work(unit: Unit) -> ProviderRequestPublic:
        done = responses.record_preserved(unit, provider_request_id, clock=clock)
        return request_public(unit, done, clock)

    return post(work, status_code=200)


@router.post(f"{P}/preservation/extend", response_model=ProviderRequestPublic)
def extend_preservation(provider_request_id: ObjectId, post: PostDep, clock: ClockDep) -> Response:
    def work(unit: Unit) -> ProviderRequestPublic:
        done = responses.extend_preservation(unit, provider_request_id, clock=clock)
        return request_public(unit, done, clock)

    return post(work, status_code=200)


@router.post(f"{P}/package", response_model=PackagePublic, status_code=201)
def build_package(
    provider_request_id: ObjectId, body: PackageCreate, post: PostDep, clock: ClockDep
) -> Response:
    """The signed package answering an approved disclosure request: only the subjects,
    categories and time range asked for; third parties' personal data redacted."""

    def work(unit: Unit) -> PackagePublic:
        provider_requests.get_request(unit, provider_request_id, write=True)  # 404 first
        signer, key_id = responses.provider_signer(unit)
        package = responses.build_package(
            unit, provider_request_id, body.records, signer=signer, key_id=key_id,
            own_values=body.own_values, clock=clock,
        )  # fmt: skip
        return PackagePublic.model_validate(package)

    return post(work)
