"""Fugitive cases: open, list (by status, stale), edit, the shared view, transitions, timeline and
notes, field-by-field shares, and return statistics per list and period.

A case is answered as the caller's party sees it (``case_sharing.case_view``): fields that were not
shared with it are absent from the JSON, never null. The documented schema is :class:`CasePublic`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from lawbridge.domain.cases import CaseStatus
from lawbridge.domain.screening import parse_enum
from lawbridge.errors import InvalidInput, NotFound
from lawbridge.server.api.clock import ClockDep
from lawbridge.server.api.params import MAX_INT64, PRINTABLE, ObjectId, OffsetDateTime
from lawbridge.server.api.responses import AUTHENTICATED
from lawbridge.server.api.schemas import SharePublic
from lawbridge.server.api.schemas_cooperation import (
    CaseCreate,
    CaseEventPublic,
    CaseNote,
    CasePublic,
    CaseShareCreate,
    CaseShareFieldsUpdate,
    CaseSharePublic,
    CaseShareRevoke,
    CaseTransition,
    CaseUpdate,
    StatisticsPublic,
    ViewPublic,
)
from lawbridge.server.deps import ActorDep, ContextDep
from lawbridge.server.idempotency import PostDep
from lawbridge.store.cases_models import CaseShareFields, FugitiveCase
from lawbridge.store.models import Share
from lawbridge.workflows import case_sharing, cases, shares
from lawbridge.workflows.parties import get_party
from lawbridge.workflows.unit import Unit

router = APIRouter(tags=["cases"], responses=AUTHENTICATED)
Status = Annotated[str | None, Query(max_length=32, pattern=PRINTABLE)]


def view_of(unit: Unit, case: FugitiveCase) -> ViewPublic:
    unit.session.flush()
    return ViewPublic(case_sharing.case_view(unit, case))


@router.get("/cases", response_model=list[CasePublic])
def list_cases(
    context: ContextDep,
    actor: ActorDep,
    clock: ClockDep,
    status: Status = None,
    stale_days: Annotated[int | None, Query(ge=1, le=36_500)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_INT64)] = 0,
) -> Response:
    """Own and shared cases, newest first (a grantee sees each with its shared fields only).

    ``status`` and ``stale_days`` (open cases with nothing for that many days) cover the caller's
    own cases only: a grantee might not be allowed to see a case's status."""
    with context.read(actor) as unit:
        if stale_days is not None:
            found = cases.stale_cases(unit, now=clock.now(), days=stale_days)
            if status is not None:
                chosen = parse_enum(CaseStatus, status, "status")
                found = [c for c in found if c.status == chosen.value]
            found = found[offset : offset + limit]
        else:
            found = cases.list_cases(unit, status=status, limit=limit, offset=offset)
        views = [case_sharing.case_view(unit, c, with_timeline=False) for c in found]
    return JSONResponse(views)


@router.post("/cases", response_model=CasePublic, status_code=201)
def create_case(body: CaseCreate, post: PostDep, clock: ClockDep) -> Response:
    """Open a case (status ``wanted``) for the caller's party, the requesting party."""

    def work(unit: Unit) -> ViewPublic:
        case = cases.create_case(unit, body.model_dump(exclude_unset=True), clock=clock)
        return view_of(unit, case)

    return post(work)


@router.get("/cases/statistics", response_model=StatisticsPublic)
def case_statistics(
    context: ContextDep,
    actor: ActorDep,
    watchlist_id: Annotated[str | None, Query(max_length=120, pattern=PRINTABLE)] = None,
    start: OffsetDateTime | None = None,
    end: OffsetDateTime | None = None,
) -> StatisticsPublic:
    """Returns by route among the caller's own cases (of one list), in [start, end).

    ``start`` and ``end`` are RFC 3339 date-times with an offset (``2026-01-01T00:00:00Z``,
    ``2026-01-01T08:00:00+08:00``); a number, a date alone or a time without offset is a 422."""
    with context.read(actor) as unit:
        stats = cases.case_statistics(unit, watchlist_id=watchlist_id, start=start, end=end)
        return StatisticsPublic(**stats.to_dict(), sentence=stats.sentence())


@router.get("/cases/{case_id}", response_model=CasePublic)
def get_case(case_id: ObjectId, context: ContextDep, actor: ActorDep) -> Response:
    with context.read(actor) as unit:
        return JSONResponse(case_sharing.case_view(unit, cases.get_case(unit, case_id)))


@router.patch("/cases/{case_id}", response_model=CasePublic)
def update_case(case_id: ObjectId, body: CaseUpdate, post: PostDep, clock: ClockDep) -> Response:
    """Correct the subject, judicial data (warrant, charge, law, penalty, offences) or host state:
    the owning party only; the timeline and the audit log record what changed."""

    def work(unit: Unit) -> ViewPublic:
        case = cases.edit_case(unit, case_id, body.model_dump(exclude_unset=True), clock=clock)
        return view_of(unit, case)

    return post(work, status_code=200)


@router.post("/cases/{case_id}/transition", response_model=CasePublic)
def transition_case(
    case_id: ObjectId, body: CaseTransition, post: PostDep, clock: ClockDep
) -> Response:
    """Move the case along the return routes (owner, or a grantee with a write share)."""

    def work(unit: Unit) -> ViewPublic:
        case = cases.move_case(
            unit,
            case_id,
            body.status,
            note=body.note,
            occurred_at=body.occurred_at,
            clock=clock,
        )
        return view_of(unit, case)

    return post(work, status_code=200)


def _timeline_fields(unit: Unit, case: FugitiveCase) -> frozenset[str]:
    fields = case_sharing.granted_fields(unit, case)
    if "timeline" not in fields:
        raise NotFound(f"no timeline for {case_sharing.OBJECT_TYPE} '{case.id}'")
    return fields


@router.get("/cases/{case_id}/timeline", response_model=list[CaseEventPublic])
def case_timeline(case_id: ObjectId, context: ContextDep, actor: ActorDep) -> Response:
    """One timeline for both parties, each event with who said it (statuses only with 'status')."""
    with context.read(actor) as unit:
        case = cases.get_case(unit, case_id)
        fields = _timeline_fields(unit, case)
        events = [case_sharing.event_view(e, fields) for e in case_sharing.case_events(unit, case)]
    return JSONResponse(events)


@router.post("/cases/{case_id}/notes", response_model=CaseEventPublic, status_code=201)
def add_note(case_id: ObjectId, body: CaseNote, post: PostDep, clock: ClockDep) -> Response:
    """Add a note to the timeline (the owner, or a grantee that sees the timeline)."""

    def work(unit: Unit) -> ViewPublic:
        event = cases.add_note(unit, case_id, body.note, occurred_at=body.occurred_at, clock=clock)
        unit.session.flush()
        case = cases.get_case(unit, case_id)
        return ViewPublic(case_sharing.event_view(event, case_sharing.granted_fields(unit, case)))

    return post(work)


def _share_public(unit: Unit, share: Share) -> CaseSharePublic:
    unit.session.flush()
    row = unit.session.get(CaseShareFields, share.id)
    fields = list(row.fields) if row is not None else []
    return CaseSharePublic(share=SharePublic.model_validate(share), fields=fields)


@router.get("/cases/{case_id}/shares", response_model=list[CaseSharePublic])
def list_case_shares(
    case_id: ObjectId, context: ContextDep, actor: ActorDep
) -> list[CaseSharePublic]:
    """Who the case is shared with, and which fields each sees (the owner only; else empty)."""
    with context.read(actor) as unit:
        case = cases.get_case(unit, case_id)
        found = shares.list_shares(unit, case_sharing.OBJECT_TYPE, case.id, case.party_id)
        return [_share_public(unit, s) for s in found]


@router.post("/cases/{case_id}/shares", response_model=CaseSharePublic, status_code=201)
def share_case(case_id: ObjectId, body: CaseShareCreate, post: PostDep) -> Response:
    """Share the case with a counterpart, field by field ('write' also lets it move the status)."""

    def work(unit: Unit) -> CaseSharePublic:
        case = cases.get_case(unit, case_id)
        share = case_sharing.share_case(
            unit, case, grantee=body.party, fields=body.fields, permission=body.permission
        )
        return _share_public(unit, share)

    return post(work)


@router.post("/cases/{case_id}/shares/fields", response_model=CaseSharePublic)
def set_shared_fields(case_id: ObjectId, body: CaseShareFieldsUpdate, post: PostDep) -> Response:
    """Change which fields a grantee sees (the owner only)."""

    def work(unit: Unit) -> CaseSharePublic:
        case = cases.get_case(unit, case_id)
        row = case_sharing.set_shared_fields(unit, case, grantee=body.party, fields=body.fields)
        return _share_public(unit, unit.session.get_one(Share, row.share_id))

    return post(work, status_code=200)


@router.post("/cases/{case_id}/shares/revoke", response_model=SharePublic)
def revoke_case_share(case_id: ObjectId, body: CaseShareRevoke, post: PostDep) -> Response:
    """Stop sharing the case with a party: from then on it is not found for that party."""

    def work(unit: Unit) -> SharePublic:
        case = cases.get_case(unit, case_id)
        if unit.actor.party_id != case.party_id:
            raise NotFound(f"no {case_sharing.OBJECT_TYPE} '{case.id}'")
        party = get_party(unit, body.party)
        share = shares.active_share(unit, case_sharing.OBJECT_TYPE, case.id, party.id)
        if share is None:
            raise InvalidInput(f"this case is not shared with '{party.slug}'", {"field": "party"})
        return SharePublic.model_validate(shares.revoke(unit, share.id))

    return post(work, status_code=200)
