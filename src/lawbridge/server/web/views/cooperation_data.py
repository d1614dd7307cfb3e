"""Read helpers the cooperation pages need beyond the workflows' own functions: the choices of a
form, a case's shares with their fields, the requests and assets linked to a case, the ledger.

Each goes through the workflows (``list_requests``, ``assets.list_assets``,
``case_sharing.case_shares``), so a page never sees a row its party could not fetch by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from lawbridge.domain.assets import AssetStage, format_amount
from lawbridge.domain.roles import Permission
from lawbridge.store.cases_models import (
    CooperationRequest,
    LegalClock,
)
from lawbridge.workflows import assets, clocks, requests, watchlists
from lawbridge.workflows.assets import AssetRow, list_assets
from lawbridge.workflows.case_sharing import CaseShare, case_shares
from lawbridge.workflows.unit import Unit

MAX_ENTRIES = 1000
MAX_ROWS = 2000


def entry_choices(unit: Unit) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(list id, list name, [(entry id, "RN-001 · name")]) for the lists the actor may link."""
    choices = []
    for watchlist in watchlists.list_watchlists(unit, limit=50):
        found = watchlists.list_entries(unit, watchlist.id, limit=MAX_ENTRIES)
        entries = [(e.id, f"{e.external_id} · {e.name}") for e in found]
        choices.append((watchlist.id, watchlist.name, sorted(entries, key=lambda x: x[1])))
    return choices


def all_requests(unit: Unit, box: str, status: str | None = None) -> list[CooperationRequest]:
    return requests.list_requests(unit, box=box, status=status, limit=MAX_ROWS)


def case_requests(unit: Unit, case_id: str) -> list[CooperationRequest]:
    """The actor's requests (sent or received) about ``case_id``."""
    if not unit.actor.can(Permission.READ_RECORDS) or unit.actor.party_id is None:
        return []
    found = all_requests(unit, "outbox") + all_requests(unit, "inbox")
    return [r for r in found if r.case_id == case_id]


@dataclass(frozen=True, slots=True)
class ClockRow:
    clock: LegalClock
    phase: str


def clock_rows(unit: Unit, request: CooperationRequest, now: datetime) -> list[ClockRow]:
    """A request's clocks with their phase at ``now`` (read only: nothing is recorded)."""
    return [
        ClockRow(c, clocks.clock_phase(c, now).value) for c in clocks.request_clocks(unit, request)
    ]


def case_assets(unit: Unit, case_id: str) -> list[AssetRow]:
    if not unit.actor.can(Permission.READ_RECORDS):
        return []
    return assets.list_assets(unit, case_id=case_id)


@dataclass(frozen=True, slots=True)
class StageTotal:
    stage: str
    count: int
    unvalued: int
    values: dict[str, str]


def stage_totals(totals: assets.AssetTotals) -> list[StageTotal]:
    """The ledger's totals, one row per stage in the stages' order (amounts as decimal text)."""
    rows = []
    for stage in AssetStage:
        values = totals.values.get(stage.value, {})
        rows.append(
            StageTotal(
                stage.value,
                totals.count.get(stage.value, 0),
                totals.unvalued.get(stage.value, 0),
                {c: format_amount(a) for c, a in values.items()},
            )
        )
    return rows


def amount_number(text: str) -> float:
    """A stored decimal amount as a number for a chart's geometry (never for a sum)."""
    return float(Decimal(text))


__all__ = ["AssetRow", "CaseShare", "case_shares", "list_assets"]
