"""``/api/v1`` cases, requests, assets, clocks and leads: the routes walk the workflows, bad input is a
4xx in the one error shape and changes nothing, a party never reads a field not shared with it."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lawbridge.domain.clocks import SimulatedClock
from lawbridge.server.app import create_app
from lawbridge.settings import Settings
from lawbridge.workflows.unit import Context
from tests.conftest import Member, World
from tests.contracts.error_shape import assert_error
from tests.contracts.state import snapshot
from tests.workflows.cooperation_helpers import DAY, FORMS, NEUTRAL, SECOND, T0
from tests.workflows.stix_validation import schema_errors

API = "/api/v1"
CASE: dict[str, Any] = {
    "subject_name": "Zhao Minghui",
    "offences": ["embezzlement"],
    "charge": "Embezzlement of a state fund (invented)",
    "law": "PRC Criminal Law Art. 382",
    "warrant_reference": "W-2025-001",
    "max_penalty_months": 120,
    "sought_for": "prosecution",
    "host_party": "us-agency",
    "listed_at": T0.isoformat(),
}


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(T0 + 40 * DAY)


def client_for(context: Context, clock: SimulatedClock) -> TestClient:
    app = create_app(context=context)
    app.state.clock = clock
    return TestClient(app)


@pytest.fixture
def api(context: Context, clock: SimulatedClock) -> Iterator[TestClient]:
    with client_for(context, clock) as test_client:
        yield test_client


def post(api: TestClient, path: str, member: Member, json: Any = None, status: int = 201) -> Any:
    answer = api.post(f"{API}{path}", json=json, headers=member.headers)
    assert answer.status_code == status, answer.text
    return answer.json()


def get(api: TestClient, path: str, member: Member, **params: Any) -> Any:
    answer = api.get(f"{API}{path}", params=params, headers=member.headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


def refused(
    api: TestClient,
    context: Context,
    member: Member,
    path: str,
    json: Any,
    status: int,
    code: str | None = None,
) -> dict[str, Any]:
    """POST ``json`` to ``path``: ``status`` in the one error shape, and the database unchanged."""
    before = snapshot(context)
    answer = api.post(f"{API}{path}", json=json, headers=member.headers)
    body = assert_error(answer, status, code)
    assert snapshot(context) == before
    return body


# --- Cases ---------------------------------------------------------------------------------------


def test_case_walks_a_return_route_and_keeps_one_timeline(
    api: TestClient, context: Context, world: World, clock: SimulatedClock
) -> None:
    cn = world.cn["analyst"]
    case = post(api, "/cases", cn, CASE)
    assert (case["status"], case["host"]["party_id"]) == ("wanted", world.us.id)
    path = f"/cases/{case['id']}/transition"
    never_located = {"status": "returned_extradited"}
    refused(api, context, cn, path, never_located, 409, "invalid_transition")
    future = {"status": "located", "occurred_at": (clock.now() + SECOND).isoformat()}
    refused(api, context, cn, path, future, 422, "invalid_input")
    refused(api, context, cn, path, {"status": "lost"}, 422, "invalid_input")
    refused(api, context, cn, path, {"status": "located", "surprise": 1}, 422, "invalid_input")
    for status, day in (("located", 5), ("provisional_arrest", 9), ("returned_extradited", 30)):
        moved = post(api, path, cn, {"status": status, "note": status, "occurred_at": (T0 + day * DAY).isoformat()}, 200)  # fmt: skip
        assert moved["status"] == status
    assert parse(moved["closed_at"]) == T0 + 30 * DAY
    refused(api, context, cn, path, {"status": "wanted"}, 409, "invalid_transition")
    timeline = get(api, f"/cases/{case['id']}/timeline", cn)
    assert [(e["kind"], e["to_status"]) for e in timeline] == [
        ("opened", "wanted"), ("status", "located"), ("status", "provisional_arrest"),
        ("status", "returned_extradited"),
    ]  # fmt: skip
    assert {e["party_id"] for e in timeline} == {world.cn.id}
    stats = get(api, "/cases/statistics", cn, start=T0.isoformat(), end=(T0 + 60 * DAY).isoformat())
    assert stats["sentence"] == "of 1 listed, 1 returned: 1 extradited, 0 removed, 0 surrendered"
    before = get(api, "/cases/statistics", cn, end=(T0 + 20 * DAY).isoformat())
    assert (before["returned"], before["open"]) == (0, 1)


def test_stale_filter_is_exact_at_the_boundary(
    api: TestClient, world: World, clock: SimulatedClock
) -> None:
    cn = world.cn["analyst"]
    case = post(api, "/cases", cn, CASE)  # listed at T0, nothing since; now is T0 + 40 days
    assert [c["id"] for c in get(api, "/cases", cn, stale_days=40)] == [case["id"]]
    assert get(api, "/cases", cn, stale_days=41) == []
    assert [c["id"] for c in get(api, "/cases", cn, status="wanted")] == [case["id"]]
    assert get(api, "/cases", cn, status="located") == []
    for params in ({"status": "lost"}, {"status": "lost", "stale_days": 1}, {"stale_days": 0}):
        assert_error(api.get(f"{API}/cases", params=params, headers=cn.headers), 422)


UNSHARED = ("charge", "law", "warrant_reference", "subject", "offences", "timeline", "reference")


def test_a_grantee_never_reads_an_unshared_field(
    api: TestClient, context: Context, world: World
) -> None:
    cn, us = world.cn["analyst"], world.us["analyst"]
    case = post(api, "/cases", cn, CASE)
    path = f"/cases/{case['id']}"
    assert_error(api.get(f"{API}{path}", headers=us.headers), 404, "not_found")
    share = post(api, f"{path}/shares", cn, {"party": "us-agency", "fields": ["subject_name", "status"]})  # fmt: skip
    assert share["fields"] == ["subject_name", "status"]
    for view in (get(api, path, us), get(api, "/cases", us)[0]):
        assert set(view) == {"id", "party_id", "subject_name", "status", "closed_at"}
    raw = api.get(f"{API}{path}", headers=us.headers).text
    assert CASE["charge"] not in raw and CASE["warrant_reference"] not in raw
    assert_error(api.get(f"{API}{path}/timeline", headers=us.headers), 404, "not_found")
    assert_error(api.get(f"{API}{path}", headers=world.provider["admin"].headers), 404)
    assert get(api, f"{path}/shares", us) == []  # only the owner sees who else it reaches
    refused(api, context, us, f"{path}/transition", {"status": "located"}, 403, "permission_denied")
    refused(api, context, cn, f"{path}/shares/fields", {"party": "us-agency", "fields": ["pin"]}, 422)  # fmt: skip
    post(api, f"{path}/shares/fields", cn, {"party": "us-agency", "fields": ["timeline", "charge"]}, 200)  # fmt: skip
    post(api, f"{path}/notes", us, {"note": "seen in Los Angeles (invented)"})
    view = get(api, path, us)
    assert set(view) == {"id", "party_id", "charge", "timeline", "last_activity_at"}
    assert [(e["party_id"], "to_status" in e) for e in view["timeline"]] == [
        (world.cn.id, False), (world.us.id, False),
    ]  # fmt: skip
    owner = get(api, f"{path}/timeline", cn)
    assert owner[-1]["actor_label"] == us.username and owner[-1]["to_status"] is None
    post(api, f"{path}/shares/revoke", cn, {"party": "us-agency"}, 200)
    assert_error(api.get(f"{API}{path}", headers=us.headers), 404, "not_found")
    refused(api, context, cn, f"{path}/shares/revoke", {"party": "us-agency"}, 422)


def test_a_write_grantee_moves_the_case(api: TestClient, world: World) -> None:
    cn, us = world.cn["analyst"], world.us["analyst"]
    case = post(api, "/cases", cn, CASE)
    body = {"party": "us-agency", "fields": ["status"], "permission": "write"}
    post(api, f"/cases/{case['id']}/shares", cn, body)
    moved = post(api, f"/cases/{case['id']}/transition", us, {"status": "located"}, 200)
    assert set(moved) == {"id", "party_id", "status", "closed_at"} and moved["status"] == "located"


def test_the_owner_edits_the_judicial_data(api: TestClient, context: Context, world: World) -> None:
    cn, us = world.cn["analyst"], world.us["analyst"]
    case = post(api, "/cases", cn, CASE)
    path = f"{API}/cases/{case['id']}"
    post(api, f"/cases/{case['id']}/shares", cn, {"party": "us-agency", "fields": ["charge"], "permission": "write"})  # fmt: skip
    for member, body, status in (
        (cn, {"offences": []}, 422),
        (cn, {"max_penalty_months": "ten"}, 422),
        (cn, {"listed_at": T0.isoformat()}, 422),
        (cn, {"sought_for": "fun"}, 422),
        (us, {"charge": "mine"}, 403),
        (world.provider["admin"], {"charge": "mine"}, 404),
    ):
        before = snapshot(context)
        assert_error(api.patch(path, json=body, headers=member.headers), status)
        assert snapshot(context) == before
    edit = {
        "charge": "Embezzlement and money laundering (invented)",
        "max_penalty_months": 240,
        "law": None,
    }
    answer = api.patch(path, json=edit, headers=cn.headers)
    assert answer.status_code == 200, answer.text
    edited = answer.json()
    assert (edited["charge"], edited["max_penalty_months"], edited["law"]) == (
        edit["charge"],
        240,
        None,
    )
    assert edited["warrant_reference"] == CASE["warrant_reference"]  # absent keys keep their value
    assert get(api, f"/cases/{case['id']}", us)["charge"] == edit["charge"]
    timeline = get(api, f"/cases/{case['id']}/timeline", cn)
    assert (timeline[-1]["kind"], timeline[-1]["note"]) == (
        "edited",
        "changed: charge, law, max_penalty_months",
    )


def test_idempotent_case_creation(api: TestClient, world: World) -> None:
    headers = world.cn["analyst"].headers | {"Idempotency-Key": "case-0001"}
    first = api.post(f"{API}/cases", json=CASE, headers=headers)
    again = api.post(f"{API}/cases", json=CASE, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again.headers["Idempotent-Replayed"] == "true"
    assert len(get(api, "/cases", world.cn["analyst"])) == 1


# --- Requests ------------------------------------------------------------------------------------


def draft(api: TestClient, member: Member, kind: str, **extra: Any) -> dict[str, Any]:
    body = {
        "kind": kind, "recipient": "us-agency", "title": f"{kind} (invented)",
        "legal_basis": "Reciprocity (invented)", "form": FORMS[kind],
    } | extra  # fmt: skip
    created: dict[str, Any] = post(api, "/requests", member, body)
    return created


def test_request_from_outbox_to_inbox_and_back(
    api: TestClient, context: Context, world: World, clock: SimulatedClock
) -> None:
    cn, us = world.cn["analyst"], world.us["analyst"]
    form = FORMS["extradition"] | {"penalty_max_months": 12}
    request = draft(api, cn, "extradition", form=form)
    path = f"/requests/{request['id']}"
    assert_error(api.get(f"{API}{path}", headers=us.headers), 404)  # a draft stays home
    eligibility = get(api, f"{path}/eligibility", cn)
    assert [w["code"] for w in eligibility["warnings"]] == ["penalty_below_threshold"]
    assert eligibility["missing"] == [f"article3.{q}" for q in NEUTRAL]
    refused(api, context, cn, f"{path}/send", {"acknowledge_warnings": True}, 422)  # unanswered
    body = refused(api, context, cn, f"{path}/send", {"article3": NEUTRAL}, 422)
    assert "acknowledged" in body["error"]
    sent = post(api, f"{path}/send", cn, {"article3": NEUTRAL, "acknowledge_warnings": True}, 200)
    assert sent["status"] == "sent" and sent["article3"] == NEUTRAL
    assert sent["warnings"][0]["code"] == "penalty_below_threshold"
    assert [r["id"] for r in get(api, "/requests", us, box="inbox")] == [request["id"]]
    assert get(api, "/requests", us, box="outbox") == []
    refused(api, context, cn, f"{path}/actions", {"action": "acknowledge"}, 409)  # not its side
    for action in ("acknowledge", "start"):
        post(api, f"{path}/actions", us, {"action": action}, 200)
    post(api, f"{path}/messages", us, {"body": "Please send the warrant's certified copy."})
    clock.advance(SECOND)
    post(api, f"{path}/messages", cn, {"body": "Attached."})
    messages = get(api, f"{path}/messages", cn)
    assert [m["party_id"] for m in messages] == [world.us.id, world.cn.id]
    refused(api, context, us, f"{path}/actions", {"action": "refuse"}, 422)  # no ground
    done = post(api, f"{path}/actions", us, {"action": "fulfil_partially", "note": "one count"}, 200)  # fmt: skip
    assert done["status"] == "partially_fulfilled"
    events = get(api, f"{path}/events", cn)
    assert [e["name"] for e in events] == ["create", "send", "acknowledge", "start", "fulfil_partially"]  # fmt: skip
    assert {e["party_id"] for e in events[2:]} == {world.us.id}


def test_attachments_are_hashed_capped_and_checked(
    context: Context, world: World, clock: SimulatedClock
) -> None:
    with client_for(context, clock) as api:
        request = draft(api, world.cn["analyst"], "information_exchange")
        path = f"{API}/requests/{request['id']}/attachments"
        headers = world.cn["analyst"].headers | {"Content-Type": "application/pdf"}
        content = b"%PDF-1.7 invented evidence\n"
        answer = api.post(
            path, params={"filename": "warrant.pdf"}, content=content, headers=headers
        )
        assert answer.status_code == 201, answer.text
        stored = answer.json()
        assert (stored["sha256"], stored["size"]) == (
            hashlib.sha256(content).hexdigest(),
            len(content),
        )
        download = api.get(f"{API}/request-attachments/{stored['id']}", headers=headers)
        assert download.content == content and download.headers["content-type"] == "application/pdf"
        digest = base64.b64encode(hashlib.sha256(content).digest()).decode()
        assert download.headers["repr-digest"] == f"sha-256=:{digest}:"
        before = snapshot(context)
        big = b"x" * (context.settings.max_body_bytes + 1)
        over = api.post(path, params={"filename": "big.bin"}, content=big, headers=headers)
        assert_error(over, 413, "payload_too_large")
        bad = api.post(path, params={"filename": "a/b.pdf"}, content=content, headers=headers)
        assert_error(bad, 422)
        assert snapshot(context) == before
        assert_error(api.get(f"{API}/request-attachments/{stored['id']}", headers=world.us["admin"].headers), 404)  # fmt: skip


def test_attachment_limit_of_the_workflow_is_a_413(
    context: Context, world: World, clock: SimulatedClock
) -> None:
    settings = Settings(env="test", database_url=context.settings.database_url, max_body_bytes=11 * 2**20)  # fmt: skip
    roomy = Context(settings, context.db)
    with client_for(roomy, clock) as api:
        request = draft(api, world.cn["analyst"], "information_exchange")
        before = snapshot(context)
        answer = api.post(
            f"{API}/requests/{request['id']}/attachments",
            params={"filename": "dump.bin"},
            content=b"\0" * (10 * 2**20 + 1),
            headers=world.cn["analyst"].headers,
        )
        body = assert_error(answer, 413, "payload_too_large")
        assert "10485760" in body["error"] and snapshot(context) == before


def test_clocks_fire_exactly_on_time(
    api: TestClient, context: Context, world: World, clock: SimulatedClock
) -> None:
    cn, us = world.cn["analyst"], world.us["analyst"]
    request = draft(api, cn, "deportation")
    path = f"/requests/{request['id']}"
    post(api, f"{path}/send", cn, {}, 200)
    post(api, f"{path}/actions", us, {"action": "acknowledge"}, 200)
    verified_at = clock.now()
    post(api, f"{path}/milestones", us, {"milestone": "identity_verified"})
    travel = next(c for c in get(api, f"{path}/clocks", cn) if c["kind"] == "travel_document")
    assert "30 days" in travel["basis"] and parse(travel["due_at"]) == verified_at + 30 * DAY

    def run() -> list[tuple[str, bool]]:
        alerts = post(api, "/clocks/run", cn, None, 200)["alerts"]
        return [(a["phase"], a["recorded"]) for a in alerts if a["kind"] == "travel_document"]

    clock.set(verified_at + 23 * DAY - SECOND)
    assert run() == []
    clock.set(verified_at + 23 * DAY)
    assert run() == [("reminder", True)]
    assert run() == [("reminder", False)]
    clock.set(verified_at + 30 * DAY - SECOND)
    assert run() == [("reminder", False)]
    clock.set(verified_at + 30 * DAY)
    assert run() == [("overdue", True)]
    assert get(api, f"{path}/clocks", us)[-1]["phase"] == "overdue"
    post(api, f"{path}/milestones", us, {"milestone": "travel_document_issued"})
    assert run() == []
    refused(api, context, us, f"{path}/milestones", {"milestone": "travel_document_issued"}, 409)


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "smuggling"},
        {"recipient": "cn-agency"},
        {"recipient": "nowhere"},
        {"form": {"shoe_size": 42}},
        {"clock_days": {"travel_document": 40}},
        {"article3": {"economic": {"has_character": False}}},
        {"urgency": "yesterday"},
        {"title": ""},
    ],
)
def test_bad_request_is_refused_and_changes_nothing(
    api: TestClient, context: Context, world: World, bad: dict[str, Any]
) -> None:
    body = {"kind": "deportation", "recipient": "us-agency", "title": "x", "form": {}} | bad
    answer_status = 404 if bad.get("recipient") == "nowhere" else 422
    refused(api, context, world.cn["analyst"], "/requests", body, answer_status)


# --- Assets --------------------------------------------------------------------------------------


def test_assets_move_stage_by_stage_with_dated_values(
    api: TestClient, context: Context, world: World, clock: SimulatedClock
) -> None:
    cn = world.cn["analyst"]
    case = post(api, "/cases", cn, CASE)
    base = {"kind": "real_estate", "description": "a flat (invented)", "case_id": case["id"]}
    refused(api, context, cn, "/assets", base | {"amount": "100"}, 422)  # no currency
    refused(api, context, cn, "/assets", base | {"amount": 12.5, "currency": "USD"}, 422)  # float
    refused(api, context, cn, "/assets", base | {"currency": "USD"}, 422)  # no amount
    refused(api, context, cn, "/assets", base | {"amount": "1", "currency": "XYZ"}, 422)
    asset = post(api, "/assets", cn, base | {"amount": "850000.00", "currency": "CAD", "occurred_at": (T0 + DAY).isoformat()})  # fmt: skip
    path = f"/assets/{asset['id']}/stage"
    refused(api, context, cn, path, {"stage": "confiscated"}, 409, "invalid_transition")
    refused(api, context, cn, path, {"stage": "frozen", "occurred_at": T0.isoformat()}, 422)
    future = {"stage": "frozen", "occurred_at": (clock.now() + DAY).isoformat()}
    refused(api, context, cn, path, future, 422)
    frozen = post(api, path, cn, {"stage": "frozen", "amount": "900000.5", "currency": "cad"}, 200)
    assert [(h["stage"], h["amount"], h["currency"]) for h in frozen["history"]] == [
        ("traced", "850000.00", "CAD"), ("frozen", "900000.5", "CAD"),
    ]  # fmt: skip
    post(api, "/assets", cn, base | {"amount": "10", "currency": "USD"})
    totals = get(api, "/assets/totals", cn, case_id=case["id"])
    assert totals["count"] == {"frozen": 1, "traced": 1}
    assert totals["values"] == {"frozen": {"CAD": "900000.5"}, "traced": {"USD": "10"}}
    assert_error(api.get(f"{API}/assets/{asset['id']}", headers=world.us["admin"].headers), 404)
    listed = get(api, "/assets", cn, case_id=case["id"])
    assert sorted(a["stage"] for a in listed) == ["frozen", "traced"]
    assert get(api, "/assets", world.us["admin"]) == []  # not shared with us


# --- Leads ---------------------------------------------------------------------------------------


def test_leads_are_exported_as_valid_stix_and_tlp_holds(
    api: TestClient, context: Context, world: World
) -> None:
    cn, us = world.cn["analyst"], world.us["analyst"]
    case = post(api, "/cases", cn, CASE)
    path = f"/cases/{case['id']}/leads"
    for tlp, value in (
        ("red", "203.0.113.9"),
        ("amber", "203.0.113.10"),
        ("green", "203.0.113.11"),
    ):
        post(api, path, cn, {"kind": "ipv4", "value": value, "tlp": tlp, "source": "sinkhole (invented)"})  # fmt: skip
    refused(api, context, cn, path, {"kind": "wallet", "value": "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3", "tlp": "red", "source": "x"}, 422)  # fmt: skip
    refused(api, context, cn, path, {"kind": "ipv4", "value": "203.0.113.9", "tlp": "red", "source": "x"}, 409)  # fmt: skip
    assert_error(api.get(f"{API}{path}", headers=us.headers), 404)
    post(api, f"/cases/{case['id']}/shares", cn, {"party": "us-agency", "fields": ["status"]})
    assert sorted(lead["tlp"] for lead in get(api, path, us)) == ["amber", "green"]
    bundle = post(api, f"{path}/export", cn, {"recipient": "us-agency"}, 200)
    assert schema_errors(bundle) == []
    patterns = sorted(o["pattern"] for o in bundle["objects"] if o["type"] == "indicator")
    assert patterns == ["[ipv4-addr:value = '203.0.113.10']", "[ipv4-addr:value = '203.0.113.11']"]
    outside = post(api, f"{path}/export", cn, {}, 200)
    assert [o["pattern"] for o in outside["objects"] if o["type"] == "indicator"] == [patterns[1]]
    other = post(api, "/cases", us, CASE | {"host_party": "cn-agency"})
    report = post(api, f"/cases/{other['id']}/leads/import", us, {"bundle": bundle, "default_tlp": "red"}, 200)  # fmt: skip
    assert report["counts"]["imported"] == 2
    refused(api, context, us, f"/cases/{other['id']}/leads/import", {"bundle": {"type": "report"}}, 422)  # fmt: skip
