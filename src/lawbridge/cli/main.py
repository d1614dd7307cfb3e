"""``lawbridge``: the command-line face. Every command calls workflows; none touches SQL."""

from __future__ import annotations

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


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@pass_state
def serve(state: State, host: str, port: int) -> None:
    """Serve the web UI and the API (docs at /api/v1/docs)."""
    import uvicorn

    from lawbridge.server.app import create_app

    def run() -> None:
        context = state.context()
        configure_logging(context.settings, state.debug)
        click.echo(f"lawbridge {__version__} on http://{host}:{port}  (API docs: /api/v1/docs)")
        uvicorn.run(create_app(context=context), host=host, port=port, log_level="info")

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
