"""``lawbridge party|account|token``: the operator's management commands.

List commands write JSON Lines (``-o``, default stdout); ``account import`` reads them (``-i``,
default stdin) and stops at the first bad line, naming it, without writing any of the batch.
"""

from __future__ import annotations

import sys
from typing import IO, Any

import click

from lawbridge.cli.base import OPERATOR, State, pass_state, read_jsonl, report_errors, write_jsonl
from lawbridge.errors import InvalidInput, LawbridgeError
from lawbridge.store.models import Account, ApiToken, Party
from lawbridge.workflows import accounts, auth, parties

ACCOUNT_FIELDS = {"party", "username", "display_name", "roles", "password", "locale"}


def party_record(party: Party) -> dict[str, Any]:
    return {
        "id": party.id,
        "slug": party.slug,
        "name": party.name,
        "name_local": party.name_local,
        "kind": party.kind,
        "jurisdiction": party.jurisdiction,
    }


def account_record(account: Account) -> dict[str, Any]:
    return {
        "id": account.id,
        "party_id": account.party_id,
        "username": account.username,
        "display_name": account.display_name,
        "roles": account.roles,
        "locale": account.locale,
        "active": account.active,
    }


def token_record(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.id,
        "account_id": token.account_id,
        "name": token.name,
        "created_at": token.created_at.isoformat(),
        "expires_at": token.expires_at.isoformat() if token.expires_at else None,
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }


@click.group()
def party() -> None:
    """Parties: agencies and online service providers."""


@party.command("create")
@click.option("--slug", required=True, help="Short unique name, e.g. cn-mps.")
@click.option("--name", required=True)
@click.option("--name-local", default=None, help="The name in the party's own language.")
@click.option("--kind", required=True, type=click.Choice(["agency", "provider"]))
@click.option("--jurisdiction", required=True, help="ISO 3166-1 alpha-2 code, e.g. CN or US.")
@pass_state
def party_create(
    state: State, slug: str, name: str, name_local: str | None, kind: str, jurisdiction: str
) -> None:
    """Register a party."""

    def run() -> None:
        with state.context().write(OPERATOR) as unit:
            created = parties.create_party(
                unit,
                slug=slug,
                name=name,
                name_local=name_local,
                kind=kind,
                jurisdiction=jurisdiction,
            )
            write_jsonl(sys.stdout, [party_record(created)])

    report_errors(state.debug, run)


@party.command("list")
@click.option("-o", "--output", type=click.File("w"), default="-", show_default=True)
@pass_state
def party_list(state: State, output: IO[str]) -> None:
    """Every party, as JSON Lines."""

    def run() -> None:
        with state.context().read(OPERATOR) as unit:
            write_jsonl(output, [party_record(p) for p in parties.list_parties(unit)])

    report_errors(state.debug, run)


@click.group()
def account() -> None:
    """Accounts of a party and their roles."""


@account.command("create")
@click.option("--party", "party_ref", required=True, help="Party id or slug.")
@click.option("--username", required=True)
@click.option("--display-name", default="")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice(["admin", "analyst", "reviewer", "auditor"]),
)
@click.option("--locale", type=click.Choice(["en", "zh_Hans"]), default=None)
@click.password_option(required=False, prompt=False, help="Login password (10+ characters).")
@pass_state
def account_create(
    state: State,
    party_ref: str,
    username: str,
    display_name: str,
    roles: tuple[str, ...],
    locale: str | None,
    password: str | None,
) -> None:
    """Create an account in a party."""

    def run() -> None:
        with state.context().write(OPERATOR) as unit:
            created = accounts.create_account(
                unit,
                party=party_ref,
                username=username,
                display_name=display_name,
                roles=roles,
                password=password,
                locale=locale,
            )
            write_jsonl(sys.stdout, [account_record(created)])

    report_errors(state.debug, run)


@account.command("list")
@click.option("--party", "party_ref", default=None, help="Only this party (id or slug).")
@click.option("-o", "--output", type=click.File("w"), default="-", show_default=True)
@pass_state
def account_list(state: State, party_ref: str | None, output: IO[str]) -> None:
    """Accounts, as JSON Lines."""

    def run() -> None:
        with state.context().read(OPERATOR) as unit:
            found = accounts.list_accounts(unit, party_ref)
            write_jsonl(output, [account_record(a) for a in found])

    report_errors(state.debug, run)


@account.command("import")
@click.option("-i", "--input", "source", type=click.File("r"), default="-", show_default=True)
@pass_state
def account_import(state: State, source: IO[str]) -> None:
    """Create accounts from JSON Lines: {party, username, roles, [display_name, password, locale]}.

    All lines are created in one transaction: one bad line and none is.
    """

    def run() -> None:
        created = []
        with state.context().write(OPERATOR) as unit:
            for number, record in read_jsonl(source):
                try:
                    made = accounts.create_account(unit, **account_args(record))
                except LawbridgeError as exc:
                    exc.message = f"line {number}: {exc.message}"
                    raise
                created.append(account_record(made))
        write_jsonl(sys.stdout, created)

    report_errors(state.debug, run)


def account_args(record: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of ``create_account`` from one import record, type-checked."""
    unknown = set(record) - ACCOUNT_FIELDS
    if unknown:
        raise InvalidInput(f"unknown fields {sorted(unknown)}")
    for name in ("party", "username"):
        if not isinstance(record.get(name), str):
            raise InvalidInput(f"'{name}' must be a string")
    for name in ("display_name", "password", "locale"):
        if record.get(name) is not None and not isinstance(record[name], str):
            raise InvalidInput(f"'{name}' must be a string")
    roles = record.get("roles")
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise InvalidInput("'roles' must be a list of strings")
    return {
        "party": record["party"],
        "username": record["username"],
        "display_name": record.get("display_name") or "",
        "roles": roles,
        "password": record.get("password"),
        "locale": record.get("locale"),
    }


@click.group()
def token() -> None:
    """API tokens (the secret is printed once, at issue)."""


@token.command("issue")
@click.option("--account", "account_ref", required=True, help="Account id or username.")
@click.option("--name", required=True, help="What the token is for.")
@click.option("--expires-in-days", type=int, default=None)
@pass_state
def token_issue(state: State, account_ref: str, name: str, expires_in_days: int | None) -> None:
    """Issue a token; prints a JSON line whose "token" is the secret."""

    def run() -> None:
        with state.context().write(OPERATOR) as unit:
            issued, secret = auth.issue_token(unit, account_ref, name, expires_in_days)
            record = token_record(issued) | {"token": secret}
        write_jsonl(sys.stdout, [record])

    report_errors(state.debug, run)


@token.command("list")
@click.option("--account", "account_ref", required=True, help="Account id or username.")
@click.option("-o", "--output", type=click.File("w"), default="-", show_default=True)
@pass_state
def token_list(state: State, account_ref: str, output: IO[str]) -> None:
    """An account's tokens (never their secrets), as JSON Lines."""

    def run() -> None:
        with state.context().read(OPERATOR) as unit:
            write_jsonl(output, [token_record(t) for t in auth.list_tokens(unit, account_ref)])

    report_errors(state.debug, run)


@token.command("revoke")
@click.argument("token_id")
@pass_state
def token_revoke(state: State, token_id: str) -> None:
    """Revoke a token at once."""

    def run() -> None:
        with state.context().write(OPERATOR) as unit:
            revoked = auth.revoke_token(unit, token_id)
            write_jsonl(sys.stdout, [token_record(revoked)])

    report_errors(state.debug, run)
