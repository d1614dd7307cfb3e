"""What a party does to a cooperation request from its page: edit and send a draft (with the
Article 3 checklist and the acknowledgement of eligibility warnings), act on it from its side,
record milestones, write messages, attach files and fetch them back with their hash.

A refused change answers with the request page, the error and what was typed; nothing is kept
(the draft's checklist answers and the send are one unit of work).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from lawbridge.errors import LawbridgeError, PayloadTooLarge
from lawbridge.server.deps import ContextDep
from lawbridge.server.web import templating
from lawbridge.server.web.csrf import CsrfUserDep
from lawbridge.server.web.session import UserDep, WebUser
from lawbridge.server.web.views import cooperation as coop
from lawbridge.server.web.views import request_forms as forms
from lawbridge.server.web.views.requests import BAD, detail
from lawbridge.workflows import request_messages, requests

router = APIRouter()
BASE = "/cooperation/requests"


def _refused(
    request: Request,
    context: ContextDep,
    user: WebUser,
    request_id: str,
    exc: LawbridgeError,
    **extra: Any,
) -> Response:
    status = coop.refusal_status(request, exc)
    return detail(request, context, user, request_id, status=status, error=exc.message, **extra)


@router.post(f"{BASE}/{{request_id}}/draft")
def update_draft(
    request_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    form: forms.FormDep,
    title: Annotated[str, Form(max_length=300)] = "",
    reference: Annotated[str, Form(max_length=120)] = "",
    legal_basis: Annotated[str, Form(max_length=20_000)] = "",
    urgency: Annotated[str, Form(max_length=20)] = "routine",
) -> Response:
    values = {"title": title, "reference": reference, "legal_basis": legal_basis,
              "urgency": urgency}  # fmt: skip
    raw: dict[str, Any] = {}
    try:
        with context.write(user.actor) as unit:
            kind = requests.get_request(unit, request_id).kind
            typed, raw = forms.posted_elements(form, kind)
            changes: dict[str, Any] = dict(values) | {"form": typed}
            requests.update_draft(unit, request_id, changes, clock=coop.clock_of(request))
    except BAD as exc:
        return _refused(request, context, user, request_id, exc, values=values, raw=raw)
    return RedirectResponse(f"{BASE}/{request_id}", 303)


@router.post(f"{BASE}/{{request_id}}/send")
def send(
    request_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    form: forms.FormDep,
    acknowledge_warnings: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Keep the checklist's answers and send, in one unit: a refused send keeps neither."""
    answers, raw = forms.posted_article3(form)
    acknowledged = acknowledge_warnings == "true"
    clock = coop.clock_of(request)
    try:
        with context.write(user.actor) as unit:
            if answers:
                requests.update_draft(unit, request_id, {"article3": answers}, clock=clock)
            requests.send_request(unit, request_id, acknowledge_warnings=acknowledged, clock=clock)
    except BAD as exc:
        warnings = exc.details.get("warnings") if isinstance(exc.details, dict) else None
        extra: dict[str, Any] = {"answers": raw, "acknowledged": acknowledged}
        if warnings:
            extra["warnings"] = warnings
        return _refused(request, context, user, request_id, exc, **extra)
    return RedirectResponse(f"{BASE}/{request_id}", 303)


@router.post(f"{BASE}/{{request_id}}/act")
def act(
    request_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    action: Annotated[str, Form(max_length=30)] = "",
    ground: Annotated[str, Form(max_length=20_000)] = "",
    note: Annotated[str, Form(max_length=20_000)] = "",
    occurred_at: Annotated[str, Form(max_length=30)] = "",
) -> Response:
    try:
        moment = coop.parse_date(occurred_at, "occurred_at")
        with context.write(user.actor) as unit:
            requests.act(
                unit, request_id, action, ground=ground or None, note=note,
                occurred_at=moment, clock=coop.clock_of(request),
            )  # fmt: skip
    except BAD as exc:
        values = {"action": action, "ground": ground, "note": note, "occurred_at": occurred_at}
        return _refused(request, context, user, request_id, exc, values=values)
    return RedirectResponse(f"{BASE}/{request_id}", 303)


@router.post(f"{BASE}/{{request_id}}/milestones")
def milestone(
    request_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    name: Annotated[str, Form(max_length=40)] = "",
    note: Annotated[str, Form(max_length=20_000)] = "",
    occurred_at: Annotated[str, Form(max_length=30)] = "",
) -> Response:
    try:
        moment = coop.parse_date(occurred_at, "occurred_at")
        with context.write(user.actor) as unit:
            requests.record_milestone(
                unit, request_id, name, note=note, occurred_at=moment,
                clock=coop.clock_of(request),
            )  # fmt: skip
    except BAD as exc:
        values = {"milestone": name, "milestone_note": note, "milestone_at": occurred_at}
        return _refused(request, context, user, request_id, exc, values=values)
    return RedirectResponse(f"{BASE}/{request_id}#clocks", 303)


@router.post(f"{BASE}/{{request_id}}/messages")
def post_message(
    request_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    body: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    try:
        with context.write(user.actor) as unit:
            request_messages.post_message(unit, request_id, body, clock=coop.clock_of(request))
    except BAD as exc:
        return _refused(request, context, user, request_id, exc, values={"body": body})
    return RedirectResponse(f"{BASE}/{request_id}#messages", 303)


@router.post(f"{BASE}/{{request_id}}/attachments")
def attach(
    request_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    file: Annotated[UploadFile, File()],
) -> Response:
    limit = request_messages.MAX_ATTACHMENT_BYTES
    content = file.file.read(limit + 1)
    try:
        with context.write(user.actor) as unit:
            request_messages.add_attachment(
                unit, request_id, filename=file.filename or "", content=content,
                media_type=file.content_type or "application/octet-stream",
                max_bytes=limit, clock=coop.clock_of(request),
            )  # fmt: skip
    except (*BAD, PayloadTooLarge) as exc:
        return _refused(request, context, user, request_id, exc)
    return RedirectResponse(f"{BASE}/{request_id}#attachments", 303)


@router.get(f"{BASE}/attachments/{{attachment_id}}")
def download(attachment_id: str, context: ContextDep, user: UserDep) -> Response:
    """The file exactly as stored (its hash checked on read), always as a download: an uploaded
    page or script is never served to run on this site."""
    with context.read(user.actor) as unit:
        found = request_messages.get_attachment(unit, attachment_id)
        content, name, digest = found.content, found.filename, found.sha256
    headers = {
        **templating.SECURITY_HEADERS,
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
        "X-Content-SHA256": digest,
    }
    return Response(content, 200, media_type="application/octet-stream", headers=headers)
