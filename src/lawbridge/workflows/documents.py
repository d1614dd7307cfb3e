"""Documents: text records a party keeps (letters, notes, evidence) and may share with another party.

The first party-owned object of lawbridge; later objects (cases, requests, takedowns) follow the same
pattern: owner party, scoped reads through :mod:`shares`, versioned writes, an audit event per change.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_, select, true

from lawbridge.domain.roles import Permission
from lawbridge.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from lawbridge.store.models import Document, Share, utcnow
from lawbridge.workflows import shares
from lawbridge.workflows.unit import Unit

OBJECT_TYPE = "document"
MAX_TITLE = 300
MAX_BODY = 200_000
MAX_REFERENCE = 120


def _clean(title: str, body: str) -> tuple[str, str]:
    title = title.strip()
    if not title:
        raise InvalidInput("title must not be empty")
    if len(title) > MAX_TITLE:
        raise InvalidInput(f"title must be at most {MAX_TITLE} characters")
    if len(body) > MAX_BODY:
        raise InvalidInput(f"body must be at most {MAX_BODY} characters")
    return title, body


def create_document(
    unit: Unit, *, title: str, body: str = "", reference: str | None = None
) -> Document:
    if unit.actor.party_id is None:
        raise InvalidInput("documents belong to a party; the operator has none")
    unit.require(Permission.WRITE_RECORDS)
    title, body = _clean(title, body)
    if reference is not None and len(reference) > MAX_REFERENCE:
        raise InvalidInput(f"reference must be at most {MAX_REFERENCE} characters")
    document = Document(
        party_id=unit.actor.party_id,
        title=title,
        body=body,
        reference=reference,
        created_by=unit.actor.account_id or "",
    )
    unit.session.add(document)
    unit.session.flush()
    unit.record("document.create", OBJECT_TYPE, document.id, {"title_len": len(title)})
    return document


def get_document(unit: Unit, document_id: str, *, write: bool = False) -> Document:
    document = unit.session.get(Document, document_id)
    if document is None:
        raise NotFound(f"no {OBJECT_TYPE} '{document_id}'")
    shares.check_access(unit, OBJECT_TYPE, document.id, document.party_id, write=write)
    # A writer holds the row: two changes made against one expected version both passed its
    # check under READ COMMITTED, and the later one overwrote the earlier (a lost update).
    return unit.lock(document) if write else document


def _visible(unit: Unit) -> ColumnElement[bool]:
    """Documents of the actor's own party or shared with it (everything for the operator)."""
    if unit.actor.is_system:
        return true()
    return or_(
        Document.party_id == unit.actor.party_id,
        Document.id.in_(shares.shared_ids(unit, OBJECT_TYPE)),
    )


def list_documents(unit: Unit, *, limit: int = 50, offset: int = 0) -> list[Document]:
    """The actor's own party's documents and those shared with it, newest first."""
    unit.require(Permission.READ_RECORDS)
    query = select(Document).where(_visible(unit))
    query = query.order_by(Document.created_at.desc(), Document.id)
    return list(unit.session.scalars(query.limit(limit).offset(offset)))


def count_documents(unit: Unit) -> int:
    """How many documents :func:`list_documents` can show the actor."""
    unit.require(Permission.READ_RECORDS)
    query = select(func.count()).select_from(Document).where(_visible(unit))
    return int(unit.session.scalar(query) or 0)


def update_document(
    unit: Unit,
    document_id: str,
    *,
    expected_version: int,
    title: str | None = None,
    body: str | None = None,
) -> Document:
    """Change a document; ``expected_version`` guards against lost updates."""
    if title is None and body is None:
        raise InvalidInput("nothing to change")
    document = get_document(unit, document_id, write=True)
    if document.version != expected_version:
        raise Conflict(
            "the document changed since you read it",
            {"expected_version": expected_version, "version": document.version},
        )
    new_title, new_body = _clean(
        title if title is not None else document.title, body if body is not None else document.body
    )
    document.title, document.body = new_title, new_body
    document.version += 1
    document.updated_at = utcnow()
    unit.record(
        "document.update",
        OBJECT_TYPE,
        document.id,
        {"version": document.version, "owner": document.party_id},
    )
    return document


def share_document(unit: Unit, document_id: str, *, grantee: str, permission: str) -> Share:
    document = get_document(unit, document_id)
    if document.party_id != unit.actor.party_id and not unit.actor.is_system:
        # The caller can see it (through a share), so saying "not found" would be a lie.
        raise PermissionDenied(f"only the owner party can share this {OBJECT_TYPE}")
    return shares.grant(
        unit,
        object_type=OBJECT_TYPE,
        object_id=document.id,
        owner_party_id=document.party_id,
        grantee=grantee,
        permission=permission,
    )


def document_shares(unit: Unit, document_id: str) -> list[Share]:
    document = get_document(unit, document_id)
    return shares.list_shares(unit, OBJECT_TYPE, document.id, document.party_id)
