"""Watchlists: party-owned, versioned lists of persons to screen against; shareable for reading.

A list belongs to the actor's party. Another party reaches it only through a share (then it may read
and screen against it); otherwise its ids answer NotFound. Each import makes one new **version**:
entries are keyed by the list's own id and counted as added, updated (content hash changed) or
unchanged. Bad items are reported and the good ones kept; an import with no good item at all is
refused whole (nothing is written). Entries are **delisted, never deleted** (a fugitive who has
returned is delisted with the route, e.g. ``returned_extradited``); a delisting also makes a version,
so an index keyed by (list id, version) is never stale. Imports never relist a delisted entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, true

from lawbridge.domain.roles import Permission
from lawbridge.domain.screening import (
    DelistRoute,
    EntryStatus,
    WatchlistKind,
    entry_content_hash,
    parse_enum,
)
from lawbridge.engines.names import DEFAULT_THRESHOLD, PersonRecord
from lawbridge.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from lawbridge.importers import ImportItem, ItemError, ParsedItem, SkippedItem, get_importer
from lawbridge.importers.simple import item_from_mapping
from lawbridge.store.models import Share, Watchlist, WatchlistEntry, WatchlistVersion, utcnow
from lawbridge.workflows import shares
from lawbridge.workflows.unit import Unit

OBJECT_TYPE = "watchlist"
ENTRY_TYPE = "watchlist_entry"
MAX_NAME = 200
MAX_TEXT = 20_000
MAX_SOURCE = 500
MAX_REPORTED_ERRORS = 1000


@dataclass(slots=True)
class ImportReport:
    """What one import did. ``errors`` keeps the first 1000 item errors; ``failed`` counts all."""

    watchlist_id: str
    version: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    delisted_kept: int = 0
    failed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    errors: list[ItemError] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return self.added + self.updated + self.unchanged + self.delisted_kept

    def counts(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "delisted_kept": self.delisted_kept,
            "failed": self.failed,
            "skipped": dict(self.skipped),
        }

    def to_dict(self) -> dict[str, Any]:
        errors = [e.to_dict() for e in self.errors]
        return {"watchlist_id": self.watchlist_id, "version": self.version, **self.counts()} | {
            "errors": errors
        }


# --- Lists -------------------------------------------------------------------------------------


def _clean_text(value: str | None, field_name: str, limit: int) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if len(value) > limit:
        raise InvalidInput(
            f"{field_name} must be at most {limit} characters", {"field": field_name}
        )
    return value or None


def clean_threshold(threshold: float | None) -> float | None:
    if threshold is None:
        return None
    if not 0.0 < threshold <= 1.0:
        raise InvalidInput("threshold must be in (0, 1]", {"field": "threshold"})
    return float(threshold)


def create_watchlist(
    unit: Unit,
    *,
    name: str,
    kind: str,
    description: str = "",
    threshold: float | None = None,
    default_legal_basis: str | None = None,
) -> Watchlist:
    """A new, empty list (version 0) owned by the actor's party.

    ``kind`` is one of red_notice, fugitive_list, sanctions, internal. ``threshold`` is the score at
    which a candidate becomes a potential match (default: the engine's DEFAULT_THRESHOLD).
    """
    if unit.actor.party_id is None:
        raise InvalidInput("watchlists belong to a party; the operator has none")
    unit.require(Permission.WRITE_RECORDS)
    clean_name = _clean_text(name, "name", MAX_NAME)
    if clean_name is None:
        raise InvalidInput("name must not be empty", {"field": "name"})
    watchlist = Watchlist(
        party_id=unit.actor.party_id,
        name=clean_name,
        kind=parse_enum(WatchlistKind, kind, "kind").value,
        description=_clean_text(description, "description", MAX_TEXT) or "",
        threshold=clean_threshold(threshold),
        default_legal_basis=_clean_text(default_legal_basis, "default_legal_basis", MAX_TEXT),
        created_by=unit.actor.account_id or "",
    )
    unit.session.add(watchlist)
    unit.session.flush()
    payload = {"kind": watchlist.kind, "threshold": watchlist.threshold}
    unit.record("watchlist.create", OBJECT_TYPE, watchlist.id, payload)
    return watchlist


def threshold_of(watchlist: Watchlist) -> float:
    """The alert threshold in force for ``watchlist``."""
    return watchlist.threshold if watchlist.threshold is not None else DEFAULT_THRESHOLD


def get_watchlist(unit: Unit, watchlist_id: str, *, write: bool = False) -> Watchlist:
    """A list the actor's party owns or that is shared with it; NotFound otherwise.

    ``write``: the list is then locked until the transaction ends (``Unit.lock``; SQLite has
    one writer at a time) and read again under the lock, so two imports
    or delistings of one list at once make one version after the other; unlocked, both claimed
    the next version number and the later one failed on it."""
    watchlist = unit.session.get(Watchlist, watchlist_id)
    if watchlist is None:
        raise NotFound(f"no {OBJECT_TYPE} '{watchlist_id}'")
    shares.check_access(unit, OBJECT_TYPE, watchlist.id, watchlist.party_id, write=write)
    return unit.lock(watchlist) if write else watchlist


def visible(unit: Unit) -> ColumnElement[bool]:
    """Lists of the actor's own party or shared with it (everything for the operator)."""
    if unit.actor.is_system:
        return true()
    return or_(
        Watchlist.party_id == unit.actor.party_id,
        Watchlist.id.in_(shares.shared_ids(unit, OBJECT_TYPE)),
    )


def list_watchlists(unit: Unit, *, limit: int = 50, offset: int = 0) -> list[Watchlist]:
    """Own and shared lists, by name."""
    unit.require(Permission.READ_RECORDS)
    query = select(Watchlist).where(visible(unit)).order_by(Watchlist.name, Watchlist.id)
    return list(unit.session.scalars(query.limit(limit).offset(offset)))


def count_watchlists(unit: Unit) -> int:
    unit.require(Permission.READ_RECORDS)
    query = select(func.count()).select_from(Watchlist).where(visible(unit))
    return int(unit.session.scalar(query) or 0)


def list_versions(unit: Unit, watchlist_id: str) -> list[WatchlistVersion]:
    """Every version of a list, newest first."""
    watchlist = get_watchlist(unit, watchlist_id)
    query = select(WatchlistVersion).where(WatchlistVersion.watchlist_id == watchlist.id)
    return list(unit.session.scalars(query.order_by(WatchlistVersion.version.desc())))


def share_watchlist(
    unit: Unit, watchlist_id: str, *, grantee: str, permission: str = "read"
) -> Share:
    """Let another party (id or slug) read, and so screen against, one of our lists."""
    watchlist = get_watchlist(unit, watchlist_id)
    if watchlist.party_id != unit.actor.party_id and not unit.actor.is_system:
        raise PermissionDenied(f"only the owner party can share this {OBJECT_TYPE}")
    return shares.grant(
        unit,
        object_type=OBJECT_TYPE,
        object_id=watchlist.id,
        owner_party_id=watchlist.party_id,
        grantee=grantee,
        permission=permission,
    )


def watchlist_shares(unit: Unit, watchlist_id: str) -> list[Share]:
    watchlist = get_watchlist(unit, watchlist_id)
    return shares.list_shares(unit, OBJECT_TYPE, watchlist.id, watchlist.party_id)


# --- Versions and imports ----------------------------------------------------------------------


def _new_version(
    unit: Unit, watchlist: Watchlist, change: str, source: str | None, counts: dict[str, Any]
) -> int:
    watchlist.version += 1
    watchlist.updated_at = utcnow()
    version = WatchlistVersion(
        watchlist_id=watchlist.id,
        version=watchlist.version,
        change=change,
        source=source,
        counts=counts,
        created_by=unit.actor.account_id,
    )
    unit.session.add(version)
    return watchlist.version


def _existing(unit: Unit, watchlist_id: str) -> dict[str, WatchlistEntry]:
    query = select(WatchlistEntry).where(WatchlistEntry.watchlist_id == watchlist_id)
    return {entry.external_id: entry for entry in unit.session.scalars(query)}


def _apply(
    unit: Unit,
    watchlist: Watchlist,
    item: ImportItem,
    existing: dict[str, WatchlistEntry],
    report: ImportReport,
) -> None:
    record = item.record.to_dict()
    legal_basis = item.legal_basis or watchlist.default_legal_basis
    extra = dict(item.extra)
    digest = entry_content_hash(record, legal_basis, item.source, extra)
    entry = existing.get(item.external_id)
    if entry is None:
        entry = WatchlistEntry(
            watchlist_id=watchlist.id,
            external_id=item.external_id,
            added_version=report.version,
            status=EntryStatus.ACTIVE.value,
        )
        unit.session.add(entry)
        existing[item.external_id] = entry
        report.added += 1
    elif entry.content_hash == digest:
        if entry.status == EntryStatus.DELISTED:
            report.delisted_kept += 1
        else:
            report.unchanged += 1
        return
    else:
        report.updated += 1
        entry.updated_at = utcnow()
    entry.name, entry.record, entry.extra = item.record.name[:500], record, extra
    entry.legal_basis, entry.source = legal_basis, (item.source or None)
    entry.content_hash, entry.changed_version = digest, report.version


def _fail(report: ImportReport, error: ItemError) -> None:
    report.failed += 1
    if len(report.errors) < MAX_REPORTED_ERRORS:
        report.errors.append(error)


def import_entries(
    unit: Unit, watchlist_id: str, items: Iterable[ParsedItem], *, source: str | None = None
) -> ImportReport:
    """Apply parsed items (from an importer) to a list as one new version.

    Bad items are reported with their line and skipped; the good ones are kept. A repeated id in
    one import is an error for the later item. If no item at all could be read, InvalidInput is
    raised (with the first errors in ``details``) and nothing is written.
    """
    watchlist = get_watchlist(unit, watchlist_id, write=True)
    source = _clean_text(source, "source", MAX_SOURCE)
    report = ImportReport(watchlist.id, watchlist.version + 1)
    existing = _existing(unit, watchlist.id)
    seen: dict[str, int | None] = {}
    for item in items:
        if isinstance(item, SkippedItem):
            report.skipped[item.kind] = report.skipped.get(item.kind, 0) + 1
        elif isinstance(item, ItemError):
            _fail(report, item)
        elif item.external_id in seen:
            first = seen[item.external_id]
            message = f"line {item.line}: id '{item.external_id}' repeats (first at line {first})"
            _fail(report, ItemError(item.line, message, item.external_id))
        else:
            seen[item.external_id] = item.line
            _apply(unit, watchlist, item, existing, report)
    if report.accepted == 0 and report.failed:
        raise InvalidInput(
            f"no entry could be read ({report.failed} errors); first: {report.errors[0].message}",
            {"errors": [e.to_dict() for e in report.errors[:20]]},
        )
    _new_version(unit, watchlist, "import", source, report.counts())
    unit.record("watchlist.import", OBJECT_TYPE, watchlist.id, {"version": report.version})
    unit.session.flush()
    return report


def import_file(
    unit: Unit, watchlist_id: str, lines: Iterable[str], *, format: str, source: str | None = None
) -> ImportReport:
    """Parse ``lines`` (e.g. an open file) with the importer named ``format`` and import them."""
    get_watchlist(unit, watchlist_id, write=True)  # NotFound before any parsing
    importer = get_importer(format)
    return import_entries(unit, watchlist_id, importer.parse(lines), source=source)


def import_records(
    unit: Unit,
    watchlist_id: str,
    records: Iterable[Mapping[str, Any]],
    *,
    format: str = "lawbridge",
    source: str | None = None,
) -> ImportReport:
    """Import already-decoded JSON items (e.g. an API body's list) in ``format``."""
    get_watchlist(unit, watchlist_id, write=True)  # NotFound before any parsing
    if format == "lawbridge":
        items: Iterable[ParsedItem] = (
            item_from_mapping(r, n)
            if isinstance(r, Mapping)
            else ItemError(n, f"line {n}: not an object")
            for n, r in enumerate(records, start=1)
        )
    else:
        lines = (json.dumps(r) + "\n" for r in records)
        items = get_importer(format).parse(lines)
    return import_entries(unit, watchlist_id, items, source=source)


# --- Entries -----------------------------------------------------------------------------------


def list_entries(
    unit: Unit,
    watchlist_id: str,
    *,
    include_delisted: bool = False,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[WatchlistEntry]:
    """A list's entries by name; ``q`` filters on the name or the list's own id (substring)."""
    watchlist = get_watchlist(unit, watchlist_id)
    query = select(WatchlistEntry).where(WatchlistEntry.watchlist_id == watchlist.id)
    if not include_delisted:
        query = query.where(WatchlistEntry.status == EntryStatus.ACTIVE.value)
    if q and q.strip():
        needle = q.strip().lower()
        query = query.where(
            or_(
                func.lower(WatchlistEntry.name).contains(needle, autoescape=True),
                func.lower(WatchlistEntry.external_id).contains(needle, autoescape=True),
            )
        )
    query = query.order_by(WatchlistEntry.name, WatchlistEntry.id).limit(limit).offset(offset)
    return list(unit.session.scalars(query))


def count_entries(unit: Unit, watchlist_id: str, *, include_delisted: bool = False) -> int:
    watchlist = get_watchlist(unit, watchlist_id)
    query = select(func.count()).where(WatchlistEntry.watchlist_id == watchlist.id)
    if not include_delisted:
        query = query.where(WatchlistEntry.status == EntryStatus.ACTIVE.value)
    return int(unit.session.scalar(query) or 0)


def get_entry(unit: Unit, entry_id: str, *, write: bool = False) -> WatchlistEntry:
    """One entry of a list the actor can see; NotFound otherwise."""
    entry = unit.session.get(WatchlistEntry, entry_id)
    if entry is None:
        raise NotFound(f"no {ENTRY_TYPE} '{entry_id}'")
    try:
        get_watchlist(unit, entry.watchlist_id, write=write)
    except NotFound:
        raise NotFound(f"no {ENTRY_TYPE} '{entry_id}'") from None
    if write:
        unit.lock(entry)  # as it stands under the list's lock (delisted meanwhile?)
    return entry


def entry_record(entry: WatchlistEntry) -> PersonRecord:
    """The entry's person record, as the engine takes it."""
    return PersonRecord.from_dict(entry.record)


def delist_entry(
    unit: Unit, entry_id: str, *, reason: str, route: str | None = None
) -> WatchlistEntry:
    """Take an entry off its list (kept, never deleted); the list gets a new version.

    ``route`` says how: returned_extradited, returned_removed, returned_surrendered, withdrawn,
    deceased or other. Delisted entries never alert. Delisting twice is InvalidTransition.
    """
    entry = get_entry(unit, entry_id, write=True)
    clean_reason = _clean_text(reason, "reason", MAX_TEXT)
    if clean_reason is None:
        raise InvalidInput("a reason is required to delist an entry", {"field": "reason"})
    chosen = parse_enum(DelistRoute, route, "route").value if route is not None else None
    if entry.status == EntryStatus.DELISTED:
        raise InvalidTransition(f"entry '{entry.id}' is already delisted")
    watchlist = unit.session.get_one(Watchlist, entry.watchlist_id)
    entry.status, entry.delisted_at = EntryStatus.DELISTED.value, utcnow()
    entry.delist_reason, entry.delist_route = clean_reason, chosen
    counts = {"delisted": 1, "entry": entry.id, "route": chosen}
    version = _new_version(unit, watchlist, "delist", None, counts)
    payload = {"watchlist": watchlist.id, "version": version, "route": chosen}
    unit.record("watchlist_entry.delist", ENTRY_TYPE, entry.id, payload | {"reason": clean_reason})
    return entry


# --- FtM export --------------------------------------------------------------------------------

TOPICS = {
    WatchlistKind.RED_NOTICE: ["wanted"],
    WatchlistKind.FUGITIVE_LIST: ["wanted"],
    WatchlistKind.SANCTIONS: ["sanction"],
    WatchlistKind.INTERNAL: [],
}


def entry_to_ftm(entry: WatchlistEntry, kind: str) -> dict[str, Any]:
    """One entry as an FtM ``Person`` entity (``{"id", "schema", "properties"}``, values lists)."""
    record = entry.record
    properties: dict[str, list[str]] = {"name": [record["name"]]}
    if record.get("aliases"):
        properties["alias"] = list(record["aliases"])
    simple = {"birth_date": "birthDate", "gender": "gender", "id_number": "idNumber"}
    for ours, theirs in simple.items():
        if record.get(ours):
            properties[theirs] = [record[ours]]
    if record.get("nationality"):
        properties["nationality"] = [record["nationality"].lower()]
    if topics := TOPICS.get(WatchlistKind(kind), []):
        properties["topics"] = list(topics)
    if entry.legal_basis:
        properties["notes"] = [entry.legal_basis]
    if entry.source and entry.source.startswith(("http://", "https://")):
        properties["sourceUrl"] = [entry.source]
    properties["modifiedAt"] = [entry.updated_at.strftime("%Y-%m-%dT%H:%M:%S")]
    return {"id": f"lb-entry-{entry.id}", "schema": "Person", "properties": properties}


def export_ftm(
    unit: Unit, watchlist_id: str, *, include_delisted: bool = False
) -> Iterator[dict[str, Any]]:
    """The list's entries as FtM Person entities, one dict per entity (write them as JSON Lines).

    Access is checked now; the entities stream while the caller's unit stays open.
    """
    watchlist = get_watchlist(unit, watchlist_id)
    return _ftm_entities(unit, watchlist, include_delisted)


def _ftm_entities(
    unit: Unit, watchlist: Watchlist, include_delisted: bool
) -> Iterator[dict[str, Any]]:
    query = select(WatchlistEntry).where(WatchlistEntry.watchlist_id == watchlist.id)
    if not include_delisted:
        query = query.where(WatchlistEntry.status == EntryStatus.ACTIVE.value)
    for entry in unit.session.scalars(query.order_by(WatchlistEntry.external_id)):
        yield entry_to_ftm(entry, watchlist.kind)
