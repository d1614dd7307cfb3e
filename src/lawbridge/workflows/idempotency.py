"""Stored answers for POSTs sent with an ``Idempotency-Key`` (draft-ietf-httpapi-idempotency-key).

The answer is saved in the same transaction as the change it reports, so a retried request either
finds the committed answer or finds nothing and runs as new: never a change without its answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from lawbridge.errors import InvalidInput
from lawbridge.store.models import IdempotencyRecord
from lawbridge.workflows.unit import Unit

MAX_KEY_LENGTH = 200


@dataclass(slots=True, frozen=True)
class StoredAnswer:
    status_code: int
    body: str


def check_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidInput(f"Idempotency-Key must be 1-{MAX_KEY_LENGTH} printable characters")
    return key


def find_answer(unit: Unit, key: str, request_hash: str) -> StoredAnswer | None:
    """The stored answer for ``key``; a key reused for a different request is an error."""
    record = unit.session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.account_id == unit.actor.account_id,
            IdempotencyRecord.key == key,
        )
    )
    if record is None:
        return None
    if record.request_hash != request_hash:
        raise InvalidInput(
            "this Idempotency-Key was already used for a different request",
            {"idempotency_key": key},
        )
    return StoredAnswer(record.status_code, record.response_body)


def save_answer(
    unit: Unit, *, key: str, method: str, path: str, request_hash: str, answer: StoredAnswer
) -> None:
    unit.session.add(
        IdempotencyRecord(
            account_id=unit.actor.account_id or "",
            key=key,
            method=method,
            path=path,
            request_hash=request_hash,
            status_code=answer.status_code,
            response_body=answer.body,
        )
    )
    unit.session.flush()
