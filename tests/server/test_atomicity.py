"""A change and its audit event commit together or not at all."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from lawbridge.server.api import schemas
from lawbridge.server.app import create_app
from lawbridge.store import audit_log
from lawbridge.workflows import accounts, audit, documents
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, World
from tests.contracts.state import snapshot


class Boom(Exception):
    pass


def test_failure_after_change_and_event_leaves_nothing(context: Context, world: World) -> None:
    before = snapshot(context)
    with pytest.raises(Boom), context.write(world.cn["analyst"].actor) as unit:
        documents.create_document(unit, title="half-written")
        raise Boom
    assert snapshot(context) == before


def test_failure_in_audit_append_leaves_no_change(
    context: Context, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise Boom

    before = snapshot(context)
    monkeypatch.setattr(audit_log, "append", refuse)
    with pytest.raises(Boom), context.write(world.cn["admin"].actor) as unit:
        accounts.create_account(
            unit, party="cn-agency", username="ghost", display_name="", roles=["analyst"]
        )
    assert snapshot(context) == before


def test_chain_continues_without_gap_after_a_rollback(context: Context, world: World) -> None:
    with pytest.raises(Boom), context.write(world.cn["analyst"].actor) as unit:
        documents.create_document(unit, title="rolled back")
        raise Boom
    with context.write(world.cn["analyst"].actor) as unit:
        documents.create_document(unit, title="kept")
    with context.read(SYSTEM) as unit:
        report = audit.verify_chain(unit)
    assert report.ok, report.reason


def test_api_failure_after_the_workflow_rolls_back(
    context: Context, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("serialisation failed")

    before = snapshot(context)
    monkeypatch.setattr(schemas.DocumentPublic, "model_validate", explode)
    with TestClient(create_app(context=context), raise_server_exceptions=False) as client:
        answer = client.post(
            "/api/v1/documents", json={"title": "x"}, headers=world.cn["analyst"].headers
        )
    assert answer.status_code == 500
    assert snapshot(context) == before
