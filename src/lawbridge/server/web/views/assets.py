"""The asset ledger: assets per case and party, totals per stage and currency (never added across
currencies), recording a traced asset and moving one to its next stage with a dated value."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from lawbridge.domain.assets import TRANSITIONS, AssetKind, AssetStage
from lawbridge.domain.roles import Permission
from lawbridge.server.deps import ContextDep
from lawbridge.server.web.csrf import CsrfUserDep
from lawbridge.server.web.page import render_page
from lawbridge.server.web.session import UserDep, WebUser
from lawbridge.server.web.views import cooperation as coop
from lawbridge.server.web.views.cooperation_data import all_requests, list_assets, stage_totals
from lawbridge.server.web.views.requests import BAD
from lawbridge.workflows import assets, cases, parties
from lawbridge.workflows.unit import Unit

router = APIRouter()
ASSET_FORM = (
    "kind", "description", "holder", "beneficial_owner", "location", "country", "case_id",
    "request_id", "occurred_at", "amount", "currency", "note",
)  # fmt: skip
CURRENCIES = ("CNY", "USD", "HKD", "EUR", "CAD", "AUD")


def _links(unit: Unit) -> dict[str, Any]:
    """The cases and requests an asset may be linked to (those the actor's party can see)."""
    own = cases.list_cases(unit, limit=1000)
    found = all_requests(unit, "outbox") + all_requests(unit, "inbox")
    return {
        "case_choices": [(c.id, f"{c.reference or ''} {c.subject_name}".strip()) for c in own
                         if c.party_id == unit.actor.party_id],
        "request_choices": [(r.id, r.title) for r in found],
    }  # fmt: skip


def _ledger(
    request: Request,
    context: ContextDep,
    user: WebUser,
    case_id: str,
    party: str,
    **extra: Any,
) -> Response:
    with context.read(user.actor) as unit:
        party_id = parties.get_party(unit, party).id if party else None
        totals = assets.asset_totals(unit, case_id=case_id or None, party=party_id)
        return render_page(
            request,
            user,
            "pages/assets.html",
            active=coop.ACTIVE,
            status=extra.pop("status", 200),
            rows=list_assets(unit, case_id=case_id or None, party_id=party_id),
            totals=stage_totals(totals),
            filters={"case_id": case_id, "party": party},
            party_choices=[(p.slug, p.name) for p in parties.list_parties(unit)],
            party_names=coop.party_names(unit),
            kinds=[k.value for k in AssetKind],
            currencies=CURRENCIES,
            can_write=user.actor.can(Permission.WRITE_RECORDS),
            **_links(unit),
            **{"values": dict.fromkeys(ASSET_FORM, "") | {"kind": "bank_account"}}
            | {"error": ""}
            | extra,
            **coop.labels(),
        )


@router.get("/cooperation/assets")
def ledger(
    request: Request,
    context: ContextDep,
    user: UserDep,
    case_id: Annotated[str, Query(max_length=64)] = "",
    party: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    return _ledger(request, context, user, case_id, party)


@router.post("/cooperation/assets")
def create_asset(
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    kind: Annotated[str, Form(max_length=40)] = "other",
    description: Annotated[str, Form(max_length=20_000)] = "",
    holder: Annotated[str, Form(max_length=300)] = "",
    beneficial_owner: Annotated[str, Form(max_length=300)] = "",
    location: Annotated[str, Form(max_length=300)] = "",
    country: Annotated[str, Form(max_length=10)] = "",
    case_id: Annotated[str, Form(max_length=64)] = "",
    request_id: Annotated[str, Form(max_length=64)] = "",
    occurred_at: Annotated[str, Form(max_length=30)] = "",
    amount: Annotated[str, Form(max_length=40)] = "",
    currency: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    values = {k: v for k, v in locals().items() if k in ASSET_FORM}
    try:
        data: dict[str, Any] = {k: v.strip() for k, v in values.items() if v.strip()}
        data["occurred_at"] = coop.parse_date(occurred_at, "occurred_at")
        with context.write(user.actor) as unit:
            asset_id = assets.create_asset(unit, data, clock=coop.clock_of(request)).id
    except BAD as exc:
        status = coop.refusal_status(request, exc)
        return _ledger(
            request, context, user, "", "", status=status, values=values, error=exc.message
        )
    return RedirectResponse(f"/cooperation/assets/{asset_id}", 303)


def _detail(
    request: Request, context: ContextDep, user: WebUser, asset_id: str, **extra: Any
) -> Response:
    with context.read(user.actor) as unit:
        asset = assets.get_asset(unit, asset_id)
        following = TRANSITIONS.get(AssetStage(asset.stage))
        own = asset.party_id == user.actor.party_id
        return render_page(
            request,
            user,
            "pages/asset.html",
            active=coop.ACTIVE,
            status=extra.pop("status", 200),
            asset=asset,
            history=assets.asset_history(unit, asset.id),
            next_stage=following.value if following else "",
            can_advance=own and user.actor.can(Permission.WRITE_RECORDS) and following,
            party_names=coop.party_names(unit),
            currencies=CURRENCIES,
            **{"values": {}, "error": ""} | extra,
            **coop.labels(),
        )


@router.get("/cooperation/assets/{asset_id}")
def show_asset(asset_id: str, request: Request, context: ContextDep, user: UserDep) -> Response:
    return _detail(request, context, user, asset_id)


@router.post("/cooperation/assets/{asset_id}/stage")
def advance(
    asset_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    stage: Annotated[str, Form(max_length=20)] = "",
    occurred_at: Annotated[str, Form(max_length=30)] = "",
    amount: Annotated[str, Form(max_length=40)] = "",
    currency: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    values = {"stage": stage, "occurred_at": occurred_at, "amount": amount,
              "currency": currency, "note": note}  # fmt: skip
    try:
        moment = coop.parse_date(occurred_at, "occurred_at")
        with context.write(user.actor) as unit:
            assets.advance_asset(
                unit, asset_id, stage, occurred_at=moment, amount=amount.strip() or None,
                currency=currency.strip() or None, note=note, clock=coop.clock_of(request),
            )  # fmt: skip
    except BAD as exc:
        status = coop.refusal_status(request, exc)
        return _detail(
            request, context, user, asset_id, status=status, values=values, error=exc.message
        )
    return RedirectResponse(f"/cooperation/assets/{asset_id}", 303)
