"""Parties: agencies and online service providers. Created by the operator (system actor)."""

from __future__ import annotations

import re

import pycountry
from sqlalchemy import select

from lawbridge.domain.roles import PartyKind
from lawbridge.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from lawbridge.store.models import Party
from lawbridge.workflows.unit import Unit

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{1,62}")
MAX_NAME = 200


def clean_jurisdiction(code: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased; raises InvalidInput for anything else."""
    value = code.strip().upper()
    if len(value) != 2 or pycountry.countries.get(alpha_2=value) is None:
        raise InvalidInput(f"'{code}' is not an ISO 3166-1 alpha-2 country code")
    return value


def create_party(
    unit: Unit, *, slug: str, name: str, kind: str, jurisdiction: str, name_local: str | None = None
) -> Party:
    if not unit.actor.is_system:
        raise PermissionDenied("only the operator can register a party")
    if not SLUG.fullmatch(slug):
        raise InvalidInput("slug must be 2-63 lower-case letters, digits or '-'", {"slug": slug})
    try:
        party_kind = PartyKind(kind)
    except ValueError as exc:
        raise InvalidInput(f"kind must be one of {[k.value for k in PartyKind]}") from exc
    if not name.strip():
        raise InvalidInput("name must not be empty")
    if len(name.strip()) > MAX_NAME or len(name_local or "") > MAX_NAME:
        raise InvalidInput(f"names must be at most {MAX_NAME} characters")
    jurisdiction = clean_jurisdiction(jurisdiction)
    if unit.session.scalar(select(Party.id).where(Party.slug == slug)) is not None:
        raise Conflict(f"a party with slug '{slug}' exists", {"slug": slug})
    party = Party(
        slug=slug,
        name=name.strip(),
        name_local=name_local,
        kind=party_kind.value,
        jurisdiction=jurisdiction,
    )
    unit.session.add(party)
    unit.session.flush()
    unit.record(
        "party.create",
        "party",
        party.id,
        {"slug": slug, "kind": party.kind, "jurisdiction": party.jurisdiction},
        party_id=party.id,
    )
    return party


def list_parties(unit: Unit) -> list[Party]:
    """The directory of parties: every party may see who else is on the platform, nothing more."""
    return list(unit.session.scalars(select(Party).order_by(Party.slug)))


def get_party(unit: Unit, ref: str) -> Party:
    """A party by id or slug."""
    party = unit.session.scalar(select(Party).where((Party.id == ref) | (Party.slug == ref)))
    if party is None:
        raise NotFound(f"no party '{ref}'")
    return party
