"""The fugitive-case machine: every route, no return without location, statistics, sharing fields."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.domain.cases import (
    SHAREABLE_FIELDS,
    TRANSITIONS,
    CaseStatus,
    clean_fields,
    clean_offences,
    is_stale,
    next_case_status,
    return_statistics,
)
from lawbridge.errors import InvalidInput, InvalidTransition

W, L = "wanted", "located"
PA, DR, NS = "provisional_arrest", "detained_for_removal", "negotiating_surrender"
RE, RR, RS = "returned_extradited", "returned_removed", "returned_surrendered"
CLOSED = {"closed_withdrawn", "closed_deceased", "closed_prosecuted_in_host"}

# Written out by hand from the routes (not derived from the table under test).
EXPECTED: dict[str, set[str]] = {
    W: {L} | CLOSED,
    L: {W, PA, DR, NS} | CLOSED,
    PA: {RE, W, L, DR, NS} | CLOSED,
    DR: {RR, W, L, PA, NS} | CLOSED,
    NS: {RS, W, L, PA, DR} | CLOSED,
    RE: set(),
    RR: set(),
    RS: set(),
    **{closed: set() for closed in CLOSED},
}

ROUTES = [
    [W, L, PA, RE],
    [W, L, DR, RR],
    [W, L, NS, RS],
    [W, L, W, L, DR, NS, RS],  # absconded once, then persuaded to surrender while detained
    [W, "closed_withdrawn"],
    [W, L, "closed_deceased"],
    [W, L, PA, "closed_prosecuted_in_host"],
]


@pytest.mark.parametrize("current", [s.value for s in CaseStatus])
@pytest.mark.parametrize("target", [s.value for s in CaseStatus])
def test_the_table_allows_exactly_the_real_routes(current: str, target: str) -> None:
    if target in EXPECTED[current]:
        assert next_case_status(current, target).value == target
    else:
        with pytest.raises(InvalidTransition):
            next_case_status(current, target)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: "-".join(r))
def test_every_route_walks(route: list[str]) -> None:
    status = route[0]
    for target in route[1:]:
        status = next_case_status(status, target).value
    assert status == route[-1]


@pytest.mark.parametrize("returned", [RE, RR, RS])
def test_a_case_never_located_cannot_return(returned: str) -> None:
    with pytest.raises(InvalidTransition, match="wanted case cannot move"):
        next_case_status(W, returned)


def test_unknown_status_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="status must be one of"):
        next_case_status(W, "found")


@settings(derandomize=True, deadline=None, max_examples=200)
@given(st.lists(st.sampled_from([s.value for s in CaseStatus]), max_size=30))
def test_random_walks_reach_a_return_only_through_its_holding_status(targets: list[str]) -> None:
    path = [W]
    for target in targets:
        if target in TRANSITIONS[CaseStatus(path[-1])]:
            path.append(target)
    holding = {RE: PA, RR: DR, RS: NS}
    for before, after in zip(path, path[1:], strict=False):
        if after in holding:
            assert before == holding[after]
        if after in (PA, DR, NS):
            assert before != W
    assert all(not TRANSITIONS[CaseStatus(s)] for s in path[-1:] if s in CLOSED | {RE, RR, RS})


def test_statistics_of_the_red_notice_list() -> None:
    statuses = [RE] * 9 + [RR] * 22 + [RS] * 10 + ["closed_deceased"] * 2 + [W] * 50 + [L] * 7
    stats = return_statistics(statuses)
    assert (
        stats.sentence() == "of 100 listed, 41 returned: 9 extradited, 22 removed, 10 surrendered"
    )
    assert (stats.closed, stats.open) == (2, 57)


def test_stale_exactly_at_the_boundary() -> None:
    last = datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert not is_stale(last, last + timedelta(days=30, seconds=-1), 30)
    assert is_stale(last, last + timedelta(days=30), 30)


def test_offences_and_fields_are_validated() -> None:
    assert clean_offences(["fraud", "corruption", "fraud"]) == ["fraud", "corruption"]
    for bad in ([], ["arson-ish"]):
        with pytest.raises(InvalidInput):
            clean_offences(bad)
    assert clean_fields(["status", "subject_name"]) == ["subject_name", "status"]
    with pytest.raises(InvalidInput, match="unknown case fields: salary"):
        clean_fields(["salary"])
    with pytest.raises(InvalidInput):
        clean_fields([])
    assert "timeline" in SHAREABLE_FIELDS and "id" not in SHAREABLE_FIELDS
