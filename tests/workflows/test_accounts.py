"""Accounts: roles, usernames, and management only inside one's own party."""

from __future__ import annotations

from typing import Any

import pytest

from lawbridge.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from lawbridge.workflows import accounts
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, World


def _spec(**overrides: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "party": "cn-agency",
        "username": "newcomer",
        "display_name": "New",
        "roles": ["analyst"],
    }
    spec.update(overrides)
    return spec


def test_clean_roles_sorts_and_deduplicates() -> None:
    assert accounts.clean_roles([" reviewer", "admin", "admin"]) == ["admin", "reviewer"]


@pytest.mark.parametrize("roles", [[], ["root"], ["Admin"], ["admin", "superuser"]])
def test_clean_roles_refuses_unknown_or_none(roles: list[str]) -> None:
    with pytest.raises(InvalidInput):
        accounts.clean_roles(roles)


def test_operator_creates_in_any_party(context: Context, world: World) -> None:
    with context.write(SYSTEM) as unit:
        made = accounts.create_account(unit, **_spec(party="us-agency", username=" MiXed "))
    assert (made.party_id, made.username, made.roles) == (world.us.id, "mixed", ["analyst"])


def test_admin_creates_in_own_party(context: Context, world: World) -> None:
    with context.write(world.cn["admin"].actor) as unit:
        made = accounts.create_account(unit, **_spec(roles=["reviewer", "auditor"]))
    assert made.party_id == world.cn.id and made.roles == ["auditor", "reviewer"]


def test_admin_of_a_cannot_create_in_b(context: Context, world: World) -> None:
    with context.write(world.cn["admin"].actor) as unit, pytest.raises(NotFound):
        accounts.create_account(unit, **_spec(party="us-agency"))
    with context.read(SYSTEM) as unit:
        assert "newcomer" not in [a.username for a in accounts.list_accounts(unit)]


def test_analyst_cannot_create_accounts(context: Context, world: World) -> None:
    with context.write(world.cn["analyst"].actor) as unit, pytest.raises(PermissionDenied):
        accounts.create_account(unit, **_spec())


@pytest.mark.parametrize(
    "overrides",
    [
        {"username": "x"},
        {"username": "has space"},
        {"username": "line\nbreak"},
        {"roles": ["root"]},
        {"roles": []},
        {"password": "short"},
        {"locale": "fr"},
        {"display_name": "d" * 201},
    ],
)
def test_bad_account_input(context: Context, world: World, overrides: dict[str, Any]) -> None:
    with context.write(SYSTEM) as unit, pytest.raises(InvalidInput):
        accounts.create_account(unit, **_spec(**overrides))


def test_username_is_unique_whatever_the_case(context: Context, world: World) -> None:
    with context.write(SYSTEM) as unit, pytest.raises(Conflict):
        accounts.create_account(unit, **_spec(username="ANALYST@cn-agency"))


def test_list_accounts_is_scoped(context: Context, world: World) -> None:
    with context.read(world.us["admin"].actor) as unit:
        assert {a.party_id for a in accounts.list_accounts(unit)} == {world.us.id}
    with context.read(SYSTEM) as unit:
        assert len(accounts.list_accounts(unit)) == 12
        assert len(accounts.list_accounts(unit, "provider")) == 4
    with context.read(world.us["analyst"].actor) as unit, pytest.raises(PermissionDenied):
        accounts.list_accounts(unit)


def test_update_account(context: Context, world: World) -> None:
    target = world.cn["reviewer"].account_id
    with context.write(world.cn["admin"].actor) as unit:
        updated = accounts.update_account(unit, target, roles=["analyst"], display_name="  ")
        assert updated.roles == ["analyst"] and updated.display_name == "reviewer@cn-agency"
    with context.write(world.cn["admin"].actor) as unit, pytest.raises(InvalidInput):
        accounts.update_account(unit, target)
    with context.write(world.us["admin"].actor) as unit, pytest.raises(NotFound):
        accounts.update_account(unit, target, active=False)


def test_view_account_needs_self_or_manage(context: Context, world: World) -> None:
    analyst = world.cn["analyst"]
    with context.read(analyst.actor) as unit:
        assert accounts.view_account(unit, analyst.username).id == analyst.account_id
        with pytest.raises(PermissionDenied):
            accounts.view_account(unit, world.cn["admin"].account_id)
        with pytest.raises(NotFound):
            accounts.view_account(unit, world.us["admin"].account_id)


def test_set_own_locale(context: Context, world: World) -> None:
    with context.write(world.us["reviewer"].actor) as unit:
        assert accounts.set_own_locale(unit, "zh_Hans").locale == "zh_Hans"
    with context.write(world.us["reviewer"].actor) as unit, pytest.raises(InvalidInput):
        accounts.set_own_locale(unit, "xx")


def test_an_admin_cannot_remove_the_last_admin(context: Context, world: World) -> None:
    admin = world.cn["admin"]
    for change in ({"roles": ["analyst"]}, {"active": False}):
        with pytest.raises(InvalidTransition), context.write(admin.actor) as unit:
            accounts.update_account(unit, admin.account_id, **change)  # type: ignore[arg-type]
    with context.read(admin.actor) as unit:
        account = accounts.get_account(unit, admin.account_id)
        assert account.active and account.roles == ["admin"]


def test_the_last_admin_may_go_once_another_exists(context: Context, world: World) -> None:
    admin = world.cn["admin"]
    with context.write(admin.actor) as unit:
        accounts.update_account(unit, world.cn["analyst"].account_id, roles=["admin", "analyst"])
        changed = accounts.update_account(unit, admin.account_id, roles=["auditor"])
    assert changed.roles == ["auditor"]
