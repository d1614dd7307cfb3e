"""Monitoring: ingest posts, hash them with every signal, match them against the party's banks.

:func:`ingest` is the one entry point (the API for one post, the CLI for a batch file, a stream
consumer for a queue). Each post is hashed (text: exact SHA-256 of its normalised form and the
near-duplicate signal; image: SHA-256, PDQ with dihedral variants, multi-crop regions; links:
every hop of their redirect chains, canonical) and matched against the enabled banks through
in-memory indexes (rebuilt per bank version). Then the post is blocked at upload, queued for
review or published, with the flood guard watching blocking entries
(:mod:`lawbridge.workflows.content_upload`, which also holds the review queue). Every post's signals
also join the party's post index, so a later decision finds stored copies.

The image signals (PDQ, multi-crop, thumbnail: ≈ 2 ms of CPU per image) of the same bytes are the
same, so the hasher keeps those of recent images by their SHA-256 (:class:`ImageCache`): an image
posted again, the way viral pictures are, is decoded once.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm.util import identity_key

from lawbridge.domain.content import PostState
from lawbridge.domain.roles import Permission
from lawbridge.engines.signals import ExactSignal, LinkSignal, canonical_redirects
from lawbridge.engines.signals.rules import rule_form
from lawbridge.errors import Conflict, InvalidInput
from lawbridge.store.content_models import (
    ContentBank,
    ContentPost,
    ContentReview,
)
from lawbridge.store.models import new_id, utcnow
from lawbridge.workflows import banks, takedowns
from lawbridge.workflows.content_bulk import TakedownRow
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
from lawbridge.workflows.content_upload import REVIEW_TYPE as REVIEW_TYPE
from lawbridge.workflows.content_upload import FloodGuard as FloodGuard
from lawbridge.workflows.content_upload import Parent, StoredParent, act
from lawbridge.workflows.content_upload import dismiss_review as dismiss_review
from lawbridge.workflows.content_upload import get_review as get_review
from lawbridge.workflows.content_upload import list_reviews as list_reviews
from lawbridge.workflows.unit import Unit

EXACT = ExactSignal()
LINKS = LinkSignal()
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
class ImageSignals:
    """What an image's bytes yield (all immutable: shared by every post of the same image)."""

    pdq: str
    multicrop: str
    thumbnail: bytes

    @property
    def size(self) -> int:
        return len(self.pdq) + len(self.multicrop) + len(self.thumbnail)


class ImageCache:
    """The signals of recently hashed images by SHA-256, least recently used dropped first
    beyond ``max_bytes`` (thumbnails are most of it: ≈ 19 KB an image)."""

    def __init__(self, max_bytes: int = 32 << 20) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, ImageSignals] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, digest: str) -> ImageSignals | None:
        with self._lock:
            found = self._entries.get(digest)
            if found is not None:
                self._entries.move_to_end(digest)
            return found

    def put(self, digest: str, signals: ImageSignals) -> None:
        with self._lock:
            if digest in self._entries or signals.size > self.max_bytes:
                return
            self._entries[digest] = signals
            self._bytes += signals.size
            while self._bytes > self.max_bytes:
                self._bytes -= self._entries.popitem(last=False)[1].size

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(frozen=True, slots=True)
class IngestResult:
    post: ContentPost
    action: str  # "published", "blocked" or "review"
    hits: tuple[BankHit, ...] = ()
    takedown: TakedownRow | None = None
    review: ContentReview | None = None
    warnings: tuple[str, ...] = ()


class Hasher:
    """Every signal of a post; ``redirects`` maps short links to their targets."""

    def __init__(self, redirects: Mapping[str, str] | None = None) -> None:
        self.redirects = canonical_redirects(dict(redirects or {}))
        self.images = ImageCache()

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
        digest = hashlib.sha256(data).hexdigest()
        image = self.images.get(digest)
        if image is None:
            try:
                work = PDQ.decode(data)
            except InvalidInput as exc:
                if strict:
                    raise InvalidInput(exc.message, {"field": "image"}) from exc
                hashed.warnings.append(f"image dropped: {exc.message}")
                return
            image = ImageSignals(
                PDQ.hash_image(work), MULTICROP.hash_image(work), thumbnail_png(work.rgb)
            )
            self.images.put(digest, image)
        hashed.signals["image_sha256"] = digest
        hashed.signals["image_size"] = len(data)
        hashed.signals["pdq"] = image.pdq
        hashed.signals["image_multicrop"] = image.multicrop
        hashed.thumbnail = image.thumbnail


class Monitor:
    """The process's monitoring state: the hasher (redirect table) and the flood guards."""

    def __init__(self, redirects: Mapping[str, str] | None = None) -> None:
        self.hasher = Hasher(redirects)
        self._guards: dict[tuple[str, str], FloodGuard] = {}
        self._lock = threading.Lock()

    def guard(self, unit: Unit, party_id: str) -> FloodGuard:
        key = (database_key(unit), party_id)
        found = self._guards.get(key)
        if found is not None:
            return found
        with self._lock:
            return self._guards.setdefault(key, FloodGuard())


MONITOR = Monitor()


# --- Ingest --------------------------------------------------------------------------------------


PENDING = "lawbridge_content_pending"


def _lookups(
    unit: Unit, party_id: str, post_in: PostIn, index: PostIndex
) -> tuple[Parent | None, str | None]:
    """(reshared post, replied post id). The duplicate check's hit in the index is confirmed in
    the database: an index entry may come from a rolled-back transaction."""
    if post_in.external_id in index.external and _stored(unit, party_id, post_in.external_id):
        raise Conflict(f"post '{post_in.external_id}' was already ingested")
    reshared = replied = None
    if post_in.reshare_of is not None:
        reshared = _parent(unit, party_id, index, "reshare_of", post_in.reshare_of)
    if post_in.reply_to is not None:
        replied = _parent(unit, party_id, index, "reply_to", post_in.reply_to).id
    return reshared, replied


def _parent(unit: Unit, party_id: str, index: PostIndex, name: str, external_id: str) -> Parent:
    """The party's post ``external_id`` that a new post reshares or replies to: one of this
    unit's (unflushed) posts, else the stored one. The index only names this unit's posts: as a
    cache it may not have caught up with another worker's post yet, or still hold one that is
    gone (rolled back, purged by retention).

    A stored post is read as the three columns ingesting needs, not as an ORM object (half the
    cost of a reshare's lookup); one this session already holds is taken as it holds it."""
    pending = unit.session.info.get(PENDING, {}).get(index.external.get(external_id) or "")
    if pending is not None:
        return cast(ContentPost, pending)
    session = unit.session
    query = _PARENT_QUERY.where(
        ContentPost.party_id == party_id, ContentPost.external_id == external_id
    )
    with session.no_autoflush:  # what ingesting a reshare reads of its parent
        row = session.execute(query).first()
    if row is None:
        raise InvalidInput(f"{name}: unknown post '{external_id}'", {"field": name})
    held: ContentPost | None = session.identity_map.get(identity_key(ContentPost, row.seq))
    if held is not None:
        return held
    return StoredParent(row.id, row.external_id, row.state)


_PARENT_QUERY = select(ContentPost.seq, ContentPost.id, ContentPost.external_id, ContentPost.state)


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
    takedowns.hold_posts(unit, party_id, shared=True)  # not while a decision is in flight
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
    result = act(unit, post, hits, reshared, guard)
    index.add(post.id, post.external_id, {**hashed.signals, "_shingles": hashed.shingles})
    return IngestResult(
        post, result.action, result.hits, result.takedown, result.review, tuple(hashed.warnings)
    )


def _new_post(
    party_id: str,
    post_in: PostIn,
    hashed: Hashed,
    reshared: Parent | None,
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
