"""Lawful requests received by a provider: types, required elements, scope limits, the status
machine and the deadlines.

::

    received ──verify──▶ verified ──gate──▶ gate_checked ──approve──▶ approved ──respond──▶ responded
       │                    │        └─gate─▶ blocked ──clear (approval recorded)──▶ gate_checked
       └──reject──▶ rejected ◀──reject── verified | gate_checked | blocked | approved

A request is **verified** by its signature (API) or by a call-back to the authority's contact on
file (staff intake). The **gate** (``domain/conflict_of_laws.py``) either lets it through
(``gate_checked``) or **blocks** it until an approval is recorded and the gate passes again. Only an
``approved`` request may be answered (``responded``: the package was delivered). An emergency
request that is not signed never gets past ``received``: it is rejected at intake.

Time is always passed in (an injectable :class:`~lawbridge.domain.clocks.Clock` in the workflows).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from lawbridge.domain.clocks import CATALOGUE, ClockKind, as_utc
from lawbridge.domain.screening import parse_enum
from lawbridge.errors import InvalidInput, InvalidTransition

MAX_TEXT = 20_000
MAX_IDENTIFIER = 300


class RequestType(StrEnum):
    DATA_DISCLOSURE = "data_disclosure"
    PRESERVATION = "preservation"
    TAKEDOWN_ORDER = "takedown_order"
    TECHNICAL_ASSISTANCE = "technical_assistance"
    EMERGENCY_DISCLOSURE = "emergency_disclosure"


class DataCategory(StrEnum):
    SUBSCRIBER = "subscriber"
    TRAFFIC = "traffic"
    CONTENT = "content"


class LegalProcess(StrEnum):
    """The instrument the request rests on (the gate checks it against the category asked)."""

    SUBPOENA = "subpoena"
    COURT_ORDER_2703D = "court_order_2703d"
    SEARCH_WARRANT = "search_warrant"
    PRESERVATION_LETTER = "preservation_letter"
    EMERGENCY = "emergency"
    MLAT = "mlat"
    CLOUD_ACT_ORDER = "cloud_act_order"
    DOMESTIC_ORDER = "domestic_order"
    OTHER = "other"


class Channel(StrEnum):
    SIGNED = "signed"
    STAFF = "staff"


class Status(StrEnum):
    RECEIVED = "received"
    VERIFIED = "verified"
    GATE_CHECKED = "gate_checked"
    BLOCKED = "blocked"
    APPROVED = "approved"
    RESPONDED = "responded"
    REJECTED = "rejected"


class Action(StrEnum):
    VERIFY = "verify"
    GATE_PASS = "gate_pass"
    GATE_BLOCK = "gate_block"
    CLEAR = "clear"
    APPROVE = "approve"
    RESPOND = "respond"
    REJECT = "reject"


S, A = Status, Action
TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (S.RECEIVED, A.VERIFY): S.VERIFIED,
    (S.VERIFIED, A.GATE_PASS): S.GATE_CHECKED,
    (S.VERIFIED, A.GATE_BLOCK): S.BLOCKED,
    (S.GATE_CHECKED, A.GATE_PASS): S.GATE_CHECKED,
    (S.GATE_CHECKED, A.GATE_BLOCK): S.BLOCKED,
    (S.BLOCKED, A.GATE_BLOCK): S.BLOCKED,
    (S.BLOCKED, A.CLEAR): S.GATE_CHECKED,
    (S.GATE_CHECKED, A.APPROVE): S.APPROVED,
    (S.APPROVED, A.RESPOND): S.RESPONDED,
    **{
        (status, A.REJECT): S.REJECTED
        for status in (S.RECEIVED, S.VERIFIED, S.GATE_CHECKED, S.BLOCKED, S.APPROVED)
    },
}
TERMINAL = frozenset({S.RESPONDED, S.REJECTED})
DISCLOSING = frozenset(
    {RequestType.DATA_DISCLOSURE, RequestType.EMERGENCY_DISCLOSURE, RequestType.PRESERVATION}
)


def next_status(current: str, action: Action) -> Status:
    status = Status(current)
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise InvalidTransition(
            f"a {status.value} request cannot be given the action '{action.value}'",
            {"status": status.value, "action": action.value},
        ) from None


# --- Required elements --------------------------------------------------------------------------

COMMON = ("legal_basis", "legal_process", "issuing_authority", "reasons", "territorial_scope")
DATA = ("offence", "subjects", "data_categories", "time_range")
REQUIRED: dict[RequestType, tuple[str, ...]] = {
    RequestType.DATA_DISCLOSURE: COMMON + DATA + ("validating_authority",),
    RequestType.PRESERVATION: COMMON + DATA,
    RequestType.TAKEDOWN_ORDER: COMMON + ("offence", "items"),
    RequestType.TECHNICAL_ASSISTANCE: COMMON + ("offence", "assistance"),
    # No validating authority in an emergency; the attestation states the danger.
    RequestType.EMERGENCY_DISCLOSURE: COMMON + DATA + ("emergency_attestation",),
}
TEXT_FIELDS = (
    "legal_basis",
    "issuing_authority",
    "validating_authority",
    "offence",
    "reasons",
    "assistance",
    "emergency_attestation",
    "reference",
)
INTAKE_KEYS = frozenset(
    {*TEXT_FIELDS, "type", "legal_process", "subjects", "items", "data_categories"}
    | {"territorial_scope", "time_start", "time_end", "nondisclosure", "nondisclosure_until"}
    | {"linked_request_id", "authority", "nonce", "issued_at"}
)
WILDCARDS = frozenset({"*", "all", "all users", "any", "everyone", "all accounts", "%"})


@dataclass(frozen=True, slots=True)
class ScopeLimits:
    """Scope minimisation (configurable per provider): the widest request accepted."""

    max_subjects: int = 25
    max_range_days: int = 366
    max_emergency_range_days: int = 30
    max_items: int = 1000


@dataclass(frozen=True, slots=True)
class Intake:
    """A request's cleaned elements."""

    type: RequestType
    fields: dict[str, Any]
    time_start: datetime | None
    time_end: datetime | None
    nondisclosure_until: datetime | None


def _text(value: Any, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_TEXT or "\x00" in value:
        raise InvalidInput(f"{field} must be text of at most {MAX_TEXT} characters")
    return value.strip() or None


def _strings(value: Any, field: str, limit: int = MAX_IDENTIFIER) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(f"{field} must be a list of text", {"field": field})
    cleaned = [v.strip() for v in value if v.strip()]
    if any(len(v) > limit or "\x00" in v for v in cleaned):
        raise InvalidInput(f"{field} entries are at most {limit} characters", {"field": field})
    return list(dict.fromkeys(cleaned))


def _time(value: Any, field: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return as_utc(value)
    if isinstance(value, str):
        try:
            return as_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            pass
    raise InvalidInput(f"{field} must be an ISO 8601 time", {"field": field})


def countries(value: Any, field: str) -> list[str]:
    codes = [v.upper() for v in _strings(value, field, 2)]
    if any(len(c) != 2 or not c.isalpha() for c in codes):
        raise InvalidInput(f"{field} holds ISO 3166-1 alpha-2 codes", {"field": field})
    return codes


def clean_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """Typed elements of a request (unknown ones ignored by the caller's key check)."""
    fields: dict[str, Any] = {name: _text(data.get(name), name) for name in TEXT_FIELDS}
    if data.get("legal_process") is not None:
        fields["legal_process"] = parse_enum(
            LegalProcess, str(data["legal_process"]), "legal_process"
        ).value
    fields["subjects"] = _strings(data.get("subjects"), "subjects")
    fields["items"] = _strings(data.get("items"), "items", 2000)
    categories = _strings(data.get("data_categories"), "data_categories")
    fields["data_categories"] = [
        parse_enum(DataCategory, c, "data_categories").value for c in categories
    ]
    fields["territorial_scope"] = countries(data.get("territorial_scope"), "territorial_scope")
    return fields


def missing_elements(kind: RequestType, fields: Mapping[str, Any], has_range: bool) -> list[str]:
    missing = []
    for name in REQUIRED[kind]:
        if name == "time_range":
            if not has_range:
                missing.append(name)
        elif fields.get(name) in (None, "", []):
            missing.append(name)
    return missing


def over_broad(
    kind: RequestType,
    fields: Mapping[str, Any],
    start: datetime | None,
    end: datetime | None,
    limits: ScopeLimits,
) -> list[str]:
    """Why the scope is wider than the provider accepts (empty when it is not)."""
    reasons = []
    wild = [
        s for s in fields.get("subjects", []) + fields.get("items", []) if s.lower() in WILDCARDS
    ]
    if wild:
        reasons.append(f"a request must name its subjects, not '{wild[0]}'")
    if len(fields.get("subjects", [])) > limits.max_subjects:
        reasons.append(f"more than {limits.max_subjects} subjects in one request")
    if len(fields.get("items", [])) > limits.max_items:
        reasons.append(f"more than {limits.max_items} items in one order")
    if start is not None and end is not None:
        cap = limits.max_range_days
        if kind is RequestType.EMERGENCY_DISCLOSURE:
            cap = limits.max_emergency_range_days
        if end <= start:
            reasons.append("the time range ends before it starts")
        elif end - start > timedelta(days=cap):
            reasons.append(f"the time range exceeds {cap} days")
    elif (start is None) != (end is None):
        reasons.append("an open-ended time range (both a start and an end are needed)")
    return reasons


def clean_intake(
    data: Mapping[str, Any], limits: ScopeLimits, now: datetime
) -> tuple[Intake, list[str], list[str]]:
    """The cleaned request, its missing elements and its over-broad reasons.

    InvalidInput is raised only for values of the wrong shape; missing elements and over-broad
    scope are returned so that the workflow can record the rejection with its reasons."""
    kind = parse_enum(RequestType, str(data.get("type", "")), "type")
    unknown = sorted(set(data) - INTAKE_KEYS)
    if unknown:
        raise InvalidInput(f"unknown request fields: {', '.join(unknown)}", {"unknown": unknown})
    fields = clean_fields(data)
    start, end = (
        _time(data.get("time_start"), "time_start"),
        _time(data.get("time_end"), "time_end"),
    )
    ndo = _time(data.get("nondisclosure_until"), "nondisclosure_until")
    missing = missing_elements(kind, fields, start is not None and end is not None)
    broad = over_broad(kind, fields, start, end, limits)
    if data.get("nondisclosure") and ndo is None:
        broad.append("a non-disclosure order must carry its expiry")
    if ndo is not None and ndo <= as_utc(now):
        broad.append("the non-disclosure order has already expired")
    return Intake(kind, fields, start, end, ndo), missing, broad


# --- Deadlines ----------------------------------------------------------------------------------

PRESERVATION = CATALOGUE[ClockKind.PRESERVATION_US]


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    name: str
    hours: int
    basis: str


ACKNOWLEDGE = DeadlineRule(
    "acknowledgement",
    72,
    "No statutory period: the provider's service level (configurable).",
)
RESPONSE: dict[RequestType, DeadlineRule] = {
    RequestType.EMERGENCY_DISCLOSURE: DeadlineRule(
        "emergency_response",
        4,
        "No statutory period for voluntary emergency disclosure (18 U.S.C. § 2702(b)(8), "
        "(c)(4)): the provider's emergency service level, in hours (configurable).",
    ),
    RequestType.PRESERVATION: DeadlineRule(
        "preservation_effected",
        24,
        "18 U.S.C. § 2703(f)(1): take all necessary steps to preserve; the hours are the "
        "provider's service level (configurable).",
    ),
}
DEFAULT_RESPONSE = DeadlineRule(
    "response",
    30 * 24,
    "As set by the order or the applicable law; the provider's default service level "
    "(configurable).",
)


def response_rule(kind: RequestType) -> DeadlineRule:
    return RESPONSE.get(kind, DEFAULT_RESPONSE)


def preservation_until(start: datetime, extensions: int) -> datetime:
    """End of a § 2703(f) preservation: 90 days, plus 90 per renewal (at most one)."""
    if not 0 <= extensions <= PRESERVATION.max_extensions:
        raise InvalidTransition(
            f"§ 2703(f)(2) allows {PRESERVATION.max_extensions} extension of the 90 days"
        )
    days = PRESERVATION.days + extensions * PRESERVATION.extension_days
    return as_utc(start) + timedelta(days=days)


def nondisclosure_in_force(until: datetime | None, now: datetime) -> bool:
    """An order barring notice is in force strictly before its expiry instant."""
    return until is not None and as_utc(now) < as_utc(until)
