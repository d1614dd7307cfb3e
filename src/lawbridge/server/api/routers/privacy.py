"""The processing register (PIPL activities) and the transfer guard of the actor's party."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from lawbridge.errors import InvalidInput
from lawbridge.server.api.params import MAX_INT64, ObjectId
from lawbridge.server.api.responses import AUTHENTICATED
from lawbridge.server.api.schemas_privacy import (
    ActivityCreate,
    ActivityPublic,
    ActivityUpdate,
    TransferCheck,
    TransferCheckPublic,
    TransferDecisionPublic,
)
from lawbridge.server.deps import ActorDep, ContextDep
from lawbridge.server.idempotency import PostDep
from lawbridge.workflows import privacy
from lawbridge.workflows.unit import Unit

router = APIRouter(prefix="/privacy", tags=["privacy"], responses=AUTHENTICATED)
Decision = Annotated[str | None, Query(pattern="^(allow|redact|block)$")]


@router.get("/activities", response_model=list[ActivityPublic])
def list_activities(
    context: ContextDep,
    actor: ActorDep,
    include_retired: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_INT64)] = 0,
) -> list[ActivityPublic]:
    with context.read(actor) as unit:
        found = privacy.list_activities(
            unit, include_retired=include_retired, limit=limit, offset=offset
        )
        return [ActivityPublic.model_validate(a) for a in found]


@router.post("/activities", response_model=ActivityPublic, status_code=201)
def create_activity(body: ActivityCreate, post: PostDep) -> Response:
    def work(unit: Unit) -> ActivityPublic:
        activity = privacy.create_activity(unit, **body.model_dump())
        return ActivityPublic.model_validate(activity)

    return post(work)


@router.get("/activities/{activity_id}", response_model=ActivityPublic)
def get_activity(activity_id: ObjectId, context: ContextDep, actor: ActorDep) -> ActivityPublic:
    with context.read(actor) as unit:
        return ActivityPublic.model_validate(privacy.get_activity(unit, activity_id))


@router.patch("/activities/{activity_id}", response_model=ActivityPublic)
def update_activity(
    activity_id: ObjectId, body: ActivityUpdate, context: ContextDep, actor: ActorDep
) -> ActivityPublic:
    changes = body.model_dump(exclude={"expected_version"}, exclude_none=True)
    with context.write(actor) as unit:
        activity = privacy.update_activity(
            unit, activity_id, expected_version=body.expected_version, **changes
        )
        return ActivityPublic.model_validate(activity)


@router.post("/activities/{activity_id}/retire", response_model=ActivityPublic)
def retire_activity(activity_id: ObjectId, post: PostDep) -> Response:
    def work(unit: Unit) -> ActivityPublic:
        return ActivityPublic.model_validate(privacy.retire_activity(unit, activity_id))

    return post(work, status_code=200)


@router.post("/transfers/check", response_model=TransferCheckPublic)
def check_transfer(body: TransferCheck, post: PostDep) -> Response:
    """Detect the personal information in a payload and allow, redact or block its transfer to
    the recipient, by the party's processing activities; the decision is recorded and audited."""

    def work(unit: Unit) -> TransferCheckPublic:
        if (body.payload is None) == (body.text is None):
            raise InvalidInput("send either 'payload' (JSON) or 'text'", {"field": "payload"})
        outcome = privacy.check_transfer(
            unit,
            recipient=body.recipient,
            country=body.country,
            payload=body.text if body.text is not None else body.payload,
            operator=body.operator,
        )
        decision = TransferDecisionPublic.model_validate(outcome.record)
        return TransferCheckPublic(decision=decision, redacted_payload=outcome.redacted)

    return post(work, status_code=200)


@router.get("/transfers", response_model=list[TransferDecisionPublic])
def list_transfers(
    context: ContextDep,
    actor: ActorDep,
    decision: Decision = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_INT64)] = 0,
) -> list[TransferDecisionPublic]:
    with context.read(actor) as unit:
        found = privacy.list_transfers(unit, decision=decision, limit=limit, offset=offset)
        return [TransferDecisionPublic.model_validate(d) for d in found]
