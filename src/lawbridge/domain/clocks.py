"""Legal clocks: the catalogue of deadlines cooperation runs on, each with the basis it rests on.

A clock **starts** on an event (identity verified, data preserved, person arrested, request sent),
is **due** a fixed period later, fires a **reminder** some days before and is **overdue** from its due
instant on: at ``due_at - 1 s`` it is on time, at ``due_at`` it is overdue. Periods are counted in
whole days of 24 hours from the starting instant, in UTC (no calendar or holiday rules: where an
agreement counts business days, shorten the configured period). A clock **stops** on the event
that satisfies it (travel document issued, formal request received, …) or when its request ends.

Time is never read from the wall inside the rules: everything takes ``now`` from a :class:`Clock`,
so tests run the catalogue on a :class:`SimulatedClock` and check every boundary second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from lawbridge.errors import InvalidInput


class Clock(Protocol):
    """Where workflows get the current time."""

    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class SimulatedClock:
    """A clock that only moves when told to (tests, demos, what-if runs)."""

    def __init__(self, start: datetime) -> None:
        self._now = as_utc(start)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = as_utc(moment)

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now


SYSTEM_CLOCK = SystemClock()


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime; a naive one is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def not_in_future(moment: datetime, now: datetime, field: str) -> datetime:
    """``moment`` in UTC, or InvalidInput when it lies after ``now`` (a past event cannot)."""
    moment = as_utc(moment)
    if moment > as_utc(now):
        raise InvalidInput(f"{field} lies in the future", {"field": field})
    return moment


class ClockKind(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    TRAVEL_DOCUMENT = "travel_document"
    PRESERVATION_US = "preservation_us"
    PRESERVATION_BUDAPEST = "preservation_budapest"
    PROVISIONAL_ARREST = "provisional_arrest"


class ClockPhase(StrEnum):
    RUNNING = "running"
    REMINDER = "reminder"
    OVERDUE = "overdue"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class ClockRule:
    """One catalogue entry. ``configurable`` periods may be overridden per request (per agreement)."""

    kind: ClockKind
    days: int
    remind_days: int
    starts_on: str
    stops_on: tuple[str, ...]
    basis: str
    configurable: bool = False
    extension_days: int = 0
    max_extensions: int = 0

    def period(self, days: int | None = None) -> timedelta:
        return timedelta(days=self.days if days is None else days)


CATALOGUE: dict[ClockKind, ClockRule] = {
    ClockKind.ACKNOWLEDGEMENT: ClockRule(
        ClockKind.ACKNOWLEDGEMENT,
        days=10,
        remind_days=3,
        starts_on="sent",
        stops_on=("acknowledged",),
        basis="No statutory period: a service level agreed between the parties "
        "(configurable per agreement).",
        configurable=True,
    ),
    ClockKind.TRAVEL_DOCUMENT: ClockRule(
        ClockKind.TRAVEL_DOCUMENT,
        days=30,
        remind_days=7,
        starts_on="identity_verified",
        stops_on=("travel_document_issued",),
        basis="2017 China–US Law Enforcement and Cybersecurity Dialogue, agreed outcome: travel "
        "documents issued within 30 days after identity verification.",
    ),
    ClockKind.PRESERVATION_US: ClockRule(
        ClockKind.PRESERVATION_US,
        days=90,
        remind_days=14,
        starts_on="preservation_effected",
        stops_on=("data_produced",),
        basis="18 U.S.C. § 2703(f)(2): records retained for 90 days, extended for an additional "
        "90-day period upon a renewed request.",
        extension_days=90,
        max_extensions=1,
    ),
    ClockKind.PRESERVATION_BUDAPEST: ClockRule(
        ClockKind.PRESERVATION_BUDAPEST,
        days=60,
        remind_days=14,
        starts_on="preservation_effected",
        stops_on=("data_produced",),
        basis="Convention on Cybercrime (Budapest, ETS No. 185), Art. 29(7): preservation for a "
        "period not less than 60 days, so that a request for production can be submitted.",
        configurable=True,
    ),
    ClockKind.PROVISIONAL_ARREST: ClockRule(
        ClockKind.PROVISIONAL_ARREST,
        days=60,
        remind_days=7,
        starts_on="person_arrested",
        stops_on=("formal_request_received",),
        basis="Release if the formal extradition request has not arrived within the period of the "
        "applicable treaty or law: configurable per agreement (e.g. 60 days in several US "
        "bilateral treaties; 40 days in the UN Model Treaty on Extradition, Art. 9(4); 90 days "
        "under 18 U.S.C. § 3187 for arrests within US extraterritorial jurisdiction).",
        configurable=True,
    ),
}

MAX_CONFIGURED_DAYS = 3650


def rule_for(kind: str) -> ClockRule:
    try:
        return CATALOGUE[ClockKind(kind)]
    except ValueError as exc:
        choices = ", ".join(k.value for k in ClockKind)
        raise InvalidInput(f"clock must be one of: {choices}", {"field": "clock"}) from exc


def configured_days(rule: ClockRule, days: int | None) -> int:
    """The period in force: the catalogue's, or an agreed one where the rule allows it."""
    if days is None or days == rule.days:
        return rule.days
    if not rule.configurable:
        raise InvalidInput(
            f"the {rule.kind.value} period is fixed at {rule.days} days by its basis",
            {"field": "days"},
        )
    if not 1 <= days <= MAX_CONFIGURED_DAYS:
        raise InvalidInput(f"days must be in 1..{MAX_CONFIGURED_DAYS}", {"field": "days"})
    if rule.kind is ClockKind.PRESERVATION_BUDAPEST and days < rule.days:
        raise InvalidInput("Budapest Art. 29(7) preservation lasts at least 60 days")
    return days


@dataclass(frozen=True, slots=True)
class Deadline:
    started_at: datetime
    due_at: datetime
    remind_at: datetime


def deadline(rule: ClockRule, started_at: datetime, days: int, extensions: int = 0) -> Deadline:
    """When a clock started at ``started_at`` falls due and when it reminds."""
    start = as_utc(started_at)
    due = start + timedelta(days=days + extensions * rule.extension_days)
    remind = max(start, due - timedelta(days=rule.remind_days))
    return Deadline(start, due, remind)


def phase(due: Deadline, now: datetime, stopped: bool = False) -> ClockPhase:
    """Where a clock stands at ``now``; a reminder fires at ``remind_at``, overdue at ``due_at``."""
    if stopped:
        return ClockPhase.STOPPED
    moment = as_utc(now)
    if moment >= due.due_at:
        return ClockPhase.OVERDUE
    if moment >= due.remind_at:
        return ClockPhase.REMINDER
    return ClockPhase.RUNNING


def starting_on(event: str) -> list[ClockRule]:
    """The rules a given event starts (the request's own kind then picks among them)."""
    return [rule for rule in CATALOGUE.values() if rule.starts_on == event]
