"""Documents: versioned writes, validation, roles."""

from __future__ import annotations

import time

import pytest

from lawbridge.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from lawbridge.workflows import documents
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, World
from tests.workflows.meanwhile import meanwhile


def test_update_bumps_version_and_guards_lost_updates(context: Context, world: World) -> None:
    with context.write(world.cn["analyst"].actor) as unit:
        document_id = documents.create_document(unit, title=" Letter ", reference="R-1").id
    with context.write(world.cn["admin"].actor) as unit:
        updated = documents.update_document(unit, document_id, expected_version=1, body="new")
        assert (updated.version, updated.title, updated.body) == (2, "Letter", "new")
    with context.write(world.cn["analyst"].actor) as unit, pytest.raises(Conflict) as caught:
        documents.update_document(unit, document_id, expected_version=1, title="stale")
    assert caught.value.details == {"expected_version": 1, "version": 2}
    with context.read(world.cn["reviewer"].actor) as unit:
        assert documents.get_document(unit, document_id).title == "Letter"


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "  "},
        {"title": "t" * 301},
        {"title": "ok", "body": "b" * 200_001},
        {"title": "ok", "reference": "r" * 121},
    ],
)
def test_bad_documents_are_refused(context: Context, world: World, fields: dict[str, str]) -> None:
    with context.write(world.cn["analyst"].actor) as unit, pytest.raises(InvalidInput):
        documents.create_document(unit, **fields)


def test_update_with_nothing_to_change(context: Context, world: World) -> None:
    with context.write(world.cn["analyst"].actor) as unit:
        document_id = documents.create_document(unit, title="x").id
    with context.write(world.cn["analyst"].actor) as unit, pytest.raises(InvalidInput):
        documents.update_document(unit, document_id, expected_version=1)


def test_roles_and_parties(context: Context, world: World) -> None:
    with context.write(world.cn["reviewer"].actor) as unit, pytest.raises(PermissionDenied):
        documents.create_document(unit, title="x")
    with context.write(SYSTEM) as unit, pytest.raises(InvalidInput):
        documents.create_document(unit, title="x")
    with context.write(world.cn["analyst"].actor) as unit:
        document_id = documents.create_document(unit, title="x").id
    with context.write(world.cn["reviewer"].actor) as unit, pytest.raises(PermissionDenied):
        documents.update_document(unit, document_id, expected_version=1, title="y")
    with context.write(world.us["admin"].actor) as unit, pytest.raises(NotFound):
        documents.update_document(unit, document_id, expected_version=1, title="y")


def test_list_is_newest_first_and_pages(context: Context, world: World) -> None:
    for title in ("one", "two", "three"):
        with context.write(world.cn["analyst"].actor) as unit:
            documents.create_document(unit, title=title)
    with context.read(world.cn["auditor"].actor) as unit:
        assert [d.title for d in documents.list_documents(unit)] == ["three", "two", "one"]
        assert [d.title for d in documents.list_documents(unit, limit=1, offset=1)] == ["two"]
    with context.read(SYSTEM) as unit:
        assert len(documents.list_documents(unit)) == 3


def test_two_changes_against_one_version_at_once_lose_nothing(
    context: Context, world: World
) -> None:
    """Both read version 1 and passed the guard before, and the later change overwrote the
    earlier: now the later waits for the earlier's lock and is refused as stale."""
    if context.settings.is_sqlite:
        pytest.skip("SQLite runs one writer at a time: two changes cannot overlap")
    with context.write(world.cn["analyst"].actor) as unit:
        document_id = documents.create_document(unit, title="Letter", reference="R-1").id

    def other() -> None:
        with context.write(world.cn["admin"].actor) as unit:
            documents.update_document(unit, document_id, expected_version=1, title="theirs")

    with context.write(world.cn["analyst"].actor) as unit:
        documents.update_document(unit, document_id, expected_version=1, body="mine")
        thread, errors = meanwhile(other)
        time.sleep(0.5)  # the other change gets as far as it can before this one commits
    thread.join(30)
    assert [type(e) for e in errors] == [Conflict]
    with context.read(world.cn["reviewer"].actor) as unit:
        document = documents.get_document(unit, document_id)
        assert (document.version, document.title, document.body) == (2, "Letter", "mine")
