"""Loading the cooperation demo (``fixtures/cooperation_demo.py``) through the ordinary workflows,
in one transaction: every case move, request action, clock and asset stage is audited as if the
demo's analysts had done it, on a simulated clock that walks through the plan's dates.

Relative times ("40 days ago") are counted from ``now`` (the wall clock by default), so a freshly
loaded demo has clocks running, in their reminder window and overdue. Loading twice changes nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from lawbridge.domain.actor import Actor
from lawbridge.domain.clocks import SYSTEM_CLOCK, SimulatedClock
from lawbridge.domain.requests import ACTION_SIDE, MILESTONES, RequestAction, Side
from lawbridge.fixtures import cooperation_demo as plan
from lawbridge.fixtures import demo, names_demo
from lawbridge.store.cases_models import FugitiveCase
from lawbridge.store.models import Watchlist
from lawbridge.workflows import (
    accounts,
    assets,
    case_sharing,
    cases,
    request_messages,
    requests,
    watchlists,
)
from lawbridge.workflows.unit import Context, Unit

FIRST_REFERENCE = "MPS-RN-001"


def _moment(when: plan.When, now: datetime) -> datetime:
    if isinstance(when, date):
        return datetime(when.year, when.month, when.day, 9, 0, tzinfo=UTC)
    return now - timedelta(days=when)


def _analysts(unit: Unit) -> dict[str, Unit]:
    found = {}
    for slug in (plan.OWNER, plan.HOST):
        account = accounts.get_account(unit, demo.username("analyst", slug))
        found[slug] = unit.acting_as(accounts.actor_for(account))
    return found


def load_cooperation(context: Context, now: datetime | None = None) -> bool:
    """Load the cooperation demo once, after the red-notice list; False when already there (or
    when the list it builds on is missing)."""
    moment = now or SYSTEM_CLOCK.now()
    with context.write(Actor.system("demo")) as unit:
        if unit.session.scalar(
            select(FugitiveCase.id).where(FugitiveCase.reference == FIRST_REFERENCE)
        ):
            return False
        name = str(names_demo.DEMO_LIST["name"])
        watchlist = unit.session.scalar(select(Watchlist).where(Watchlist.name == name))
        if watchlist is None:
            return False
        units = _analysts(unit)
        plans = plan.case_plans()
        case_ids = _load_cases(units, watchlist.id, plans, moment)
        request_ids = _load_requests(units, plans, case_ids, moment)
        _load_assets(units, plans, case_ids, request_ids, moment)
    return True


# --- Cases ---------------------------------------------------------------------------------------


def _load_cases(
    units: dict[str, Unit], watchlist_id: str, plans: list[plan.CasePlan], now: datetime
) -> dict[str, str]:
    owner = units[plan.OWNER]
    found = watchlists.list_entries(owner, watchlist_id, include_delisted=True, limit=1000)
    entries = {e.external_id: e.id for e in found}
    clock = SimulatedClock(now)
    ids = {}
    for case_plan in plans:
        data = case_plan.data | {
            "watchlist_entry_id": entries[case_plan.entry],
            "listed_at": _moment(case_plan.data["listed_at"], now),
        }
        case = cases.create_case(owner, data, clock=clock)
        if case_plan.shared:
            case_sharing.share_case(
                owner, case, grantee=plan.HOST, fields=plan.shared_fields(), permission="write"
            )
        for step in case_plan.steps:
            _case_step(units[step.by], case.id, step, now, clock)
        ids[case_plan.entry] = case.id
    return ids


def _case_step(
    unit: Unit, case_id: str, step: plan.Step, now: datetime, clock: SimulatedClock
) -> None:
    when = _moment(step.on, now)
    if step.target is None:
        cases.add_note(unit, case_id, step.note, occurred_at=when, clock=clock)
    else:
        cases.move_case(unit, case_id, step.target, note=step.note, occurred_at=when, clock=clock)


# --- Requests ------------------------------------------------------------------------------------


def _load_requests(
    units: dict[str, Unit], plans: list[plan.CasePlan], case_ids: dict[str, str], now: datetime
) -> list[str]:
    ids = []
    for request_plan in plan.request_plans(plans):
        clock = SimulatedClock(now - timedelta(days=request_plan.created))
        requester = units[request_plan.by]
        data = {
            "kind": request_plan.kind,
            "recipient": request_plan.to,
            "title": request_plan.title,
            "legal_basis": request_plan.legal_basis,
            "urgency": request_plan.urgency,
            "form": request_plan.form,
            "article3": request_plan.article3,
        }
        if request_plan.case:
            data["case_id"] = case_ids[request_plan.case]
        request_id = requests.create_request(requester, data, clock=clock).id
        if request_plan.sent is not None:
            clock.set(now - timedelta(days=request_plan.sent))
            ack = request_plan.acknowledge_warnings
            requests.send_request(requester, request_id, acknowledge_warnings=ack, clock=clock)
        _request_extras(units, request_plan, request_id, now, clock)
        ids.append(request_id)
    return ids


def _side_unit(units: dict[str, Unit], request_plan: plan.RequestPlan, side: Side) -> Unit:
    return units[request_plan.by if side is Side.REQUESTER else request_plan.to]


def _request_extras(
    units: dict[str, Unit],
    request_plan: plan.RequestPlan,
    request_id: str,
    now: datetime,
    clock: SimulatedClock,
) -> None:
    for days, kind, name, text in request_plan.steps:
        clock.set(now - timedelta(days=days))
        if kind == "act":
            unit = _side_unit(units, request_plan, ACTION_SIDE[RequestAction(name)])
            refusal = name == RequestAction.REFUSE.value
            requests.act(
                unit, request_id, name, ground=text if refusal else None,
                note="" if refusal else text, clock=clock,
            )  # fmt: skip
        else:
            unit = _side_unit(units, request_plan, MILESTONES[name][1])
            requests.record_milestone(unit, request_id, name, note=text, clock=clock)
    for days, by, body in request_plan.messages:
        clock.set(now - timedelta(days=days))
        request_messages.post_message(units[by], request_id, body, clock=clock)
    for by, filename, text in request_plan.attachments:
        request_messages.add_attachment(
            units[by], request_id, filename=filename, content=text.encode("utf-8"),
            media_type="text/plain", clock=clock,
        )  # fmt: skip


# --- Assets --------------------------------------------------------------------------------------


def _load_assets(
    units: dict[str, Unit],
    plans: list[plan.CasePlan],
    case_ids: dict[str, str],
    request_ids: list[str],
    now: datetime,
) -> None:
    clock = SimulatedClock(now)
    for asset_plan in plan.ASSETS:
        unit = units[asset_plan.by]
        (first, _, amount), *later = asset_plan.stages
        data = asset_plan.data | {"occurred_at": _moment(first, now), "amount": amount}
        data["currency"] = asset_plan.currency if amount else None
        if asset_plan.case:
            data["case_id"] = case_ids[plan.pick(plans, *asset_plan.case)]
        if asset_plan.request is not None:
            data["request_id"] = request_ids[asset_plan.request]
        asset = assets.create_asset(unit, data, clock=clock)
        for on, stage, value in later:
            assets.advance_asset(
                unit, asset.id, stage, occurred_at=_moment(on, now), amount=value,
                currency=asset_plan.currency if value else None, clock=clock,
            )  # fmt: skip
        if asset_plan.share_with:
            assets.share_asset(unit, asset.id, grantee=asset_plan.share_with)
