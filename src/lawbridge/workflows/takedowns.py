"""Decisions that content is illegal and their propagation; takedowns, evidence, notices.

:func:`decide` judges one post (``Permission.REVIEW``) and, **in the same transaction**, takes down
every stored copy and near-copy found through the party's post indexes (text containment of the
judged text, the judged text embedded in a longer post, PDQ with dihedral variants, multi-crop
regions verified by brute force, canonical links after redirects), every reshare chain below each
of them, and adds the judged content to the party's decisions bank so that future uploads are
blocked. Replies are never followed; a post quoting a small part of the judged text holds too
little of it to be a copy. Posts restored on appeal are not taken down again by propagation.

Each takedown keeps its evidence (a snapshot of the post and its signals, with the snapshot's
SHA-256 of its compact sorted-key JSON; written to the audit log in events of up to 500
takedowns), its own statement of reasons in the DSA Transparency Database format, and a notice to
the author saying how to appeal.

Propagation works on plain rows, not ORM objects (see :mod:`lawbridge.workflows.content_bulk`):
all inside the caller's transaction, so a failure anywhere leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, overload

from sqlalchemy import select, update

from lawbridge.domain import audit as audit_rules
from lawbridge.domain.content import (
    AutomatedDecision,
    DecisionRecord,
    Modality,
    PostState,
    ReviewState,
    StatementFacts,
    Via,
    describe_match,
    parse,
    statement_of_reasons,
    take_down,
)
from lawbridge.domain.roles import Permission
from lawbridge.engines.signals import decode_image
from lawbridge.errors import InvalidInput, InvalidTransition, NotFound
from lawbridge.store.content_models import (
    ContentBank,
    ContentDecision,
    ContentNotice,
    ContentPost,
    ContentReview,
    ContentTakedown,
)
from lawbridge.store.models import new_id, utcnow
from lawbridge.workflows import banks
from lawbridge.workflows.content_bulk import (
    CHUNK,
    POST_COLUMNS,
    PostLike,
    PostView,
    TakedownBatch,
    TakedownLike,
    TakedownRow,
)
from lawbridge.workflows.content_index import (
    DEFAULT_THRESHOLDS,
    MULTICROP,
    POST_INDEXES,
    TEXT,
    PostIndex,
)
from lawbridge.workflows.unit import Unit

POST_TYPE = "content_post"
DECISION_TYPE = "content_decision"
TAKEDOWN_TYPE = "content_takedown"
EVIDENCE_PER_EVENT = 500
# Without an explicit modality, a judged text propagates only when it is this long (in shingles)
# or the post has nothing else: a short caption under a banned photo is not itself banned.
MIN_DEFAULT_TEXT_SHINGLES = 8


@dataclass(frozen=True, slots=True)
class Found:
    """How a stored post was found to copy the judged one."""

    signal: str
    distance: float
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class DecisionResult:
    decision: ContentDecision
    takedowns: list[TakedownRow]


def record_of(decision: ContentDecision) -> DecisionRecord:
    return DecisionRecord(
        category=decision.category,
        legal_ground=decision.legal_ground,
        explanation=decision.explanation,
        decider=decision.decider,
        automated_detection=decision.automated_detection,
        automated_decision=AutomatedDecision(decision.automated_decision),
    )


def get_post(unit: Unit, post_id: str) -> ContentPost:
    post = unit.session.scalars(select(ContentPost).where(ContentPost.id == post_id)).first()
    if post is None or post.party_id != unit.actor.party_id:
        raise NotFound(f"no {POST_TYPE} '{post_id}'")
    unit.require(Permission.READ_RECORDS)
    return post


def _modalities(post: PostLike) -> list[Modality]:
    present = []
    if post.signals.get("text"):
        present.append(Modality.TEXT)
    if post.signals.get("pdq") or post.image_sha256:
        present.append(Modality.IMAGE)
    if post.signals.get("links"):
        present.append(Modality.LINK)
    return present


def choose_modalities(post: ContentPost, requested: Sequence[str] | None) -> list[Modality]:
    """What of the judged post is illegal: ``requested`` (text/image/link) or, by default, all it
    has (a short text beside an image or link excepted)."""
    present = _modalities(post)
    if requested:
        wanted = {parse(Modality, m, "modalities") for m in requested}
        return [m for m in present if m in wanted] or present
    if Modality.TEXT in present and len(present) > 1:
        if len(TEXT.shingle_set(post.signals["text"])) < MIN_DEFAULT_TEXT_SHINGLES:
            present.remove(Modality.TEXT)
    return present


# --- Evidence, statements, notices ---------------------------------------------------------------


def snapshot(post: PostLike) -> dict[str, Any]:
    signals = {k: v for k, v in post.signals.items() if not k.startswith("_")}
    thumb = post.thumbnail
    return {
        "post_id": post.id,
        "external_id": post.external_id,
        "author": post.author,
        "posted_at": audit_rules.format_time(post.posted_at),
        "lang": post.lang,
        "text": post.text,
        "links": list(post.links),
        "image_sha256": post.image_sha256,
        "image_size": post.image_size,
        "thumbnail_sha256": hashlib.sha256(thumb).hexdigest() if thumb else None,
        "reshare_of": post.reshare_of,
        "reply_to": post.reply_to,
        "signals": signals,
    }


@overload
def record_takedown(
    unit: Unit,
    post: PostLike,
    *,
    via: Via,
    record: DecisionRecord,
    decision_id: str | None,
    source: str,
    now: datetime,
    bank_entry_id: str | None = None,
    source_post_id: str | None = None,
    found: Found | None = None,
    batch: None = None,
) -> ContentTakedown: ...


@overload
def record_takedown(
    unit: Unit,
    post: PostLike,
    *,
    via: Via,
    record: DecisionRecord,
    decision_id: str | None,
    source: str,
    now: datetime,
    bank_entry_id: str | None = None,
    source_post_id: str | None = None,
    found: Found | None = None,
    batch: TakedownBatch,
) -> TakedownRow: ...


def record_takedown(
    unit: Unit,
    post: PostLike,
    *,
    via: Via,
    record: DecisionRecord,
    decision_id: str | None,
    source: str,
    now: datetime,
    bank_entry_id: str | None = None,
    source_post_id: str | None = None,
    found: Found | None = None,
    batch: TakedownBatch | None = None,
) -> ContentTakedown | TakedownRow:
    """Take ``post`` down (or mark it blocked) with evidence, statement of reasons and notice:
    added to the session, or collected in ``batch`` for :meth:`TakedownBatch.write`."""
    post.state = take_down(post.state).value
    post.state_changed_at = now
    row, text = _takedown_row(post, via, record, decision_id, source, now, bank_entry_id, found)
    row.source_post_id = source_post_id
    notice = {
        "id": new_id(),
        "party_id": post.party_id,
        "post_id": post.id,
        "takedown_id": row.id,
        "appeal_id": None,
        "author": post.author,
        "kind": "takedown",
        "body": notice_text(post, row.statement),
        "created_at": now,
    }
    if batch is not None:
        batch.add(row, text, notice, post.state)
        return row
    takedown = ContentTakedown(**row.values())
    unit.session.add(takedown)
    unit.session.add(ContentNotice(**notice))
    return takedown


def _takedown_row(
    post: PostLike,
    via: Via,
    record: DecisionRecord,
    decision_id: str | None,
    source: str,
    now: datetime,
    bank_entry_id: str | None,
    found: Found | None,
) -> tuple[TakedownRow, str]:
    """The takedown of ``post`` and its evidence as compact JSON."""
    evidence = snapshot(post)
    text = evidence_text(evidence)
    takedown_id = new_id()
    facts = describe_match(via, source, found.signal if found else None, _distance(found))
    statement = statement_of_reasons(
        StatementFacts(
            puid=takedown_id,
            via=via,
            decision=record,
            content=tuple(m.value for m in _modalities(post)),
            language=post.lang,
            content_date=post.posted_at,
            application_date=now,
            facts=f"{facts} Decision: {record.explanation}",
        )
    )
    row = TakedownRow(
        id=takedown_id,
        party_id=post.party_id,
        post_id=post.id,
        decision_id=decision_id,
        bank_entry_id=bank_entry_id,
        via=via.value,
        source_post_id=None,
        signal=found.signal if found else None,
        distance=_distance(found),
        match=dict(found.detail) if found else {},
        evidence=evidence,
        evidence_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        statement=statement,
        state="active",
        created_at=now,
    )
    return row, text


def evidence_digest(evidence: dict[str, Any]) -> str:
    """SHA-256 of the snapshot as compact JSON with sorted keys (UTF-8, no ASCII escapes)."""
    return hashlib.sha256(evidence_text(evidence).encode("utf-8")).hexdigest()


def evidence_text(evidence: dict[str, Any]) -> str:
    """The snapshot as compact JSON with sorted keys (what :func:`evidence_digest` hashes)."""
    return _COMPACT.encode(evidence)


_COMPACT = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _distance(found: Found | None) -> float | None:
    return None if found is None else float(found.distance)


def notice_text(post: PostLike, statement: dict[str, Any]) -> str:
    return (
        f"Your post {post.external_id} was "
        f"{'blocked' if post.state == PostState.BLOCKED.value else 'removed'} "
        f"under {statement['illegal_content_legal_ground']}. {statement['decision_facts']} "
        f"You may appeal this decision (statement {statement['puid']})."
    )


def audit_takedowns(unit: Unit, takedowns: Sequence[TakedownLike]) -> None:
    """The evidence of each takedown into the audit log, up to 500 takedowns per event."""
    for start in range(0, len(takedowns), EVIDENCE_PER_EVENT):
        chunk = takedowns[start : start + EVIDENCE_PER_EVENT]
        items = [
            {
                "takedown": t.id,
                "post": t.post_id,
                "via": t.via,
                "decision": t.decision_id,
                "bank_entry": t.bank_entry_id,
                "signal": t.signal,
                "distance": t.distance,
                "evidence_sha256": t.evidence_sha256,
                "snapshot": t.evidence,
            }
            for t in chunk
        ]
        unit.record("content.takedown", TAKEDOWN_TYPE, chunk[0].id, {"takedowns": items})


# --- Finding copies ------------------------------------------------------------------------------


def _threshold(bank: ContentBank, key: str) -> float:
    return float(bank.thresholds.get(key, DEFAULT_THRESHOLDS[key]))


def find_copies(
    index: PostIndex,
    post: ContentPost,
    modalities: Sequence[Modality],
    bank: ContentBank,
    reference: str | None,
) -> dict[str, Found]:
    """Stored posts (ids) that copy the judged post in the given modalities; multi-crop
    candidates carry no distance yet (``signal == "image_multicrop?"``), verified by the caller."""
    found: dict[str, Found] = {}
    signals = post.signals
    if Modality.LINK in modalities:
        for post_id, url in index.linking(signals.get("links") or ()).items():
            found[post_id] = Found("url_canonical", 0.0, {"url": url})
    if Modality.IMAGE in modalities and reference:
        for post_id in index.multicrop_candidates(reference):
            found[post_id] = Found("image_multicrop?", 0.0)
    if Modality.IMAGE in modalities and signals.get("pdq"):
        limit = int(_threshold(bank, "pdq"))
        for post_id, (distance, low) in index.pdq(signals["pdq"], limit).items():
            if not low:
                found[post_id] = Found("pdq", distance, {"bits": int(distance)})
    if Modality.TEXT in modalities and signals.get("text"):
        threshold = _threshold(bank, "text_near_dup")
        for post_id, share in index.containing(signals["text"], threshold).items():
            found[post_id] = Found("text_near_dup", round(1 - share, 4), {"containment": share})
        for post_id in index.exact_text(signals.get("text_sha256") or ""):
            found[post_id] = Found("exact_sha256", 0.0)
    found.pop(post.id, None)
    return found


def _verify(candidate: PostLike, found: Found, reference: str | None) -> Found | None:
    if found.signal != "image_multicrop?":
        return found
    regions = candidate.signals.get("image_multicrop")
    if not regions or reference is None:
        return None
    comparison = MULTICROP.compare(regions, reference)
    if not comparison.matched:
        return None
    return Found("image_multicrop", comparison.distance, dict(comparison.detail))


def _posts(unit: Unit, party_id: str, ids: Iterable[str]) -> Iterator[PostView]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        query = select(*POST_COLUMNS).where(
            ContentPost.party_id == party_id, ContentPost.id.in_(ordered[start : start + CHUNK])
        )
        for row in unit.session.execute(query.order_by(ContentPost.seq)):
            yield PostView(*row)


def _children(unit: Unit, party_id: str, parents: list[str]) -> list[PostView]:
    out: list[PostView] = []
    for start in range(0, len(parents), CHUNK):
        query = select(*POST_COLUMNS).where(
            ContentPost.party_id == party_id,
            ContentPost.reshare_of.in_(parents[start : start + CHUNK]),
        )
        out.extend(PostView(*row) for row in unit.session.execute(query.order_by(ContentPost.seq)))
    return out


def image_reference(post: ContentPost) -> str | None:
    """The multi-crop bank reference (crops, rotations, mirrors) of the judged post's image."""
    if not post.thumbnail:
        return None
    work = decode_image(post.thumbnail, work_size=MULTICROP.config.work_size)
    return MULTICROP.hash_reference_image(work)


# --- The decision --------------------------------------------------------------------------------


def decide(
    unit: Unit,
    post_id: str,
    *,
    category: str,
    legal_ground: str,
    explanation: str,
    modalities: Sequence[str] | None = None,
    automated_detection: bool = False,
    automated_decision: str = AutomatedDecision.NOT_AUTOMATED.value,
    decider: str | None = None,
    sync_index: bool = True,
) -> DecisionResult:
    """Judge a post illegal and propagate at once (see the module docstring)."""
    unit.require(Permission.REVIEW)
    post = get_post(unit, post_id)
    if post.state == PostState.DELETED.value:
        raise InvalidTransition("the post was deleted by its author; nothing to decide")
    record = DecisionRecord(
        category=category,
        legal_ground=legal_ground,
        explanation=explanation,
        decider=decider or unit.actor.label,
        automated_detection=automated_detection,
        automated_decision=parse(AutomatedDecision, automated_decision, "automated_decision"),
    )
    chosen = choose_modalities(post, modalities)
    if not chosen:
        raise InvalidInput("the post has no content to judge")
    now = utcnow()
    decision = ContentDecision(
        id=new_id(),
        party_id=post.party_id,
        post_id=post.id,
        category=category,
        legal_ground=legal_ground,
        explanation=explanation,
        decider=record.decider,
        decider_id=unit.actor.account_id,
        automated_detection=automated_detection,
        automated_decision=record.automated_decision.value,
        modalities=[m.value for m in chosen],
        status="in_force",
        created_at=now,
    )
    unit.session.add(decision)
    unit.session.flush()
    bank = banks.decisions_bank(unit, post.party_id)
    reference = image_reference(post) if Modality.IMAGE in chosen else None
    entries = _bank_judged(unit, bank, post, chosen, reference, decision.id)
    index = POST_INDEXES.get(unit, post.party_id, sync=sync_index)
    takedowns = _propagate(unit, post, chosen, bank, reference, decision, record, index, now)
    decision.takedowns = len(takedowns)
    _close_reviews(unit, {t.post_id for t in takedowns} | {post.id}, now)
    unit.record(
        "content.decide",
        DECISION_TYPE,
        decision.id,
        {
            "post": post.id,
            "category": category,
            "legal_ground": legal_ground,
            "decider": record.decider,
            "automated_detection": automated_detection,
            "automated_decision": record.automated_decision.value,
            "modalities": decision.modalities,
            "bank_entries": entries,
            "takedowns": len(takedowns),
        },
    )
    audit_takedowns(unit, takedowns)
    return DecisionResult(decision, takedowns)


def _bank_judged(
    unit: Unit,
    bank: ContentBank,
    post: ContentPost,
    chosen: Sequence[Modality],
    reference: str | None,
    decision_id: str,
) -> list[str]:
    """The judged content's signals into the decisions bank (future uploads are blocked)."""
    s = post.signals
    signals: list[tuple[str, str | None]] = []
    if Modality.TEXT in chosen:
        text_ok = len(TEXT.shingle_set(s.get("text") or "")) >= TEXT.config.min_shingles
        signals += [("exact_sha256", s.get("text_sha256"))]
        signals += [("text_near_dup", s.get("text") if text_ok else None)]
    if Modality.IMAGE in chosen:
        pdq = (s.get("pdq") or "")[:64] or None
        signals += [("exact_sha256", post.image_sha256), ("pdq", pdq)]
        signals += [("image_multicrop", reference)]
    if Modality.LINK in chosen:
        signals += [("url_canonical", url) for url in s.get("links") or ()]
    added: list[str] = []
    for signal_type, signal in signals:
        if signal:
            entry, _ = banks.add_signal(
                unit, bank, signal_type, signal, source=f"post:{post.id}", decision_id=decision_id
            )
            added.append(entry.id)
    banks.bump(bank)
    unit.session.flush()
    return added


def _propagate(
    unit: Unit,
    post: ContentPost,
    chosen: Sequence[Modality],
    bank: ContentBank,
    reference: str | None,
    decision: ContentDecision,
    record: DecisionRecord,
    index: PostIndex,
    now: datetime,
) -> list[TakedownRow]:
    batch = TakedownBatch()
    judged = f"post {post.external_id} (judged illegal by decision {decision.id})"

    def take(target: PostLike, via: Via, source: str, found: Found | None, parent: str) -> None:
        record_takedown(
            unit,
            target,
            via=via,
            record=record,
            decision_id=decision.id,
            source=source,
            now=now,
            source_post_id=parent,
            found=found,
            batch=batch,
        )

    if post.state not in (PostState.BLOCKED.value, PostState.TAKEN_DOWN.value):
        take(post, Via.JUDGED, f"decision {decision.id}", None, post.id)
    frontier = [post.id]
    candidates = find_copies(index, post, chosen, bank, reference)
    for copy in _posts(unit, post.party_id, candidates):
        found = _verify(copy, candidates[copy.id], reference)
        if found is None:
            continue
        frontier.append(copy.id)
        if copy.state == PostState.VISIBLE.value:
            take(copy, Via.COPY, judged, found, post.id)
    seen = set(frontier)
    while frontier:
        children = [c for c in _children(unit, post.party_id, frontier) if c.id not in seen]
        for child in children:
            seen.add(child.id)
            if child.state == PostState.VISIBLE.value:
                take(child, Via.RESHARE, f"post {child.reshare_of}", None, child.reshare_of or "")
        frontier = [c.id for c in children]
    unit.session.flush()
    batch.write(unit.session, now)
    return batch.rows


def _close_reviews(unit: Unit, post_ids: set[str], now: datetime) -> None:
    ids = sorted(post_ids)
    for start in range(0, len(ids), CHUNK):
        unit.session.execute(
            update(ContentReview)
            .where(
                ContentReview.post_id.in_(ids[start : start + CHUNK]),
                ContentReview.status == ReviewState.OPEN.value,
            )
            .values(
                status=ReviewState.CONFIRMED.value,
                decided_at=now,
                decided_by=unit.actor.account_id,
            )
        )


# --- Reading -------------------------------------------------------------------------------------


def get_decision(unit: Unit, decision_id: str) -> ContentDecision:
    decision = unit.session.get(ContentDecision, decision_id)
    if decision is None or decision.party_id != unit.actor.party_id:
        raise NotFound(f"no {DECISION_TYPE} '{decision_id}'")
    unit.require(Permission.READ_RECORDS)
    return decision


def get_takedown(unit: Unit, takedown_id: str) -> ContentTakedown:
    takedown = unit.session.get(ContentTakedown, takedown_id)
    if takedown is None or takedown.party_id != unit.actor.party_id:
        raise NotFound(f"no {TAKEDOWN_TYPE} '{takedown_id}'")
    unit.require(Permission.READ_RECORDS)
    return takedown


def list_takedowns(
    unit: Unit,
    *,
    decision_id: str | None = None,
    post_id: str | None = None,
    state: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[ContentTakedown]:
    unit.require(Permission.READ_RECORDS)
    query = select(ContentTakedown).where(ContentTakedown.party_id == unit.actor.party_id)
    if decision_id is not None:
        query = query.where(ContentTakedown.decision_id == decision_id)
    if post_id is not None:
        query = query.where(ContentTakedown.post_id == post_id)
    if state is not None:
        query = query.where(ContentTakedown.state == state)
    query = query.order_by(ContentTakedown.created_at, ContentTakedown.id)
    return list(unit.session.scalars(query.limit(limit).offset(offset)))


def list_notices(
    unit: Unit,
    *,
    author: str | None = None,
    post_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[ContentNotice]:
    unit.require(Permission.READ_RECORDS)
    query = select(ContentNotice).where(ContentNotice.party_id == unit.actor.party_id)
    if author is not None:
        query = query.where(ContentNotice.author == author)
    if post_id is not None:
        query = query.where(ContentNotice.post_id == post_id)
    query = query.order_by(ContentNotice.created_at, ContentNotice.id)
    return list(unit.session.scalars(query.limit(limit).offset(offset)))
