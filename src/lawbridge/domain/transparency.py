"""Verifiable transparency reports of a provider: the pure part (period, tallies, checks, CSV).

A report counts **items** (a lawful request received, a submission refused, a moderation decision,
a restriction with its DSA statement of reasons, a complaint) for a period ``[start, end)``; every
item names the audit-log events (leaves of the RFC 6962 Merkle tree) it rests on. The report
carries the tree head (size, root) it was computed at and, for every leaf it names, the leaf hash
and its inclusion path, so anyone holding the report can check it with :func:`check_report`
(or any RFC 6962 verifier) without the database; a consistency proof between two reports' tree
heads shows the later log extends the earlier one.

Nothing in a report is personal data: items carry categories, counts and durations, never ids of
requests, posts, accounts or subjects. The only times in it are the period's bounds. The same
period at the same tree size gives the same bytes (:func:`report_bytes`: RFC 8785 canonical JSON).

Field names follow the EU DSA where it has one (Art. 15(1)(a) orders and the median time to
inform the authority of receipt and to give effect; Art. 15(1)(c)/(e) own-initiative moderation
and automated means; Art. 15(1)(d) and Art. 20 complaints and reversals; Art. 24(5) statements
of reasons: ``category``, ``automated_detection``, ``automated_decision``,
``decision_visibility``, ``source_type``); the rest follow the Santa Clara Principles and the
Ranking Digital Rights indicators (F7 user-data demands, F6 content demands).
"""

from __future__ import annotations

import csv
import io
import json
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any

from lawbridge.domain import audit as rules
from lawbridge.errors import InvalidInput

FORMAT = "lawbridge.transparency-report.v1"
EMERGENCY = "emergency_disclosure"
ORDER_TO_ACT = "takedown_order"
ORDERS_FOR_INFORMATION = frozenset({"data_disclosure", "emergency_disclosure", "preservation"})


class Outcome(StrEnum):
    """What became of a request (RDR F7.3: compliance; Santa Clara: government demands)."""

    PRODUCED = "produced"  # data produced for every account named
    PARTLY = "partly"  # data produced for some of the accounts named
    NONE = "none"  # answered, no data produced
    PRESERVED = "preserved"  # a preservation request: the data was preserved
    REJECTED = "rejected"
    PENDING = "pending"  # not yet answered at the report's tree size


class Kind(StrEnum):
    REQUEST = "request"
    REFUSED = "refused_submission"
    DECISION = "decision"
    RESTRICTION = "restriction"
    COMPLAINT = "complaint"


BASIS = {
    "requests": "DSA Art. 15(1)(a) (orders under Art. 9 and 10); RDR F7.1-F7.3; Santa Clara "
    "Principles 1.1 (government demands)",
    "requests.refused_submissions": "requests refused before intake: forged, replayed, unsigned "
    "or unverifiable (not counted as requests)",
    "moderation.decisions": "DSA Art. 15(1)(c): content moderation at the provider's own "
    "initiative, by category and automation; by_origin keeps decisions executing an "
    "authority's takedown order (state_order, Art. 15(1)(a)) apart",
    "moderation.statements_of_reasons": "DSA Art. 24(5) and Art. 17: restrictions with their "
    "statements of reasons; Santa Clara Principles 1 (numbers) by detection route",
    "moderation.complaints": "DSA Art. 15(1)(d) and Art. 20: complaints, their outcome, median "
    "time and decisions reversed; Santa Clara Principles 1.2 (appeals, content restored)",
}


# --- The period -----------------------------------------------------------------------------------


def parse_moment(value: str | datetime | date | None, field: str) -> datetime:
    """A date (midnight UTC) or an ISO 8601 time (naive = UTC) as an aware UTC datetime."""
    if value is None or value == "":
        raise InvalidInput(f"{field} is required (a date or an ISO 8601 time)", {"field": field})
    if isinstance(value, datetime):
        return rules.as_utc(value)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=UTC)
    text = str(value).strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(0), tzinfo=UTC)
        return rules.as_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        raise InvalidInput(
            f"{field} must be a date (YYYY-MM-DD) or an ISO 8601 time", {"field": field}
        ) from None


def parse_period(
    start: str | datetime | date | None, end: str | datetime | date | None
) -> tuple[datetime, datetime]:
    """``[start, end)`` in UTC; the end must come after the start."""
    first, last = parse_moment(start, "start"), parse_moment(end, "end")
    if last <= first:
        raise InvalidInput("the period must end after it starts", {"field": "end"})
    return first, last


def within(moment: datetime, period: tuple[datetime, datetime]) -> bool:
    return period[0] <= rules.as_utc(moment) < period[1]


def hours_between(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return round((rules.as_utc(end) - rules.as_utc(start)).total_seconds() / 3600, 3)


# --- Tallies --------------------------------------------------------------------------------------


def _count(items: Iterable[Mapping[str, Any]], key: str) -> dict[str, int]:
    return dict(sorted(Counter(str(item[key]) for item in items).items()))


def _median(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 3) if present else None


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _of(items: Sequence[Mapping[str, Any]], kind: Kind) -> list[Mapping[str, Any]]:
    return [item for item in items if item["kind"] == kind.value]


def _requests(items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    requests = _of(items, Kind.REQUEST)
    refused = _of(items, Kind.REFUSED)
    by_type_outcome: dict[str, dict[str, int]] = {}
    for kind in sorted({r["type"] for r in requests}):
        by_type_outcome[kind] = _count([r for r in requests if r["type"] == kind], "outcome")
    emergency = sum(r["type"] == EMERGENCY for r in requests)
    return {
        "received": len(requests),
        "by_type": _count(requests, "type"),
        "by_country": _count(requests, "country"),
        "by_legal_process": _count(requests, "legal_process"),
        "by_outcome": _count(requests, "outcome"),
        "by_type_and_outcome": by_type_outcome,
        "orders_to_act": sum(r["type"] == ORDER_TO_ACT for r in requests),
        "orders_to_provide_information": sum(r["type"] in ORDERS_FOR_INFORMATION for r in requests),
        "accounts_specified": sum(int(r["accounts"]) for r in requests),
        "emergency": emergency,
        "emergency_share": _share(emergency, len(requests)),
        "acknowledged": sum(r["hours_to_acknowledge"] is not None for r in requests),
        "median_time_to_acknowledge_hours": _median(r["hours_to_acknowledge"] for r in requests),
        "answered": sum(r["hours_to_act"] is not None for r in requests),
        "median_time_to_give_effect_hours": _median(r["hours_to_act"] for r in requests),
        "refused_submissions": {"total": len(refused), "by_failure": _count(refused, "failure")},
    }


def _automation(items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return {
        "total": len(items),
        "by_category": _count(items, "category"),
        "by_automated_detection": _count(items, "automated_detection"),
        "by_automated_decision": _count(items, "automated_decision"),
    }


def _moderation(items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    restrictions = _of(items, Kind.RESTRICTION)
    complaints = _of(items, Kind.COMPLAINT)
    decided = [c for c in complaints if c["outcome"] != "open"]
    return {
        "decisions": _automation(_of(items, Kind.DECISION))
        | {"by_origin": _count(_of(items, Kind.DECISION), "origin")},
        "statements_of_reasons": _automation(restrictions)
        | {
            "by_decision_visibility": _count(restrictions, "decision_visibility"),
            "by_source_type": _count(restrictions, "source_type"),
            "by_detection_route": _count(restrictions, "detection_route"),
        },
        "complaints": {
            "received": len(complaints),
            "decided": len(decided),
            "by_outcome": _count(complaints, "outcome"),
            "decisions_reversed": sum(c["outcome"] == "upheld" for c in complaints),
            "content_restored": sum(int(c["restored"]) for c in complaints),
            "median_time_to_decide_hours": _median(c["hours_to_decide"] for c in complaints),
        },
    }


def tally(items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The counts a report publishes, computed from its items alone."""
    return {"requests": _requests(items), "moderation": _moderation(items)}


# --- The report -----------------------------------------------------------------------------------


def sort_items(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Chain order (first leaf), then kind, then content: one order for the same items."""
    return sorted(items, key=lambda i: (i["leaves"], i["kind"], rules.canonical_json(i)))


def assemble(
    provider: Mapping[str, str],
    period: tuple[datetime, datetime],
    tree: tuple[int, str],
    items: Iterable[dict[str, Any]],
    evidence: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """The report: provider, period, tree head, counts, items and the evidence of every leaf."""
    ordered = sort_items(items)
    return {
        "format": FORMAT,
        "provider": dict(provider),
        "period": {"start": rules.format_time(period[0]), "end": rules.format_time(period[1])},
        "tree_head": {"tree_size": tree[0], "root_hash": tree[1]},
        **tally(ordered),
        "basis": BASIS,
        "items": ordered,
        "evidence": sorted(evidence, key=lambda e: int(e["index"])),
    }


def inclusion_paths(indices: Iterable[int], leaves: Sequence[bytes]) -> dict[int, list[bytes]]:
    """RFC 6962 PATH(m, D[n]) of many leaves at once: for each, what ``audit.inclusion_path``
    gives, with every subtree root computed once by ``audit.merkle_root`` (k paths cost
    O(n log n) hashes, not O(k n))."""
    roots: dict[tuple[int, int], bytes] = {}

    def root(lo: int, hi: int) -> bytes:
        if (lo, hi) not in roots:
            roots[lo, hi] = rules.merkle_root(leaves[lo:hi])
        return roots[lo, hi]

    def path(m: int) -> list[bytes]:
        lo, hi, upward = 0, len(leaves), []
        while hi - lo > 1:
            k = 1 << ((hi - lo - 1).bit_length() - 1)  # largest power of two below hi - lo
            if m < lo + k:
                upward.append(root(lo + k, hi))
                hi = lo + k
            else:
                upward.append(root(lo, lo + k))
                lo += k
        return upward[::-1]

    wanted = list(indices)
    if any(not 0 <= m < len(leaves) for m in wanted):
        raise ValueError(f"a leaf is outside a tree of {len(leaves)}")
    return {m: path(m) for m in wanted}


def leaves_of(items: Iterable[Mapping[str, Any]]) -> list[int]:
    return sorted({int(leaf) for item in items for leaf in item["leaves"]})


def report_bytes(report: Mapping[str, Any]) -> bytes:
    """The canonical bytes of a report (RFC 8785), newline-terminated."""
    return rules.canonical_json(report) + b"\n"


def parse_report(data: bytes | str) -> dict[str, Any]:
    try:
        report = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"not a JSON report ({exc})") from None
    if not isinstance(report, dict) or report.get("format") != FORMAT:
        raise InvalidInput(f"not a transparency report (format {FORMAT})")
    for key in ("provider", "period", "tree_head", "items", "evidence", "requests", "moderation"):
        if key not in report:
            raise InvalidInput(f"the report lacks '{key}'")
    return report


# --- Checking a report ----------------------------------------------------------------------------


def _proof_problem(entry: Mapping[str, Any], size: int, root: bytes) -> str | None:
    try:
        index, leaf = int(entry["index"]), bytes.fromhex(entry["leaf_hash"])
        path = [bytes.fromhex(h) for h in entry["path"]]
    except (KeyError, TypeError, ValueError):
        return f"evidence entry {entry!r:.80} is malformed"
    if not rules.verify_inclusion(index, size, leaf, path, root):
        return f"leaf {index} is not in the tree of {size} with the report's root"
    return None


def check_report(report: Mapping[str, Any]) -> list[str]:
    """What is wrong with a report, checked from the report alone (empty: it verifies).

    Every leaf an item names has evidence whose inclusion proof verifies against the report's
    root (RFC 9162 §2.1.3.2); the counts are the tally of the items.
    """
    problems: list[str] = []
    try:
        size = int(report["tree_head"]["tree_size"])
        root = bytes.fromhex(report["tree_head"]["root_hash"])
        evidence = {int(e["index"]): e for e in report["evidence"]}
        named = leaves_of(report["items"])
        counts = tally(report["items"])
    except (KeyError, TypeError, ValueError) as exc:
        return [f"the report is malformed ({type(exc).__name__}: {exc})"]
    problems += [f"leaf {i} has no evidence" for i in named if i not in evidence]
    problems += [f"evidence for leaf {i} no item names" for i in sorted(set(evidence) - set(named))]
    for index in sorted(evidence):
        problem = _proof_problem(evidence[index], size, root)
        if problem is not None:
            problems.append(problem)
    for section in ("requests", "moderation"):
        if report[section] != counts[section]:
            problems.append(f"the {section} counts are not the tally of the items")
    return problems


# --- CSV ------------------------------------------------------------------------------------------


def _rows(prefix: str, value: Any) -> Iterable[tuple[str, str]]:
    if isinstance(value, Mapping):
        for key in sorted(value):
            yield from _rows(f"{prefix}.{key}" if prefix else str(key), value[key])
    else:
        yield prefix, _cell(value)


def _cell(value: Any) -> str:
    """Text as is; a number as its canonical JSON (0.0 and 0 alike); nothing for null."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return rules.canonical_json(value).decode("utf-8")


def report_csv(report: Mapping[str, Any]) -> str:
    """The counts as ``measure,value`` rows (dotted paths, sorted), then one row per leaf."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["measure", "value"])
    head = {k: report[k] for k in ("format", "provider", "period", "tree_head")}
    for measure, value in _rows("", head | {k: report[k] for k in ("requests", "moderation")}):
        writer.writerow([measure, value])
    for entry in report["evidence"]:
        writer.writerow([f"leaf.{entry['index']}", entry["leaf_hash"]])
    return buffer.getvalue()
