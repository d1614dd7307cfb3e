"""``lawbridge watchlist``: create, import, list, show entries, delist, share and export lists.

Every command acts as one account of one party (``--party SLUG --as USERNAME``), through the same
workflows as the API; lists stream JSON Lines on ``-o``; bad input prints ``error: …`` and exits 2.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path
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
    warn,
)
from lawbridge.importers import importer_names
from lawbridge.store.models import Watchlist, WatchlistEntry
from lawbridge.workflows import watchlists


@click.group()
def watchlist() -> None:
    """Watchlists: create, import, list, show entries, delist, export as FtM."""


def watchlist_record(item: Watchlist) -> dict[str, Any]:
    return {
        "id": item.id,
        "party_id": item.party_id,
        "name": item.name,
        "kind": item.kind,
        "threshold": watchlists.threshold_of(item),
        "version": item.version,
    }


def entry_record(entry: WatchlistEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "external_id": entry.external_id,
        "record": entry.record,
        "legal_basis": entry.legal_basis,
        "status": entry.status,
        "delist_route": entry.delist_route,
        "changed_version": entry.changed_version,
    }


@watchlist.command("create")
@party_option
@as_option
@click.option("--name", required=True)
@click.option("--kind", required=True, help="red_notice, fugitive_list, sanctions or internal.")
@click.option("--description", default="")
@click.option("--threshold", type=float)
@click.option("--legal-basis", "legal_basis", help="Default legal basis of its entries.")
@pass_state
def create(
    state: State,
    party: str | None,
    username: str | None,
    name: str,
    kind: str,
    description: str,
    threshold: float | None,
    legal_basis: str | None,
) -> None:
    """Create an empty list owned by the acting party; prints it as JSON."""

    def run() -> None:
        context = state.context()
        with context.write(actor_of(context, party, username)) as unit:
            created = watchlists.create_watchlist(
                unit,
                name=name,
                kind=kind,
                description=description,
                threshold=threshold,
                default_legal_basis=legal_basis,
            )
            click.echo(json.dumps(watchlist_record(created), ensure_ascii=False))

    report_errors(state.debug, run)


@watchlist.command("import")
@click.argument("watchlist_id")
@party_option
@as_option
@click.option("--format", "fmt", type=click.Choice(importer_names()), default="lawbridge")
@click.option("-i", "--input", "input_path", default=STDIO, show_default=True)
@click.option("--source", help="Where this version comes from (a URL, a file name).")
@pass_state
def import_(
    state: State,
    watchlist_id: str,
    party: str | None,
    username: str | None,
    fmt: str,
    input_path: str,
    source: str | None,
) -> None:
    """Import a file as a new version of the list; prints the report (errors per line) as JSON."""

    def run() -> None:
        context = state.context()
        actor = actor_of(context, party, username)
        with ExitStack() as stack, context.write(actor) as unit:
            stream = open_input(stack, input_path)
            label = source or (None if input_path == STDIO else Path(input_path).name)
            report = watchlists.import_file(unit, watchlist_id, stream, format=fmt, source=label)
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        for error in report.errors[:20]:
            warn(error.message)

    report_errors(state.debug, run)


@watchlist.command("list")
@party_option
@as_option
@click.option("-o", "--output", "output_path", default=STDIO, show_default=True)
@pass_state
def list_(state: State, party: str | None, username: str | None, output_path: str) -> None:
    """The lists the acting party owns or has been shared, as JSON Lines."""

    def run() -> None:
        context = state.context()
        with ExitStack() as stack, context.read(actor_of(context, party, username)) as unit:
            found = watchlists.list_watchlists(unit, limit=10_000)
            write_jsonl(open_output(stack, output_path), (watchlist_record(w) for w in found))

    report_errors(state.debug, run)


@watchlist.command("entries")
@click.argument("watchlist_id")
@party_option
@as_option
@click.option("--include-delisted", is_flag=True)
@click.option("-q", "query", help="Only entries whose name or id contains this.")
@click.option("-o", "--output", "output_path", default=STDIO, show_default=True)
@pass_state
def entries(
    state: State,
    watchlist_id: str,
    party: str | None,
    username: str | None,
    include_delisted: bool,
    query: str | None,
    output_path: str,
) -> None:
    """A list's entries as JSON Lines."""

    def run() -> None:
        context = state.context()
        with ExitStack() as stack, context.read(actor_of(context, party, username)) as unit:
            sink = open_output(stack, output_path)
            offset, page = 0, 1000
            while batch := watchlists.list_entries(
                unit,
                watchlist_id,
                include_delisted=include_delisted,
                q=query,
                limit=page,
                offset=offset,
            ):
                write_jsonl(sink, (entry_record(e) for e in batch))
                offset += page

    report_errors(state.debug, run)


@watchlist.command("delist")
@click.argument("entry_id")
@party_option
@as_option
@click.option("--reason", required=True)
@click.option("--route", help="returned_extradited, returned_removed, returned_surrendered, …")
@pass_state
def delist(
    state: State,
    entry_id: str,
    party: str | None,
    username: str | None,
    reason: str,
    route: str | None,
) -> None:
    """Delist one entry (kept, never deleted); prints it as JSON."""

    def run() -> None:
        context = state.context()
        with context.write(actor_of(context, party, username)) as unit:
            entry = watchlists.delist_entry(unit, entry_id, reason=reason, route=route)
            click.echo(json.dumps(entry_record(entry), ensure_ascii=False))

    report_errors(state.debug, run)


@watchlist.command("export")
@click.argument("watchlist_id")
@party_option
@as_option
@click.option("--format", "fmt", type=click.Choice(["ftm"]), default="ftm", show_default=True)
@click.option("--include-delisted", is_flag=True)
@click.option("-o", "--output", "output_path", default=STDIO, show_default=True)
@pass_state
def export(
    state: State,
    watchlist_id: str,
    party: str | None,
    username: str | None,
    fmt: str,
    include_delisted: bool,
    output_path: str,
) -> None:
    """Export a list as FollowTheMoney Person entities (JSON Lines)."""

    def run() -> None:
        context = state.context()
        with ExitStack() as stack, context.read(actor_of(context, party, username)) as unit:
            entities = watchlists.export_ftm(unit, watchlist_id, include_delisted=include_delisted)
            write_jsonl(open_output(stack, output_path), entities)

    report_errors(state.debug, run)


@watchlist.command("share")
@click.argument("watchlist_id")
@party_option
@as_option
@click.option("--with", "grantee", required=True, help="The party to share with (slug or id).")
@pass_state
def share(
    state: State, watchlist_id: str, party: str | None, username: str | None, grantee: str
) -> None:
    """Let another party read, and screen against, one of the acting party's lists."""

    def run() -> None:
        context = state.context()
        with context.write(actor_of(context, party, username)) as unit:
            granted = watchlists.share_watchlist(unit, watchlist_id, grantee=grantee)
            click.echo(json.dumps({"share_id": granted.id, "grantee": granted.grantee_party_id}))

    report_errors(state.debug, run)
