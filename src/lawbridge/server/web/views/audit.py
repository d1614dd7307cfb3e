"""The audit log of one's own party (auditors and admins), newest first, and chain verification."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lawbridge.server.deps import ContextDep
from lawbridge.server.web.page import render_component, render_page
from lawbridge.server.web.session import UserDep
from lawbridge.server.web.templating import is_fragment_request
from lawbridge.workflows import audit

router = APIRouter()
PAGE_SIZE = 50


@router.get("/audit")
def audit_log(
    request: Request,
    context: ContextDep,
    user: UserDep,
    before: Annotated[int | None, Query(ge=0)] = None,
) -> Response:
    with context.read(user.actor) as unit:
        events = audit.list_events(unit, limit=PAGE_SIZE + 1, before=before)
        total = audit.count_events(unit)
    shown = events[:PAGE_SIZE]
    return render_page(
        request,
        user,
        "pages/audit.html",
        active="audit",
        events=shown,
        total=total,
        before=before,
        older=shown[-1].seq if len(events) > PAGE_SIZE else None,
    )


@router.get("/audit/verify")
def verify(request: Request, context: ContextDep, user: UserDep) -> Response:
    """Recompute the whole chain; htmx swaps the result in, a plain request gets a page."""
    with context.read(user.actor) as unit:
        report = audit.verify_chain(unit)
    if is_fragment_request(request):
        return render_component(request, user, "components/verify_result.html", report=report)
    return render_page(request, user, "pages/verify.html", active="audit", report=report)
