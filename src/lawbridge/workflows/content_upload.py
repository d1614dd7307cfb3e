"""What happens to a post at upload once it was matched, and the review queue.

* **blocked at upload**: an exact match of a block bank, or a match above threshold of a
  *confirmed* block bank by a signal the bank lets block (``auto_block``; multi-crop-only image
  matches and low-quality PDQ hashes review instead), or a reshare of a taken-down post;
* **review queue**: any other match (unconfirmed banks, policy rules, quarantined entries);
* **published** otherwise.

A match of an ``allow`` bank vetoes every block-bank match of the same modality (text, image,
link). **Flood guard**: a blocking entry that matches more than ``flood_ratio`` of the last
``flood_window`` posts (and at least ``flood_min`` of them) is quarantined (audited) and from then on
sends its matches to review.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from lawbridge.domain.content import (
    AutomatedDecision,
    BankKind,
    DecisionRecord,
    EntryStatus,
    PostState,
    ReviewState,
    Via,
    close_review,
)
from lawbridge.domain.roles import Permission
from lawbridge.errors import NotFound
from lawbridge.store.content_models import (
    ContentBank,
    ContentBankEntry,
    ContentDecision,
    ContentPost,
    ContentReview,
    ContentTakedown,
)
from lawbridge.store.models import new_id, utcnow
from lawbridge.workflows import banks
from lawbridge.workflows.content_bulk import TakedownBatch, TakedownRow
from lawbridge.workflows.content_evidence import Found, audit_takedowns, record_of, record_takedown
from lawbridge.workflows.content_index import BankHit, database_key
from lawbridge.workflows.unit import Unit

REVIEW_TYPE = "content_review"
UPLOAD_BATCH = "lawbridge_content_upload_batch"  # session.info key of upload_batch()


class FloodGuard:
    """Per party: how many posts were seen, and when each blocking entry last matched."""

    def __init__(self) -> None:
        self.seen = 0
        self.hits: dict[str, deque[int]] = {}

    def tick(self) -> None:
        self.seen += 1

    def spikes(self, entry_id: str, bank: ContentBank) -> bool:
        """Count a match of ``entry_id``; true when its rate over the window is a spike."""
        window = self.hits.setdefault(entry_id, deque())
        window.append(self.seen)
        while window and window[0] <= self.seen - bank.flood_window:
            window.popleft()
        posts = min(self.seen, bank.flood_window)
        return len(window) >= bank.flood_min and len(window) / posts >= bank.flood_ratio


def _blocks(bank: ContentBank, hit: BankHit) -> bool:
    if bank.kind != BankKind.BLOCK.value or hit.quarantined or hit.signal_type == "policy_rule":
        return False
    if hit.signal_type == "exact_sha256":
        return True
    return bank.confirmed and hit.signal_type in bank.auto_block and not hit.low_quality


@dataclass(slots=True)
class Outcome:
    action: str
    hits: tuple[BankHit, ...] = ()
    takedown: TakedownRow | None = None
    review: ContentReview | None = None


@dataclass(frozen=True, slots=True)
class StoredParent:
    """What ingesting reads of a stored post that a new post reshares or replies to."""

    id: str
    external_id: str
    state: str


Parent = ContentPost | StoredParent  # a reshared or replied-to post


def act(
    unit: Unit,
    post: ContentPost,
    found: list[tuple[ContentBank, BankHit]],
    reshared: Parent | None,
    guard: FloodGuard,
) -> Outcome:
    with unit.session.no_autoflush:  # the batch's posts are flushed together, at commit
        return _act(unit, post, found, reshared, guard)


def _act(
    unit: Unit,
    post: ContentPost,
    found: list[tuple[ContentBank, BankHit]],
    reshared: Parent | None,
    guard: FloodGuard,
) -> Outcome:
    vetoed = {h.modality for b, h in found if b.kind == BankKind.ALLOW.value}
    live = [(b, h) for b, h in found if b.kind == BankKind.BLOCK.value and h.modality not in vetoed]
    hits = tuple(h for _, h in live)
    blocking = sorted(
        ((b, h) for b, h in live if _blocks(b, h)),
        key=lambda bh: (bh[1].signal_type != "exact_sha256", bh[1].distance, bh[1].entry_id),
    )
    blocking = next(([bh] for bh in blocking if not _flooded(unit, bh[0], bh[1], guard)), [])
    if reshared is not None and reshared.state in (
        PostState.BLOCKED.value,
        PostState.TAKEN_DOWN.value,
    ):
        return Outcome("blocked", hits, _block_reshare(unit, post, reshared))
    if blocking:
        bank, hit = blocking[0]
        return Outcome("blocked", hits, _block_match(unit, post, bank, hit))
    if live:
        review = ContentReview(
            id=new_id(),
            party_id=post.party_id,
            post_id=post.id,
            matches=[_hit_dict(b, h) for b, h in live],
            status=ReviewState.OPEN.value,
        )
        unit.session.add(review)
        return Outcome("review", hits, review=review)
    return Outcome("published", hits)


def _hit_dict(bank: ContentBank, hit: BankHit) -> dict[str, Any]:
    return {
        "bank_id": bank.id,
        "bank": bank.name,
        "entry_id": hit.entry_id,
        "signal_type": hit.signal_type,
        "modality": hit.modality,
        "distance": hit.distance,
        "detail": dict(hit.detail),
        "quarantined": hit.quarantined,
    }


def _flooded(unit: Unit, bank: ContentBank, hit: BankHit, guard: FloodGuard) -> bool:
    """Count the match; quarantine the entry (audited) when its match rate spikes."""
    with unit.session.no_autoflush:
        entry = unit.session.get(ContentBankEntry, hit.entry_id)
    if entry is None:
        return False
    entry.match_count += 1
    if not guard.spikes(entry.id, bank):
        return False
    entry.status = EntryStatus.QUARANTINED.value
    entry.updated_at = utcnow()
    banks.bump(bank)
    unit.record(
        "content.bank_entry.quarantined",
        banks.ENTRY_TYPE,
        entry.id,
        {"bank": bank.id, "window": bank.flood_window, "ratio": bank.flood_ratio},
    )
    return True


def _decision_record(
    unit: Unit, entry: ContentBankEntry | None, bank: ContentBank
) -> tuple[DecisionRecord, str | None]:
    found = _recorded(unit, entry.decision_id if entry else None)
    if found is not None:
        return found
    return (
        DecisionRecord(
            category=bank.category,
            legal_ground=bank.legal_ground,
            explanation=f"The content matches known illegal content in bank '{bank.name}'.",
            decider=f"bank:{bank.name}",
            automated_detection=True,
            automated_decision=AutomatedDecision.FULLY,
        ),
        None,
    )


_RECORDS: dict[tuple[str, str], DecisionRecord] = {}
_RECORDS_LOCK = threading.Lock()
RECORDS_KEPT = 1024


def _recorded(unit: Unit, decision_id: str | None) -> tuple[DecisionRecord, str] | None:
    """The record of a stored decision and its id (None if there is none). What a record holds
    (category, ground, explanation, decider, automation) never changes once the decision is
    written, so the records of the latest decisions are kept per database: an upload block no
    longer reads its decision again (the session would not keep it between two blocks)."""
    if not decision_id:
        return None
    key = (database_key(unit), decision_id)
    record = _RECORDS.get(key)
    if record is None:
        decision = unit.session.get(ContentDecision, decision_id)
        if decision is None:
            return None
        record = record_of(decision)
        with _RECORDS_LOCK:
            _RECORDS[key] = record
            while len(_RECORDS) > RECORDS_KEPT:
                _RECORDS.pop(next(iter(_RECORDS)))
    return record, decision_id


def _block_match(unit: Unit, post: ContentPost, bank: ContentBank, hit: BankHit) -> TakedownRow:
    post.state = PostState.BLOCKED.value
    entry = unit.session.get(ContentBankEntry, hit.entry_id)
    record, decision_id = _decision_record(unit, entry, bank)
    return record_takedown(
        unit,
        post,
        via=Via.UPLOAD,
        record=record,
        decision_id=decision_id,
        source=f"entry {hit.entry_id} of bank '{bank.name}'",
        now=utcnow(),
        bank_entry_id=hit.entry_id,
        found=Found(hit.signal_type, hit.distance, dict(hit.detail)),
        batch=upload_batch(unit),
    )


def upload_batch(unit: Unit) -> TakedownBatch:
    """The upload blocks of this transaction: their takedowns and notices are written in bulk and
    their evidence goes to the audit log (one event per 500) just before the transaction commits,
    after the posts they block (flushed with the rest of the batch's posts). A stream consumer's
    or a replay's batch thus writes once, not once per blocked post; a transaction that rolls
    back drops them."""
    session = unit.session
    batch: TakedownBatch | None = session.info.get(UPLOAD_BATCH)
    if batch is not None:
        return batch
    batch = session.info[UPLOAD_BATCH] = TakedownBatch()

    def write(_: Session) -> None:
        pending: TakedownBatch | None = session.info.pop(UPLOAD_BATCH, None)
        if pending is None or not pending.rows:
            return
        session.flush()
        pending.write(session, utcnow(), update_states=False)
        audit_takedowns(unit, pending.taken())

    def drop(_: Session) -> None:
        session.info.pop(UPLOAD_BATCH, None)

    event.listen(session, "before_commit", write, once=True)
    event.listen(session, "after_rollback", drop, once=True)
    return batch


def _cause(unit: Unit, parent_id: str) -> ContentTakedown | TakedownRow | None:
    """The latest active takedown of a post: among this transaction's upload blocks (not yet
    written), else from the database."""
    pending: TakedownBatch | None = unit.session.info.get(UPLOAD_BATCH)
    for takedown in reversed(pending.rows if pending is not None else []):
        if takedown.post_id == parent_id and takedown.state == "active":
            return takedown
    query = select(ContentTakedown).where(
        ContentTakedown.post_id == parent_id, ContentTakedown.state == "active"
    )
    return unit.session.scalars(query.order_by(ContentTakedown.created_at.desc())).first()


def _block_reshare(unit: Unit, post: ContentPost, parent: Parent) -> TakedownRow:
    post.state = PostState.BLOCKED.value
    cause = _cause(unit, parent.id)
    decision = _recorded(unit, cause.decision_id if cause else None)
    record = (
        decision[0]
        if decision is not None
        else DecisionRecord(
            category=str((cause.statement if cause else {}).get("category", "illegal")),
            legal_ground=str(
                (cause.statement if cause else {}).get("illegal_content_legal_ground", "")
            )
            or "reshare of removed content",
            explanation="The post reshares content that was taken down.",
            decider="system",
            automated_detection=True,
            automated_decision=AutomatedDecision.FULLY,
        )
    )
    return record_takedown(
        unit,
        post,
        via=Via.UPLOAD,
        record=record,
        decision_id=decision[1] if decision else None,
        source=f"a reshare of post {parent.external_id}, which was taken down",
        now=utcnow(),
        bank_entry_id=cause.bank_entry_id if cause else None,
        source_post_id=parent.id,
        batch=upload_batch(unit),
    )


# --- Review queue --------------------------------------------------------------------------------


def list_reviews(
    unit: Unit, *, status: str | None = "open", limit: int = 100, offset: int = 0
) -> list[ContentReview]:
    unit.require(Permission.READ_RECORDS)
    query = select(ContentReview).where(ContentReview.party_id == unit.actor.party_id)
    if status is not None:
        query = query.where(ContentReview.status == status)
    query = query.order_by(ContentReview.created_at, ContentReview.id)
    return list(unit.session.scalars(query.limit(limit).offset(offset)))


def get_review(unit: Unit, review_id: str) -> ContentReview:
    review = unit.session.get(ContentReview, review_id)
    if review is None or review.party_id != unit.actor.party_id:
        raise NotFound(f"no {REVIEW_TYPE} '{review_id}'")
    unit.require(Permission.READ_RECORDS)
    return review


def dismiss_review(unit: Unit, review_id: str, *, note: str) -> ContentReview:
    """The reviewer finds nothing illegal: the item leaves the queue (audited)."""
    review = get_review(unit, review_id)
    unit.require(Permission.REVIEW)
    unit.lock(review)  # a decision on the post in flight confirms it: judged from what it left
    review.status = close_review(review.status, confirmed=False).value
    review.note = note[:20_000]
    review.decided_at = utcnow()
    review.decided_by = unit.actor.account_id
    unit.record("content.review.dismiss", REVIEW_TYPE, review.id, {"post": review.post_id})
    return review
