"""Fugitive cases: routes, timeline, bad input, stale cases, statistics, the shared field view."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lawbridge.domain.cases import SHAREABLE_FIELDS
from lawbridge.domain.clocks import SimulatedClock
from lawbridge.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from lawbridge.workflows import case_sharing, cases, watchlists
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, World
from tests.workflows.cooperation_helpers import DAY, SECOND, T0, actions, audit_count, open_case
from tests.workflows.screening_helpers import FUGITIVES, entry_id, make_list

ROUTES = [
    ["located", "provisional_arrest", "returned_extradited"],
    ["located", "detained_for_removal", "returned_removed"],
    ["located", "negotiating_surrender", "returned_surrendered"],
    [
        "located",
        "wanted",
        "located",
        "detained_for_removal",
        "negotiating_surrender",
        "returned_surrendered",
    ],
    ["closed_withdrawn"],
    ["located", "closed_deceased"],
    ["located", "provisional_arrest", "closed_prosecuted_in_host"],
]


def test_a_case_links_its_watchlist_entry(context: Context, world: World) -> None:
    analyst = world.cn["analyst"]
    watchlist = make_list(context, analyst, FUGITIVES)
    entry = entry_id(context, analyst, watchlist.id, "RN-2")
    clock = SimulatedClock(T0)
    case = open_case(
        context,
        analyst,
        clock,
        subject_name=None,
        watchlist_entry_id=entry,
        warrant_reference="W-1",
        charge="embezzlement",
        law="Art. 382",
        max_penalty_months=180,
        sought_for="prosecution",
        host_party="us-agency",
    )
    assert (case.subject_name, case.watchlist_id, case.status) == (
        "Qian Lihua",
        watchlist.id,
        "wanted",
    )
    assert (case.host_party_id, case.host_country, case.listed_at) == (world.us.id, "US", T0)
    assert actions(context, case.id) == ["case.create"]
    with pytest.raises(NotFound), context.write(world.us["analyst"].actor) as unit:
        cases.create_case(unit, {"watchlist_entry_id": entry, "offences": ["fraud"]})


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: "-".join(r))
def test_every_route_with_its_timeline(context: Context, world: World, route: list[str]) -> None:
    analyst = world.cn["analyst"]
    clock = SimulatedClock(T0)
    case = open_case(context, analyst, clock, host_name="Atlantis", host_country="CA")
    for target in route:
        clock.advance(DAY)
        with context.write(analyst.actor) as unit:
            cases.move_case(unit, case.id, target, note=f"to {target}", clock=clock)
    with context.read(analyst.actor) as unit:
        moved = cases.get_case(unit, case.id)
        view = case_sharing.case_view(unit, moved)
    assert moved.status == route[-1] and moved.last_activity_at == clock.now()
    terminal = route[-1].startswith(("returned", "closed"))
    assert moved.closed_at == (clock.now() if terminal else None)
    steps = [(e["from_status"], e["to_status"]) for e in view["timeline"]]
    assert steps == list(zip([None, "wanted", *route[:-1]], ["wanted", *route], strict=True))
    assert {e["party_id"] for e in view["timeline"]} == {world.cn.id}
    assert actions(context, case.id).count("case.transition") == len(route)


def test_bad_changes_change_nothing(context: Context, world: World) -> None:
    analyst = world.cn["analyst"]
    clock = SimulatedClock(T0 + DAY)
    case = open_case(context, analyst, clock, listed_at=T0)
    before = audit_count(context)
    bad = [
        ("returned_extradited", {}, InvalidTransition),  # never located
        ("located", {"occurred_at": T0 + DAY + SECOND}, InvalidInput),  # in the future
        ("located", {"occurred_at": T0 - SECOND}, InvalidInput),  # before the listing
        ("found", {}, InvalidInput),
    ]
    for target, options, error in bad:
        with pytest.raises(error), context.write(analyst.actor) as unit:
            cases.move_case(unit, case.id, target, clock=clock, **options)  # type: ignore[arg-type]
    with context.read(analyst.actor) as unit:
        same = cases.get_case(unit, case.id)
        assert (same.status, len(case_sharing.case_events(unit, same))) == ("wanted", 1)
    assert audit_count(context) == before
    with context.write(analyst.actor) as unit:
        for data in (
            {"offences": []},
            {"offences": ["fraud"], "subject_name": " "},
            {"offences": ["fraud"], "listed_at": clock.now() + SECOND},
            {"offences": ["fraud"], "host_party": "cn-agency"},
            {"offences": ["fraud"], "salary": 1},
        ):
            with pytest.raises(InvalidInput):
                cases.create_case(unit, {"subject_name": "X"} | data, clock=clock)


def test_another_partys_case_is_not_found(context: Context, world: World) -> None:
    case = open_case(context, world.cn["analyst"], SimulatedClock(T0))
    for member in (world.us["analyst"], world.provider["admin"]):
        with context.write(member.actor) as unit:
            with pytest.raises(NotFound):
                cases.get_case(unit, case.id)
            with pytest.raises(NotFound):
                cases.move_case(unit, case.id, "located")
            with pytest.raises(NotFound):
                cases.add_note(unit, case.id, "hello")
            assert cases.list_cases(unit) == []
    with pytest.raises(PermissionDenied), context.write(world.cn["reviewer"].actor) as unit:
        cases.move_case(unit, case.id, "located")


def _share(context: Context, world: World, case_id: str, fields: list[str], **kw: str) -> None:
    with context.write(world.cn["analyst"].actor) as unit:
        case = cases.get_case(unit, case_id)
        case_sharing.share_case(unit, case, grantee="us-agency", fields=fields, **kw)


def _view(context: Context, member_actor: object, case_id: str) -> dict[str, object]:
    with context.read(member_actor) as unit:  # type: ignore[arg-type]
        return case_sharing.case_view(unit, cases.get_case(unit, case_id))


BASE = {"id", "party_id"}
KEYS = {
    "watchlist_entry_id": {"watchlist_entry_id", "watchlist_id"},
    "status": {"status", "closed_at"},
    "timeline": {"timeline", "last_activity_at"},
}


@pytest.mark.parametrize("field", SHAREABLE_FIELDS)
def test_a_grantee_reads_exactly_the_shared_field(
    context: Context, world: World, field: str
) -> None:
    clock = SimulatedClock(T0)
    case = open_case(context, world.cn["analyst"], clock, warrant_reference="W-9", law="Art. 1")
    _share(context, world, case.id, [field])
    view = _view(context, world.us["auditor"].actor, case.id)
    assert set(view) == BASE | KEYS.get(field, {field})
    owner = _view(context, world.cn["auditor"].actor, case.id)
    assert set(owner) >= BASE | {"status", "warrant_reference", "timeline", "created_at"}


def test_one_timeline_for_both_parties(context: Context, world: World) -> None:
    clock = SimulatedClock(T0)
    cn, us = world.cn["analyst"], world.us["analyst"]
    case = open_case(context, cn, clock)
    _share(context, world, case.id, ["subject_name", "timeline"])
    clock.advance(DAY)
    with context.write(us.actor) as unit:
        cases.add_note(unit, case.id, "Seen in Flushing, NY", clock=clock)
        with pytest.raises(PermissionDenied):  # a read share does not move the status
            cases.move_case(unit, case.id, "located", clock=clock)
    with context.write(cn.actor) as unit:
        cases.move_case(unit, case.id, "located", note="confirmed", clock=clock)
    seen = _view(context, us.actor, case.id)
    assert "status" not in seen and "offences" not in seen
    timeline = seen["timeline"]
    assert isinstance(timeline, list)
    assert [(e["party_id"], e["note"]) for e in timeline] == [
        (world.cn.id, ""),
        (world.us.id, "Seen in Flushing, NY"),
        (world.cn.id, "confirmed"),
    ]
    assert all("to_status" not in e and "from_status" not in e for e in timeline)
    owner = _view(context, cn.actor, case.id)
    assert [e["to_status"] for e in owner["timeline"]] == ["wanted", None, "located"]  # type: ignore[index]
    with context.write(cn.actor) as unit:
        case_sharing.set_shared_fields(
            unit, cases.get_case(unit, case.id), grantee="us-agency", fields=["timeline", "status"]
        )
    seen = _view(context, us.actor, case.id)
    assert seen["status"] == "located" and "subject_name" not in seen
    assert "case.receive_fields" in actions(context, case.id)


def test_a_grantee_without_the_timeline_cannot_write_to_it(context: Context, world: World) -> None:
    case = open_case(context, world.cn["analyst"], SimulatedClock(T0))
    _share(context, world, case.id, ["subject_name"])
    with pytest.raises(NotFound), context.write(world.us["analyst"].actor) as unit:
        cases.add_note(unit, case.id, "hello")
    with pytest.raises(NotFound), context.write(world.provider["analyst"].actor) as unit:
        cases.get_case(unit, case.id)


def test_a_write_share_lets_the_host_move_the_case(context: Context, world: World) -> None:
    clock = SimulatedClock(T0)
    case = open_case(context, world.cn["analyst"], clock)
    _share(context, world, case.id, ["subject_name", "status", "timeline"], permission="write")
    clock.advance(DAY)
    with context.write(world.us["analyst"].actor) as unit:
        cases.move_case(unit, case.id, "located", note="arrested on a visa overstay", clock=clock)
        assert [c.id for c in cases.list_cases(unit)] == [case.id]
        assert cases.list_cases(unit, status="located") == []  # status filters: own cases only
    owner = _view(context, world.cn["analyst"].actor, case.id)
    assert owner["timeline"][-1]["party_id"] == world.us.id  # type: ignore[index]


def test_stale_cases_on_the_boundary_second(context: Context, world: World) -> None:
    clock = SimulatedClock(T0)
    analyst = world.cn["analyst"]
    quiet = open_case(context, analyst, clock)
    busy = open_case(context, analyst, clock)
    clock.advance(10 * DAY)
    with context.write(analyst.actor) as unit:
        cases.add_note(unit, busy.id, "still looking", clock=clock)
    done = open_case(context, analyst, SimulatedClock(T0))
    with context.write(analyst.actor) as unit:
        cases.move_case(unit, done.id, "closed_withdrawn", occurred_at=T0, clock=clock)
    with context.read(analyst.actor) as unit:
        assert cases.stale_cases(unit, now=T0 + 30 * DAY - SECOND, days=30) == []
        assert [c.id for c in cases.stale_cases(unit, now=T0 + 30 * DAY, days=30)] == [quiet.id]
        later = cases.stale_cases(unit, now=T0 + 40 * DAY, days=30)
        assert [c.id for c in later] == [quiet.id, busy.id]
    with context.read(world.us["analyst"].actor) as unit:
        assert cases.stale_cases(unit, now=T0 + 400 * DAY, days=30) == []


def test_statistics_per_list_and_period(context: Context, world: World) -> None:
    analyst = world.cn["analyst"]
    watchlist = make_list(context, analyst, FUGITIVES)
    other = make_list(context, analyst, [{"id": "X-1", "name": "Li Guoqiang"}])
    entry = entry_id(context, analyst, watchlist.id, "RN-1")
    clock = SimulatedClock(T0)
    routes = {
        "returned_extradited": ["located", "provisional_arrest", "returned_extradited"],
        "returned_removed": ["located", "detained_for_removal", "returned_removed"],
        "returned_surrendered": ["located", "negotiating_surrender", "returned_surrendered"],
        "closed_deceased": ["closed_deceased"],
    }
    for n, route in enumerate([*routes.values(), [], ["located"]]):
        case = open_case(context, analyst, clock, watchlist_entry_id=entry)
        with context.write(analyst.actor) as unit:
            for step, target in enumerate(route, start=1):
                when = T0 + timedelta(days=10 * n + step)
                cases.move_case(
                    unit, case.id, target, occurred_at=when, clock=SimulatedClock(T0 + 100 * DAY)
                )
    open_case(
        context, analyst, clock, watchlist_entry_id=entry_id(context, analyst, other.id, "X-1")
    )
    with context.read(analyst.actor) as unit:
        everything = cases.case_statistics(unit, watchlist_id=watchlist.id)
        period = cases.case_statistics(
            unit, watchlist_id=watchlist.id, start=T0 + 5 * DAY, end=T0 + 20 * DAY
        )
        party = cases.case_statistics(unit)
    assert (
        everything.sentence() == "of 6 listed, 3 returned: 1 extradited, 1 removed, 1 surrendered"
    )
    assert (everything.closed, everything.open) == (1, 2)
    # Returned by day 3 (before the period): left out; removed on day 13: in; surrendered on day 23
    # (after the period): still open within it.
    assert period.to_dict() == {
        "listed": 5,
        "returned": 1,
        "extradited": 0,
        "removed": 1,
        "surrendered": 0,
        "closed": 0,
        "open": 4,
    }
    assert party.listed == 7
    with context.read(world.us["analyst"].actor) as unit:
        assert cases.case_statistics(unit).listed == 0
        with pytest.raises(NotFound):
            cases.case_statistics(unit, watchlist_id=watchlist.id)


def test_the_operator_sees_all_cases(context: Context, world: World) -> None:
    case = open_case(context, world.cn["analyst"], SimulatedClock(T0))
    with context.read(SYSTEM) as unit:
        assert case_sharing.case_view(unit, cases.get_case(unit, case.id))["status"] == "wanted"


@pytest.mark.parametrize(
    ("route", "delist_route"),
    [
        (["located", "provisional_arrest", "returned_extradited"], "returned_extradited"),
        (["located", "detained_for_removal", "returned_removed"], "returned_removed"),
        (["located", "negotiating_surrender", "returned_surrendered"], "returned_surrendered"),
    ],
    ids=lambda value: value[-1] if isinstance(value, list) else value,
)
def test_a_returned_or_closed_case_delists_its_subject(
    context: Context, world: World, route: list[str], delist_route: str
) -> None:
    analyst = world.cn["analyst"]
    watchlist = make_list(context, analyst, FUGITIVES)
    entry = entry_id(context, analyst, watchlist.id, "RN-2")
    clock = SimulatedClock(T0)
    case = open_case(context, analyst, clock, watchlist_entry_id=entry, reference="F-2")
    for target in route[:-1]:
        clock.advance(DAY)
        with context.write(analyst.actor) as unit:
            cases.move_case(unit, case.id, target, clock=clock)
            assert watchlists.get_entry(unit, entry).status == "active"  # still open: still listed
    clock.advance(DAY)
    with context.write(analyst.actor) as unit:
        cases.move_case(unit, case.id, route[-1], clock=clock)
    with context.read(analyst.actor) as unit:
        delisted = watchlists.get_entry(unit, entry)
        timeline = case_sharing.case_events(unit, cases.get_case(unit, case.id))
    assert (delisted.status, delisted.delist_route) == ("delisted", delist_route)
    assert delisted.delist_reason == f"case F-2: {route[-1].replace('_', ' ')}"
    assert [e.kind for e in timeline][-2:] == ["status", "delisted"]
    assert actions(context, entry)[-1] == "watchlist_entry.delist"


@pytest.mark.parametrize("route", [["closed_withdrawn"], ["located", "closed_deceased"]])
def test_a_closed_case_leaves_the_entry_to_a_person(
    context: Context, world: World, route: list[str]
) -> None:
    analyst = world.cn["analyst"]
    watchlist = make_list(context, analyst, FUGITIVES)
    entry = entry_id(context, analyst, watchlist.id, "RN-2")
    case = open_case(context, analyst, SimulatedClock(T0), watchlist_entry_id=entry)
    with context.write(analyst.actor) as unit:
        for target in route:
            cases.move_case(unit, case.id, target)
        assert watchlists.get_entry(unit, entry).status == "active"


def test_an_entry_already_delisted_or_on_an_unwritable_list_is_left_alone(
    context: Context, world: World
) -> None:
    cn, us = world.cn["analyst"], world.us["analyst"]
    watchlist = make_list(context, cn, FUGITIVES)
    first, second = (entry_id(context, cn, watchlist.id, ref) for ref in ("RN-1", "RN-2"))
    with context.write(cn.actor) as unit:
        watchlists.delist_entry(unit, first, reason="returned earlier", route="returned_removed")
    clock = SimulatedClock(T0)
    done = open_case(context, cn, clock, watchlist_entry_id=first)
    with context.write(cn.actor) as unit:
        for target in ("located", "detained_for_removal", "returned_removed"):
            cases.move_case(unit, done.id, target, clock=clock)
        kept = watchlists.get_entry(unit, first)
        assert (kept.delist_route, kept.delist_reason) == ("returned_removed", "returned earlier")
    # The host party, moving a shared case on the owner's list, cannot delist it: the timeline says so.
    hosted = open_case(context, cn, clock, watchlist_entry_id=second)
    _share(context, world, hosted.id, ["status", "timeline"], permission="write")
    with context.write(us.actor) as unit:
        for target in ("located", "negotiating_surrender", "returned_surrendered"):
            cases.move_case(unit, hosted.id, target, clock=clock)
    with context.read(cn.actor) as unit:
        assert watchlists.get_entry(unit, second).status == "active"
        kinds = [e.kind for e in case_sharing.case_events(unit, cases.get_case(unit, hosted.id))]
    assert kinds[-1] == "delist_pending"


def test_the_owner_edits_judicial_data_and_the_timeline_says_what_changed(
    context: Context, world: World
) -> None:
    analyst = world.cn["analyst"]
    clock = SimulatedClock(T0)
    case = open_case(context, analyst, clock, warrant_reference="W-1", law="Art. 382")
    clock.advance(DAY)
    edit = {
        "warrant_reference": "W-1/2026 (amended)",
        "charge": "embezzlement of public funds",
        "max_penalty_months": 240,
        "sought_for": "prosecution",
        "offences": ["embezzlement", "money_laundering"],
        "law": None,
        "host_party": "us-agency",
    }
    with context.write(analyst.actor) as unit:
        edited = cases.edit_case(unit, case.id, edit, clock=clock)
        assert (edited.warrant_reference, edited.law, edited.max_penalty_months) == (
            "W-1/2026 (amended)",
            None,
            240,
        )
        assert (edited.host_party_id, edited.host_country) == (world.us.id, "US")
        assert edited.offences == ["embezzlement", "money_laundering"]
        assert edited.last_activity_at == clock.now()
    with context.read(analyst.actor) as unit:
        (event,) = [
            e
            for e in case_sharing.case_events(unit, cases.get_case(unit, case.id))
            if e.kind == "edited"
        ]
    assert (
        event.note
        == "changed: charge, host_country, host_party_id, law, max_penalty_months, offences, sought_for, warrant_reference"
    )
    assert actions(context, case.id)[-1] == "case.edit"
    before = audit_count(context)
    with context.write(analyst.actor) as unit:  # the same values again: nothing to record
        cases.edit_case(unit, case.id, {"charge": "embezzlement of public funds"}, clock=clock)
    assert audit_count(context) == before


def test_bad_edits_change_nothing(context: Context, world: World) -> None:
    analyst = world.cn["analyst"]
    clock = SimulatedClock(T0)
    case = open_case(context, analyst, clock, charge="fraud")
    _share(context, world, case.id, ["charge", "timeline"], permission="write")
    before = audit_count(context)
    bad: list[tuple[object, dict[str, object], type[Exception]]] = [
        (analyst, {"offences": []}, InvalidInput),
        (analyst, {"subject_name": None}, InvalidInput),
        (analyst, {"max_penalty_months": -1}, InvalidInput),
        (analyst, {"sought_for": "fun"}, InvalidInput),
        (analyst, {"listed_at": "2020-01-01"}, InvalidInput),
        (analyst, {"watchlist_entry_id": "x"}, InvalidInput),
        (analyst, {"host_party": "cn-agency"}, InvalidInput),
        (analyst, {"subject": "not an object"}, InvalidInput),
        (world.us["analyst"], {"charge": "other"}, PermissionDenied),
        (world.cn["reviewer"], {"charge": "other"}, PermissionDenied),
        (world.provider["admin"], {"charge": "other"}, NotFound),
    ]
    for member, data, error in bad:
        with pytest.raises(error), context.write(member.actor) as unit:  # type: ignore[attr-defined]
            cases.edit_case(unit, case.id, data, clock=clock)
    with context.read(analyst.actor) as unit:
        assert cases.get_case(unit, case.id).charge == "fraud"
    assert audit_count(context) == before
