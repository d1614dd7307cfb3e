"""Agency-cooperation pages: cases, requests with their clocks, assets, statistics.

Every page renders for every role; forms do what they say and refuse bad input with a 4xx, the form
kept and nothing changed; a party never sees an unshared field, nor another party's case, draft,
asset or attachment (404, as for an id that does not exist).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from lawbridge.domain.clocks import SimulatedClock
from lawbridge.workflows import assets, case_sharing, cases, request_messages, requests
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.contracts.state import snapshot
from tests.server.web.webtools import sign_in
from tests.workflows.cooperation_helpers import DAY, SECOND, T0, draft, open_case, sent
from tests.workflows.screening_helpers import FUGITIVES, entry_id, make_list

ROLES = ("admin", "analyst", "reviewer", "auditor")
SECRET_WARRANT = "W-SECRET-4711"
SECRET_CHARGE = "embezzled the harbour fund (never shared)"


@dataclass
class Setup:
    list_id: str
    shared_case: str
    private_case: str
    sent_request: str
    draft_request: str
    asset: str
    attachment: str
    clock: SimulatedClock


@pytest.fixture
def setup(context: Context, world: World, client: TestClient) -> Setup:
    """cn's list and two cases (one shared field by field with us), a sent and a draft request to
    us, an asset in CNY; the server's clock stands one day after the sending."""
    analyst = world.cn["analyst"]
    clock = SimulatedClock(T0)
    watchlist = make_list(context, analyst, FUGITIVES)
    shared = open_case(
        context, analyst, clock, subject_name=None,
        watchlist_entry_id=entry_id(context, analyst, watchlist.id, "RN-1"),
        warrant_reference=SECRET_WARRANT, charge=SECRET_CHARGE, max_penalty_months=120,
        sought_for="prosecution", host_party="us-agency", reference="CN-2026-1",
    )  # fmt: skip
    private = open_case(context, analyst, clock, subject_name="Private Person", host_country="CA")
    with context.write(analyst.actor) as unit:
        case = cases.get_case(unit, shared.id)
        case_sharing.share_case(
            unit, case, grantee="us-agency", fields=["subject_name", "offences", "status",
                                                     "timeline"], permission="write",
        )  # fmt: skip
        asset = assets.create_asset(
            unit,
            {"kind": "real_estate", "description": "Flat in Vancouver (invented)",
             "case_id": shared.id, "amount": "2500000", "currency": "CNY"},
            clock=clock,
        )  # fmt: skip
        asset_id = asset.id
    request = sent(context, analyst, "us-agency", "extradition", clock, case_id=shared.id)
    hidden = draft(context, analyst, "us-agency", "mutual_legal_assistance", clock)
    with context.write(analyst.actor) as unit:
        attachment = request_messages.add_attachment(
            unit, request.id, filename="warrant.pdf", content=b"%PDF synthetic", clock=clock
        )
        attachment_id = attachment.id
    clock.advance(DAY)
    client.app.state.clock = clock  # type: ignore[attr-defined]
    return Setup(
        watchlist.id, shared.id, private.id, request.id, hidden.id, asset_id, attachment_id, clock
    )


def _pages(setup: Setup) -> list[str]:
    return [
        "/cooperation/cases",
        "/cooperation/cases/new",
        f"/cooperation/cases/{setup.shared_case}",
        "/cooperation/requests?box=inbox",
        "/cooperation/requests?box=outbox",
        "/cooperation/requests/new",
        "/cooperation/requests/new?kind=provisional_arrest",
        f"/cooperation/requests/{setup.sent_request}",
        "/cooperation/assets",
        f"/cooperation/assets/{setup.asset}",
        "/cooperation/statistics",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_renders_for_every_role(
    client: TestClient, world: World, setup: Setup, role: str
) -> None:
    sign_in(client, world.cn[role].username)
    for path in [*_pages(setup), f"/cooperation/requests/{setup.draft_request}"]:
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text[:800])
        assert "<main" in answer.text
    assert 'href="/cooperation/cases"' in client.get("/").text
    can_write = role in ("admin", "analyst")
    case_page = client.get(f"/cooperation/cases/{setup.shared_case}").text
    assert ('id="status-form"' in case_page) == can_write
    assert ('id="share-form"' in case_page) == can_write  # admin and analyst may share
    draft_page = client.get(f"/cooperation/requests/{setup.draft_request}").text
    assert ('id="send-form"' in draft_page) == can_write
    assert ('id="asset-form"' in client.get("/cooperation/assets").text) == can_write


@pytest.mark.parametrize("role", ROLES)
def test_the_counterpart_sees_the_shared_pages_for_every_role(
    client: TestClient, world: World, setup: Setup, role: str
) -> None:
    sign_in(client, world.us[role].username)
    for path in (
        "/cooperation/cases",
        f"/cooperation/cases/{setup.shared_case}",
        "/cooperation/requests?box=inbox",
        f"/cooperation/requests/{setup.sent_request}",
        "/cooperation/assets",
        "/cooperation/statistics",
    ):
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text[:800])
    request_page = client.get(f"/cooperation/requests/{setup.sent_request}").text
    assert ('id="action-form"' in request_page) == (role in ("admin", "analyst"))


def test_a_party_never_sees_an_unshared_field_nor_an_unshared_object(
    client: TestClient, world: World, setup: Setup
) -> None:
    sign_in(client, world.us["analyst"].username)
    listing = client.get("/cooperation/cases").text
    assert "Zhao Minghui" in listing and "Private Person" not in listing
    page = client.get(f"/cooperation/cases/{setup.shared_case}").text
    assert "Zhao Minghui" in page and "Fraud" in page and 'id="case-timeline"' in page
    for secret in (SECRET_WARRANT, SECRET_CHARGE, "CN-2026-1", setup.list_id):
        assert secret not in page and secret not in listing, secret
    assert 'id="share-form"' not in page and 'id="case-shares"' not in page
    for path in (
        f"/cooperation/cases/{setup.private_case}",
        f"/cooperation/requests/{setup.draft_request}",
        f"/cooperation/assets/{setup.asset}",
        f"/cooperation/cases/{uuid.uuid4()}",
    ):
        assert client.get(path).status_code == 404, path
    assert setup.draft_request not in client.get("/cooperation/requests?box=inbox").text
    provider = TestClient(client.app)
    sign_in(provider, world.provider["admin"].username)
    for path in (
        f"/cooperation/cases/{setup.shared_case}",
        f"/cooperation/requests/{setup.sent_request}",
        f"/cooperation/requests/attachments/{setup.attachment}",
    ):
        assert provider.get(path).status_code == 404, path


def test_the_case_list_filters_by_status_stale_and_list(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    token = sign_in(client, world.cn["analyst"].username)
    moved = client.post(
        f"/cooperation/cases/{setup.private_case}/status",
        data={"target": "located", "note": "seen in Toronto", "csrf_token": token},
        follow_redirects=False,
    )
    assert moved.status_code == 303
    located = client.get("/cooperation/cases", params={"status": "located"}).text
    assert "Private Person" in located and "Zhao Minghui" not in located
    by_list = client.get("/cooperation/cases", params={"list": setup.list_id}).text
    assert "Zhao Minghui" in by_list and "Private Person" not in by_list
    setup.clock.set(T0 + timedelta(days=31))
    stale = client.get("/cooperation/cases", params={"stale": "30"}).text
    assert "Zhao Minghui" in stale and "Private Person" in stale
    setup.clock.set(T0 + DAY + timedelta(days=30) - SECOND)
    fresh = client.get("/cooperation/cases", params={"stale": "30"}).text
    assert "Zhao Minghui" in fresh and "Private Person" not in fresh  # moved a day after T0
    fragment = client.get("/cooperation/cases", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text


def test_opening_a_case_and_refusing_bad_input(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    token = sign_in(client, world.cn["analyst"].username)
    form = {"subject_name": "Li Weiguo (invented)", "warrant_reference": "W-77",
            "max_penalty_months": "60", "host_party": "us-agency", "csrf_token": token}  # fmt: skip
    before = snapshot(context)
    missing = client.post("/cooperation/cases", data=form)
    assert missing.status_code == 422 and "at least one offence" in missing.text
    assert 'value="Li Weiguo (invented)"' in missing.text and 'value="W-77"' in missing.text
    future = client.post(
        "/cooperation/cases", data={**form, "offences": ["fraud"], "listed_at": "2099-01-01"}
    )
    assert future.status_code == 422 and "future" in future.text
    assert snapshot(context) == before
    created = client.post(
        "/cooperation/cases", data={**form, "offences": ["fraud", "bribery"]},
        follow_redirects=False,
    )  # fmt: skip
    assert created.status_code == 303
    page = client.get(created.headers["location"]).text
    assert "Li Weiguo (invented)" in page and "W-77" in page and "Bribery" in page


def test_status_moves_follow_the_machine(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    token = sign_in(client, world.cn["analyst"].username)
    path = f"/cooperation/cases/{setup.shared_case}"
    page = client.get(path).text
    assert 'value="located"' in page and 'value="returned_extradited"' not in page
    before = snapshot(context)
    refused = client.post(
        f"{path}/status", data={"target": "returned_extradited", "csrf_token": token}
    )
    assert refused.status_code == 409 and "cannot move" in refused.text
    assert snapshot(context) == before
    for target in ("located", "provisional_arrest"):
        answer = client.post(
            f"{path}/status", data={"target": target, "csrf_token": token}, follow_redirects=False
        )
        assert answer.status_code == 303
    page = client.get(path).text
    assert re.search(r'id="case-status">Provisional arrest<', page)
    assert 'value="returned_extradited"' in page  # now the route home is open
    # the counterpart holds a write share: it moves the case and its note carries its party
    us = TestClient(client.app)
    us_token = sign_in(us, world.us["analyst"].username)
    noted = us.post(
        f"{path}/notes", data={"note": "hearing set (US side)", "csrf_token": us_token},
        follow_redirects=False,
    )  # fmt: skip
    assert noted.status_code == 303
    timeline = client.get(path).text.split('id="case-timeline"', 1)[1]
    assert "us-agency (test)" in timeline and "hearing set (US side)" in timeline
    assert "cn-agency (test)" in timeline


def test_the_owner_corrects_the_judicial_data_and_returning_delists_the_subject(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    path = f"/cooperation/cases/{setup.shared_case}"
    us = TestClient(client.app)
    sign_in(us, world.us["analyst"].username)
    assert 'id="edit-form"' not in us.get(path).text  # the counterpart may not correct it
    token = sign_in(client, world.cn["analyst"].username)
    page = client.get(path).text
    assert 'id="edit-form"' in page and SECRET_WARRANT in page
    form = {
        "csrf_token": token, "reference": "CN-2026-1", "offences": ["fraud", "bribery"],
        "warrant_reference": "W-amended", "charge": "", "law": "Art. 385 (invented)",
        "max_penalty_months": "240", "sought_for": "prosecution",
    }  # fmt: skip
    before = snapshot(context)
    refused = client.post(f"{path}/edit", data=form | {"offences": []})
    assert refused.status_code == 422 and 'id="edit-case" open' in refused.text
    assert 'value="W-amended"' in refused.text  # the typed values are kept
    assert snapshot(context) == before
    assert client.post(f"{path}/edit", data=form, follow_redirects=False).status_code == 303
    page = client.get(path).text
    assert "W-amended" in page and SECRET_CHARGE not in page and "Art. 385 (invented)" in page
    assert "Judicial data edited" in page.split('id="case-timeline"', 1)[1]
    for target in ("located", "provisional_arrest", "returned_extradited"):
        answer = client.post(
            f"{path}/status", data={"target": target, "csrf_token": token}, follow_redirects=False
        )
        assert answer.status_code == 303
    timeline = client.get(path).text.split('id="case-timeline"', 1)[1]
    assert "Watchlist entry delisted" in timeline
    facts = client.get(path).text.split('id="case-facts"', 1)[1].split("</dl>", 1)[0]
    assert "delisted" in facts


def test_sharing_fields_changing_them_and_revoking(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    token = sign_in(client, world.cn["analyst"].username)
    path = f"/cooperation/cases/{setup.private_case}"
    none = client.post(f"{path}/shares", data={"party": "us-agency", "csrf_token": token})
    assert none.status_code == 422 and "at least one field" in none.text
    shared = client.post(
        f"{path}/shares",
        data={"party": "us-agency", "fields": ["subject_name"], "csrf_token": token},
        follow_redirects=False,
    )
    assert shared.status_code == 303
    twice = client.post(
        f"{path}/shares", data={"party": "us-agency", "fields": ["status"], "csrf_token": token}
    )
    assert twice.status_code == 409
    us = TestClient(client.app)
    sign_in(us, world.us["auditor"].username)
    seen = us.get(path).text
    assert "Private Person" in seen and 'id="case-status"' not in seen
    share_id = re.search(rf"{path}/shares/([0-9a-f-]{{36}})/fields", client.get(path).text)
    assert share_id
    changed = client.post(
        f"{path}/shares/{share_id.group(1)}/fields",
        data={"fields": ["subject_name", "status"], "csrf_token": token},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    assert 'id="case-status">Wanted<' in us.get(path).text
    revoked = client.post(
        f"{path}/shares/{share_id.group(1)}/revoke",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert revoked.status_code == 303
    assert us.get(path).status_code == 404


def _form_of(kind: str) -> dict[str, object]:
    return {
        "kind": kind,
        "recipient": "us-agency",
        "title": "Extradition of Zhao Minghui",
        "el_subject_name": "Zhao Minghui",
        "el_offences": ["embezzlement"],
        "el_sought_for": "prosecution",
        "el_penalty_max_months": "18",
        "el_offence_description": "Embezzlement of public funds",
        "el_facts_summary": "invented facts",
        "el_legal_provisions": "Art. 382",
    }


NEUTRAL_ANSWERS = {f"a3_{q}": "no" for q in ("political", "military", "religious", "racial")} | {
    "a3_political_note": "ordinary-law embezzlement"
}


def test_drafting_and_sending_with_the_checklist_and_warnings(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    token = sign_in(client, world.cn["analyst"].username)
    created = client.post(
        "/cooperation/requests", data={**_form_of("extradition"), "csrf_token": token},
        follow_redirects=False,
    )  # fmt: skip
    assert created.status_code == 303
    path = created.headers["location"]
    page = client.get(path).text
    assert 'id="missing-elements"' in page and "Warrant" in page and "Legal basis" in page
    before = snapshot(context)
    incomplete = client.post(f"{path}/send", data={**NEUTRAL_ANSWERS, "csrf_token": token})
    assert incomplete.status_code == 422 and "warrant_reference" in incomplete.text
    assert 'value="ordinary-law embezzlement"' in incomplete.text  # the checklist is kept
    assert snapshot(context) == before
    saved = client.post(
        f"{path}/draft",
        data={"title": "Extradition of Zhao Minghui", "legal_basis": "Reciprocity (invented)",
              "urgency": "urgent", **{k: v for k, v in _form_of("extradition").items()
                                      if k.startswith("el_")},
              "el_warrant_reference": "W-9", "csrf_token": token},
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303
    page = client.get(path).text
    assert 'id="missing-elements"' not in page and 'data-code="penalty_below_threshold"' in page
    unanswered = client.post(f"{path}/send", data={"a3_political": "no", "csrf_token": token})
    assert unanswered.status_code == 422 and "article3.military" in unanswered.text
    warned = client.post(f"{path}/send", data={**NEUTRAL_ANSWERS, "csrf_token": token})
    assert warned.status_code == 422 and "must be acknowledged" in warned.text
    assert snapshot(context) != before  # only the draft edit above, nothing from the refusals
    after_edit = snapshot(context)
    client.post(f"{path}/send", data={**NEUTRAL_ANSWERS, "csrf_token": token})
    assert snapshot(context) == after_edit
    done = client.post(
        f"{path}/send",
        data={**NEUTRAL_ANSWERS, "acknowledge_warnings": "true", "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = client.get(path).text
    assert re.search(r'id="request-status">Sent<', page) and 'id="article3-answers"' in page
    assert "ordinary-law embezzlement" in page and "Acknowledged before sending" in page


def test_each_side_acts_and_refusal_needs_a_ground(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    path = f"/cooperation/requests/{setup.sent_request}"
    cn_token = sign_in(client, world.cn["analyst"].username)
    own_page = client.get(path).text
    assert 'value="withdraw"' in own_page and 'value="acknowledge"' not in own_page
    own = client.post(f"{path}/act", data={"action": "acknowledge", "csrf_token": cn_token})
    assert own.status_code == 409 and "recipient" in own.text
    us = TestClient(client.app)
    us_token = sign_in(us, world.us["analyst"].username)
    before = snapshot(context)
    groundless = us.post(f"{path}/act", data={"action": "refuse", "csrf_token": us_token})
    assert groundless.status_code == 422 and "ground" in groundless.text
    assert snapshot(context) == before
    for action in ("acknowledge", "start"):
        answer = us.post(
            f"{path}/act", data={"action": action, "note": f"{action}d", "csrf_token": us_token},
            follow_redirects=False,
        )  # fmt: skip
        assert answer.status_code == 303
    refused = us.post(
        f"{path}/act",
        data={"action": "refuse", "ground": "dual criminality not met", "csrf_token": us_token},
        follow_redirects=False,
    )
    assert refused.status_code == 303
    page = client.get(path).text
    assert re.search(r'id="request-status">Refused<', page)
    assert "dual criminality not met" in page and "us-agency (test)" in page


def test_clocks_show_due_dates_and_turn_overdue_exactly_on_time(
    client: TestClient, world: World, setup: Setup
) -> None:
    sign_in(client, world.us["reviewer"].username)
    due = T0 + timedelta(days=10)
    setup.clock.set(due - timedelta(days=3) - SECOND)
    running = client.get("/cooperation/requests?box=inbox").text
    assert 'class="overdue"' not in running and 'id="clock-alerts"' not in running
    setup.clock.set(due - SECOND)
    reminder = client.get("/cooperation/requests?box=inbox").text
    assert 'id="clock-alerts"' in reminder and "badge phase-reminder" in reminder
    assert 'class="overdue"' not in reminder
    setup.clock.set(due)
    overdue = client.get("/cooperation/requests?box=inbox").text
    assert 'class="overdue"' in overdue and "badge phase-overdue" in overdue
    detail = client.get(f"/cooperation/requests/{setup.sent_request}").text
    assert "phase-overdue" in detail and "No statutory period" in detail


def test_milestones_start_the_travel_document_clock(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    request = sent(context, world.us["analyst"], "cn-agency", "deportation", setup.clock)
    path = f"/cooperation/requests/{request.id}"
    token = sign_in(client, world.cn["analyst"].username)
    for action in ("acknowledge", "start"):
        client.post(f"{path}/act", data={"action": action, "csrf_token": token})
    page = client.get(path).text
    assert 'value="identity_verified"' in page and 'value="travel_document_issued"' not in page
    early = client.post(
        f"{path}/milestones", data={"name": "travel_document_issued", "csrf_token": token}
    )
    assert early.status_code == 409 and "identity_verified" in early.text
    answer = client.post(
        f"{path}/milestones", data={"name": "identity_verified", "csrf_token": token},
        follow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 303
    setup.clock.advance(timedelta(days=30))
    page = client.get(path).text
    assert "Travel document (30 days)" in page and "phase-overdue" in page


def test_messages_and_attachments_with_their_hashes(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    path = f"/cooperation/requests/{setup.sent_request}"
    us_token = sign_in(client, world.us["analyst"].username)
    empty = client.post(f"{path}/messages", data={"body": "  ", "csrf_token": us_token})
    assert empty.status_code == 422
    said = client.post(
        f"{path}/messages", data={"body": "Please send the warrant's translation.",
                                  "csrf_token": us_token}, follow_redirects=False,
    )  # fmt: skip
    assert said.status_code == 303
    content = "译文（合成）".encode()
    uploaded = client.post(
        f"{path}/attachments",
        data={"csrf_token": us_token},
        files={"file": ("译文.txt", content, "text/html")},
        follow_redirects=False,
    )
    assert uploaded.status_code == 303
    page = client.get(path).text
    assert "Please send the warrant&#39;s translation." in page
    digest = hashlib.sha256(content).hexdigest()
    assert digest in page and hashlib.sha256(b"%PDF synthetic").hexdigest() in page
    link = re.search(r'href="(/cooperation/requests/attachments/[0-9a-f-]{36})">译文.txt', page)
    assert link
    download = client.get(link.group(1))
    assert download.status_code == 200 and download.content == content
    assert download.headers["x-content-sha256"] == digest
    assert download.headers["content-type"] == "application/octet-stream"  # never run as a page
    assert download.headers["content-disposition"].startswith("attachment;")


def test_the_asset_ledger_records_values_per_currency(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    token = sign_in(client, world.cn["analyst"].username)
    form = {"kind": "bank_account", "description": "Account at Example Bank (invented)",
            "holder": "Shell Co (invented)", "amount": "1200.50", "csrf_token": token}  # fmt: skip
    before = snapshot(context)
    no_currency = client.post("/cooperation/assets", data=form)
    assert no_currency.status_code == 422 and "currency" in no_currency.text
    assert 'value="Account at Example Bank (invented)"' in no_currency.text
    assert snapshot(context) == before
    created = client.post(
        "/cooperation/assets", data={**form, "currency": "usd"}, follow_redirects=False
    )
    assert created.status_code == 303
    path = created.headers["location"]
    skip = client.post(f"{path}/stage", data={"stage": "returned", "csrf_token": token})
    assert skip.status_code == 409 and "next: frozen" in skip.text
    frozen = client.post(
        f"{path}/stage",
        data={"stage": "frozen", "amount": "1300", "currency": "USD", "csrf_token": token},
        follow_redirects=False,
    )
    assert frozen.status_code == 303
    ledger = client.get("/cooperation/assets").text
    totals = ledger.split('id="asset-totals"', 1)[1].split("</table>", 1)[0]
    frozen_row = totals.split('data-stage="frozen"', 1)[1].split("</tr>", 1)[0]
    traced_row = totals.split('data-stage="traced"', 1)[1].split("</tr>", 1)[0]
    assert "1300" in frozen_row and "USD" in frozen_row
    assert "2500000" in traced_row and "CNY" in traced_row and "USD" not in traced_row
    per_case = client.get("/cooperation/assets", params={"case_id": setup.shared_case}).text
    assert "Flat in Vancouver" in per_case and "Account at Example Bank" not in per_case


def test_statistics_count_returns_and_draw_accessible_charts(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    analyst = world.cn["analyst"]
    for target in ("located", "detained_for_removal", "returned_removed"):
        setup.clock.advance(DAY)
        with context.write(analyst.actor) as unit:
            cases.move_case(unit, setup.shared_case, target, clock=setup.clock)
    sign_in(client, analyst.username)
    page = client.get("/cooperation/statistics").text
    assert "Of 2 listed, 1 returned: 0 extradited, 1 removed, 0 surrendered." in page
    for key in ("returns", "returns-total", "requests", "assets", "assets-CNY"):
        assert f'id="chart-{key}"' in page, key
    assert page.count("<svg") == 5 and page.count("<title id=") == 5
    requests_table = page.split('id="chart-requests"', 1)[1].split("</figure>", 1)[0]
    row = re.search(r"<th scope=\"row\">Sent</th><td class=\"num\">(\d+)</td>", requests_table)
    assert row and row.group(1) == "1"
    listed = client.get("/cooperation/statistics", params={"list": setup.list_id}).text
    assert "Of 1 listed, 1 returned" in listed
    period = client.get(
        "/cooperation/statistics", params={"start": "2027-01-01", "end": "2028-01-01"}
    ).text
    assert 'id="period-sentence"' in period
    bad = client.get("/cooperation/statistics", params={"start": "2027-01-01", "end": "2026"})
    assert bad.status_code == 422


def test_forms_need_the_csrf_token_and_write_rights(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    token = sign_in(client, world.cn["auditor"].username)
    before = snapshot(context)
    path = f"/cooperation/cases/{setup.shared_case}"
    assert client.post(f"{path}/status", data={"target": "located"}).status_code == 403
    edit = client.post(
        f"{path}/edit", data={"charge": "x", "offences": ["fraud"], "csrf_token": token}
    )
    assert edit.status_code == 403
    refused = client.post(f"{path}/status", data={"target": "located", "csrf_token": token})
    assert refused.status_code == 403
    send = client.post(
        f"/cooperation/requests/{setup.draft_request}/send", data={"csrf_token": token}
    )
    assert send.status_code == 403
    assert snapshot(context) == before
    with context.read(world.cn["auditor"].actor) as unit:
        assert requests.get_request(unit, setup.draft_request).status == "draft"
