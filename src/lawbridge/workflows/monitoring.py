"""Monitoring: ingest posts, hash them with every signal, match them against the party's banks.

:func:`ingest` is the one entry point (the API for one post, the CLI for a batch file, a stream
consumer for a queue). Each post is hashed (text: exact SHA-256 of its normalised form and the
near-duplicate signal; image: SHA-256, PDQ with dihedral variants, multi-crop regions; links:
every hop of their redirect chains, canonical) and matched against the enabled banks through
in-memory indexes (rebuilt per bank version). Then:

* **blocked at upload**: an exact match of a block bank, or a match above threshold of a
  *confirmed* block bank by a signal the bank lets block (``auto_block``; multi-crop-only image
  matches and low-quality PDQ hashes review instead), or a reshare of a taken-down post;
* **review queue**: any other match (unconfirmed banks, policy rules, quarantined entries);
* **published** otherwise.

A match of an ``allow`` bank vetoes every block-bank match of the same modality (text, image,
link). **Flood guard**: a blocking entry that matches more than ``flood_ratio`` of the last
``flood_window`` posts (and at least ``flood_min`` of them) is quarantined (audited) and from then on
sends its matches to review. Every post's signals also join the party's post index, so a later
decision finds stored copies.
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

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
from lawbridge.engines.signals import ExactSignal, LinkSignal, canonical_redirects
from lawbridge.engines.signals.rules import rule_form
from lawbridge.errors import Conflict, InvalidInput, NotFound
from lawbridge.store.content_models import (
    ContentBank,
    ContentBankEntry,
    ContentDecision,
    ContentPost,
    ContentReview,
    ContentTakedown,
)
from lawbridge.store.models import new_id, utcnow
from lawbridge.workflows import banks, takedowns
from lawbridge.workflows.content_index import (
    BANK_INDEXES,
    MULTICROP,
    PDQ,
    POST_INDEXES,
    TEXT,
    BankHit,
    PostIndex,
    database_key,
    text_shingles,
)
from lawbridge.workflows.content_thumbnail import thumbnail_png
from lawbridge.workflows.unit import Unit

EXACT = ExactSignal()
LINKS = LinkSignal()
REVIEW_TYPE = "content_review"
MAX_TEXT = 100_000
MAX_LINKS = 50
MAX_ID = 200


@dataclass(frozen=True, slots=True)
class PostIn:
    """A post to ingest; ``reshare_of`` and ``reply_to`` are external ids of earlier posts."""

    external_id: str
    author: str
    posted_at: datetime
    text: str = ""
    lang: str | None = None
    image: bytes | None = None
    links: tuple[str, ...] = ()
    reshare_of: str | None = None
    reply_to: str | None = None

    def __post_init__(self) -> None:
        for name in ("external_id", "author"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip() or len(value) > MAX_ID:
                raise InvalidInput(f"{name}: 1 to {MAX_ID} characters", {"field": name})
        if not isinstance(self.text, str) or len(self.text) > MAX_TEXT:
            raise InvalidInput(f"text: at most {MAX_TEXT} characters", {"field": "text"})
        if len(self.links) > MAX_LINKS:
            raise InvalidInput(f"links: at most {MAX_LINKS}", {"field": "links"})


@dataclass(slots=True)
class Hashed:
    signals: dict[str, Any]
    shingles: frozenset[str]
    rule_form: str | None
    thumbnail: bytes | None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class IngestResult:
    post: ContentPost
    action: str  # "published", "blocked" or "review"
    hits: tuple[BankHit, ...] = ()
    takedown: ContentTakedown | None = None
    review: ContentReview | None = None
    warnings: tuple[str, ...] = ()


class Hasher:
    """Every signal of a post; ``redirects`` maps short links to their targets."""

    def __init__(self, redirects: Mapping[str, str] | None = None) -> None:
        self.redirects = canonical_redirects(dict(redirects or {}))

    def hash(self, post: PostIn, *, strict: bool = True) -> Hashed:
        """Signals of ``post``; a bad image or link is :class:`InvalidInput` (``strict``) or
        dropped with a warning."""
        hashed = Hashed({}, frozenset(), None, None)
        if post.text.strip():
            signal = TEXT.hash(post.text)
            hashed.signals["text_sha256"] = EXACT.hash(post.text)
            hashed.signals["text"] = signal
            hashed.shingles = text_shingles(signal)
            hashed.rule_form = rule_form(post.text)
        if post.image is not None:
            self._hash_image(post.image, hashed, strict)
        links: list[str] = []
        for link in post.links:
            try:
                chain = LINKS.hash_chain(link, self.redirects)
            except InvalidInput as exc:
                if strict:
                    raise InvalidInput(f"links: {exc.message}", {"field": "links"}) from exc
                hashed.warnings.append(f"link dropped: {exc.message}")
                continue
            links.extend(u for u in chain.urls if u not in links)
        if links:
            hashed.signals["links"] = links
        return hashed

    def _hash_image(self, data: bytes, hashed: Hashed, strict: bool) -> None:
        try:
            work = PDQ.decode(data)
        except InvalidInput as exc:
            if strict:
                raise InvalidInput(exc.message, {"field": "image"}) from exc
            hashed.warnings.append(f"image dropped: {exc.message}")
            return
        hashed.signals["image_sha256"] = hashlib.sha256(data).hexdigest()
        hashed.signals["image_size"] = len(data)
        hashed.signals["pdq"] = PDQ.hash_image(work)
        hashed.signals["image_multicrop"] = MULTICROP.hash_image(work)
        hashed.thumbnail = thumbnail_png(work.rgb)


# --- Flood guard ---------------------------------------------------------------------------------


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


class Monitor:
    """The process's monitoring state: the hasher (redirect table) and the flood guards."""

    def __init__(self, redirects: Mapping[str, str] | None = None) -> None:
        self.hasher = Hasher(redirects)
        self._guards: dict[tuple[str, str], FloodGuard] = {}
        self._lock = threading.Lock()

    def guard(self, unit: Unit, party_id: str) -> FloodGuard:
        with self._lock:
            return self._guards.setdefault((database_key(unit), party_id), FloodGuard())


MONITOR = Monitor()


# --- Ingest --------------------------------------------------------------------------------------


PENDING = "lawbridge_content_pending"


def _lookups(
    unit: Unit, party_id: str, post_in: PostIn, index: PostIndex
) -> tuple[ContentPost | None, str | None]:
    """(reshared post, replied post id): posts of this unit come from memory (unflushed); the
    index knows every stored external id (a hit on the
    duplicate check is confirmed in the database: an index entry may come from a rolled-back
    transaction)."""
    if post_in.external_id in index.external and _stored(unit, party_id, post_in.external_id):
        raise Conflict(f"post '{post_in.external_id}' was already ingested")
    ids: list[str | None] = []
    for name in ("reshare_of", "reply_to"):
        external_id = getattr(post_in, name)
        if external_id is None:
            ids.append(None)
            continue
        post_id = index.external.get(external_id)
        if post_id is None:
            raise InvalidInput(f"{name}: unknown post '{external_id}'", {"field": name})
        ids.append(post_id)
    reshared = unit.session.info.get(PENDING, {}).get(ids[0]) if ids[0] else None
    if ids[0] is not None and reshared is None:
        with unit.session.no_autoflush:
            query = select(ContentPost).where(ContentPost.id == ids[0])
            reshared = unit.session.scalars(query).first()
    return reshared, ids[1]


def _stored(unit: Unit, party_id: str, external_id: str) -> bool:
    query = select(ContentPost.seq).where(
        ContentPost.party_id == party_id, ContentPost.external_id == external_id
    )
    return unit.session.scalars(query).first() is not None


def ingest(
    unit: Unit,
    post_in: PostIn,
    *,
    monitor: Monitor | None = None,
    strict: bool = True,
    sync_index: bool = True,
) -> IngestResult:
    """Store one post, hashed and matched; block it, queue it for review, or publish it."""
    unit.require(Permission.WRITE_RECORDS)
    party_id = unit.actor.party_id
    if party_id is None:
        raise InvalidInput("posts belong to a party; the operator has none")
    monitor = monitor or MONITOR
    index = POST_INDEXES.get(unit, party_id, sync=sync_index)
    reshared, replied = _lookups(unit, party_id, post_in, index)
    hashed = monitor.hasher.hash(post_in, strict=strict)
    post = _new_post(party_id, post_in, hashed, reshared, replied)
    unit.session.add(post)
    unit.session.info.setdefault(PENDING, {})[post.id] = post
    guard = monitor.guard(unit, party_id)
    guard.tick()
    hits = _match(unit, party_id, hashed)
    result = _act(unit, post, hits, reshared, guard)
    if result.action != "published":
        unit.session.flush()
    index.add(post.id, post.external_id, {**hashed.signals, "_shingles": hashed.shingles})
    if result.takedown is not None:
        takedowns.audit_takedowns(unit, [result.takedown])
    return IngestResult(
        post, result.action, result.hits, result.takedown, result.review, tuple(hashed.warnings)
    )


def _new_post(
    party_id: str,
    post_in: PostIn,
    hashed: Hashed,
    reshared: ContentPost | None,
    replied: str | None,
) -> ContentPost:
    signals = dict(hashed.signals)
    return ContentPost(
        id=new_id(),
        party_id=party_id,
        external_id=post_in.external_id,
        author=post_in.author,
        posted_at=post_in.posted_at,
        lang=(post_in.lang or None) and post_in.lang[:16],
        text=post_in.text,
        image_sha256=signals.pop("image_sha256", None),
        image_size=signals.pop("image_size", None),
        thumbnail=hashed.thumbnail,
        links=list(post_in.links),
        reshare_of=reshared.id if reshared else None,
        reply_to=replied,
        signals=signals,
        state=PostState.VISIBLE.value,
        created_at=utcnow(),
    )


def _match(unit: Unit, party_id: str, hashed: Hashed) -> list[tuple[ContentBank, BankHit]]:
    signals = {**hashed.signals, "_shingles": hashed.shingles}
    found: list[tuple[ContentBank, BankHit]] = []
    for bank in banks.enabled_banks(unit, party_id):
        index = BANK_INDEXES.get(unit, bank)
        if len(index):
            found.extend((bank, hit) for hit in index.match(signals, hashed.rule_form))
    return found


def _blocks(bank: ContentBank, hit: BankHit) -> bool:
    if bank.kind != BankKind.BLOCK.value or hit.quarantined or hit.signal_type == "policy_rule":
        return False
    if hit.signal_type == "exact_sha256":
        return True
    return bank.confirmed and hit.signal_type in bank.auto_block and not hit.low_quality


@dataclass(slots=True)
class _Outcome:
    action: str
    hits: tuple[BankHit, ...] = ()
    takedown: ContentTakedown | None = None
    review: ContentReview | None = None


def _act(
    unit: Unit,
    post: ContentPost,
    found: list[tuple[ContentBank, BankHit]],
    reshared: ContentPost | None,
    guard: FloodGuard,
) -> _Outcome:
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
        return _Outcome("blocked", hits, _block_reshare(unit, post, reshared))
    if blocking:
        bank, hit = blocking[0]
        return _Outcome("blocked", hits, _block_match(unit, post, bank, hit))
    if live:
        review = ContentReview(
            party_id=post.party_id,
            post_id=post.id,
            matches=[_hit_dict(b, h) for b, h in live],
            status=ReviewState.OPEN.value,
        )
        unit.session.add(review)
        return _Outcome("review", hits, review=review)
    return _Outcome("published", hits)


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
    decision = (
        unit.session.get(ContentDecision, entry.decision_id)
        if entry and entry.decision_id
        else None
    )
    if decision is not None:
        return takedowns.record_of(decision), decision.id
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


def _block_match(unit: Unit, post: ContentPost, bank: ContentBank, hit: BankHit) -> ContentTakedown:
    post.state = PostState.BLOCKED.value
    entry = unit.session.get(ContentBankEntry, hit.entry_id)
    record, decision_id = _decision_record(unit, entry, bank)
    return takedowns.record_takedown(
        unit,
        post,
        via=Via.UPLOAD,
        record=record,
        decision_id=decision_id,
        source=f"entry {hit.entry_id} of bank '{bank.name}'",
        now=utcnow(),
        bank_entry_id=hit.entry_id,
        found=takedowns.Found(hit.signal_type, hit.distance, dict(hit.detail)),
    )


def _block_reshare(unit: Unit, post: ContentPost, parent: ContentPost) -> ContentTakedown:
    post.state = PostState.BLOCKED.value
    query = select(ContentTakedown).where(
        ContentTakedown.post_id == parent.id, ContentTakedown.state == "active"
    )
    cause = unit.session.scalars(query.order_by(ContentTakedown.created_at.desc())).first()
    decision = (
        unit.session.get(ContentDecision, cause.decision_id)
        if cause and cause.decision_id
        else None
    )
    record = (
        takedowns.record_of(decision)
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
    return takedowns.record_takedown(
        unit,
        post,
        via=Via.UPLOAD,
        record=record,
        decision_id=decision.id if decision else None,
        source=f"a reshare of post {parent.external_id}, which was taken down",
        now=utcnow(),
        bank_entry_id=cause.bank_entry_id if cause else None,
        source_post_id=parent.id,
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
    review.status = close_review(review.status, confirmed=False).value
    review.note = note[:20_000]
    review.decided_at = utcnow()
    review.decided_by = unit.actor.account_id
    unit.record("content.review.dismiss", REVIEW_TYPE, review.id, {"post": review.post_id})
    return review


def delete_post(unit: Unit, post_id: str) -> ContentPost:
    """The author deleted the post (it can no longer be judged; copies are unaffected)."""
    post = takedowns.get_post(unit, post_id)
    unit.require(Permission.WRITE_RECORDS)
    post.state = PostState.DELETED.value
    post.state_changed_at = utcnow()
    unit.record("content.post.delete", "content_post", post.id, {})
    return post


def ingest_many(
    unit: Unit, posts: Sequence[PostIn], *, monitor: Monitor | None = None
) -> list[IngestResult]:
    """Ingest several posts in one transaction (a stream consumer's batch); all or nothing."""
    results = [ingest(unit, p, monitor=monitor) for p in posts]
    unit.record("content.ingest", "content_post", None, {"posts": len(results)})
    return results
