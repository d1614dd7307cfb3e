"""The legal-clock catalogue on a simulated clock: every clock at its boundary seconds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.domain.clocks import (
    CATALOGUE,
    ClockKind,
    ClockPhase,
    SimulatedClock,
    configured_days,
    deadline,
    not_in_future,
    phase,
    rule_for,
)
from lawbridge.errors import InvalidInput

START = datetime(2026, 2, 27, 9, 30, 15, tzinfo=UTC)
SECOND = timedelta(seconds=1)
# Periods and reminder leads written out from the bases (independent of the catalogue's numbers).
PERIODS = {
    "acknowledgement": (10, 3),
    "travel_document": (30, 7),
    "preservation_us": (90, 14),
    "preservation_budapest": (60, 14),
    "provisional_arrest": (60, 7),
}
CITES = {
    "travel_document": "2017 China–US Law Enforcement and Cybersecurity Dialogue",
    "preservation_us": "18 U.S.C. § 2703(f)(2)",
    "preservation_budapest": "Art. 29(7)",
    "provisional_arrest": "configurable per agreement",
    "acknowledgement": "configurable per agreement",
}


@pytest.mark.parametrize("kind", [k.value for k in ClockKind])
def test_every_clock_reminds_and_falls_due_on_the_second(kind: str) -> None:
    days, lead = PERIODS[kind]
    rule = rule_for(kind)
    due = deadline(rule, START, rule.days)
    assert due.due_at == START + timedelta(days=days)
    assert due.remind_at == START + timedelta(days=days - lead)
    clock = SimulatedClock(START)
    assert phase(due, clock.now()) is ClockPhase.RUNNING
    clock.set(due.remind_at - SECOND)
    assert phase(due, clock.now()) is ClockPhase.RUNNING
    clock.advance(SECOND)
    assert phase(due, clock.now()) is ClockPhase.REMINDER
    clock.set(due.due_at - SECOND)
    assert phase(due, clock.now()) is ClockPhase.REMINDER
    clock.advance(SECOND)
    assert phase(due, clock.now()) is ClockPhase.OVERDUE
    assert phase(due, clock.now(), stopped=True) is ClockPhase.STOPPED


@pytest.mark.parametrize("kind", [k.value for k in ClockKind])
def test_every_clock_cites_its_basis(kind: str) -> None:
    assert CITES[kind] in CATALOGUE[ClockKind(kind)].basis


def test_preservation_extends_once_by_ninety_days() -> None:
    rule = rule_for("preservation_us")
    extended = deadline(rule, START, rule.days, extensions=1)
    assert extended.due_at == START + timedelta(days=180)
    assert (rule.max_extensions, rule_for("preservation_budapest").max_extensions) == (1, 0)


def test_only_configurable_periods_may_be_agreed() -> None:
    assert configured_days(rule_for("provisional_arrest"), 40) == 40
    assert configured_days(rule_for("preservation_budapest"), 90) == 90
    assert configured_days(rule_for("travel_document"), None) == 30
    with pytest.raises(InvalidInput, match="fixed at 30 days"):
        configured_days(rule_for("travel_document"), 45)
    with pytest.raises(InvalidInput, match="at least 60 days"):
        configured_days(rule_for("preservation_budapest"), 59)
    with pytest.raises(InvalidInput):
        configured_days(rule_for("provisional_arrest"), 0)
    with pytest.raises(InvalidInput, match="clock must be one of"):
        rule_for("sundial")


def test_past_events_cannot_lie_in_the_future() -> None:
    assert not_in_future(START, START, "at") == START
    naive = START.replace(tzinfo=None)
    assert not_in_future(naive, START, "at") == START
    with pytest.raises(InvalidInput, match="at lies in the future"):
        not_in_future(START + SECOND, START, "at")


@settings(derandomize=True, deadline=None, max_examples=200)
@given(
    st.sampled_from(list(ClockKind)),
    st.integers(min_value=0, max_value=400 * 86400),
    st.integers(min_value=0, max_value=400 * 86400),
)
def test_phases_only_move_forward(kind: ClockKind, a: int, b: int) -> None:
    rule = CATALOGUE[kind]
    due = deadline(rule, START, rule.days)
    order = [ClockPhase.RUNNING, ClockPhase.REMINDER, ClockPhase.OVERDUE]
    early, late = sorted((a, b))
    first = phase(due, START + timedelta(seconds=early))
    second = phase(due, START + timedelta(seconds=late))
    assert order.index(first) <= order.index(second)
