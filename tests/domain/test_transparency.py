"""The pure part of transparency reports: periods, tallies, batched inclusion paths, the offline
check of a report (with the hashlib-only RFC 6962 verifier of ``merkle_reference``) and the CSV."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from lawbridge.domain import audit
from lawbridge.domain import transparency as rules
from lawbridge.errors import InvalidInput
from tests.domain.merkle_reference import reference_root, verify_inclusion


def leaves(n: int) -> list[bytes]:
    return [hashlib.sha256(b"\x00" + str(i).encode()).digest() for i in range(n)]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13, 32, 33])
def test_batched_paths_are_the_production_paths_and_verify(size: int) -> None:
    tree = leaves(size)
    paths = rules.inclusion_paths(range(size), tree)
    root = reference_root(tree)
    for index, path in paths.items():
        assert path == audit.inclusion_path(index, tree)
        assert verify_inclusion(index, size, tree[index], path, root)
    with pytest.raises(ValueError):
        rules.inclusion_paths([size], tree)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (
            "2026-01-01",
            "2026-07-01",
            (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC)),
        ),
        (
            "2026-01-01T08:00:00+08:00",
            "2026-01-02",
            (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)),
        ),
    ],
)
def test_periods(start: str, end: str, expected: tuple[datetime, datetime]) -> None:
    assert rules.parse_period(start, end) == expected


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-02-30", "2026-03-01"),
        ("soon", "2026-03-01"),
        ("2026-03-01", "2026-03-01"),
        (None, "2026-01-01"),
    ],
)
def test_bad_periods(start: str | None, end: str) -> None:
    with pytest.raises(InvalidInput):
        rules.parse_period(start, end)


def request(**over: Any) -> dict[str, Any]:
    return {
        "kind": "request",
        "leaves": [1],
        "type": "data_disclosure",
        "country": "US",
        "legal_process": "subpoena",
        "outcome": "produced",
        "accounts": 2,
        "hours_to_acknowledge": 1.0,
        "hours_to_act": 10.0,
    } | over


def made_report() -> dict[str, Any]:
    tree = leaves(6)
    items = [
        request(),
        request(
            leaves=[3, 4], type="emergency_disclosure", outcome="partly", hours_to_acknowledge=3.0
        ),
        request(leaves=[5], outcome="pending", hours_to_act=None, hours_to_acknowledge=None),
        {"kind": "refused_submission", "leaves": [2], "failure": "replayed_nonce"},
    ]
    paths = rules.inclusion_paths(rules.leaves_of(items), tree)
    evidence = [
        {"index": i, "leaf_hash": tree[i].hex(), "path": [h.hex() for h in p]}
        for i, p in paths.items()
    ]
    period = rules.parse_period("2026-01-01", "2026-07-01")
    provider = {"party_id": "p", "slug": "p", "name": "P"}
    return rules.assemble(provider, period, (6, reference_root(tree).hex()), items, evidence)


def test_tally() -> None:
    counts = made_report()["requests"]
    assert counts["received"] == 3
    assert counts["by_outcome"] == {"partly": 1, "pending": 1, "produced": 1}
    assert counts["by_type_and_outcome"]["data_disclosure"] == {"pending": 1, "produced": 1}
    assert counts["emergency_share"] == round(1 / 3, 4)
    assert counts["accounts_specified"] == 6
    assert counts["median_time_to_acknowledge_hours"] == 2.0
    assert counts["median_time_to_give_effect_hours"] == 10.0
    assert counts["refused_submissions"] == {"total": 1, "by_failure": {"replayed_nonce": 1}}


def test_check_report_and_its_failures() -> None:
    report = made_report()
    assert rules.check_report(report) == []
    assert rules.report_bytes(report) == rules.report_bytes(json.loads(rules.report_bytes(report)))
    bad = json.loads(rules.report_bytes(report))
    bad["tree_head"]["root_hash"] = "11" * 32
    assert len(rules.check_report(bad)) == 5  # every leaf fails
    bad = json.loads(rules.report_bytes(report))
    bad["items"][0]["outcome"] = "rejected"
    assert rules.check_report(bad) == ["the requests counts are not the tally of the items"]
    bad = json.loads(rules.report_bytes(report))
    del bad["evidence"][0]
    assert rules.check_report(bad) == ["leaf 1 has no evidence"]
    assert rules.check_report({"format": rules.FORMAT})[0].startswith("the report is malformed")


def test_parse_report_refuses_what_is_not_a_report() -> None:
    for data in (b"[]", b"{", json.dumps({"format": "x"}).encode(), b"\xff"):
        with pytest.raises(InvalidInput):
            rules.parse_report(data)


def test_csv_spells_numbers_as_the_json_does() -> None:
    rows = rules.report_csv(made_report()).splitlines()
    assert rows[0] == "measure,value"
    assert "requests.median_time_to_acknowledge_hours,2" in rows
    assert "requests.emergency_share,0.3333" in rows
    assert "period.start,2026-01-01T00:00:00.000000Z" in rows
    assert sum(r.startswith("leaf.") for r in rows) == 5
