"""``lawbridge content consume`` and ``content publish``: posts over NATS JetStream.

``consume`` runs N workers on one durable consumer of the party's subject
(``lawbridge.posts.<party>``): every post is hashed, matched and blocked or queued exactly as
through the API, acknowledged only once stored; a redelivered post is never stored twice.
``publish`` sends a JSON Lines file of posts (the API's shape, one per line) to that subject — a
producer for demos, tests and load runs. Counts go to stderr as JSON; bad options exit 2.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import click

from lawbridge.cli.base import State, pass_state, report_errors
from lawbridge.cli.screening import party_option
from lawbridge.errors import InvalidInput
from lawbridge.jobs import nats_stream
from lawbridge.jobs.stream import HandlerFactory

nats_option = click.option(
    "--nats", "url", default=nats_stream.DEFAULT_URL, show_default=True, help="NATS server URL."
)
stream_option = click.option(
    "--stream", "stream", default=nats_stream.DEFAULT_STREAM, show_default=True
)


subject_option = click.option(
    "--subject", help="The posts' subject (default: lawbridge.posts.<party>)."
)


def _subject(party: str | None, subject: str | None) -> str:
    if not party:
        raise InvalidInput("--party is required")
    return subject or nats_stream.subject_for(party)


@click.command("consume")
@party_option
@click.option("--as", "username", required=True, help="The account the workers act as.")
@nats_option
@stream_option
@subject_option
@click.option("--durable", default="lawbridge", show_default=True, help="Shared consumer name.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True)
@click.option("--batch", type=click.IntRange(1, 1000), default=32, show_default=True)
@click.option("--ack-wait", type=click.FloatRange(0.5, 3600), default=30.0, show_default=True)
@click.option(
    "--max-attempts",
    type=click.IntRange(1, 1000),
    default=10,
    show_default=True,
    help="Deliveries before a failing post goes to the dead letters.",
)
@click.option(
    "--parent-wait",
    type=click.FloatRange(0, 86_400),
    default=120.0,
    show_default=True,
    help="Seconds a reshare or reply may wait for its original.",
)
@click.option("--dead-letter", help="Subject that receives refused posts with the reason.")
@click.option(
    "--until-idle",
    type=click.FloatRange(0.1, 86_400),
    help="Stop once nothing has arrived for this many seconds (batch runs, tests).",
)
@pass_state
def consume(
    state: State,
    party: str | None,
    username: str,
    url: str,
    stream: str,
    subject: str | None,
    durable: str,
    workers: int,
    batch: int,
    ack_wait: float,
    max_attempts: int,
    parent_wait: float,
    dead_letter: str | None,
    until_idle: float | None,
) -> None:
    """Ingest the party's posts from NATS JetStream with N workers (at-least-once, idempotent)."""

    def run() -> None:
        spec = nats_stream.StreamSpec(
            _subject(party, subject), url=url, stream=stream, durable=durable, batch=batch,
            ack_wait=ack_wait, dead_letter=dead_letter,
        )  # fmt: skip
        factory = HandlerFactory(party or "", username, max_attempts, parent_wait)
        factory().context.close()  # fail fast, in this process, on an unknown party or account
        counts = nats_stream.run_workers(spec, factory, workers, until_idle=until_idle)
        click.echo(json.dumps({"subject": spec.subject, **_totals(counts)}), err=True)

    report_errors(state.debug, run)


def _totals(counts: Counter[str]) -> dict[str, int]:
    return {name: counts.get(name, 0) for name in ("stored", "duplicate", "invalid", "retry")}


def _lines(path: Path) -> Iterator[bytes]:
    try:
        with path.open("rb") as handle:
            for raw in handle:
                if raw.strip():
                    yield raw.rstrip(b"\r\n")
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from exc


@click.command("publish")
@party_option
@nats_option
@stream_option
@subject_option
@click.option(
    "-i", "--input", "input_path", required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@pass_state
def publish(
    state: State,
    party: str | None,
    url: str,
    stream: str,
    subject: str | None,
    input_path: Path,
) -> None:
    """Publish a JSON Lines file of posts (the API's shape) to the party's subject."""

    def run() -> None:
        spec = nats_stream.StreamSpec(_subject(party, subject), url=url, stream=stream)
        sent = asyncio.run(nats_stream.publish(spec, _lines(input_path)))
        click.echo(json.dumps({"subject": spec.subject, "published": sent}), err=True)

    report_errors(state.debug, run)
