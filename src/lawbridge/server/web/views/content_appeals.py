"""Appeals against takedowns: the list, one appeal with what deciding it would restore, and the
reviewer's decision (uphold or reject, with a reason; "the decision was wrong" brings back
everything the decision took down). Filing an appeal is the author's side, not these pages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from lawbridge.domain.roles import Permission
from lawbridge.errors import Conflict, InvalidInput, InvalidTransition
from lawbridge.server.deps import ContextDep
from lawbridge.server.web.csrf import CsrfUserDep
from lawbridge.server.web.i18n import N_
from lawbridge.server.web.page import render_page
from lawbridge.server.web.session import UserDep, WebUser
from lawbridge.server.web.views.content import (
    APPEAL_STATUS,
    PAGE_SIZE,
    content_labels,
    error_status,
    pager,
)
from lawbridge.workflows import appeals, content_views, takedowns

router = APIRouter()
BAD = (InvalidInput, InvalidTransition, Conflict)
OUTCOMES = {"uphold": N_("Uphold: restore the post"), "reject": N_("Reject: the post stays down")}
NO_OUTCOME = N_("Choose whether to uphold or reject the appeal.")


def appeal_labels() -> dict[str, Any]:
    return {**content_labels(), "outcome_labels": OUTCOMES}


@router.get("/content/appeals")
def list_appeals(
    request: Request,
    context: ContextDep,
    user: UserDep,
    status: Annotated[str, Query(max_length=20)] = "open",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    chosen = status if status in APPEAL_STATUS else None
    with context.read(user.actor) as unit:
        found = appeals.list_appeals(unit, status=chosen, limit=PAGE_SIZE + 1, offset=offset)
        posts = content_views.posts_by_id(unit, (a.post_id for a in found))
        return render_page(
            request,
            user,
            "pages/content_appeals.html",
            active="content",
            appeals=found[:PAGE_SIZE],
            posts=posts,
            appeal_status=chosen or "all",
            **pager(offset, len(found)),
            **appeal_labels(),
        )


def _appeal_page(
    request: Request, context: ContextDep, user: WebUser, appeal_id: str, **extra: Any
) -> Response:
    with context.read(user.actor) as unit:
        appeal, takedown, post = content_views.appeal_view(unit, appeal_id)
        error = extra.get("error", "")
        defaults = {"outcome": "", "reason": "", "decision_wrong": False, "error": ""}
        return render_page(
            request,
            user,
            "pages/content_appeal.html",
            active="content",
            status=error_status(request, error),
            appeal=appeal,
            takedown=takedown,
            post=post,
            decision=(
                takedowns.get_decision(unit, takedown.decision_id) if takedown.decision_id else None
            ),
            preview=content_views.restore_preview(unit, appeal),
            restored=content_views.restored_by(unit, appeal),
            can_decide=user.actor.can(Permission.REVIEW),
            **appeal_labels(),
            **defaults | extra,
        )


@router.get("/content/appeals/{appeal_id}")
def show_appeal(appeal_id: str, request: Request, context: ContextDep, user: UserDep) -> Response:
    return _appeal_page(request, context, user, appeal_id)


@router.post("/content/appeals/{appeal_id}/decision")
def decide_appeal(
    appeal_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    outcome: Annotated[str, Form(max_length=10)] = "",
    reason: Annotated[str, Form(max_length=20_000)] = "",
    decision_wrong: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        if outcome not in OUTCOMES:
            raise InvalidInput(NO_OUTCOME)
        with context.write(user.actor) as unit:
            appeals.decide(
                unit,
                appeal_id,
                upheld=outcome == "uphold",
                reason=reason,
                decision_wrong=bool(decision_wrong),
            )
    except BAD as exc:
        return _appeal_page(
            request, context, user, appeal_id, outcome=outcome, reason=reason,
            decision_wrong=bool(decision_wrong), error=exc.message,
        )  # fmt: skip
    return RedirectResponse(f"/content/appeals/{appeal_id}", 303)
