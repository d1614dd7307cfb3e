"""Messages and attachments between the two parties of a cooperation request.

Attachments are stored **in the database, as bytes**, with their SHA-256 and size, under a size
limit (default 10 MiB). Why bytes rather than hash and size only: the counterpart must be able to
fetch exactly the file the hash (and the audit event that carries it) vouches for, from the same
transaction that recorded it; a separate blob store would need its own backup, access control and
consistency with the audit log, and a hash-only record would leave the actual evidence somewhere
the platform cannot show. The limit keeps the database reasonable; larger evidence travels by the
parties' own channels and is referenced by hash in a message. Every read re-checks the hash.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from lawbridge.domain.clocks import SYSTEM_CLOCK, Clock
from lawbridge.domain.requests import RequestStatus
from lawbridge.errors import (
    AuditIntegrityError,
    InvalidInput,
    InvalidTransition,
    NotFound,
    PayloadTooLarge,
)
from lawbridge.store.cases_models import CooperationRequest, RequestAttachment, RequestMessage
from lawbridge.workflows.cases import clean_text
from lawbridge.workflows.clocks import record_both
from lawbridge.workflows.requests import get_request, side_of
from lawbridge.workflows.unit import Unit

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_FILENAME = 255
MESSAGE_TYPE = "request_message"
ATTACHMENT_TYPE = "request_attachment"


def post_message(
    unit: Unit, request_id: str, body: str, *, clock: Clock = SYSTEM_CLOCK
) -> RequestMessage:
    """A message from the actor's party to the other party of a sent request."""
    request = get_request(unit, request_id, write=True)
    if request.status == RequestStatus.DRAFT.value:
        raise InvalidTransition("a draft has no counterpart yet: send it first")
    text = clean_text(body, "body")
    if text is None:
        raise InvalidInput("a message must not be empty", {"field": "body"})
    message = RequestMessage(
        request_id=request.id,
        party_id=unit.actor.party_id or "",
        author_id=unit.actor.account_id,
        author_label=unit.actor.label,
        body=text,
        created_at=clock.now(),
    )
    unit.session.add(message)
    unit.session.flush()
    request.updated_at = message.created_at
    payload = {"request": request.id, "from": message.party_id, "chars": len(text)}
    record_both(unit, request, "request.message", MESSAGE_TYPE, message.id, payload)
    return message


def list_messages(unit: Unit, request_id: str) -> list[RequestMessage]:
    request = get_request(unit, request_id)
    query = select(RequestMessage).where(RequestMessage.request_id == request.id)
    return list(unit.session.scalars(query.order_by(RequestMessage.created_at, RequestMessage.id)))


def _clean_filename(filename: str) -> str:
    name = clean_text(filename, "filename", MAX_FILENAME)
    if name is None or "/" in name or "\\" in name or "\x00" in name:
        raise InvalidInput("a file name without path separators is required", {"field": "filename"})
    return name


def add_attachment(
    unit: Unit,
    request_id: str,
    *,
    filename: str,
    content: bytes,
    media_type: str = "application/octet-stream",
    message_id: str | None = None,
    max_bytes: int = MAX_ATTACHMENT_BYTES,
    clock: Clock = SYSTEM_CLOCK,
) -> RequestAttachment:
    """Attach a file (SHA-256 hashed) to a request, or to one of its messages.

    The requester may attach to its draft; once sent, either side may attach. A file over
    ``max_bytes`` is PayloadTooLarge and nothing is stored.
    """
    request = get_request(unit, request_id, write=True)
    _check_size(content, max_bytes)
    if message_id is not None:
        _check_message(unit, request, message_id)
    attachment = RequestAttachment(
        request_id=request.id,
        message_id=message_id,
        party_id=unit.actor.party_id or "",
        filename=_clean_filename(filename),
        media_type=clean_text(media_type, "media_type", 120) or "application/octet-stream",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=bytes(content),
        created_by=unit.actor.account_id,
        created_at=clock.now(),
    )
    unit.session.add(attachment)
    unit.session.flush()
    payload = {"request": request.id, "sha256": attachment.sha256, "size": attachment.size}
    record_both(unit, request, "request.attach", ATTACHMENT_TYPE, attachment.id, payload)
    return attachment


def _check_size(content: bytes, max_bytes: int) -> None:
    if len(content) > max_bytes:
        raise PayloadTooLarge(
            f"an attachment is at most {max_bytes} bytes (this one has {len(content)})",
            {"limit": max_bytes, "size": len(content)},
        )


def _check_message(unit: Unit, request: CooperationRequest, message_id: str) -> None:
    message = unit.session.get(RequestMessage, message_id)
    if message is None or message.request_id != request.id:
        raise NotFound(f"no {MESSAGE_TYPE} '{message_id}'")
    if message.party_id != unit.actor.party_id:
        raise InvalidInput("attach files to your own party's messages only")


def list_attachments(unit: Unit, request_id: str) -> list[RequestAttachment]:
    request = get_request(unit, request_id)
    query = select(RequestAttachment).where(RequestAttachment.request_id == request.id)
    return list(unit.session.scalars(query.order_by(RequestAttachment.created_at)))


def get_attachment(unit: Unit, attachment_id: str) -> RequestAttachment:
    """An attachment of a request the actor can see, its hash checked; NotFound otherwise."""
    attachment = unit.session.get(RequestAttachment, attachment_id)
    if attachment is None:
        raise NotFound(f"no {ATTACHMENT_TYPE} '{attachment_id}'")
    try:
        request = get_request(unit, attachment.request_id)
    except NotFound:
        raise NotFound(f"no {ATTACHMENT_TYPE} '{attachment_id}'") from None
    if side_of(unit, request) is None and not unit.actor.is_system:
        raise NotFound(f"no {ATTACHMENT_TYPE} '{attachment_id}'")
    if hashlib.sha256(attachment.content).hexdigest() != attachment.sha256:
        raise AuditIntegrityError(f"attachment '{attachment.id}' does not match its SHA-256")
    return attachment
