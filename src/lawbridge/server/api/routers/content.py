"""Content monitoring: banks (+ entries, hash-list import/export), posts, the review queue,
decisions that propagate, takedowns with their DSA statement of reasons, notices and appeals."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from lawbridge.errors import InvalidInput
from lawbridge.server.api.params import MAX_INT64, PRINTABLE, ObjectId
from lawbridge.server.api.responses import AUTHENTICATED
from lawbridge.server.api.schemas_content import (
    AppealCreate,
    AppealDecision,
    AppealPublic,
    BankCreate,
    BankImportIn,
    BankImportPublic,
    BankPublic,
    BankUpdate,
    DecisionCreate,
    DecisionOutcome,
    DecisionPublic,
    EntryCreate,
    EntryPublic,
    EntryStatusChange,
    HashFormat,
    IngestOutcome,
    NoticePublic,
    PostCreate,
    PostPublic,
    ReviewDismiss,
    ReviewPublic,
    TakedownDetail,
    TakedownPublic,
)
from lawbridge.server.deps import ActorDep, ContextDep
from lawbridge.server.idempotency import PostDep
from lawbridge.workflows import appeals, banks, monitoring, takedowns
from lawbridge.workflows.unit import Unit

router = APIRouter(prefix="/content", tags=["content"], responses=AUTHENTICATED)
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=MAX_INT64)]
Id = Annotated[str | None, Query(max_length=120, pattern=PRINTABLE)]
MEDIA = {"txt": "text/plain", "csv": "text/csv", "tsv": "text/tab-separated-values"}


def decode_image(data: str | None) -> bytes | None:
    if data is None:
        return None
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput("image_base64 is not valid base64", {"field": "image_base64"}) from exc


# --- Banks ---------------------------------------------------------------------------------------


@router.get("/banks", response_model=list[BankPublic])
def list_banks(context: ContextDep, actor: ActorDep) -> list[BankPublic]:
    with context.read(actor) as unit:
        return [BankPublic.model_validate(b) for b in banks.list_banks(unit)]


@router.post("/banks", response_model=BankPublic, status_code=201)
def create_bank(body: BankCreate, post: PostDep) -> Response:
    def work(unit: Unit) -> BankPublic:
        return BankPublic.model_validate(banks.create_bank(unit, **body.model_dump()))

    return post(work)


@router.get("/banks/{bank_id}", response_model=BankPublic)
def get_bank(bank_id: ObjectId, context: ContextDep, actor: ActorDep) -> BankPublic:
    with context.read(actor) as unit:
        return BankPublic.model_validate(banks.get_bank(unit, bank_id))


@router.patch("/banks/{bank_id}", response_model=BankPublic)
def update_bank(
    bank_id: ObjectId, body: BankUpdate, context: ContextDep, actor: ActorDep
) -> BankPublic:
    with context.write(actor) as unit:
        bank = banks.update_bank(unit, bank_id, **body.model_dump(exclude_none=True))
        return BankPublic.model_validate(bank)


@router.get("/banks/{bank_id}/entries", response_model=list[EntryPublic])
def list_entries(
    bank_id: ObjectId,
    context: ContextDep,
    actor: ActorDep,
    status: Literal["active", "quarantined", "removed"] | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[EntryPublic]:
    with context.read(actor) as unit:
        found = banks.list_entries(unit, bank_id, status=status, limit=limit, offset=offset)
        return [EntryPublic.model_validate(e) for e in found]


@router.post("/banks/{bank_id}/entries", response_model=EntryPublic, status_code=201)
def add_entry(bank_id: ObjectId, body: EntryCreate, post: PostDep) -> Response:
    def work(unit: Unit) -> EntryPublic:
        content: str | bytes | None = body.content
        if body.image_base64 is not None:
            content = decode_image(body.image_base64)
        entry = banks.add_entry(
            unit,
            bank_id,
            signal_type=body.signal_type,
            signal=body.signal,
            content=content,
            source="api",
            tags=body.tags,
        )
        return EntryPublic.model_validate(entry)

    return post(work)


@router.post("/banks/{bank_id}/import", response_model=BankImportPublic)
def import_entries(bank_id: ObjectId, body: BankImportIn, post: PostDep) -> Response:
    """Import a python-threatexchange hash list (``txt``: "type signal" lines; ``csv``/``tsv``)."""

    def work(unit: Unit) -> BankImportPublic:
        report = banks.import_entries(
            unit, bank_id, body.text, fmt=body.format, signal_type=body.signal_type
        )
        return BankImportPublic.model_validate(report, from_attributes=True)

    return post(work, status_code=200)


@router.get("/banks/{bank_id}/export", response_class=Response)
def export_entries(
    bank_id: ObjectId, context: ContextDep, actor: ActorDep, format: HashFormat = "txt"
) -> Response:
    """The bank's active entries as a python-threatexchange hash list."""
    with context.read(actor) as unit:
        text = banks.export_entries(unit, bank_id, fmt=format)
    return Response(text, media_type=MEDIA[format])


@router.post("/bank-entries/{bank_entry_id}/status", response_model=EntryPublic)
def set_entry_status(bank_entry_id: ObjectId, body: EntryStatusChange, post: PostDep) -> Response:
    """Remove an entry, quarantine it, or release it from quarantine."""

    def work(unit: Unit) -> EntryPublic:
        entry = banks.set_entry_status(unit, bank_entry_id, body.status, body.reason)
        return EntryPublic.model_validate(entry)

    return post(work, status_code=200)


# --- Posts, review queue, decisions --------------------------------------------------------------


@router.post("/posts", response_model=IngestOutcome, status_code=201)
def ingest(body: PostCreate, post: PostDep) -> Response:
    """Ingest one post: hashed, matched, then blocked, queued for review or published."""

    def work(unit: Unit) -> IngestOutcome:
        result = monitoring.ingest(
            unit,
            monitoring.PostIn(
                external_id=body.id,
                author=body.author,
                posted_at=body.ts,
                text=body.text,
                lang=body.lang,
                image=decode_image(body.image_base64),
                links=tuple(body.links),
                reshare_of=body.reshare_of,
                reply_to=body.reply_to,
            ),
        )
        unit.session.flush()
        return IngestOutcome(
            post=PostPublic.model_validate(result.post),
            action=result.action,
            matches=[
                {"entry_id": h.entry_id, "signal_type": h.signal_type, "distance": h.distance}
                for h in result.hits
            ],
            takedown_id=result.takedown.id if result.takedown else None,
            review_id=result.review.id if result.review else None,
            warnings=list(result.warnings),
        )

    return post(work)


@router.get("/posts/{post_id}", response_model=PostPublic)
def get_post(post_id: ObjectId, context: ContextDep, actor: ActorDep) -> PostPublic:
    with context.read(actor) as unit:
        return PostPublic.model_validate(takedowns.get_post(unit, post_id))


@router.post("/posts/{post_id}/decision", response_model=DecisionOutcome, status_code=201)
def decide(post_id: ObjectId, body: DecisionCreate, post: PostDep) -> Response:
    """Judge the post illegal; every copy, near-copy and reshare goes in the same transaction."""

    def work(unit: Unit) -> DecisionOutcome:
        result = takedowns.decide(unit, post_id, **body.model_dump())
        return DecisionOutcome(
            decision=DecisionPublic.model_validate(result.decision),
            takedowns=[TakedownPublic.model_validate(t) for t in result.takedowns],
        )

    return post(work)


@router.get("/reviews", response_model=list[ReviewPublic])
def list_reviews(
    context: ContextDep,
    actor: ActorDep,
    status: Literal["open", "confirmed", "dismissed"] | None = "open",
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[ReviewPublic]:
    with context.read(actor) as unit:
        found = monitoring.list_reviews(unit, status=status, limit=limit, offset=offset)
        return [ReviewPublic.model_validate(r) for r in found]


@router.get("/reviews/{review_id}", response_model=ReviewPublic)
def get_review(review_id: ObjectId, context: ContextDep, actor: ActorDep) -> ReviewPublic:
    with context.read(actor) as unit:
        return ReviewPublic.model_validate(monitoring.get_review(unit, review_id))


@router.post("/reviews/{review_id}/dismiss", response_model=ReviewPublic)
def dismiss_review(review_id: ObjectId, body: ReviewDismiss, post: PostDep) -> Response:
    def work(unit: Unit) -> ReviewPublic:
        return ReviewPublic.model_validate(
            monitoring.dismiss_review(unit, review_id, note=body.note)
        )

    return post(work, status_code=200)


@router.get("/decisions/{decision_id}", response_model=DecisionOutcome)
def get_decision(decision_id: ObjectId, context: ContextDep, actor: ActorDep) -> DecisionOutcome:
    """A decision and every takedown it caused (the propagation tree: ``source_post_id``)."""
    with context.read(actor) as unit:
        decision = takedowns.get_decision(unit, decision_id)
        found = takedowns.list_takedowns(unit, decision_id=decision.id, limit=1_000_000)
        return DecisionOutcome(
            decision=DecisionPublic.model_validate(decision),
            takedowns=[TakedownPublic.model_validate(t) for t in found],
        )


# --- Takedowns, notices, appeals -----------------------------------------------------------------


@router.get("/takedowns", response_model=list[TakedownPublic])
def list_takedowns(
    context: ContextDep,
    actor: ActorDep,
    decision_id: Id = None,
    post_id: Id = None,
    state: Literal["active", "reversed"] | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[TakedownPublic]:
    with context.read(actor) as unit:
        found = takedowns.list_takedowns(
            unit, decision_id=decision_id, post_id=post_id, state=state, limit=limit, offset=offset
        )
        return [TakedownPublic.model_validate(t) for t in found]


@router.get("/takedowns/{takedown_id}", response_model=TakedownDetail)
def get_takedown(takedown_id: ObjectId, context: ContextDep, actor: ActorDep) -> TakedownDetail:
    with context.read(actor) as unit:
        return TakedownDetail.model_validate(takedowns.get_takedown(unit, takedown_id))


@router.get("/takedowns/{takedown_id}/statement", response_class=JSONResponse)
def get_statement(takedown_id: ObjectId, context: ContextDep, actor: ActorDep) -> JSONResponse:
    """The takedown's statement of reasons, as submitted to the DSA Transparency Database."""
    with context.read(actor) as unit:
        return JSONResponse(takedowns.get_takedown(unit, takedown_id).statement)


@router.get("/notices", response_model=list[NoticePublic])
def list_notices(
    context: ContextDep,
    actor: ActorDep,
    author: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)] = None,
    post_id: Id = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[NoticePublic]:
    with context.read(actor) as unit:
        found = takedowns.list_notices(
            unit, author=author, post_id=post_id, limit=limit, offset=offset
        )
        return [NoticePublic.model_validate(n) for n in found]


@router.post("/takedowns/{takedown_id}/appeals", response_model=AppealPublic, status_code=201)
def file_appeal(takedown_id: ObjectId, body: AppealCreate, post: PostDep) -> Response:
    def work(unit: Unit) -> AppealPublic:
        return AppealPublic.model_validate(
            appeals.file_appeal(unit, takedown_id, reason=body.reason)
        )

    return post(work)


@router.get("/appeals", response_model=list[AppealPublic])
def list_appeals(
    context: ContextDep,
    actor: ActorDep,
    status: Literal["open", "upheld", "rejected"] | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[AppealPublic]:
    with context.read(actor) as unit:
        found = appeals.list_appeals(unit, status=status, limit=limit, offset=offset)
        return [AppealPublic.model_validate(a) for a in found]


@router.get("/appeals/{appeal_id}", response_model=AppealPublic)
def get_appeal(appeal_id: ObjectId, context: ContextDep, actor: ActorDep) -> AppealPublic:
    with context.read(actor) as unit:
        return AppealPublic.model_validate(appeals.get_appeal(unit, appeal_id))


@router.post("/appeals/{appeal_id}/decision", response_model=AppealPublic)
def decide_appeal(appeal_id: ObjectId, body: AppealDecision, post: PostDep) -> Response:
    """Uphold (restore; with ``decision_wrong``, everything the decision propagated to) or reject."""

    def work(unit: Unit) -> AppealPublic:
        appeal = appeals.decide(
            unit,
            appeal_id,
            upheld=body.upheld,
            reason=body.reason,
            decision_wrong=body.decision_wrong,
        )
        return AppealPublic.model_validate(appeal)

    return post(work, status_code=200)
