"""Fugitive cases: the status machine of the real return routes, offences, stale-case and statistics
rules. Pure: no I/O.

There is no extradition treaty between every pair of parties, so a fugitive comes back by one of
three routes: extradition (after a provisional arrest), removal of an illegal immigrant, or
voluntary surrender. A case starts ``wanted``; once the person is located the host party arrests
them provisionally, detains them for removal or negotiates a surrender, and each of those ends in its
own return. A located (or held) person may abscond: the case goes back to ``wanted``. Any open case
may be closed as withdrawn, deceased or prosecuted in the host state::

    wanted ──▶ located ──▶ provisional_arrest ─────▶ returned_extradited
      ▲          │  ▲  ──▶ detained_for_removal ──▶ returned_removed
      │          │  │  ──▶ negotiating_surrender ─▶ returned_surrendered
      └─abscond──┘  └─released── (the three holding states; each may also move to another)
    any open status ──▶ closed_withdrawn | closed_deceased | closed_prosecuted_in_host
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from lawbridge.domain.screening import DelistRoute, parse_enum
from lawbridge.errors import InvalidInput, InvalidTransition


class CaseStatus(StrEnum):
    WANTED = "wanted"
    LOCATED = "located"
    PROVISIONAL_ARREST = "provisional_arrest"
    DETAINED_FOR_REMOVAL = "detained_for_removal"
    NEGOTIATING_SURRENDER = "negotiating_surrender"
    RETURNED_EXTRADITED = "returned_extradited"
    RETURNED_REMOVED = "returned_removed"
    RETURNED_SURRENDERED = "returned_surrendered"
    CLOSED_WITHDRAWN = "closed_withdrawn"
    CLOSED_DECEASED = "closed_deceased"
    CLOSED_PROSECUTED_IN_HOST = "closed_prosecuted_in_host"


HOLDING = frozenset(
    {
        CaseStatus.PROVISIONAL_ARREST,
        CaseStatus.DETAINED_FOR_REMOVAL,
        CaseStatus.NEGOTIATING_SURRENDER,
    }
)
RETURNED = frozenset(
    {CaseStatus.RETURNED_EXTRADITED, CaseStatus.RETURNED_REMOVED, CaseStatus.RETURNED_SURRENDERED}
)
CLOSED = frozenset(
    {
        CaseStatus.CLOSED_WITHDRAWN,
        CaseStatus.CLOSED_DECEASED,
        CaseStatus.CLOSED_PROSECUTED_IN_HOST,
    }
)
TERMINAL = RETURNED | CLOSED
OPEN = frozenset(CaseStatus) - TERMINAL

# Each holding status has exactly one return route.
RETURN_ROUTE: dict[CaseStatus, CaseStatus] = {
    CaseStatus.PROVISIONAL_ARREST: CaseStatus.RETURNED_EXTRADITED,
    CaseStatus.DETAINED_FOR_REMOVAL: CaseStatus.RETURNED_REMOVED,
    CaseStatus.NEGOTIATING_SURRENDER: CaseStatus.RETURNED_SURRENDERED,
}

# How a returned fugitive leaves the watchlist (screening's delisting vocabulary).
DELIST_ROUTE: dict[CaseStatus, DelistRoute] = {
    CaseStatus.RETURNED_EXTRADITED: DelistRoute.RETURNED_EXTRADITED,
    CaseStatus.RETURNED_REMOVED: DelistRoute.RETURNED_REMOVED,
    CaseStatus.RETURNED_SURRENDERED: DelistRoute.RETURNED_SURRENDERED,
}


def _build_transitions() -> dict[CaseStatus, frozenset[CaseStatus]]:
    table: dict[CaseStatus, set[CaseStatus]] = {status: set() for status in CaseStatus}
    table[CaseStatus.WANTED] |= {CaseStatus.LOCATED}
    table[CaseStatus.LOCATED] |= HOLDING | {CaseStatus.WANTED}
    for holding in HOLDING:
        table[holding] |= (HOLDING - {holding}) | {CaseStatus.LOCATED, CaseStatus.WANTED}
        table[holding].add(RETURN_ROUTE[holding])
    for status in OPEN:
        table[status] |= CLOSED
    return {status: frozenset(targets) for status, targets in table.items()}


TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = _build_transitions()


class Offence(StrEnum):
    """Offence categories. The last five are not serious ordinary-law crimes (see eligibility)."""

    CORRUPTION = "corruption"
    BRIBERY = "bribery"
    EMBEZZLEMENT = "embezzlement"
    FRAUD = "fraud"
    MONEY_LAUNDERING = "money_laundering"
    TAX_EVASION = "tax_evasion"
    SMUGGLING = "smuggling"
    DRUG_TRAFFICKING = "drug_trafficking"
    HUMAN_TRAFFICKING = "human_trafficking"
    CYBERCRIME = "cybercrime"
    VIOLENT_CRIME = "violent_crime"
    ORGANISED_CRIME = "organised_crime"
    ADMINISTRATIVE_VIOLATION = "administrative_violation"
    PRIVATE_DISPUTE = "private_dispute"
    FAMILY_MATTER = "family_matter"
    POLITICAL = "political"
    MILITARY = "military"
    OTHER = "other"


class SoughtFor(StrEnum):
    PROSECUTION = "prosecution"
    SENTENCE = "sentence"


def next_case_status(current: str, target: str) -> CaseStatus:
    """``target`` if the machine allows the move from ``current``; InvalidTransition otherwise."""
    status = CaseStatus(current)
    chosen = parse_enum(CaseStatus, target, "status")
    if chosen not in TRANSITIONS[status]:
        allowed = ", ".join(sorted(t.value for t in TRANSITIONS[status])) or "none (closed)"
        raise InvalidTransition(
            f"a {status.value} case cannot move to {chosen.value}; allowed: {allowed}",
            {"status": status.value, "target": chosen.value},
        )
    return chosen


def clean_offences(values: Iterable[str]) -> list[str]:
    """Offence categories, validated, deduplicated, in the given order; at least one."""
    chosen: list[str] = []
    for value in values:
        offence = parse_enum(Offence, value, "offences").value
        if offence not in chosen:
            chosen.append(offence)
    if not chosen:
        raise InvalidInput("a case needs at least one offence", {"field": "offences"})
    return chosen


def is_stale(last_activity: datetime, now: datetime, days: int) -> bool:
    """True once ``days`` full days have passed with nothing happening (exactly at the boundary)."""
    return now - last_activity >= timedelta(days=days)


@dataclass(frozen=True, slots=True)
class ReturnStatistics:
    """ "Of ``listed`` listed, ``returned`` returned: x extradited, y removed, z surrendered"."""

    listed: int
    returned: int
    extradited: int
    removed: int
    surrendered: int
    closed: int
    open: int

    def to_dict(self) -> dict[str, int]:
        return {
            "listed": self.listed,
            "returned": self.returned,
            "extradited": self.extradited,
            "removed": self.removed,
            "surrendered": self.surrendered,
            "closed": self.closed,
            "open": self.open,
        }

    def sentence(self) -> str:
        return (
            f"of {self.listed} listed, {self.returned} returned: {self.extradited} extradited, "
            f"{self.removed} removed, {self.surrendered} surrendered"
        )


def return_statistics(statuses: Iterable[str]) -> ReturnStatistics:
    """Count one status per listed case (a case outside the period's returns counts as open)."""
    counts = Counter(CaseStatus(s) for s in statuses)
    listed = sum(counts.values())
    returned = sum(counts[s] for s in RETURNED)
    closed = sum(counts[s] for s in CLOSED)
    return ReturnStatistics(
        listed=listed,
        returned=returned,
        extradited=counts[CaseStatus.RETURNED_EXTRADITED],
        removed=counts[CaseStatus.RETURNED_REMOVED],
        surrendered=counts[CaseStatus.RETURNED_SURRENDERED],
        closed=closed,
        open=listed - returned - closed,
    )


# --- Field-by-field sharing -------------------------------------------------------------------

# What a grantee may be shown, field by field. ``id`` and the owner party are always shown to a
# party that can see the case at all; everything else only when granted.
SHAREABLE_FIELDS: tuple[str, ...] = (
    "reference",
    "subject_name",
    "subject",
    "watchlist_entry_id",
    "offences",
    "warrant_reference",
    "charge",
    "law",
    "max_penalty_months",
    "sought_for",
    "host",
    "status",
    "listed_at",
    "timeline",
)


def clean_fields(fields: Iterable[str]) -> list[str]:
    """Shareable field names, validated, in catalogue order; at least one."""
    wanted = set(fields)
    unknown = sorted(wanted - set(SHAREABLE_FIELDS))
    if unknown:
        raise InvalidInput(
            f"unknown case fields: {', '.join(unknown)}; shareable: {', '.join(SHAREABLE_FIELDS)}",
            {"field": "fields", "unknown": unknown},
        )
    if not wanted:
        raise InvalidInput("share at least one field", {"field": "fields"})
    return [name for name in SHAREABLE_FIELDS if name in wanted]
