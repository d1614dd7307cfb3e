"""The audit log: a party's own events, whole-chain verification, tree heads and proofs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from lawbridge.server.api.params import MAX_INT64, PRINTABLE, EventIndex
from lawbridge.server.api.responses import AUTHENTICATED
from lawbridge.server.api.schemas import (
    AuditEventPublic,
    ConsistencyProofPublic,
    InclusionProofPublic,
    TreeHeadPublic,
    VerifyPublic,
)
from lawbridge.server.deps import ActorDep, ContextDep
from lawbridge.workflows import audit

router = APIRouter(prefix="/audit", tags=["audit"], responses=AUTHENTICATED)


@router.get("/events", response_model=list[AuditEventPublic])
def list_events(
    context: ContextDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    before: Annotated[int | None, Query(ge=0, le=MAX_INT64)] = None,
    action: Annotated[str | None, Query(max_length=80, pattern=PRINTABLE)] = None,
) -> list[AuditEventPublic]:
    with context.read(actor) as unit:
        found = audit.list_events(unit, limit=limit, before=before, action=action)
        return [AuditEventPublic.model_validate(e) for e in found]


@router.get("/verify", response_model=VerifyPublic)
def verify(context: ContextDep, actor: ActorDep) -> VerifyPublic:
    with context.read(actor) as unit:
        return VerifyPublic.model_validate(audit.verify_chain(unit))


@router.get("/events/{index}/proof", response_model=InclusionProofPublic)
def inclusion_proof(
    index: EventIndex, context: ContextDep, actor: ActorDep
) -> InclusionProofPublic:
    with context.read(actor) as unit:
        return InclusionProofPublic.model_validate(audit.inclusion_proof(unit, index))


@router.get("/tree-heads", response_model=list[TreeHeadPublic])
def tree_heads(context: ContextDep, actor: ActorDep) -> list[TreeHeadPublic]:
    """Every checkpoint's tree head, then the current one: keep them to check the log later."""
    with context.read(actor) as unit:
        return [TreeHeadPublic.model_validate(h) for h in audit.tree_heads(unit)]


@router.get("/consistency", response_model=ConsistencyProofPublic)
def consistency_proof(
    context: ContextDep,
    actor: ActorDep,
    first: Annotated[int, Query(ge=1, le=MAX_INT64)],
    second: Annotated[int, Query(ge=1, le=MAX_INT64)],
) -> ConsistencyProofPublic:
    """RFC 6962 proof that the tree of ``first`` events is a prefix of the tree of ``second``."""
    with context.read(actor) as unit:
        return ConsistencyProofPublic.model_validate(audit.consistency_proof(unit, first, second))
