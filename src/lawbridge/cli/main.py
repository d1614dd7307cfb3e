"""``lawbridge``: the command-line face. Every command calls workflows; none touches SQL.

The command families are imported when a command of theirs runs (or ``--help`` lists them), not
at start: importing all of them took ≈ 0.4 CPU-s more than the content commands alone, on every
run. What importing left behind is then frozen for the garbage collector (``gc.freeze``), so its
full collections do not walk the modules' objects again and again.
"""

from __future__ import annotations

import gc
import os

import click

from lawbridge import __version__
from lawbridge.cli.base import (
    LazySubgroup,
    State,
    configure_logging,
    load_lazy,
    pass_state,
    report_errors,
)

# Command name -> (module under lawbridge.cli, attribute); the order of ``--help`` is by name.
LAZY_COMMANDS = {
    "db": ("db", "db"),
    "audit": ("audit", "audit"),
    "content": ("content", "content"),
    "party": ("admin", "party"),
    "account": ("admin", "account"),
    "token": ("admin", "token"),
    "names": ("names", "names"),
    "pii": ("pii", "pii"),
    "privacy": ("privacy", "privacy"),
    "screen": ("screening", "screen"),
    "watchlist": ("watchlist", "watchlist"),
    "case": ("cases", "case"),
    "asset": ("cases", "asset"),
    "request": ("requests", "request_group"),
    "clocks": ("requests", "clocks_group"),
    "lead": ("requests", "lead"),
    "provider": ("provider", "provider"),
    "transparency": ("transparency", "transparency"),
}
# Subcommands of a lazy group that live in other modules: name -> (module, attribute), each
# imported only when it runs (``content replay`` needs neither the stream nor the batch jobs).
EXTRA_SUBCOMMANDS = {
    "content": {
        "consume": ("stream", "consume"),
        "publish": ("stream", "publish"),
        "hash": ("jobs", "content_hash"),
    },
}


def load_command(name: str) -> click.Command:
    """The command ``name`` of :data:`LAZY_COMMANDS`, its module imported (once)."""
    command = load_lazy(*LAZY_COMMANDS[name])
    extras = EXTRA_SUBCOMMANDS.get(name)
    if extras:
        if not isinstance(command, LazySubgroup):
            raise TypeError(f"'{name}' must be a LazySubgroup to take commands of other modules")
        command.lazy.update(extras)
    return command


class LazyGroup(click.Group):
    """A group whose :data:`LAZY_COMMANDS` are imported when first looked up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            self.add_command(load_command(cmd_name), cmd_name)
            gc.freeze()  # the modules live as long as the process: no need to walk them again
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


def main() -> None:
    cli(prog_name="lawbridge")
