"""Decisions that content is illegal; reading decisions, takedowns and notices.

:func:`decide` judges one post (``Permission.REVIEW``) and, **in the same transaction**, takes down
every stored copy and near-copy and every reshare chain below them
(:mod:`lawbridge.workflows.propagation`), and adds the judged content to the party's decisions bank
so that future uploads are blocked. Each takedown keeps its evidence, statement of reasons and
notice (:mod:`lawbridge.workflows.content_evidence`). A decision records its legal ground, the
decider, whether detection and decision were automated, and its ``origin``: ``provider`` (the
provider's own moderation) or ``state_order`` (a takedown order of an authority,
:mod:`lawbridge.workflows.takedown_orders`), which statistics count apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from lawbridge.domain.content import (
    AutomatedDecision,
    DecisionRecord,
    Modality,
    PostState,
    parse,
)
from lawbridge.domain.roles import Permission
from lawbridge.errors import InvalidInput, InvalidTransition, NotFound
from lawbridge.store.content_models import (
    ContentBank,
    ContentDecision,
    ContentNotice,
    ContentPost,
    ContentTakedown,
)
from lawbridge.store.models import new_id, utcnow
from lawbridge.workflows import banks, propagation
from lawbridge.workflows.content_bulk import TakedownRow, gc_paused
from lawbridge.workflows.content_evidence import (
    EVIDENCE_PER_EVENT as EVIDENCE_PER_EVENT,
)
from lawbridge.workflows.content_evidence import (
    TAKEDOWN_TYPE as TAKEDOWN_TYPE,
)
from lawbridge.workflows.content_evidence import (
    Found as Found,
)
from lawbridge.workflows.content_evidence import (
    audit_takedowns as audit_takedowns,
)
from lawbridge.workflows.content_evidence import (
    evidence_digest as evidence_digest,
)
from lawbridge.workflows.content_evidence import (
    evidence_text as evidence_text,
)
from lawbridge.workflows.content_evidence import (
    modalities as modalities_of,
)
from lawbridge.workflows.content_evidence import (
    notice_text as notice_text,
)
from lawbridge.workflows.content_evidence import (
    record_of as record_of,
)
from lawbridge.workflows.content_evidence import (
    record_takedown as record_takedown,
)
from lawbridge.workflows.content_evidence import (
    snapshot as snapshot,
)
from lawbridge.workflows.content_index import POST_INDEXES, TEXT
from lawbridge.workflows.propagation import find_copies as find_copies
from lawbridge.workflows.propagation import image_reference as image_reference
from lawbridge.workflows.unit import Unit

POST_TYPE = "content_post"
DECISION_TYPE = "content_decision"
# Without an explicit modality, a judged text propagates only when it is this long (in shingles)
# or the post has nothing else: a short caption under a banned photo is not itself banned.
MIN_DEFAULT_TEXT_SHINGLES = 8
PROVIDER, STATE_ORDER = "provider", "state_order"
ORIGINS = (PROVIDER, STATE_ORDER)
ORDER_SOURCE_TYPE = "SOURCE_TYPE_OTHER_NOTIFICATION"  # DSA statement source of an authority's order


@dataclass(slots=True)
class DecisionResult:
    decision: ContentDecision
    takedowns: list[TakedownRow]


def hold_posts(unit: Unit, party_id: str, *, shared: bool = False) -> None:
    """The party's posts held still until this transaction ends: exclusively by a change that
    reads which posts are copies or reshares of judged content and takes them down or restores
    them (a decision, an appeal's reversal), shared by an upload, which is checked against the
    banks and may be such a copy or reshare. So an upload waits for a decision in flight and is
    then checked against the bank it left, or the decision waits for the upload and then finds
    it among the stored posts; without the lock neither saw the other and the copy stayed up.
    Two decisions wait for each other too (copies they both find were taken down twice)."""
    unit.lock_name(f"content-posts:{party_id}", shared=shared)


def get_post(unit: Unit, post_id: str) -> ContentPost:
    post = unit.session.scalars(select(ContentPost).where(ContentPost.id == post_id)).first()
    if post is None or post.party_id != unit.actor.party_id:
        raise NotFound(f"no {POST_TYPE} '{post_id}'")
    unit.require(Permission.READ_RECORDS)
    return post


def choose_modalities(post: ContentPost, requested: Sequence[str] | None) -> list[Modality]:
    """What of the judged post is illegal: ``requested`` (text/image/link) or, by default, all it
    has (a short text beside an image or link excepted)."""
    present = modalities_of(post)
    if requested:
        wanted = {parse(Modality, m, "modalities") for m in requested}
        return [m for m in present if m in wanted] or present
    if Modality.TEXT in present and len(present) > 1:
        if len(TEXT.shingle_set(post.signals["text"])) < MIN_DEFAULT_TEXT_SHINGLES:
            present.remove(Modality.TEXT)
    return present


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
    origin: str = PROVIDER,
    order_id: str | None = None,
    source_identity: str | None = None,
) -> DecisionResult:
    """Judge a post illegal and propagate at once (see the module docstring). A decision of
    ``origin`` ``state_order`` executes the takedown order ``order_id`` (use
    :func:`lawbridge.workflows.takedown_orders.execute_order`); its statements of reasons name the
    order's source (``SOURCE_TYPE_OTHER_NOTIFICATION``, ``source_identity``)."""
    unit.require(Permission.REVIEW)
    if origin not in ORIGINS:
        raise InvalidInput(f"origin must be one of {list(ORIGINS)}", {"field": "origin"})
    if (origin == STATE_ORDER) != (order_id is not None):
        raise InvalidInput("a decision executes a takedown order exactly when its origin is one")
    post = get_post(unit, post_id)
    hold_posts(unit, post.party_id)
    unit.lock(post)  # its state as the decision in flight before this one left it
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
        origin=origin,
        order_id=order_id,
        created_at=now,
    )
    unit.session.add(decision)
    unit.session.flush()
    bank = banks.decisions_bank(unit, post.party_id)
    reference = image_reference(post) if Modality.IMAGE in chosen else None
    entries = _bank_judged(unit, bank, post, chosen, reference, decision.id)
    index = POST_INDEXES.get(unit, post.party_id, sync=sync_index)
    source = None
    if origin == STATE_ORDER:
        source = {
            "source_type": ORDER_SOURCE_TYPE,
            "source_identity": (source_identity or "")[:500],
        }
    with gc_paused():  # bulk work: see content_bulk.gc_paused
        takedowns = propagation.propagate(
            unit, post, chosen, bank, reference, decision, record, index, now, source
        )
        decision.takedowns = len(takedowns)
        propagation.close_reviews(unit, {t.post_id for t in takedowns} | {post.id}, now)
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
                "origin": origin,
                "order": order_id,
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
