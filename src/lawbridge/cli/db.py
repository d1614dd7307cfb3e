"""``lawbridge db``: schema migrations, and the retention purge (``db purge [--dry-run]``).

``purge`` deletes, as the operator and in one transaction, the records each retention rule finds past
its period (``workflows/retention.py``; periods are ``LAWBRIDGE_RETENTION_*_DAYS``) and prints one
line per rule. ``--dry-run`` counts them and changes nothing.
"""

from __future__ import annotations

import click

from lawbridge.cli.base import OPERATOR, State, pass_state, report_errors
from lawbridge.domain.clocks import SYSTEM_CLOCK
from lawbridge.store import migrate
from lawbridge.workflows import retention


@click.group()
def db() -> None:
    """Database schema."""


@db.command()
@click.option("--revision", default="head", show_default=True)
@pass_state
def upgrade(state: State, revision: str) -> None:
    """Create or upgrade the schema (Alembic)."""

    def run() -> None:
        context = state.context()
        path = context.settings.sqlite_path()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        migrate.upgrade(context.db, revision)
        click.echo(f"database at revision {migrate.current_revision(context.db)}")

    report_errors(state.debug, run)


@db.command()
@pass_state
def current(state: State) -> None:
    """Print the schema revision of the database."""
    report_errors(state.debug, lambda: click.echo(migrate.current_revision(state.context().db)))


@db.command()
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; change nothing.")
@pass_state
def purge(state: State, dry_run: bool) -> None:
    """Delete records past their retention period (one audit event per rule that deleted any)."""

    def run() -> None:
        context = state.context()
        now = SYSTEM_CLOCK.now()
        opener = context.read if dry_run else context.write
        with opener(OPERATOR) as unit:
            counts = (retention.count_due if dry_run else retention.purge)(unit, now)
        cutoffs = retention.cutoffs(context.settings, now)
        verb = "due" if dry_run else "deleted"
        for rule in retention.RULES:
            if rule.name in counts:
                cutoff = cutoffs[rule.name].isoformat(timespec="seconds")
                click.echo(f"{rule.name}: {counts[rule.name]} {verb} (before {cutoff})")
            else:
                click.echo(f"{rule.name}: kept (LAWBRIDGE_{rule.setting.upper()} not set)")

    report_errors(state.debug, run)
