"""Cooperation requests between parties: drafts, sending (eligibility warnings acknowledged, Article 3
answered), the recipient's and requester's actions, milestones, messages, attachments and clocks.

Attachments are uploaded as the raw request body (``Content-Type`` is kept as the media type,
``filename`` is a query parameter) and downloaded with their SHA-256 re-checked, in the
``Repr-Digest`` header (RFC 9530) and ``X-Content-SHA256``.
"""

from __future__ import annotations

import base64
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import Response

from lawbridge.domain.eligibility import missing_article3
from lawbridge.domain.requests import RED_NOTICE_KINDS, RequestKind, missing_elements
from lawbridge.server.api.clock import ClockDep
from lawbridge.server.api.params import MAX_INT64, PRINTABLE, ObjectId
from lawbridge.server.api.responses import AUTHENTICATED
from lawbridge.server.api.schemas_cooperation import (
    AttachmentPublic,
    ClockAlertPublic,
    ClockPublic,
    ClockRunPublic,
    EligibilityPublic,
    MessageCreate,
    MessagePublic,
    MilestoneCreate,
    RequestAct,
    RequestCreate,
    RequestEventPublic,
    RequestPublic,
    RequestSend,
    RequestUpdate,
)
from lawbridge.server.deps import ActorDep, ContextDep
from lawbridge.server.idempotency import PostDep
from lawbridge.store.cases_models import CooperationRequest
from lawbridge.workflows import clocks, request_messages, requests
from lawbridge.workflows.unit import Unit

router = APIRouter(tags=["requests"], responses=AUTHENTICATED)
Box = Annotated[str, Query(pattern="^(outbox|inbox)$")]
Status = Annotated[str | None, Query(max_length=32, pattern=PRINTABLE)]
FileName = Annotated[
    str, Query(min_length=1, max_length=255, pattern=PRINTABLE, description="The file's name")
]


async def raw_body(request: Request) -> bytes:
    """The request body as bytes (already capped by the server's body limit)."""
    return await request.body()


RawBody = Annotated[bytes, Depends(raw_body)]


def public(unit: Unit, request: CooperationRequest) -> RequestPublic:
    unit.session.flush()
    return RequestPublic.model_validate(request)


@router.get("/requests", response_model=list[RequestPublic])
def list_requests(
    context: ContextDep,
    actor: ActorDep,
    box: Box = "outbox",
    status: Status = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_INT64)] = 0,
) -> list[RequestPublic]:
    """The caller's outbox (its party's requests, drafts included) or inbox (received, sent)."""
    with context.read(actor) as unit:
        found = requests.list_requests(unit, box=box, status=status, limit=limit, offset=offset)
        return [RequestPublic.model_validate(r) for r in found]


@router.post("/requests", response_model=RequestPublic, status_code=201)
def create_request(body: RequestCreate, post: PostDep, clock: ClockDep) -> Response:
    """A draft to another party; required elements are checked on send, not now."""

    def work(unit: Unit) -> RequestPublic:
        data = body.model_dump(exclude_none=True)
        return public(unit, requests.create_request(unit, data, clock=clock))

    return post(work)


@router.get("/requests/{request_id}", response_model=RequestPublic)
def get_request(request_id: ObjectId, context: ContextDep, actor: ActorDep) -> RequestPublic:
    with context.read(actor) as unit:
        return RequestPublic.model_validate(requests.get_request(unit, request_id))


@router.patch("/requests/{request_id}", response_model=RequestPublic)
def update_request(
    request_id: ObjectId, body: RequestUpdate, context: ContextDep, actor: ActorDep, clock: ClockDep
) -> RequestPublic:
    """Change a draft (the requesting party); form and Article 3 answers are merged."""
    with context.write(actor) as unit:
        changes = body.model_dump(exclude_unset=True)
        return public(unit, requests.update_draft(unit, request_id, changes, clock=clock))


@router.get("/requests/{request_id}/eligibility", response_model=EligibilityPublic)
def request_eligibility(
    request_id: ObjectId, context: ContextDep, actor: ActorDep
) -> EligibilityPublic:
    """The red-notice warnings and the elements a send still lacks, before sending."""
    with context.read(actor) as unit:
        request = requests.get_request(unit, request_id)
        missing = missing_elements(request.kind, request.form)
        if not request.legal_basis:
            missing.insert(0, "legal_basis")
        if RequestKind(request.kind) in RED_NOTICE_KINDS:
            missing += [f"article3.{q}" for q in missing_article3(request.article3)]
        warnings = [w.to_dict() for w in requests.eligibility_warnings(request)]
        return EligibilityPublic(warnings=warnings, missing=missing)


@router.post("/requests/{request_id}/send", response_model=RequestPublic)
def send_request(
    request_id: ObjectId, body: RequestSend, post: PostDep, clock: ClockDep
) -> Response:
    """Send a complete draft. Warnings need ``acknowledge_warnings``; Article 3 answers given here
    are kept with the request. A refused send changes nothing (answers included)."""

    def work(unit: Unit) -> RequestPublic:
        if body.article3 is not None:
            requests.update_draft(unit, request_id, {"article3": body.article3}, clock=clock)
        sent = requests.send_request(
            unit, request_id, acknowledge_warnings=body.acknowledge_warnings, clock=clock
        )
        return public(unit, sent)

    return post(work, status_code=200)


@router.post("/requests/{request_id}/actions", response_model=RequestPublic)
def act_on_request(
    request_id: ObjectId, body: RequestAct, post: PostDep, clock: ClockDep
) -> Response:
    """acknowledge, start, fulfil, fulfil_partially, refuse (with its ground): the recipient;
    withdraw: the requester."""

    def work(unit: Unit) -> RequestPublic:
        done = requests.act(
            unit,
            request_id,
            body.action,
            ground=body.ground,
            note=body.note,
            occurred_at=body.occurred_at,
            clock=clock,
        )
        return public(unit, done)

    return post(work, status_code=200)


@router.post(
    "/requests/{request_id}/milestones", response_model=RequestEventPublic, status_code=201
)
def record_milestone(
    request_id: ObjectId, body: MilestoneCreate, post: PostDep, clock: ClockDep
) -> Response:
    """identity_verified, travel_document_issued, preservation_effected/renewed, data_produced,
    person_arrested, formal_request_received: each starts, extends or stops its legal clock."""

    def work(unit: Unit) -> RequestEventPublic:
        event = requests.record_milestone(
            unit,
            request_id,
            body.milestone,
            note=body.note,
            occurred_at=body.occurred_at,
            clock=clock,
        )
        return RequestEventPublic.model_validate(event)

    return post(work)


@router.get("/requests/{request_id}/events", response_model=list[RequestEventPublic])
def request_events(
    request_id: ObjectId, context: ContextDep, actor: ActorDep
) -> list[RequestEventPublic]:
    with context.read(actor) as unit:
        found = requests.request_events(unit, request_id)
        return [RequestEventPublic.model_validate(e) for e in found]


@router.get("/requests/{request_id}/clocks", response_model=list[ClockPublic])
def request_clocks(
    request_id: ObjectId, context: ContextDep, actor: ActorDep, clock: ClockDep
) -> list[ClockPublic]:
    """The request's legal clocks with their phase now, each citing its basis."""
    with context.read(actor) as unit:
        request = requests.get_request(unit, request_id)
        now = clock.now()
        found = clocks.request_clocks(unit, request)
        return [ClockPublic.model_validate(clocks.clock_view(c, now)) for c in found]


@router.post("/clocks/run", response_model=ClockRunPublic)
def run_clocks(post: PostDep, clock: ClockDep) -> Response:
    """Fire the due reminders and overdues of the caller's requests (either side), once each."""

    def work(unit: Unit) -> ClockRunPublic:
        now = clock.now()
        alerts = [
            ClockAlertPublic.model_validate(a.to_dict()) for a in clocks.due_clocks(unit, now)
        ]
        return ClockRunPublic(now=now, alerts=alerts)

    return post(work, status_code=200)


@router.get("/requests/{request_id}/messages", response_model=list[MessagePublic])
def list_messages(
    request_id: ObjectId, context: ContextDep, actor: ActorDep
) -> list[MessagePublic]:
    with context.read(actor) as unit:
        found = request_messages.list_messages(unit, request_id)
        return [MessagePublic.model_validate(m) for m in found]


@router.post("/requests/{request_id}/messages", response_model=MessagePublic, status_code=201)
def post_message(
    request_id: ObjectId, body: MessageCreate, post: PostDep, clock: ClockDep
) -> Response:
    def work(unit: Unit) -> MessagePublic:
        message = request_messages.post_message(unit, request_id, body.body, clock=clock)
        return MessagePublic.model_validate(message)

    return post(work)


@router.get("/requests/{request_id}/attachments", response_model=list[AttachmentPublic])
def list_attachments(
    request_id: ObjectId, context: ContextDep, actor: ActorDep
) -> list[AttachmentPublic]:
    with context.read(actor) as unit:
        found = request_messages.list_attachments(unit, request_id)
        return [AttachmentPublic.model_validate(a) for a in found]


@router.post(
    "/requests/{request_id}/attachments",
    response_model=AttachmentPublic,
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
def add_attachment(
    request_id: ObjectId,
    content: RawBody,
    post: PostDep,
    clock: ClockDep,
    content_type: Annotated[str, Header(max_length=120)] = "application/octet-stream",
    message_id: Annotated[str | None, Query(max_length=120, pattern=PRINTABLE)] = None,
    filename: FileName = "attachment.bin",
) -> Response:
    """Attach the request body as a file (hashed; over the size limit: 413, nothing stored)."""

    def work(unit: Unit) -> AttachmentPublic:
        attachment = request_messages.add_attachment(
            unit,
            request_id,
            filename=filename,
            content=content,
            media_type=content_type,
            message_id=message_id,
            clock=clock,
        )
        return AttachmentPublic.model_validate(attachment)

    return post(work)


@router.get(
    "/request-attachments/{attachment_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def download_attachment(attachment_id: ObjectId, context: ContextDep, actor: ActorDep) -> Response:
    """The file, its SHA-256 checked against the one recorded (a mismatch is a 500, never served)."""
    with context.read(actor) as unit:
        attachment = request_messages.get_attachment(unit, attachment_id)
        digest = base64.b64encode(bytes.fromhex(attachment.sha256)).decode()
        name = quote(attachment.filename, safe="")
        headers = {
            "Content-Disposition": f"attachment; filename*=UTF-8''{name}",
            "Repr-Digest": f"sha-256=:{digest}:",
            "X-Content-SHA256": attachment.sha256,
        }
        return Response(
            bytes(attachment.content), media_type=attachment.media_type, headers=headers
        )
