"""Transparency reports: the counts of a synthetic quarter, byte-identical regeneration at a tree
size, proofs checked with an RFC 6962 verifier written in the helpers (hashlib only), tampering."""

from __future__ import annotations

import json

import pytest

from lawbridge.domain import transparency as rules
from lawbridge.domain.clocks import SimulatedClock
from lawbridge.errors import AuditIntegrityError, InvalidInput, NotFound, PermissionDenied
from lawbridge.store.db import Database
from lawbridge.workflows import transparency
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, World
from tests.store import audit_tamper as t
from tests.workflows.transparency_helpers import (
    Quarter,
    check_evidence,
    load_quarter,
    moderate,
    new_clock,
    reference_root,
    verify_consistency,
    verify_inclusion,
)

EVER = ("2026-01-01", "2100-01-01")


@pytest.fixture
def clock() -> SimulatedClock:
    return new_clock()


@pytest.fixture
def quarter(context: Context, world: World, clock: SimulatedClock) -> Quarter:
    loaded = load_quarter(context, world, clock)
    moderate(context, world)
    return loaded


def build(context: Context, world: World, **kw: object) -> dict[str, object]:
    with context.read(world.provider["auditor"].actor) as unit:
        return transparency.build_report(unit, world.provider.id, *EVER, **kw)  # type: ignore[arg-type]


def test_counts_of_the_quarter(context: Context, world: World, quarter: Quarter) -> None:
    report = build(context, world)
    requests = report["requests"]
    assert requests["received"] == 6  # type: ignore[index]
    assert requests["by_outcome"] == {  # type: ignore[index]
        "partly": 1,
        "pending": 1,
        "preserved": 1,
        "produced": 2,
        "rejected": 1,
    }
    assert requests["by_type"] == {  # type: ignore[index]
        "data_disclosure": 3,
        "emergency_disclosure": 2,
        "preservation": 1,
    }
    assert requests["by_country"] == {"CN": 1, "US": 5}  # type: ignore[index]
    assert requests["emergency_share"] == round(2 / 6, 4)  # type: ignore[index]
    assert requests["accounts_specified"] == 1 + 2 + 1 + 1 + 1 + 1  # type: ignore[index]
    assert requests["acknowledged"] == 4  # type: ignore[index]
    assert requests["median_time_to_acknowledge_hours"] == 3.0  # type: ignore[index]  # 1 2 4 6
    assert requests["refused_submissions"] == {  # type: ignore[index]
        "total": 1,
        "by_failure": {"bad_signature": 1},
    }
    moderation = report["moderation"]
    assert moderation["decisions"]["by_automated_detection"] == {"Yes": 1}  # type: ignore[index]
    sor = moderation["statements_of_reasons"]  # type: ignore[index]
    assert sor["by_category"] == {"STATEMENT_CATEGORY_SCAMS_AND_FRAUD": 1}
    assert sor["by_detection_route"] == {"judged": 1}
    complaints = moderation["complaints"]  # type: ignore[index]
    assert (complaints["received"], complaints["decisions_reversed"]) == (1, 1)
    assert complaints["content_restored"] == 1


def test_report_holds_no_personal_data(context: Context, world: World, quarter: Quarter) -> None:
    text = rules.report_bytes(build(context, world)).decode()
    for secret in (
        "alice",
        "bob",
        "FBI",
        "MPS",
        "user-p1",
        "analyst@",
        *quarter.request_ids.values(),
    ):
        assert secret not in text


def test_regenerates_byte_identically_after_more_events(
    context: Context, world: World, quarter: Quarter, clock: SimulatedClock
) -> None:
    first = build(context, world)
    size = first["tree_head"]["tree_size"]  # type: ignore[index]
    assert rules.report_bytes(build(context, world, tree_size=size)) == rules.report_bytes(first)
    load_quarter(context, world, clock, "2")  # a second quarter's worth of events
    later = build(context, world)
    assert later["tree_head"]["tree_size"] > size  # type: ignore[index]
    assert later["requests"]["received"] == 12  # type: ignore[index]
    again = build(context, world, tree_size=size)
    assert rules.report_bytes(again) == rules.report_bytes(first)


def test_every_counted_event_proves_with_an_independent_verifier(
    context: Context, world: World, quarter: Quarter
) -> None:
    report = build(context, world)
    check_evidence(report)
    assert rules.check_report(report) == []
    head = report["tree_head"]
    size, root = head["tree_size"], bytes.fromhex(head["root_hash"])  # type: ignore[index]
    counted = report["items"][-1]["leaves"][0]  # type: ignore[index]
    with context.read(SYSTEM) as unit:
        leaves = transparency._walk(unit, size, None)[0]
        proof = transparency.inclusion_at(unit, world.provider.id, counted, tree_size=size)
        with pytest.raises(NotFound):  # an event of another party
            transparency.inclusion_at(unit, world.provider.id, 0, tree_size=size)
    assert reference_root(leaves) == root
    assert proof.root_hash == root.hex()
    path = [bytes.fromhex(h) for h in proof.path]
    assert verify_inclusion(counted, size, bytes.fromhex(proof.leaf_hash), path, root)
    assert not verify_inclusion(counted, size, leaves[counted - 1], path, root)


def test_consistency_between_two_reports(
    context: Context, world: World, quarter: Quarter, clock: SimulatedClock
) -> None:
    old = build(context, world)
    load_quarter(context, world, clock, "2")
    new = build(context, world)
    first, second = old["tree_head"], new["tree_head"]
    with context.read(world.provider["auditor"].actor) as unit:
        proof = transparency.consistency_between(
            unit,
            world.provider.id,
            first["tree_size"],
            second["tree_size"],  # type: ignore[index]
        )
    assert proof.first_root == first["root_hash"]  # type: ignore[index]
    assert proof.second_root == second["root_hash"]  # type: ignore[index]
    path = [bytes.fromhex(h) for h in proof.path]
    roots = bytes.fromhex(proof.first_root), bytes.fromhex(proof.second_root)
    assert verify_consistency(proof.first, proof.second, *roots, path)
    assert not verify_consistency(proof.first, proof.second, roots[1], roots[1], path)
    with context.read(SYSTEM) as unit:
        assert transparency.verify_against_log(unit, old) == []


def test_tampering_with_a_counted_event_fails_verification(
    context: Context, world: World, quarter: Quarter, db: Database
) -> None:
    report = build(context, world)
    counted = report["items"][0]["leaves"][0]  # type: ignore[index]
    t.drop_triggers(db)

    def change(session: object) -> None:
        row = t.event(session, counted)  # type: ignore[arg-type]
        row.payload = json.dumps({"type": "preservation"})
        t.rehash(row)

    t.edit(db, change)
    with context.read(SYSTEM) as unit:
        with pytest.raises(AuditIntegrityError):
            transparency.build_report(unit, world.provider.id, *EVER)
        problems = transparency.verify_against_log(unit, report)
    assert problems and "fails its own check" in problems[-1]
    forged = json.loads(rules.report_bytes(report))
    forged["requests"]["received"] += 1
    assert "the requests counts are not the tally of the items" in rules.check_report(forged)
    forged = json.loads(rules.report_bytes(report))
    forged["evidence"][0]["leaf_hash"] = "00" * 32
    assert any("is not in the tree" in p for p in rules.check_report(forged))


def test_who_may_ask(context: Context, world: World, quarter: Quarter) -> None:
    with context.read(world.us["admin"].actor) as unit, pytest.raises(NotFound) as other:
        transparency.build_report(unit, world.provider.id, *EVER)
    with context.read(world.us["admin"].actor) as unit, pytest.raises(NotFound) as absent:
        transparency.build_report(unit, "no-such-party", *EVER)
    assert other.value.message.replace(world.provider.id, "X") == absent.value.message.replace(
        "no-such-party", "X"
    )
    with context.read(SYSTEM) as unit, pytest.raises(InvalidInput, match="provider"):
        transparency.build_report(unit, world.us.id, *EVER)
    with context.read(SYSTEM) as unit:
        assert transparency.build_report(unit, "provider", *EVER)["provider"]["slug"] == "provider"


@pytest.mark.parametrize(
    ("start", "end", "size", "message"),
    [
        ("2026-13-01", "2026-02-01", None, "start must be a date"),
        ("2026-02-01", "2026-01-01", None, "must end after it starts"),
        ("2026-01-01", "2026-01-01", None, "must end after it starts"),
        ("2026-01-01", "2026-02-01", 0, "tree_size must be between"),
        ("2026-01-01", "2026-02-01", 10**9, "tree_size must be between"),
    ],
)
def test_bad_input(
    context: Context, world: World, start: str, end: str, size: int | None, message: str
) -> None:
    with context.read(SYSTEM) as unit, pytest.raises(InvalidInput, match=message):
        transparency.build_report(unit, world.provider.id, start, end, tree_size=size)


def test_csv_export(context: Context, world: World, quarter: Quarter) -> None:
    report = build(context, world)
    lines = rules.report_csv(report).splitlines()
    assert lines[0] == "measure,value"
    assert "requests.by_outcome.produced,2" in lines
    assert f"tree_head.tree_size,{report['tree_head']['tree_size']}" in lines  # type: ignore[index]
    assert sum(line.startswith("leaf.") for line in lines) == len(report["evidence"])  # type: ignore[arg-type]
    assert rules.report_csv(report) == rules.report_csv(json.loads(rules.report_bytes(report)))


def test_permission_needed(context: Context, world: World) -> None:
    from dataclasses import replace

    actor = replace(world.provider["auditor"].actor, roles=frozenset())
    with context.read(actor) as unit, pytest.raises(PermissionDenied):
        transparency.build_report(unit, world.provider.id, *EVER)
