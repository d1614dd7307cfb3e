"""Posts from a stream, whatever carries it: one message is one post, delivered at least once,
stored at most once.

The handler ingests each message in its own unit of work (one transaction: the post, its
matches, a block and its takedown, the audit events) and tells the transport what to do next:

* ``stored`` / ``duplicate`` / ``invalid`` → acknowledge. A redelivered message whose post is
  already stored — the worker died after its commit but before its ack, or two workers raced on
  one message — is a ``duplicate``: the unique (party, external id) of ``content_post`` makes the
  second attempt commit nothing, so no post is stored twice and no takedown is made twice. A
  message that can never succeed (not JSON, a missing id, a bad date …) is ``invalid``: it is
  reported (log and dead-letter callback) and the stream goes on.
* ``retry`` → leave it for redelivery after a short delay: a reshare or reply that arrived
  before its original (workers run in parallel: the original is in another worker's batch, or
  waiting itself), or the database being away. A post waiting for its original gives up after
  ``parent_wait`` seconds in the stream (a long reshare chain resolves one link per redelivery,
  so the budget is time, not deliveries); any other retry after ``max_attempts`` deliveries.

Transport adapters (``jobs/nats_stream.py``) only move bytes and acknowledgements.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from lawbridge.domain.actor import Actor
from lawbridge.errors import Conflict, InvalidInput, LawbridgeError
from lawbridge.jobs.posts import post_from_bytes
from lawbridge.settings import Settings
from lawbridge.store.content_models import ContentPost
from lawbridge.workflows import accounts, monitoring
from lawbridge.workflows.unit import Context, Unit

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
PARENT_WAIT = 120.0  # seconds a reshare or reply may wait for its original


class Verdict(StrEnum):
    STORED = "stored"
    DUPLICATE = "duplicate"
    INVALID = "invalid"
    RETRY = "retry"

    @property
    def ack(self) -> bool:
        return self is not Verdict.RETRY


@dataclass(frozen=True, slots=True)
class Handled:
    verdict: Verdict
    post_id: str | None = None  # the platform's id, when the message had a readable one
    action: str | None = None  # published, blocked or review, for a stored post
    reason: str = ""
    waiting: bool = False  # a retry because the post's original has not arrived


DeadLetter = Callable[[bytes, Handled], None]
Delivery = tuple[bytes, int, float]  # body, delivery count (1: first), seconds since published


@dataclass
class PostHandler:
    """Ingests message bodies as ``actor`` (an account of the provider the stream belongs to)."""

    context: Context
    actor: Actor
    monitor: monitoring.Monitor = field(default_factory=monitoring.Monitor)
    max_attempts: int = MAX_ATTEMPTS
    parent_wait: float = PARENT_WAIT
    dead_letter: DeadLetter | None = None
    counts: Counter[str] = field(default_factory=Counter)

    def handle(self, body: bytes, attempt: int = 1, age: float = 0.0) -> Handled:
        """Ingest one message (``attempt``: its delivery count, 1 the first time; ``age``:
        seconds since it was published)."""
        return self._finish(self._handle(body, attempt), body, attempt, age)

    def handle_batch(self, messages: Sequence[Delivery]) -> list[Handled]:
        """Ingest several messages (body, attempt, age) in one transaction — the fast path of a
        fetched batch. Should that transaction fail (a post the workflow refuses, a race with
        another worker, the database), it is rolled back and each message is handled on its own,
        so one bad post never holds up the others."""
        found: list[Handled | None] = [None] * len(messages)
        posts: list[tuple[int, monitoring.PostIn]] = []
        for i, (body, _, _) in enumerate(messages):
            try:
                posts.append((i, post_from_bytes(body)))
            except InvalidInput as exc:
                found[i] = Handled(Verdict.INVALID, reason=exc.message)
        try:
            self._ingest_together(posts, found)
        except Exception:  # whatever it was, the per-message path classifies it
            log.info("a batch of %d posts failed together; handling them one by one", len(posts))
            return [self.handle(body, attempt, age) for body, attempt, age in messages]
        return [
            self._finish(handled or Handled(Verdict.RETRY, reason="not handled"), *message)
            for handled, message in zip(found, messages, strict=True)
        ]

    def _ingest_together(
        self, posts: list[tuple[int, monitoring.PostIn]], found: list[Handled | None]
    ) -> None:
        if not posts:
            return
        with self.context.write(self.actor) as unit:
            wanted = {p.external_id for _, p in posts}
            wanted |= {x for _, p in posts for x in (p.reshare_of, p.reply_to) if x is not None}
            known = _stored_among(unit, wanted)
            synced = True
            for i, post in posts:
                if post.external_id in known:
                    found[i] = Handled(Verdict.DUPLICATE, post.external_id)
                    continue
                parents = (post.reshare_of, post.reply_to)
                missing = [x for x in parents if x is not None and x not in known]
                if missing:
                    reason = f"post '{missing[0]}' has not arrived yet"
                    found[i] = Handled(Verdict.RETRY, post.external_id, reason=reason, waiting=True)
                    continue
                # The in-memory index catches up with other workers' posts once per batch.
                result = monitoring.ingest(unit, post, monitor=self.monitor, sync_index=synced)
                synced = False
                known.add(post.external_id)
                found[i] = Handled(Verdict.STORED, post.external_id, result.action)
            unit.session.flush()

    def _is_stored(self, external_id: str) -> bool:
        with self.context.read(self.actor) as unit:
            return _stored(unit, external_id)

    def _finish(self, handled: Handled, body: bytes, attempt: int, age: float) -> Handled:
        if handled.verdict is Verdict.RETRY:
            if handled.waiting and age >= self.parent_wait:
                reason = f"gave up after {age:.0f} s: {handled.reason}"
                handled = Handled(Verdict.INVALID, handled.post_id, reason=reason)
            elif not handled.waiting and attempt >= self.max_attempts:
                reason = f"gave up after {attempt} deliveries: {handled.reason}"
                handled = Handled(Verdict.INVALID, handled.post_id, reason=reason)
        self.counts[handled.verdict.value] += 1
        if handled.verdict is Verdict.INVALID:
            log.warning("stream post %s refused: %s", handled.post_id, handled.reason)
            if self.dead_letter is not None:
                self.dead_letter(body, handled)
        return handled

    def _handle(self, body: bytes, attempt: int) -> Handled:
        try:
            post = post_from_bytes(body)
        except InvalidInput as exc:
            return Handled(Verdict.INVALID, reason=exc.message)
        try:
            with self.context.write(self.actor) as unit:
                if _stored(unit, post.external_id):
                    return Handled(Verdict.DUPLICATE, post.external_id)
                missing = _missing_parent(unit, post)
                if missing is not None:
                    return Handled(Verdict.RETRY, post.external_id, reason=missing, waiting=True)
                result = monitoring.ingest(unit, post, monitor=self.monitor)
                unit.session.flush()
                action = result.action
        except (Conflict, IntegrityError):
            # Another worker stored the same post between our check and our commit — unless the
            # constraint that failed was another one: then the post is not stored, so try again.
            if self._is_stored(post.external_id):
                return Handled(Verdict.DUPLICATE, post.external_id)
            reason = "the database refused the post; not stored"
            return Handled(Verdict.RETRY, post.external_id, reason=reason)
        except InvalidInput as exc:
            return Handled(Verdict.INVALID, post.external_id, reason=exc.message)
        except OperationalError as exc:
            reason = f"database unavailable: {exc.orig or exc}"
            return Handled(Verdict.RETRY, post.external_id, reason=reason)
        except LawbridgeError as exc:
            return Handled(Verdict.INVALID, post.external_id, reason=exc.message)
        except Exception as exc:  # a worker never dies on one message: retry, then dead-letter
            log.exception("stream post %s failed (delivery %d)", post.external_id, attempt)
            return Handled(Verdict.RETRY, post.external_id, reason=f"{type(exc).__name__}: {exc}")
        return Handled(Verdict.STORED, post.external_id, action)


def _stored(unit: Unit, external_id: str) -> bool:
    query = select(ContentPost.seq).where(
        ContentPost.party_id == unit.actor.party_id, ContentPost.external_id == external_id
    )
    return unit.session.scalars(query).first() is not None


def _stored_among(unit: Unit, external_ids: set[str]) -> set[str]:
    query = select(ContentPost.external_id).where(
        ContentPost.party_id == unit.actor.party_id, ContentPost.external_id.in_(external_ids)
    )
    return set(unit.session.scalars(query))


def _missing_parent(unit: Unit, post: monitoring.PostIn) -> str | None:
    for name in ("reshare_of", "reply_to"):
        parent = getattr(post, name)
        if parent is not None and not _stored(unit, parent):
            return f"{name}: post '{parent}' has not arrived yet"
    return None


@dataclass(frozen=True, slots=True)
class HandlerFactory:
    """Builds a worker's handler in the worker's own process (picklable: settings come from the
    environment there, so each process opens its own database connections)."""

    party: str
    username: str
    max_attempts: int = MAX_ATTEMPTS
    parent_wait: float = PARENT_WAIT

    def __call__(self) -> PostHandler:
        context = Context(Settings())
        try:
            with context.read(Actor.system("stream")) as unit:
                actor = accounts.member_actor(unit, self.party, self.username)
        except BaseException:
            context.close()
            raise
        return PostHandler(
            context, actor, max_attempts=self.max_attempts, parent_wait=self.parent_wait
        )
