"""``lawbridge``: the command-line face. Every command calls workflows; none touches SQL."""

from __future__ import annotations

import os

import click

from lawbridge import __version__
from lawbridge.cli import (
    admin,
    audit,
    cases,
    content,
    db,
    jobs,
    names,
    pii,
    privacy,
    provider,
    requests,
    screening,
    stream,
    transparency,
    watchlist,
)
from lawbridge.cli.base import State, configure_logging, pass_state, report_errors


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(__version__, prog_name="lawbridge")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """lawbridge: cross-border law-enforcement and cybersecurity cooperation."""
    state = State(debug=debug)
    ctx.obj = state
    ctx.call_on_close(state.close)


WORKER_HEALTHCHECK_S = 60


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="API worker processes sharing the port (uvicorn's process manager).",
)
@click.option(
    "--warm-indexes/--no-warm-indexes",
    default=None,
    help="Build every watchlist's index before /api/v1/ready answers 200 and refresh changed "
    "lists in the background. Default: on, unless LAWBRIDGE_WARM_INDEXES says otherwise.",
)
@pass_state
def serve(state: State, host: str, port: int, workers: int, warm_indexes: bool | None) -> None:
    """Serve the web UI and the API (docs at /api/v1/docs)."""
    import uvicorn

    from lawbridge.server.app import create_app

    def run() -> None:
        settings = state.context().settings
        configure_logging(settings, state.debug)
        warm = warm_indexes
        if warm is None:
            warm = settings.warm_indexes or "warm_indexes" not in settings.model_fields_set
        settings = settings.model_copy(update={"warm_indexes": warm})
        click.echo(f"lawbridge {__version__} on http://{host}:{port}  (API docs: /api/v1/docs)")
        if workers == 1:
            uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
            return
        # Each worker process builds its own app from the environment (it inherits this one).
        os.environ["LAWBRIDGE_WARM_INDEXES"] = "true" if warm else "false"
        click.echo(f"{workers} worker processes")
        uvicorn.run(
            "lawbridge.server.app:serve_app",
            factory=True,
            workers=workers,
            # A worker importing the app on a busy machine can take longer than uvicorn's 5 s
            # health check, which would then kill and restart it over and over.
            timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
            host=host,
            port=port,
            log_level="info",
        )

    report_errors(state.debug, run)


@cli.command()
@pass_state
def demo(state: State) -> None:
    """Load the synthetic demo (parties, accounts, documents) and print its logins."""
    from lawbridge.workflows.demo import demo_logins, load_demo

    def run() -> None:
        context = state.context()
        loaded = load_demo(context)
        click.echo("demo data loaded" if loaded else "demo data already present")
        logins = demo_logins()
        click.echo(f"demo logins (password: {logins[0].password}), at /login:")
        for login in logins:
            click.echo(f"  {login.username:<24} {', '.join(login.roles)}")

    report_errors(state.debug, run)


cli.add_command(db.db)
cli.add_command(audit.audit)
cli.add_command(content.content)
content.content.add_command(stream.consume)
content.content.add_command(stream.publish)
content.content.add_command(jobs.content_hash)
cli.add_command(admin.party)
cli.add_command(admin.account)
cli.add_command(admin.token)
cli.add_command(names.names)
cli.add_command(pii.pii)
cli.add_command(privacy.privacy)
cli.add_command(screening.screen)
cli.add_command(watchlist.watchlist)
cli.add_command(cases.case)
cli.add_command(cases.asset)
cli.add_command(requests.request_group)
cli.add_command(requests.clocks_group)
cli.add_command(requests.lead)
cli.add_command(provider.provider)
cli.add_command(transparency.transparency)


def main() -> None:
    cli(prog_name="lawbridge")
