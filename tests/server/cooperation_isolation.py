"""The cooperation endpoints' part of ``test_isolation.py``: objects of party cn (a case shared with
the provider, a draft request to the provider with an attachment, an asset, a lead) and every
endpoint that takes their ids, each with a body that would be valid for the owner."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Member

API = "/api/v1"
LEAD = {"kind": "ipv4", "value": "198.51.100.1", "tlp": "green", "source": "x"}
EMPTY_BUNDLE = {"type": "bundle", "id": "bundle--6f1c1c5e-2b36-4c2c-9d55-0f3f9d1c2b1a"}


@dataclass(frozen=True)
class CooperationSwap:
    method: str
    path: str  # as in the OpenAPI document
    json: dict[str, Any] | None = None


def _swaps() -> list[CooperationSwap]:
    case, request = f"{API}/cases/{{case_id}}", f"{API}/requests/{{request_id}}"
    swaps = [
        CooperationSwap("GET", case),
        CooperationSwap("PATCH", case, {"charge": "mine"}),
        CooperationSwap("POST", f"{case}/transition", {"status": "located"}),
        CooperationSwap("GET", f"{case}/timeline"),
        CooperationSwap("POST", f"{case}/notes", {"note": "mine"}),
        CooperationSwap("GET", f"{case}/shares"),
        CooperationSwap("POST", f"{case}/shares", {"party": "us-agency", "fields": ["status"]}),
        CooperationSwap("POST", f"{case}/shares/fields", {"party": "provider", "fields": ["law"]}),
        CooperationSwap("POST", f"{case}/shares/revoke", {"party": "provider"}),
        CooperationSwap("GET", request),
        CooperationSwap("PATCH", request, {"title": "mine"}),
        CooperationSwap("GET", f"{request}/eligibility"),
        CooperationSwap("POST", f"{request}/send", {}),
        CooperationSwap("POST", f"{request}/actions", {"action": "withdraw"}),
        CooperationSwap("POST", f"{request}/milestones", {"milestone": "identity_verified"}),
        CooperationSwap("GET", f"{request}/events"),
        CooperationSwap("GET", f"{request}/clocks"),
        CooperationSwap("GET", f"{request}/messages"),
        CooperationSwap("POST", f"{request}/messages", {"body": "mine"}),
        CooperationSwap("GET", f"{request}/attachments"),
        CooperationSwap("POST", f"{request}/attachments"),
        CooperationSwap("GET", f"{API}/request-attachments/{{attachment_id}}"),
        CooperationSwap("GET", f"{API}/assets/{{asset_id}}"),
        CooperationSwap("POST", f"{API}/assets/{{asset_id}}/stage", {"stage": "frozen"}),
        CooperationSwap("POST", f"{API}/assets/{{asset_id}}/shares", {"party": "us-agency"}),
    ]
    for base in (case, request):
        swaps += [
            CooperationSwap("GET", f"{base}/leads"),
            CooperationSwap("POST", f"{base}/leads", LEAD),
            CooperationSwap("POST", f"{base}/leads/export", {"recipient": "us-agency"}),
            CooperationSwap("POST", f"{base}/leads/import", {"bundle": EMPTY_BUNDLE}),
            CooperationSwap("POST", f"{base}/leads/bank-check"),
        ]
    return swaps


COOPERATION_SWAPS = _swaps()


def _post(client: TestClient, path: str, member: Member, json: Any, **params: Any) -> Any:
    answer = client.post(f"{API}{path}", json=json, headers=member.headers, params=params)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def cooperation_ids(client: TestClient, analyst: Member) -> dict[str, str]:
    """Create cn's cooperation objects; their ids by path parameter name."""
    case = _post(client, "/cases", analyst, {"subject_name": "Qian Lihua", "offences": ["fraud"]})
    _post(
        client, f"/cases/{case['id']}/shares", analyst, {"party": "provider", "fields": ["status"]}
    )
    _post(client, f"/cases/{case['id']}/leads", analyst, LEAD)
    body = {"kind": "deportation", "recipient": "provider", "title": "A's request"}
    request = _post(client, "/requests", analyst, body)
    answer = client.post(
        f"{API}/requests/{request['id']}/attachments",
        params={"filename": "a.txt"},
        content=b"A's file",
        headers=analyst.headers,
    )
    assert answer.status_code == 201, answer.text
    asset = _post(client, "/assets", analyst, {"description": "A's flat", "case_id": case["id"]})
    return {
        "case_id": case["id"],
        "request_id": request["id"],
        "attachment_id": answer.json()["id"],
        "asset_id": asset["id"],
    }
