"""Documents of one's own party and those shared with it; shares of one's own documents."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from lawbridge.server.api.params import MAX_INT64, ObjectId
from lawbridge.server.api.responses import AUTHENTICATED
from lawbridge.server.api.schemas import (
    DocumentCreate,
    DocumentPublic,
    DocumentUpdate,
    ShareCreate,
    SharePublic,
)
from lawbridge.server.deps import ActorDep, ContextDep
from lawbridge.server.idempotency import PostDep
from lawbridge.workflows import documents, shares
from lawbridge.workflows.unit import Unit

router = APIRouter(tags=["documents"], responses=AUTHENTICATED)


@router.get("/documents", response_model=list[DocumentPublic])
def list_documents(
    context: ContextDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_INT64)] = 0,
) -> list[DocumentPublic]:
    with context.read(actor) as unit:
        found = documents.list_documents(unit, limit=limit, offset=offset)
        return [DocumentPublic.model_validate(d) for d in found]


@router.post("/documents", response_model=DocumentPublic, status_code=201)
def create_document(
    body: DocumentCreate,
    post: PostDep,
) -> Response:
    def work(unit: Unit) -> DocumentPublic:
        created = documents.create_document(unit, **body.model_dump())
        return DocumentPublic.model_validate(created)

    return post(work)


@router.get("/documents/{document_id}", response_model=DocumentPublic)
def get_document(document_id: ObjectId, context: ContextDep, actor: ActorDep) -> DocumentPublic:
    with context.read(actor) as unit:
        return DocumentPublic.model_validate(documents.get_document(unit, document_id))


@router.patch("/documents/{document_id}", response_model=DocumentPublic)
def update_document(
    document_id: ObjectId, body: DocumentUpdate, context: ContextDep, actor: ActorDep
) -> DocumentPublic:
    with context.write(actor) as unit:
        updated = documents.update_document(unit, document_id, **body.model_dump())
        return DocumentPublic.model_validate(updated)


@router.get("/documents/{document_id}/shares", response_model=list[SharePublic])
def list_document_shares(
    document_id: ObjectId, context: ContextDep, actor: ActorDep
) -> list[SharePublic]:
    with context.read(actor) as unit:
        return [SharePublic.model_validate(s) for s in documents.document_shares(unit, document_id)]


@router.post("/documents/{document_id}/shares", response_model=SharePublic, status_code=201)
def share_document(
    document_id: ObjectId,
    body: ShareCreate,
    post: PostDep,
) -> Response:
    def work(unit: Unit) -> SharePublic:
        share = documents.share_document(
            unit, document_id, grantee=body.party, permission=body.permission
        )
        return SharePublic.model_validate(share)

    return post(work)


@router.post("/shares/{share_id}/revoke", response_model=SharePublic)
def revoke_share(
    share_id: ObjectId,
    post: PostDep,
) -> Response:
    def work(unit: Unit) -> SharePublic:
        return SharePublic.model_validate(shares.revoke(unit, share_id))

    return post(work, status_code=200)
