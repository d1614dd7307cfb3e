"""Shared set-up for the watchlist and screening workflow tests (synthetic, invented people)."""

from __future__ import annotations

from typing import Any

from lawbridge.engines.names import PersonRecord
from lawbridge.importers import ImportItem
from lawbridge.store.models import Watchlist
from lawbridge.workflows import watchlists
from lawbridge.workflows.unit import Context
from tests.conftest import Member

FUGITIVES: list[dict[str, Any]] = [
    {"id": "RN-1", "name": "Zhao Minghui", "aliases": ["赵明辉"], "birth_date": "1966-04-02"},
    {"id": "RN-2", "name": "Qian Lihua", "birth_date": "1971", "nationality": "CN"},
    {"id": "RN-3", "name": "Sun Jiayi", "aliases": ["孙佳怡"], "gender": "female"},
]


def item(data: dict[str, Any], legal_basis: str | None = "Arrest warrant 2020-001") -> ImportItem:
    fields = {k: v for k, v in data.items() if k != "id"}
    return ImportItem(data["id"], PersonRecord.from_dict(fields), legal_basis, None, {}, 1)


def make_list(
    context: Context, member: Member, records: list[dict[str, Any]] | None = None, **fields: Any
) -> Watchlist:
    """A red-notice list owned by ``member``'s party, with ``records`` imported as version 1."""
    with context.write(member.actor) as unit:
        options: dict[str, Any] = {"name": "Red notices", "kind": "red_notice"} | fields
        created = watchlists.create_watchlist(unit, **options)
        if records is not None:
            watchlists.import_entries(unit, created.id, [item(r) for r in records], source="test")
        unit.session.expunge(created)
        return created


def entry_id(context: Context, member: Member, watchlist_id: str, external_id: str) -> str:
    with context.read(member.actor) as unit:
        (entry,) = watchlists.list_entries(unit, watchlist_id, q=external_id, include_delisted=True)
        return entry.id
