"""Screening: the screening form (htmx), the hit review queue and one hit, side by side, to decide."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from lawbridge.domain.roles import Permission
from lawbridge.domain.screening import TRANSITIONS, Decision, MatchStatus
from lawbridge.engines.names import PersonRecord
from lawbridge.errors import InvalidInput, InvalidTransition
from lawbridge.server.deps import ContextDep
from lawbridge.server.web import templating
from lawbridge.server.web.csrf import CsrfUserDep
from lawbridge.server.web.i18n import N_
from lawbridge.server.web.page import render_page
from lawbridge.server.web.session import UserDep, WebUser
from lawbridge.server.web.views.watchlists import FIELDS, labels
from lawbridge.workflows import screening, watchlists

router = APIRouter()
PAGE_SIZE = 50

STATUS_LABELS = {
    "open": N_("Open"),
    "escalated": N_("Escalated"),
    "confirmed": N_("Confirmed"),
    "dismissed": N_("Dismissed"),
}
DECISION_LABELS = {
    "confirm": N_("Confirm: same person"),
    "dismiss": N_("Dismiss: not the person"),
    "escalate": N_("Escalate"),
    "reopen": N_("Reopen"),
}
FEATURE_LABELS = {
    "birth_date": N_("Birth date"),
    "nationality": N_("Nationality"),
    "gender": N_("Gender"),
    "id_number": N_("Identifier"),
}
RESULT_LABELS = {
    "agree": N_("agrees"),
    "partial": N_("partly agrees"),
    "conflict": N_("conflicts"),
    "missing": N_("missing on one side"),
}


def screening_labels() -> dict[str, Any]:
    return {
        **labels(),
        "status_labels": STATUS_LABELS,
        "decision_labels": DECISION_LABELS,
        "feature_labels": FEATURE_LABELS,
        "result_labels": RESULT_LABELS,
    }


def _form_record(values: dict[str, str]) -> PersonRecord:
    data: dict[str, Any] = {k: v.strip() for k, v in values.items() if v.strip()}
    if "aliases" in data:
        data["aliases"] = [
            a.strip() for a in data["aliases"].replace("；", ";").split(";") if a.strip()
        ]
    return PersonRecord.from_dict(data)


def _screen_page(
    request: Request,
    user: WebUser,
    *,
    values: dict[str, str],
    result: screening.ScreeningResult | None = None,
    names: dict[str, str] | None = None,
    error: str = "",
) -> Response:
    return render_page(
        request,
        user,
        "pages/screen.html",
        active="screening",
        # htmx swaps no 4xx answer by default: the fragment says 200 and carries the error.
        status=422 if error and not templating.is_fragment_request(request) else 200,
        values=values,
        result=result,
        list_names=names or {},
        can_screen=user.actor.can(Permission.WRITE_RECORDS),
        error=error,
        **screening_labels(),
    )


@router.get("/screening")
def screening_form(request: Request, user: UserDep) -> Response:
    return _screen_page(request, user, values=dict.fromkeys(FIELDS, ""))


@router.post("/screening")
def screen(
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    name: Annotated[str, Form(max_length=1000)] = "",
    aliases: Annotated[str, Form(max_length=5000)] = "",
    birth_date: Annotated[str, Form(max_length=20)] = "",
    nationality: Annotated[str, Form(max_length=10)] = "",
    gender: Annotated[str, Form(max_length=10)] = "",
    id_number: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    values = {
        "name": name, "aliases": aliases, "birth_date": birth_date,
        "nationality": nationality, "gender": gender, "id_number": id_number,
    }  # fmt: skip
    try:
        record = _form_record(values)
        with context.write(user.actor) as unit:
            result = screening.screen_record(unit, record, limit=10)
            names = {w.id: w.name for w in watchlists.list_watchlists(unit, limit=200)}
            return _screen_page(request, user, values=values, result=result, names=names)
    except InvalidInput as exc:
        return _screen_page(request, user, values=values, error=exc.message)


@router.get("/screening/matches")
def review_queue(
    request: Request,
    context: ContextDep,
    user: UserDep,
    status: Annotated[str, Query(max_length=20)] = "open",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    chosen = status if status in STATUS_LABELS else None
    with context.read(user.actor) as unit:
        found = screening.list_potential_matches(
            unit, status=chosen, limit=PAGE_SIZE + 1, offset=offset
        )
        counts = {s: screening.count_potential_matches(unit, status=s) for s in STATUS_LABELS}
        names = {w.id: w.name for w in watchlists.list_watchlists(unit, limit=200)}
        records = {m.id: m.entry_record for m in found}
        queries = {m.id: screening.get_screening(unit, m.screening_id).record for m in found}
        return render_page(
            request,
            user,
            "pages/matches.html",
            active="matches",
            matches=found[:PAGE_SIZE],
            counts=counts,
            list_names=names,
            entry_records=records,
            query_records=queries,
            match_status=chosen or "all",
            newer=max(offset - PAGE_SIZE, 0) if offset else None,
            older=offset + PAGE_SIZE if len(found) > PAGE_SIZE else None,
            **screening_labels(),
        )


def _allowed(status: str) -> list[str]:
    current = MatchStatus(status)
    return [d.value for d in Decision if (current, d) in TRANSITIONS]


def _match_page(
    request: Request, context: ContextDep, user: WebUser, match_id: str, error: str = "",
    reason: str = "",
) -> Response:  # fmt: skip
    with context.read(user.actor) as unit:
        view = screening.get_potential_match(unit, match_id)
        return render_page(
            request,
            user,
            "pages/match.html",
            active="matches",
            status=422 if error else 200,
            view=view,
            query=view.query_record,
            entry=view.entry_record,
            explanation=view.explanation,
            can_decide=user.actor.can(Permission.REVIEW),
            decisions_allowed=_allowed(view.match.status),
            error=error,
            reason=reason,
            **screening_labels(),
        )


@router.get("/screening/matches/{match_id}")
def show_match(match_id: str, request: Request, context: ContextDep, user: UserDep) -> Response:
    return _match_page(request, context, user, match_id)


@router.post("/screening/matches/{match_id}/decision")
def decide(
    match_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    decision: Annotated[str, Form(max_length=20)] = "",
    reason: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    try:
        with context.write(user.actor) as unit:
            screening.decide(unit, match_id, decision=decision, reason=reason)
    except (InvalidInput, InvalidTransition) as exc:
        return _match_page(request, context, user, match_id, error=exc.message, reason=reason)
    return RedirectResponse(f"/screening/matches/{match_id}", 303)
