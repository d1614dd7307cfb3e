"""Watchlists: ownership and shares, versioned imports, delisting, FtM export, audit."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from lawbridge.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from lawbridge.importers import ItemError, SkippedItem
from lawbridge.store.models import AuditEvent
from lawbridge.workflows import watchlists
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, World
from tests.importers.ftm_schema import assert_ftm_person
from tests.workflows.meanwhile import meanwhile
from tests.workflows.screening_helpers import FUGITIVES, entry_id, item, make_list


def actions(context: Context, object_id: str) -> list[str]:
    with context.read(SYSTEM) as unit:
        query = select(AuditEvent.action).where(AuditEvent.object_id == object_id)
        return list(unit.session.scalars(query.order_by(AuditEvent.seq)))


def test_create_validates_and_is_audited(context: Context, world: World) -> None:
    created = make_list(context, world.cn["analyst"], threshold=0.9, description=" d ")
    assert (created.version, created.threshold, created.description) == (0, 0.9, "d")
    assert actions(context, created.id) == ["watchlist.create"]
    with context.write(world.cn["analyst"].actor) as unit:
        for bad in ({"kind": "wanted"}, {"name": " "}, {"threshold": 1.5}, {"threshold": 0}):
            options = {"name": "x", "kind": "sanctions"} | bad
            with pytest.raises(InvalidInput):
                watchlists.create_watchlist(unit, **options)  # type: ignore[arg-type]
    with context.write(world.cn["reviewer"].actor) as unit, pytest.raises(PermissionDenied):
        watchlists.create_watchlist(unit, name="x", kind="internal")


def test_import_makes_a_version_and_counts_changes(context: Context, world: World) -> None:
    analyst = world.cn["analyst"]
    created = make_list(context, analyst, FUGITIVES)
    changed = dict(FUGITIVES[1], birth_date="1971-08")
    newcomer = {"id": "RN-4", "name": "Li Guoqiang", "birth_date": "1958"}
    second = [item(FUGITIVES[0]), item(changed), item(FUGITIVES[2]), item(newcomer)]
    with context.write(analyst.actor) as unit:
        report = watchlists.import_entries(unit, created.id, second, source="update.jsonl")
    assert (report.version, report.added, report.updated, report.unchanged) == (2, 1, 1, 2)
    with context.read(analyst.actor) as unit:
        assert watchlists.get_watchlist(unit, created.id).version == 2
        versions = watchlists.list_versions(unit, created.id)
        assert [(v.version, v.source) for v in versions] == [(2, "update.jsonl"), (1, "test")]
        assert versions[1].counts["added"] == 3
        entries = {e.external_id: e for e in watchlists.list_entries(unit, created.id)}
    assert entries["RN-2"].record["birth_date"] == "1971-08"
    assert (entries["RN-2"].added_version, entries["RN-2"].changed_version) == (1, 2)
    assert (entries["RN-1"].added_version, entries["RN-1"].changed_version) == (1, 1)
    assert entries["RN-4"].legal_basis == "Arrest warrant 2020-001"
    assert actions(context, created.id).count("watchlist.import") == 2


def test_bad_items_are_reported_and_good_ones_kept(context: Context, world: World) -> None:
    analyst = world.cn["analyst"]
    created = make_list(context, analyst, default_legal_basis="Domestic warrant")
    parsed = [
        item(FUGITIVES[0], legal_basis=None),
        ItemError(2, "line 2: birth_date is not a date", "RN-X"),
        SkippedItem(3, "Address"),
        item(dict(FUGITIVES[0], name="Someone Else")),
    ]
    with context.write(analyst.actor) as unit:
        report = watchlists.import_entries(unit, created.id, parsed)
    assert (report.added, report.failed, report.skipped) == (1, 2, {"Address": 1})
    assert [e.line for e in report.errors] == [2, 1]
    assert "repeats" in report.errors[1].message
    with context.read(analyst.actor) as unit:
        (entry,) = watchlists.list_entries(unit, created.id)
    assert entry.legal_basis == "Domestic warrant" and entry.name == "Zhao Minghui"


def test_an_import_with_nothing_readable_writes_nothing(context: Context, world: World) -> None:
    analyst = world.cn["analyst"]
    created = make_list(context, analyst)
    with context.write(analyst.actor) as unit, pytest.raises(InvalidInput) as caught:
        watchlists.import_file(unit, created.id, ["{oops\n", "[]\n"], format="lawbridge")
    assert len(caught.value.details["errors"]) == 2
    with context.read(analyst.actor) as unit:
        assert watchlists.get_watchlist(unit, created.id).version == 0


def test_delist_keeps_the_entry_and_makes_a_version(context: Context, world: World) -> None:
    analyst = world.cn["analyst"]
    created = make_list(context, analyst, FUGITIVES)
    target = entry_id(context, analyst, created.id, "RN-1")
    with context.write(analyst.actor) as unit:
        with pytest.raises(InvalidInput):
            watchlists.delist_entry(unit, target, reason="  ")
        with pytest.raises(InvalidInput):
            watchlists.delist_entry(unit, target, reason="back", route="escaped")
        entry = watchlists.delist_entry(
            unit, target, reason="Extradited 2026-11-01", route="returned_extradited"
        )
        assert (entry.status, entry.delist_route) == ("delisted", "returned_extradited")
    with context.write(analyst.actor) as unit, pytest.raises(InvalidTransition):
        watchlists.delist_entry(unit, target, reason="again")
    with context.read(analyst.actor) as unit:
        assert watchlists.get_watchlist(unit, created.id).version == 2
        assert watchlists.count_entries(unit, created.id) == 2
        assert watchlists.count_entries(unit, created.id, include_delisted=True) == 3
        assert watchlists.get_entry(unit, target).delisted_at is not None
    with context.write(analyst.actor) as unit:
        report = watchlists.import_entries(unit, created.id, [item(f) for f in FUGITIVES])
    assert (report.delisted_kept, report.unchanged) == (1, 2)  # an import never relists
    assert actions(context, target) == ["watchlist_entry.delist"]


def test_other_parties_see_a_list_only_through_a_share(context: Context, world: World) -> None:
    created = make_list(context, world.cn["analyst"], FUGITIVES)
    target = entry_id(context, world.cn["analyst"], created.id, "RN-2")
    us = world.us["analyst"]
    with context.read(us.actor) as unit:
        assert watchlists.list_watchlists(unit) == []
        with pytest.raises(NotFound):
            watchlists.get_watchlist(unit, created.id)
        with pytest.raises(NotFound):
            watchlists.get_entry(unit, target)
    with context.write(world.cn["analyst"].actor) as unit:
        watchlists.share_watchlist(unit, created.id, grantee="us-agency")
    with context.read(us.actor) as unit:
        assert [w.id for w in watchlists.list_watchlists(unit)] == [created.id]
        assert watchlists.get_entry(unit, target).external_id == "RN-2"
    with context.write(us.actor) as unit, pytest.raises(PermissionDenied):
        watchlists.delist_entry(unit, target, reason="not ours")
    with context.write(us.actor) as unit, pytest.raises(PermissionDenied):
        watchlists.import_entries(unit, created.id, [item(FUGITIVES[0])])
    with context.read(world.provider["admin"].actor) as unit, pytest.raises(NotFound):
        watchlists.get_watchlist(unit, created.id)


def test_export_is_ftm_persons_without_delisted(context: Context, world: World) -> None:
    analyst = world.cn["analyst"]
    created = make_list(context, analyst, FUGITIVES)
    with context.write(analyst.actor) as unit:
        watchlists.delist_entry(
            unit, entry_id(context, analyst, created.id, "RN-3"), reason="surrendered"
        )
    with context.read(analyst.actor) as unit:
        entities = list(watchlists.export_ftm(unit, created.id))
        everything = list(watchlists.export_ftm(unit, created.id, include_delisted=True))
    assert len(entities) == 2 and len(everything) == 3
    for entity in everything:
        assert_ftm_person(entity)
    first = {e["properties"]["name"][0]: e for e in entities}["Zhao Minghui"]["properties"]
    assert first["alias"] == ["赵明辉"] and first["birthDate"] == ["1966-04-02"]
    assert first["topics"] == ["wanted"] and first["notes"] == ["Arrest warrant 2020-001"]
    second = {e["properties"]["name"][0]: e for e in entities}["Qian Lihua"]["properties"]
    assert second["nationality"] == ["cn"]


def test_entry_search_is_a_literal_substring(context: Context, world: World) -> None:
    analyst = world.cn["analyst"]
    created = make_list(context, analyst, FUGITIVES)
    with context.read(analyst.actor) as unit:
        found = watchlists.list_entries(unit, created.id, q="LIHUA")
        assert [e.external_id for e in found] == ["RN-2"]
        assert watchlists.list_entries(unit, created.id, q="%") == []
        assert watchlists.list_entries(unit, created.id, q="RN_") == []
        assert len(watchlists.list_entries(unit, created.id, q="rn-")) == 3
        assert len(watchlists.list_entries(unit, created.id, limit=2, offset=2)) == 1


def test_two_imports_of_one_list_at_once_make_two_versions(context: Context, world: World) -> None:
    """The second import waits for the first's lock on the list and makes the next version;
    unlocked, both claimed version 2 and the later one failed on the unique version number."""
    if context.settings.is_sqlite:
        pytest.skip("SQLite runs one writer at a time: two imports cannot overlap")
    analyst = world.cn["analyst"]
    created = make_list(context, analyst, FUGITIVES)
    first = {"id": "RN-7", "name": "Zhou Xiaoming", "birth_date": "1966"}
    second = {"id": "RN-8", "name": "Qian Lihua", "birth_date": "1972"}

    def later() -> None:
        with context.write(analyst.actor) as unit:
            watchlists.import_entries(unit, created.id, [item(second)], source="second")

    with context.write(analyst.actor) as unit:
        watchlists.import_entries(unit, created.id, [item(first)], source="first")
        thread, errors = meanwhile(later)
        time.sleep(0.5)  # the other import gets as far as it can before this one commits
    thread.join(30)
    assert not errors
    with context.read(analyst.actor) as unit:
        versions = [(v.version, v.source) for v in watchlists.list_versions(unit, created.id)]
        assert versions == [(3, "second"), (2, "first"), (1, "test")]
        assert watchlists.get_watchlist(unit, created.id).version == 3
        assert watchlists.count_entries(unit, created.id) == len(FUGITIVES) + 2


def test_a_person_delisted_twice_at_once_is_delisted_once(context: Context, world: World) -> None:
    if context.settings.is_sqlite:
        pytest.skip("SQLite runs one writer at a time: two delistings cannot overlap")
    analyst = world.cn["analyst"]
    created = make_list(context, analyst, FUGITIVES)
    target = entry_id(context, analyst, created.id, FUGITIVES[0]["id"])

    def later() -> None:
        with context.write(analyst.actor) as unit:
            watchlists.delist_entry(
                unit, target, reason="surrendered", route="returned_surrendered"
            )

    with context.write(analyst.actor) as unit:
        watchlists.delist_entry(unit, target, reason="returned", route="returned_extradited")
        thread, errors = meanwhile(later)
        time.sleep(0.5)
    thread.join(30)
    assert [type(e) for e in errors] == [InvalidTransition]
    with context.read(analyst.actor) as unit:
        versions = [v.change for v in watchlists.list_versions(unit, created.id)]
        assert versions == ["delist", "import"]
        assert watchlists.get_entry(unit, target).delist_route == "returned_extradited"
