"""Cooperation requests: drafts, sending with required elements and eligibility, every status route,
milestones and every legal clock on a simulated clock, messages and attachments."""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lawbridge.domain.clocks import ClockPhase, SimulatedClock
from lawbridge.errors import (
    InvalidInput,
    InvalidTransition,
    NotFound,
    PayloadTooLarge,
)
from lawbridge.store.cases_models import RequestAttachment
from lawbridge.workflows import clocks, request_messages, requests
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, Member, World
from tests.workflows.cooperation_helpers import (
    DAY,
    FORMS,
    NEUTRAL,
    SECOND,
    T0,
    actions,
    audit_count,
    draft,
    open_case,
    sent,
)
from tests.workflows.meanwhile import meanwhile


def do(
    context: Context,
    member: Member,
    action: str,
    request_id: str,
    clock: SimulatedClock,
    **kw: object,
) -> None:
    with context.write(member.actor) as unit:
        requests.act(unit, request_id, action, clock=clock, **kw)  # type: ignore[arg-type]


def status_of(context: Context, request_id: str) -> str:
    with context.read(SYSTEM) as unit:
        return requests.get_request(unit, request_id).status


PERSON = ["subject_name", "offences", "sought_for", "penalty_max_months"]
# Written out from the usual treaty and convention articles (not read from the code under test).
REQUIRED = {
    "extradition": PERSON
    + ["offence_description", "facts_summary", "legal_provisions", "warrant_reference"]
    + ["article3.political", "article3.military", "article3.religious", "article3.racial"],
    "provisional_arrest": PERSON
    + ["subject_location", "facts_summary", "legal_provisions", "warrant_reference"]
    + ["extradition_to_follow"]
    + ["article3.political", "article3.military", "article3.religious", "article3.racial"],
    "mutual_legal_assistance": [
        "authority",
        "offence_description",
        "facts_summary",
        "assistance_sought",
        "purpose",
    ],
    "asset_recovery": [
        "asset_description",
        "asset_location",
        "holder",
        "offence_description",
        "order_reference",
    ],
    "deportation": ["subject_name", "nationality", "identity_evidence", "removal_order_reference"],
    "information_exchange": ["subject_matter", "information_sought", "purpose"],
    "preservation": [
        "authority",
        "offence_description",
        "facts_summary",
        "data_description",
        "custodian",
        "necessity",
        "mla_to_follow",
        "regime",
    ],
}


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_each_kind_needs_its_elements_on_send_not_on_draft(
    context: Context, world: World, kind: str
) -> None:
    cn, clock = world.cn["analyst"], SimulatedClock(T0)
    request = draft(context, cn, "us-agency", kind, clock, form={}, legal_basis=None, article3={})
    before = audit_count(context)
    with pytest.raises(InvalidInput) as caught, context.write(cn.actor) as unit:
        requests.send_request(unit, request.id, clock=clock)
    assert caught.value.details["missing"] == ["legal_basis", *REQUIRED[kind]]
    assert (status_of(context, request.id), audit_count(context)) == ("draft", before)
    with context.write(cn.actor) as unit:
        changes = {"form": FORMS[kind], "legal_basis": "MLAT", "article3": NEUTRAL}
        requests.update_draft(unit, request.id, changes)
        assert requests.send_request(unit, request.id, clock=clock).status == "sent"


def test_a_draft_is_invisible_to_the_recipient(context: Context, world: World) -> None:
    request = draft(
        context, world.cn["analyst"], "us-agency", "information_exchange", SimulatedClock(T0)
    )
    with context.read(world.us["analyst"].actor) as unit:
        with pytest.raises(NotFound):
            requests.get_request(unit, request.id)
        assert requests.list_requests(unit, box="inbox") == []
    with context.write(world.cn["analyst"].actor) as unit:
        requests.send_request(unit, request.id, clock=SimulatedClock(T0))
    with context.read(world.us["analyst"].actor) as unit:
        assert [r.id for r in requests.list_requests(unit, box="inbox")] == [request.id]
    with context.read(world.provider["admin"].actor) as unit, pytest.raises(NotFound):
        requests.get_request(unit, request.id)


ROUTES = {
    "fulfilled": [("us", "acknowledge"), ("us", "start"), ("us", "fulfil")],
    "partially_fulfilled": [("us", "acknowledge"), ("us", "start"), ("us", "fulfil_partially")],
    "refused_sent": [("us", "refuse")],
    "refused_acknowledged": [("us", "acknowledge"), ("us", "refuse")],
    "refused_in_progress": [("us", "acknowledge"), ("us", "start"), ("us", "refuse")],
    "withdrawn_sent": [("cn", "withdraw")],
    "withdrawn_acknowledged": [("us", "acknowledge"), ("cn", "withdraw")],
    "withdrawn_in_progress": [("us", "acknowledge"), ("us", "start"), ("cn", "withdraw")],
}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_every_status_route(context: Context, world: World, route: str) -> None:
    clock = SimulatedClock(T0)
    request = sent(context, world.cn["analyst"], "us-agency", "mutual_legal_assistance", clock)
    for side, action in ROUTES[route]:
        clock.advance(DAY)
        member = world.us["analyst"] if side == "us" else world.cn["analyst"]
        do(context, member, action, request.id, clock, ground="dual criminality not met")
    expected = route.split("_")[0] if route.startswith(("refused", "withdrawn")) else route
    assert status_of(context, request.id) == expected
    with context.read(world.us["analyst"].actor) as unit:
        events = requests.request_events(unit, request.id)
        assert [e.name for e in events] == ["create", "send"] + [a for _, a in ROUTES[route]]
        assert {e.party_id for e in events[2:]} <= {world.cn.id, world.us.id}
        running = [
            c
            for c in clocks.request_clocks(unit, requests.get_request(unit, request.id))
            if c.stopped_at is None
        ]
    assert running == []


def test_a_withdrawn_draft(context: Context, world: World) -> None:
    request = draft(context, world.cn["analyst"], "us-agency", "extradition", SimulatedClock(T0))
    do(context, world.cn["analyst"], "withdraw", request.id, SimulatedClock(T0))
    assert status_of(context, request.id) == "withdrawn"


def test_each_side_keeps_to_its_actions(context: Context, world: World) -> None:
    clock = SimulatedClock(T0)
    cn, us = world.cn["analyst"], world.us["analyst"]
    request = sent(context, cn, "us-agency", "information_exchange", clock)
    before = audit_count(context)
    for member, action, error in [
        (cn, "acknowledge", InvalidTransition),
        (us, "withdraw", InvalidTransition),
        (us, "fulfil", InvalidTransition),  # not started
        (us, "refuse", InvalidInput),  # no ground
        (us, "send", InvalidTransition),
    ]:
        with pytest.raises(error), context.write(member.actor) as unit:
            requests.act(unit, request.id, action, clock=clock)
    with pytest.raises(InvalidInput, match="in the future"), context.write(us.actor) as unit:
        requests.act(unit, request.id, "acknowledge", occurred_at=T0 + SECOND, clock=clock)
    assert (status_of(context, request.id), audit_count(context)) == ("sent", before)
    do(context, us, "refuse", request.id, clock, ground="not a crime in the requested state")
    with context.read(cn.actor) as unit:
        assert requests.get_request(unit, request.id).refusal_ground.startswith("not a crime")  # type: ignore[union-attr]


def test_eligibility_warnings_inform_and_a_person_decides(context: Context, world: World) -> None:
    clock = SimulatedClock(T0)
    cn = world.cn["analyst"]
    case = open_case(
        context,
        cn,
        clock,
        offences=["fraud", "private_dispute"],
        max_penalty_months=18,
        sought_for="prosecution",
        law="Art. 266",
        warrant_reference="W-7",
    )
    request = draft(
        context,
        cn,
        "us-agency",
        "extradition",
        clock,
        case_id=case.id,
        form={
            k: v
            for k, v in FORMS["extradition"].items()
            if k in ("offence_description", "facts_summary")
        },
        article3={"political": NEUTRAL["political"]},
    )
    assert request.form["offences"] == ["fraud", "private_dispute"]  # taken from the case
    with pytest.raises(InvalidInput) as caught, context.write(cn.actor) as unit:
        requests.send_request(unit, request.id, clock=clock)
    assert caught.value.details["missing"] == [
        "article3.military",
        "article3.religious",
        "article3.racial",
    ]
    with context.write(cn.actor) as unit:
        requests.update_draft(unit, request.id, {"article3": NEUTRAL})
    with pytest.raises(InvalidInput, match="acknowledged"), context.write(cn.actor) as unit:
        requests.send_request(unit, request.id, clock=clock)
    assert status_of(context, request.id) == "draft"
    with context.write(cn.actor) as unit:
        requests.send_request(unit, request.id, acknowledge_warnings=True, clock=clock)
    with context.read(world.us["analyst"].actor) as unit:
        kept = requests.get_request(unit, request.id)
        assert [w["code"] for w in kept.warnings] == ["not_ordinary_law", "penalty_below_threshold"]
        assert (kept.warnings_acknowledged_by, kept.warnings_acknowledged_at) == (cn.account_id, T0)
        assert kept.article3["racial"] == {"has_character": False, "note": "ordinary-law fraud"}


def alerts(context: Context, member: Member, now: object) -> list[tuple[str, ClockPhase, bool]]:
    with context.write(member.actor) as unit:
        return [(a.kind, a.phase, a.recorded) for a in clocks.due_clocks(unit, now)]  # type: ignore[arg-type]


def test_the_acknowledgement_clock_is_idempotent(context: Context, world: World) -> None:
    clock = SimulatedClock(T0)
    cn, us = world.cn["analyst"], world.us["analyst"]
    request = sent(context, cn, "us-agency", "information_exchange", clock)
    assert alerts(context, cn, T0 + 7 * DAY - SECOND) == []
    first = alerts(context, cn, T0 + 7 * DAY)
    assert first == [("acknowledgement", ClockPhase.REMINDER, True)]
    count = audit_count(context)
    assert alerts(context, us, T0 + 7 * DAY) == [("acknowledgement", ClockPhase.REMINDER, False)]
    assert alerts(context, cn, T0 + 10 * DAY - SECOND)[0][1:] == (ClockPhase.REMINDER, False)
    assert audit_count(context) == count
    assert alerts(context, us, T0 + 10 * DAY) == [("acknowledgement", ClockPhase.OVERDUE, True)]
    assert alerts(context, cn, T0 + 11 * DAY) == [("acknowledgement", ClockPhase.OVERDUE, False)]
    assert alerts(context, world.provider["admin"], T0 + 11 * DAY) == []
    clock.set(T0 + 11 * DAY)
    do(context, us, "acknowledge", request.id, clock)
    assert alerts(context, cn, T0 + 12 * DAY) == []
    with context.read(SYSTEM) as unit:
        (ack,) = clocks.request_clocks(unit, requests.get_request(unit, request.id))
    assert (
        actions(context, ack.id)
        == ["clock.start"] * 2 + ["clock.reminder"] * 2 + ["clock.overdue"] * 2 + ["clock.stop"] * 2
    )


def _milestone(
    context: Context,
    member: Member,
    request_id: str,
    name: str,
    clock: SimulatedClock,
    **kw: object,
) -> None:
    with context.write(member.actor) as unit:
        requests.record_milestone(unit, request_id, name, clock=clock, **kw)  # type: ignore[arg-type]


def _phases(context: Context, member: Member, kind: str, at: object) -> list[ClockPhase]:
    return [phase for k, phase, _ in alerts(context, member, at) if k == kind]


def test_travel_documents_within_thirty_days_of_verification(
    context: Context, world: World
) -> None:
    clock = SimulatedClock(T0)
    cn, us = world.cn["analyst"], world.us["analyst"]
    request = sent(context, us, "cn-agency", "deportation", clock)
    with pytest.raises(InvalidTransition, match="needs"), context.write(cn.actor) as unit:
        requests.record_milestone(unit, request.id, "travel_document_issued", clock=clock)
    with pytest.raises(InvalidTransition, match="recipient"), context.write(us.actor) as unit:
        requests.record_milestone(unit, request.id, "identity_verified", clock=clock)
    clock.set(T0 + 20 * DAY)
    do(context, cn, "acknowledge", request.id, clock)
    verified = T0 + 15 * DAY
    _milestone(context, cn, request.id, "identity_verified", clock, occurred_at=verified)
    assert _phases(context, us, "travel_document", verified + 23 * DAY - SECOND) == []
    assert _phases(context, us, "travel_document", verified + 23 * DAY) == [ClockPhase.REMINDER]
    assert _phases(context, us, "travel_document", verified + 30 * DAY - SECOND) == [
        ClockPhase.REMINDER
    ]
    assert _phases(context, us, "travel_document", verified + 30 * DAY) == [ClockPhase.OVERDUE]
    clock.set(verified + 31 * DAY)
    _milestone(context, cn, request.id, "travel_document_issued", clock)
    assert _phases(context, us, "travel_document", verified + 60 * DAY) == []
    with pytest.raises(InvalidTransition, match="already"), context.write(cn.actor) as unit:
        requests.record_milestone(unit, request.id, "identity_verified", clock=clock)


def test_us_preservation_ninety_days_plus_one_renewal(context: Context, world: World) -> None:
    clock = SimulatedClock(T0)
    cn, us = world.cn["analyst"], world.us["analyst"]
    request = sent(context, cn, "us-agency", "preservation", clock)
    _milestone(context, us, request.id, "preservation_effected", clock)
    assert _phases(context, cn, "preservation_us", T0 + 76 * DAY - SECOND) == []
    assert _phases(context, cn, "preservation_us", T0 + 76 * DAY) == [ClockPhase.REMINDER]
    clock.set(T0 + 90 * DAY)
    with pytest.raises(InvalidTransition, match="ended"), context.write(cn.actor) as unit:
        requests.record_milestone(unit, request.id, "preservation_renewed", clock=clock)
    clock.set(T0 + 90 * DAY - SECOND)
    _milestone(context, cn, request.id, "preservation_renewed", clock)
    assert _phases(context, cn, "preservation_us", T0 + 166 * DAY - SECOND) == []
    assert _phases(context, cn, "preservation_us", T0 + 166 * DAY) == [ClockPhase.REMINDER]
    assert _phases(context, cn, "preservation_us", T0 + 180 * DAY - SECOND) == [ClockPhase.REMINDER]
    assert _phases(context, cn, "preservation_us", T0 + 180 * DAY) == [ClockPhase.OVERDUE]
    with context.read(cn.actor) as unit:
        (pres,) = [
            c
            for c in clocks.request_clocks(unit, requests.get_request(unit, request.id))
            if c.kind == "preservation_us"
        ]
        assert (pres.extensions, pres.due_at) == (1, T0 + 180 * DAY)


def test_budapest_preservation_at_least_sixty_days(context: Context, world: World) -> None:
    clock = SimulatedClock(T0)
    cn, us = world.cn["analyst"], world.us["analyst"]
    form = FORMS["preservation"] | {"regime": "budapest_art29"}
    request = sent(context, cn, "us-agency", "preservation", clock, form=form)
    _milestone(context, us, request.id, "preservation_effected", clock)
    assert _phases(context, cn, "preservation_budapest", T0 + 60 * DAY - SECOND) == [
        ClockPhase.REMINDER
    ]
    assert _phases(context, cn, "preservation_budapest", T0 + 60 * DAY) == [ClockPhase.OVERDUE]
    with pytest.raises(InvalidTransition), context.write(cn.actor) as unit:
        requests.record_milestone(unit, request.id, "preservation_renewed", clock=clock)
    clock.advance(DAY)
    _milestone(context, us, request.id, "data_produced", clock)
    assert _phases(context, cn, "preservation_budapest", T0 + 90 * DAY) == []


def test_provisional_arrest_period_per_agreement(context: Context, world: World) -> None:
    clock = SimulatedClock(T0)
    cn, us = world.cn["analyst"], world.us["analyst"]
    request = sent(
        context, cn, "us-agency", "provisional_arrest", clock, clock_days={"provisional_arrest": 40}
    )
    arrested = T0 + 2 * DAY
    clock.set(arrested)
    _milestone(context, us, request.id, "person_arrested", clock)
    assert _phases(context, cn, "provisional_arrest", arrested + 33 * DAY - SECOND) == []
    assert _phases(context, cn, "provisional_arrest", arrested + 33 * DAY) == [ClockPhase.REMINDER]
    assert _phases(context, us, "provisional_arrest", arrested + 40 * DAY) == [ClockPhase.OVERDUE]
    clock.set(arrested + 41 * DAY)
    _milestone(context, us, request.id, "formal_request_received", clock)
    assert _phases(context, cn, "provisional_arrest", arrested + 50 * DAY) == []
    with pytest.raises(InvalidInput), context.write(cn.actor) as unit:
        requests.create_request(
            unit,
            {
                "kind": "deportation",
                "recipient": "us-agency",
                "title": "x",
                "clock_days": {"travel_document": 45},
            },
        )


def test_messages_and_attachments(context: Context, world: World) -> None:
    clock = SimulatedClock(T0)
    cn, us = world.cn["analyst"], world.us["analyst"]
    request = draft(context, cn, "us-agency", "mutual_legal_assistance", clock)
    with pytest.raises(InvalidTransition), context.write(cn.actor) as unit:
        request_messages.post_message(unit, request.id, "hello?")
    with context.write(cn.actor) as unit:
        requests.send_request(unit, request.id, clock=clock)
        request_messages.post_message(unit, request.id, "Please see the bank letter.", clock=clock)
    content = b"%PDF-1.7 invented bank letter"
    with context.write(us.actor) as unit:
        message = request_messages.post_message(unit, request.id, "Received; records attached.")
        attached = request_messages.add_attachment(
            unit,
            request.id,
            filename="records.csv",
            content=content,
            media_type="text/csv",
            message_id=message.id,
        )
    assert attached.sha256 == hashlib.sha256(content).hexdigest()
    with context.read(cn.actor) as unit:
        said = [(m.party_id, m.body) for m in request_messages.list_messages(unit, request.id)]
        assert said == [
            (world.cn.id, "Please see the bank letter."),
            (world.us.id, "Received; records attached."),
        ]
        assert request_messages.get_attachment(unit, attached.id).content == content
    with context.read(world.provider["admin"].actor) as unit, pytest.raises(NotFound):
        request_messages.get_attachment(unit, attached.id)
    with context.write(us.actor) as unit:
        for bad in ({"filename": "../x"}, {"filename": " "}):
            with pytest.raises(InvalidInput):
                request_messages.add_attachment(unit, request.id, content=b"x", **bad)  # type: ignore[arg-type]


def test_an_attachment_over_the_limit_stores_nothing(context: Context, world: World) -> None:
    request = sent(
        context, world.cn["analyst"], "us-agency", "information_exchange", SimulatedClock(T0)
    )
    before = audit_count(context)
    with pytest.raises(PayloadTooLarge), context.write(world.cn["analyst"].actor) as unit:
        request_messages.add_attachment(
            unit, request.id, filename="big.bin", content=b"\0" * 1025, max_bytes=1024
        )
    with context.write(world.cn["analyst"].actor) as unit:
        request_messages.add_attachment(
            unit, request.id, filename="ok.bin", content=b"\0" * 1024, max_bytes=1024
        )
    with context.read(SYSTEM) as unit:
        stored = unit.session.scalars(select(RequestAttachment.filename)).all()
        assert stored == ["ok.bin"]
        assert unit.session.scalar(select(func.count()).select_from(RequestAttachment)) == 1
    assert audit_count(context) == before + 2  # the one attachment, in both parties' views


def test_milestones_reject_future_and_foreign(context: Context, world: World) -> None:
    clock = SimulatedClock(T0 + timedelta(hours=1))
    request = sent(context, world.us["analyst"], "cn-agency", "deportation", clock)
    with context.write(world.cn["analyst"].actor) as unit:
        with pytest.raises(InvalidInput, match="future"):
            requests.record_milestone(
                unit, request.id, "identity_verified", occurred_at=clock.now() + SECOND, clock=clock
            )
        with pytest.raises(InvalidInput, match="precede"):
            requests.record_milestone(
                unit, request.id, "identity_verified", occurred_at=T0, clock=clock
            )
        with pytest.raises(InvalidInput, match="no 'person_arrested'"):
            requests.record_milestone(unit, request.id, "person_arrested", clock=clock)
    with pytest.raises(NotFound), context.write(world.provider["admin"].actor) as unit:
        requests.record_milestone(unit, request.id, "identity_verified", clock=clock)


def test_two_sides_acting_at_once_act_one_after_the_other(context: Context, world: World) -> None:
    """The later step waits for the earlier and is judged from the state it left: before, a
    request refused by one side and withdrawn by the other at once ended withdrawn, with both
    steps in its history."""
    if context.settings.is_sqlite:
        pytest.skip("SQLite runs one writer at a time: two steps cannot overlap")
    clock = SimulatedClock(T0)
    cn, us = world.cn["analyst"], world.us["analyst"]
    request = sent(context, cn, "us-agency", "information_exchange", clock)
    clock.advance(DAY)
    with context.write(us.actor) as unit:
        requests.act(unit, request.id, "refuse", clock=clock, ground="not a crime here")
        thread, errors = meanwhile(lambda: do(context, cn, "withdraw", request.id, clock))
        time.sleep(0.5)  # the other step gets as far as it can before this one commits
    thread.join(30)
    assert [type(e) for e in errors] == [InvalidTransition]
    assert status_of(context, request.id) == "refused"
    with context.read(cn.actor) as unit:
        events = requests.request_events(unit, request.id)
    assert [e.name for e in events] == ["create", "send", "refuse"]
