"""Watchlist and screening vocabulary: list kinds, delisting routes and the hit review machine.

A potential match starts ``open``. A reviewer confirms, dismisses or escalates it; an escalated match
is then confirmed or dismissed (by someone more senior, by convention). Confirmed and dismissed are
terminal: a new decision needs an explicit ``reopen``, which returns the match to ``open``::

    open ──confirm──▶ confirmed ◀──confirm── escalated
      │  ──dismiss──▶ dismissed ◀──dismiss──    ▲
      └──────────────escalate────────────────────┘
    confirmed | dismissed ──reopen──▶ open
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

from lawbridge.errors import InvalidInput, InvalidTransition


class WatchlistKind(StrEnum):
    RED_NOTICE = "red_notice"
    FUGITIVE_LIST = "fugitive_list"
    SANCTIONS = "sanctions"
    INTERNAL = "internal"


class EntryStatus(StrEnum):
    ACTIVE = "active"
    DELISTED = "delisted"


class DelistRoute(StrEnum):
    """Why a person left a list. Fugitives who came back are delisted, never deleted."""

    RETURNED_EXTRADITED = "returned_extradited"
    RETURNED_REMOVED = "returned_removed"
    RETURNED_SURRENDERED = "returned_surrendered"
    WITHDRAWN = "withdrawn"
    DECEASED = "deceased"
    OTHER = "other"


class MatchStatus(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    ESCALATED = "escalated"


class Decision(StrEnum):
    CONFIRM = "confirm"
    DISMISS = "dismiss"
    ESCALATE = "escalate"
    REOPEN = "reopen"


class Judgement(StrEnum):
    """nomenklatura's judgement vocabulary, used when matches are exported."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    UNSURE = "unsure"
    NO_JUDGEMENT = "no_judgement"


TRANSITIONS: dict[tuple[MatchStatus, Decision], MatchStatus] = {
    (MatchStatus.OPEN, Decision.CONFIRM): MatchStatus.CONFIRMED,
    (MatchStatus.OPEN, Decision.DISMISS): MatchStatus.DISMISSED,
    (MatchStatus.OPEN, Decision.ESCALATE): MatchStatus.ESCALATED,
    (MatchStatus.ESCALATED, Decision.CONFIRM): MatchStatus.CONFIRMED,
    (MatchStatus.ESCALATED, Decision.DISMISS): MatchStatus.DISMISSED,
    (MatchStatus.CONFIRMED, Decision.REOPEN): MatchStatus.OPEN,
    (MatchStatus.DISMISSED, Decision.REOPEN): MatchStatus.OPEN,
}

JUDGEMENTS: dict[MatchStatus, Judgement] = {
    MatchStatus.OPEN: Judgement.NO_JUDGEMENT,
    MatchStatus.ESCALATED: Judgement.UNSURE,
    MatchStatus.CONFIRMED: Judgement.POSITIVE,
    MatchStatus.DISMISSED: Judgement.NEGATIVE,
}


E = TypeVar("E", bound=StrEnum)


def parse_enum(kind: type[E], value: str, field: str) -> E:
    """``value`` as a member of ``kind``, or InvalidInput listing the choices."""
    try:
        return kind(value)
    except ValueError as exc:
        choices = ", ".join(member.value for member in kind)
        raise InvalidInput(f"{field} must be one of: {choices}", {"field": field}) from exc


def next_status(current: str, decision: str) -> MatchStatus:
    """The status a match moves to under ``decision``, or InvalidTransition."""
    status = MatchStatus(current)
    chosen = parse_enum(Decision, decision, "decision")
    try:
        return TRANSITIONS[(status, chosen)]
    except KeyError:
        raise InvalidTransition(
            f"a {status.value} match cannot be given the decision '{chosen.value}'",
            {"status": status.value, "decision": chosen.value},
        ) from None


def stable_hash(value: Any) -> str:
    """SHA-256 of ``value`` as sorted, compact JSON (imported values need not fit RFC 8785)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def record_fingerprint(record: Mapping[str, Any]) -> str:
    """SHA-256 of a screened RECORD, insensitive to case, spacing, width and alias order.

    Two screenings of the same person record share a fingerprint, which is what lets a dismissed
    potential match stay dismissed when the record is screened again.
    """
    folded = dict(record)
    folded["name"] = _fold(str(record.get("name", "")))
    folded["aliases"] = sorted({_fold(str(a)) for a in record.get("aliases", ())})
    folded = {k: v for k, v in folded.items() if v not in (None, "", [])}
    return stable_hash(folded)


def entry_content_hash(
    record: Mapping[str, Any],
    legal_basis: str | None,
    source: str | None,
    extra: Mapping[str, Any],
) -> str:
    """SHA-256 of everything an import stores for an entry: a change makes the entry 'updated'."""
    content = {"record": dict(record), "legal_basis": legal_basis, "source": source}
    content["extra"] = dict(extra)
    return stable_hash(content)
