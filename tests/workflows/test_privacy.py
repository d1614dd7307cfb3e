"""Processing register and transfer guard: validation, versions, audit, party scope, decisions."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import pytest
from sqlalchemy import select

from lawbridge.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from lawbridge.store.models import AuditEvent, ProcessingActivity, TransferDecision
from lawbridge.workflows import privacy
from lawbridge.workflows.privacy_payload import MAX_PAYLOAD_BYTES
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, Member, World
from tests.contracts.state import snapshot

PATTERNS = {
    "EMAIL": r"[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",
    "PHONE": r"(?<!\d)1[3-9]\d{9}(?!\d)",
    "CN_RESIDENT_ID": r"(?<!\d)\d{17}[\dXx](?!\w)",
    "PERSON": r"张伟|王小明|Alice Walker",
}


def detect(text: str) -> list[tuple[str, int, int]]:
    return [(k, m.start(), m.end()) for k, p in PATTERNS.items() for m in re.finditer(p, text)]


DELIVERY: dict[str, Any] = {
    "name": "Parcel delivery",
    "purpose": "Hand parcels to the courier",
    "legal_basis": "contract_or_hr",
    "categories": ["PERSON", "PHONE", "ADDRESS"],
    "retention_days": 90,
    "recipients": [{"name": "Acme Logistics", "country": "cn"}],
    "allow_redaction": True,
}
ORDER = {
    "order": "SO-1001",
    "customer": {"name": "张伟", "phone": "13800138000", "email": "zhang.wei@example.com"},
    "notes": ["call 13900139000 before noon", "id 11010519491231002X on file"],
    "amount": 42.5,
}


def add(context: Context, member: Member, **changes: Any) -> ProcessingActivity:
    with context.write(member.actor) as unit:
        return privacy.create_activity(unit, **(DELIVERY | changes))


def check(
    context: Context, member: Member, payload: Any, **options: Any
) -> privacy.TransferOutcome:
    where = {"recipient": "Acme Logistics", "country": "CN"} | options
    with context.write(member.actor) as unit:
        return privacy.check_transfer(unit, payload=payload, detector=detect, **where)


def actions(context: Context, object_id: str) -> list[str]:
    with context.read(SYSTEM) as unit:
        query = select(AuditEvent.action).where(AuditEvent.object_id == object_id)
        return list(unit.session.scalars(query.order_by(AuditEvent.seq)))


# --- The register --------------------------------------------------------------------------------


def test_create_normalises_and_is_audited(context: Context, world: World) -> None:
    created = add(context, world.provider["analyst"], categories=["PHONE", "PERSON", "PHONE"])
    assert created.categories == ["PERSON", "PHONE"]
    assert created.recipients == [{"name": "Acme Logistics", "country": "CN"}]
    assert (created.version, created.status, created.cross_border_mechanism) == (
        1,
        "active",
        "none_domestic",
    )
    assert actions(context, created.id) == ["privacy.activity.create"]


@pytest.mark.parametrize(
    "bad",
    [
        {"name": "  "},
        {"purpose": ""},
        {"legal_basis": "because"},
        {"categories": []},
        {"categories": ["SHOE_SIZE"]},
        {"retention_days": 0},
        {"retention_days": True},
        {"recipients": [{"name": "X", "country": "ZZ"}]},
        {"recipients": [{"name": "", "country": "CN"}]},
        {"recipients": [{"name": "X", "country": "CN", "price": 1}]},
        {"cross_border_mechanism": "trust_me"},
    ],
)
def test_bad_activities_are_refused_and_nothing_is_stored(
    context: Context, world: World, bad: dict[str, Any]
) -> None:
    before = snapshot(context)
    with pytest.raises(InvalidInput):
        add(context, world.provider["analyst"], **bad)
    assert snapshot(context) == before


def test_roles(context: Context, world: World) -> None:
    with pytest.raises(PermissionDenied):
        add(context, world.provider["reviewer"])
    created = add(context, world.provider["admin"])
    with context.read(world.provider["auditor"].actor) as unit:
        assert [a.id for a in privacy.list_activities(unit)] == [created.id]
    with context.write(world.provider["auditor"].actor) as unit, pytest.raises(PermissionDenied):
        privacy.retire_activity(unit, created.id)
    with context.write(SYSTEM) as unit, pytest.raises(InvalidInput):
        privacy.create_activity(unit, **DELIVERY)


def test_update_makes_a_version_and_guards_lost_updates(context: Context, world: World) -> None:
    analyst = world.provider["analyst"]
    created = add(context, analyst)
    with context.write(analyst.actor) as unit:
        updated = privacy.update_activity(
            unit, created.id, expected_version=1, categories=["PHONE"], retention_days=30
        )
        assert (updated.version, updated.categories, updated.retention_days) == (2, ["PHONE"], 30)
    with context.write(analyst.actor) as unit:
        with pytest.raises(Conflict):
            privacy.update_activity(unit, created.id, expected_version=1, name="stale")
        with pytest.raises(InvalidInput):
            privacy.update_activity(unit, created.id, expected_version=2)
        with pytest.raises(InvalidInput):
            privacy.update_activity(unit, created.id, expected_version=2, owner="me")
    with context.write(analyst.actor) as unit:
        assert privacy.retire_activity(unit, created.id).status == "retired"
    with context.write(analyst.actor) as unit:
        with pytest.raises(InvalidTransition):
            privacy.retire_activity(unit, created.id)
        with pytest.raises(InvalidTransition):
            privacy.update_activity(unit, created.id, expected_version=3, name="again")
    with context.read(analyst.actor) as unit:
        assert privacy.list_activities(unit) == []
        assert len(privacy.list_activities(unit, include_retired=True)) == 1
    assert actions(context, created.id) == [
        "privacy.activity.create",
        "privacy.activity.update",
        "privacy.activity.retire",
    ]


def test_other_parties_never_see_an_activity(context: Context, world: World) -> None:
    created = add(context, world.provider["analyst"])
    other = world.cn["admin"]
    with context.read(other.actor) as unit:
        assert privacy.list_activities(unit, include_retired=True) == []
        with pytest.raises(NotFound):
            privacy.get_activity(unit, created.id)
    with context.write(other.actor) as unit:
        with pytest.raises(NotFound):
            privacy.update_activity(unit, created.id, expected_version=1, name="mine")
        with pytest.raises(NotFound):
            privacy.retire_activity(unit, created.id)
    # Nor does another party's activity cover a transfer of ours.
    assert check(context, other, ORDER).record.decision == "block"


# --- The transfer guard --------------------------------------------------------------------------


def test_selling_personal_information_without_an_activity_is_blocked(
    context: Context, world: World
) -> None:
    analyst = world.provider["analyst"]
    add(context, analyst)
    outcome = check(context, analyst, ORDER, recipient="Data Broker Ltd")
    record = outcome.record
    assert (record.decision, outcome.redacted, record.activity_id) == ("block", None, None)
    assert "Data Broker Ltd" in record.reasons[0]
    assert record.categories == {"CN_RESIDENT_ID": 1, "EMAIL": 1, "PERSON": 1, "PHONE": 2}
    assert actions(context, record.id) == ["privacy.transfer.block"]


def test_redact_keeps_the_structure_and_removes_uncovered_categories(
    context: Context, world: World
) -> None:
    analyst = world.provider["analyst"]
    activity = add(context, analyst)
    outcome = check(context, analyst, ORDER)
    assert outcome.record.decision == "redact"
    assert outcome.record.redacted_categories == ["CN_RESIDENT_ID", "EMAIL"]
    assert (outcome.record.activity_id, outcome.record.activity_version) == (activity.id, 1)
    assert outcome.redacted == {
        "order": "SO-1001",
        "customer": {"name": "张伟", "phone": "13800138000", "email": "<EMAIL>"},
        "notes": ["call 13900139000 before noon", "id <CN_RESIDENT_ID> on file"],
        "amount": 42.5,
    }
    assert actions(context, outcome.record.id) == ["privacy.transfer.redact"]


def test_the_operator_is_configurable(context: Context, world: World) -> None:
    analyst = world.provider["analyst"]
    add(context, analyst, categories=["PERSON"])
    masked = check(context, analyst, "张伟 13800138000", operator="mask").redacted
    assert masked == "张伟 *******8000"
    first = check(context, analyst, ["13800138000"], operator="hmac_pseudonym").redacted
    again = check(context, analyst, {"x": "13800138000"}, operator="hmac_pseudonym").redacted
    assert first[0] == again["x"] and first[0].startswith("PHONE_")
    with pytest.raises(InvalidInput):
        check(context, analyst, "x", operator="shred")


def test_allowed_when_everything_is_covered(context: Context, world: World) -> None:
    analyst = world.provider["analyst"]
    add(context, analyst, legal_basis="separate_consent", categories=["PERSON", "PHONE"])
    outcome = check(context, analyst, {"name": "王小明", "mobile": "13800138000"})
    assert (outcome.record.decision, outcome.redacted) == ("allow", None)


def test_key_hints_find_what_the_detector_misses(context: Context, world: World) -> None:
    analyst = world.provider["analyst"]
    add(context, analyst)
    payload = {"姓名": "Li Lei", "Email": "lilei at example dot com", "count": 3, "phone": "n/a"}
    outcome = check(context, analyst, payload)
    assert outcome.record.categories == {"EMAIL": 1, "PERSON": 1}
    assert outcome.redacted["Email"] == "<EMAIL>" and outcome.redacted["姓名"] == "Li Lei"


def test_keys_and_numbers_are_scanned_too(context: Context, world: World) -> None:
    analyst = world.provider["analyst"]
    add(context, analyst, categories=["PERSON"])
    payload = {"zhang.wei@example.com": 1, "li@example.cn": 2, "tel": 13800138000}
    outcome = check(context, analyst, payload)
    assert outcome.redacted == {"<EMAIL>": 1, "<EMAIL>~2": 2, "tel": "<PHONE>"}


def test_cross_border_transfer_needs_a_mechanism(context: Context, world: World) -> None:
    analyst = world.provider["analyst"]
    overseas = [{"name": "Acme Logistics", "country": "SG"}]
    add(context, analyst, recipients=overseas)
    assert check(context, analyst, ORDER, country="SG").record.decision == "block"
    add(context, analyst, recipients=overseas, cross_border_mechanism="standard_contract")
    assert check(context, analyst, ORDER, country="SG").record.decision == "redact"


def test_only_the_payload_hash_and_size_are_stored(context: Context, world: World) -> None:
    analyst = world.provider["analyst"]
    record = check(context, analyst, "手机 13800138000").record
    data = "手机 13800138000".encode()
    assert (record.payload_sha256, record.payload_size) == (
        hashlib.sha256(data).hexdigest(),
        len(data),
    )
    assert "13800138000" not in json.dumps(snapshot(context), ensure_ascii=False)


def test_no_personal_information_is_allowed(context: Context, world: World) -> None:
    outcome = check(context, world.provider["analyst"], {"sku": "A-1", "qty": 2})
    assert (outcome.record.decision, outcome.record.categories) == ("allow", {})


@pytest.mark.parametrize(
    ("payload", "options"),
    [
        ("x" * (MAX_PAYLOAD_BYTES + 1), {}),
        ({"a": float("nan")}, {}),
        ({"a": {1, 2}}, {}),
        ("hello", {"country": "XX"}),
        ("hello", {"recipient": " "}),
        ("hello", {"operator": "shred"}),
    ],
)
def test_bad_input_stores_nothing(
    context: Context, world: World, payload: Any, options: dict[str, Any]
) -> None:
    before = snapshot(context)
    with pytest.raises(InvalidInput):
        check(context, world.provider["analyst"], payload, **options)
    assert snapshot(context) == before


def test_nesting_is_bounded(context: Context, world: World) -> None:
    deep: Any = "13800138000"
    for _ in range(100):
        deep = [deep]
    with pytest.raises(InvalidInput, match="deeper"):
        check(context, world.provider["analyst"], deep)


def test_checking_needs_write_records_and_lists_are_scoped(context: Context, world: World) -> None:
    with pytest.raises(PermissionDenied):
        check(context, world.provider["auditor"], "13800138000")
    check(context, world.provider["analyst"], "13800138000")
    check(context, world.cn["analyst"], "13800138000")
    with context.read(world.provider["auditor"].actor) as unit:
        found = privacy.list_transfers(unit)
        assert [t.party_id for t in found] == [world.provider.id]
        assert privacy.list_transfers(unit, decision="allow") == []
        with pytest.raises(InvalidInput):
            privacy.list_transfers(unit, decision="maybe")
    with context.read(SYSTEM) as unit:
        assert len(unit.session.scalars(select(TransferDecision)).all()) == 2


def test_the_real_engine_drives_the_guard(context: Context, world: World) -> None:
    pytest.importorskip(
        "lawbridge.engines.pii", reason="the PII engine (lawbridge.engines.pii) is not built yet"
    )
    analyst = world.provider["analyst"]
    add(context, analyst)
    payload = {"note": "客户张伟，手机13800138000，邮箱zhang.wei@example.com"}
    with context.write(analyst.actor) as unit:
        outcome = privacy.check_transfer(
            unit, recipient="Acme Logistics", country="CN", payload=payload
        )
    assert outcome.record.decision == "redact"
    assert "EMAIL" in outcome.record.redacted_categories
    assert "zhang.wei@example.com" not in outcome.redacted["note"]
    assert "13800138000" in outcome.redacted["note"]  # PHONE is covered
