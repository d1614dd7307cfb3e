"""Screening: one person record against watchlists; potential matches and their review.

:func:`screen_record` searches every list the actor's party can see (its own and shared ones) with
the names engine's :class:`NameIndex`. A candidate scoring at or above its list's threshold becomes a
**potential match** (status ``open``) for a reviewer, who confirms, dismisses or escalates it with a
reason (:func:`decide`, needs ``Permission.REVIEW``).

Dismissal memory: a potential match is unique per (party, fingerprint of the screened record,
entry, entry content hash). Screening the same record again finds the existing match (whatever its
status) instead of alerting again; only a change of the entry's content (a new hash) alerts anew.
Delisted entries are never in an index and never alert.

Screenings and potential matches belong to the screening party and are never shared: another
party's ids answer NotFound. Every change writes an audit event; each match and decision records the
matcher's NAME and config hash.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.exc import IntegrityError

from lawbridge.domain.roles import Permission
from lawbridge.domain.screening import (
    JUDGEMENTS,
    EntryStatus,
    MatchStatus,
    WatchlistKind,
    next_status,
    parse_enum,
    record_fingerprint,
)
from lawbridge.engines.names import Candidate, Matcher, PersonRecord
from lawbridge.errors import InvalidInput, NotFound
from lawbridge.store.models import (
    MatchDecision,
    PotentialMatch,
    Screening,
    Watchlist,
    WatchlistEntry,
    utcnow,
)
from lawbridge.workflows import watchlists
from lawbridge.workflows.screening_index import INDEXES as INDEXES
from lawbridge.workflows.screening_index import default_matcher as default_matcher
from lawbridge.workflows.screening_index import search_current
from lawbridge.workflows.unit import Unit

SCREENING_TYPE = "screening"
MATCH_TYPE = "potential_match"
MAX_LIMIT = 100
MAX_REASON = 20_000
MAX_SUBJECT_REF = 200
# Candidates scoring below this are not worth showing even when no list alerts.
CANDIDATE_FLOOR = 0.5


# --- Screening ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    """One candidate of a screening; ``match_id`` is set when it alerted (new or remembered)."""

    watchlist_id: str
    entry_id: str
    external_id: str
    name: str
    score: float
    threshold: float
    alert: bool
    match_id: str | None = None
    match_status: str | None = None
    new: bool = False
    explanation: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "watchlist_id": self.watchlist_id,
            "entry_id": self.entry_id,
            "external_id": self.external_id,
            "score": self.score,
            "threshold": self.threshold,
            "alert": self.alert,
            "match_id": self.match_id,
            "match_status": self.match_status,
            "new": self.new,
        }


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """A screening and its candidates, best first. ``new_alerts`` are the matches it created."""

    screening: Screening
    hits: list[Hit]

    @property
    def alerts(self) -> list[Hit]:
        return [hit for hit in self.hits if hit.alert]

    @property
    def new_alerts(self) -> list[Hit]:
        return [hit for hit in self.hits if hit.new]


def _lists_to_screen(unit: Unit, watchlist_ids: Sequence[str] | None) -> list[Watchlist]:
    if watchlist_ids is None:
        query = select(Watchlist).where(watchlists.visible(unit)).order_by(Watchlist.id)
        return list(unit.session.scalars(query))
    unique = list(dict.fromkeys(watchlist_ids))
    return [watchlists.get_watchlist(unit, watchlist_id) for watchlist_id in unique]


def _candidates(
    unit: Unit, record: PersonRecord, lists: list[Watchlist], limit: int, matcher: Matcher
) -> list[tuple[Watchlist, Candidate]]:
    found: list[tuple[Watchlist, Candidate]] = []
    for watchlist in lists:
        floor = min(CANDIDATE_FLOOR, watchlists.threshold_of(watchlist))
        index, version = INDEXES.lookup(unit, watchlist, matcher)
        candidates = search_current(
            unit, watchlist, index, version, record, limit=limit, floor=floor, matcher=matcher
        )
        found.extend((watchlist, c) for c in candidates)
    found.sort(key=lambda pair: (-pair[1].score, pair[0].id, pair[1].id))
    return found[:limit]


def _remembered(
    unit: Unit, party_id: str, fingerprint: str, entry: WatchlistEntry
) -> PotentialMatch | None:
    return unit.session.scalar(
        select(PotentialMatch).where(
            PotentialMatch.party_id == party_id,
            PotentialMatch.fingerprint == fingerprint,
            PotentialMatch.entry_id == entry.id,
            PotentialMatch.entry_hash == entry.content_hash,
        )
    )


def _new_match(
    screening: Screening,
    entry: WatchlistEntry,
    candidate: Candidate,
    threshold: float,
    matcher: Matcher,
) -> PotentialMatch:
    return PotentialMatch(
        party_id=screening.party_id,
        screening_id=screening.id,
        watchlist_id=entry.watchlist_id,
        entry_id=entry.id,
        fingerprint=screening.fingerprint,
        entry_hash=entry.content_hash,
        entry_record=dict(entry.record),
        score=candidate.score,
        threshold=threshold,
        explanation=candidate.comparison.explanation,
        status=MatchStatus.OPEN.value,
        matcher=matcher.NAME,
        config_hash=matcher.config_hash,
    )


def _open_match(
    unit: Unit,
    screening: Screening,
    entry: WatchlistEntry,
    candidate: Candidate,
    threshold: float,
    matcher: Matcher,
) -> tuple[PotentialMatch, bool]:
    """The remembered match for this record and entry content, or a new open one."""
    remembered = _remembered(unit, screening.party_id, screening.fingerprint, entry)
    if remembered is not None:
        return remembered, False
    match = _new_match(screening, entry, candidate, threshold, matcher)
    try:
        with unit.session.begin_nested():
            unit.session.add(match)
            unit.session.flush()
    except IntegrityError:
        # A concurrent screening of the same record stored this match first: use that one.
        remembered = _remembered(unit, screening.party_id, screening.fingerprint, entry)
        if remembered is None:
            raise
        return remembered, False
    payload: dict[str, Any] = {"screening": screening.id, "watchlist": entry.watchlist_id}
    payload |= {"entry": entry.id, "score": candidate.score, "threshold": threshold}
    payload |= {"matcher": matcher.NAME, "config_hash": matcher.config_hash}
    unit.record("potential_match.create", MATCH_TYPE, match.id, payload)
    return match, True


def _hit(
    unit: Unit, screening: Screening, watchlist: Watchlist, candidate: Candidate, matcher: Matcher
) -> Hit | None:
    entry = unit.session.get(WatchlistEntry, candidate.id)
    if entry is None or entry.status != EntryStatus.ACTIVE:
        return None  # delisted since the index was built: never alerts
    threshold = watchlists.threshold_of(watchlist)
    hit = Hit(
        watchlist.id,
        entry.id,
        entry.external_id,
        entry.name,
        candidate.score,
        threshold,
        candidate.alert(threshold),
        explanation=candidate.comparison.explanation,
    )
    if not hit.alert:
        return hit
    match, new = _open_match(unit, screening, entry, candidate, threshold, matcher)
    return replace(hit, match_id=match.id, match_status=match.status, new=new)


def clean_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}", {"field": "limit"})
    return limit


def _new_screening(
    unit: Unit, record: PersonRecord, lists: list[Watchlist], matcher: Matcher, ref: str | None
) -> Screening:
    screening = Screening(
        party_id=unit.actor.party_id,
        subject_ref=ref or None,
        record=record.to_dict(),
        fingerprint=record_fingerprint(record.to_dict()),
        watchlists=[w.id for w in lists],
        matcher=matcher.NAME,
        config_hash=matcher.config_hash,
        created_by=unit.actor.account_id,
    )
    unit.session.add(screening)
    unit.session.flush()
    return screening


def _audit_screening(
    unit: Unit, screening: Screening, lists: list[Watchlist], hits: list[Hit]
) -> None:
    """The screening's audit event: ids, versions, counts and hashes, never the names."""
    payload = {
        "fingerprint": screening.fingerprint,
        "watchlists": [[w.id, w.version] for w in lists],
        "candidates": len(hits),
        "alerts": sum(hit.alert for hit in hits),
        "new_alerts": sum(hit.new for hit in hits),
        "matcher": screening.matcher,
        "config_hash": screening.config_hash,
    }
    unit.record("screening.create", SCREENING_TYPE, screening.id, payload)


def screen_record(
    unit: Unit,
    record: PersonRecord,
    *,
    watchlist_ids: Sequence[str] | None = None,
    subject_ref: str | None = None,
    limit: int = 10,
) -> ScreeningResult:
    """Screen one record against ``watchlist_ids`` (default: every list the party can see).

    Returns at most ``limit`` candidates, best first; those at or above their list's threshold
    are potential matches (new ones open for review, remembered ones as they stand).
    """
    if unit.actor.party_id is None:
        raise InvalidInput("screenings belong to a party; the operator has none")
    unit.require(Permission.WRITE_RECORDS)
    limit = clean_limit(limit)
    if subject_ref is not None and len(subject_ref) > MAX_SUBJECT_REF:
        raise InvalidInput(f"subject_ref must be at most {MAX_SUBJECT_REF} characters")
    lists = _lists_to_screen(unit, watchlist_ids)
    matcher = default_matcher()
    screening = _new_screening(unit, record, lists, matcher, subject_ref)
    hits = [
        hit
        for watchlist, candidate in _candidates(unit, record, lists, limit, matcher)
        if (hit := _hit(unit, screening, watchlist, candidate, matcher)) is not None
    ]
    screening.results = [hit.to_dict() for hit in hits]
    _audit_screening(unit, screening, lists, hits)
    return ScreeningResult(screening, hits)


def _own(unit: Unit, party_id: str) -> bool:
    return unit.actor.is_system or unit.actor.party_id == party_id


def get_screening(unit: Unit, screening_id: str) -> Screening:
    """One of the party's own screenings; NotFound for any other."""
    unit.require(Permission.READ_RECORDS)
    screening = unit.session.get(Screening, screening_id)
    if screening is None or not _own(unit, screening.party_id):
        raise NotFound(f"no {SCREENING_TYPE} '{screening_id}'")
    return screening


def list_screenings(unit: Unit, *, limit: int = 50, offset: int = 0) -> list[Screening]:
    """The party's screenings, newest first."""
    unit.require(Permission.READ_RECORDS)
    query = select(Screening).where(_party_filter(unit, Screening.party_id))
    query = query.order_by(Screening.created_at.desc(), Screening.id)
    return list(unit.session.scalars(query.limit(limit).offset(offset)))


def _party_filter(unit: Unit, column: Any) -> ColumnElement[bool]:
    if unit.actor.is_system:
        return true()
    result: ColumnElement[bool] = column == unit.actor.party_id
    return result


# --- Potential matches and review --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatchView:
    """A potential match with what a reviewer compares side by side."""

    match: PotentialMatch
    screening: Screening
    entry: WatchlistEntry
    watchlist: Watchlist
    decisions: list[MatchDecision]

    @property
    def query_record(self) -> dict[str, Any]:
        return self.screening.record

    @property
    def entry_record(self) -> dict[str, Any]:
        """The entry as it was when it matched (the list may have changed since)."""
        return self.match.entry_record

    @property
    def explanation(self) -> dict[str, Any]:
        return self.match.explanation


def _match_filters(
    unit: Unit, status: str | None, watchlist_id: str | None
) -> list[ColumnElement[bool]]:
    filters = [_party_filter(unit, PotentialMatch.party_id)]
    if status is not None:
        filters.append(PotentialMatch.status == parse_enum(MatchStatus, status, "status").value)
    if watchlist_id is not None:
        filters.append(PotentialMatch.watchlist_id == watchlist_id)
    return filters


def list_potential_matches(
    unit: Unit,
    *,
    status: str | None = None,
    watchlist_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[PotentialMatch]:
    """The party's potential matches (the review queue), newest first, optionally filtered."""
    unit.require(Permission.READ_RECORDS)
    query = select(PotentialMatch).where(*_match_filters(unit, status, watchlist_id))
    query = query.order_by(PotentialMatch.created_at.desc(), PotentialMatch.id)
    return list(unit.session.scalars(query.limit(limit).offset(offset)))


def count_potential_matches(
    unit: Unit, *, status: str | None = None, watchlist_id: str | None = None
) -> int:
    unit.require(Permission.READ_RECORDS)
    filters = _match_filters(unit, status, watchlist_id)
    query = select(func.count()).select_from(PotentialMatch).where(*filters)
    return int(unit.session.scalar(query) or 0)


def _load_match(unit: Unit, match_id: str) -> PotentialMatch:
    match = unit.session.get(PotentialMatch, match_id)
    if match is None or not _own(unit, match.party_id):
        raise NotFound(f"no {MATCH_TYPE} '{match_id}'")
    return match


def decisions_of(unit: Unit, match_id: str) -> list[MatchDecision]:
    query = select(MatchDecision).where(MatchDecision.match_id == match_id)
    return list(unit.session.scalars(query.order_by(MatchDecision.created_at, MatchDecision.id)))


def get_potential_match(unit: Unit, match_id: str) -> MatchView:
    """One of the party's potential matches with the screened record, the entry and the reasons."""
    unit.require(Permission.READ_RECORDS)
    match = _load_match(unit, match_id)
    return MatchView(
        match=match,
        screening=unit.session.get_one(Screening, match.screening_id),
        entry=unit.session.get_one(WatchlistEntry, match.entry_id),
        watchlist=unit.session.get_one(Watchlist, match.watchlist_id),
        decisions=decisions_of(unit, match.id),
    )


def decide(unit: Unit, match_id: str, *, decision: str, reason: str) -> PotentialMatch:
    """Confirm, dismiss or escalate (or reopen a closed) potential match, with a reason.

    Needs ``Permission.REVIEW``. An empty reason is InvalidInput; a decision the state machine
    forbids (e.g. escalating a dismissed match) is InvalidTransition.
    """
    match = _load_match(unit, match_id)
    unit.require(Permission.REVIEW)
    clean_reason = (reason or "").strip()
    if not clean_reason:
        raise InvalidInput("a reason is required for every decision", {"field": "reason"})
    if len(clean_reason) > MAX_REASON:
        raise InvalidInput(f"reason must be at most {MAX_REASON} characters", {"field": "reason"})
    # Two reviewers deciding one match at once: the later waits and decides from the state
    # the earlier left (both passed the state machine from "open" before).
    before = unit.lock(match).status
    after = next_status(before, decision)
    match.status, match.decided_at = after.value, utcnow()
    match.decided_by, match.decision_reason = unit.actor.account_id, clean_reason
    unit.session.add(
        MatchDecision(
            match_id=match.id,
            decision=decision,
            from_status=before,
            to_status=after.value,
            reason=clean_reason,
            decided_by=unit.actor.account_id,
            matcher=match.matcher,
            config_hash=match.config_hash,
        )
    )
    payload: dict[str, Any] = {"decision": decision, "from": before, "to": after.value}
    payload["reason"] = clean_reason
    payload |= {"score": match.score, "matcher": match.matcher, "config_hash": match.config_hash}
    unit.record("potential_match.decide", MATCH_TYPE, match.id, payload)
    return match


# --- FtM export of matches ---------------------------------------------------------------------


def record_to_ftm(entity_id: str, record: dict[str, Any]) -> dict[str, Any]:
    """A RECORD as an FtM Person entity."""
    properties: dict[str, list[str]] = {"name": [record["name"]]}
    if record.get("aliases"):
        properties["alias"] = list(record["aliases"])
    for ours, theirs in (
        ("birth_date", "birthDate"),
        ("gender", "gender"),
        ("id_number", "idNumber"),
    ):
        if record.get(ours):
            properties[theirs] = [record[ours]]
    if record.get("nationality"):
        properties["nationality"] = [str(record["nationality"]).lower()]
    return {"id": entity_id, "schema": "Person", "properties": properties}


def match_to_ftm(view: MatchView) -> list[dict[str, Any]]:
    """The entry and the screened record as FtM Persons, then a nomenklatura-style judgement edge.

    Edge: ``{"source": screened entity id, "target": entry entity id, "judgement":
    positive|negative|unsure|no_judgement, "score", "user", "created_at", "match_id",
    "watchlist_id", "status", "matcher", "config_hash"}`` (confirmed → positive, dismissed →
    negative, escalated → unsure, open → no_judgement).
    """
    match = view.match
    entry_entity = record_to_ftm(f"lb-entry-{view.entry.id}", match.entry_record)
    if topics := watchlists.TOPICS.get(WatchlistKind(view.watchlist.kind)):
        entry_entity["properties"]["topics"] = list(topics)
    query_entity = record_to_ftm(f"lb-screening-{view.screening.id}", view.screening.record)
    edge = {
        "source": query_entity["id"],
        "target": entry_entity["id"],
        "judgement": JUDGEMENTS[MatchStatus(match.status)].value,
        "score": match.score,
        "user": match.decided_by,
        "created_at": (match.decided_at or match.created_at).isoformat(),
        "match_id": match.id,
        "watchlist_id": match.watchlist_id,
        "status": match.status,
        "matcher": match.matcher,
        "config_hash": match.config_hash,
    }
    return [entry_entity, query_entity, edge]


def export_matches_ftm(
    unit: Unit, *, status: str | None = None, watchlist_id: str | None = None
) -> Iterator[dict[str, Any]]:
    """Every matching potential match as FtM lines (see :func:`match_to_ftm`)."""
    unit.require(Permission.READ_RECORDS)
    query = select(PotentialMatch.id).where(*_match_filters(unit, status, watchlist_id))
    ids = list(unit.session.scalars(query.order_by(PotentialMatch.created_at, PotentialMatch.id)))
    return (line for match_id in ids for line in match_to_ftm(get_potential_match(unit, match_id)))
