"""Cooperation requests between two parties: kinds, typed forms, the status machine, milestones.

A request is drafted by the requesting party, invisible to the other side until it is sent. The
recipient acknowledges it, starts work and ends it as fulfilled, partially fulfilled or refused
(refusal needs a ground); the requester may withdraw it while it is open::

    draft ──send──▶ sent ──acknowledge──▶ acknowledged ──start──▶ in_progress
                     │                        │                     ├─fulfil──────────▶ fulfilled
                     │                        │                     ├─fulfil_partially▶ partially_fulfilled
                     └──────refuse────────────┴─────────────────────┴─refuse──────────▶ refused
    draft | sent | acknowledged | in_progress ──withdraw──▶ withdrawn

Each kind has **required elements**, checked when the request is sent (a draft may be incomplete).
**Milestones** (identity verified, data preserved, person arrested …) are recorded by one side and
start or stop the legal clocks of ``domain/clocks.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from lawbridge.domain.cases import Offence, SoughtFor
from lawbridge.domain.clocks import ClockKind
from lawbridge.domain.screening import parse_enum
from lawbridge.errors import InvalidInput, InvalidTransition

MAX_TEXT = 20_000


class RequestKind(StrEnum):
    EXTRADITION = "extradition"
    PROVISIONAL_ARREST = "provisional_arrest"
    MUTUAL_LEGAL_ASSISTANCE = "mutual_legal_assistance"
    ASSET_RECOVERY = "asset_recovery"
    DEPORTATION = "deportation"
    INFORMATION_EXCHANGE = "information_exchange"
    PRESERVATION = "preservation"


class RequestStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    FULFILLED = "fulfilled"
    PARTIALLY_FULFILLED = "partially_fulfilled"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class RequestAction(StrEnum):
    SEND = "send"
    ACKNOWLEDGE = "acknowledge"
    START = "start"
    FULFIL = "fulfil"
    FULFIL_PARTIALLY = "fulfil_partially"
    REFUSE = "refuse"
    WITHDRAW = "withdraw"


class Side(StrEnum):
    REQUESTER = "requester"
    RECIPIENT = "recipient"


class Urgency(StrEnum):
    ROUTINE = "routine"
    URGENT = "urgent"
    IMMEDIATE = "immediate"


class PreservationRegime(StrEnum):
    US_2703F = "us_2703f"
    BUDAPEST_ART29 = "budapest_art29"


S, A = RequestStatus, RequestAction
OPEN_SENT = (S.SENT, S.ACKNOWLEDGED, S.IN_PROGRESS)
TRANSITIONS: dict[tuple[RequestStatus, RequestAction], RequestStatus] = {
    (S.DRAFT, A.SEND): S.SENT,
    (S.SENT, A.ACKNOWLEDGE): S.ACKNOWLEDGED,
    (S.ACKNOWLEDGED, A.START): S.IN_PROGRESS,
    (S.IN_PROGRESS, A.FULFIL): S.FULFILLED,
    (S.IN_PROGRESS, A.FULFIL_PARTIALLY): S.PARTIALLY_FULFILLED,
    **{(status, A.REFUSE): S.REFUSED for status in OPEN_SENT},
    **{(status, A.WITHDRAW): S.WITHDRAWN for status in (S.DRAFT, *OPEN_SENT)},
}
ACTION_SIDE: dict[RequestAction, Side] = {
    A.SEND: Side.REQUESTER,
    A.WITHDRAW: Side.REQUESTER,
    A.ACKNOWLEDGE: Side.RECIPIENT,
    A.START: Side.RECIPIENT,
    A.FULFIL: Side.RECIPIENT,
    A.FULFIL_PARTIALLY: Side.RECIPIENT,
    A.REFUSE: Side.RECIPIENT,
}
TERMINAL = frozenset({S.FULFILLED, S.PARTIALLY_FULFILLED, S.REFUSED, S.WITHDRAWN})


def next_request_status(current: str, action: str) -> RequestStatus:
    status = RequestStatus(current)
    chosen = parse_enum(RequestAction, action, "action")
    try:
        return TRANSITIONS[(status, chosen)]
    except KeyError:
        raise InvalidTransition(
            f"a {status.value} request cannot be given the action '{chosen.value}'",
            {"status": status.value, "action": chosen.value},
        ) from None


# --- Typed forms ------------------------------------------------------------------------------

# Element name -> value type: "text" (non-empty string), "months" (int >= 0), "yes" (must be true
# on send), "offences" (list of Offence), or an enum class.
ELEMENT_TYPES: dict[str, Any] = {
    "subject_name": "text",
    "subject_location": "text",
    "nationality": "text",
    "identity_evidence": "text",
    "removal_order_reference": "text",
    "offences": "offences",
    "offence_description": "text",
    "facts_summary": "text",
    "legal_provisions": "text",
    "warrant_reference": "text",
    "penalty_max_months": "months",
    "sought_for": SoughtFor,
    "sentence_remaining_months": "months",
    "extradition_to_follow": "yes",
    "authority": "text",
    "purpose": "text",
    "assistance_sought": "text",
    "asset_description": "text",
    "asset_location": "text",
    "holder": "text",
    "order_reference": "text",
    "subject_matter": "text",
    "information_sought": "text",
    "data_description": "text",
    "custodian": "text",
    "necessity": "text",
    "mla_to_follow": "yes",
    "regime": PreservationRegime,
    "notes": "text",
}

PERSON = ("subject_name", "offences", "sought_for", "penalty_max_months")
REQUIRED: dict[RequestKind, tuple[str, ...]] = {
    RequestKind.EXTRADITION: PERSON
    + ("offence_description", "facts_summary", "legal_provisions", "warrant_reference"),
    # As in the usual treaty article on provisional arrest: description and location of the person,
    # facts, laws violated, the warrant, and a statement that a request for extradition will follow.
    RequestKind.PROVISIONAL_ARREST: PERSON
    + ("subject_location", "facts_summary", "legal_provisions", "warrant_reference")
    + ("extradition_to_follow",),
    RequestKind.MUTUAL_LEGAL_ASSISTANCE: (
        "authority",
        "offence_description",
        "facts_summary",
        "assistance_sought",
        "purpose",
    ),
    RequestKind.ASSET_RECOVERY: (
        "asset_description",
        "asset_location",
        "holder",
        "offence_description",
        "order_reference",
    ),
    RequestKind.DEPORTATION: (
        "subject_name",
        "nationality",
        "identity_evidence",
        "removal_order_reference",
    ),
    RequestKind.INFORMATION_EXCHANGE: ("subject_matter", "information_sought", "purpose"),
    # Budapest Convention Art. 29(2): authority, offence and facts, the data and its link to the
    # offence, the custodian, the necessity, and the intention to ask for production.
    RequestKind.PRESERVATION: (
        "authority",
        "offence_description",
        "facts_summary",
        "data_description",
        "custodian",
        "necessity",
        "mla_to_follow",
        "regime",
    ),
}
# Kinds that seek a person's arrest: the red-notice eligibility checks apply before sending.
RED_NOTICE_KINDS = frozenset({RequestKind.EXTRADITION, RequestKind.PROVISIONAL_ARREST})


def _clean_value(name: str, kind: Any, value: Any) -> Any:
    if kind == "text":
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise InvalidInput(f"{name} must be text of at most {MAX_TEXT} characters")
        return value.strip()
    if kind == "months":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 12_000:
            raise InvalidInput(f"{name} must be a whole number of months", {"field": name})
        return value
    if kind == "yes":
        if not isinstance(value, bool):
            raise InvalidInput(f"{name} must be true or false", {"field": name})
        return value
    if kind == "offences":
        if not isinstance(value, list):
            raise InvalidInput(f"{name} must be a list", {"field": name})
        return [parse_enum(Offence, str(v), name).value for v in value]
    return parse_enum(kind, str(value), name).value


def clean_form(form: Mapping[str, Any]) -> dict[str, Any]:
    """A form's values, typed; unknown elements are refused, empty ones dropped."""
    unknown = sorted(set(form) - set(ELEMENT_TYPES))
    if unknown:
        raise InvalidInput(f"unknown form elements: {', '.join(unknown)}", {"unknown": unknown})
    cleaned: dict[str, Any] = {}
    for name, value in form.items():
        if value is None:
            continue
        typed = _clean_value(name, ELEMENT_TYPES[name], value)
        if typed not in ("", []):
            cleaned[name] = typed
    return cleaned


def missing_elements(kind: str, form: Mapping[str, Any]) -> list[str]:
    """Required elements a send still lacks (a ``yes`` element must be true)."""
    missing = [name for name in REQUIRED[RequestKind(kind)] if form.get(name) in (None, "", [])]
    yes = [
        n for n in REQUIRED[RequestKind(kind)] if ELEMENT_TYPES[n] == "yes" and form.get(n) is False
    ]
    if form.get("sought_for") == SoughtFor.SENTENCE.value and kind in RED_NOTICE_KINDS:
        if "sentence_remaining_months" not in form:
            missing.append("sentence_remaining_months")
    return missing + yes


# --- Milestones and their clocks ---------------------------------------------------------------

# Milestone -> (kinds it belongs to, the side that records it).
MILESTONES: dict[str, tuple[frozenset[RequestKind], Side]] = {
    "identity_verified": (frozenset({RequestKind.DEPORTATION}), Side.RECIPIENT),
    "travel_document_issued": (frozenset({RequestKind.DEPORTATION}), Side.RECIPIENT),
    "preservation_effected": (frozenset({RequestKind.PRESERVATION}), Side.RECIPIENT),
    "preservation_renewed": (frozenset({RequestKind.PRESERVATION}), Side.REQUESTER),
    "data_produced": (frozenset({RequestKind.PRESERVATION}), Side.RECIPIENT),
    "person_arrested": (frozenset({RequestKind.PROVISIONAL_ARREST}), Side.RECIPIENT),
    "formal_request_received": (frozenset({RequestKind.PROVISIONAL_ARREST}), Side.RECIPIENT),
}


def check_milestone(kind: str, milestone: str, side: Side) -> None:
    entry = MILESTONES.get(milestone)
    if entry is None:
        raise InvalidInput(f"milestone must be one of: {', '.join(MILESTONES)}")
    kinds, recorder = entry
    if RequestKind(kind) not in kinds:
        raise InvalidInput(f"a {kind} request has no '{milestone}' milestone")
    if side is not recorder:
        raise InvalidTransition(f"'{milestone}' is recorded by the {recorder.value}")


def clock_for(kind: str, event: str, form: Mapping[str, Any]) -> ClockKind | None:
    """The clock ``event`` starts on a request of ``kind`` (None when it starts none)."""
    if event == "sent":
        return ClockKind.ACKNOWLEDGEMENT
    if event == "identity_verified":
        return ClockKind.TRAVEL_DOCUMENT
    if event == "person_arrested":
        return ClockKind.PROVISIONAL_ARREST
    if event == "preservation_effected":
        regime = form.get("regime")
        if regime == PreservationRegime.BUDAPEST_ART29.value:
            return ClockKind.PRESERVATION_BUDAPEST
        return ClockKind.PRESERVATION_US
    return None
