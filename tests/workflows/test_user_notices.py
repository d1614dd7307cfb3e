"""User notice: sent before disclosure unless a non-disclosure order bars it; when the order
expires, ``due_notices`` sends it on its own — on a simulated clock, at the boundary second, once."""

from __future__ import annotations

import pytest

from lawbridge.domain.audit import format_time
from lawbridge.domain.clocks import SimulatedClock
from lawbridge.errors import InvalidTransition
from lawbridge.workflows import provider_requests as pr
from lawbridge.workflows import user_notices
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, World
from tests.workflows.provider_helpers import (
    DAY,
    SECOND,
    T0,
    US_CONTACT,
    audit_actions,
    disclosure,
    envelope,
    receive,
    register,
)

EXPIRY = T0 + 30 * DAY
SUBJECTS = ["user:alice.sample", "user:dan.sample"]


def gagged(context: Context, world: World, clock: SimulatedClock) -> str:
    fbi = register(
        context,
        world.provider["admin"],
        clock,
        name="FBI field office (invented)",
        country="US",
        contact=US_CONTACT,
        key_id="us-fbi-1",
    )
    body = disclosure(
        subjects=SUBJECTS, nondisclosure=True, nondisclosure_until=format_time(EXPIRY)
    )
    result = receive(context, world.provider["analyst"], envelope(fbi, body, T0), clock)
    assert result.request is not None and result.accepted, result.reason
    return result.request.id


def test_notice_goes_out_when_the_order_expires_at_the_boundary_second(
    context: Context, world: World
) -> None:
    clock = SimulatedClock(T0)
    request_id = gagged(context, world, clock)
    analyst = world.provider["analyst"]
    with context.write(analyst.actor) as unit:
        notices = user_notices.prepare_notices(unit, request_id, clock=clock)
        assert [(n.subject, n.status) for n in notices] == [(s, "barred") for s in SUBJECTS]
        with pytest.raises(InvalidTransition, match="non-disclosure"):
            user_notices.send_notice(unit, notices[0].id, clock=clock)
        # Barred notice does not block disclosure while the order is in force.
        assert user_notices.disclosure_block(unit, pr.get_request(unit, request_id), T0) is None
    with context.write(analyst.actor) as unit:
        assert user_notices.due_notices(unit, EXPIRY - SECOND) == []
    with context.write(analyst.actor) as unit:
        sent = user_notices.due_notices(unit, EXPIRY)
    assert [(n.subject, n.sent_at) for n in sent] == [(s, EXPIRY) for s in SUBJECTS]
    with context.write(analyst.actor) as unit:
        assert user_notices.due_notices(unit, EXPIRY) == []
        assert user_notices.due_notices(unit, EXPIRY + DAY) == []
    for notice in notices:
        assert audit_actions(context, notice.id) == ["user_notice.create", "user_notice.send"]


def test_extended_order_moves_the_notice(context: Context, world: World) -> None:
    clock = SimulatedClock(T0)
    request_id = gagged(context, world, clock)
    analyst = world.provider["analyst"]
    later = EXPIRY + 60 * DAY
    with context.write(analyst.actor) as unit:
        user_notices.prepare_notices(unit, request_id, clock=clock)
    clock.set(EXPIRY - DAY)
    with context.write(analyst.actor) as unit:
        user_notices.extend_nondisclosure(unit, request_id, later, "NDO-2", clock=clock)
    with context.write(SYSTEM) as unit:
        assert user_notices.due_notices(unit, EXPIRY) == []
        assert user_notices.due_notices(unit, later - SECOND) == []
        assert len(user_notices.due_notices(unit, later)) == 2


def test_without_an_order_the_notice_is_owed_before_disclosure(
    context: Context, world: World
) -> None:
    clock = SimulatedClock(T0)
    fbi = register(
        context,
        world.provider["admin"],
        clock,
        name="FBI field office (invented)",
        country="US",
        contact=US_CONTACT,
        key_id="us-fbi-1",
    )
    result = receive(context, world.provider["analyst"], envelope(fbi, disclosure(), T0), clock)
    assert result.request is not None
    with context.write(world.provider["analyst"].actor) as unit:
        request = pr.get_request(unit, result.request.id)
        (notice,) = user_notices.prepare_notices(unit, request.id, clock=clock)
        assert notice.status == "pending"
        assert user_notices.disclosure_block(unit, request, T0) == (
            "notify the user before disclosure: 1 notice(s) not sent"
        )
        user_notices.send_notice(unit, notice.id, clock=clock)
        assert user_notices.disclosure_block(unit, request, T0) is None
        with pytest.raises(InvalidTransition):
            user_notices.send_notice(unit, notice.id, clock=clock)


def test_expired_order_at_intake_is_rejected(context: Context, world: World) -> None:
    clock = SimulatedClock(T0)
    fbi = register(
        context,
        world.provider["admin"],
        clock,
        name="FBI field office (invented)",
        country="US",
        contact=US_CONTACT,
        key_id="us-fbi-1",
    )
    body = disclosure(nondisclosure=True, nondisclosure_until=format_time(T0))
    result = receive(context, world.provider["analyst"], envelope(fbi, body, T0), clock)
    assert result.reason == "the non-disclosure order has already expired"
    body = disclosure(nondisclosure=True)
    result = receive(context, world.provider["analyst"], envelope(fbi, body, T0), clock)
    assert result.reason == "a non-disclosure order must carry its expiry"
