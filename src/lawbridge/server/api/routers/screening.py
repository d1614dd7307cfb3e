"""Screening one record, the party's screenings, and the potential-match review queue."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from lawbridge.engines.names import PersonRecord
from lawbridge.server.api.params import MAX_INT64, PRINTABLE, ObjectId
from lawbridge.server.api.responses import AUTHENTICATED
from lawbridge.server.api.routers.watchlists import FTM_MEDIA_TYPE, watchlist_public
from lawbridge.server.api.schemas_screening import (
    DecisionCreate,
    DecisionPublic,
    EntryPublic,
    HitDetail,
    PotentialMatchDetail,
    PotentialMatchPublic,
    ScreeningCreate,
    ScreeningOutcome,
    ScreeningPublic,
)
from lawbridge.server.deps import ActorDep, ContextDep
from lawbridge.server.idempotency import PostDep
from lawbridge.workflows import screening
from lawbridge.workflows.unit import Unit

router = APIRouter(tags=["screening"], responses=AUTHENTICATED)
Status = Literal["open", "confirmed", "dismissed", "escalated"]


@router.post("/screenings", response_model=ScreeningOutcome, status_code=201)
def screen(body: ScreeningCreate, post: PostDep) -> Response:
    """Screen one record against the given lists (default: every list the party can see)."""

    def work(unit: Unit) -> ScreeningOutcome:
        record = PersonRecord.from_dict(body.record.to_record_dict())
        result = screening.screen_record(
            unit,
            record,
            watchlist_ids=body.watchlist_ids,
            subject_ref=body.subject_ref,
            limit=body.limit,
        )
        return ScreeningOutcome(
            screening=ScreeningPublic.model_validate(result.screening),
            candidates=[HitDetail.model_validate(h, from_attributes=True) for h in result.hits],
            alerts=len(result.alerts),
            new_alerts=len(result.new_alerts),
        )

    return post(work)


@router.get("/screenings", response_model=list[ScreeningPublic])
def list_screenings(
    context: ContextDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_INT64)] = 0,
) -> list[ScreeningPublic]:
    with context.read(actor) as unit:
        found = screening.list_screenings(unit, limit=limit, offset=offset)
        return [ScreeningPublic.model_validate(s) for s in found]


@router.get("/screenings/{screening_id}", response_model=ScreeningPublic)
def get_screening(screening_id: ObjectId, context: ContextDep, actor: ActorDep) -> ScreeningPublic:
    with context.read(actor) as unit:
        return ScreeningPublic.model_validate(screening.get_screening(unit, screening_id))


@router.get("/potential-matches", response_model=list[PotentialMatchPublic])
def list_potential_matches(
    context: ContextDep,
    actor: ActorDep,
    status: Status | None = None,
    watchlist_id: Annotated[str | None, Query(max_length=120, pattern=PRINTABLE)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_INT64)] = 0,
) -> list[PotentialMatchPublic]:
    with context.read(actor) as unit:
        found = screening.list_potential_matches(
            unit, status=status, watchlist_id=watchlist_id, limit=limit, offset=offset
        )
        return [PotentialMatchPublic.model_validate(m) for m in found]


@router.get("/potential-matches/export.ftm.json", response_class=Response)
def export_matches(
    context: ContextDep,
    actor: ActorDep,
    status: Status | None = None,
    watchlist_id: Annotated[str | None, Query(max_length=120, pattern=PRINTABLE)] = None,
) -> Response:
    """Matched entries and screened records as FtM Persons, each followed by a judgement edge."""
    with context.read(actor) as unit:
        lines = screening.export_matches_ftm(unit, status=status, watchlist_id=watchlist_id)
        body = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    return Response(body, media_type=FTM_MEDIA_TYPE)


@router.get("/potential-matches/{match_id}", response_model=PotentialMatchDetail)
def get_potential_match(
    match_id: ObjectId, context: ContextDep, actor: ActorDep
) -> PotentialMatchDetail:
    with context.read(actor) as unit:
        view = screening.get_potential_match(unit, match_id)
        return PotentialMatchDetail(
            match=PotentialMatchPublic.model_validate(view.match),
            query_record=view.query_record,
            entry_record=view.entry_record,
            entry=EntryPublic.model_validate(view.entry),
            watchlist=watchlist_public(view.watchlist),
            explanation=view.explanation,
            decisions=[DecisionPublic.model_validate(d) for d in view.decisions],
        )


@router.post("/potential-matches/{match_id}/decision", response_model=PotentialMatchPublic)
def decide(match_id: ObjectId, body: DecisionCreate, post: PostDep) -> Response:
    def work(unit: Unit) -> PotentialMatchPublic:
        match = screening.decide(unit, match_id, decision=body.decision, reason=body.reason)
        return PotentialMatchPublic.model_validate(match)

    return post(work, status_code=200)
