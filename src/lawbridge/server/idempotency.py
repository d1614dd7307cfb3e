"""Running a POST's write unit with ``Idempotency-Key`` support."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError

from lawbridge.domain.actor import Actor
from lawbridge.workflows import idempotency
from lawbridge.workflows.unit import Context, Unit

REPLAY_HEADER = "Idempotent-Replayed"


async def request_fingerprint(request: Request) -> str:
    """SHA-256 over method, path, query and body: what a key is bound to."""
    digest = hashlib.sha256()
    for part in (request.method, request.url.path, request.url.query):
        digest.update(part.encode() + b"\x00")
    digest.update(await request.body())
    return digest.hexdigest()


FingerprintDep = Annotated[str, Depends(request_fingerprint)]
KeyDep = Annotated[str | None, Header(alias="Idempotency-Key")]


def run_post(
    context: Context,
    actor: Actor,
    *,
    key: str | None,
    fingerprint: str,
    request: Request,
    work: Callable[[Unit], BaseModel],
    status_code: int = 201,
) -> Response:
    """Run ``work`` in one write unit; with a key, store or replay the answer."""
    if key is None:
        with context.write(actor) as unit:
            body = work(unit).model_dump_json()
        return Response(body, status_code, media_type="application/json")
    key = idempotency.check_key(key)
    try:
        with context.write(actor) as unit:
            stored = idempotency.find_answer(unit, key, fingerprint)
            if stored is None:
                stored = idempotency.StoredAnswer(status_code, work(unit).model_dump_json())
                idempotency.save_answer(
                    unit,
                    key=key,
                    method=request.method,
                    path=request.url.path,
                    request_hash=fingerprint,
                    answer=stored,
                )
                return Response(stored.body, stored.status_code, media_type="application/json")
    except IntegrityError:
        # A concurrent request with the same key committed first: answer as it did.
        with context.read(actor) as unit:
            stored = idempotency.find_answer(unit, key, fingerprint)
        if stored is None:
            raise
    headers = {REPLAY_HEADER: "true"}
    return Response(stored.body, stored.status_code, media_type="application/json", headers=headers)
