"""The provider's registry of authorities: who may send requests, how to call them back, and the
Ed25519 keys their signed requests are checked against (validity periods, rotation, revocation).

Each provider party keeps its own registry; another party's authority is NotFound. Every change is
audited in the provider's view of the log.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select

from lawbridge.domain.authorities import KeyRecord, decode_public_key
from lawbridge.domain.clocks import SYSTEM_CLOCK, Clock, as_utc
from lawbridge.domain.roles import PartyKind, Permission
from lawbridge.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from lawbridge.store.models import Party
from lawbridge.store.provider_models import Authority, AuthorityKey
from lawbridge.workflows.cases import clean_text
from lawbridge.workflows.privacy import clean_country
from lawbridge.workflows.unit import Unit

AUTHORITY_TYPE = "authority"
KEY_TYPE = "authority_key"
CONTACT_KEYS = frozenset({"phone", "email", "address", "portal"})


def provider_party(unit: Unit) -> str:
    """The actor's party id, which must be a provider (only providers receive lawful requests)."""
    party = unit.session.get(Party, unit.actor.party_id) if unit.actor.party_id else None
    if party is None or party.kind != PartyKind.PROVIDER.value:
        raise InvalidInput("lawful requests are received by a provider party")
    return party.id


def _contact(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping) or not value:
        raise InvalidInput("contact must give a phone, email, address or portal")
    unknown = sorted(set(value) - CONTACT_KEYS)
    if unknown:
        raise InvalidInput(f"unknown contact fields: {', '.join(unknown)}", {"field": "contact"})
    cleaned = {k: clean_text(v, f"contact.{k}", 300) for k, v in value.items()}
    return {k: v for k, v in cleaned.items() if v}


def create_authority(unit: Unit, data: Mapping[str, Any]) -> Authority:
    """Register an authority: name, country (ISO alpha-2), kind (police, court, …), contact."""
    party = provider_party(unit)
    unit.require(Permission.WRITE_RECORDS)
    name = clean_text(data.get("name"), "name", 300)
    if name is None:
        raise InvalidInput("an authority needs a name", {"field": "name"})
    authority = Authority(
        party_id=party,
        name=name,
        country=clean_country(data.get("country")),
        kind=clean_text(data.get("kind"), "kind", 40) or "authority",
        contact=_contact(data.get("contact")),
        created_by=unit.actor.account_id,
    )
    unit.session.add(authority)
    unit.session.flush()
    payload = {"name": name, "country": authority.country, "kind": authority.kind}
    unit.record("authority.create", AUTHORITY_TYPE, authority.id, payload)
    return authority


def get_authority(unit: Unit, authority_id: str) -> Authority:
    authority = unit.session.get(Authority, authority_id)
    if authority is None or authority.party_id != unit.actor.party_id:
        raise NotFound(f"no {AUTHORITY_TYPE} '{authority_id}'")
    unit.require(Permission.READ_RECORDS)
    return authority


def list_authorities(unit: Unit, country: str | None = None) -> list[Authority]:
    unit.require(Permission.READ_RECORDS)
    query = select(Authority).where(Authority.party_id == unit.actor.party_id)
    if country is not None:
        query = query.where(Authority.country == clean_country(country))
    return list(unit.session.scalars(query.order_by(Authority.country, Authority.name)))


def add_key(
    unit: Unit,
    authority_id: str,
    key_id: str,
    public_key: str,
    valid_from: datetime,
    valid_until: datetime | None = None,
) -> AuthorityKey:
    """Register a public key (raw Ed25519, base64) valid from ``valid_from`` until ``valid_until``
    (exclusive; None: until rotated or revoked)."""
    authority = get_authority(unit, authority_id)
    unit.require(Permission.WRITE_RECORDS)
    decode_public_key(public_key)
    name = clean_text(key_id, "key_id", 120)
    if name is None:
        raise InvalidInput("a key needs a key_id", {"field": "key_id"})
    if valid_until is not None and as_utc(valid_until) <= as_utc(valid_from):
        raise InvalidInput("valid_until must come after valid_from", {"field": "valid_until"})
    taken = select(AuthorityKey.id).where(
        AuthorityKey.party_id == authority.party_id, AuthorityKey.key_id == name
    )
    if unit.session.scalar(taken) is not None:
        raise Conflict(f"key id '{name}' is already registered", {"field": "key_id"})
    key = AuthorityKey(
        party_id=authority.party_id,
        authority_id=authority.id,
        key_id=name,
        public_key=public_key,
        valid_from=as_utc(valid_from),
        valid_until=as_utc(valid_until) if valid_until else None,
    )
    unit.session.add(key)
    unit.session.flush()
    payload = {"authority": authority.id, "key_id": name, "public_key": public_key}
    payload["valid_from"] = key.valid_from.isoformat()
    unit.record("authority.key_add", KEY_TYPE, key.id, payload)
    return key


def list_keys(unit: Unit, authority_id: str) -> list[AuthorityKey]:
    """The authority's keys, oldest first (retired and revoked ones included)."""
    authority = get_authority(unit, authority_id)
    query = select(AuthorityKey).where(AuthorityKey.authority_id == authority.id)
    return list(unit.session.scalars(query.order_by(AuthorityKey.valid_from, AuthorityKey.key_id)))


def _key(unit: Unit, authority_id: str, key_id: str) -> AuthorityKey:
    authority = get_authority(unit, authority_id)
    key = unit.session.scalar(
        select(AuthorityKey).where(
            AuthorityKey.authority_id == authority.id, AuthorityKey.key_id == key_id
        )
    )
    if key is None:
        raise NotFound(f"no {KEY_TYPE} '{key_id}'")
    return key


def rotate_key(
    unit: Unit,
    authority_id: str,
    old_key_id: str,
    new_key_id: str,
    public_key: str,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> AuthorityKey:
    """End the old key's validity now and register the new one from now on."""
    now = clock.now()
    old = _key(unit, authority_id, old_key_id)
    unit.require(Permission.WRITE_RECORDS)
    if old.valid_until is not None and old.valid_until <= now:
        raise InvalidTransition(f"key '{old_key_id}' has already expired")
    old.valid_until = now
    unit.record("authority.key_retire", KEY_TYPE, old.id, {"valid_until": now.isoformat()})
    return add_key(unit, authority_id, new_key_id, public_key, now)


def revoke_key(
    unit: Unit, authority_id: str, key_id: str, reason: str, *, clock: Clock = SYSTEM_CLOCK
) -> AuthorityKey:
    """Revoke a key (compromise): from now on no envelope signed with it is accepted."""
    key = _key(unit, authority_id, key_id)
    unit.require(Permission.WRITE_RECORDS)
    if key.revoked_at is not None:
        raise InvalidTransition(f"key '{key_id}' is already revoked")
    key.revoked_at = clock.now()
    note = clean_text(reason, "reason", 2000) or ""
    unit.record("authority.key_revoke", KEY_TYPE, key.id, {"reason": note})
    return key


def key_record(unit: Unit, party_id: str, key_id: str) -> KeyRecord | None:
    """The registered key ``key_id`` of the provider ``party_id``, as the pure check wants it."""
    key = unit.session.scalar(
        select(AuthorityKey).where(AuthorityKey.party_id == party_id, AuthorityKey.key_id == key_id)
    )
    if key is None:
        return None
    return KeyRecord(
        key.key_id,
        key.authority_id,
        key.public_key,
        key.valid_from,
        key.valid_until,
        key.revoked_at,
    )


def contact_on_file(authority: Authority, contact: str) -> bool:
    """Whether ``contact`` is one of the authority's registered contact values (spacing and case
    ignored): a call-back must use the registry, never a number given in the request itself."""

    def norm(value: str) -> str:
        return "".join(value.split()).lower()

    return norm(contact) in {norm(v) for v in authority.contact.values()}
