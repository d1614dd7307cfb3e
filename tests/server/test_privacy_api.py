"""``/api/v1/privacy``: the register's CRUD, the transfer check and its list, in the one error shape."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lawbridge.workflows import privacy
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.contracts.error_shape import assert_error
from tests.contracts.state import snapshot

API = "/api/v1/privacy"
ACTIVITY: dict[str, Any] = {
    "name": "Parcel delivery",
    "purpose": "Hand parcels to the courier",
    "legal_basis": "contract_or_hr",
    "categories": ["PERSON", "PHONE"],
    "retention_days": 90,
    "recipients": [{"name": "Acme Logistics", "country": "CN"}],
    "allow_redaction": True,
}


def detect(text: str) -> list[tuple[str, int, int]]:
    patterns = {"EMAIL": r"\S+@\S+\.\w+", "PHONE": r"(?<!\d)1[3-9]\d{9}(?!\d)"}
    return [(k, m.start(), m.end()) for k, p in patterns.items() for m in re.finditer(p, text)]


@pytest.fixture(autouse=True)
def fake_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(privacy, "default_detector", lambda: detect)


def test_activity_lifecycle(client: TestClient, world: World) -> None:
    headers = world.provider["analyst"].headers
    created = client.post(f"{API}/activities", json=ACTIVITY, headers=headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["version"], body["status"], body["categories"]) == (
        1,
        "active",
        ["PERSON", "PHONE"],
    )
    path = f"{API}/activities/{body['id']}"
    assert client.get(path, headers=headers).json()["name"] == "Parcel delivery"
    patched = client.patch(
        path, json={"expected_version": 1, "retention_days": 30}, headers=headers
    )
    assert patched.status_code == 200 and patched.json()["version"] == 2
    stale = client.patch(path, json={"expected_version": 1, "name": "x"}, headers=headers)
    assert_error(stale, 409, "conflict")
    retired = client.post(f"{path}/retire", headers=headers)
    assert retired.status_code == 200 and retired.json()["status"] == "retired"
    assert_error(client.post(f"{path}/retire", headers=headers), 409, "invalid_transition")
    assert client.get(f"{API}/activities", headers=headers).json() == []
    every = client.get(f"{API}/activities", params={"include_retired": True}, headers=headers)
    assert [a["id"] for a in every.json()] == [body["id"]]


@pytest.mark.parametrize(
    "bad",
    [
        {"legal_basis": "because"},
        {"categories": ["SHOE_SIZE"]},
        {"retention_days": 0},
        {"recipients": [{"name": "X", "country": "ZZ"}]},
        {"surprise": 1},
    ],
)
def test_bad_activity_is_422(
    client: TestClient, world: World, context: Context, bad: dict[str, Any]
) -> None:
    before = snapshot(context)
    answer = client.post(
        f"{API}/activities", json=ACTIVITY | bad, headers=world.provider["analyst"].headers
    )
    assert_error(answer, 422, "invalid_input")
    assert snapshot(context) == before


def test_reviewer_cannot_record_an_activity(client: TestClient, world: World) -> None:
    answer = client.post(
        f"{API}/activities", json=ACTIVITY, headers=world.provider["reviewer"].headers
    )
    assert_error(answer, 403, "permission_denied")


def test_transfer_check_redacts_blocks_and_lists(client: TestClient, world: World) -> None:
    headers = world.provider["analyst"].headers
    client.post(f"{API}/activities", json=ACTIVITY, headers=headers)
    payload = {"customer": {"phone": "13800138000", "email": "li@example.cn"}}
    body = {"recipient": "Acme Logistics", "country": "CN", "payload": payload}
    answer = client.post(f"{API}/transfers/check", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["decision"]["decision"] == "redact"
    assert result["decision"]["categories"] == {"EMAIL": 1, "PHONE": 1}
    assert result["redacted_payload"] == {"customer": {"phone": "13800138000", "email": "<EMAIL>"}}
    sold = {"recipient": "Data Broker", "country": "CN", "text": "13800138000", "operator": "mask"}
    blocked = client.post(f"{API}/transfers/check", json=sold, headers=headers).json()
    assert blocked["decision"]["decision"] == "block" and blocked["redacted_payload"] is None
    listed = client.get(f"{API}/transfers", headers=world.provider["auditor"].headers).json()
    assert [d["decision"] for d in listed] == ["block", "redact"]
    only = client.get(f"{API}/transfers", params={"decision": "block"}, headers=headers).json()
    assert [d["recipient"] for d in only] == ["Data Broker"]
    assert client.get(f"{API}/transfers", headers=world.cn["admin"].headers).json() == []


@pytest.mark.parametrize(
    "bad",
    [
        {"recipient": "Acme", "country": "CN"},
        {"recipient": "Acme", "country": "CN", "payload": {"a": 1}, "text": "b"},
        {"recipient": "Acme", "country": "XX", "text": "b"},
        {"recipient": "Acme", "country": "CN", "text": "b", "operator": "shred"},
    ],
)
def test_bad_transfer_check_is_422_and_stores_nothing(
    client: TestClient, world: World, context: Context, bad: dict[str, Any]
) -> None:
    before = snapshot(context)
    answer = client.post(
        f"{API}/transfers/check", json=bad, headers=world.provider["analyst"].headers
    )
    assert_error(answer, 422, "invalid_input")
    assert snapshot(context) == before


def test_transfer_check_replays_with_an_idempotency_key(client: TestClient, world: World) -> None:
    headers = world.provider["analyst"].headers | {"Idempotency-Key": "check-1"}
    body = {"recipient": "Acme", "country": "CN", "text": "13800138000"}
    first = client.post(f"{API}/transfers/check", json=body, headers=headers)
    second = client.post(f"{API}/transfers/check", json=body, headers=headers)
    assert first.json() == second.json() and second.headers["Idempotent-Replayed"] == "true"
    listed = client.get(f"{API}/transfers", headers=world.provider["analyst"].headers).json()
    assert len(listed) == 1
