"""Cooperation requests: the inbox and outbox with their legal clocks, drafting a request of a kind
(its typed form), and one request (elements, eligibility warnings, the Article 3 checklist, events,
clocks, messages, attachments and the actions of the actor's side).

Clock phases are computed on the server's clock when a page is shown; showing a page records
nothing (``lawbridge`` jobs fire the audited reminders through ``clocks.due_clocks``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from lawbridge.domain.requests import (
    ACTION_SIDE,
    MILESTONES,
    OPEN_SENT,
    RED_NOTICE_KINDS,
    TRANSITIONS,
    RequestAction,
    RequestKind,
    RequestStatus,
    Side,
    Urgency,
    missing_elements,
)
from lawbridge.domain.roles import Permission
from lawbridge.errors import Conflict, InvalidInput, InvalidTransition
from lawbridge.server.deps import ContextDep
from lawbridge.server.web.csrf import CsrfUserDep
from lawbridge.server.web.i18n import N_
from lawbridge.server.web.page import render_page
from lawbridge.server.web.session import UserDep, WebUser
from lawbridge.server.web.views import cooperation as coop
from lawbridge.server.web.views import request_forms as forms
from lawbridge.server.web.views.cooperation_data import all_requests, clock_rows
from lawbridge.store.cases_models import CooperationRequest
from lawbridge.workflows import cases, request_messages, requests
from lawbridge.workflows.requests import PREREQUISITE
from lawbridge.workflows.unit import Unit

router = APIRouter()
PAGE_SIZE = 50
BOXES = ("inbox", "outbox")
BAD = (InvalidInput, InvalidTransition, Conflict)
DRAFT_FORM = ("recipient", "title", "reference", "legal_basis", "urgency", "case_id")


def _alerting(unit: Unit, found: list[CooperationRequest], now: datetime) -> dict[str, list[Any]]:
    """Request id → its clocks, for the open requests among ``found``."""
    open_sent = {s.value for s in OPEN_SENT}
    return {r.id: clock_rows(unit, r, now) for r in found if r.status in open_sent}


@router.get("/cooperation/requests")
def list_requests(
    request: Request,
    context: ContextDep,
    user: UserDep,
    box: Annotated[str, Query(max_length=10)] = "inbox",
    status: Annotated[str, Query(max_length=30)] = "",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    chosen_box = box if box in BOXES else "inbox"
    chosen = status if status in coop.REQUEST_STATUS_LABELS else ""
    now = coop.clock_of(request).now()
    with context.read(user.actor) as unit:
        everything = all_requests(unit, chosen_box)
        counts = {b: len(all_requests(unit, b)) for b in BOXES}
        found = [r for r in everything if not chosen or r.status == chosen]
        clocks = _alerting(unit, everything, now)
        alerts = [
            (r, row) for r in everything for row in clocks.get(r.id, [])
            if row.phase in ("reminder", "overdue")
        ]  # fmt: skip
        return render_page(
            request,
            user,
            "pages/requests.html",
            active=coop.ACTIVE,
            box=chosen_box,
            counts=counts,
            request_status=chosen,
            requests=found[offset : offset + PAGE_SIZE],
            clocks=clocks,
            alerts=sorted(alerts, key=lambda pair: pair[1].clock.due_at),
            now=now,
            party_names=coop.party_names(unit),
            newer=max(offset - PAGE_SIZE, 0) if offset else None,
            older=offset + PAGE_SIZE if len(found) > offset + PAGE_SIZE else None,
            can_write=user.actor.can(Permission.WRITE_RECORDS),
            **coop.labels(),
        )


def _own_cases(unit: Unit) -> list[tuple[str, str]]:
    own = [c for c in cases.list_cases(unit, limit=1000) if c.party_id == unit.actor.party_id]
    return [(c.id, f"{c.reference or ''} {c.subject_name}".strip()) for c in own]


def _new_page(
    request: Request, context: ContextDep, user: WebUser, kind: str, **extra: Any
) -> Response:
    chosen = kind if kind in coop.REQUEST_KIND_LABELS else ""
    with context.read(user.actor) as unit:
        return render_page(
            request,
            user,
            "pages/requests_new.html",
            active=coop.ACTIVE,
            status=extra.pop("status", 200),
            kind=chosen,
            elements=forms.elements(chosen) if chosen else [],
            recipients=coop.other_parties(unit, "agency"),
            own_cases=_own_cases(unit),
            urgencies=[u.value for u in Urgency],
            **{"values": dict.fromkeys(DRAFT_FORM, ""), "raw": {}, "error": ""} | extra,
            **coop.labels(),
            **forms.form_labels(),
        )


@router.get("/cooperation/requests/new")
def new_request(
    request: Request,
    context: ContextDep,
    user: UserDep,
    kind: Annotated[str, Query(max_length=40)] = "",
    case_id: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    values = dict.fromkeys(DRAFT_FORM, "") | {"case_id": case_id, "urgency": "routine"}
    return _new_page(request, context, user, kind, values=values)


@router.post("/cooperation/requests")
def create_request(
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    form: forms.FormDep,
    kind: Annotated[str, Form(max_length=40)] = "",
    recipient: Annotated[str, Form(max_length=64)] = "",
    title: Annotated[str, Form(max_length=300)] = "",
    reference: Annotated[str, Form(max_length=120)] = "",
    legal_basis: Annotated[str, Form(max_length=20_000)] = "",
    urgency: Annotated[str, Form(max_length=20)] = "routine",
    case_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    values = {"recipient": recipient, "title": title, "reference": reference,
              "legal_basis": legal_basis, "urgency": urgency, "case_id": case_id}  # fmt: skip
    raw: dict[str, Any] = {}
    try:
        if kind not in coop.REQUEST_KIND_LABELS:
            raise InvalidInput("choose the kind of request", {"field": "kind"})
        typed, raw = forms.posted_elements(form, kind)
        data = {k: v for k, v in values.items() if v.strip()} | {"kind": kind, "form": typed}
        with context.write(user.actor) as unit:
            created = requests.create_request(unit, data, clock=coop.clock_of(request))
            request_id = created.id
    except BAD as exc:
        status = coop.refusal_status(request, exc)
        return _new_page(
            request, context, user, kind, status=status, values=values, raw=raw, error=exc.message
        )
    return RedirectResponse(f"/cooperation/requests/{request_id}", 303)


# --- One request ---------------------------------------------------------------------------------


def allowed_actions(request: CooperationRequest, side: Side | None) -> list[str]:
    """The actions the actor's side may take now (send has its own form)."""
    status = RequestStatus(request.status)
    return [
        a.value
        for a in RequestAction
        if a is not RequestAction.SEND and (status, a) in TRANSITIONS and ACTION_SIDE[a] is side
    ]


def allowed_milestones(unit: Unit, request: CooperationRequest, side: Side | None) -> list[str]:
    if request.status not in {s.value for s in OPEN_SENT}:
        return []
    done = {e.name for e in requests.request_events(unit, request.id) if e.kind == "milestone"}
    return [
        name
        for name, (kinds, recorder) in MILESTONES.items()
        if RequestKind(request.kind) in kinds and recorder is side and name not in done
        and PREREQUISITE.get(name, name) in done | {name}
    ]  # fmt: skip


def _upload_limit(request: Request) -> int:
    """The largest file a form can bring: the workflow's limit, or the server's body cap."""
    settings = request.app.state.settings
    return min(request_messages.MAX_ATTACHMENT_BYTES, int(settings.max_body_bytes))


def _missing_label(name: str) -> str:
    if name == "legal_basis":
        return N_("Legal basis")
    return forms.ELEMENT_LABELS.get(name, name)


def _send_context(request: CooperationRequest, side: Side | None) -> dict[str, Any]:
    draft = request.status == RequestStatus.DRAFT.value and side is Side.REQUESTER
    missing = missing_elements(request.kind, request.form) if draft else []
    if draft and not request.legal_basis:
        missing.insert(0, "legal_basis")
    live = [w.to_dict() for w in requests.eligibility_warnings(request)] if draft else []
    return {
        "is_draft": draft,
        "missing": missing,
        "missing_labels": [_missing_label(name) for name in missing],
        "red_notice": RequestKind(request.kind) in RED_NOTICE_KINDS,
        "warnings": live if draft else request.warnings,
    }


def detail(
    request: Request, context: ContextDep, user: WebUser, request_id: str, **extra: Any
) -> Response:
    """The request page; ``extra`` carries a refusal's error and the values to show again."""
    with context.read(user.actor) as unit:
        found = requests.get_request(unit, request_id)
        side = requests.side_of(unit, found)
        return render_page(
            request,
            user,
            "pages/request.html",
            active=coop.ACTIVE,
            status=extra.pop("status", 200),
            req=found,
            side=side.value if side else "",
            elements=forms.elements(found.kind),
            events=requests.request_events(unit, found.id),
            clocks=clock_rows(unit, found, coop.clock_of(request).now()),
            messages=request_messages.list_messages(unit, found.id),
            attachments=request_messages.list_attachments(unit, found.id),
            actions=allowed_actions(found, side),
            milestones=allowed_milestones(unit, found, side),
            can_write=user.actor.can(Permission.WRITE_RECORDS),
            party_names=coop.party_names(unit),
            urgencies=[u.value for u in Urgency],
            max_attachment=_upload_limit(request),
            **_send_context(found, side)
            | {"raw": found.form, "answers": forms.stored_article3(found.article3)}
            | {"values": {}, "error": "", "acknowledged": False}
            | extra,
            **coop.labels(),
            **forms.form_labels(),
        )


@router.get("/cooperation/requests/{request_id}")
def show_request(request_id: str, request: Request, context: ContextDep, user: UserDep) -> Response:
    return detail(request, context, user, request_id)
