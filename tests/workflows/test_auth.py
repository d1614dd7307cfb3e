"""Tokens and logins at the workflow level: format, hashing, revocation and generic failures."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lawbridge.errors import AuthenticationFailed, InvalidInput, NotFound, PermissionDenied
from lawbridge.store.models import AuditEvent
from lawbridge.workflows import auth
from lawbridge.workflows.unit import Context
from tests.conftest import PASSWORD, SYSTEM, World


def test_issued_token_authenticates_as_its_account(context: Context, world: World) -> None:
    with context.write(SYSTEM) as unit:
        token, secret = auth.issue_token(unit, "reviewer@us-agency", "ci", expires_in_days=7)
    assert secret.startswith(f"lb_{token.id}_")
    assert token.secret_hash.startswith("$argon2id$") and secret not in token.secret_hash
    with context.read(SYSTEM) as unit:
        actor = auth.authenticate_token(unit, secret)
    assert actor.account_id == world.us["reviewer"].account_id
    assert actor.party_id == world.us.id


@pytest.mark.parametrize(
    "presented",
    ["", "lb_", "lb_x_y", "Bearer lb_", "lb_" + "0" * 36 + "_" + "a" * 43, "lb_\x00" + "a" * 80],
)
def test_bad_tokens_fail_alike(context: Context, world: World, presented: str) -> None:
    with context.read(SYSTEM) as unit, pytest.raises(AuthenticationFailed) as caught:
        auth.authenticate_token(unit, presented)
    assert caught.value.message == auth.BAD_CREDENTIALS


@pytest.mark.parametrize(
    ("name", "days"), [("", None), ("  ", None), ("n" * 121, None), ("ok", 0), ("ok", 3651)]
)
def test_issue_refuses_bad_input(context: Context, world: World, name: str, days: int) -> None:
    with context.write(SYSTEM) as unit, pytest.raises(InvalidInput):
        auth.issue_token(unit, "analyst@cn-agency", name, days)


def test_issue_for_colleague_needs_manage(context: Context, world: World) -> None:
    with context.write(world.cn["analyst"].actor) as unit, pytest.raises(PermissionDenied):
        auth.issue_token(unit, "reviewer@cn-agency", "x")
    with context.write(world.us["admin"].actor) as unit, pytest.raises(NotFound):
        auth.issue_token(unit, "reviewer@cn-agency", "x")


def test_revoke_is_idempotent_and_audited_once(context: Context, world: World) -> None:
    token_id = world.cn["analyst"].token.removeprefix("lb_")[:36]
    for _ in range(2):
        with context.write(world.cn["admin"].actor) as unit:
            assert auth.revoke_token(unit, token_id).revoked_at is not None
    with context.read(SYSTEM) as unit:
        revokes = unit.session.scalar(
            select(func.count()).where(AuditEvent.action == "token.revoke")
        )
        assert revokes == 1
        with pytest.raises(AuthenticationFailed):
            auth.authenticate_token(unit, world.cn["analyst"].token)


def test_revoke_unknown_token(context: Context, world: World) -> None:
    with context.write(world.cn["admin"].actor) as unit, pytest.raises(NotFound):
        auth.revoke_token(unit, "00000000-0000-0000-0000-000000000000")


def test_login(context: Context, world: World) -> None:
    with context.read(SYSTEM) as unit:
        assert (
            auth.login(unit, " Analyst@CN-agency ", PASSWORD).id == world.cn["analyst"].account_id
        )
        for username, password in [("analyst@cn-agency", "wrong password"), ("ghost", PASSWORD)]:
            with pytest.raises(AuthenticationFailed) as caught:
                auth.login(unit, username, password)
            assert caught.value.message == auth.BAD_CREDENTIALS
