"""What a provider does to a lawful request from its file: acknowledge it, record a call-back,
run the conflict-of-laws gate, record the approval that clears a blocking rule, approve, reject;
the response builder (records in, a signed scope-minimised package out), delivery, the package's
download, sending a user notice; and the authority registry (list, add with a key).

Every form carries the session's CSRF token. A refused change answers with the page, the error and
what was typed, status 4xx (200 to htmx); nothing is kept.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from lawbridge.domain.roles import Permission
from lawbridge.errors import InvalidInput, LawbridgeError
from lawbridge.server.deps import ContextDep
from lawbridge.server.web import templating
from lawbridge.server.web.csrf import CsrfUserDep
from lawbridge.server.web.page import render_page
from lawbridge.server.web.session import UserDep, WebUser
from lawbridge.server.web.views import provider as views
from lawbridge.server.web.views.cooperation import clock_of, parse_date, refusal_status
from lawbridge.workflows import (
    authorities,
    provider_file,
    provider_requests,
    responses,
    takedown_orders,
)
from lawbridge.workflows import user_notices as notices

router = APIRouter()
BASE = views.BASE
MAX_RECORDS_TEXT = 900_000


def _refused(
    request: Request,
    context: ContextDep,
    user: WebUser,
    request_id: str,
    exc: LawbridgeError,
    **extra: Any,
) -> Response:
    status = refusal_status(request, exc)
    return views.detail(request, context, user, request_id, status=status, error=exc.message, **extra)  # fmt: skip


def _back(request_id: str, anchor: str = "") -> Response:
    return RedirectResponse(f"{BASE}/{request_id}{anchor}", 303)


@router.post(f"{BASE}/{{request_id}}/acknowledge")
def acknowledge(
    request_id: str, request: Request, context: ContextDep, user: CsrfUserDep
) -> Response:
    try:
        with context.write(user.actor) as unit:
            provider_requests.acknowledge(unit, request_id, clock=clock_of(request))
    except views.BAD as exc:
        return _refused(request, context, user, request_id, exc)
    return _back(request_id)


@router.post(f"{BASE}/{{request_id}}/callback")
def callback(
    request_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    contact_called: Annotated[str, Form(max_length=300)] = "",
    person_reached: Annotated[str, Form(max_length=300)] = "",
    outcome: Annotated[str, Form(max_length=20)] = "",
    called_at: Annotated[str, Form(max_length=30)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    values = {"contact_called": contact_called, "person_reached": person_reached,
              "outcome": outcome, "called_at": called_at, "note": note}  # fmt: skip
    try:
        data: dict[str, Any] = {k: v for k, v in values.items() if v.strip()}
        if "called_at" in data:
            data["called_at"] = parse_date(called_at, "called_at")
        with context.write(user.actor) as unit:
            provider_requests.record_callback(unit, request_id, data, clock=clock_of(request))
    except views.BAD as exc:
        return _refused(request, context, user, request_id, exc, values=values)
    return _back(request_id, "#verification")


@router.post(f"{BASE}/{{request_id}}/gate")
def gate(
    request_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    data_locations: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """``data_locations``: ISO codes separated by commas or spaces."""
    locations = [c for c in data_locations.replace(",", " ").split() if c]
    try:
        with context.write(user.actor) as unit:
            provider_requests.run_gate(unit, request_id, locations, clock=clock_of(request))
    except views.BAD as exc:
        values = {"data_locations": data_locations}
        return _refused(request, context, user, request_id, exc, values=values)
    return _back(request_id, "#gate")


@router.post(f"{BASE}/{{request_id}}/approval")
def gate_approval(
    request_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    kind: Annotated[str, Form(max_length=40)] = "",
    approving_authority: Annotated[str, Form(max_length=300)] = "",
    reference: Annotated[str, Form(max_length=300)] = "",
    approved_at: Annotated[str, Form(max_length=30)] = "",
) -> Response:
    values = {"kind": kind, "approving_authority": approving_authority,
              "reference": reference, "approved_at": approved_at}  # fmt: skip
    try:
        data: dict[str, Any] = dict(values)
        data["approved_at"] = parse_date(approved_at, "approved_at")
        with context.write(user.actor) as unit:
            provider_requests.record_gate_approval(unit, request_id, data, clock=clock_of(request))
    except views.BAD as exc:
        return _refused(request, context, user, request_id, exc, values=values)
    return _back(request_id, "#gate")


@router.post(f"{BASE}/{{request_id}}/approve")
def approve(request_id: str, request: Request, context: ContextDep, user: CsrfUserDep) -> Response:
    try:
        with context.write(user.actor) as unit:
            provider_requests.approve(unit, request_id, clock=clock_of(request))
    except views.BAD as exc:
        return _refused(request, context, user, request_id, exc)
    return _back(request_id)


@router.post(f"{BASE}/{{request_id}}/execute-order")
def execute_order(
    request_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    category: Annotated[str, Form(max_length=64)] = "illegal",
) -> Response:
    """Carry out an approved takedown order through stop-the-spread."""
    try:
        with context.write(user.actor) as unit:
            takedown_orders.execute_order(
                unit, request_id, category=category, clock=clock_of(request)
            )
    except views.BAD as exc:
        return _refused(request, context, user, request_id, exc, category=category)
    return _back(request_id)


@router.post(f"{BASE}/{{request_id}}/reject")
def reject(
    request_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        with context.write(user.actor) as unit:
            provider_requests.reject(unit, request_id, reason, clock=clock_of(request))
    except views.BAD as exc:
        return _refused(request, context, user, request_id, exc, values={"reason": reason})
    return _back(request_id)


# --- The response builder -----------------------------------------------------------------------


def builder(
    request: Request, context: ContextDep, user: WebUser, request_id: str, **extra: Any
) -> Response:
    with context.read(user.actor) as unit:
        found = provider_file.request_file(unit, request_id, clock_of(request).now())
        return render_page(
            request,
            user,
            "pages/provider_package.html",
            active=views.ACTIVE,
            status=extra.pop("status", 200),
            file=found,
            req=found.request,
            package=found.package,
            can=views.allowed(found.request, user),
            **{"values": {}, "error": ""} | extra,
            **views.labels(),
        )


@router.get(f"{BASE}/{{request_id}}/package")
def package_page(request_id: str, request: Request, context: ContextDep, user: UserDep) -> Response:
    return builder(request, context, user, request_id)


def parse_records(text: str) -> list[Any]:
    """JSON Lines (one record a line) or one JSON array."""
    if len(text) > MAX_RECORDS_TEXT:
        raise InvalidInput("paste at most 900 kB of records", {"field": "records"})
    stripped = text.strip()
    try:
        if stripped.startswith("["):
            value = json.loads(stripped)
            return value if isinstance(value, list) else [value]
        return [json.loads(line) for line in stripped.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"records: not valid JSON ({exc.msg})", {"field": "records"}) from exc


def parse_own(text: str) -> dict[str, list[str]] | None:
    if not text.strip():
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput("own values: not valid JSON", {"field": "own_values"}) from exc
    if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
        raise InvalidInput("own values: {subject: [identifiers]}", {"field": "own_values"})
    return {str(k): [str(x) for x in v] for k, v in value.items()}


@router.post(f"{BASE}/{{request_id}}/package")
def build_package(
    request_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    records: Annotated[str, Form(max_length=MAX_RECORDS_TEXT + 1)] = "",
    own_values: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    try:
        rows, own = parse_records(records), parse_own(own_values)
        with context.write(user.actor) as unit:
            provider_requests.get_request(unit, request_id, write=True)
            signer, key_id = responses.provider_signer(unit)
            responses.build_package(
                unit, request_id, rows, signer=signer, key_id=key_id, own_values=own,
                clock=clock_of(request),
            )  # fmt: skip
    except views.BAD as exc:
        status = refusal_status(request, exc)
        values = {"records": records, "own_values": own_values}
        return builder(request, context, user, request_id, status=status, error=exc.message, values=values)  # fmt: skip
    return RedirectResponse(f"{BASE}/{request_id}/package", 303)


@router.post("/provider/packages/{package_id}/deliver")
def deliver(
    package_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    via: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    with context.read(user.actor) as unit:
        request_id = responses.get_package(unit, package_id).request_id
    try:
        with context.write(user.actor) as unit:
            responses.deliver(unit, package_id, via, clock=clock_of(request))
    except views.BAD as exc:
        status = refusal_status(request, exc)
        return builder(request, context, user, request_id, status=status, error=exc.message, values={"via": via})  # fmt: skip
    return RedirectResponse(f"{BASE}/{request_id}/package", 303)


@router.get("/provider/packages/{package_id}/download")
def download(package_id: str, context: ContextDep, user: UserDep) -> Response:
    """The package as the requester receives it: manifest, items, signature, public key."""
    with context.read(user.actor) as unit:
        package = responses.get_package(unit, package_id)
        body = {"manifest": package.manifest, "items": package.items,
                "signature": package.signature, "key_id": package.key_id,
                "public_key": package.public_key, "algorithm": "Ed25519"}  # fmt: skip
        digest = package.manifest_sha256
    headers = {
        **templating.SECURITY_HEADERS,
        "Content-Disposition": f'attachment; filename="package-{package_id}.json"',
        "X-Manifest-SHA256": digest,
    }
    content = json.dumps(body, ensure_ascii=False, indent=2).encode()
    return Response(content, 200, media_type="application/json", headers=headers)


@router.post("/provider/notices/{notice_id}/send")
def send_notice(
    notice_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    back: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        with context.write(user.actor) as unit:
            sent = notices.send_notice(unit, notice_id, clock=clock_of(request))
            request_id = sent.request_id
    except views.BAD as exc:
        status = refusal_status(request, exc)
        return views.notices_page(request, context, user, status=status, error=exc.message)
    target = f"{BASE}/{request_id}/package" if back == "package" else "/provider/notices"
    return RedirectResponse(target, 303)


@router.post(f"{BASE}/{{request_id}}/notices")
def prepare_notices(
    request_id: str, request: Request, context: ContextDep, user: CsrfUserDep
) -> Response:
    try:
        with context.write(user.actor) as unit:
            notices.prepare_notices(unit, request_id, clock=clock_of(request))
    except views.BAD as exc:
        return _refused(request, context, user, request_id, exc)
    return RedirectResponse(f"{BASE}/{request_id}/package", 303)


# --- The authority registry ---------------------------------------------------------------------

AUTHORITY_FORM = ("name", "country", "kind", "phone", "email", "key_id", "public_key")


def registry(request: Request, context: ContextDep, user: WebUser, **extra: Any) -> Response:
    with context.read(user.actor) as unit:
        found = authorities.list_authorities(unit)
        keys = {a.id: authorities.list_keys(unit, a.id) for a in found}
        return render_page(
            request,
            user,
            "pages/provider_authorities.html",
            active=views.ACTIVE,
            status=extra.pop("status", 200),
            authorities=found,
            keys=keys,
            can_write=user.actor.can(Permission.WRITE_RECORDS),
            **{"values": dict.fromkeys(AUTHORITY_FORM, ""), "error": ""} | extra,
        )


@router.get("/provider/authorities")
def authority_list(request: Request, context: ContextDep, user: UserDep) -> Response:
    return registry(request, context, user)


@router.post("/provider/authorities")
def add_authority(
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    name: Annotated[str, Form(max_length=300)] = "",
    country: Annotated[str, Form(max_length=10)] = "",
    kind: Annotated[str, Form(max_length=40)] = "",
    phone: Annotated[str, Form(max_length=300)] = "",
    email: Annotated[str, Form(max_length=300)] = "",
    key_id: Annotated[str, Form(max_length=120)] = "",
    public_key: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Register an authority with its contact on file and, optionally, one Ed25519 key."""
    values = {"name": name, "country": country, "kind": kind, "phone": phone, "email": email,
              "key_id": key_id, "public_key": public_key}  # fmt: skip
    contact = {k: v for k, v in (("phone", phone), ("email", email)) if v.strip()}
    try:
        with context.write(user.actor) as unit:
            data = {"name": name, "country": country, "kind": kind or None, "contact": contact}
            found = authorities.create_authority(unit, data)
            if key_id.strip() or public_key.strip():
                now = clock_of(request).now()
                authorities.add_key(unit, found.id, key_id, public_key.strip(), now)
    except views.BAD as exc:
        status = refusal_status(request, exc)
        return registry(request, context, user, status=status, error=exc.message, values=values)
    return RedirectResponse("/provider/authorities", 303)
