"""``lawbridge audit``: verify the chain, prove one event, export events as JSON Lines."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import IO

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from lawbridge.cli.base import OPERATOR, State, pass_state, report_errors, write_jsonl
from lawbridge.domain import audit as rules
from lawbridge.store import audit_log
from lawbridge.workflows import audit as workflow


@click.group()
def audit() -> None:
    """The tamper-evident audit log."""


@audit.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_state
def verify(state: State, as_json: bool) -> None:
    """Check every event, link, checkpoint and the head; exit 1 naming the first bad index."""

    def run() -> None:
        context = state.context()
        with context.read(OPERATOR) as unit:
            head = audit_log.head(unit.session)
            total = head.size if head else 0
            columns = (TextColumn("verifying"), BarColumn(), MofNCompleteColumn())
            # On stderr, and only for a person watching: stdout stays the report alone.
            console = Console(stderr=True)
            quiet = as_json or not console.is_terminal
            with Progress(*columns, console=console, transient=True, disable=quiet) as bar:
                task = bar.add_task("verify", total=total)
                report = workflow.verify_chain(unit, lambda n: bar.update(task, completed=n))
        if as_json:
            click.echo(json.dumps(asdict(report)))
        elif report.ok:
            click.echo(
                f"ok: {report.size} events, {report.checkpoints} checkpoints, "
                f"root {report.root_hash}"
            )
        else:
            click.echo(f"FAILED at index {report.first_bad_index}: {report.reason}", err=True)
        if not report.ok:
            sys.exit(1)

    report_errors(state.debug, run)


@audit.command()
@click.argument("index", type=int)
@pass_state
def proof(state: State, index: int) -> None:
    """Print the Merkle inclusion proof of event INDEX as JSON."""

    def run() -> None:
        with state.context().read(OPERATOR) as unit:
            found = workflow.inclusion_proof(unit, index)
        click.echo(json.dumps(asdict(found)))

    report_errors(state.debug, run)


@audit.command("tree-heads")
@click.option("-o", "--output", type=click.File("w"), default="-", show_default=True)
@pass_state
def tree_heads(state: State, output: IO[str]) -> None:
    """Write every checkpoint's tree head, then the current one, as JSON Lines (publish them)."""

    def run() -> None:
        with state.context().read(OPERATOR) as unit:
            write_jsonl(output, (asdict(h) for h in workflow.tree_heads(unit)))

    report_errors(state.debug, run)


@audit.command()
@click.argument("first", type=click.IntRange(min=1))
@click.argument("second", type=click.IntRange(min=1))
@pass_state
def consistency(state: State, first: int, second: int) -> None:
    """Print the proof that the tree of FIRST events is a prefix of the tree of SECOND, as JSON."""

    def run() -> None:
        with state.context().read(OPERATOR) as unit:
            found = workflow.consistency_proof(unit, first, second)
        click.echo(json.dumps(asdict(found)))

    report_errors(state.debug, run)


@audit.command()
@click.option("-o", "--output", type=click.File("w"), default="-", show_default=True)
@pass_state
def export(state: State, output: IO[str]) -> None:
    """Write every event, in chain order, as JSON Lines (times in UTC, as hashed)."""

    def run() -> None:
        with state.context().read(OPERATOR) as unit:
            rows = (
                {
                    "index": e.seq,
                    "occurred_at": rules.format_time(e.occurred_at),
                    "actor_id": e.actor_id,
                    "actor_label": e.actor_label,
                    "party_id": e.party_id,
                    "action": e.action,
                    "object_type": e.object_type,
                    "object_id": e.object_id,
                    "payload": e.payload,
                    "payload_hash": e.payload_hash,
                    "prev_hash": e.prev_hash,
                    "chain_hash": e.chain_hash,
                }
                for e in audit_log.iter_events(unit.session)
            )
            write_jsonl(output, rows)

    report_errors(state.debug, run)
