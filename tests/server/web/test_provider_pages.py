"""The provider's lawful-request pages: the inbox with deadlines (soonest first, overdue marked),
the request file with its verification and gate results and the call-back / gate / approval forms
(CSRF), the response builder, the notices. Bad input is a 4xx with the form kept and nothing
changed; an agency or another provider never sees a provider's requests (404)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from lawbridge.domain.authorities import encode_public_key
from lawbridge.domain.clocks import SimulatedClock
from lawbridge.workflows import provider_requests, responses
from lawbridge.workflows.unit import Context
from tests.conftest import World, make_party
from tests.contracts.state import snapshot
from tests.server.web.webtools import sign_in
from tests.workflows.provider_helpers import (
    DAY,
    HOUR,
    T0,
    US_CONTACT,
    disclosure,
    disclosures,
    envelope,
    receive,
    register,
)

ROLES = ("admin", "analyst", "reviewer", "auditor")
SUBJECT = "alice.sample@example.com"
RECORDS = [
    {"id": "r1", "category": "subscriber", "timestamp": "2026-01-10T10:00:00Z", "subject": SUBJECT,
     "data": {"email": SUBJECT}},
    {"id": "r2", "category": "traffic", "timestamp": "2026-01-20T10:00:00Z", "subject": SUBJECT,
     "data": "mail to bob.other@example.org"},
]  # fmt: skip


@dataclass
class Setup:
    signed: str
    staff: str
    later: str
    clock: SimulatedClock


@pytest.fixture
def setup(context: Context, world: World, client: TestClient) -> Setup:
    """A signed disclosure (verified), a staff-entered one (received) and a signed one received a
    day later; the server's clock stands an hour before the third is overdue (the first two are overdue)."""
    clock = SimulatedClock(T0)
    admin, analyst = world.provider["admin"], world.provider["analyst"]
    fbi = register(context, admin, clock, name="FBI (invented)", country="US",
                   contact=US_CONTACT, key_id="us-fbi-1")  # fmt: skip
    signed = receive(context, analyst, envelope(fbi, disclosure(subjects=[SUBJECT], reference="SIGNED-1"), clock.now()), clock)  # fmt: skip
    with context.write(analyst.actor) as unit:
        staff = provider_requests.enter_request(
            unit, disclosure(reference="STAFF-1") | {"authority": fbi.id}, clock=clock
        )
        assert staff.request is not None
        staff_id = staff.request.id
    clock.advance(DAY)
    later = receive(context, analyst, envelope(fbi, disclosure(reference="LATER-1"), clock.now()), clock)  # fmt: skip
    assert signed.request is not None and later.request is not None
    clock.set(T0 + 4 * DAY - HOUR)
    client.app.state.clock = clock  # type: ignore[attr-defined]
    return Setup(signed.request.id, staff_id, later.request.id, clock)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_renders_for_every_role(
    client: TestClient, world: World, setup: Setup, role: str
) -> None:
    sign_in(client, world.provider[role].username)
    for path in ("/provider/requests", f"/provider/requests/{setup.signed}",
                 f"/provider/requests/{setup.staff}", f"/provider/requests/{setup.signed}/package",
                 "/provider/notices", "/provider/requests?status=received", "/provider/authorities"):  # fmt: skip
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text[:800])
    assert 'href="/provider/requests"' in client.get("/").text
    staff_page = client.get(f"/provider/requests/{setup.staff}").text
    assert ('id="callback-form"' in staff_page) == (role in ("admin", "analyst"))
    signed_page = client.get(f"/provider/requests/{setup.signed}").text
    assert ('id="gate-form"' in signed_page) == (role in ("admin", "analyst"))


def test_inbox_lists_soonest_deadline_first_and_marks_the_overdue(
    client: TestClient, world: World, setup: Setup
) -> None:
    sign_in(client, world.provider["analyst"].username)
    page = client.get("/provider/requests").text
    assert page.index("SIGNED-1") < page.index("LATER-1")
    assert page.index("STAFF-1") < page.index("LATER-1")
    assert page.count('<tr class="overdue">') == 2  # 72 hours to acknowledge have passed
    assert 'id="overdue-count"' in page
    received = client.get("/provider/requests", params={"status": "received"}).text
    assert "STAFF-1" in received and "SIGNED-1" not in received
    fragment = client.get("/provider/requests", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text


def test_call_back_gate_and_approval_from_the_file(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    token = sign_in(client, world.provider["analyst"].username)
    path = f"/provider/requests/{setup.staff}"
    assert "Not verified yet" in client.get(path).text
    no_csrf = client.post(f"{path}/callback", data={"contact_called": US_CONTACT["phone"], "outcome": "confirmed"})  # fmt: skip
    assert no_csrf.status_code == 403
    before = snapshot(context)
    bad = client.post(f"{path}/callback", data={"contact_called": US_CONTACT["phone"], "outcome": "perhaps", "csrf_token": token})  # fmt: skip
    assert bad.status_code == 422 and "outcome must be one of" in bad.text
    assert US_CONTACT["phone"] in bad.text  # the form kept what was typed
    assert snapshot(context) == before
    called = client.post(f"{path}/callback", data={"contact_called": US_CONTACT["phone"], "outcome": "confirmed", "csrf_token": token}, follow_redirects=False)  # fmt: skip
    assert called.status_code == 303
    page = client.get(path).text
    assert "Confirmed by a call-back" in page and 'id="gate-form"' in page
    wrong = client.post(f"{path}/gate", data={"data_locations": "China", "csrf_token": token})
    assert wrong.status_code == 422
    gated = client.post(f"{path}/gate", data={"data_locations": "CN", "csrf_token": token}, follow_redirects=False)  # fmt: skip
    assert gated.status_code == 303
    page = client.get(path).text
    assert "cn_foreign_access" in page and "Data Security Law" in page and 'id="approve-form"' not in page  # fmt: skip
    reviewer = TestClient(client.app)
    review_token = sign_in(reviewer, world.provider["reviewer"].username)
    assert 'id="approval-form"' in reviewer.get(path).text
    approval = {"kind": "cn_competent_authority", "approving_authority": "MOJ (invented)",
                "reference": "MOJ-7", "csrf_token": review_token}  # fmt: skip
    assert reviewer.post(f"{path}/approval", data=approval, follow_redirects=False).status_code == 303  # fmt: skip
    client.post(f"{path}/gate", data={"data_locations": "CN", "csrf_token": token})
    assert "MOJ-7" in reviewer.get(path).text
    approved = reviewer.post(f"{path}/approve", data={"csrf_token": review_token}, follow_redirects=False)  # fmt: skip
    assert approved.status_code == 303
    assert 'id="request-status">Approved' in reviewer.get(path).text.replace("\n", "")


def test_response_builder_builds_a_signed_package_and_delivers_after_notice(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    with context.write(world.provider["analyst"].actor) as unit:
        provider_requests.run_gate(unit, setup.signed, ["US"], clock=setup.clock)
    reviewer = TestClient(client.app)
    review_token = sign_in(reviewer, world.provider["reviewer"].username)
    reviewer.post(f"/provider/requests/{setup.signed}/approve", data={"csrf_token": review_token})
    token = sign_in(client, world.provider["analyst"].username)
    path = f"/provider/requests/{setup.signed}/package"
    assert 'id="package-form"' in client.get(path).text
    before = snapshot(context)
    bad = client.post(path, data={"records": "{not json", "csrf_token": token})
    assert bad.status_code == 422 and "not valid JSON" in bad.text
    assert snapshot(context) == before and disclosures(context) == 0
    lines = "\n".join(json.dumps(r) for r in RECORDS)
    built = client.post(path, data={"records": lines, "csrf_token": token}, follow_redirects=False)
    assert built.status_code == 303
    page = client.get(path).text
    assert 'id="package-items">2<' in page and 'id="deliver-form"' in page
    with context.read(world.provider["analyst"].actor) as unit:
        file = responses.package_of(unit, provider_requests.get_request(unit, setup.signed))
        assert file is not None
        package_id = file.id
    download = client.get(f"/provider/packages/{package_id}/download")
    sent = download.json()
    assert "bob.other@example.org" not in json.dumps(sent["items"])
    assert responses.verify_package(sent["manifest"], sent["items"], sent["signature"], sent["public_key"]) == []  # fmt: skip
    deliver = {"via": "LERS portal", "csrf_token": token}
    refused = client.post(f"/provider/packages/{package_id}/deliver", data=deliver)
    assert refused.status_code == 409 and "notify the user" in refused.text
    client.post(f"/provider/requests/{setup.signed}/notices", data={"csrf_token": token})
    notices = client.get("/provider/notices", params={"status": "pending"}).text
    assert SUBJECT in notices
    with context.read(world.provider["analyst"].actor) as unit:
        from lawbridge.workflows import user_notices

        [notice] = user_notices.list_notices(unit, "pending")
        notice_id = notice.id
    sent_notice = client.post(f"/provider/notices/{notice_id}/send", data={"csrf_token": token, "back": "package"}, follow_redirects=False)  # fmt: skip
    assert sent_notice.headers["location"] == path
    assert client.post(f"/provider/packages/{package_id}/deliver", data=deliver, follow_redirects=False).status_code == 303  # fmt: skip
    assert "LERS portal" in client.get(path).text


def test_agencies_and_other_providers_never_see_a_providers_requests(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    other = make_party(context, "provider-b", "provider", "US")
    for username in (world.us["admin"].username, other["admin"].username):
        browser = TestClient(client.app)
        sign_in(browser, username)
        for path in (f"/provider/requests/{setup.signed}", f"/provider/requests/{setup.signed}/package",
                     f"/provider/requests/{uuid.uuid4()}"):  # fmt: skip
            assert browser.get(path).status_code == 404, path
        assert "SIGNED-1" not in browser.get("/provider/requests").text
    agency = TestClient(client.app)
    sign_in(agency, world.us["analyst"].username)
    assert 'href="/provider/requests"' not in agency.get("/").text


def test_authority_registry_page_registers_with_a_key_and_refuses_bad_input(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    token = sign_in(client, world.provider["analyst"].username)
    page = client.get("/provider/authorities").text
    assert "FBI (invented)" in page and "us-fbi-1" in page and 'id="authority-form"' in page
    form = {"name": "MPS liaison (invented)", "country": "CN", "kind": "police",
            "phone": "+86 10 0000 0001", "key_id": "cn-mps-1", "csrf_token": token,
            "public_key": encode_public_key(Ed25519PrivateKey.generate().public_key())}  # fmt: skip
    before = snapshot(context)
    for change, message in (({"country": "CHN"}, "CHN"), ({"public_key": "nope"}, "public_key"),
                            ({"phone": ""}, "contact")):  # fmt: skip
        refused = client.post("/provider/authorities", data=form | change)
        assert refused.status_code == 422 and message in refused.text, refused.text[-600:]
        assert 'value="MPS liaison (invented)"' in refused.text
    assert snapshot(context) == before
    added = client.post("/provider/authorities", data=form, follow_redirects=False)
    assert added.status_code == 303
    assert "cn-mps-1" in client.get("/provider/authorities").text
    auditor = TestClient(client.app)
    sign_in(auditor, world.provider["auditor"].username)
    assert 'id="authority-form"' not in auditor.get("/provider/authorities").text
    agency = TestClient(client.app)
    sign_in(agency, world.us["admin"].username)
    assert "MPS liaison" not in agency.get("/provider/authorities").text
