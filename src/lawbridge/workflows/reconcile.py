"""Reconciliation (the W3C Entity Reconciliation API that OpenRefine speaks) over one watchlist.

An analyst's spreadsheet column of names is matched against a list's *active* entries with the same
engine and index screening uses, but nothing is stored: a reconciliation is a lookup, not a screening,
so it makes no potential matches, no review work and (like every other read) no audit event. Access is
a list's ordinary read access: the owner party's and those it shared the list with; any other list id
is NotFound.

Entities are the list's entries (type ``Person``), identified by the entry id. Query properties map
onto RECORD fields (:data:`PROPERTIES`); unknown property ids are ignored, as the spec allows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from lawbridge.domain.roles import Permission
from lawbridge.domain.screening import EntryStatus
from lawbridge.engines.names import Candidate, PersonRecord
from lawbridge.errors import InvalidInput, NotFound
from lawbridge.store.models import Watchlist, WatchlistEntry
from lawbridge.workflows import screening, watchlists
from lawbridge.workflows.unit import Unit

TYPE_ID = "Person"
MAX_QUERIES = 200
MAX_LIMIT = 25
DEFAULT_LIMIT = 5
# Candidates scoring below this are noise in a reconciliation list.
FLOOR = 0.4


@dataclass(frozen=True, slots=True)
class Property:
    id: str
    name: str
    field: str
    description: str


PROPERTIES: tuple[Property, ...] = (
    Property("alias", "Alias", "aliases", "Another name or spelling of the person"),
    Property("birthDate", "Birth date", "birth_date", "YYYY, YYYY-MM or YYYY-MM-DD"),
    Property("nationality", "Nationality", "nationality", "ISO 3166-1 alpha-2 country code"),
    Property("gender", "Gender", "gender", "male, female or other"),
    Property("idNumber", "Identifier", "id_number", "Passport or identity document number"),
)
# Extra columns data extension can add besides the RECORD fields.
ENTRY_PROPERTIES: tuple[Property, ...] = (
    Property("externalId", "List id", "external_id", "The list's own id of the entry"),
    Property("legalBasis", "Legal basis", "legal_basis", "Warrant, court and article"),
    Property("status", "Status", "status", "active or delisted"),
)
BY_ID = {p.id: p for p in (*PROPERTIES, *ENTRY_PROPERTIES)}


@dataclass(frozen=True, slots=True)
class Query:
    """One reconciliation query: a name and property constraints (``pid`` → values)."""

    query: str | None
    limit: int = DEFAULT_LIMIT
    properties: Mapping[str, Sequence[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Match:
    """One candidate: the entry, its score in [0, 1], whether it is a match at the list's threshold."""

    entry: WatchlistEntry
    score: float
    match: bool
    explanation: dict[str, Any]


def get_list(unit: Unit, watchlist_id: str) -> Watchlist:
    """The list, if the actor's party may read it (NotFound otherwise)."""
    unit.require(Permission.READ_RECORDS)
    return watchlists.get_watchlist(unit, watchlist_id)


def to_record(key: str, query: Query) -> PersonRecord | None:
    """The RECORD a query stands for; None when it has no name (we match on names).

    A malformed value of a known property (a date like 1985-13-40, an unknown country) is
    InvalidInput naming the query and the property.
    """
    if not query.query or not query.query.strip():
        return None
    data: dict[str, Any] = {"name": query.query.strip()}
    for pid, values in query.properties.items():
        known = BY_ID.get(pid)
        if known is None or known not in PROPERTIES or not values:
            continue
        data[known.field] = list(values) if known.field == "aliases" else values[0]
    try:
        return PersonRecord.from_dict(data)
    except InvalidInput as exc:
        raise InvalidInput(f"query '{key}': {exc.message}", {"query": key, **exc.details}) from exc


def _matches(unit: Unit, watchlist: Watchlist, candidates: Iterable[Candidate]) -> list[Match]:
    threshold = watchlists.threshold_of(watchlist)
    found = []
    for candidate in candidates:
        entry = unit.session.get(WatchlistEntry, candidate.id)
        if entry is None or entry.status != EntryStatus.ACTIVE:
            continue  # delisted since the index was built
        explanation = candidate.comparison.explanation
        found.append(Match(entry, candidate.score, candidate.alert(threshold), explanation))
    return found


def reconcile(
    unit: Unit, watchlist_id: str, queries: Mapping[str, Query]
) -> dict[str, list[Match]]:
    """Candidates for every query of a batch, best first; nothing is written."""
    watchlist = get_list(unit, watchlist_id)
    if len(queries) > MAX_QUERIES:
        raise InvalidInput(f"at most {MAX_QUERIES} queries in one batch", {"field": "queries"})
    records = {key: to_record(key, query) for key, query in queries.items()}
    index = screening.INDEXES.get(unit, watchlist, screening.default_matcher())
    results: dict[str, list[Match]] = {}
    for key, record in records.items():
        if record is None:
            results[key] = []
            continue
        limit = max(1, min(queries[key].limit, MAX_LIMIT))
        results[key] = _matches(unit, watchlist, index.search(record, limit=limit, floor=FLOOR))
    return results


def suggest_entities(
    unit: Unit, watchlist_id: str, prefix: str, *, limit: int = 10
) -> list[WatchlistEntry]:
    """Active entries whose name or list id contains ``prefix`` (for OpenRefine's auto-complete)."""
    get_list(unit, watchlist_id)
    if not prefix.strip():
        return []
    return watchlists.list_entries(unit, watchlist_id, q=prefix, limit=max(1, min(limit, 50)))


def suggest_properties(prefix: str) -> list[Property]:
    folded = prefix.strip().casefold()
    return [
        p for p in (*PROPERTIES, *ENTRY_PROPERTIES) if folded in (p.id + " " + p.name).casefold()
    ]


def entries(unit: Unit, watchlist_id: str, ids: Sequence[str]) -> dict[str, WatchlistEntry]:
    """Entries of this list among ``ids`` (active or delisted); ids of anything else are left out."""
    watchlist = get_list(unit, watchlist_id)
    wanted = [i for i in dict.fromkeys(ids) if isinstance(i, str)][:MAX_QUERIES]
    query = select(WatchlistEntry).where(
        WatchlistEntry.watchlist_id == watchlist.id, WatchlistEntry.id.in_(wanted)
    )
    return {entry.id: entry for entry in unit.session.scalars(query)}


def get_entry(unit: Unit, watchlist_id: str, entry_id: str) -> WatchlistEntry:
    """One entry of this list (active or delisted); NotFound for any other id."""
    entry = entries(unit, watchlist_id, [entry_id]).get(entry_id)
    if entry is None:
        raise NotFound(f"no {watchlists.ENTRY_TYPE} '{entry_id}'")
    return entry


def property_values(entry: WatchlistEntry, pid: str) -> list[str]:
    """The values of one property of an entry, as strings (an unknown property has none)."""
    known = BY_ID.get(pid)
    if known is None:
        return []
    if known in ENTRY_PROPERTIES:
        value = getattr(entry, known.field)
        return [str(value)] if value else []
    value = entry.record.get(known.field)
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value else []


def extend(
    unit: Unit, watchlist_id: str, ids: Sequence[str], properties: Sequence[str]
) -> dict[str, dict[str, list[str]]]:
    """Data extension: ``{entry id: {property id: [values]}}``; unknown ids get empty rows."""
    found = entries(unit, watchlist_id, ids)
    rows: dict[str, dict[str, list[str]]] = {}
    for entry_id in ids:
        entry = found.get(entry_id)
        rows[entry_id] = {pid: property_values(entry, pid) if entry else [] for pid in properties}
    return rows
