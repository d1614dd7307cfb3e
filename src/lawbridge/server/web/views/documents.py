"""Documents: the list (own party's and shared with it), one document, creating and sharing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from lawbridge.domain.roles import Permission, SharePermission
from lawbridge.errors import Conflict, InvalidInput
from lawbridge.server.deps import ContextDep
from lawbridge.server.web.csrf import CsrfUserDep
from lawbridge.server.web.page import render_page
from lawbridge.server.web.session import UserDep, WebUser
from lawbridge.workflows import documents, parties
from lawbridge.workflows.unit import Unit

router = APIRouter()
PAGE_SIZE = 25


def _party_names(unit: Unit) -> dict[str, str]:
    return {p.id: p.name for p in parties.list_parties(unit)}


@router.get("/documents")
def list_documents(
    request: Request,
    context: ContextDep,
    user: UserDep,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    with context.read(user.actor) as unit:
        found = documents.list_documents(unit, limit=PAGE_SIZE + 1, offset=offset)
        return render_page(
            request,
            user,
            "pages/documents.html",
            active="documents",
            documents=found[:PAGE_SIZE],
            party_names=_party_names(unit),
            offset=offset,
            newer=max(offset - PAGE_SIZE, 0) if offset else None,
            older=offset + PAGE_SIZE if len(found) > PAGE_SIZE else None,
            can_write=user.actor.can(Permission.WRITE_RECORDS),
        )


def _new_form(request: Request, user: WebUser, status: int = 200, **values: str) -> Response:
    return render_page(
        request, user, "pages/document_new.html", active="documents", status=status, **values
    )


@router.get("/documents/new")
def new_document(request: Request, user: UserDep) -> Response:
    return _new_form(request, user, title="", body="", reference="", error="")


@router.post("/documents")
def create_document(
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    title: Annotated[str, Form(max_length=1000)] = "",
    body: Annotated[str, Form(max_length=400_000)] = "",
    reference: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    try:
        with context.write(user.actor) as unit:
            document = documents.create_document(
                unit, title=title, body=body, reference=reference.strip() or None
            )
            document_id = document.id
    except InvalidInput as exc:
        values = {"title": title, "body": body, "reference": reference}
        return _new_form(request, user, 422, error=exc.message, **values)
    return RedirectResponse(f"/documents/{document_id}", 303)


def _detail(
    request: Request, context: ContextDep, user: WebUser, document_id: str, error: str = ""
) -> Response:
    with context.read(user.actor) as unit:
        document = documents.get_document(unit, document_id)
        names = _party_names(unit)
        own = document.party_id == user.actor.party_id
        return render_page(
            request,
            user,
            "pages/document.html",
            active="documents",
            status=422 if error else 200,
            document=document,
            party_names=names,
            own=own,
            shares=documents.document_shares(unit, document.id),
            can_share=own and user.actor.can(Permission.SHARE_RECORDS),
            grantees=[p for p in parties.list_parties(unit) if p.id != document.party_id],
            share_permissions=[p.value for p in SharePermission],
            error=error,
        )


@router.get("/documents/{document_id}")
def show_document(
    document_id: str, request: Request, context: ContextDep, user: UserDep
) -> Response:
    return _detail(request, context, user, document_id)


@router.post("/documents/{document_id}/shares")
def share_document(
    document_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    party: Annotated[str, Form(max_length=64)] = "",
    permission: Annotated[str, Form(max_length=16)] = "read",
) -> Response:
    try:
        with context.write(user.actor) as unit:
            documents.share_document(unit, document_id, grantee=party, permission=permission)
    except (InvalidInput, Conflict) as exc:
        return _detail(request, context, user, document_id, error=exc.message)
    return RedirectResponse(f"/documents/{document_id}", 303)
