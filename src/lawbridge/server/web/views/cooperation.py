"""What the agency-cooperation pages share: labels of the cooperation vocabulary, the server's
clock, dates typed into forms, and how a refused change is answered.

Every label is marked with ``N_`` and translated by the templates (``_(labels[value])``). Times of
clocks and stale cases are computed on the server's clock: ``app.state.clock`` when one is set (tests
install a :class:`~lawbridge.domain.clocks.SimulatedClock`), the system clock otherwise.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import Request

from lawbridge.domain.clocks import Clock
from lawbridge.errors import InvalidInput, LawbridgeError
from lawbridge.server.api.clock import get_clock
from lawbridge.server.errors import status_of
from lawbridge.server.web import templating
from lawbridge.server.web.i18n import N_
from lawbridge.workflows import parties
from lawbridge.workflows.unit import Unit

ACTIVE = "cases"

CASE_STATUS_LABELS = {
    "wanted": N_("Wanted"),
    "located": N_("Located"),
    "provisional_arrest": N_("Provisional arrest"),
    "detained_for_removal": N_("Detained for removal"),
    "negotiating_surrender": N_("Negotiating surrender"),
    "returned_extradited": N_("Returned: extradited"),
    "returned_removed": N_("Returned: removed / repatriated"),
    "returned_surrendered": N_("Returned: surrendered"),
    "closed_withdrawn": N_("Closed: withdrawn"),
    "closed_deceased": N_("Closed: deceased"),
    "closed_prosecuted_in_host": N_("Closed: prosecuted in the host state"),
}
OFFENCE_LABELS = {
    "corruption": N_("Corruption"),
    "bribery": N_("Bribery"),
    "embezzlement": N_("Embezzlement"),
    "fraud": N_("Fraud"),
    "money_laundering": N_("Money laundering"),
    "tax_evasion": N_("Tax evasion"),
    "smuggling": N_("Smuggling"),
    "drug_trafficking": N_("Drug trafficking"),
    "human_trafficking": N_("Human trafficking"),
    "cybercrime": N_("Cybercrime"),
    "violent_crime": N_("Violent crime"),
    "organised_crime": N_("Organised crime"),
    "administrative_violation": N_("Administrative violation"),
    "private_dispute": N_("Private dispute"),
    "family_matter": N_("Family matter"),
    "political": N_("Political offence"),
    "military": N_("Military offence"),
    "other": N_("Other offence"),
}
SOUGHT_FOR_LABELS = {"prosecution": N_("Prosecution"), "sentence": N_("Serving a sentence")}
CASE_FIELD_LABELS = {
    "reference": N_("Reference"),
    "subject_name": N_("Subject's name"),
    "subject": N_("Subject's details"),
    "watchlist_entry_id": N_("Watchlist entry"),
    "offences": N_("Offences"),
    "warrant_reference": N_("Warrant"),
    "charge": N_("Charge"),
    "law": N_("Law"),
    "max_penalty_months": N_("Maximum penalty (months)"),
    "sought_for": N_("Sought for"),
    "host": N_("Host state"),
    "status": N_("Status"),
    "listed_at": N_("Listed on"),
    "timeline": N_("Timeline"),
}
EVENT_KIND_LABELS = {
    "opened": N_("Case opened"),
    "status": N_("Status"),
    "note": N_("Note"),
    "edited": N_("Judicial data edited"),
    "delisted": N_("Watchlist entry delisted"),
    "delist_pending": N_("Watchlist entry still listed"),
}
REQUEST_KIND_LABELS = {
    "extradition": N_("Extradition"),
    "provisional_arrest": N_("Provisional arrest"),
    "mutual_legal_assistance": N_("Mutual legal assistance"),
    "asset_recovery": N_("Asset recovery"),
    "deportation": N_("Deportation / repatriation"),
    "information_exchange": N_("Information exchange"),
    "preservation": N_("Data preservation"),
}
REQUEST_STATUS_LABELS = {
    "draft": N_("Draft"),
    "sent": N_("Sent"),
    "acknowledged": N_("Acknowledged"),
    "in_progress": N_("In progress"),
    "fulfilled": N_("Fulfilled"),
    "partially_fulfilled": N_("Partially fulfilled"),
    "refused": N_("Refused"),
    "withdrawn": N_("Withdrawn"),
}
ACTION_LABELS = {
    "send": N_("Send"),
    "acknowledge": N_("Acknowledge receipt"),
    "start": N_("Start work"),
    "fulfil": N_("Fulfil"),
    "fulfil_partially": N_("Fulfil in part"),
    "refuse": N_("Refuse"),
    "withdraw": N_("Withdraw"),
    "create": N_("Drafted"),
}
URGENCY_LABELS = {"routine": N_("Routine"), "urgent": N_("Urgent"), "immediate": N_("Immediate")}
MILESTONE_LABELS = {
    "identity_verified": N_("Identity verified"),
    "travel_document_issued": N_("Travel document issued"),
    "preservation_effected": N_("Data preserved"),
    "preservation_renewed": N_("Preservation renewed"),
    "data_produced": N_("Data produced"),
    "person_arrested": N_("Person arrested"),
    "formal_request_received": N_("Formal request received"),
}
CLOCK_LABELS = {
    "acknowledgement": N_("Acknowledgement"),
    "travel_document": N_("Travel document (30 days)"),
    "preservation_us": N_("Preservation, 18 U.S.C. 2703(f)"),
    "preservation_budapest": N_("Preservation, Budapest Convention Art. 29"),
    "provisional_arrest": N_("Provisional arrest: formal request due"),
}
PHASE_LABELS = {
    "running": N_("Running"),
    "reminder": N_("Reminder: due soon"),
    "overdue": N_("Overdue"),
    "stopped": N_("Stopped"),
}
ASSET_STAGE_LABELS = {
    "traced": N_("Traced"),
    "frozen": N_("Frozen"),
    "confiscated": N_("Confiscated"),
    "returned": N_("Returned"),
}
ASSET_KIND_LABELS = {
    "bank_account": N_("Bank account"),
    "real_estate": N_("Real estate"),
    "vehicle": N_("Vehicle"),
    "securities": N_("Securities"),
    "company_shares": N_("Company shares"),
    "crypto": N_("Crypto-assets"),
    "cash": N_("Cash"),
    "other": N_("Other asset"),
}


def labels() -> dict[str, Any]:
    """Every label dictionary the cooperation templates use."""
    return {
        "case_status_labels": CASE_STATUS_LABELS,
        "offence_labels": OFFENCE_LABELS,
        "sought_for_labels": SOUGHT_FOR_LABELS,
        "case_field_labels": CASE_FIELD_LABELS,
        "event_kind_labels": EVENT_KIND_LABELS,
        "request_kind_labels": REQUEST_KIND_LABELS,
        "request_status_labels": REQUEST_STATUS_LABELS,
        "action_labels": ACTION_LABELS,
        "urgency_labels": URGENCY_LABELS,
        "milestone_labels": MILESTONE_LABELS,
        "clock_labels": CLOCK_LABELS,
        "phase_labels": PHASE_LABELS,
        "asset_stage_labels": ASSET_STAGE_LABELS,
        "asset_kind_labels": ASSET_KIND_LABELS,
    }


def clock_of(request: Request) -> Clock:
    """The server's clock: the one the API reads (``app.state.clock`` when installed)."""
    return get_clock(request)


def party_names(unit: Unit) -> dict[str, str]:
    return {p.id: p.name for p in parties.list_parties(unit)}


def other_parties(unit: Unit, kind: str | None = None) -> list[tuple[str, str]]:
    """(slug, name) of every party but the actor's own (of one kind, if given)."""
    return [
        (p.slug, p.name)
        for p in parties.list_parties(unit)
        if p.id != unit.actor.party_id and (kind is None or p.kind == kind)
    ]


def parse_date(text: str, field: str) -> datetime | None:
    """A form's ``YYYY-MM-DD`` (or ``YYYY-MM-DDTHH:MM``) as a UTC instant; None when empty."""
    value = text.strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{field}: write the date as YYYY-MM-DD", {"field": field}) from exc
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_int(text: str, field: str) -> int | None:
    """A whole number typed into a form; None when empty."""
    value = text.strip()
    if not value:
        return None
    if not value.isdigit():
        raise InvalidInput(f"{field} must be a whole number", {"field": field})
    return int(value)


def refusal_status(request: Request, exc: LawbridgeError) -> int:
    """The status a refused form answers with: the error's own (422, 409 …), but 200 to htmx,
    which swaps no 4xx answer (the fragment carries the error)."""
    return 200 if templating.is_fragment_request(request) else status_of(exc)
