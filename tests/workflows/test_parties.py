"""Parties: ISO 3166-1 jurisdictions, slug rules, duplicates, and only the operator registers them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lawbridge.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from lawbridge.store.models import AuditEvent
from lawbridge.workflows import parties
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, World


def _create(context: Context, **overrides: str) -> str:
    spec = {"slug": "fr-police", "name": "Police", "kind": "agency", "jurisdiction": "FR"}
    spec.update(overrides)
    with context.write(SYSTEM) as unit:
        return parties.create_party(unit, **spec).jurisdiction


@pytest.mark.parametrize(("code", "clean"), [("CN", "CN"), ("us", "US"), (" gb ", "GB")])
def test_jurisdiction_is_an_iso_code(code: str, clean: str) -> None:
    assert parties.clean_jurisdiction(code) == clean


@pytest.mark.parametrize("code", ["UK", "XX", "CHN", "", "1", "EU", "C"])
def test_jurisdiction_refuses_non_iso(code: str) -> None:
    with pytest.raises(InvalidInput, match="ISO 3166-1"):
        parties.clean_jurisdiction(code)


def test_create_party_records_an_event(context: Context) -> None:
    assert _create(context, jurisdiction="fr") == "FR"
    with context.read(SYSTEM) as unit:
        party = parties.get_party(unit, "fr-police")
        assert parties.get_party(unit, party.id).slug == "fr-police"
        events = list(unit.session.scalars(select(AuditEvent)))
    assert [(e.action, e.object_id, e.party_id) for e in events] == [
        ("party.create", party.id, party.id)
    ]


@pytest.mark.parametrize(
    "slug", ["a", "Upper", "-lead", "has space", "under_score", "ends\n", "x" * 64, "中文"]
)
def test_bad_slugs_are_refused(context: Context, slug: str) -> None:
    with pytest.raises(InvalidInput, match="slug"):
        _create(context, slug=slug)


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("kind", "company", "kind"),
        ("name", "   ", "name"),
        ("name", "n" * 201, "at most"),
        ("name_local", "名" * 201, "at most"),
        ("jurisdiction", "ZZ", "ISO"),
    ],
)
def test_bad_fields_are_refused(context: Context, field: str, value: str, match: str) -> None:
    with pytest.raises(InvalidInput, match=match):
        _create(context, **{field: value})
    with context.read(SYSTEM) as unit:
        assert parties.list_parties(unit) == []


def test_duplicate_slug_is_a_conflict(context: Context) -> None:
    _create(context)
    with pytest.raises(Conflict):
        _create(context, name="Another")


def test_only_the_operator_registers_parties(context: Context, world: World) -> None:
    with context.write(world.cn["admin"].actor) as unit, pytest.raises(PermissionDenied):
        parties.create_party(unit, slug="rogue", name="Rogue", kind="agency", jurisdiction="CN")


def test_directory_lists_every_party(context: Context, world: World) -> None:
    with context.read(world.us["reviewer"].actor) as unit:
        slugs = [p.slug for p in parties.list_parties(unit)]
        with pytest.raises(NotFound):
            parties.get_party(unit, "nowhere")
    assert slugs == ["cn-agency", "provider", "us-agency"]
