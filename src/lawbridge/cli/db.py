"""``lawbridge db``: schema migrations."""

from __future__ import annotations

import click

from lawbridge.cli.base import State, pass_state, report_errors
from lawbridge.store import migrate


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
