"""The read views the faces share (a request's file, open deadlines, the sweep) and the provider's
derived manifest-signing key."""

from __future__ import annotations

import pytest

from lawbridge.domain.authorities import encode_public_key, sign, signature_valid
from lawbridge.domain.clocks import SimulatedClock
from lawbridge.errors import InvalidInput, NotFound
from lawbridge.workflows import provider_file, responses, user_notices
from lawbridge.workflows.unit import Context
from tests.conftest import World, make_party
from tests.workflows.provider_helpers import (
    DAY,
    HOUR,
    SECOND,
    T0,
    US_CONTACT,
    disclosure,
    envelope,
    receive,
    register,
)


def test_file_deadlines_and_sweep(context: Context, world: World) -> None:
    clock = SimulatedClock(T0)
    analyst = world.provider["analyst"]
    fbi = register(context, world.provider["admin"], clock, name="FBI (invented)",
                   country="US", contact=US_CONTACT, key_id="us-fbi-1")  # fmt: skip
    until = T0 + 10 * DAY
    first = receive(context, analyst, envelope(fbi, disclosure(nondisclosure=True, nondisclosure_until=until.isoformat()), clock.now()), clock)  # fmt: skip
    clock.advance(HOUR)
    second = receive(context, analyst, envelope(fbi, disclosure(), clock.now()), clock)
    assert first.request is not None and second.request is not None
    with context.write(analyst.actor) as unit:
        [notice] = user_notices.prepare_notices(unit, first.request.id, clock=clock)
        found = provider_file.request_file(unit, first.request.id, clock.now())
        assert (found.authority.id, found.package, found.disclosure_verified) == (
            fbi.id,
            None,
            True,
        )
        assert [n.id for n in found.notices] == [notice.id]
        rows = provider_file.open_deadlines(unit, clock.now())
        assert [r.id for r, _ in rows] == [first.request.id, second.request.id]
        with pytest.raises(InvalidInput, match="status"):
            user_notices.list_notices(unit, "lost")
    with context.write(analyst.actor) as unit:
        swept = provider_file.sweep(unit, until - SECOND)
        assert swept.notices_sent == [] and len(swept.overdue) == 2
    with context.write(analyst.actor) as unit:
        assert [n.notice_id for n in provider_file.sweep(unit, until).notices_sent] == [notice.id]
    other = make_party(context, "provider-b", "provider", "US")
    with context.read(other["admin"].actor) as unit, pytest.raises(NotFound):
        provider_file.request_file(unit, first.request.id, until)


def test_signing_key_is_stable_per_provider_and_refused_to_agencies(
    context: Context, world: World
) -> None:
    other = make_party(context, "provider-b", "provider", "US")
    keys = []
    for member in (world.provider["analyst"], world.provider["auditor"], other["admin"]):
        with context.read(member.actor) as unit:
            private, key_id = responses.provider_signer(unit)
            keys.append((encode_public_key(private.public_key()), key_id))
            assert signature_valid(keys[-1][0], {"a": 1}, sign(private, {"a": 1}))
    assert keys[0] == keys[1] and keys[0] != keys[2]
    assert keys[0][1].startswith(world.provider.id + ":")
    with context.read(world.us["admin"].actor) as unit, pytest.raises(InvalidInput):
        responses.provider_signer(unit)
