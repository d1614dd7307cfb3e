"""``/api/v1/provider``: the registry, signed and staff intake, call-back, gate and approval, signed
response packages with receipt, notices and the sweep. Refused submissions (forged, replayed,
unsigned, stale, unknown key or authority, missing elements, over-broad, expired order) are a 4xx
with the reason, audited, and nothing is disclosed; another party never sees a provider's requests.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from lawbridge.domain.audit import format_time
from lawbridge.domain.authorities import encode_public_key, sign, signed_envelope
from lawbridge.domain.clocks import SimulatedClock
from lawbridge.server.app import create_app
from lawbridge.workflows import responses
from lawbridge.workflows.unit import Context
from tests.conftest import Member, World, make_party
from tests.contracts.error_shape import assert_error
from tests.contracts.state import snapshot
from tests.workflows.provider_helpers import (
    CN_CONTACT,
    DAY,
    SECOND,
    T0,
    US_CONTACT,
    audit_actions,
    audit_payloads,
    disclosure,
    disclosures,
    emergency,
)

API = "/api/v1/provider"
SUBJECT = "alice.sample@example.com"
RECORDS = [
    {"id": "r1", "category": "subscriber", "timestamp": "2026-01-10T10:00:00Z",
     "subject": SUBJECT, "data": {"email": SUBJECT, "name": "Alice Sample"}},
    {"id": "r2", "category": "traffic", "timestamp": "2026-01-20T10:00:00Z", "subject": SUBJECT,
     "data": "message to bob.other@example.org, cc +1 212 555 0187"},
    {"id": "r3", "category": "content", "timestamp": "2026-01-15T10:00:00Z", "subject": SUBJECT,
     "data": "not requested"},
    {"id": "r4", "category": "subscriber", "timestamp": "2026-01-11T10:00:00Z",
     "subject": "carol.other@example.com", "data": "another user"},
]  # fmt: skip


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(T0)


@pytest.fixture
def api(context: Context, clock: SimulatedClock) -> Iterator[TestClient]:
    app = create_app(context=context)
    app.state.clock = clock
    with TestClient(app) as test_client:
        yield test_client


def post(api: TestClient, path: str, member: Member, json: Any = None, status: int = 201) -> Any:
    answer = api.post(f"{API}{path}", json=json, headers=member.headers)
    assert answer.status_code == status, answer.text
    return answer.json()


def get(api: TestClient, path: str, member: Member, **params: Any) -> Any:
    answer = api.get(f"{API}{path}", params=params, headers=member.headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


class Authority:
    def __init__(self, body: dict[str, Any], private: Ed25519PrivateKey, key_id: str) -> None:
        self.id, self.private, self.key_id = body["id"], private, key_id

    def envelope(self, request: dict[str, Any], issued: datetime, **kw: Any) -> dict[str, Any]:
        body = request | {
            "authority": self.id,
            "nonce": kw.get("nonce") or secrets.token_hex(12),
            "issued_at": format_time(issued),
        }
        return signed_envelope(kw.get("private") or self.private, kw.get("key_id") or self.key_id, body)  # fmt: skip


def register(
    api: TestClient, member: Member, name: str, country: str, contact: dict[str, str], key_id: str
) -> Authority:
    private = Ed25519PrivateKey.generate()
    key = {"key_id": key_id, "public_key": encode_public_key(private.public_key()),
           "valid_from": (T0 - DAY).isoformat()}  # fmt: skip
    body = {"name": name, "country": country, "kind": "police", "contact": contact, "keys": [key]}
    return Authority(post(api, "/authorities", member, body), private, key_id)


@pytest.fixture
def fbi(api: TestClient, world: World) -> Authority:
    return register(api, world.provider["admin"], "FBI (invented)", "US", US_CONTACT, "us-fbi-1")


def refused(
    api: TestClient, member: Member, path: str, json: Any, status: int, code: str
) -> dict[str, Any]:
    return assert_error(api.post(f"{API}{path}", json=json, headers=member.headers), status, code)


# --- Registry -----------------------------------------------------------------------------------


def test_registry_lists_authorities_with_keys_and_refuses_bad_ones(
    api: TestClient, context: Context, world: World, fbi: Authority
) -> None:
    admin = world.provider["admin"]
    found = get(api, "/authorities", admin)
    assert [(a["name"], [k["key_id"] for k in a["keys"]]) for a in found] == [
        ("FBI (invented)", ["us-fbi-1"])
    ]
    assert get(api, "/authorities", admin, country="CN") == []
    assert get(api, f"/authorities/{fbi.id}", admin)["contact"] == US_CONTACT
    before = snapshot(context)
    good = {"name": "X", "country": "US", "contact": US_CONTACT}
    refused(api, admin, "/authorities", good | {"contact": {"fax": "1"}}, 422, "invalid_input")
    refused(api, admin, "/authorities", good | {"country": "ZZZ"}, 422, "invalid_input")
    refused(api, admin, "/authorities", good | {"keys": [{"key_id": "k", "public_key": "bad"}]}, 422, "invalid_input")  # fmt: skip
    pub = encode_public_key(Ed25519PrivateKey.generate().public_key())
    refused(api, admin, f"/authorities/{fbi.id}/keys", {"key_id": "us-fbi-1", "public_key": pub}, 409, "conflict")  # fmt: skip
    refused(api, world.provider["auditor"], "/authorities", good, 403, "permission_denied")
    refused(api, world.us["admin"], "/authorities", good, 422, "invalid_input")  # not a provider
    assert snapshot(context) == before
    rotated = post(api, f"/authorities/{fbi.id}/keys/us-fbi-1/rotate", admin,
                   {"new_key_id": "us-fbi-2", "public_key": pub})  # fmt: skip
    assert rotated["key_id"] == "us-fbi-2"
    revoked = post(api, f"/authorities/{fbi.id}/keys/us-fbi-2/revoke", admin, {"reason": "lost"}, 200)  # fmt: skip
    assert revoked["revoked_at"] is not None


# --- Signed intake to a delivered package -------------------------------------------------------


def test_signed_request_walks_to_a_delivered_receipted_package(
    api: TestClient, context: Context, world: World, fbi: Authority, clock: SimulatedClock
) -> None:
    analyst, reviewer = world.provider["analyst"], world.provider["reviewer"]
    env = fbi.envelope(disclosure(subjects=[SUBJECT]), clock.now())
    created = post(api, "/requests/signed", analyst, env)
    rid = created["id"]
    assert (created["status"], created["channel"]) == ("verified", "signed")
    assert created["deadlines"]["acknowledgement_overdue"] is False
    assert [r["id"] for r in get(api, "/requests", analyst)] == [rid]
    assert [r["id"] for r in get(api, "/deadlines", analyst)] == [rid]
    refused(api, analyst, f"/requests/{rid}/package", {"records": RECORDS}, 409, "invalid_transition")  # fmt: skip
    gated = post(api, f"/requests/{rid}/gate", analyst, {"data_locations": ["US"]}, 200)
    assert (gated["status"], gated["gate"]["outcome"]) == ("gate_checked", "pass")
    refused(api, analyst, f"/requests/{rid}/approve", None, 403, "permission_denied")
    assert post(api, f"/requests/{rid}/approve", reviewer, None, 200)["status"] == "approved"
    package = post(api, f"/requests/{rid}/package", analyst, {"records": RECORDS})
    assert [i["id"] for i in package["manifest"]["items"]] == ["r1", "r2"]
    download = api.get(f"{API}/packages/{package['id']}/download", headers=analyst.headers)
    assert download.status_code == 200
    sent = download.json()
    assert download.headers["x-manifest-sha256"] == package["manifest_sha256"]
    assert "bob.other@example.org" not in str(sent["items"]) and "<EMAIL>" in str(sent["items"])
    key = get(api, "/signing-key", analyst)
    assert key["public_key"] == sent["public_key"] and key["key_id"] == sent["key_id"]
    assert responses.verify_package(sent["manifest"], sent["items"], sent["signature"], key["public_key"]) == []  # fmt: skip
    deliver = {"via": "LERS portal"}
    body = refused(api, analyst, f"/packages/{package['id']}/deliver", deliver, 409, "invalid_transition")  # fmt: skip
    assert "notify" in body["error"]
    notices = post(api, f"/requests/{rid}/notices", analyst, None, 200)
    assert [(n["subject"], n["status"]) for n in notices] == [(SUBJECT, "pending")]
    assert post(api, f"/notices/{notices[0]['id']}/send", analyst, None, 200)["subject"] == SUBJECT
    assert get(api, "/notices", analyst, status="sent")[0]["id"] == notices[0]["id"]
    delivered = post(api, f"/packages/{package['id']}/deliver", analyst, deliver, 200)
    assert delivered["delivered_via"] == "LERS portal"
    received = clock.now()
    statement = responses.receipt_statement(package["id"], package["manifest_sha256"], received)
    receipt = {"received_by": "Agent Sample", "received_at": received.isoformat(),
               "manifest_sha256": package["manifest_sha256"],
               "signature": sign(fbi.private, statement), "key_id": fbi.key_id}  # fmt: skip
    refused(api, analyst, f"/packages/{package['id']}/receipt", receipt | {"manifest_sha256": "0" * 64}, 422, "invalid_input")  # fmt: skip
    done = post(api, f"/packages/{package['id']}/receipt", analyst, receipt, 200)
    assert done["receipt"]["signed"] is True
    file = get(api, f"/requests/{rid}", analyst)
    assert file["request"]["status"] == "responded" and file["package"]["id"] == package["id"]
    assert file["disclosure_verified"] is True and file["authority"]["id"] == fbi.id
    assert audit_actions(context, rid) == [
        "provider_request.receive", "provider_request.verify", "provider_request.gate_pass",
        "provider_request.approve", "provider_request.package", "provider_request.deliver",
        "provider_request.respond", "provider_request.receipt",
    ]  # fmt: skip


# --- Refusals -----------------------------------------------------------------------------------


def test_forged_replayed_unsigned_and_stale_submissions_are_refused_audited_undisclosed(
    api: TestClient, context: Context, world: World, fbi: Authority, clock: SimulatedClock
) -> None:
    analyst = world.provider["analyst"]
    now = clock.now()
    forged = fbi.envelope(emergency(), now, private=Ed25519PrivateKey.generate())
    unsigned = {"body": fbi.envelope(emergency(), now)["body"]}
    cases = [
        (forged, 422, "bad_signature"),
        (unsigned, 422, "unsigned"),
        (fbi.envelope(emergency(), now - DAY), 422, "stale"),
        (fbi.envelope(emergency(), now, key_id="nobody-1"), 422, "unknown_key"),
        (fbi.envelope(emergency(), now + DAY), 422, "issued_in_future"),
    ]
    for env, status, code in cases:
        body = refused(api, analyst, "/requests/signed", env, status, code)
        assert body["errors"] == [] and body["error"]
    replay = fbi.envelope(emergency(), now)
    first = post(api, "/requests/signed", analyst, replay)
    assert first["status"] == "verified"
    refused(api, analyst, "/requests/signed", replay, 409, "replayed_nonce")
    failures = [p["failure"] for p in audit_payloads(context, "provider_request.reject_submission")]
    assert failures == [code for _, _, code in cases] + ["replayed_nonce"]
    assert get(api, "/requests", analyst) == [first]
    assert disclosures(context) == 0


@pytest.mark.parametrize(
    ("change", "code", "reason"),
    [
        ({"legal_basis": None, "offence": None}, "invalid_request", "missing elements"),
        ({"subjects": ["*"]}, "over_broad", "must name its subjects"),
        ({"time_end": "2027-06-01T00:00:00Z"}, "over_broad", "exceeds"),
        ({"nondisclosure": True, "nondisclosure_until": "2026-03-01T00:00:00Z"}, "over_broad",
         "already expired"),
    ],
)  # fmt: skip
def test_bad_requests_are_stored_rejected_with_their_reason(
    api: TestClient,
    context: Context,
    world: World,
    fbi: Authority,
    clock: SimulatedClock,
    change: dict[str, Any],
    code: str,
    reason: str,
) -> None:
    analyst = world.provider["analyst"]
    request = {k: v for k, v in (disclosure() | change).items() if v is not None}
    body = refused(api, analyst, "/requests/signed", fbi.envelope(request, clock.now()), 422, code)
    assert reason in body["error"]
    [problem] = body["errors"]
    rid = problem["msg"]
    file = get(api, f"/requests/{rid}", analyst)
    assert file["request"]["status"] == "rejected" and reason in file["request"]["rejection_reason"]
    assert "provider_request.reject" in audit_actions(context, rid)
    post(api, f"/requests/{rid}/gate", analyst, {"data_locations": ["US"]}, 409)
    assert disclosures(context) == 0


def test_staff_intake_unknown_authority_and_unsigned_emergency_are_refused(
    api: TestClient, context: Context, world: World, fbi: Authority
) -> None:
    analyst = world.provider["analyst"]
    unknown = disclosure() | {"authority": "00000000-0000-0000-0000-000000000000"}
    refused(api, analyst, "/requests", unknown, 422, "unknown_authority")
    body = refused(api, analyst, "/requests", emergency() | {"authority": fbi.id}, 422, "unsigned_emergency")  # fmt: skip
    assert body["errors"][0]["loc"] == ["request_id"]
    refused(api, analyst, "/requests", disclosure() | {"authority": fbi.id, "type": "x"}, 422, "invalid_request")  # fmt: skip
    refused(api, analyst, "/requests", disclosure() | {"authority": fbi.id, "surprise": 1}, 422, "invalid_input")  # fmt: skip
    actions = [p["failure"] for p in audit_payloads(context, "provider_request.reject_submission")]
    assert actions == ["unknown_authority", "invalid_request"]
    assert disclosures(context) == 0


# --- Staff intake, call-back, gate and approval -------------------------------------------------


def test_call_back_verifies_and_the_gate_blocks_foreign_access_until_approved(
    api: TestClient, context: Context, world: World, fbi: Authority
) -> None:
    analyst, reviewer = world.provider["analyst"], world.provider["reviewer"]
    data = disclosure(subjects=[SUBJECT]) | {"authority": fbi.id, "received_via": "fax"}
    rid = post(api, "/requests", analyst, data)["id"]
    path = f"/requests/{rid}"
    refused(api, analyst, f"{path}/gate", {"data_locations": ["CN"]}, 409, "invalid_transition")
    call = {"contact_called": "+1 202 555 9999", "outcome": "confirmed"}
    post(api, f"{path}/callbacks", analyst, call)  # a number not on file: still received
    assert get(api, path, analyst)["request"]["status"] == "received"
    refused(api, analyst, f"{path}/callbacks", call | {"outcome": "maybe"}, 422, "invalid_input")
    post(api, f"{path}/callbacks", analyst, call | {"contact_called": US_CONTACT["phone"]})
    blocked = post(api, f"{path}/gate", analyst, {"data_locations": ["CN"]}, 200)
    assert blocked["status"] == "blocked"
    assert [f["rule"] for f in blocked["gate"]["findings"]] == ["cn_foreign_access"]
    refused(api, reviewer, f"{path}/approve", None, 409, "invalid_transition")
    approval = {"kind": "cn_competent_authority", "approving_authority": "Ministry of Justice (invented)", "reference": "MOJ-2026-7"}  # fmt: skip
    refused(api, analyst, f"{path}/gate/approvals", approval, 403, "permission_denied")
    refused(api, reviewer, f"{path}/gate/approvals", approval | {"kind": "x"}, 422, "invalid_input")
    post(api, f"{path}/gate/approvals", reviewer, approval)
    cleared = post(api, f"{path}/gate", analyst, {"data_locations": ["CN"]}, 200)
    assert cleared["status"] == "gate_checked"
    assert post(api, f"{path}/approve", reviewer, None, 200)["status"] == "approved"
    file = get(api, path, analyst)
    assert [c["outcome"] for c in file["callbacks"]] == ["confirmed", "confirmed"]
    assert [a["reference"] for a in file["approvals"]] == ["MOJ-2026-7"]
    rules = {r["id"]: r for r in get(api, "/gate/rules", analyst)}
    assert "Art. 36" in rules["cn_foreign_access"]["basis"]


def test_denied_call_back_rejects_as_forged(
    api: TestClient, context: Context, world: World
) -> None:
    analyst = world.provider["analyst"]
    mps = register(api, world.provider["admin"], "MPS (invented)", "CN", CN_CONTACT, "cn-mps-1")
    rid = post(api, "/requests", analyst, disclosure() | {"authority": mps.id})["id"]
    post(api, f"/requests/{rid}/callbacks", analyst, {"contact_called": CN_CONTACT["email"], "outcome": "denied"})  # fmt: skip
    file = get(api, f"/requests/{rid}", analyst)
    assert (
        file["request"]["status"] == "rejected" and "forged" in file["request"]["rejection_reason"]
    )


# --- Notices and the sweep ----------------------------------------------------------------------


def test_notice_goes_out_when_the_order_lapses_on_the_sweep(
    api: TestClient, context: Context, world: World, fbi: Authority, clock: SimulatedClock
) -> None:
    analyst = world.provider["analyst"]
    until = T0 + 10 * DAY
    request = disclosure(nondisclosure=True, nondisclosure_until=until.isoformat())
    rid = post(api, "/requests/signed", analyst, fbi.envelope(request, clock.now()))["id"]
    [notice] = post(api, f"/requests/{rid}/notices", analyst, None, 200)
    assert notice["status"] == "barred"
    refused(api, analyst, f"/notices/{notice['id']}/send", None, 409, "invalid_transition")
    clock.set(until - SECOND)
    swept = post(api, "/clocks/run", analyst, None, 200)
    assert swept["notices_sent"] == []
    assert [o["request_id"] for o in swept["overdue"]] == [rid]  # 72 h acknowledgement passed
    clock.set(until)
    swept = post(api, "/clocks/run", analyst, None, 200)
    assert [n["notice_id"] for n in swept["notices_sent"]] == [notice["id"]]
    assert post(api, "/clocks/run", analyst, None, 200)["notices_sent"] == []
    assert get(api, f"/requests/{rid}/notices", analyst)[0]["status"] == "sent"


# --- Isolation and idempotency ------------------------------------------------------------------


def test_other_provider_and_agencies_never_see_a_providers_requests(
    api: TestClient, context: Context, world: World, fbi: Authority, clock: SimulatedClock
) -> None:
    rid = post(api, "/requests/signed", world.provider["analyst"], fbi.envelope(disclosure(), clock.now()))["id"]  # fmt: skip
    other = make_party(context, "provider-b", "provider", "US")
    for member in (other["admin"], world.us["admin"], world.cn["admin"]):
        assert get(api, "/requests", member) == []
        assert get(api, "/authorities", member) == []
        assert_error(api.get(f"{API}/requests/{rid}", headers=member.headers), 404, "not_found")
        assert_error(api.get(f"{API}/authorities/{fbi.id}", headers=member.headers), 404, "not_found")  # fmt: skip
    env = fbi.envelope(disclosure(), clock.now())
    refused(api, other["admin"], "/requests/signed", env, 422, "unknown_key")
    refused(api, world.us["admin"], "/requests/signed", env, 422, "invalid_input")


def test_intake_is_idempotent_with_a_key_refusals_included(
    api: TestClient, context: Context, world: World, fbi: Authority, clock: SimulatedClock
) -> None:
    headers = world.provider["analyst"].headers
    env = fbi.envelope(disclosure(), clock.now())
    for body, status in ((env, 201), ({"body": env["body"]}, 422)):
        key = {"Idempotency-Key": secrets.token_hex(8)}
        first = api.post(f"{API}/requests/signed", json=body, headers=headers | key)
        again = api.post(f"{API}/requests/signed", json=body, headers=headers | key)
        assert (first.status_code, again.status_code) == (status, status)
        assert first.json() == again.json() and again.headers["idempotent-replayed"] == "true"
    assert len(get(api, "/requests", world.provider["analyst"])) == 1
    malformed = api.post(f"{API}/requests/signed", content=b"{", headers=headers | {"Content-Type": "application/json"})  # fmt: skip
    assert_error(malformed, 400, "malformed_json")
    assert_error(api.post(f"{API}/requests/signed", json={"body": []}, headers=headers), 422, "invalid_input")  # fmt: skip
