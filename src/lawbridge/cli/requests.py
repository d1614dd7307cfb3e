"""``lawbridge request``, ``lawbridge clocks run`` and ``lawbridge lead``: cooperation requests, their
legal clocks (for cron) and cybercrime leads as STIX 2.1 bundles, from the command line.

``clocks run [--now ISO]`` fires every due reminder and overdue once (as the operator, for all
parties, unless ``--party/--as`` name one account) and prints the alerts as JSON Lines. Bad input
prints ``error: …`` and exits 2; nothing is changed.
"""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from typing import Any

import click

from lawbridge.cli.base import OPERATOR, State, pass_state, report_errors, write_jsonl
from lawbridge.cli.cases import (
    clock_at,
    emit,
    input_option,
    now_option,
    output_option,
    parse_time,
    read_object,
)
from lawbridge.cli.screening import actor_of, as_option, open_output, party_option
from lawbridge.store.cases_models import CooperationRequest, LeadIndicator
from lawbridge.workflows import clocks, leads, leads_stix, requests
from lawbridge.workflows.unit import Unit

REQUEST_FIELDS = (
    "id", "party_id", "recipient_party_id", "kind", "status", "title", "reference", "legal_basis",
    "urgency", "case_id", "form", "article3", "clock_days", "warnings", "refusal_ground",
    "sent_at", "closed_at",
)  # fmt: skip
LEAD_FIELDS = (
    "id", "party_id", "case_id", "request_id", "kind", "value", "chain", "tlp", "source",
    "description", "origin_stix_id", "valid_from",
)  # fmt: skip


def request_record(item: CooperationRequest) -> dict[str, Any]:
    return {name: getattr(item, name) for name in REQUEST_FIELDS}


def lead_record(item: LeadIndicator) -> dict[str, Any]:
    return {name: getattr(item, name) for name in LEAD_FIELDS}


@click.group("request")
def request_group() -> None:
    """Cooperation requests: create, update, send, act, milestone, list, show, clocks."""


@request_group.command("create")
@party_option
@as_option
@input_option
@now_option
@pass_state
def create(
    state: State, party: str | None, username: str | None, input_path: str, now: str | None
) -> None:
    """A draft from a JSON object (kind, recipient, title, legal_basis, form, article3 …)."""

    def run() -> None:
        data = read_object(input_path)
        context = state.context()
        with context.write(actor_of(context, party, username)) as unit:
            created = requests.create_request(unit, data, clock=clock_at(now))
            unit.session.flush()
            emit(request_record(created))

    report_errors(state.debug, run)


@request_group.command("update")
@click.argument("request_id")
@party_option
@as_option
@input_option
@now_option
@pass_state
def update(state: State, /, request_id: str, **options: Any) -> None:
    """Change a draft from a JSON object (form and Article 3 answers are merged)."""

    def run() -> None:
        data = read_object(options["input_path"])
        context = state.context()
        with context.write(actor_of(context, options["party"], options["username"])) as unit:
            changed = requests.update_draft(unit, request_id, data, clock=clock_at(options["now"]))
            emit(request_record(changed))

    report_errors(state.debug, run)


@request_group.command("send")
@click.argument("request_id")
@party_option
@as_option
@click.option("--acknowledge-warnings", is_flag=True, help="A person read the warnings.")
@now_option
@pass_state
def send(state: State, /, request_id: str, **options: Any) -> None:
    """Send a complete draft (warnings need --acknowledge-warnings)."""

    def run() -> None:
        context = state.context()
        with context.write(actor_of(context, options["party"], options["username"])) as unit:
            sent = requests.send_request(
                unit,
                request_id,
                acknowledge_warnings=options["acknowledge_warnings"],
                clock=clock_at(options["now"]),
            )
            emit(request_record(sent))

    report_errors(state.debug, run)


@request_group.command("act")
@click.argument("request_id")
@click.argument("action")
@party_option
@as_option
@click.option("--ground", help="The ground of a refusal.")
@click.option("--note", default="")
@click.option("--at", "occurred_at", help="When it happened (ISO 8601).")
@now_option
@pass_state
def act(state: State, /, request_id: str, action: str, **options: Any) -> None:
    """acknowledge, start, fulfil, fulfil_partially, refuse (with --ground) or withdraw."""

    def run() -> None:
        context = state.context()
        with context.write(actor_of(context, options["party"], options["username"])) as unit:
            done = requests.act(
                unit,
                request_id,
                action,
                ground=options["ground"],
                note=options["note"],
                occurred_at=parse_time(options["occurred_at"], "--at"),
                clock=clock_at(options["now"]),
            )
            emit(request_record(done))

    report_errors(state.debug, run)


@request_group.command("milestone")
@click.argument("request_id")
@click.argument("milestone")
@party_option
@as_option
@click.option("--at", "occurred_at", help="When it happened (ISO 8601).")
@now_option
@pass_state
def milestone(state: State, /, request_id: str, milestone: str, **options: Any) -> None:
    """Record a milestone (identity_verified, preservation_effected …): starts or stops clocks."""

    def run() -> None:
        context = state.context()
        with context.write(actor_of(context, options["party"], options["username"])) as unit:
            event = requests.record_milestone(
                unit,
                request_id,
                milestone,
                occurred_at=parse_time(options["occurred_at"], "--at"),
                clock=clock_at(options["now"]),
            )
            emit(
                {
                    "request_id": request_id,
                    "milestone": event.name,
                    "occurred_at": event.occurred_at,
                }
            )

    report_errors(state.debug, run)


@request_group.command("list")
@party_option
@as_option
@click.option("--box", type=click.Choice(["outbox", "inbox"]), default="outbox", show_default=True)
@click.option("--status")
@output_option
@pass_state
def list_(state: State, /, party: str | None, username: str | None, **options: Any) -> None:
    """The party's outbox or inbox as JSON Lines."""

    def run() -> None:
        context = state.context()
        with ExitStack() as stack, context.read(actor_of(context, party, username)) as unit:
            found = requests.list_requests(
                unit, box=options["box"], status=options["status"], limit=100_000
            )
            write_jsonl(open_output(stack, options["output_path"]), map(request_record, found))

    report_errors(state.debug, run)


@request_group.command("clocks")
@click.argument("request_id")
@party_option
@as_option
@now_option
@pass_state
def request_clocks(state: State, /, request_id: str, **options: Any) -> None:
    """A request's legal clocks with their phase (at --now), as JSON Lines."""

    def run() -> None:
        context = state.context()
        with context.read(actor_of(context, options["party"], options["username"])) as unit:
            found = requests.get_request(unit, request_id)
            moment = clock_at(options["now"]).now()
            views = (clocks.clock_view(c, moment) for c in clocks.request_clocks(unit, found))
            write_jsonl(sys.stdout, views)

    report_errors(state.debug, run)


@click.group("clocks")
def clocks_group() -> None:
    """Legal clocks: fire due reminders and overdues (for cron)."""


@clocks_group.command("run")
@party_option
@as_option
@now_option
@output_option
@pass_state
def clocks_run(state: State, /, party: str | None, username: str | None, **options: Any) -> None:
    """Fire every due reminder and overdue once; print the alerts as JSON Lines."""

    def run() -> None:
        context = state.context()
        actor = (
            OPERATOR if party is None and username is None else actor_of(context, party, username)
        )
        moment = clock_at(options["now"]).now()
        with context.write(actor) as unit:
            alerts = [a.to_dict() for a in clocks.due_clocks(unit, moment)]
        with ExitStack() as stack:  # printed once committed
            write_jsonl(open_output(stack, options["output_path"]), alerts)

    report_errors(state.debug, run)


# --- Leads ------------------------------------------------------------------------------------


@click.group()
def lead() -> None:
    """Cybercrime leads on a case or request: add, list, export/import STIX 2.1 bundles."""


target_options = [
    click.option("--case", "case_id", help="The case the leads belong to."),
    click.option("--request", "request_id", help="The request the leads belong to."),
]


def with_target(function: Any) -> Any:
    for option in reversed(target_options):
        function = option(function)
    return function


def target_of(unit: Unit, options: dict[str, Any], write: bool = False) -> leads.Target:
    return leads.get_target(
        unit, case_id=options["case_id"], request_id=options["request_id"], write=write
    )


@lead.command("add")
@with_target
@party_option
@as_option
@click.option("--kind", required=True, help="ipv4, ipv6, domain, url, md5, sha1, sha256, wallet")
@click.option("--value", required=True)
@click.option("--chain", help="Wallets: bitcoin, ethereum, tron (else from the address).")
@click.option("--tlp", required=True, help="clear, green, amber, amber+strict, red")
@click.option("--source", required=True, help="Where the lead comes from.")
@click.option("--description")
@now_option
@pass_state
def lead_add(state: State, /, party: str | None, username: str | None, **options: Any) -> None:
    """Record one indicator; prints it as JSON."""

    def run() -> None:
        context = state.context()
        names = ("kind", "value", "chain", "tlp", "source", "description")
        data = {k: options[k] for k in names if options[k] is not None}
        with context.write(actor_of(context, party, username)) as unit:
            target = target_of(unit, options, write=True)
            emit(lead_record(leads.add_lead(unit, target, data, clock=clock_at(options["now"]))))

    report_errors(state.debug, run)


@lead.command("list")
@with_target
@party_option
@as_option
@output_option
@pass_state
def lead_list(state: State, /, party: str | None, username: str | None, **options: Any) -> None:
    """The leads the party may see (TLP), as JSON Lines."""

    def run() -> None:
        context = state.context()
        with ExitStack() as stack, context.read(actor_of(context, party, username)) as unit:
            found = leads.list_leads(unit, target_of(unit, options))
            write_jsonl(open_output(stack, options["output_path"]), map(lead_record, found))

    report_errors(state.debug, run)


@lead.command("export")
@with_target
@party_option
@as_option
@click.option("--for", "recipient", help="The recipient party; absent: outside the platform.")
@output_option
@pass_state
def lead_export(state: State, /, party: str | None, username: str | None, **options: Any) -> None:
    """A STIX 2.1 bundle of the leads that may reach the recipient."""

    def run() -> None:
        context = state.context()
        with ExitStack() as stack, context.write(actor_of(context, party, username)) as unit:
            target = target_of(unit, options)
            bundle = leads_stix.export_bundle(unit, target, recipient=options["recipient"])
            out = open_output(stack, options["output_path"])
            out.write(json.dumps(bundle, ensure_ascii=False, indent=2) + "\n")

    report_errors(state.debug, run)


@lead.command("import")
@with_target
@party_option
@as_option
@input_option
@click.option("--source", help="Where the bundle comes from (default: its identity).")
@click.option("--default-tlp", "default_tlp", default="amber", show_default=True)
@now_option
@pass_state
def lead_import(state: State, /, party: str | None, username: str | None, **options: Any) -> None:
    """Import a bundle's indicators; prints the report (an outcome per object) as JSON."""

    def run() -> None:
        bundle = read_object(options["input_path"])
        context = state.context()
        with context.write(actor_of(context, party, username)) as unit:
            report = leads_stix.import_bundle(
                unit,
                target_of(unit, options, write=True),
                bundle,
                source=options["source"],
                default_tlp=options["default_tlp"],
                clock=clock_at(options["now"]),
            )
            emit(report.to_dict())

    report_errors(state.debug, run)
