from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World


def test_health(client: TestClient) -> None:
    answer = client.get("/api/v1/health")
    assert answer.status_code == 200
    assert answer.json()["ok"] is True


def test_me_with_token(client: TestClient, world: World) -> None:
    answer = client.get("/api/v1/me", headers=world.cn["analyst"].headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["account"]["username"] == "analyst@cn-agency"
