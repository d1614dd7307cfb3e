"""Assets: stages with dated values, bad money refused, totals per case and party per currency."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lawbridge.domain.clocks import SimulatedClock
from lawbridge.errors import InvalidInput, InvalidTransition, NotFound
from lawbridge.store.cases_models import Asset
from lawbridge.workflows import assets
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, Member, World
from tests.workflows.cooperation_helpers import (
    DAY,
    SECOND,
    T0,
    actions,
    audit_count,
    open_case,
    sent,
)


def trace(context: Context, member: Member, clock: SimulatedClock, **data: object) -> Asset:
    fields: dict[str, object] = {"kind": "bank_account", "description": "account 001 (invented)"}
    with context.write(member.actor) as unit:
        asset = assets.create_asset(unit, fields | data, clock=clock)
        unit.session.expunge(asset)
        return asset


def test_an_asset_walks_its_stages_with_dated_values(context: Context, world: World) -> None:
    clock = SimulatedClock(T0 + 100 * DAY)
    cn = world.cn["analyst"]
    case = open_case(context, cn, SimulatedClock(T0))
    asset = trace(
        context,
        cn,
        clock,
        case_id=case.id,
        holder="Shell Co (invented)",
        beneficial_owner="Sun Jiayi",
        location="Vancouver",
        country="ca",
        amount="1250000.50",
        currency="cad",
        occurred_at=T0 + DAY,
    )
    assert (asset.stage, asset.country, asset.case_id) == ("traced", "CA", case.id)
    steps = [
        ("frozen", "1300000", "CAD"),
        ("confiscated", None, None),
        ("returned", "6500000", "CNY"),
    ]
    for n, (stage, amount, currency) in enumerate(steps, start=2):
        with context.write(cn.actor) as unit:
            assets.advance_asset(
                unit,
                asset.id,
                stage,
                occurred_at=T0 + n * DAY,
                amount=amount,
                currency=currency,
                clock=clock,
            )
    with context.read(cn.actor) as unit:
        history = [
            (r.stage, r.occurred_at, r.amount, r.currency)
            for r in assets.asset_history(unit, asset.id)
        ]
    assert history == [
        ("traced", T0 + DAY, "1250000.50", "CAD"),
        ("frozen", T0 + 2 * DAY, "1300000", "CAD"),
        ("confiscated", T0 + 3 * DAY, None, None),
        ("returned", T0 + 4 * DAY, "6500000", "CNY"),
    ]
    assert actions(context, asset.id) == ["asset.create"] + ["asset.stage"] * 3


def test_bad_stages_and_money_change_nothing(context: Context, world: World) -> None:
    clock = SimulatedClock(T0 + 10 * DAY)
    cn = world.cn["analyst"]
    asset = trace(context, cn, clock, occurred_at=T0)
    before = audit_count(context)
    bad: list[tuple[dict[str, object], type[Exception]]] = [
        ({"stage": "confiscated"}, InvalidTransition),  # skips freezing
        ({"stage": "traced"}, InvalidTransition),
        ({"stage": "frozen", "amount": "100"}, InvalidInput),  # amount without currency
        ({"stage": "frozen", "currency": "USD"}, InvalidInput),  # currency without amount
        ({"stage": "frozen", "amount": "100", "currency": "ZZZ"}, InvalidInput),
        ({"stage": "frozen", "amount": 100.5, "currency": "USD"}, InvalidInput),  # a float
        ({"stage": "frozen", "amount": "-1", "currency": "USD"}, InvalidInput),
        ({"stage": "frozen", "amount": "1.00001", "currency": "USD"}, InvalidInput),
        ({"stage": "frozen", "occurred_at": clock.now() + SECOND}, InvalidInput),
        ({"stage": "frozen", "occurred_at": T0 - SECOND}, InvalidInput),
    ]
    for options, error in bad:
        with pytest.raises(error), context.write(cn.actor) as unit:
            assets.advance_asset(unit, asset.id, clock=clock, **options)  # type: ignore[arg-type]
    with context.read(cn.actor) as unit:
        same = assets.get_asset(unit, asset.id)
        assert (same.stage, len(assets.asset_history(unit, asset.id))) == ("traced", 1)
    assert audit_count(context) == before
    with context.write(cn.actor) as unit:
        for data in (
            {"amount": "5"},
            {"description": " "},
            {"kind": "yacht-ish"},
            {"occurred_at": clock.now() + SECOND},
            {"country": "XX"},
            {"colour": "red"},
        ):
            with pytest.raises(InvalidInput):
                assets.create_asset(unit, {"description": "d"} | data, clock=clock)


def test_totals_per_case_and_party_never_mix_currencies(context: Context, world: World) -> None:
    clock = SimulatedClock(T0 + 50 * DAY)
    cn, us = world.cn["analyst"], world.us["analyst"]
    case = open_case(context, cn, SimulatedClock(T0))
    other = open_case(context, cn, SimulatedClock(T0))
    a = trace(context, cn, clock, case_id=case.id, amount="100.10", currency="USD")
    b = trace(context, cn, clock, case_id=case.id, amount="200", currency="USD")
    trace(context, cn, clock, case_id=case.id, amount="700", currency="CNY")
    trace(context, cn, clock, case_id=case.id)  # not valued yet
    trace(context, cn, clock, case_id=other.id, amount="5", currency="EUR")
    for asset_id, amount in ((a.id, "90"), (b.id, None)):
        with context.write(cn.actor) as unit:
            assets.advance_asset(
                unit,
                asset_id,
                "frozen",
                amount=amount,
                currency="USD" if amount else None,
                clock=clock,
            )
    with context.read(cn.actor) as unit:
        per_case = assets.asset_totals(unit, case_id=case.id)
        per_party = assets.asset_totals(unit, party=world.cn.id)
    assert per_case.count == {"traced": 2, "frozen": 2}
    assert per_case.values == {
        "traced": {"CNY": Decimal("700")},
        "frozen": {"USD": Decimal("290")},  # a at its frozen value 90, b keeps its traced 200
    }
    assert per_case.unvalued == {"traced": 1}
    assert per_party.values["traced"] == {"CNY": Decimal("700"), "EUR": Decimal("5")}
    assert per_party.to_dict()["values"]["frozen"] == {"USD": "290"}
    with context.read(us.actor) as unit:
        assert assets.asset_totals(unit, party=world.cn.id).count == {}
        with pytest.raises(NotFound):
            assets.asset_totals(unit, case_id=case.id)


def test_another_partys_asset_is_not_found_until_shared(context: Context, world: World) -> None:
    clock = SimulatedClock(T0)
    cn, us = world.cn["analyst"], world.us["analyst"]
    request = sent(context, cn, "us-agency", "asset_recovery", clock)
    frozen_in_us = trace(context, us, clock, request_id=request.id, amount="10", currency="USD")
    with context.read(cn.actor) as unit, pytest.raises(NotFound):
        assets.get_asset(unit, frozen_in_us.id)
    with context.write(us.actor) as unit:
        assets.share_asset(unit, frozen_in_us.id, grantee="cn-agency")
    with context.read(cn.actor) as unit:
        assert assets.get_asset(unit, frozen_in_us.id).request_id == request.id
        assert assets.asset_totals(unit).values == {"traced": {"USD": Decimal("10")}}
    with context.write(world.provider["admin"].actor) as unit:
        with pytest.raises(NotFound):
            assets.get_asset(unit, frozen_in_us.id)
        with pytest.raises(NotFound):  # a request it is no party to
            assets.create_asset(unit, {"description": "d", "request_id": request.id})
    with context.read(SYSTEM) as unit:
        assert assets.get_asset(unit, frozen_in_us.id).party_id == world.us.id
