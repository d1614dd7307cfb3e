"""``Idempotency-Key`` on POST: a retry gets the first answer and changes nothing more."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from lawbridge.server.idempotency import REPLAY_HEADER
from lawbridge.store.models import AuditEvent, Document, IdempotencyRecord
from lawbridge.workflows.idempotency import MAX_KEY_LENGTH
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, World
from tests.contracts.error_shape import assert_error

API = "/api/v1"


def _count(context: Context, model: type[object], **where: str) -> int:
    with context.read(SYSTEM) as unit:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return int(unit.session.scalar(query) or 0)


def _post(
    client: TestClient, headers: dict[str, str], key: str, title: str = "Letter"
) -> httpx.Response:
    return client.post(
        f"{API}/documents", json={"title": title}, headers=headers | {"Idempotency-Key": key}
    )


def test_same_key_same_body_replays(client: TestClient, world: World, context: Context) -> None:
    headers = world.cn["analyst"].headers
    events_before = _count(context, AuditEvent)
    first = _post(client, headers, "key-1")
    second = _post(client, headers, "key-1")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert REPLAY_HEADER not in first.headers
    assert second.headers[REPLAY_HEADER] == "true"
    assert _count(context, Document) == 1
    assert _count(context, AuditEvent) == events_before + 1


def test_without_a_key_each_post_creates(
    client: TestClient, world: World, context: Context
) -> None:
    headers = world.cn["analyst"].headers
    for _ in range(2):
        answer = client.post(f"{API}/documents", json={"title": "x"}, headers=headers)
        assert answer.status_code == 201
        assert REPLAY_HEADER not in answer.headers
    assert _count(context, Document) == 2
    assert _count(context, IdempotencyRecord) == 0


def test_same_key_different_body_is_422(client: TestClient, world: World, context: Context) -> None:
    headers = world.cn["analyst"].headers
    assert _post(client, headers, "key-2", "one").status_code == 201
    body = assert_error(_post(client, headers, "key-2", "two"), 422, "invalid_input")
    assert "different request" in body["error"]
    assert _count(context, Document) == 1


def test_same_key_on_another_endpoint_is_422(client: TestClient, world: World) -> None:
    headers = world.cn["admin"].headers | {"Idempotency-Key": "key-3"}
    created = client.post(f"{API}/documents", json={"title": "x"}, headers=headers)
    assert created.status_code == 201
    account = {"username": "someone", "roles": ["analyst"]}
    assert_error(client.post(f"{API}/accounts", json=account, headers=headers), 422)


def test_accounts_have_their_own_keys(client: TestClient, world: World, context: Context) -> None:
    cn, us = world.cn["analyst"].headers, world.us["analyst"].headers
    first = _post(client, cn, "shared-key")
    second = _post(client, us, "shared-key")
    assert first.status_code == second.status_code == 201
    assert REPLAY_HEADER not in second.headers
    assert first.json()["id"] != second.json()["id"]
    assert _count(context, Document) == 2


@pytest.mark.parametrize(
    "key", ["k" * (MAX_KEY_LENGTH + 1), " ", "tab\there"], ids=["too-long", "blank", "control"]
)
def test_bad_key_is_422(client: TestClient, world: World, context: Context, key: str) -> None:
    answer = _post(client, world.cn["analyst"].headers, key)
    body = assert_error(answer, 422, "invalid_input")
    assert "Idempotency-Key" in body["error"]
    assert _count(context, Document) == 0


def test_longest_key_is_accepted(client: TestClient, world: World) -> None:
    answer = _post(client, world.cn["analyst"].headers, "k" * MAX_KEY_LENGTH)
    assert answer.status_code == 201


def test_failed_request_stores_no_answer(
    client: TestClient, world: World, context: Context
) -> None:
    headers = world.cn["reviewer"].headers  # may not create documents
    assert_error(_post(client, headers, "key-4"), 403)
    assert _count(context, IdempotencyRecord) == 0
    # The key is still free: the same account may use it once it can do the work.


def test_revoke_replays_with_a_key(client: TestClient, world: World, context: Context) -> None:
    admin = world.cn["admin"]
    token = world.cn["analyst"].token.removeprefix("lb_")[:36]
    headers = admin.headers | {"Idempotency-Key": "revoke-1"}
    first = client.post(f"{API}/tokens/{token}/revoke", headers=headers)
    second = client.post(f"{API}/tokens/{token}/revoke", headers=headers)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert second.headers[REPLAY_HEADER] == "true"
    assert _count(context, AuditEvent, action="token.revoke") == 1


def test_concurrent_same_key_creates_one(
    client: TestClient, world: World, context: Context
) -> None:
    headers = world.cn["analyst"].headers

    def send(_: int) -> tuple[int, str, bool]:
        answer = _post(client, headers, "race")
        return (
            answer.status_code,
            answer.json()["id"],
            REPLAY_HEADER in answer.headers,
        )

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(send, range(6)))
    assert {status for status, _, _ in results} == {201}
    assert len({document_id for _, document_id, _ in results}) == 1
    assert sum(not replayed for _, _, replayed in results) == 1
    assert _count(context, Document) == 1
    assert _count(context, AuditEvent, action="document.create") == 1
