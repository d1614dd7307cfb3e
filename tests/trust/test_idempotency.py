"""Promise 3 of docs/trust.md: a retried POST never creates twice.

The same ``Idempotency-Key`` sent 100 times (one after another, and 100 at once from 8 threads)
creates exactly one resource and one audit event, every answer carrying the first answer's body;
the same key with another body (or on another endpoint) is the documented 422 ``invalid_input``
and changes nothing; and the stored answer survives a restart: a new app on a new connection pool
over the same database replays it.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from lawbridge.server.app import create_app
from lawbridge.server.idempotency import REPLAY_HEADER
from lawbridge.settings import Settings
from lawbridge.store.db import Database
from lawbridge.store.models import AuditEvent, Document, IdempotencyRecord
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, World
from tests.contracts.error_shape import assert_error

API = "/api/v1"
TIMES = 100


@pytest.fixture
def client(context: Context) -> Iterator[TestClient]:
    with TestClient(create_app(context=context)) as test_client:
        yield test_client


def count(context: Context, model: type[Any], **where: str) -> int:
    with context.read(SYSTEM) as unit:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return int(unit.session.scalar(query) or 0)


def create(
    client: TestClient, headers: dict[str, str], key: str, title: str = "Letter of request"
) -> httpx.Response:
    body = {"title": title, "body": "自愿提供的证据 / evidence offered"}
    return client.post(f"{API}/documents", json=body, headers=headers | {"Idempotency-Key": key})


def assert_one_answer(answers: list[httpx.Response]) -> str:
    """All 201 with the same body; exactly one not a replay; the document's id."""
    assert [a.status_code for a in answers] == [201] * len(answers)
    assert len({a.text for a in answers}) == 1
    assert sum(REPLAY_HEADER not in a.headers for a in answers) == 1
    return str(answers[0].json()["id"])


def test_the_same_key_100_times_creates_one_document(
    client: TestClient, world: World, context: Context
) -> None:
    headers = world.cn["analyst"].headers
    events = count(context, AuditEvent)
    # One after another, as a client retrying after timeouts would.
    answers = [create(client, headers, "retry-me") for _ in range(TIMES)]
    assert REPLAY_HEADER not in answers[0].headers
    assert all(a.headers[REPLAY_HEADER] == "true" for a in answers[1:])
    document_id = assert_one_answer(answers)
    assert count(context, Document) == 1
    assert count(context, AuditEvent) == events + 1
    assert count(context, AuditEvent, action="document.create", object_id=document_id) == 1
    # All at once from 8 threads, as a client retrying in a storm would: still one.
    with ThreadPoolExecutor(max_workers=8) as pool:
        stormed = list(pool.map(lambda _: create(client, headers, "storm"), range(TIMES)))
    storm_id = assert_one_answer(stormed)
    assert storm_id != document_id
    assert count(context, Document) == 2
    assert count(context, AuditEvent) == events + 2
    assert count(context, IdempotencyRecord) == 2


def test_the_same_key_with_another_body_is_422_and_changes_nothing(
    client: TestClient, world: World, context: Context
) -> None:
    headers = world.cn["analyst"].headers
    first = create(client, headers, "one-key", title="first")
    assert first.status_code == 201
    events = count(context, AuditEvent)
    for title in ("second", "first ", "FIRST"):
        body = assert_error(create(client, headers, "one-key", title=title), 422, "invalid_input")
        assert "different request" in body["error"]
    # The same key on another create endpoint is another request too.
    account = {"username": "new@cn-agency", "display_name": "New", "roles": ["analyst"]}
    moved = client.post(
        f"{API}/accounts",
        json=account,
        headers=world.cn["admin"].headers | {"Idempotency-Key": "x"},
    )
    assert moved.status_code == 201
    again = client.post(
        f"{API}/documents",
        json={"title": "t"},
        headers=world.cn["admin"].headers | {"Idempotency-Key": "x"},
    )
    assert_error(again, 422, "invalid_input")
    assert count(context, Document) == 1
    assert count(context, AuditEvent) == events + 1  # the account only
    # The first request still replays after the refusals.
    replay = create(client, headers, "one-key", title="first")
    assert (replay.status_code, replay.text) == (201, first.text)
    assert replay.headers[REPLAY_HEADER] == "true"


def test_a_new_app_on_the_same_database_replays_the_stored_answer(
    world: World, context: Context, settings: Settings, db: Database
) -> None:
    headers = world.us["analyst"].headers
    with TestClient(create_app(context=context)) as before:
        first = create(before, headers, "across-restart")
    assert first.status_code == 201
    context.close()  # the old process's connections are gone
    restarted = Context(settings, Database(db.url))
    try:
        with TestClient(create_app(context=restarted)) as after:
            answers = [create(after, headers, "across-restart") for _ in range(3)]
            other = create(after, headers, "across-restart", title="changed after restart")
        assert [(a.status_code, a.text) for a in answers] == [(201, first.text)] * 3
        assert all(a.headers[REPLAY_HEADER] == "true" for a in answers)
        assert_error(other, 422, "invalid_input")
        assert count(restarted, Document) == 1
        assert count(restarted, AuditEvent, action="document.create") == 1
    finally:
        restarted.close()
