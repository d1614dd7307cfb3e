"""``lawbridge provider authority``: the provider's registry of authorities and their Ed25519 keys
(added with the authority or later, revoked when compromised). Part of ``lawbridge provider``."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

import click

from lawbridge.cli.base import State, pass_state, report_errors, write_jsonl
from lawbridge.cli.cases import (
    clock_at,
    emit,
    input_option,
    now_option,
    output_option,
    parse_time,
    read_object,
)
from lawbridge.cli.screening import actor_of, as_option, open_output, party_option
from lawbridge.errors import InvalidInput
from lawbridge.store.provider_models import Authority
from lawbridge.workflows import authorities

AUTHORITY_FIELDS = ("id", "name", "country", "kind", "contact")


def authority_record(item: Authority) -> dict[str, Any]:
    return {name: getattr(item, name) for name in AUTHORITY_FIELDS}


# --- Authorities --------------------------------------------------------------------------------


@click.group("authority")
def authority_group() -> None:
    """The registry of authorities and their Ed25519 keys."""


@authority_group.command("add")
@party_option
@as_option
@input_option
@now_option
@pass_state
def authority_add(state: State, /, party: str | None, username: str | None, **options: Any) -> None:
    """Register an authority from a JSON object: name, country, kind, contact and, optionally,
    keys: [{key_id, public_key (raw Ed25519, base64), valid_from, valid_until}]."""

    def run() -> None:
        data = read_object(options["input_path"])
        keys = data.pop("keys", [])
        if not isinstance(keys, list) or not all(isinstance(k, dict) for k in keys):
            raise InvalidInput("keys must be a list of objects")
        clock = clock_at(options["now"])
        context = state.context()
        with context.write(actor_of(context, party, username)) as unit:
            found = authorities.create_authority(unit, data)
            for key in keys:
                start = parse_time(key.get("valid_from"), "valid_from") or clock.now()
                until = parse_time(key.get("valid_until"), "valid_until")
                authorities.add_key(
                    unit, found.id, key.get("key_id"), str(key.get("public_key", "")), start, until
                )
            record = authority_record(found)
            record["keys"] = [k.key_id for k in authorities.list_keys(unit, found.id)]
            emit(record)

    report_errors(state.debug, run)


@authority_group.command("list")
@party_option
@as_option
@click.option("--country", help="ISO 3166-1 alpha-2")
@output_option
@pass_state
def authority_list(
    state: State, /, party: str | None, username: str | None, **options: Any
) -> None:
    """The registry as JSON Lines, each authority with its key ids."""

    def run() -> None:
        context = state.context()
        with ExitStack() as stack, context.read(actor_of(context, party, username)) as unit:
            rows = []
            for found in authorities.list_authorities(unit, options["country"]):
                keys = [k.key_id for k in authorities.list_keys(unit, found.id)]
                rows.append(authority_record(found) | {"keys": keys})
            write_jsonl(open_output(stack, options["output_path"]), rows)

    report_errors(state.debug, run)


@authority_group.command("revoke-key")
@click.argument("authority_id")
@click.argument("key_id")
@party_option
@as_option
@click.option("--reason", required=True)
@now_option
@pass_state
def authority_revoke_key(state: State, /, authority_id: str, key_id: str, **options: Any) -> None:
    """Revoke a compromised key: nothing signed with it is accepted any more."""

    def run() -> None:
        context = state.context()
        with context.write(actor_of(context, options["party"], options["username"])) as unit:
            key = authorities.revoke_key(
                unit, authority_id, key_id, options["reason"], clock=clock_at(options["now"])
            )
            emit({"key_id": key.key_id, "revoked_at": key.revoked_at})

    report_errors(state.debug, run)
