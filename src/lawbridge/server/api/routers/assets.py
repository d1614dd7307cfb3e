"""Assets: traced, frozen, confiscated, returned; each stage dated and valued (decimal string with
its ISO 4217 currency), linked to a case or request; totals per case and party, per currency."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from lawbridge.server.api.clock import ClockDep
from lawbridge.server.api.params import PRINTABLE, ObjectId
from lawbridge.server.api.responses import AUTHENTICATED
from lawbridge.server.api.schemas import ShareCreate, SharePublic
from lawbridge.server.api.schemas_cooperation import (
    AssetCreate,
    AssetPublic,
    AssetStageCreate,
    AssetStagePublic,
    AssetTotalsPublic,
)
from lawbridge.server.deps import ActorDep, ContextDep
from lawbridge.server.idempotency import PostDep
from lawbridge.store.cases_models import Asset
from lawbridge.workflows import assets
from lawbridge.workflows.unit import Unit

router = APIRouter(tags=["assets"], responses=AUTHENTICATED)
Ref = Annotated[str | None, Query(max_length=120, pattern=PRINTABLE)]


def public(unit: Unit, asset: Asset) -> AssetPublic:
    unit.session.flush()
    history = [AssetStagePublic.model_validate(r) for r in assets.asset_history(unit, asset.id)]
    return AssetPublic.model_validate(asset).model_copy(update={"history": history})


@router.post("/assets", response_model=AssetPublic, status_code=201)
def create_asset(body: AssetCreate, post: PostDep, clock: ClockDep) -> Response:
    """Record a traced asset of the caller's party (an amount needs its currency)."""

    def work(unit: Unit) -> AssetPublic:
        return public(
            unit, assets.create_asset(unit, body.model_dump(exclude_none=True), clock=clock)
        )

    return post(work)


@router.get("/assets", response_model=list[AssetPublic])
def list_assets(
    context: ContextDep, actor: ActorDep, case_id: Ref = None, party: Ref = None
) -> list[AssetPublic]:
    """The assets the caller can see (own and shared), newest stage first; of one case or party."""
    with context.read(actor) as unit:
        rows = assets.list_assets(unit, case_id=case_id, party_id=party)
        return [public(unit, row.asset) for row in rows]


@router.get("/assets/totals", response_model=AssetTotalsPublic)
def asset_totals(
    context: ContextDep, actor: ActorDep, case_id: Ref = None, party: Ref = None
) -> AssetTotalsPublic:
    """Per stage: how many assets and their latest values summed per currency (never across)."""
    with context.read(actor) as unit:
        totals = assets.asset_totals(unit, case_id=case_id, party=party)
        return AssetTotalsPublic.model_validate(totals.to_dict())


@router.get("/assets/{asset_id}", response_model=AssetPublic)
def get_asset(asset_id: ObjectId, context: ContextDep, actor: ActorDep) -> AssetPublic:
    with context.read(actor) as unit:
        return public(unit, assets.get_asset(unit, asset_id))


@router.post("/assets/{asset_id}/stage", response_model=AssetPublic)
def advance_asset(
    asset_id: ObjectId, body: AssetStageCreate, post: PostDep, clock: ClockDep
) -> Response:
    """Move the asset to its next stage, dated (not in the future) and optionally valued."""

    def work(unit: Unit) -> AssetPublic:
        asset = assets.advance_asset(
            unit,
            asset_id,
            body.stage,
            occurred_at=body.occurred_at,
            amount=body.amount,
            currency=body.currency,
            note=body.note,
            clock=clock,
        )
        return public(unit, asset)

    return post(work, status_code=200)


@router.post("/assets/{asset_id}/shares", response_model=SharePublic, status_code=201)
def share_asset(asset_id: ObjectId, body: ShareCreate, post: PostDep) -> Response:
    def work(unit: Unit) -> SharePublic:
        share = assets.share_asset(unit, asset_id, grantee=body.party, permission=body.permission)
        return SharePublic.model_validate(share)

    return post(work)
