"""Accounts: people acting for one party, with roles. Managed by the party's admins or the operator."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select

from lawbridge.domain.actor import Actor
from lawbridge.domain.roles import Permission, Role
from lawbridge.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from lawbridge.store.models import Account
from lawbridge.workflows import passwords
from lawbridge.workflows.parties import get_party
from lawbridge.workflows.unit import Unit

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,118}$")
LOCALES = ("en", "zh_Hans")
MAX_DISPLAY_NAME = 200


def actor_for(account: Account) -> Actor:
    """The identity an authenticated account acts with."""
    return Actor(
        account_id=account.id,
        party_id=account.party_id,
        roles=frozenset(Role(r) for r in account.roles),
        label=account.username,
        locale=account.locale,
    )


def member_actor(unit: Unit, party: str, username: str) -> Actor:
    """The actor of the active account ``username`` of ``party`` (id or slug): how the CLI and
    the stream workers act as one member of a party. InvalidInput when it is not one."""
    found = get_party(unit, party)
    account = get_account(unit, username)
    if account.party_id != found.id or not account.active:
        raise InvalidInput(f"'{username}' is not an active account of party '{party}'")
    return actor_for(account)


def clean_roles(roles: Iterable[str]) -> list[str]:
    try:
        cleaned = sorted({Role(r.strip()).value for r in roles})
    except ValueError as exc:
        raise InvalidInput(f"roles must be among {[r.value for r in Role]}") from exc
    if not cleaned:
        raise InvalidInput("an account needs at least one role")
    return cleaned


def clean_display_name(display_name: str) -> str:
    cleaned = display_name.strip()
    if len(cleaned) > MAX_DISPLAY_NAME:
        raise InvalidInput(f"display_name must be at most {MAX_DISPLAY_NAME} characters")
    return cleaned


def clean_locale(locale: str | None) -> str | None:
    if locale is not None and locale not in LOCALES:
        raise InvalidInput(f"locale must be one of {list(LOCALES)}")
    return locale


def _manageable(unit: Unit, party_id: str) -> None:
    """The operator may manage any party's accounts; an admin only their own party's."""
    if unit.actor.is_system:
        return
    # Party first: another party's accounts do not exist for the caller, whatever their roles.
    if unit.actor.party_id != party_id:
        raise NotFound("no such party")
    unit.require(Permission.MANAGE_ACCOUNTS)


def create_account(
    unit: Unit,
    *,
    party: str,
    username: str,
    display_name: str,
    roles: Iterable[str],
    password: str | None = None,
    locale: str | None = None,
) -> Account:
    target = get_party(unit, party)
    _manageable(unit, target.id)
    username = username.strip().lower()
    if not USERNAME.fullmatch(username):
        raise InvalidInput("username must be 2-119 characters: a-z 0-9 . _ @ -")
    if password is not None and len(password) < passwords.MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"password must have at least {passwords.MIN_PASSWORD_LENGTH} characters"
        )
    if unit.session.scalar(select(Account.id).where(Account.username == username)):
        raise Conflict(f"username '{username}' is taken", {"username": username})
    account = Account(
        party_id=target.id,
        username=username,
        display_name=clean_display_name(display_name) or username,
        roles=clean_roles(roles),
        password_hash=passwords.hash_password(password) if password else None,
        locale=clean_locale(locale),
        active=True,
    )
    unit.session.add(account)
    unit.session.flush()
    unit.record(
        "account.create",
        "account",
        account.id,
        {"username": username, "roles": account.roles},
        party_id=target.id,
    )
    return account


def get_account(unit: Unit, ref: str) -> Account:
    """An account of the caller's own party (any party for the operator), by id or username."""
    account = unit.session.scalar(
        select(Account).where((Account.id == ref) | (Account.username == ref))
    )
    if account is None or not (unit.actor.is_system or account.party_id == unit.actor.party_id):
        raise NotFound(f"no account '{ref}'")
    return account


def view_account(unit: Unit, ref: str) -> Account:
    """An account as the API shows it: one's own, or any of one's party with ``manage_accounts``."""
    account = get_account(unit, ref)
    if account.id != unit.actor.account_id:
        _manageable(unit, account.party_id)
    return account


def list_accounts(unit: Unit, party: str | None = None) -> list[Account]:
    query = select(Account).order_by(Account.username)
    if unit.actor.is_system:
        if party is not None:
            query = query.where(Account.party_id == get_party(unit, party).id)
    else:
        unit.require(Permission.MANAGE_ACCOUNTS)
        query = query.where(Account.party_id == unit.actor.party_id)
    return list(unit.session.scalars(query))


def update_account(
    unit: Unit,
    ref: str,
    *,
    roles: Iterable[str] | None = None,
    active: bool | None = None,
    display_name: str | None = None,
    password: str | None = None,
) -> Account:
    account = get_account(unit, ref)
    _manageable(unit, account.party_id)
    changed: dict[str, object] = {}
    if roles is not None:
        account.roles = clean_roles(roles)
        changed["roles"] = account.roles
    if active is not None:
        account.active = active
        changed["active"] = active
    if display_name is not None:
        account.display_name = clean_display_name(display_name) or account.username
        changed["display_name"] = True
    if password is not None:
        if len(password) < passwords.MIN_PASSWORD_LENGTH:
            raise InvalidInput(
                f"password must have at least {passwords.MIN_PASSWORD_LENGTH} characters"
            )
        account.password_hash = passwords.hash_password(password)
        changed["password"] = True
    if not changed:
        raise InvalidInput("nothing to change")
    _keep_an_admin(unit, account)
    unit.record("account.update", "account", account.id, changed, party_id=account.party_id)
    return account


def _keep_an_admin(unit: Unit, changed: Account) -> None:
    """A party's admins may not remove the party's last active admin (the operator still can)."""
    if unit.actor.is_system or (changed.active and Role.ADMIN.value in changed.roles):
        return
    unit.session.flush()
    admins = [
        a
        for a in unit.session.scalars(
            select(Account).where(Account.party_id == changed.party_id, Account.active.is_(True))
        )
        if Role.ADMIN.value in a.roles
    ]
    if not admins:
        raise InvalidTransition(
            "a party must keep at least one active admin", {"account": changed.id}
        )


def set_own_locale(unit: Unit, locale: str | None) -> Account:
    """Any account may choose its own UI language."""
    if unit.actor.account_id is None:
        raise InvalidInput("the operator has no account")
    account = get_account(unit, unit.actor.account_id)
    account.locale = clean_locale(locale)
    unit.record("account.locale", "account", account.id, {"locale": locale})
    return account
