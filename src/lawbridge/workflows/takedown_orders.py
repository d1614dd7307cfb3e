"""Takedown orders of authorities feed stop-the-spread (issue 7, item 6).

:func:`execute_order` takes an accepted (``approved``) provider request of type
``takedown_order`` and records a decision on each post the order names (its ``items``: a post's
id or its external id) through the normal decision path (:func:`lawbridge.workflows.takedowns.decide`):
the legal ground is the order (its legal basis, reference and issuing authority), the decider the
order, the origin ``state_order`` with the request's id; each decision propagates like any other
(copies, near-copies, reshares, future uploads blocked), with the order named as the source of
every statement of reasons (``SOURCE_TYPE_OTHER_NOTIFICATION``). Then the request is answered
(``respond``), with the decisions and the items that named no post. All in the caller's
transaction: an order is executed whole or not at all, and only once.

:func:`decision_statistics` counts decisions and takedowns by origin, so that statistics and
transparency reports keep state-originated decisions apart (the ``content.decide`` audit event
carries ``origin`` and ``order`` too).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from lawbridge.domain.clocks import SYSTEM_CLOCK, Clock
from lawbridge.domain.content import PostState
from lawbridge.domain.provider_requests import Action, RequestType, Status
from lawbridge.domain.roles import Permission
from lawbridge.errors import Conflict, InvalidInput, InvalidTransition
from lawbridge.store.content_models import ContentDecision, ContentPost, ContentTakedown
from lawbridge.store.provider_models import Authority, ProviderRequest
from lawbridge.workflows import provider_requests, takedowns
from lawbridge.workflows.unit import Unit

ORDER_TYPE = "provider_request"


@dataclass(slots=True)
class OrderResult:
    """What executing an order did: one decision per post found, the items that named none (or
    a deleted post), and how many posts went down in all (propagation included)."""

    request: ProviderRequest
    decisions: list[ContentDecision] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    taken_down: int = 0

    def summary(self) -> dict[str, Any]:
        """What the API and the CLI answer: ids and counts, no post content."""
        return {
            "request_id": self.request.id,
            "status": self.request.status,
            "decisions": [d.id for d in self.decisions],
            "taken_down": self.taken_down,
            "missing": list(self.missing),
            "deleted": list(self.deleted),
        }


def order_ground(request: ProviderRequest, authority: Authority | None) -> str:
    """The legal ground of a decision taken on the order: its basis, reference and issuer."""
    fields = request.fields
    issuer = str(fields.get("issuing_authority") or (authority.name if authority else ""))
    reference = str(fields.get("reference") or request.id)
    basis = str(fields.get("legal_basis") or "")
    return f"{basis} (takedown order {reference}, {issuer})".strip()


def _explanation(request: ProviderRequest) -> str:
    fields = request.fields
    offence = str(fields.get("offence") or "").strip()
    reasons = str(fields.get("reasons") or "").strip()
    return f"Ordered taken down by an authority (offence: {offence}). {reasons}".strip()


def _post_of(unit: Unit, party_id: str, item: str) -> ContentPost | None:
    query = select(ContentPost).where(
        ContentPost.party_id == party_id,
        (ContentPost.id == item) | (ContentPost.external_id == item),
    )
    return unit.session.scalars(query.order_by(ContentPost.seq).limit(1)).first()


def execute_order(
    unit: Unit,
    request_id: str,
    *,
    category: str = "illegal",
    modalities: Sequence[str] | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> OrderResult:
    """Execute an approved takedown order (see the module docstring)."""
    request = provider_requests.get_request(unit, request_id, write=True)
    unit.require(Permission.REVIEW)
    if request.type != RequestType.TAKEDOWN_ORDER.value:
        raise InvalidInput(f"request '{request.id}' is a {request.type}, not a takedown order")
    if request.status != Status.APPROVED.value:
        raise InvalidTransition(f"a {request.status} order cannot be executed; approve it first")
    done = select(func.count()).where(ContentDecision.order_id == request.id)
    if unit.session.scalar(done):
        raise Conflict(f"takedown order '{request.id}' was executed already")
    authority = unit.session.get(Authority, request.authority_id)
    ground = order_ground(request, authority)
    result = OrderResult(request)
    party_id = unit.actor.party_id or ""
    for item in dict.fromkeys(str(i) for i in request.fields.get("items") or ()):
        post = _post_of(unit, party_id, item)
        if post is None:
            result.missing.append(item)
            continue
        if post.state == PostState.DELETED.value:
            result.deleted.append(item)
            continue
        decided = takedowns.decide(
            unit,
            post.id,
            category=category,
            legal_ground=ground,
            explanation=_explanation(request),
            modalities=modalities,
            decider=f"takedown order {request.fields.get('reference') or request.id}",
            origin=takedowns.STATE_ORDER,
            order_id=request.id,
            source_identity=authority.name if authority else ground,
        )
        result.decisions.append(decided.decision)
        result.taken_down += len(decided.takedowns)
    extra = {
        "takedown_decisions": [d.id for d in result.decisions],
        "taken_down": result.taken_down,
        "missing_items": result.missing,
        "deleted_items": result.deleted,
    }
    provider_requests.move_status(unit, request, Action.RESPOND, clock.now(), extra)
    return result


def decision_statistics(
    unit: Unit, *, start: datetime | None = None, end: datetime | None = None
) -> dict[str, dict[str, int]]:
    """Decisions and the takedowns they caused, by origin (``provider`` / ``state_order``), for
    the actor's party, decided in ``[start, end)`` (either bound optional)."""
    unit.require(Permission.READ_RECORDS)
    where = [ContentDecision.party_id == unit.actor.party_id]
    if start is not None:
        where.append(ContentDecision.created_at >= start)
    if end is not None:
        where.append(ContentDecision.created_at < end)
    decisions = select(ContentDecision.origin, func.count()).where(*where)
    taken = (
        select(ContentDecision.origin, func.count())
        .join(ContentTakedown, ContentTakedown.decision_id == ContentDecision.id)
        .where(*where)
    )
    out = {origin: {"decisions": 0, "takedowns": 0} for origin in takedowns.ORIGINS}
    for origin, count in unit.session.execute(decisions.group_by(ContentDecision.origin)):
        out.setdefault(origin, {"decisions": 0, "takedowns": 0})["decisions"] = int(count)
    for origin, count in unit.session.execute(taken.group_by(ContentDecision.origin)):
        out.setdefault(origin, {"decisions": 0, "takedowns": 0})["takedowns"] = int(count)
    return out
