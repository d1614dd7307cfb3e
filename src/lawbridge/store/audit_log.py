"""Appending to the audit chain, under a per-chain lock, in the caller's transaction.

A payload is hashed and stored as its RFC 8785 canonical text. A caller holding the canonical
text of a large part of it already (a takedown's evidence snapshot, written for its row) can have
it spliced in instead of encoded again (:func:`encode_payload`): the text, and so the chain, is
the same byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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


# A string value standing for a part of a payload whose canonical text the caller holds (see
# encode_payload); U+FDD0 is a noncharacter, which no real payload holds.
PART = "\ufdd0lawbridge:canonical-part\ufdd0"
_PART_JSON = f'"{PART}"'  # RFC 8785 writes it as it is: no escape


class EncodedPayload(dict[str, Any]):
    """A payload with its canonical text (from :func:`encode_payload`), which :func:`append`
    takes as it is."""

    __slots__ = ("text",)

    def __init__(self, payload: dict[str, Any], text: str) -> None:
        super().__init__(payload)
        self.text = text


def encode_payload(
    skeleton: dict[str, Any], parts: Sequence[str], payload: dict[str, Any]
) -> EncodedPayload | None:
    """``payload``, whose canonical text is that of ``skeleton`` with its :data:`PART` values
    replaced by ``parts``, in the order they come in that text (a list's order; sorted keys):
    each part must be the canonical text of the value it stands for in ``payload`` (the caller's
    to ensure). None when the skeleton's text holds :data:`PART` other than as ``len(parts)``
    values (the caller then appends ``payload`` as usual)."""
    pieces = rules.canonical_json(skeleton).decode("utf-8").split(_PART_JSON)
    if len(pieces) != len(parts) + 1:
        return None
    text = [pieces[0]]
    for part, piece in zip(parts, pieces[1:], strict=True):
        text.append(part)
        text.append(piece)
    return EncodedPayload(payload, "".join(text))


_LZ4: dict[str, bool] = {}  # database URL -> whether its server compresses with lz4


@contextmanager
def lz4_payloads(session: Session) -> Iterator[None]:
    """Large payloads appended inside are stored compressed with lz4 instead of pglz (PostgreSQL
    14 and later, when built with lz4; elsewhere this does nothing): a 500-takedown event's
    ≈ 500 KB cost the server ≈ 5 ms with pglz, ≈ 1.5 ms with lz4. Only the storage changes:
    the text read back, and so the chain, is the same. The setting is restored after (on an
    error the transaction's end undoes it)."""
    if session.connection().dialect.name != "postgresql" or not _has_lz4(session):
        yield
        return
    setting = "default_toast_compression"
    before = session.execute(text("SELECT current_setting(:name)"), {"name": setting}).scalar()
    session.execute(text("SELECT set_config(:name, 'lz4', true)"), {"name": setting})
    yield
    session.execute(
        text("SELECT set_config(:name, :value, true)"), {"name": setting, "value": before}
    )


def _has_lz4(session: Session) -> bool:
    key = str(session.get_bind().engine.url)
    if key not in _LZ4:
        query = text(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        _LZ4[key] = bool(session.execute(query).scalar())
    return _LZ4[key]


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
    moment = rules.as_utc(occurred_at or utcnow())
    if isinstance(payload, EncodedPayload):
        payload_text = payload.text
    else:
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
    event = _row(fields, moment, payload_text, head.chain_hash, leaf)
    session.add(event)
    _advance(session, head, leaf, checkpoint_every)
    session.flush()
    return event


def _row(
    fields: rules.EventFields, moment: datetime, payload: str, previous: str, leaf: bytes
) -> AuditEvent:
    return AuditEvent(
        seq=fields.index,
        occurred_at=moment,
        actor_id=fields.actor_id,
        actor_label=fields.actor_label,
        party_id=fields.party_id,
        action=fields.action,
        object_type=fields.object_type,
        object_id=fields.object_id,
        payload=payload,
        payload_hash=fields.payload_hash,
        prev_hash=previous,
        chain_hash=rules.chain_hash(bytes.fromhex(previous), leaf).hex(),
    )


def _advance(session: Session, head: AuditHead, leaf: bytes, checkpoint_every: int) -> None:
    """Move the head past ``leaf``; write a checkpoint when the new size is a multiple of N."""
    frontier = rules.frontier_append([bytes.fromhex(h) for h in head.frontier], head.size, leaf)
    head.size += 1
    head.chain_hash = rules.chain_hash(bytes.fromhex(head.chain_hash), leaf).hex()
    head.frontier = [h.hex() for h in frontier]
    if head.size % checkpoint_every == 0:
        session.add(
            AuditCheckpoint(
                tree_size=head.size,
                root_hash=rules.frontier_root(frontier).hex(),
                chain_hash=head.chain_hash,
            )
        )


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


def iter_events(
    session: Session, batch: int = 1000, stop: int | None = None
) -> Iterator[AuditEvent]:
    """Every event in chain order (those with ``seq < stop`` when given), streamed in batches."""
    last = -1
    while True:
        query = select(AuditEvent).where(AuditEvent.seq > last)
        if stop is not None:
            query = query.where(AuditEvent.seq < stop)
        rows = session.scalars(query.order_by(AuditEvent.seq).limit(batch)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def head(session: Session, *, refresh: bool = False) -> AuditHead | None:
    """The chain's head row; ``refresh`` re-reads it even if the session has it loaded."""
    return session.get(AuditHead, CHAIN, populate_existing=refresh)


def has_events(session: Session) -> bool:
    return session.scalar(select(AuditEvent.seq).limit(1)) is not None


def checkpoints(session: Session) -> list[AuditCheckpoint]:
    return list(session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.tree_size)))


def checkpoint_covering(session: Session, index: int) -> AuditCheckpoint | None:
    """The earliest checkpoint whose tree contains event ``index``."""
    query = select(AuditCheckpoint).where(AuditCheckpoint.tree_size > index)
    return session.scalars(query.order_by(AuditCheckpoint.tree_size).limit(1)).first()
