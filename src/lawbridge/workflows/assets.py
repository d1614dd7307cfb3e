"""Assets: traced, frozen, confiscated and returned, each stage dated and valued, linked to a case
and/or a cooperation request; totals per case and party, per stage and currency.

An asset belongs to the party that records it (the host agency that froze an account, or the
requesting party tracing it); another party sees it only through a share (NotFound otherwise). A
stage with an amount needs its ISO 4217 currency; totals never add different currencies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import pycountry
from sqlalchemy import ColumnElement, or_, select, true

from lawbridge.domain.assets import (
    AssetKind,
    AssetStage,
    clean_value,
    format_amount,
    next_stage,
    totals,
)
from lawbridge.domain.clocks import SYSTEM_CLOCK, Clock, not_in_future
from lawbridge.domain.roles import Permission
from lawbridge.domain.screening import parse_enum
from lawbridge.errors import InvalidInput, NotFound
from lawbridge.store.cases_models import Asset, AssetStageRecord
from lawbridge.store.models import Share
from lawbridge.workflows import cases, requests, shares
from lawbridge.workflows.unit import Unit

OBJECT_TYPE = "asset"
ASSET_KEYS = frozenset(
    {
        "kind",
        "description",
        "holder",
        "beneficial_owner",
        "location",
        "country",
        "case_id",
        "request_id",
        "occurred_at",
        "amount",
        "currency",
        "note",
    }
)


def _clean_country(value: Any) -> str | None:
    code = cases.clean_text(value, "country", 2)
    if code is not None and pycountry.countries.get(alpha_2=code.upper()) is None:
        raise InvalidInput(f"'{code}' is not an ISO 3166-1 alpha-2 country code")
    return code.upper() if code else None


def _links(unit: Unit, data: Mapping[str, Any]) -> dict[str, str | None]:
    case_id = data.get("case_id")
    request_id = data.get("request_id")
    return {
        "case_id": cases.get_case(unit, str(case_id)).id if case_id else None,
        "request_id": requests.get_request(unit, str(request_id)).id if request_id else None,
    }


def _details(data: Mapping[str, Any]) -> dict[str, Any]:
    description = cases.clean_text(data.get("description"), "description")
    if description is None:
        raise InvalidInput("an asset needs a description", {"field": "description"})
    return {
        "kind": parse_enum(AssetKind, str(data.get("kind", "other")), "kind").value,
        "description": description,
        "holder": cases.clean_text(data.get("holder"), "holder", 300),
        "beneficial_owner": cases.clean_text(data.get("beneficial_owner"), "beneficial_owner", 300),
        "location": cases.clean_text(data.get("location"), "location", 300),
        "country": _clean_country(data.get("country")),
    }


def create_asset(unit: Unit, data: Mapping[str, Any], *, clock: Clock = SYSTEM_CLOCK) -> Asset:
    """Record a traced asset for the actor's party (stage ``traced``, dated ``occurred_at``).

    Keys: kind, description, holder, beneficial_owner, location, country, case_id, request_id,
    occurred_at, amount (decimal string) with currency (ISO 4217), note.
    """
    if unit.actor.party_id is None:
        raise InvalidInput("assets belong to a party; the operator has none")
    unit.require(Permission.WRITE_RECORDS)
    unknown = sorted(set(data) - ASSET_KEYS)
    if unknown:
        raise InvalidInput(f"unknown asset fields: {', '.join(unknown)}", {"unknown": unknown})
    now = clock.now()
    moment = not_in_future(data.get("occurred_at") or now, now, "occurred_at")
    value = clean_value(data.get("amount"), data.get("currency"))
    asset = Asset(
        party_id=unit.actor.party_id,
        stage=AssetStage.TRACED.value,
        stage_at=moment,
        created_by=unit.actor.account_id or "",
        created_at=now,
        updated_at=now,
        **_details(data),
        **_links(unit, data),
    )
    unit.session.add(asset)
    unit.session.flush()
    _stage_record(unit, asset, moment, value, cases.clean_text(data.get("note"), "note"), now)
    payload = {"stage": asset.stage, "case": asset.case_id, "request": asset.request_id}
    unit.record("asset.create", OBJECT_TYPE, asset.id, payload | _value_payload(value))
    return asset


def _value_payload(value: tuple[Decimal, str] | None) -> dict[str, Any]:
    if value is None:
        return {}
    return {"amount": format_amount(value[0]), "currency": value[1]}


def _stage_record(
    unit: Unit,
    asset: Asset,
    moment: datetime,
    value: tuple[Decimal, str] | None,
    note: str | None,
    now: datetime,
) -> AssetStageRecord:
    record = AssetStageRecord(
        asset_id=asset.id,
        stage=asset.stage,
        occurred_at=moment,
        amount=format_amount(value[0]) if value else None,
        currency=value[1] if value else None,
        note=note or "",
        party_id=unit.actor.party_id,
        actor_id=unit.actor.account_id,
        recorded_at=now,
    )
    unit.session.add(record)
    return record


def get_asset(unit: Unit, asset_id: str, *, write: bool = False) -> Asset:
    asset = unit.session.get(Asset, asset_id)
    if asset is None:
        raise NotFound(f"no {OBJECT_TYPE} '{asset_id}'")
    shares.check_access(unit, OBJECT_TYPE, asset.id, asset.party_id, write=write)
    return unit.lock(asset) if write else asset  # a stage judged from the one it follows


def advance_asset(
    unit: Unit,
    asset_id: str,
    stage: str,
    *,
    occurred_at: datetime | None = None,
    amount: Decimal | str | int | None = None,
    currency: str | None = None,
    note: str = "",
    clock: Clock = SYSTEM_CLOCK,
) -> Asset:
    """Move an asset to its next stage (traced → frozen → confiscated → returned), dated and
    optionally valued. A skipped stage or a step back is InvalidTransition; nothing changes."""
    asset = get_asset(unit, asset_id, write=True)
    new = next_stage(asset.stage, stage)
    now = clock.now()
    moment = not_in_future(occurred_at or now, now, "occurred_at")
    if moment < asset.stage_at:
        raise InvalidInput("a stage cannot precede the previous one", {"field": "occurred_at"})
    value = clean_value(amount, currency)
    old = asset.stage
    asset.stage, asset.stage_at, asset.updated_at = new.value, moment, now
    _stage_record(unit, asset, moment, value, cases.clean_text(note, "note"), now)
    payload = {"from": old, "to": new.value, "occurred_at": moment.isoformat()}
    unit.record("asset.stage", OBJECT_TYPE, asset.id, payload | _value_payload(value))
    return asset


def asset_history(unit: Unit, asset_id: str) -> list[AssetStageRecord]:
    asset = get_asset(unit, asset_id)
    query = select(AssetStageRecord).where(AssetStageRecord.asset_id == asset.id)
    return list(unit.session.scalars(query.order_by(AssetStageRecord.occurred_at)))


def share_asset(unit: Unit, asset_id: str, *, grantee: str, permission: str = "read") -> Share:
    asset = get_asset(unit, asset_id)
    return shares.grant(
        unit,
        object_type=OBJECT_TYPE,
        object_id=asset.id,
        owner_party_id=asset.party_id,
        grantee=grantee,
        permission=permission,
    )


def visible(unit: Unit) -> ColumnElement[bool]:
    if unit.actor.is_system:
        return true()
    return or_(
        Asset.party_id == unit.actor.party_id,
        Asset.id.in_(shares.shared_ids(unit, OBJECT_TYPE)),
    )


@dataclass(slots=True)
class AssetTotals:
    """Per stage: how many assets, and their latest values summed per currency."""

    count: dict[str, int] = field(default_factory=dict)
    unvalued: dict[str, int] = field(default_factory=dict)
    values: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        values = {s: {c: format_amount(a) for c, a in v.items()} for s, v in self.values.items()}
        return {"count": self.count, "unvalued": self.unvalued, "values": values}


def _latest_values(unit: Unit, asset_ids: list[str]) -> dict[str, tuple[str, Decimal]]:
    """Each asset's most recent valued stage record, as (currency, amount)."""
    query = (
        select(AssetStageRecord)
        .where(AssetStageRecord.asset_id.in_(asset_ids), AssetStageRecord.amount.is_not(None))
        .order_by(AssetStageRecord.occurred_at, AssetStageRecord.recorded_at)
    )
    latest: dict[str, tuple[str, Decimal]] = {}
    for record in unit.session.scalars(query):
        latest[record.asset_id] = (record.currency or "", Decimal(record.amount or "0"))
    return latest


def asset_totals(
    unit: Unit, *, case_id: str | None = None, party: str | None = None
) -> AssetTotals:
    """Totals over the assets the actor can see, of one case and/or one owner party (id)."""
    unit.require(Permission.READ_RECORDS)
    query = select(Asset).where(visible(unit))
    if case_id is not None:
        query = query.where(Asset.case_id == cases.get_case(unit, case_id).id)
    if party is not None:
        query = query.where(Asset.party_id == party)
    assets = list(unit.session.scalars(query))
    latest = _latest_values(unit, [a.id for a in assets])
    result = AssetTotals()
    by_stage: dict[str, list[tuple[str, Decimal]]] = {s.value: [] for s in AssetStage}
    for asset in assets:
        result.count[asset.stage] = result.count.get(asset.stage, 0) + 1
        if asset.id in latest:
            by_stage[asset.stage].append(latest[asset.id])
        else:
            result.unvalued[asset.stage] = result.unvalued.get(asset.stage, 0) + 1
    result.values = {stage: totals(pairs) for stage, pairs in by_stage.items() if pairs}
    return result


MAX_ROWS = 2000


@dataclass(frozen=True, slots=True)
class AssetRow:
    asset: Asset
    amount: str | None
    currency: str | None


def list_assets(
    unit: Unit, *, case_id: str | None = None, party_id: str | None = None
) -> list[AssetRow]:
    """The assets the actor can see (of one case, of one owner party), each with its latest value."""
    unit.require(Permission.READ_RECORDS)
    query = select(Asset).where(visible(unit))
    if case_id is not None:
        query = query.where(Asset.case_id == case_id)
    if party_id is not None:
        query = query.where(Asset.party_id == party_id)
    found = list(unit.session.scalars(query.order_by(Asset.stage_at.desc()).limit(MAX_ROWS)))
    latest = _latest_values(unit, [a.id for a in found])
    rows = []
    for asset in found:
        currency, amount = latest.get(asset.id, (None, None))
        shown = format_amount(amount) if amount is not None else None
        rows.append(AssetRow(asset, shown, currency))
    return rows
