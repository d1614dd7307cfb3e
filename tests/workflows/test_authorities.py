"""The provider's authority registry: contacts, Ed25519 keys with validity, rotation, revocation,
scoping to the provider party."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lawbridge.domain.authorities import encode_public_key
from lawbridge.domain.clocks import SimulatedClock
from lawbridge.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from lawbridge.workflows import authorities
from lawbridge.workflows.unit import Context
from tests.conftest import World, make_party
from tests.workflows.provider_helpers import (
    CN_CONTACT,
    DAY,
    T0,
    US_CONTACT,
    envelope,
    receive,
    register,
)


def key() -> str:
    return encode_public_key(Ed25519PrivateKey.generate().public_key())


def test_registry_per_country_and_scoped_to_the_provider(context: Context, world: World) -> None:
    clock = SimulatedClock(T0)
    admin = world.provider["admin"]
    us = register(
        context, admin, clock, name="B office", country="US", contact=US_CONTACT, key_id="u1"
    )
    register(context, admin, clock, name="A bureau", country="CN", contact=CN_CONTACT, key_id="c1")
    with context.read(admin.actor) as unit:
        assert [a.name for a in authorities.list_authorities(unit)] == ["A bureau", "B office"]
        assert [a.name for a in authorities.list_authorities(unit, "us")] == ["B office"]
    other = make_party(context, "provider-2", "provider", "US")
    with context.read(other["admin"].actor) as unit, pytest.raises(NotFound):
        authorities.get_authority(unit, us.id)
    with context.write(world.us["admin"].actor) as unit, pytest.raises(InvalidInput):
        authorities.create_authority(unit, {"name": "x", "country": "US", "contact": US_CONTACT})
    with context.write(world.provider["reviewer"].actor) as unit, pytest.raises(PermissionDenied):
        authorities.create_authority(unit, {"name": "x", "country": "US", "contact": US_CONTACT})


def test_bad_input_is_refused(context: Context, world: World) -> None:
    admin = world.provider["admin"]
    with context.write(admin.actor) as unit:
        with pytest.raises(InvalidInput):
            authorities.create_authority(
                unit, {"name": "x", "country": "XX", "contact": US_CONTACT}
            )
        with pytest.raises(InvalidInput):
            authorities.create_authority(unit, {"name": "x", "country": "US", "contact": {}})
        authority = authorities.create_authority(
            unit, {"name": "x", "country": "US", "contact": US_CONTACT}
        )
        with pytest.raises(InvalidInput):
            authorities.add_key(unit, authority.id, "k", "not-a-key", T0)
        with pytest.raises(InvalidInput):
            authorities.add_key(unit, authority.id, "k", key(), T0, T0 - DAY)
        authorities.add_key(unit, authority.id, "k", key(), T0)
        with pytest.raises(Conflict):
            authorities.add_key(unit, authority.id, "k", key(), T0)


def test_rotation_keeps_old_signatures_valid_only_for_their_time(
    context: Context, world: World
) -> None:
    clock = SimulatedClock(T0)
    admin = world.provider["admin"]
    fbi = register(context, admin, clock, name="F", country="US", contact=US_CONTACT, key_id="f1")
    old_private = fbi.private
    new_private = Ed25519PrivateKey.generate()
    clock.advance(DAY)
    with context.write(admin.actor) as unit:
        authorities.rotate_key(
            unit, fbi.id, "f1", "f2", encode_public_key(new_private.public_key()), clock=clock
        )
    from tests.workflows.provider_helpers import disclosure

    analyst = world.provider["analyst"]
    signed_old = envelope(fbi, disclosure(), clock.now(), private=old_private)
    assert receive(context, analyst, signed_old, clock).failure is not None
    fbi.key_id, fbi.private = "f2", new_private
    assert receive(context, analyst, envelope(fbi, disclosure(), clock.now()), clock).accepted


def test_callback_contact_matching_ignores_spacing_and_case(context: Context, world: World) -> None:
    with context.write(world.provider["admin"].actor) as unit:
        authority = authorities.create_authority(
            unit, {"name": "x", "country": "CN", "contact": CN_CONTACT}
        )
        assert authorities.contact_on_file(authority, "+861000000001")
        assert authorities.contact_on_file(authority, "LIAISON@mps.example.cn")
        assert not authorities.contact_on_file(authority, "+86 10 0000 0002")
