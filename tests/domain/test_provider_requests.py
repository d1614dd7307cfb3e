"""Provider requests, pure: the status table, required elements per type, scope limits, the
non-disclosure order and the § 2703(f) preservation period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from lawbridge.domain.provider_requests import (
    REQUIRED,
    TRANSITIONS,
    Action,
    RequestType,
    ScopeLimits,
    Status,
    clean_intake,
    next_status,
    nondisclosure_in_force,
    preservation_until,
)
from lawbridge.errors import InvalidInput, InvalidTransition

NOW = datetime(2026, 3, 2, tzinfo=UTC)
COMMON = ["legal_basis", "legal_process", "issuing_authority", "reasons", "territorial_scope"]
DATA = ["offence", "subjects", "data_categories", "time_range"]
# Written out from the list of elements (not read from the code under test).
EXPECTED = {
    "data_disclosure": COMMON + DATA + ["validating_authority"],
    "preservation": COMMON + DATA,
    "takedown_order": COMMON + ["offence", "items"],
    "technical_assistance": COMMON + ["offence", "assistance"],
    "emergency_disclosure": COMMON + DATA + ["emergency_attestation"],
}


def test_required_elements_per_type() -> None:
    for kind, names in EXPECTED.items():
        assert sorted(REQUIRED[RequestType(kind)]) == sorted(names)
        _, missing, _ = clean_intake({"type": kind}, ScopeLimits(), NOW)
        assert sorted(missing) == sorted(names)


def test_transition_table() -> None:
    path = [Action.VERIFY, Action.GATE_PASS, Action.APPROVE, Action.RESPOND]
    status = Status.RECEIVED
    for action in path:
        status = next_status(status.value, action)
    assert status is Status.RESPONDED
    assert next_status("verified", Action.GATE_BLOCK) is Status.BLOCKED
    assert next_status("blocked", Action.CLEAR) is Status.GATE_CHECKED
    for terminal in (Status.RESPONDED, Status.REJECTED):
        assert not [a for (s, a) in TRANSITIONS if s is terminal]
    for bad in [
        ("received", Action.APPROVE),
        ("blocked", Action.APPROVE),
        ("verified", Action.RESPOND),
    ]:
        with pytest.raises(InvalidTransition):
            next_status(bad[0], bad[1])


def scope(**kw: Any) -> list[str]:
    base = {
        "type": "data_disclosure",
        "subjects": ["user:a"],
        "time_start": "2026-01-01T00:00:00Z",
        "time_end": "2026-02-01T00:00:00Z",
    }
    return clean_intake(base | kw, ScopeLimits(max_subjects=3, max_range_days=31), NOW)[2]


def test_over_broad_scope() -> None:
    assert scope() == []
    assert scope(subjects=["*"]) == ["a request must name its subjects, not '*'"]
    assert scope(subjects=["ALL"]) == ["a request must name its subjects, not 'ALL'"]
    assert scope(subjects=["a", "b", "c", "d"]) == ["more than 3 subjects in one request"]
    assert scope(time_end="2026-02-01T00:00:01Z") == ["the time range exceeds 31 days"]
    assert scope(time_end="2025-12-31T00:00:00Z") == ["the time range ends before it starts"]
    assert scope(time_end=None) == ["an open-ended time range (both a start and an end are needed)"]
    emergency = scope(type="emergency_disclosure", time_end="2026-02-01T00:00:00Z")
    assert emergency == ["the time range exceeds 30 days"]


def test_bad_shapes_raise() -> None:
    for data in (
        {"type": "nope"},
        {"type": "preservation", "subjects": "a"},
        {"type": "preservation", "data_categories": ["location"]},
        {"type": "preservation", "territorial_scope": ["USA"]},
        {"type": "preservation", "time_start": "soon"},
        {"type": "preservation", "unexpected": 1},
    ):
        with pytest.raises(InvalidInput):
            clean_intake(data, ScopeLimits(), NOW)


def test_nondisclosure_order_boundary() -> None:
    until = NOW + timedelta(days=30)
    assert nondisclosure_in_force(until, until - timedelta(seconds=1))
    assert not nondisclosure_in_force(until, until)
    assert not nondisclosure_in_force(None, NOW)


def test_preservation_90_plus_90() -> None:
    assert preservation_until(NOW, 0) == NOW + timedelta(days=90)
    assert preservation_until(NOW, 1) == NOW + timedelta(days=180)
    with pytest.raises(InvalidTransition):
        preservation_until(NOW, 2)
