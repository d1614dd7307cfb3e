"""``lawbridge privacy``: the processing register and the transfer guard from the command line.

``privacy activity add/list/retire`` keep a party's PIPL processing activities; ``privacy
transfer-check --recipient R --country CC -i PAYLOAD [-o OUT]`` detects the personal information in
a payload (``.json``: a JSON value, anything else: text) and prints the recorded decision as JSON.
Any decision exits 0; unusable input (unreadable, not UTF-8, bad JSON, too large) exits 2. With
``-o`` the payload that may be sent is written (the redacted one, or the original when allowed;
nothing on a block), through a temporary file, so nothing half-written is left behind.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from lawbridge.cli.base import State, pass_state, report_errors, write_jsonl
from lawbridge.cli.screening import STDIO, actor_of, as_option, open_output, party_option
from lawbridge.errors import InvalidInput
from lawbridge.store.models import ProcessingActivity, TransferDecision
from lawbridge.workflows import privacy as register
from lawbridge.workflows.privacy_payload import MAX_PAYLOAD_BYTES


@click.group()
def privacy() -> None:
    """Processing register (PIPL) and the transfer guard."""


@privacy.group()
def activity() -> None:
    """Processing activities: add, list, retire."""


def activity_record(item: ProcessingActivity) -> dict[str, Any]:
    fields = ("id", "name", "purpose", "legal_basis", "categories", "retention_days")
    more = ("recipients", "cross_border_mechanism", "allow_redaction", "status", "version")
    return {name: getattr(item, name) for name in fields + more}


def decision_record(item: TransferDecision) -> dict[str, Any]:
    fields = ("id", "recipient", "country", "decision", "reasons", "categories")
    more = ("redacted_categories", "activity_id", "payload_sha256", "payload_size")
    return {name: getattr(item, name) for name in fields + more}


def parse_recipient(value: str) -> dict[str, str]:
    name, sep, country = value.rpartition(":")
    if not sep or not name.strip():
        raise InvalidInput(f"--recipient '{value}' must be NAME:CC, e.g. 'Acme Logistics:SG'")
    return {"name": name.strip(), "country": country.strip()}


@activity.command("add")
@party_option
@as_option
@click.option("--name", required=True)
@click.option("--purpose", required=True)
@click.option("--legal-basis", "legal_basis", required=True, help="PIPL Art. 13 basis.")
@click.option("--category", "categories", multiple=True, required=True, help="e.g. PHONE.")
@click.option("--retention-days", "retention_days", type=int, required=True)
@click.option("--recipient", "recipients", multiple=True, help="NAME:CC (repeatable).")
@click.option("--mechanism", default="none_domestic", show_default=True)
@click.option("--allow-redaction/--no-allow-redaction", default=False, show_default=True)
@pass_state
def add(state: State, /, party: str | None, username: str | None, **options: Any) -> None:
    """Record a processing activity of the acting party; prints it as JSON."""

    def run() -> None:
        context = state.context()
        fields = dict(options)
        fields["recipients"] = [parse_recipient(r) for r in options["recipients"]]
        fields["cross_border_mechanism"] = fields.pop("mechanism")
        fields["categories"] = list(options["categories"])
        with context.write(actor_of(context, party, username)) as unit:
            created = register.create_activity(unit, **fields)
            click.echo(json.dumps(activity_record(created), ensure_ascii=False))

    report_errors(state.debug, run)


@activity.command("list")
@party_option
@as_option
@click.option("--include-retired", is_flag=True)
@click.option("-o", "--output", "output_path", default=STDIO, show_default=True)
@pass_state
def list_(
    state: State, party: str | None, username: str | None, include_retired: bool, output_path: str
) -> None:
    """The acting party's activities, as JSON Lines."""

    def run() -> None:
        context = state.context()
        with ExitStack() as stack, context.read(actor_of(context, party, username)) as unit:
            found = register.list_activities(unit, include_retired=include_retired, limit=10_000)
            write_jsonl(open_output(stack, output_path), (activity_record(a) for a in found))

    report_errors(state.debug, run)


@activity.command("retire")
@click.argument("activity_id")
@party_option
@as_option
@pass_state
def retire(state: State, activity_id: str, party: str | None, username: str | None) -> None:
    """Retire an activity: it stays on record and covers no transfer any more."""

    def run() -> None:
        context = state.context()
        with context.write(actor_of(context, party, username)) as unit:
            retired = register.retire_activity(unit, activity_id)
            click.echo(json.dumps(activity_record(retired), ensure_ascii=False))

    report_errors(state.debug, run)


def read_payload(path: str, fmt: str) -> Any:
    """The payload of ``path`` (``-``: stdin): JSON for ``.json`` (or ``--format json``), else text."""
    try:
        if path == STDIO:
            raw = sys.stdin.buffer.read(MAX_PAYLOAD_BYTES + 1)
        else:
            with open(path, "rb") as stream:
                raw = stream.read(MAX_PAYLOAD_BYTES + 1)
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from exc
    if len(raw) > MAX_PAYLOAD_BYTES:
        raise InvalidInput(f"{path} is larger than {MAX_PAYLOAD_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path} is not valid UTF-8 (byte {exc.start})") from exc
    if "\x00" in text:
        raise InvalidInput(f"{path} holds NUL characters: not a text or JSON payload")
    as_json = fmt == "json" or (fmt == "auto" and path.lower().endswith(".json"))
    if not as_json:
        return text
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg})") from exc


def write_atomically(path: str, payload: Any) -> None:
    """Write ``payload`` (text as is, JSON otherwise) to ``path`` through a temporary file."""
    body = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False) + "\n"
    if path == STDIO:
        click.echo(body, nl=False)
        return
    target = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(body)
        os.replace(temporary, target)
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror}") from exc


@privacy.command("transfer-check")
@party_option
@as_option
@click.option("--recipient", required=True, help="Who the payload goes to.")
@click.option("--country", required=True, help="The recipient's country (ISO 3166-1 alpha-2).")
@click.option("-i", "--input", "input_path", default=STDIO, show_default=True)
@click.option("-o", "--output", "output_path", help="Write the payload that may be sent here.")
@click.option("--format", "fmt", type=click.Choice(["auto", "json", "text"]), default="auto")
@click.option("--operator", default="replace", show_default=True, help="Redaction operator.")
@pass_state
def transfer_check(
    state: State,
    party: str | None,
    username: str | None,
    recipient: str,
    country: str,
    input_path: str,
    output_path: str | None,
    fmt: str,
    operator: str,
) -> None:
    """Allow, redact or block a payload for a recipient; prints the decision as JSON."""

    def run() -> None:
        payload = read_payload(input_path, fmt)
        context = state.context()
        with context.write(actor_of(context, party, username)) as unit:
            outcome = register.check_transfer(
                unit, recipient=recipient, country=country, payload=payload, operator=operator
            )
            result = decision_record(outcome.record)
        click.echo(json.dumps(result, ensure_ascii=False), err=output_path == STDIO)
        if output_path and result["decision"] != "block":
            allowed = outcome.redacted if result["decision"] == "redact" else payload
            write_atomically(output_path, allowed)

    report_errors(state.debug, run)
