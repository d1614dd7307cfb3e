"""``lawbridge case`` and ``lawbridge asset``: fugitive cases and the asset ledger from the command line.

Every command acts as one account of one party (``--party SLUG --as USERNAME``) through the same
workflows as the API. Objects come in as one JSON object (``-i FILE``, default stdin) and go out as
JSON (lists as JSON Lines on ``-o``); bad input prints ``error: …`` and exits 2, nothing changed.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from datetime import datetime
from typing import Any

import click

from lawbridge.cli.base import State, pass_state, report_errors, write_jsonl
from lawbridge.cli.screening import (
    STDIO,
    actor_of,
    as_option,
    open_input,
    open_output,
    party_option,
)
from lawbridge.domain.cases import CaseStatus
from lawbridge.domain.clocks import SYSTEM_CLOCK, Clock, SimulatedClock
from lawbridge.domain.screening import parse_enum
from lawbridge.errors import InvalidInput
from lawbridge.store.cases_models import Asset
from lawbridge.workflows import assets, case_sharing, cases
from lawbridge.workflows.unit import Unit


def emit(record: Any) -> None:
    click.echo(json.dumps(record, ensure_ascii=False, default=str))


def read_object(path: str) -> dict[str, Any]:
    """One JSON object from ``path`` (``-``: stdin); anything else is bad input."""
    with ExitStack() as stack:
        try:
            text = open_input(stack, path).read()
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"{path} is not valid UTF-8") from exc
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    if not isinstance(value, dict):
        raise InvalidInput(f"{path} must hold one JSON object")
    return value


def parse_time(value: str | None, option: str) -> datetime | None:
    """An ISO 8601 instant (UTC when no offset is given); None when not given."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{option} '{value}' is not an ISO 8601 date or time") from exc


def with_times(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    """``data`` with its ISO 8601 instants (``keys``) parsed, as the API's schemas do."""
    parsed = dict(data)
    for key in keys:
        value = parsed.get(key)
        if value is not None and not isinstance(value, str):
            raise InvalidInput(f"{key} must be an ISO 8601 date or time", {"field": key})
        parsed[key] = parse_time(value, key)
        if parsed[key] is None:
            parsed.pop(key)
    return parsed


def clock_at(now: str | None) -> Clock:
    """The system clock, or one stopped at ``--now`` (replays, what-if runs, tests)."""
    moment = parse_time(now, "--now")
    return SYSTEM_CLOCK if moment is None else SimulatedClock(moment)


input_option = click.option("-i", "--input", "input_path", default=STDIO, show_default=True)
output_option = click.option("-o", "--output", "output_path", default=STDIO, show_default=True)
now_option = click.option("--now", help="Act as if it were this ISO 8601 instant.")


@click.group()
def case() -> None:
    """Fugitive cases: create, edit, list, show, transition, share, stats."""


@case.command("create")
@party_option
@as_option
@input_option
@now_option
@pass_state
def create(
    state: State, party: str | None, username: str | None, input_path: str, now: str | None
) -> None:
    """Open a case from a JSON object (subject_name, offences, charge, law, host_party …)."""

    def run() -> None:
        data = with_times(read_object(input_path), "listed_at")
        context = state.context()
        with context.write(actor_of(context, party, username)) as unit:
            created = cases.create_case(unit, data, clock=clock_at(now))
            unit.session.flush()
            emit(case_sharing.case_view(unit, created))

    report_errors(state.debug, run)


@case.command("edit")
@click.argument("case_id")
@party_option
@as_option
@input_option
@now_option
@pass_state
def edit(
    state: State,
    case_id: str,
    party: str | None,
    username: str | None,
    input_path: str,
    now: str | None,
) -> None:
    """Correct a case's subject, judicial data or host from a JSON object (owner only); keys left
    out keep their value, null clears one."""

    def run() -> None:
        data = read_object(input_path)
        context = state.context()
        with context.write(actor_of(context, party, username)) as unit:
            edited = cases.edit_case(unit, case_id, data, clock=clock_at(now))
            unit.session.flush()
            emit(case_sharing.case_view(unit, edited))

    report_errors(state.debug, run)


@case.command("list")
@party_option
@as_option
@click.option("--status", help="Only the party's own cases in this status.")
@click.option("--stale-days", "stale_days", type=int, help="Open cases idle for N days.")
@now_option
@output_option
@pass_state
def list_(
    state: State,
    party: str | None,
    username: str | None,
    status: str | None,
    stale_days: int | None,
    now: str | None,
    output_path: str,
) -> None:
    """Own and shared cases as JSON Lines, each as the party sees it."""

    def run() -> None:
        context = state.context()
        with ExitStack() as stack, context.read(actor_of(context, party, username)) as unit:
            if stale_days is not None:
                found = cases.stale_cases(unit, now=clock_at(now).now(), days=stale_days)
                chosen = parse_enum(CaseStatus, status, "status").value if status else None
                found = [c for c in found if chosen is None or c.status == chosen]
            else:
                found = cases.list_cases(unit, status=status, limit=100_000)
            views = (case_sharing.case_view(unit, c, with_timeline=False) for c in found)
            write_jsonl(open_output(stack, output_path), views)

    report_errors(state.debug, run)


@case.command("show")
@click.argument("case_id")
@party_option
@as_option
@pass_state
def show(state: State, case_id: str, party: str | None, username: str | None) -> None:
    """One case with its timeline, as the acting party may see it."""

    def run() -> None:
        context = state.context()
        with context.read(actor_of(context, party, username)) as unit:
            emit(case_sharing.case_view(unit, cases.get_case(unit, case_id)))

    report_errors(state.debug, run)


@case.command("transition")
@click.argument("case_id")
@click.argument("status")
@party_option
@as_option
@click.option("--note", default="")
@click.option("--at", "occurred_at", help="When it happened (ISO 8601, not in the future).")
@now_option
@pass_state
def transition(state: State, /, case_id: str, status: str, **options: Any) -> None:
    """Move a case to STATUS along the return routes."""

    def run() -> None:
        context = state.context()
        with context.write(actor_of(context, options["party"], options["username"])) as unit:
            moved = cases.move_case(
                unit,
                case_id,
                status,
                note=options["note"],
                occurred_at=parse_time(options["occurred_at"], "--at"),
                clock=clock_at(options["now"]),
            )
            emit(case_sharing.case_view(unit, moved))

    report_errors(state.debug, run)


@case.command("share")
@click.argument("case_id")
@party_option
@as_option
@click.option("--with", "grantee", required=True, help="The counterpart party (slug or id).")
@click.option("--field", "fields", multiple=True, required=True, help="A field it may see.")
@click.option("--write", is_flag=True, help="Also let it move the case's status.")
@pass_state
def share(state: State, /, case_id: str, **options: Any) -> None:
    """Share a case field by field with a counterpart; prints the share as JSON."""

    def run() -> None:
        context = state.context()
        with context.write(actor_of(context, options["party"], options["username"])) as unit:
            granted = case_sharing.share_case(
                unit,
                cases.get_case(unit, case_id),
                grantee=options["grantee"],
                fields=options["fields"],
                permission="write" if options["write"] else "read",
            )
            emit(
                {
                    "share_id": granted.id,
                    "grantee": granted.grantee_party_id,
                    "fields": list(options["fields"]),
                }
            )

    report_errors(state.debug, run)


@case.command("stats")
@party_option
@as_option
@click.option("--watchlist", "watchlist_id", help="Only the cases of this list.")
@click.option("--start", help="Period start (ISO 8601).")
@click.option("--end", help="Period end, exclusive (ISO 8601).")
@pass_state
def stats(state: State, /, party: str | None, username: str | None, **options: Any) -> None:
    """Returns by route: "of 100 listed, 41 returned: x extradited, y removed, z surrendered"."""

    def run() -> None:
        context = state.context()
        with context.read(actor_of(context, party, username)) as unit:
            found = cases.case_statistics(
                unit,
                watchlist_id=options["watchlist_id"],
                start=parse_time(options["start"], "--start"),
                end=parse_time(options["end"], "--end"),
            )
            emit(found.to_dict() | {"sentence": found.sentence()})

    report_errors(state.debug, run)


# --- Assets -----------------------------------------------------------------------------------


@click.group()
def asset() -> None:
    """Assets: create, advance (traced → frozen → confiscated → returned), show, totals."""


def asset_record(unit: Unit, item: Asset) -> dict[str, Any]:
    fields = ("id", "party_id", "case_id", "request_id", "kind", "description", "holder")
    more = ("beneficial_owner", "location", "country", "stage", "stage_at")
    record = {name: getattr(item, name) for name in fields + more}
    unit.session.flush()
    history = assets.asset_history(unit, item.id)
    record["history"] = [
        {"stage": r.stage, "occurred_at": r.occurred_at, "amount": r.amount, "currency": r.currency}
        for r in history
    ]
    return record


@asset.command("create")
@party_option
@as_option
@input_option
@now_option
@pass_state
def asset_create(
    state: State, party: str | None, username: str | None, input_path: str, now: str | None
) -> None:
    """Record a traced asset from a JSON object (amount as a decimal string with its currency)."""

    def run() -> None:
        data = with_times(read_object(input_path), "occurred_at")
        context = state.context()
        with context.write(actor_of(context, party, username)) as unit:
            emit(asset_record(unit, assets.create_asset(unit, data, clock=clock_at(now))))

    report_errors(state.debug, run)


@asset.command("advance")
@click.argument("asset_id")
@click.argument("stage")
@party_option
@as_option
@click.option("--at", "occurred_at", help="When (ISO 8601, not in the future).")
@click.option("--amount", help="Value at that date, a decimal string.")
@click.option("--currency", help="ISO 4217 code of the amount.")
@click.option("--note", default="")
@now_option
@pass_state
def asset_advance(state: State, /, asset_id: str, stage: str, **options: Any) -> None:
    """Move an asset to its next STAGE, dated and optionally valued."""

    def run() -> None:
        context = state.context()
        with context.write(actor_of(context, options["party"], options["username"])) as unit:
            moved = assets.advance_asset(
                unit,
                asset_id,
                stage,
                occurred_at=parse_time(options["occurred_at"], "--at"),
                amount=options["amount"],
                currency=options["currency"],
                note=options["note"],
                clock=clock_at(options["now"]),
            )
            emit(asset_record(unit, moved))

    report_errors(state.debug, run)


@asset.command("totals")
@party_option
@as_option
@click.option("--case", "case_id", help="Only the assets of this case.")
@click.option("--owner", help="Only the assets of this party (id).")
@pass_state
def asset_totals(
    state: State, party: str | None, username: str | None, case_id: str | None, owner: str | None
) -> None:
    """Per stage: the number of assets and their latest values per currency."""

    def run() -> None:
        context = state.context()
        with context.read(actor_of(context, party, username)) as unit:
            emit(assets.asset_totals(unit, case_id=case_id, party=owner).to_dict())

    report_errors(state.debug, run)


@asset.command("list")
@party_option
@as_option
@click.option("--case", "case_id", help="Only the assets of this case.")
@click.option("--owner", help="Only the assets of this party (id).")
@pass_state
def asset_list(
    state: State, party: str | None, username: str | None, case_id: str | None, owner: str | None
) -> None:
    """The assets the actor can see, newest stage first, one JSON object per line."""

    def run() -> None:
        context = state.context()
        with context.read(actor_of(context, party, username)) as unit:
            for row in assets.list_assets(unit, case_id=case_id, party_id=owner):
                emit(asset_record(unit, row.asset))

    report_errors(state.debug, run)
