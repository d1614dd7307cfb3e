"""Appending to the audit chain, under a per-chain lock, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from lawbridge.domain import audit as rules
from lawbridge.store.db import WRITE_OPTION
from lawbridge.store.models import AuditCheckpoint, AuditEvent, AuditHead, utcnow

CHAIN = "main"
# Transaction-scoped advisory lock key for the chain on PostgreSQL ("lawbr" in ASCII).
ADVISORY_LOCK_KEY = 0x6C61776272


def _lock_chain(session: Session) -> None:
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
    elif not connection.get_execution_options().get(WRITE_OPTION):
        # SQLite serialises writers with BEGIN IMMEDIATE, which only Database.writing() issues.
        raise RuntimeError("audit events must be appended inside Database.writing()")


def _head(session: Session) -> AuditHead:
    head = session.get(AuditHead, CHAIN, populate_existing=True)
    if head is None:
        head = AuditHead(chain=CHAIN, size=0, chain_hash=rules.GENESIS.hex(), frontier=[])
        session.add(head)
    return head


def append(
    session: Session,
    *,
    actor_id: str | None,
    actor_label: str,
    party_id: str | None,
    action: str,
    object_type: str | None,
    object_id: str | None,
    payload: dict[str, Any],
    checkpoint_every: int,
    occurred_at: datetime | None = None,
) -> AuditEvent:
    """Append one event; the caller's transaction commits it together with the change it records."""
    _lock_chain(session)
    head = _head(session)
    moment = occurred_at or utcnow()
    payload_text = rules.canonical_json(payload).decode("utf-8")
    fields = rules.EventFields(
        index=head.size,
        occurred_at=rules.format_time(moment),
        actor_id=actor_id,
        actor_label=actor_label,
        party_id=party_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        payload_hash=rules.sha256_hex(payload_text.encode("utf-8")),
    )
    leaf = rules.leaf_hash(fields.entry())
    previous = bytes.fromhex(head.chain_hash)
    linked = rules.chain_hash(previous, leaf)
    event = AuditEvent(
        seq=fields.index,
        occurred_at=moment,
        actor_id=actor_id,
        actor_label=actor_label,
        party_id=party_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        payload=payload_text,
        payload_hash=fields.payload_hash,
        prev_hash=head.chain_hash,
        chain_hash=linked.hex(),
    )
    session.add(event)
    frontier = rules.frontier_append([bytes.fromhex(h) for h in head.frontier], head.size, leaf)
    head.size += 1
    head.chain_hash = linked.hex()
    head.frontier = [h.hex() for h in frontier]
    if head.size % checkpoint_every == 0:
        session.add(
            AuditCheckpoint(
                tree_size=head.size,
                root_hash=rules.frontier_root(frontier).hex(),
                chain_hash=head.chain_hash,
            )
        )
    session.flush()
    return event


def fields_of(event: AuditEvent) -> rules.EventFields:
    """The hashed fields as stored in a row (payload hash recomputed from the stored payload)."""
    return rules.EventFields(
        index=event.seq,
        occurred_at=rules.format_time(event.occurred_at),
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        party_id=event.party_id,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        payload_hash=rules.sha256_hex(event.payload.encode("utf-8")),
    )


def iter_events(session: Session, batch: int = 1000) -> Iterator[AuditEvent]:
    """Every event in chain order, streamed in batches."""
    last = -1
    while True:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.seq > last).order_by(AuditEvent.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def head(session: Session) -> AuditHead | None:
    return session.get(AuditHead, CHAIN)


def checkpoints(session: Session) -> list[AuditCheckpoint]:
    return list(session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.tree_size)))
