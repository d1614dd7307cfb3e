"""``lawbridge provider``: lawful requests received by an online service provider, from the command
line — the authority registry, signed and staff intake, call-back, gate, approval, the signed
response package, user notices, and ``provider clocks run`` for cron.

Every command acts as one account of a provider party (``--party SLUG --as USERNAME``; ``clocks
run`` without them acts for every provider). A refused submission (forged, replayed, unsigned,
stale, unknown key or authority, missing elements, over-broad, expired order) is committed as an
audited refusal, then printed as ``error: <failure>: <reason>`` with exit 2; nothing is disclosed.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from typing import Any

import click

from lawbridge.cli.base import OPERATOR, State, pass_state, read_jsonl, report_errors, write_jsonl
from lawbridge.cli.cases import (
    clock_at,
    emit,
    input_option,
    now_option,
    output_option,
    read_object,
)
from lawbridge.cli.provider_authorities import authority_group
from lawbridge.cli.screening import (
    STDIO,
    actor_of,
    as_option,
    open_input,
    open_output,
    party_option,
)
from lawbridge.errors import InvalidInput
from lawbridge.store.provider_models import ProviderRequest, ResponsePackage
from lawbridge.workflows import provider_file, provider_requests, responses, takedown_orders
from lawbridge.workflows import user_notices as notices
from lawbridge.workflows.provider_requests import IntakeResult

REQUEST_FIELDS = (
    "id", "authority_id", "type", "status", "channel", "fields", "time_start", "time_end",
    "nondisclosure_until", "linked_request_id", "verification", "gate", "rejection_reason",
    "received_at", "acknowledged_at", "ack_due_at", "response_due_at", "preserved_at", "closed_at",
)  # fmt: skip


def request_record(item: ProviderRequest) -> dict[str, Any]:
    return {name: getattr(item, name) for name in REQUEST_FIELDS}


def download_record(package: ResponsePackage) -> dict[str, Any]:
    """The package as the requester receives it (what ``provider package verify`` checks)."""
    return {
        "manifest": package.manifest,
        "items": package.items,
        "signature": package.signature,
        "key_id": package.key_id,
        "public_key": package.public_key,
        "algorithm": "Ed25519",
    }


def refused(result: IntakeResult) -> None:
    """After the refusal was committed: the message and exit 2 (bad input)."""
    if result.accepted:
        return
    failure = result.failure.value if result.failure else "invalid_request"
    where = f" (request {result.request.id})" if result.request is not None else ""
    raise InvalidInput(f"{failure}: {result.reason}{where}")


@click.group("provider")
def provider() -> None:
    """Lawful requests received by a provider: authorities, requests, notices, clocks."""


provider.add_command(authority_group)


# --- Requests -----------------------------------------------------------------------------------


@provider.group("request")
def request_group() -> None:
    """Requests received: submit, enter, verify, gate, clear, approve, reject, respond, list."""


@request_group.command("submit")
@click.argument("envelope_path", metavar="FILE.json", default=STDIO)
@party_option
@as_option
@now_option
@pass_state
def submit(state: State, /, envelope_path: str, **options: Any) -> None:
    """Take in a signed envelope ({key_id, signature, body}); prints the verified request."""

    def run() -> None:
        envelope = read_object(envelope_path)
        context = state.context()
        with context.write(actor_of(context, options["party"], options["username"])) as unit:
            result = provider_requests.receive_signed(
                unit, envelope, clock=clock_at(options["now"])
            )
            record = request_record(result.request) if result.accepted and result.request else None
        refused(result)  # the refusal is committed (audited) before exiting 2
        emit(record)

    report_errors(state.debug, run)


@request_group.command("enter")
@party_option
@as_option
@input_option
@now_option
@pass_state
def enter(state: State, /, party: str | None, username: str | None, **options: Any) -> None:
    """A request received on paper, by e-mail or fax (JSON: authority, type and its elements,
    received_via, document_reference); verified later by ``verify`` (a call-back)."""

    def run() -> None:
        data = read_object(options["input_path"])
        context = state.context()
        with context.write(actor_of(context, party, username)) as unit:
            result = provider_requests.enter_request(unit, data, clock=clock_at(options["now"]))
            record = request_record(result.request) if result.accepted and result.request else None
        refused(result)
        emit(record)

    report_errors(state.debug, run)


@request_group.command("verify")
@click.argument("request_id")
@party_option
@as_option
@click.option("--contact", "contact_called", required=True, help="The contact on file called.")
@click.option("--outcome", required=True, type=click.Choice(["confirmed", "denied", "no_answer"]))
@click.option("--person", "person_reached", help="Who answered.")
@click.option("--at", "called_at", help="When the call was made (ISO 8601).")
@click.option("--note")
@now_option
@pass_state
def verify(state: State, /, request_id: str, **options: Any) -> None:
    """Record a call-back; confirmed through a contact on file verifies the request."""

    def run() -> None:
        names = ("contact_called", "outcome", "person_reached", "called_at", "note")
        data = {k: options[k] for k in names if options[k] is not None}
        context = state.context()
        with context.write(actor_of(context, options["party"], options["username"])) as unit:
            provider_requests.record_callback(
                unit, request_id, data, clock=clock_at(options["now"])
            )
            emit(request_record(provider_requests.get_request(unit, request_id)))

    report_errors(state.debug, run)


@request_group.command("gate")
@click.argument("request_id")
@party_option
@as_option
@click.option("--location", "locations", multiple=True, required=True, help="Where data is kept.")
@now_option
@pass_state
def gate(state: State, /, request_id: str, **options: Any) -> None:
    """Run the conflict-of-laws gate for the data's storage jurisdictions."""

    def run() -> None:
        context = state.context()
        with context.write(actor_of(context, options["party"], options["username"])) as unit:
            done = provider_requests.run_gate(
                unit, request_id, list(options["locations"]), clock=clock_at(options["now"])
            )
            emit(request_record(done))

    report_errors(state.debug, run)


@request_group.command("clear")
@click.argument("request_id")
@party_option
@as_option
@click.option("--kind", required=True, help="e.g. cn_competent_authority")
@click.option("--by", "approving_authority", required=True, help="The approving authority.")
@click.option("--reference", required=True)
@click.option("--at", "approved_at", help="When it was approved (ISO 8601).")
@now_option
@pass_state
def clear(state: State, /, request_id: str, **options: Any) -> None:
    """Record the approval that clears a blocking gate rule (reviewers); run the gate again."""

    def run() -> None:
        names = ("kind", "approving_authority", "reference", "approved_at")
        data = {k: options[k] for k in names if options[k] is not None}
        context = state.context()
        with context.write(actor_of(context, options["party"], options["username"])) as unit:
            approval = provider_requests.record_gate_approval(
                unit, request_id, data, clock=clock_at(options["now"])
            )
            emit({"request_id": request_id, "approval": approval.id, "kind": approval.kind})

    report_errors(state.debug, run)


def _act(state: State, request_id: str, options: dict[str, Any], action: str) -> None:
    def run() -> None:
        context = state.context()
        clock = clock_at(options["now"])
        with context.write(actor_of(context, options["party"], options["username"])) as unit:
            if action == "approve":
                done = provider_requests.approve(unit, request_id, clock=clock)
            elif action == "acknowledge":
                done = provider_requests.acknowledge(unit, request_id, clock=clock)
            elif action == "preserved":
                done = responses.record_preserved(unit, request_id, clock=clock)
            else:
                done = provider_requests.reject(unit, request_id, options["reason"], clock=clock)
            emit(request_record(done))

    report_errors(state.debug, run)


def _action(name: str, help_text: str) -> None:
    @request_group.command(name, help=help_text)
    @click.argument("request_id")
    @party_option
    @as_option
    @now_option
    @pass_state
    def command(state: State, /, request_id: str, **options: Any) -> None:
        _act(state, request_id, options, name)


_action("approve", "Approve a request that passed the gate (reviewers).")
_action("acknowledge", "Tell the authority the request arrived (stops that deadline).")
_action("preserved", "Record that an approved preservation request's data is preserved.")


@request_group.command("reject")
@click.argument("request_id")
@party_option
@as_option
@click.option("--reason", required=True)
@now_option
@pass_state
def reject(state: State, /, request_id: str, **options: Any) -> None:
    """Reject an open request with its reason."""
    _act(state, request_id, options, "reject")


@request_group.command("execute-order")
@click.argument("request_id")
@party_option
@as_option
@click.option("--category", default="illegal", show_default=True, help="DSA category.")
@now_option
@pass_state
def execute_order(state: State, /, request_id: str, **options: Any) -> None:
    """Carry out an approved takedown order through stop-the-spread (once)."""

    def run() -> None:
        context = state.context()
        with context.write(actor_of(context, options["party"], options["username"])) as unit:
            done = takedown_orders.execute_order(
                unit, request_id, category=options["category"], clock=clock_at(options["now"])
            )
            emit(done.summary())

    report_errors(state.debug, run)


@request_group.command("respond")
@click.argument("request_id")
@party_option
@as_option
@click.option("--records", "records_path", required=True, help="JSON Lines of records.")
@click.option("--own-values", "own_path", help="JSON: {subject: [own identifiers]}.")
@click.option("--deliver", "via", help="Deliver at once, by this channel (notices first).")
@output_option
@now_option
@pass_state
def respond(state: State, /, request_id: str, **options: Any) -> None:
    """Build the signed, scope-minimised package from the records; prints it as delivered."""

    def run() -> None:
        own = read_object(options["own_path"]) if options["own_path"] else None
        with ExitStack() as stack:
            records = [r for _, r in read_jsonl(open_input(stack, options["records_path"]))]
        context, clock = state.context(), clock_at(options["now"])
        with context.write(actor_of(context, options["party"], options["username"])) as unit:
            provider_requests.get_request(unit, request_id, write=True)
            signer, key_id = responses.provider_signer(unit)
            package = responses.build_package(
                unit, request_id, records, signer=signer, key_id=key_id,
                own_values=own, clock=clock,
            )  # fmt: skip
            if options["via"]:
                responses.deliver(unit, package.id, options["via"], clock=clock)
            record = {"package_id": package.id, **download_record(package)}
        with ExitStack() as stack:
            out = open_output(stack, options["output_path"])
            out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")

    report_errors(state.debug, run)


@request_group.command("show")
@click.argument("request_id")
@party_option
@as_option
@now_option
@pass_state
def show(state: State, /, request_id: str, **options: Any) -> None:
    """The request's file: deadlines, verification, gate, call-backs, approvals, notices."""

    def run() -> None:
        context = state.context()
        with context.read(actor_of(context, options["party"], options["username"])) as unit:
            found = provider_file.request_file(unit, request_id, clock_at(options["now"]).now())
            record = request_record(found.request) | {"deadlines": found.deadlines}
            record["callbacks"] = [(c.contact_called, c.outcome) for c in found.callbacks]
            record["approvals"] = [a.reference for a in found.approvals]
            record["notices"] = [{"id": n.id, "status": n.status} for n in found.notices]
            record["package_id"] = found.package.id if found.package else None
            emit(record)

    report_errors(state.debug, run)


@request_group.command("list")
@party_option
@as_option
@click.option("--status")
@output_option
@now_option
@pass_state
def list_(state: State, /, party: str | None, username: str | None, **options: Any) -> None:
    """The inbox as JSON Lines, soonest response deadline first, with the deadlines."""

    def run() -> None:
        context = state.context()
        moment = clock_at(options["now"]).now()
        with ExitStack() as stack, context.read(actor_of(context, party, username)) as unit:
            rows = [
                request_record(r) | {"deadlines": responses.deadlines(r, moment)}
                for r in provider_requests.list_requests(unit, options["status"])
            ]
            write_jsonl(open_output(stack, options["output_path"]), rows)

    report_errors(state.debug, run)


# --- Notices, packages, clocks ------------------------------------------------------------------


@provider.group("notice")
def notice_group() -> None:
    """User notices: list, send."""


@notice_group.command("list")
@party_option
@as_option
@click.option("--status", help="pending, barred or sent")
@output_option
@pass_state
def notice_list(state: State, /, party: str | None, username: str | None, **options: Any) -> None:
    def run() -> None:
        context = state.context()
        with ExitStack() as stack, context.read(actor_of(context, party, username)) as unit:
            rows = [
                {"id": n.id, "request_id": n.request_id, "subject": n.subject,
                 "status": n.status, "due_at": n.due_at, "sent_at": n.sent_at}
                for n in notices.list_notices(unit, options["status"])
            ]  # fmt: skip
            write_jsonl(open_output(stack, options["output_path"]), rows)

    report_errors(state.debug, run)


@notice_group.command("send")
@click.argument("notice_id")
@party_option
@as_option
@now_option
@pass_state
def notice_send(state: State, /, notice_id: str, **options: Any) -> None:
    """Send one notice now (refused while a non-disclosure order bars it)."""

    def run() -> None:
        context = state.context()
        with context.write(actor_of(context, options["party"], options["username"])) as unit:
            emit(notices.send_notice(unit, notice_id, clock=clock_at(options["now"])).to_dict())

    report_errors(state.debug, run)


@provider.command("verify-package")
@click.argument("package_path", metavar="FILE.json", default=STDIO)
@click.option("--public-key", help="The provider's published key (default: the package's own).")
@pass_state
def verify_package(state: State, /, package_path: str, public_key: str | None) -> None:
    """Check a received package's signature and every item's hash (no database); exit 2 when
    anything fails."""

    def run() -> None:
        package = read_object(package_path)
        try:
            manifest, items = dict(package["manifest"]), list(package["items"])
            key = public_key or str(package["public_key"])
            problems = responses.verify_package(manifest, items, str(package["signature"]), key)
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput(f"not a response package: {exc}") from exc
        if problems:
            raise InvalidInput("; ".join(problems))
        emit({"ok": True, "items": len(items), "package": manifest.get("package")})

    report_errors(state.debug, run)


@provider.group("clocks")
def clocks_group() -> None:
    """Deadlines and notices (for cron)."""


@clocks_group.command("run")
@party_option
@as_option
@now_option
@output_option
@pass_state
def clocks_run(state: State, /, party: str | None, username: str | None, **options: Any) -> None:
    """Send the notices whose non-disclosure order lapsed (once each) and list overdue
    deadlines, as JSON (every provider, unless --party/--as name one account)."""

    def run() -> None:
        context = state.context()
        actor = OPERATOR if party is None and username is None else actor_of(context, party, username)  # fmt: skip
        moment = clock_at(options["now"]).now()
        with context.write(actor) as unit:
            result = provider_file.sweep(unit, moment).to_dict()
        with ExitStack() as stack:  # printed once committed
            out = open_output(stack, options["output_path"])
            out.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")

    report_errors(state.debug, run)
