"""Retention: delete records past their retention period; one audit event per rule that deleted any.

Each :class:`RetentionRule` names a table, the timestamps that age a row (a row is past retention
when any of them is before the cutoff, ``now`` minus the rule's days), a ``keep`` condition that
excludes rows still needed whatever their age, and the :class:`~lawbridge.settings.Settings` field
holding its retention in days (None: keep for ever, the rule is off). :func:`purge` deletes in
batches inside the caller's transaction, with time from the caller's clock, and records
``retention.purged`` (rule, cutoff, count; never what was deleted) for each rule that deleted rows.

The audit log is never purged: it is the tamper-evident chain (``docs/audit-log.md``), and deleting
or rewriting any event would break every later link and every published tree head. Its events name
objects by id and carry no secrets, so a purged row leaves only its history behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, exists, false, func, not_, or_, select
from sqlalchemy.orm import InstrumentedAttribute, aliased

from lawbridge.domain.clocks import as_utc
from lawbridge.domain.content import PostState
from lawbridge.errors import PermissionDenied
from lawbridge.settings import Settings
from lawbridge.store.content_models import (
    ContentAppeal,
    ContentDecision,
    ContentNotice,
    ContentPost,
    ContentReview,
    ContentTakedown,
)
from lawbridge.store.models import (
    ApiToken,
    Base,
    IdempotencyRecord,
    LoginThrottle,
    PotentialMatch,
    Screening,
    WebSession,
)
from lawbridge.workflows.unit import Unit

BATCH = 500
ACTION = "retention.purged"
OBJECT_TYPE = "retention_rule"

Keep = Callable[[datetime, Settings], ColumnElement[bool]]


def _keep_nothing(cutoff: datetime, settings: Settings) -> ColumnElement[bool]:
    return false()


def _throttle_in_use(cutoff: datetime, settings: Settings) -> ColumnElement[bool]:
    """A counter whose window or lockout ended after the cutoff (or has not ended) still counts."""
    window = timedelta(minutes=settings.login_failure_window_minutes)
    return or_(
        LoginThrottle.window_start >= cutoff - window,
        and_(LoginThrottle.locked_until.is_not(None), LoginThrottle.locked_until >= cutoff),
    )


def _screening_alerted(cutoff: datetime, settings: Settings) -> ColumnElement[bool]:
    """A screened record that ever alerted: its potential matches (open, decided or escalated) are
    the review's file and the dismissal memory, keyed by the party and the record's fingerprint."""
    return exists().where(
        PotentialMatch.party_id == Screening.party_id,
        PotentialMatch.fingerprint == Screening.fingerprint,
    )


def _post_touched() -> ColumnElement[bool]:
    """A post moderation ever touched: blocked, queued, judged, taken down, noticed, appealed or
    restored — the evidence of a decision about a person."""
    return or_(
        ContentPost.state != PostState.VISIBLE.value,
        *(
            exists().where(model.post_id == ContentPost.id)
            for model in (
                ContentReview, ContentDecision, ContentTakedown, ContentNotice, ContentAppeal
            )
        ),
    )  # fmt: skip


def _post_held(cutoff: datetime, settings: Settings) -> ColumnElement[bool]:
    """A touched post, or one a stored post reshares or replies to: the child goes first, and once
    it is gone a later batch of the same purge takes the parent (so chains go whole)."""
    child = aliased(ContentPost)
    return or_(
        _post_touched(),
        exists().where(or_(child.reshare_of == ContentPost.id, child.reply_to == ContentPost.id)),
    )


def _count_posts_due(unit: Unit, cutoff: datetime) -> int:
    """What the post rule's purge deletes, without deleting: the aged, untouched posts less those
    a post that stays holds (its parents, their parents …, walked here in memory)."""
    free = and_(ContentPost.created_at < cutoff, not_(_post_touched()))
    links = (ContentPost.reshare_of, ContentPost.reply_to)
    candidates = {
        post_id: (reshare_of, reply_to)
        for post_id, reshare_of, reply_to in unit.session.execute(
            select(ContentPost.id, *links).where(free)
        )
    }
    staying = select(*links).where(not_(free), or_(*(link.is_not(None) for link in links)))
    held: set[str] = set()
    stack = [p for row in unit.session.execute(staying) for p in row if p in candidates]
    while stack:
        post_id = stack.pop()
        if post_id not in held:
            held.add(post_id)
            stack.extend(p for p in candidates[post_id] if p in candidates)
    return len(candidates) - len(held)


@dataclass(frozen=True, slots=True)
class RetentionRule:
    """What one rule deletes: rows of ``model`` aged by ``aged_by``, except those ``keep`` names."""

    name: str
    model: type[Base]
    key: InstrumentedAttribute[Any]
    aged_by: tuple[InstrumentedAttribute[Any], ...]
    keep: Keep
    setting: str
    description: str
    # Where deleting rows makes others due (a chain of posts), what a purge would delete is not
    # one query's count: this counts it for the dry run.
    count: Callable[[Unit, datetime], int] | None = None

    def days(self, settings: Settings) -> int | None:
        days: int | None = getattr(settings, self.setting)
        return days

    def due(self, cutoff: datetime, settings: Settings) -> ColumnElement[bool]:
        """Rows past retention at ``cutoff`` and not kept (``keep`` is never NULL)."""
        aged = or_(*(column < cutoff for column in self.aged_by))
        return and_(aged, not_(self.keep(cutoff, settings)))


RULES: tuple[RetentionRule, ...] = (
    RetentionRule(
        "web_session",
        WebSession,
        WebSession.id,
        (WebSession.expires_at, WebSession.revoked_at),
        _keep_nothing,
        "retention_web_session_days",
        "browser sessions, from their expiry or sign-out",
    ),
    RetentionRule(
        "login_throttle",
        LoginThrottle,
        LoginThrottle.key,
        (LoginThrottle.window_start,),
        _throttle_in_use,
        "retention_login_throttle_days",
        "failed sign-in counters, from the end of their window and lockout",
    ),
    RetentionRule(
        "idempotency",
        IdempotencyRecord,
        IdempotencyRecord.id,
        (IdempotencyRecord.created_at,),
        _keep_nothing,
        "retention_idempotency_days",
        "stored answers to Idempotency-Key POSTs, from when they were stored",
    ),
    RetentionRule(
        "api_token",
        ApiToken,
        ApiToken.id,
        (ApiToken.expires_at, ApiToken.revoked_at),
        _keep_nothing,
        "retention_api_token_days",
        "expired or revoked API tokens, from their expiry or revocation",
    ),
    RetentionRule(
        "unmatched_screening",
        Screening,
        Screening.id,
        (Screening.created_at,),
        _screening_alerted,
        "retention_unmatched_screening_days",
        "screened person records that never raised a potential match",
    ),
    RetentionRule(
        "content_post",
        ContentPost,
        ContentPost.id,
        (ContentPost.created_at,),
        _post_held,
        "retention_content_post_days",
        "users' posts no moderation touched and no kept post reshares or replies to",
        _count_posts_due,
    ),
)


def rule_names() -> list[str]:
    return [rule.name for rule in RULES]


def cutoffs(settings: Settings, now: datetime) -> dict[str, datetime]:
    """Rule name -> cutoff for every rule that has a retention period (the others keep all)."""
    moment = as_utc(now)
    return {
        rule.name: moment - timedelta(days=days)
        for rule in RULES
        if (days := rule.days(settings)) is not None
    }


def _require_operator(unit: Unit) -> None:
    if not unit.actor.is_system:
        raise PermissionDenied("only the operator purges records past retention")


def count_due(unit: Unit, now: datetime) -> dict[str, int]:
    """Rule name -> rows :func:`purge` would delete at ``now`` (a dry run: changes nothing)."""
    _require_operator(unit)
    due = cutoffs(unit.settings, now)
    counts: dict[str, int] = {}
    for rule in RULES:
        if rule.name in due and rule.count is not None:
            counts[rule.name] = rule.count(unit, due[rule.name])
        elif rule.name in due:
            query = select(func.count()).select_from(rule.model)
            query = query.where(rule.due(due[rule.name], unit.settings))
            counts[rule.name] = unit.session.scalar(query) or 0
    return counts


def _purge_rule(unit: Unit, rule: RetentionRule, cutoff: datetime) -> int:
    """Delete ``rule``'s due rows in batches of :data:`BATCH`; the number deleted."""
    condition = rule.due(cutoff, unit.settings)
    deleted = 0
    while True:
        keys = list(unit.session.scalars(select(rule.key).where(condition).limit(BATCH)))
        if keys:
            unit.session.execute(
                delete(rule.model).where(rule.key.in_(keys)),
                execution_options={"synchronize_session": False},
            )
            deleted += len(keys)
        if not keys:  # not `< BATCH`: a deletion can make more rows due (a post's last reshare)
            return deleted


def purge(unit: Unit, now: datetime) -> dict[str, int]:
    """Delete every rule's rows past retention at ``now``; rule name -> rows deleted.

    Runs in the caller's write unit (nothing is deleted unless it commits) and records one
    ``retention.purged`` event for each rule that deleted rows: the rule, its cutoff and the count.
    """
    _require_operator(unit)
    due = cutoffs(unit.settings, now)
    deleted: dict[str, int] = {}
    for rule in RULES:
        cutoff = due.get(rule.name)
        if cutoff is None:
            continue
        count = _purge_rule(unit, rule, cutoff)
        deleted[rule.name] = count
        if count:
            payload = {"rule": rule.name, "cutoff": cutoff.isoformat(), "count": count}
            unit.record(ACTION, OBJECT_TYPE, rule.name, payload)
    unit.session.expire_all()  # bulk deletes bypass the identity map: reload whatever is still held
    return deleted
