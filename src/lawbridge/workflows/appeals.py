"""Appeals against takedowns: filed for the author, decided by a reviewer, in one transaction.

An **upheld** appeal restores the post. When the reviewer also finds the decision itself wrong
(``decision_wrong``), everything that decision propagated to comes back with it: every active
takedown citing the decision (copies, reshares, blocked re-uploads), and the decision's entries
leave the decisions bank (future uploads are no longer blocked); for a block by an imported bank
entry, the entry is removed and every takedown it caused is reversed. Otherwise the post comes back
with the reshares below it that were taken down only because of it. A post with another active
takedown stays down, and one its author deleted stays deleted (its takedown is reversed all the
same: the appeal is decided, and counted, whatever the author did with the post since). Each
restored author gets a notice; a rejected appeal gets one too.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select

from lawbridge.domain.content import (
    TAKEN,
    AppealState,
    EntryStatus,
    PostState,
    TakedownState,
    Via,
    restore,
)
from lawbridge.domain.content import (
    decide_appeal as next_state,
)
from lawbridge.domain.roles import Permission
from lawbridge.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from lawbridge.store.content_models import (
    ContentAppeal,
    ContentBank,
    ContentBankEntry,
    ContentDecision,
    ContentNotice,
    ContentPost,
    ContentTakedown,
)
from lawbridge.store.models import utcnow
from lawbridge.workflows import banks
from lawbridge.workflows.content_bulk import CHUNK
from lawbridge.workflows.takedowns import get_takedown, hold_posts
from lawbridge.workflows.unit import Unit

APPEAL_TYPE = "content_appeal"
MAX_REASON = 20_000
Row = TypeVar("Row", ContentTakedown, ContentPost)


def file_appeal(unit: Unit, takedown_id: str, *, reason: str) -> ContentAppeal:
    """The author's appeal against one active takedown (one open appeal at a time)."""
    takedown = get_takedown(unit, takedown_id)
    unit.require(Permission.WRITE_RECORDS)
    if not reason.strip() or len(reason) > MAX_REASON:
        raise InvalidInput(f"reason: 1 to {MAX_REASON} characters", {"field": "reason"})
    # the takedown locked (and read again) before its state and its open appeals are checked: an
    # appeal filed meanwhile, or a reversal, is then seen here, so the later filing gets Conflict
    # (or InvalidTransition) where both passed the check and two appeals were open at once
    unit.lock(takedown)
    if takedown.state != TakedownState.ACTIVE.value:
        raise InvalidTransition("this takedown was already reversed")
    query = select(ContentAppeal.id).where(
        ContentAppeal.takedown_id == takedown.id, ContentAppeal.status == AppealState.OPEN.value
    )
    if unit.session.scalars(query).first() is not None:
        raise Conflict("this takedown already has an open appeal")
    post = unit.session.scalars(select(ContentPost).where(ContentPost.id == takedown.post_id)).one()
    appeal = ContentAppeal(
        party_id=takedown.party_id,
        takedown_id=takedown.id,
        post_id=post.id,
        author=post.author,
        reason=reason.strip(),
        status=AppealState.OPEN.value,
        restored=0,
    )
    unit.session.add(appeal)
    unit.session.flush()
    unit.record("content.appeal.file", APPEAL_TYPE, appeal.id, {"takedown": takedown.id})
    return appeal


def get_appeal(unit: Unit, appeal_id: str) -> ContentAppeal:
    appeal = unit.session.get(ContentAppeal, appeal_id)
    if appeal is None or appeal.party_id != unit.actor.party_id:
        raise NotFound(f"no {APPEAL_TYPE} '{appeal_id}'")
    unit.require(Permission.READ_RECORDS)
    return appeal


def list_appeals(
    unit: Unit, *, status: str | None = None, limit: int = 100, offset: int = 0
) -> list[ContentAppeal]:
    unit.require(Permission.READ_RECORDS)
    query = select(ContentAppeal).where(ContentAppeal.party_id == unit.actor.party_id)
    if status is not None:
        query = query.where(ContentAppeal.status == status)
    query = query.order_by(ContentAppeal.created_at, ContentAppeal.id)
    return list(unit.session.scalars(query.limit(limit).offset(offset)))


def decide(
    unit: Unit, appeal_id: str, *, upheld: bool, reason: str, decision_wrong: bool = False
) -> ContentAppeal:
    """Uphold (restore) or reject an appeal; see the module docstring."""
    appeal = get_appeal(unit, appeal_id)
    unit.require(Permission.REVIEW)
    if not reason.strip():
        raise InvalidInput("reason must not be empty", {"field": "reason"})
    if decision_wrong and not upheld:
        raise InvalidInput("a wrong decision upholds the appeal")
    # Locks, taken in one order by every decision: the appeal, the party's posts (hold_posts, if
    # upheld), the takedowns it reverses (by id), then their posts (by id); file_appeal takes
    # only the takedown. Two decisions at once so wait for each other, where taking them in
    # another order could leave each holding a row the other waits for (a deadlock, which
    # PostgreSQL ends by failing one of them).
    # The appeal is read again under its lock: a reviewer deciding it meanwhile is seen here, so
    # the later decision gets InvalidTransition where both were judged from "open".
    appeal.status = next_state(unit.lock(appeal).status, upheld).value
    if upheld:  # a reversal changes which posts are up: not beside a decision or upload in flight
        hold_posts(unit, appeal.party_id)
    now = utcnow()
    appeal.decision_wrong = decision_wrong
    appeal.outcome = reason.strip()[:MAX_REASON]
    appeal.decided_at = now
    appeal.decided_by = unit.actor.account_id
    takedown = get_takedown(unit, appeal.takedown_id)
    restored: list[str] = []
    if upheld and takedown.state == TakedownState.ACTIVE.value:
        # Which takedowns come back is read without locks, then they are locked and read again:
        # one another appeal reversed meanwhile (a copy's, and then its decision found wrong) is
        # left out, where it was reversed twice and its post "restored" again (which failed).
        found = _caused(unit, takedown) if decision_wrong else _subtree(unit, takedown)
        _locked(unit, ContentTakedown, [takedown.id, *(t.id for t in found)])
        if takedown.state == TakedownState.ACTIVE.value:  # still, under the lock
            if decision_wrong:
                _unbank(unit, takedown, now)
            active = [t for t in found if t.state == TakedownState.ACTIVE.value]
            restored = _reverse(unit, active, reason, now, appeal.id)
    elif not upheld:
        _notice(
            unit, takedown.post_id, appeal, "appeal_rejected", f"Your appeal was rejected: {reason}"
        )
    appeal.restored = len(restored)
    unit.record(
        "content.appeal.decide",
        APPEAL_TYPE,
        appeal.id,
        {
            "takedown": takedown.id,
            "status": appeal.status,
            "decision_wrong": decision_wrong,
            "restored_posts": restored,
        },
    )
    return appeal


def _active(unit: Unit, **where: str) -> list[ContentTakedown]:
    query = select(ContentTakedown).where(ContentTakedown.state == TakedownState.ACTIVE.value)
    for column, value in where.items():
        query = query.where(getattr(ContentTakedown, column) == value)
    return list(unit.session.scalars(query.order_by(ContentTakedown.created_at)))


def _locked(unit: Unit, model: type[Row], ids: Iterable[str]) -> list[Row]:
    """The rows, locked in the order of their ids (``SELECT … FOR NO KEY UPDATE``; see
    ``decide``) and read again (a change another transaction committed meanwhile replaces what
    was read)."""
    ordered = sorted(set(ids))
    rows: list[Row] = []
    for start in range(0, len(ordered), CHUNK):
        query = (
            select(model)
            .where(model.id.in_(ordered[start : start + CHUNK]))
            .order_by(model.id)
            .with_for_update(key_share=True)
            .execution_options(populate_existing=True)
        )
        rows.extend(unit.session.scalars(query))
    return rows


def _caused(unit: Unit, takedown: ContentTakedown) -> list[ContentTakedown]:
    """Every active takedown the wrong decision (or wrong bank entry) caused."""
    if takedown.decision_id is not None:
        return _active(unit, decision_id=takedown.decision_id)
    if takedown.bank_entry_id is not None:
        return _active(unit, bank_entry_id=takedown.bank_entry_id)
    return _subtree(unit, takedown)


def _unbank(unit: Unit, takedown: ContentTakedown, now: datetime) -> None:
    """The wrong decision reversed and its entries removed (or the wrong bank entry removed)."""
    if takedown.decision_id is not None:
        decision = unit.session.get(ContentDecision, takedown.decision_id)
        assert decision is not None
        decision.status = "reversed"
        decision.reversed_at = now
        entries = select(ContentBankEntry).where(ContentBankEntry.decision_id == decision.id)
        _remove_entries(unit, list(unit.session.scalars(entries)), now)
    elif takedown.bank_entry_id is not None:
        entry = unit.session.get(ContentBankEntry, takedown.bank_entry_id)
        if entry is not None:
            _remove_entries(unit, [entry], now)


def _remove_entries(unit: Unit, entries: list[ContentBankEntry], now: datetime) -> None:
    for bank_id in {e.bank_id for e in entries}:
        bank = unit.session.get(ContentBank, bank_id)
        assert bank is not None
        banks.bump(bank)
    for entry in entries:
        entry.status = EntryStatus.REMOVED.value
        entry.updated_at = now


def _subtree(unit: Unit, takedown: ContentTakedown) -> list[ContentTakedown]:
    """The takedown and those of reshares (and re-uploads of reshares) taken down because of it."""
    out, frontier = [takedown], [takedown.post_id]
    seen = {takedown.id}
    while frontier:
        query = select(ContentTakedown).where(
            ContentTakedown.state == TakedownState.ACTIVE.value,
            ContentTakedown.via.in_([Via.RESHARE.value, Via.UPLOAD.value]),
            ContentTakedown.source_post_id.in_(frontier[:CHUNK]),
            ContentTakedown.bank_entry_id.is_(None),
        )
        found = [t for t in unit.session.scalars(query) if t.id not in seen]
        seen.update(t.id for t in found)
        out.extend(found)
        frontier = frontier[CHUNK:] + [t.post_id for t in found]
    return out


def _reverse(
    unit: Unit, reversed_: Iterable[ContentTakedown], reason: str, now: datetime, appeal_id: str
) -> list[str]:
    post_ids: set[str] = set()
    for takedown in reversed_:
        takedown.state = TakedownState.REVERSED.value
        takedown.reversed_at = now
        takedown.reversed_reason = reason[:MAX_REASON]
        post_ids.add(takedown.post_id)
    unit.session.flush()
    # the posts locked (and read again) before they are restored: one its author deleted
    # meanwhile is seen deleted and stays so, where "restored" was written over the deletion;
    # and of two appeals at once that each reverse one of a post's two takedowns, the later
    # counts the earlier's reversal, where each saw the other's still active
    posts = _locked(unit, ContentPost, post_ids)
    ids = [post.id for post in posts]
    still_down: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        query = select(ContentTakedown.post_id).where(
            ContentTakedown.post_id.in_(ids[start : start + CHUNK]),
            ContentTakedown.state == TakedownState.ACTIVE.value,
        )
        still_down.update(unit.session.scalars(query))
    restored: list[str] = []
    for post in posts:
        if post.id in still_down or PostState(post.state) not in TAKEN:
            continue  # down for another reason, or deleted by its author: it stays as it is
        post.state = restore(post.state).value
        post.state_changed_at = now
        restored.append(post.id)
        unit.session.add(
            ContentNotice(
                party_id=post.party_id,
                post_id=post.id,
                appeal_id=appeal_id,
                author=post.author,
                kind="restored",
                body=f"Your post {post.external_id} was restored: {reason}",
                created_at=now,
            )
        )
    return sorted(restored)


def _notice(unit: Unit, post_id: str, appeal: ContentAppeal, kind: str, body: str) -> None:
    post = unit.session.scalars(select(ContentPost).where(ContentPost.id == post_id)).one()
    unit.session.add(
        ContentNotice(
            party_id=post.party_id,
            post_id=post.id,
            takedown_id=appeal.takedown_id,
            appeal_id=appeal.id,
            author=post.author,
            kind=kind,
            body=body[:MAX_REASON],
        )
    )
