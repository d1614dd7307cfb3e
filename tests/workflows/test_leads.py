"""Leads on cases and requests: TLP decides who sees and receives what; STIX bundles out and in."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from lawbridge.domain.actor import Actor
from lawbridge.domain.clocks import SimulatedClock
from lawbridge.domain.leads import TLP2_IDS, Tlp
from lawbridge.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from lawbridge.store.models import AuditEvent
from lawbridge.workflows import case_sharing, cases, leads, leads_stix
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, Member, World
from tests.contracts.state import snapshot
from tests.workflows.cooperation_helpers import DAY, T0, draft, open_case, sent
from tests.workflows.stix_validation import example, schema_errors

IP = "198.51.100.7"
LEADS: dict[str, dict[str, Any]] = {
    "red": {"kind": "ipv4", "value": "203.0.113.66"},
    "amber+strict": {"kind": "domain", "value": "Pay-Refund.example.com."},
    "amber": {"kind": "url", "value": "HTTPS://Login.Example.NET/verify?id=7"},
    "green": {"kind": "sha256", "value": "AB" * 32},
    "clear": {"kind": "wallet", "value": "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"},
}


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(T0 + 10 * DAY)


def add(
    context: Context, member: Member, clock: SimulatedClock, *, case_id: str, tlp: str, **data: Any
) -> str:
    fields = {"tlp": tlp, "source": "honeypot report (invented)"} | data
    with context.write(member.actor) as unit:
        target = leads.get_target(unit, case_id=case_id, write=True)
        return leads.add_lead(unit, target, fields, clock=clock).id


def seen(context: Context, actor: Actor, **where: str) -> set[str]:
    with context.read(actor) as unit:
        return {lead.tlp for lead in leads.list_leads(unit, leads.get_target(unit, **where))}


@pytest.fixture
def shared_case(context: Context, world: World, clock: SimulatedClock) -> str:
    """A case of cn shared with us (write) and provider (read), with one cn lead per TLP."""
    case = open_case(context, world.cn["analyst"], clock, listed_at=T0)
    with context.write(world.cn["analyst"].actor) as unit:
        found = cases.get_case(unit, case.id)
        case_sharing.share_case(
            unit, found, grantee="us-agency", fields=["status"], permission="write"
        )
        case_sharing.share_case(unit, found, grantee="provider", fields=["status"])
    for tlp, data in LEADS.items():
        add(context, world.cn["analyst"], clock, case_id=case.id, tlp=tlp, **data)
    return case.id


def test_values_are_canonical_and_a_duplicate_conflicts(
    context: Context, world: World, clock: SimulatedClock, shared_case: str
) -> None:
    with context.read(world.cn["analyst"].actor) as unit:
        found = leads.list_leads(unit, leads.get_target(unit, case_id=shared_case))
        values = {lead.kind: lead.value for lead in found}
    assert values["domain"] == "pay-refund.example.com"
    assert values["url"] == "https://login.example.net/verify?id=7"
    assert values["sha256"] == "ab" * 32
    before = snapshot(context)
    with pytest.raises(Conflict):
        add(context, world.cn["analyst"], clock, case_id=shared_case, tlp="green", kind="domain",
            value="pay-refund.EXAMPLE.com")  # fmt: skip
    with pytest.raises(InvalidInput):
        add(
            context,
            world.cn["analyst"],
            clock,
            case_id=shared_case,
            tlp="green",
            kind="wallet",
            value="0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
        )  # fmt: skip  (bad EIP-55 case)
    with pytest.raises(InvalidInput, match="tlp must be one of"):
        add(context, world.cn["analyst"], clock, case_id=shared_case, tlp="purple", kind="ipv4",
            value=IP)  # fmt: skip
    with pytest.raises(InvalidInput, match="future"):
        add(context, world.cn["analyst"], clock, case_id=shared_case, tlp="red", kind="ipv4",
            value=IP, valid_from=clock.now() + DAY)  # fmt: skip
    assert snapshot(context) == before


def test_red_never_leaves_and_amber_strict_reaches_only_the_counterpart(
    context: Context, world: World, clock: SimulatedClock, shared_case: str
) -> None:
    everything = set(LEADS)
    assert seen(context, world.cn["reviewer"].actor, case_id=shared_case) == everything
    assert seen(context, world.us["reviewer"].actor, case_id=shared_case) == everything - {"red"}
    assert seen(context, world.provider["analyst"].actor, case_id=shared_case) == everything - {
        "red"
    }
    # A grantee's amber+strict goes to the owner only, not to the other grantee.
    us_ip = {"kind": "ipv4", "value": IP}
    add(context, world.us["analyst"], clock, case_id=shared_case, tlp="amber+strict", **us_ip)
    with context.read(world.provider["analyst"].actor) as unit:
        target = leads.get_target(unit, case_id=shared_case)
        assert IP not in {lead.value for lead in leads.list_leads(unit, target)}
    with context.read(world.cn["analyst"].actor) as unit:
        target = leads.get_target(unit, case_id=shared_case)
        assert IP in {lead.value for lead in leads.list_leads(unit, target)}


def test_a_read_grantee_cannot_add_and_a_stranger_sees_nothing(
    context: Context, world: World, clock: SimulatedClock, shared_case: str
) -> None:
    with pytest.raises(PermissionDenied):
        add(context, world.provider["analyst"], clock, case_id=shared_case, tlp="green",
            kind="ipv4", value=IP)  # fmt: skip
    stranger = make_stranger(context)
    with pytest.raises(NotFound), context.read(stranger) as unit:
        leads.get_target(unit, case_id=shared_case)


def make_stranger(context: Context) -> Actor:
    from tests.conftest import make_party

    return make_party(context, "third-agency", "agency", "FR")["admin"].actor


def export(context: Context, actor: Actor, recipient: str | None, **where: str) -> dict[str, Any]:
    with context.write(actor) as unit:
        target = leads.get_target(unit, **where)
        return leads_stix.export_bundle(unit, target, recipient=recipient)


def markings(bundle: dict[str, Any]) -> list[str]:
    tlp_of = {v: k.value for k, v in TLP2_IDS.items()}
    return sorted(
        tlp_of[o["object_marking_refs"][0]] for o in bundle["objects"] if o["type"] == "indicator"
    )


@pytest.mark.parametrize(
    ("recipient", "expected"),
    [
        ("cn-agency", ["amber", "amber+strict", "clear", "green", "red"]),
        ("us-agency", ["amber", "amber+strict", "clear", "green"]),
        ("provider", ["amber", "amber+strict", "clear", "green"]),
        (None, ["clear", "green"]),
        ("third-agency", ["clear", "green"]),
    ],
)
def test_export_carries_what_may_reach_the_recipient(
    context: Context,
    world: World,
    shared_case: str,
    recipient: str | None,
    expected: list[str],
) -> None:
    make_stranger(context)
    bundle = export(context, world.cn["analyst"].actor, recipient, case_id=shared_case)
    assert schema_errors(bundle) == []
    assert markings(bundle) == expected
    used = {o["id"] for o in bundle["objects"] if o["type"] == "marking-definition"}
    assert used == {TLP2_IDS[Tlp(t)] for t in expected}


def test_received_leads_are_passed_on_only_when_clear_or_green(
    context: Context, world: World, shared_case: str
) -> None:
    bundle = export(context, world.us["analyst"].actor, "provider", case_id=shared_case)
    assert markings(bundle) == ["clear", "green"]
    back = export(context, world.us["analyst"].actor, "cn-agency", case_id=shared_case)
    assert markings(back) == ["amber", "amber+strict", "clear", "green"]  # back to its recorder


def test_bundle_shape(context: Context, world: World, shared_case: str) -> None:
    bundle = export(context, world.cn["analyst"].actor, "cn-agency", case_id=shared_case)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for obj in bundle["objects"]:
        by_type.setdefault(obj["type"], []).append(obj)
    assert [i["name"] for i in by_type["identity"]] == ["cn-agency (test)"]
    creator = by_type["identity"][0]["id"]
    assert {i["created_by_ref"] for i in by_type["indicator"]} == {creator}
    patterns = {i["pattern"] for i in by_type["indicator"]}
    assert "[ipv4-addr:value = '203.0.113.66']" in patterns
    assert "[file:hashes.'SHA-256' = '" + "ab" * 32 + "']" in patterns
    assert f"[cryptocurrency-wallet:value = '{LEADS['clear']['value']}']" in patterns
    # every observable but the wallet has its SCO and a based-on relationship
    assert {r["relationship_type"] for r in by_type["relationship"]} == {"based-on"}
    assert len(by_type["relationship"]) == 4
    targets = {r["target_ref"] for r in by_type["relationship"]}
    scos = {o["id"] for t in ("ipv4-addr", "domain-name", "url", "file") for o in by_type[t]}
    assert targets == scos
    assert "honeypot" not in json.dumps(bundle)  # the source stays home
    with context.read(SYSTEM) as unit:
        event = unit.session.query(AuditEvent).filter_by(action="lead.export").one()
        assert '"indicators":5' in event.payload and LEADS["red"]["value"] not in event.payload


def imported(
    context: Context, member: Member, bundle: Any, clock: SimulatedClock, **where: str
) -> dict[str, Any]:
    with context.write(member.actor) as unit:
        target = leads.get_target(unit, write=True, **where)
        report = leads_stix.import_bundle(unit, target, bundle, clock=clock)
        return report.to_dict()


def test_import_round_trip_with_per_object_report(
    context: Context, world: World, clock: SimulatedClock, shared_case: str
) -> None:
    bundle = export(context, world.cn["analyst"].actor, "us-agency", case_id=shared_case)
    request = sent(context, world.us["analyst"], "cn-agency", "information_exchange", clock)
    report = imported(context, world.us["analyst"], bundle, clock, request_id=request.id)
    assert report["counts"] == {
        "imported": 4, "duplicate": 0, "skipped": len(bundle["objects"]) - 4, "unsupported": 0,
        "invalid": 0,
    }  # fmt: skip
    reasons = {o["reason"] for o in report["objects"] if o["outcome"] == "skipped"}
    assert reasons == {"not an indicator"}
    with context.read(world.us["analyst"].actor) as unit:
        found = leads.list_leads(unit, leads.get_target(unit, request_id=request.id))
        assert sorted(lead.tlp for lead in found) == ["amber", "amber+strict", "clear", "green"]
        assert {lead.source for lead in found} == {"STIX identity cn-agency (test)"}
        assert all(lead.origin_stix_id and lead.party_id == world.us.id for lead in found)
    again = imported(context, world.us["analyst"], bundle, clock, request_id=request.id)
    assert again["counts"]["duplicate"] == 4 and again["counts"]["imported"] == 0


def test_import_reports_each_object_and_uses_the_default_tlp(
    context: Context, world: World, clock: SimulatedClock
) -> None:
    request = draft(context, world.cn["analyst"], "us-agency", "preservation", clock)
    bundle = copy.deepcopy(example("indicator-for-c2-ip-address.json"))
    indicator = next(o for o in bundle["objects"] if o["type"] == "indicator")
    variants = [
        indicator | {"id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd30",
                     "pattern": "[ipv4-addr:value = '10.0.0.1' AND ipv4-addr:value = '10.0.0.2']"},
        indicator | {"id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd31", "pattern": "[x"},
        indicator | {"id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd32",
                     "valid_until": "2015-01-01T00:00:00Z"},
        indicator | {"id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd33",
                     "pattern": "[domain-name:value = 'not a domain']"},
        indicator | {"id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd34", "pattern_type": "sigma"},
        indicator | {"id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd35",
                     "valid_until": "2014-01-01T00:00:00Z"},  # before valid_from
        indicator | {"id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd36", "extensions": 5},
        "not an object",
    ]  # fmt: skip
    bundle["objects"] += variants
    report = imported(context, world.cn["analyst"], bundle, clock, request_id=request.id)
    outcomes = {o["stix_id"]: (o["outcome"], o["reason"]) for o in report["objects"]}
    assert outcomes[indicator["id"]] == ("imported", "")
    assert outcomes["indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd30"][0] == "unsupported"
    assert outcomes["indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd31"][0] == "invalid"
    assert outcomes["indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd32"][1].startswith("expired")
    assert outcomes["indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd33"][0] == "unsupported"
    assert "sigma" in outcomes["indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd34"][1]
    assert outcomes["indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd35"][0] == "invalid"
    assert outcomes["indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd36"][0] == "invalid"
    assert outcomes[None] == ("invalid", "not a STIX object")
    with context.read(world.cn["analyst"].actor) as unit:
        found = leads.list_leads(unit, leads.get_target(unit, request_id=request.id))
        assert [(lead.value, lead.tlp) for lead in found] == [("10.0.0.0", "amber")]


@pytest.mark.parametrize(
    "bad",
    [
        "{not json",
        {"type": "report"},
        {"type": "bundle", "id": "x"},
        {"type": "bundle", "id": "bundle--1", "objects": {"a": 1}},
    ],  # fmt: skip
)
def test_a_bad_envelope_changes_nothing(
    context: Context, world: World, clock: SimulatedClock, bad: Any
) -> None:
    request = draft(context, world.cn["analyst"], "us-agency", "preservation", clock)
    before = snapshot(context)
    with pytest.raises(InvalidInput):
        imported(context, world.cn["analyst"], bad, clock, request_id=request.id)
    assert snapshot(context) == before


def test_request_leads_follow_the_request(
    context: Context, world: World, clock: SimulatedClock
) -> None:
    request = draft(context, world.cn["analyst"], "us-agency", "preservation", clock)
    with context.write(world.cn["analyst"].actor) as unit:
        target = leads.get_target(unit, request_id=request.id, write=True)
        for tlp in ("amber+strict", "red"):
            data = {"kind": "ipv6", "value": f"2001:DB8::{len(tlp)}", "tlp": tlp, "source": "x"}
            leads.add_lead(unit, target, data, clock=clock)
    with pytest.raises(NotFound), context.read(world.us["analyst"].actor) as unit:
        leads.get_target(unit, request_id=request.id)  # a draft is not the recipient's yet
    with context.write(world.cn["analyst"].actor) as unit:
        from lawbridge.workflows import requests

        requests.send_request(unit, request.id, clock=clock)
    assert seen(context, world.us["analyst"].actor, request_id=request.id) == {"amber+strict"}
    with pytest.raises(NotFound), context.read(world.provider["admin"].actor) as unit:
        leads.get_target(unit, request_id=request.id)
    with pytest.raises(InvalidInput), context.read(world.cn["analyst"].actor) as unit:
        leads.get_target(unit, request_id=request.id, case_id=request.id)
