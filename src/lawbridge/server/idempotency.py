"""Running a POST's write unit with ``Idempotency-Key`` support."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError

from lawbridge.domain.actor import Actor
from lawbridge.server.deps import ActorDep, ContextDep
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


@dataclass(slots=True, frozen=True)
class PostRunner:
    """Everything a POST needs to run its write unit with ``Idempotency-Key`` support."""

    context: Context
    actor: Actor
    key: str | None
    fingerprint: str
    method: str
    path: str

    def __call__(self, work: Callable[[Unit], BaseModel], status_code: int = 201) -> Response:
        """Run ``work`` in one write unit; with a key, store or replay the answer."""
        return self.answer(lambda unit: (status_code, work(unit).model_dump_json()))

    def answer(self, work: Callable[[Unit], tuple[int, str]]) -> Response:
        """As calling, for work that picks its own status and JSON body: a refusal that must be
        committed (an audited rejection) answers 4xx without rolling its unit back."""
        if self.key is None:
            with self.context.write(self.actor) as unit:
                status_code, body = work(unit)
            return Response(body, status_code, media_type="application/json")
        key = idempotency.check_key(self.key)
        try:
            with self.context.write(self.actor) as unit:
                stored = idempotency.find_answer(unit, key, self.fingerprint)
                if stored is None:
                    stored = idempotency.StoredAnswer(*work(unit))
                    idempotency.save_answer(
                        unit,
                        key=key,
                        method=self.method,
                        path=self.path,
                        request_hash=self.fingerprint,
                        answer=stored,
                    )
                    return Response(stored.body, stored.status_code, media_type="application/json")
        except IntegrityError:
            # A concurrent request with the same key committed first: answer as it did.
            with self.context.read(self.actor) as unit:
                stored = idempotency.find_answer(unit, key, self.fingerprint)
            if stored is None:
                raise
        headers = {REPLAY_HEADER: "true"}
        return Response(
            stored.body, stored.status_code, media_type="application/json", headers=headers
        )


def post_runner(
    request: Request,
    context: ContextDep,
    actor: ActorDep,
    fingerprint: FingerprintDep,
    key: KeyDep = None,
) -> PostRunner:
    return PostRunner(context, actor, key, fingerprint, request.method, request.url.path)


PostDep = Annotated[PostRunner, Depends(post_runner)]
