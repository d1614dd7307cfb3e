"""The personal-information scan page: highlighted findings in a text, a column report of a file."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.conftest import World
from tests.server.web.webtools import sign_in

TEXT = "客户李娜的邮箱 li.na@example.cn，电话 13800138000。<b>不是标签</b>"
MARK = re.compile(r'<mark class="pii" data-type="([A-Z_]+)"[^>]*>([^<]*)</mark>')


@pytest.mark.parametrize("role", ["admin", "analyst", "reviewer", "auditor"])
def test_the_scan_page_renders_for_every_role_and_is_in_the_navigation(
    client: TestClient, world: World, role: str
) -> None:
    sign_in(client, world.provider[role].username)
    page = client.get("/privacy/scan")
    assert page.status_code == 200 and 'action="/privacy/scan"' in page.text
    assert 'href="/privacy/scan"' in client.get("/").text


def test_a_scanned_text_comes_back_with_its_findings_highlighted(
    client: TestClient, world: World
) -> None:
    token = sign_in(client, world.provider["analyst"].username)
    answer = client.post("/privacy/scan", data={"text": TEXT, "csrf_token": token})
    assert answer.status_code == 200
    marks = MARK.findall(answer.text)
    assert ("EMAIL", "li.na@example.cn") in marks and ("PHONE", "13800138000") in marks
    assert "&lt;b&gt;不是标签&lt;/b&gt;" in answer.text  # the text is escaped, never markup


def test_a_table_file_gets_a_column_report_without_the_raw_values(
    client: TestClient, world: World
) -> None:
    token = sign_in(client, world.provider["analyst"].username)
    csv_text = "姓名,邮箱,备注\n李娜,li.na@example.cn,VIP\n张伟,zhang.wei@example.com,\n"
    answer = client.post(
        "/privacy/scan/file",
        data={"csrf_token": token},
        files={"file": ("customers.csv", csv_text.encode(), "text/csv")},
    )
    assert answer.status_code == 200
    assert "customers.csv" in answer.text and "2 rows scanned" in answer.text
    assert "li.na@example.cn" not in answer.text  # examples are masked


def test_bad_scans_are_clear_errors(client: TestClient, world: World) -> None:
    token = sign_in(client, world.provider["analyst"].username)
    empty = client.post("/privacy/scan", data={"text": "  ", "csrf_token": token})
    assert empty.status_code == 422 and "Paste some text" in empty.text
    wrong = client.post(
        "/privacy/scan/file",
        data={"csrf_token": token},
        files={"file": ("photo.png", b"\x89PNG\x00", "image/png")},
    )
    assert wrong.status_code == 422 and "upload a .csv" in wrong.text
    binary = client.post(
        "/privacy/scan/file",
        data={"csrf_token": token},
        files={"file": ("data.csv", b"\x89PNG\x00\x00", "text/csv")},
    )
    assert binary.status_code == 422 and "not a text file" in binary.text
    no_token = client.post("/privacy/scan", data={"text": TEXT})
    assert no_token.status_code in (400, 403)


ACTIVITY = {
    "name": "Parcel delivery",
    "purpose": "Hand the recipient's name and phone to the courier",
    "legal_basis": "contract_or_hr",
    "retention_days": "30",
    "mechanism": "none_domestic",
    "recipients": "Example Courier Ltd, CN",
    "categories": ["PERSON", "PHONE"],
}


def test_the_register_records_lists_and_retires_activities(
    client: TestClient, world: World
) -> None:
    token = sign_in(client, world.provider["analyst"].username)
    page = client.get("/privacy/activities")
    assert page.status_code == 200 and 'id="activity-form"' in page.text
    answer = client.post(
        "/privacy/activities", data={**ACTIVITY, "csrf_token": token}, follow_redirects=False
    )
    assert answer.status_code == 303
    listed = client.get("/privacy/activities").text
    assert "Parcel delivery" in listed and "Example Courier Ltd (CN)" in listed
    activity_id = re.search(r'action="/privacy/activities/([0-9a-f-]{36})/retire"', listed)
    assert activity_id
    retired = client.post(
        f"/privacy/activities/{activity_id.group(1)}/retire",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert retired.status_code == 303
    assert "retired" in client.get("/privacy/activities").text


def test_a_bad_activity_is_a_clear_error_and_nothing_is_recorded(
    client: TestClient, world: World
) -> None:
    token = sign_in(client, world.provider["analyst"].username)
    bad = {**ACTIVITY, "recipients": "no country here", "csrf_token": token}
    answer = client.post("/privacy/activities", data=bad)
    assert answer.status_code == 422 and "country code" in answer.text
    assert 'value="Parcel delivery"' in answer.text  # the form keeps what was typed
    assert "<strong>Parcel delivery</strong>" not in client.get("/privacy/activities").text


def test_the_guard_allows_what_an_activity_covers_and_blocks_the_rest(
    client: TestClient, world: World
) -> None:
    token = sign_in(client, world.provider["analyst"].username)
    client.post("/privacy/activities", data={**ACTIVITY, "csrf_token": token})
    payload = '{"email": "li.na@example.cn", "note": "deliver after 6pm"}'
    blocked = client.post(
        "/privacy/transfers",
        data={"recipient": "Data Broker Inc", "country": "US", "payload": payload,
              "csrf_token": token},
    )  # fmt: skip
    assert blocked.status_code == 200 and "decision-block" in blocked.text
    assert "Data Broker Inc" in blocked.text
    listing = client.get("/privacy/transfers").text
    assert "Data Broker Inc (US)" in listing and "li.na@example.cn" not in listing
    bad = client.post(
        "/privacy/transfers",
        data={"recipient": "X", "country": "CN", "payload": "{not json", "csrf_token": token},
    )
    assert bad.status_code == 422 and "not valid" in bad.text


def test_another_partys_register_is_invisible_and_cannot_be_retired(
    client: TestClient, world: World
) -> None:
    token = sign_in(client, world.provider["analyst"].username)
    client.post("/privacy/activities", data={**ACTIVITY, "csrf_token": token})
    listed = client.get("/privacy/activities").text
    found = re.search(r'action="/privacy/activities/([0-9a-f-]{36})/retire"', listed)
    assert found
    client.post("/logout", data={"csrf_token": token})
    other = sign_in(client, world.cn["admin"].username)
    assert "Parcel delivery" not in client.get("/privacy/activities").text
    answer = client.post(f"/privacy/activities/{found.group(1)}/retire", data={"csrf_token": other})
    assert answer.status_code == 404
