"""The watchlist and screening API: import, screen, review, export; 422s in the one error shape."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lawbridge.workflows.unit import Context
from tests.conftest import Member, World
from tests.contracts.error_shape import assert_error
from tests.contracts.state import snapshot
from tests.importers.ftm_schema import assert_ftm_person

API = "/api/v1"
RECORDS = [
    {"id": "RN-1", "name": "Zhao Minghui", "aliases": ["赵明辉"], "birth_date": "1966-04-02"},
    {"id": "RN-2", "name": "Qian Lihua", "birth_date": "1971", "nationality": "CN"},
]


def post(
    client: TestClient, path: str, member: Member, body: dict[str, Any], status: int = 201
) -> Any:
    answer = client.post(f"{API}{path}", json=body, headers=member.headers)
    assert answer.status_code == status, answer.text
    return answer.json()


def make_list(client: TestClient, member: Member) -> str:
    created = post(client, "/watchlists", member, {"name": "Red notices", "kind": "red_notice"})
    assert created["version"] == 0 and created["effective_threshold"] > 0
    report = post(client, f"/watchlists/{created['id']}/import", member, {"records": RECORDS}, 200)
    assert (report["version"], report["added"], report["failed"]) == (1, 2, 0)
    return str(created["id"])


def test_import_text_formats_and_errors(client: TestClient, world: World) -> None:
    analyst = world.cn["analyst"]
    list_id = make_list(client, analyst)
    csv_text = "id,name,birth_date\nRN-3,Sun Jiayi,1980\nRN-4,Li Lei,1985-13-40\n"
    body = {"format": "csv", "text": csv_text, "source": "upload.csv"}
    report = post(client, f"/watchlists/{list_id}/import", analyst, body, 200)
    assert (report["version"], report["added"], report["unchanged"], report["failed"]) == (
        2,
        1,
        0,
        1,
    )
    assert report["errors"][0]["line"] == 3 and report["errors"][0]["external_id"] == "RN-4"
    ftm = {"id": "p1", "schema": "Person", "properties": {"name": ["Zhou Xin"]}}
    report = post(
        client, f"/watchlists/{list_id}/import", analyst, {"format": "ftm", "records": [ftm]}, 200
    )
    assert report["added"] == 1
    both = {"records": RECORDS, "text": "x"}
    assert_error(
        client.post(f"{API}/watchlists/{list_id}/import", json=both, headers=analyst.headers), 422
    )
    nothing = {"records": [{"id": "x", "name": ""}]}
    answer = client.post(
        f"{API}/watchlists/{list_id}/import", json=nothing, headers=analyst.headers
    )
    assert_error(answer, 422, "invalid_input")
    versions = client.get(f"{API}/watchlists/{list_id}/versions", headers=analyst.headers).json()
    assert [v["version"] for v in versions] == [3, 2, 1]
    entries = client.get(
        f"{API}/watchlists/{list_id}/entries", params={"q": "sun"}, headers=analyst.headers
    )
    assert [e["external_id"] for e in entries.json()] == ["RN-3"]


def test_screen_review_and_side_by_side(client: TestClient, world: World) -> None:
    make_list(client, world.cn["analyst"])
    body = {"record": {"name": "Zhao Minghui", "birth_date": "1966-04-02"}, "subject_ref": "acct-9"}
    outcome = post(client, "/screenings", world.cn["analyst"], body)
    assert outcome["alerts"] == outcome["new_alerts"] == 1
    top = outcome["candidates"][0]
    assert top["external_id"] == "RN-1" and top["alert"] and top["explanation"]
    screening_id = outcome["screening"]["id"]
    got = client.get(f"{API}/screenings/{screening_id}", headers=world.cn["auditor"].headers)
    assert got.json()["subject_ref"] == "acct-9"
    queue = client.get(
        f"{API}/potential-matches", params={"status": "open"}, headers=world.cn["reviewer"].headers
    )
    (match,) = queue.json()
    assert match["id"] == top["match_id"]
    detail = client.get(
        f"{API}/potential-matches/{match['id']}", headers=world.cn["reviewer"].headers
    ).json()
    assert detail["query_record"] == {"name": "Zhao Minghui", "birth_date": "1966-04-02"}
    assert detail["entry_record"]["aliases"] == ["赵明辉"]
    assert detail["explanation"] == top["explanation"] and detail["decisions"] == []
    path = f"/potential-matches/{match['id']}/decision"
    refused = client.post(
        f"{API}{path}",
        json={"decision": "dismiss", "reason": ""},
        headers=world.cn["reviewer"].headers,
    )
    assert_error(refused, 422)
    analyst_try = client.post(
        f"{API}{path}",
        json={"decision": "dismiss", "reason": "x"},
        headers=world.cn["analyst"].headers,
    )
    assert_error(analyst_try, 403, "permission_denied")
    decided = post(
        client, path, world.cn["reviewer"], {"decision": "dismiss", "reason": "other person"}, 200
    )
    assert decided["status"] == "dismissed"
    again = client.post(
        f"{API}{path}",
        json={"decision": "escalate", "reason": "x"},
        headers=world.cn["reviewer"].headers,
    )
    assert_error(again, 409, "invalid_transition")
    rescreen = post(client, "/screenings", world.cn["analyst"], body)
    assert rescreen["new_alerts"] == 0 and rescreen["candidates"][0]["match_status"] == "dismissed"


@pytest.mark.parametrize(
    "record",
    [
        {"name": ""},
        {"name": "   "},
        {"name": "Zhao Minghui", "birth_date": "1985-13-40"},
        {"name": "Zhao Minghui", "nationality": "XQ"},
        {"name": "Zhao Minghui", "nickname": "Z"},
    ],
)
def test_bad_records_are_422_and_change_nothing(
    client: TestClient, world: World, context: Context, record: dict[str, Any]
) -> None:
    before = snapshot(context)
    answer = client.post(
        f"{API}/screenings", json={"record": record}, headers=world.cn["analyst"].headers
    )
    assert_error(answer, 422, "invalid_input")
    assert snapshot(context) == before


def test_screening_post_is_idempotent(client: TestClient, world: World) -> None:
    make_list(client, world.cn["analyst"])
    headers = world.cn["analyst"].headers | {"Idempotency-Key": "screen-1"}
    body = {"record": {"name": "Qian Lihua", "birth_date": "1971"}}
    first = client.post(f"{API}/screenings", json=body, headers=headers)
    second = client.post(f"{API}/screenings", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert first.json() == second.json()
    listed = client.get(f"{API}/screenings", headers=world.cn["analyst"].headers).json()
    assert len(listed) == 1


def test_delist_share_and_export(client: TestClient, world: World) -> None:
    analyst = world.cn["analyst"]
    list_id = make_list(client, analyst)
    entries = client.get(f"{API}/watchlists/{list_id}/entries", headers=analyst.headers).json()
    target = {e["external_id"]: e["id"] for e in entries}["RN-2"]
    body = {"reason": "Returned under extradition", "route": "returned_extradited"}
    delisted = post(client, f"/watchlist-entries/{target}/delist", analyst, body, 200)
    assert (delisted["status"], delisted["delist_route"]) == ("delisted", "returned_extradited")
    assert_error(
        client.post(f"{API}/watchlist-entries/{target}/delist", json=body, headers=analyst.headers),
        409,
    )
    exported = client.get(f"{API}/watchlists/{list_id}/export.ftm.json", headers=analyst.headers)
    assert exported.headers["content-type"].startswith("application/x-ndjson")
    entities = [json.loads(line) for line in exported.text.splitlines()]
    assert [e["properties"]["name"] for e in entities] == [["Zhao Minghui"]]
    for entity in entities:
        assert_ftm_person(entity)
    us = world.us["analyst"]
    assert_error(client.get(f"{API}/watchlists/{list_id}", headers=us.headers), 404)
    post(client, f"/watchlists/{list_id}/shares", analyst, {"party": "us-agency"})
    assert client.get(f"{API}/watchlists/{list_id}", headers=us.headers).status_code == 200
    outcome = post(
        client, "/screenings", us, {"record": {"name": "Zhao Minghui"}, "watchlist_ids": [list_id]}
    )
    assert outcome["screening"]["party_id"] == world.us.id
    matches = client.get(f"{API}/potential-matches", headers=analyst.headers).json()
    assert matches == []  # the owner never sees another party's screenings
    exported = client.get(f"{API}/potential-matches/export.ftm.json", headers=us.headers)
    lines = [json.loads(line) for line in exported.text.splitlines()]
    assert [line.get("judgement") for line in lines][2::3] == ["no_judgement"] * (len(lines) // 3)
