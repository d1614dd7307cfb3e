"""Transparency reports of a provider party: the report (canonical JSON or CSV) for a period at a
tree size, the inclusion proof of one of its events and the consistency proof between two tree
sizes (two reports' tree heads), all computed at the size asked, not only at committed heads
(``/audit`` serves those, to auditors)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from lawbridge.domain import transparency as rules
from lawbridge.server.api.params import MAX_INT64, PRINTABLE, EventIndex, ObjectId
from lawbridge.server.api.responses import AUTHENTICATED
from lawbridge.server.api.schemas import ConsistencyProofPublic, InclusionProofPublic
from lawbridge.server.deps import ActorDep, ContextDep
from lawbridge.workflows import transparency

router = APIRouter(prefix="/transparency", tags=["transparency"], responses=AUTHENTICATED)
JSON_TYPE = "application/json"
CSV_TYPE = "text/csv; charset=utf-8"
Moment = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=40,
        pattern=PRINTABLE,
        description="A date (YYYY-MM-DD, midnight UTC) or an ISO 8601 time.",
    ),
]
TreeSize = Annotated[int | None, Query(ge=1, le=MAX_INT64)]


@router.get(
    "/{party_id}/report",
    response_class=Response,
    responses={200: {"content": {JSON_TYPE: {}, "text/csv": {}}}},
)
def report(
    party_id: ObjectId,
    context: ContextDep,
    actor: ActorDep,
    start: Moment = None,
    end: Moment = None,
    tree_size: TreeSize = None,
    format: Literal["json", "csv"] = "json",  # noqa: A002 - the query parameter's name
) -> Response:
    """The provider's report for ``[start, end)`` (both required) at ``tree_size`` (default: the log's head now).
    The JSON is RFC 8785 canonical: the same period and tree size give the same bytes."""
    with context.read(actor) as unit:
        found = transparency.build_report(unit, party_id, start, end, tree_size=tree_size)
    if format == "csv":
        return Response(rules.report_csv(found), media_type=CSV_TYPE)
    return Response(rules.report_bytes(found), media_type=JSON_TYPE)


@router.get("/{party_id}/events/{index}/proof", response_model=InclusionProofPublic)
def inclusion_proof(
    party_id: ObjectId,
    index: EventIndex,
    context: ContextDep,
    actor: ActorDep,
    tree_size: TreeSize = None,
) -> InclusionProofPublic:
    """RFC 6962 proof that the provider's event ``index`` is in the tree of ``tree_size``."""
    with context.read(actor) as unit:
        found = transparency.inclusion_at(unit, party_id, index, tree_size=tree_size)
    return InclusionProofPublic.model_validate(found)


@router.get("/{party_id}/consistency", response_model=ConsistencyProofPublic)
def consistency_proof(
    party_id: ObjectId,
    context: ContextDep,
    actor: ActorDep,
    first: TreeSize = None,
    second: TreeSize = None,
) -> ConsistencyProofPublic:
    """RFC 6962 proof that the tree of ``first`` events (required) is a prefix of the tree of
    ``second`` (default: the log's head now)."""
    with context.read(actor) as unit:
        found = transparency.consistency_between(unit, party_id, first, second)
    return ConsistencyProofPublic.model_validate(found)
