"""Fugitive cases: the list (status, stale and list filters), opening a case, and the case file
(judicial data and its corrections, status moves, one timeline for both parties, field-by-field shares).

A case is always shown through ``case_sharing.case_view``: a counterpart's page is built from the
fields its party was granted, so an unshared field is never in the HTML at all.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from lawbridge.domain.cases import OPEN, SHAREABLE_FIELDS, TRANSITIONS, CaseStatus, is_stale
from lawbridge.domain.roles import Permission, SharePermission
from lawbridge.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from lawbridge.server.deps import ContextDep
from lawbridge.server.web.csrf import CsrfUserDep
from lawbridge.server.web.page import render_page
from lawbridge.server.web.session import UserDep, WebUser
from lawbridge.server.web.views import cooperation as coop
from lawbridge.server.web.views.cooperation_data import (
    case_assets,
    case_requests,
    case_shares,
    entry_choices,
)
from lawbridge.store.cases_models import FugitiveCase
from lawbridge.workflows import case_sharing, cases, shares, watchlists
from lawbridge.workflows.unit import Unit

router = APIRouter()
PAGE_SIZE = 50
MAX_LISTED = 5000
STALE_DAYS = 90
STALE_CHOICES = (30, 90, 180, 365)
DATE_KEYS = ("listed_at", "closed_at", "last_activity_at", "created_at", "occurred_at")
CASE_FORM = (
    "subject_name", "watchlist_entry_id", "reference", "warrant_reference", "charge", "law",
    "max_penalty_months", "sought_for", "host_party", "host_name", "host_country", "listed_at",
)  # fmt: skip
BAD = (InvalidInput, InvalidTransition, Conflict)


def _dated(view: dict[str, Any]) -> dict[str, Any]:
    """A serialised case (or event) with its ISO times turned back into datetimes for display."""
    out = dict(view)
    for key in DATE_KEYS:
        if isinstance(out.get(key), str):
            out[key] = datetime.fromisoformat(out[key])
    if "timeline" in out and isinstance(out["timeline"], list):
        out["timeline"] = [_dated(event) for event in out["timeline"]]
    return out


def _stale(view: dict[str, Any], now: datetime, days: int = STALE_DAYS) -> bool:
    if view.get("status") not in OPEN or "last_activity_at" not in view:
        return False
    return is_stale(view["last_activity_at"], now, days)


def _find(unit: Unit, status: str, stale: int | None, list_id: str, now: datetime) -> list[Any]:
    """The cases under the filters, as each is visible to the actor (never more)."""
    if stale:
        found = cases.stale_cases(unit, now=now, days=stale)
        found = [c for c in found if not status or c.status == status]
    else:
        found = cases.list_cases(unit, status=status or None, limit=MAX_LISTED)
    views = [_dated(case_sharing.case_view(unit, c, with_timeline=False)) for c in found]
    if list_id:
        views = [v for v in views if v.get("watchlist_id") == list_id]
    return views


@router.get("/cooperation/cases")
def list_cases(
    request: Request,
    context: ContextDep,
    user: UserDep,
    status: Annotated[str, Query(max_length=40)] = "",
    stale: Annotated[str, Query(max_length=6)] = "",
    list_id: Annotated[str, Query(alias="list", max_length=64)] = "",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    chosen = status if status in coop.CASE_STATUS_LABELS else ""
    days = int(stale) if stale.isdigit() and 0 < int(stale) <= 3650 else None
    now = coop.clock_of(request).now()
    with context.read(user.actor) as unit:
        views = _find(unit, chosen, days, list_id, now)
        lists = watchlists.list_watchlists(unit, limit=200)
        return render_page(
            request,
            user,
            "pages/cases.html",
            active=coop.ACTIVE,
            cases=views[offset : offset + PAGE_SIZE],
            total=len(views),
            stale_ids={v["id"] for v in views if _stale(v, now)},
            party_names=coop.party_names(unit),
            watchlists=lists,
            filters={"status": chosen, "stale": str(days or ""), "list": list_id},
            stale_choices=STALE_CHOICES,
            stale_days=STALE_DAYS,
            newer=max(offset - PAGE_SIZE, 0) if offset else None,
            older=offset + PAGE_SIZE if len(views) > offset + PAGE_SIZE else None,
            can_write=user.actor.can(Permission.WRITE_RECORDS),
            **coop.labels(),
        )


def _new_page(
    request: Request, context: ContextDep, user: WebUser, *, status: int = 200, **extra: Any
) -> Response:
    with context.read(user.actor) as unit:
        return render_page(
            request,
            user,
            "pages/cases_new.html",
            active=coop.ACTIVE,
            status=status,
            entries=entry_choices(unit),
            hosts=coop.other_parties(unit, "agency"),
            **{"values": dict.fromkeys(CASE_FORM, ""), "chosen": [], "error": ""} | extra,
            **coop.labels(),
        )


@router.get("/cooperation/cases/new")
def new_case(request: Request, context: ContextDep, user: UserDep) -> Response:
    return _new_page(request, context, user)


def _case_data(values: dict[str, str], offences: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {k: v.strip() for k, v in values.items() if v.strip()}
    data["offences"] = offences
    data["max_penalty_months"] = coop.parse_int(values["max_penalty_months"], "max_penalty_months")
    data["listed_at"] = coop.parse_date(values["listed_at"], "listed_at")
    return {k: v for k, v in data.items() if v is not None}


@router.post("/cooperation/cases")
def create_case(
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    subject_name: Annotated[str, Form(max_length=500)] = "",
    watchlist_entry_id: Annotated[str, Form(max_length=64)] = "",
    reference: Annotated[str, Form(max_length=120)] = "",
    offences: Annotated[list[str] | None, Form()] = None,
    warrant_reference: Annotated[str, Form(max_length=200)] = "",
    charge: Annotated[str, Form(max_length=20_000)] = "",
    law: Annotated[str, Form(max_length=20_000)] = "",
    max_penalty_months: Annotated[str, Form(max_length=10)] = "",
    sought_for: Annotated[str, Form(max_length=20)] = "",
    host_party: Annotated[str, Form(max_length=64)] = "",
    host_name: Annotated[str, Form(max_length=200)] = "",
    host_country: Annotated[str, Form(max_length=10)] = "",
    listed_at: Annotated[str, Form(max_length=30)] = "",
) -> Response:
    values = {k: v for k, v in locals().items() if k in CASE_FORM}
    try:
        data = _case_data(values, offences or [])
        with context.write(user.actor) as unit:
            case_id = cases.create_case(unit, data, clock=coop.clock_of(request)).id
    except BAD as exc:
        status = coop.refusal_status(request, exc)
        return _new_page(
            request, context, user, status=status, values=values, chosen=offences or [],
            error=exc.message,
        )  # fmt: skip
    return RedirectResponse(f"/cooperation/cases/{case_id}", 303)


# --- The case file -------------------------------------------------------------------------------


def _targets(view: dict[str, Any]) -> list[str]:
    if "status" not in view:
        return []
    allowed = TRANSITIONS[CaseStatus(view["status"])]
    return [s.value for s in CaseStatus if s in allowed]


def _can_move(unit: Unit, case: FugitiveCase, view: dict[str, Any]) -> bool:
    """Only a party that sees the status may move it: the owner, or a grantee with a write share."""
    if "status" not in view or not unit.actor.can(Permission.WRITE_RECORDS):
        return False
    if case.party_id == unit.actor.party_id:
        return True
    share = shares.active_share(unit, case_sharing.OBJECT_TYPE, case.id, unit.actor.party_id or "")
    return share is not None and share.permission == SharePermission.WRITE.value


def _detail(
    request: Request, context: ContextDep, user: WebUser, case_id: str, **extra: Any
) -> Response:
    with context.read(user.actor) as unit:
        case = cases.get_case(unit, case_id)
        view = _dated(case_sharing.case_view(unit, case))
        own = case.party_id == user.actor.party_id
        entry = None
        if "watchlist_entry_id" in view and view["watchlist_entry_id"]:
            try:
                entry = watchlists.get_entry(unit, view["watchlist_entry_id"])
            except NotFound:
                entry = None
        return render_page(
            request,
            user,
            "pages/case.html",
            active=coop.ACTIVE,
            status=extra.pop("status", 200),
            case=view,
            own=own,
            entry=entry,
            stale=_stale(view, coop.clock_of(request).now()),
            stale_days=STALE_DAYS,
            targets=_targets(view),
            can_move=_can_move(unit, case, view),
            can_note="timeline" in view and user.actor.can(Permission.WRITE_RECORDS),
            can_edit=own and user.actor.can(Permission.WRITE_RECORDS),
            can_share=own and user.actor.can(Permission.SHARE_RECORDS),
            shares=case_shares(unit, case) if own else [],
            grantees=coop.other_parties(unit),
            shareable=SHAREABLE_FIELDS,
            party_names=coop.party_names(unit),
            requests=case_requests(unit, case.id),
            assets=case_assets(unit, case.id),
            **{"values": {}, "error": ""} | extra,
            **coop.labels(),
        )


@router.get("/cooperation/cases/{case_id}")
def show_case(case_id: str, request: Request, context: ContextDep, user: UserDep) -> Response:
    return _detail(request, context, user, case_id)


def _refused(
    request: Request, context: ContextDep, user: WebUser, case_id: str, exc: Any, **values: Any
) -> Response:
    status = coop.refusal_status(request, exc)
    return _detail(request, context, user, case_id, status=status, error=exc.message, values=values)


@router.post("/cooperation/cases/{case_id}/status")
def move_case(
    case_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    target: Annotated[str, Form(max_length=40)] = "",
    note: Annotated[str, Form(max_length=20_000)] = "",
    occurred_at: Annotated[str, Form(max_length=30)] = "",
) -> Response:
    try:
        moment = coop.parse_date(occurred_at, "occurred_at")
        with context.write(user.actor) as unit:
            cases.move_case(
                unit, case_id, target, note=note, occurred_at=moment, clock=coop.clock_of(request)
            )
    except BAD as exc:
        return _refused(
            request, context, user, case_id, exc, target=target, note=note, occurred_at=occurred_at
        )
    return RedirectResponse(f"/cooperation/cases/{case_id}", 303)


JUDICIAL_FORM = (
    "reference",
    "warrant_reference",
    "charge",
    "law",
    "max_penalty_months",
    "sought_for",
)


@router.post("/cooperation/cases/{case_id}/edit")
def edit_case(
    case_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    reference: Annotated[str, Form(max_length=120)] = "",
    offences: Annotated[list[str] | None, Form()] = None,
    warrant_reference: Annotated[str, Form(max_length=200)] = "",
    charge: Annotated[str, Form(max_length=20_000)] = "",
    law: Annotated[str, Form(max_length=20_000)] = "",
    max_penalty_months: Annotated[str, Form(max_length=10)] = "",
    sought_for: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """The owner corrects the judicial data; an emptied field is cleared."""
    values = {k: v for k, v in locals().items() if k in JUDICIAL_FORM}
    try:
        data: dict[str, Any] = {k: v.strip() or None for k, v in values.items()}
        data["max_penalty_months"] = coop.parse_int(max_penalty_months, "max_penalty_months")
        data["offences"] = offences or []
        with context.write(user.actor) as unit:
            cases.edit_case(unit, case_id, data, clock=coop.clock_of(request))
    except BAD as exc:
        return _refused(
            request, context, user, case_id, exc, edit=values | {"offences": offences or []}
        )
    return RedirectResponse(f"/cooperation/cases/{case_id}", 303)


@router.post("/cooperation/cases/{case_id}/notes")
def add_note(
    case_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    note: Annotated[str, Form(max_length=20_000)] = "",
    occurred_at: Annotated[str, Form(max_length=30)] = "",
) -> Response:
    try:
        moment = coop.parse_date(occurred_at, "occurred_at")
        with context.write(user.actor) as unit:
            cases.add_note(unit, case_id, note, occurred_at=moment, clock=coop.clock_of(request))
    except BAD as exc:
        return _refused(request, context, user, case_id, exc, note=note, note_at=occurred_at)
    return RedirectResponse(f"/cooperation/cases/{case_id}#timeline", 303)


@router.post("/cooperation/cases/{case_id}/shares")
def share_case(
    case_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    party: Annotated[str, Form(max_length=64)] = "",
    fields: Annotated[list[str] | None, Form()] = None,
    permission: Annotated[str, Form(max_length=16)] = "read",
) -> Response:
    try:
        with context.write(user.actor) as unit:
            case = cases.get_case(unit, case_id)
            case_sharing.share_case(
                unit, case, grantee=party, fields=fields or [], permission=permission
            )
    except BAD as exc:
        return _refused(
            request, context, user, case_id, exc, party=party, fields=fields or [],
            permission=permission,
        )  # fmt: skip
    return RedirectResponse(f"/cooperation/cases/{case_id}#shares", 303)


def _own_share(unit: Unit, case: FugitiveCase, share_id: str) -> str:
    """The grantee party of one live share of ``case`` (owner only); NotFound otherwise."""
    for share in shares.list_shares(unit, case_sharing.OBJECT_TYPE, case.id, case.party_id):
        if share.id == share_id:
            return share.grantee_party_id
    raise NotFound(f"no share '{share_id}'")


@router.post("/cooperation/cases/{case_id}/shares/{share_id}/fields")
def set_fields(
    case_id: str,
    share_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    fields: Annotated[list[str] | None, Form()] = None,
) -> Response:
    try:
        with context.write(user.actor) as unit:
            case = cases.get_case(unit, case_id)
            grantee = _own_share(unit, case, share_id)
            case_sharing.set_shared_fields(unit, case, grantee=grantee, fields=fields or [])
    except BAD as exc:
        return _refused(request, context, user, case_id, exc)
    return RedirectResponse(f"/cooperation/cases/{case_id}#shares", 303)


@router.post("/cooperation/cases/{case_id}/shares/{share_id}/revoke")
def revoke_share(case_id: str, share_id: str, context: ContextDep, user: CsrfUserDep) -> Response:
    with context.write(user.actor) as unit:
        case = cases.get_case(unit, case_id)
        _own_share(unit, case, share_id)
        shares.revoke(unit, share_id)
    return RedirectResponse(f"/cooperation/cases/{case_id}#shares", 303)
