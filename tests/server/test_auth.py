"""API tokens: argon2-hashed at rest, refused at once when revoked, expired or their account is off."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from lawbridge.server.app import create_app
from lawbridge.settings import Settings
from lawbridge.store import migrate
from lawbridge.store.models import Account, ApiToken, utcnow
from lawbridge.workflows.unit import Context
from tests.conftest import PASSWORD, SYSTEM, World
from tests.contracts.error_shape import assert_error
from tests.contracts.state import snapshot

API = "/api/v1"


def _token_id(token: str) -> str:
    return token.removeprefix("lb_")[:36]


def _me(client: TestClient, token: str) -> int:
    return client.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"}).status_code


def test_token_is_hashed_at_rest(client: TestClient, world: World, context: Context) -> None:
    analyst = world.cn["analyst"]
    answer = client.post(
        f"{API}/accounts/{analyst.account_id}/tokens",
        json={"name": "laptop", "expires_in_days": 30},
        headers=analyst.headers,
    )
    assert answer.status_code == 201, answer.text
    issued = answer.json()
    token, secret = issued["token"], issued["token"].split("_", 2)[2]
    assert _me(client, token) == 200
    assert issued["expires_at"] is not None
    with context.read(SYSTEM) as unit:
        row = unit.session.get(ApiToken, issued["id"])
        assert row is not None
        assert row.secret_hash.startswith("$argon2id$")
        account = unit.session.get(Account, analyst.account_id)
        assert account is not None and account.password_hash is not None
        assert account.password_hash.startswith("$argon2id$")
    dump = repr(snapshot(context))
    assert secret not in dump and token not in dump
    assert PASSWORD not in dump
    listed = client.get(f"{API}/accounts/{analyst.account_id}/tokens", headers=analyst.headers)
    assert "token" not in listed.json()[0] and secret not in listed.text


def test_revoked_token_fails_at_once(client: TestClient, world: World) -> None:
    analyst = world.cn["analyst"]
    assert _me(client, analyst.token) == 200
    answer = client.post(
        f"{API}/tokens/{_token_id(analyst.token)}/revoke", headers=world.cn["admin"].headers
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["revoked_at"] is not None
    assert _me(client, analyst.token) == 401
    assert _me(client, world.cn["admin"].token) == 200  # others are untouched


@pytest.mark.parametrize(("minutes", "status"), [(-1, 401), (1, 200)])
def test_token_expiry(
    client: TestClient, world: World, context: Context, minutes: int, status: int
) -> None:
    analyst = world.cn["analyst"]
    with context.write(SYSTEM) as unit:
        unit.session.execute(
            update(ApiToken)
            .where(ApiToken.id == _token_id(analyst.token))
            .values(expires_at=utcnow() + timedelta(minutes=minutes))
        )
    assert _me(client, analyst.token) == status


def test_deactivated_account_fails(client: TestClient, world: World) -> None:
    analyst = world.cn["analyst"]
    answer = client.patch(
        f"{API}/accounts/{analyst.account_id}",
        json={"active": False},
        headers=world.cn["admin"].headers,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["active"] is False
    assert_error(client.get(f"{API}/me", headers=analyst.headers), 401, "authentication_failed")


def test_other_partys_token_cannot_be_revoked(
    client: TestClient, world: World, context: Context
) -> None:
    victim = world.cn["analyst"]
    answer = client.post(
        f"{API}/tokens/{_token_id(victim.token)}/revoke", headers=world.us["admin"].headers
    )
    assert_error(answer, 404, "not_found")
    assert _me(client, victim.token) == 200
    with context.read(SYSTEM) as unit:
        row = unit.session.get(ApiToken, _token_id(victim.token))
        assert row is not None and row.revoked_at is None


def test_colleague_token_needs_manage_accounts(client: TestClient, world: World) -> None:
    victim = world.cn["reviewer"]
    path = f"{API}/tokens/{_token_id(victim.token)}/revoke"
    assert_error(client.post(path, headers=world.cn["analyst"].headers), 403, "permission_denied")
    assert _me(client, victim.token) == 200
    own = client.post(path, headers=victim.headers)  # anyone may revoke their own
    assert own.status_code == 200, own.text
    assert _me(client, victim.token) == 401


def test_admin_issues_token_for_colleague_only_in_own_party(
    client: TestClient, world: World, context: Context
) -> None:
    path = f"{API}/accounts/{world.cn['reviewer'].account_id}/tokens"
    issued = client.post(path, json={"name": "ci"}, headers=world.cn["admin"].headers)
    assert issued.status_code == 201, issued.text
    assert _me(client, issued.json()["token"]) == 200
    with context.read(SYSTEM) as unit:
        before = len(list(unit.session.scalars(select(ApiToken))))
    foreign = client.post(path, json={"name": "ci"}, headers=world.us["admin"].headers)
    assert_error(foreign, 404)
    with context.read(SYSTEM) as unit:
        assert len(list(unit.session.scalars(select(ApiToken)))) == before


# --- Health and readiness ------------------------------------------------------------------------


def test_health_needs_no_token(client: TestClient) -> None:
    answer = client.get(f"{API}/health")
    assert answer.status_code == 200
    assert answer.json()["ok"] is True and answer.json()["version"]


def test_ready_when_migrated(client: TestClient, context: Context) -> None:
    answer = client.get(f"{API}/ready")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["ok"] is True and body["database"] == "ok"
    assert body["schema_revision"] == body["expected_revision"] == migrate.head_revision(context.db)


def test_not_ready_when_schema_is_behind(tmp_path: Path) -> None:
    settings = Settings(env="test", database_url=f"sqlite:///{tmp_path / 'empty.db'}")
    context = Context(settings)
    try:
        with TestClient(create_app(context=context)) as client:
            answer = client.get(f"{API}/ready")
            assert client.get(f"{API}/health").status_code == 200
    finally:
        context.close()
    assert answer.status_code == 503
    body = answer.json()
    assert body["ok"] is False and body["database"] == "ok"
    assert body["schema_revision"] is None and body["expected_revision"]


def test_not_ready_when_database_unreachable(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir" / "db.sqlite"
    context = Context(Settings(env="test", database_url=f"sqlite:///{missing}"))
    try:
        with TestClient(create_app(context=context)) as client:
            answer = client.get(f"{API}/ready")
    finally:
        context.close()
    assert answer.status_code == 503
    assert answer.json()["database"] == "unreachable"
