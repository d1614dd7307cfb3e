"""Content monitoring's rows in the party-isolation table (``test_isolation.py``): the id-taking
endpoints and the objects of party cn they are tried with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Member, World

API = "/api/v1/content"
C = "/api/v1/content"


@dataclass(frozen=True)
class Swap:
    method: str
    path: str  # as in the OpenAPI document
    json: dict[str, Any] | None = None


def _swaps() -> list[Swap]:
    decision = {"category": "scam", "legal_ground": "x", "explanation": "y"}
    return [
        Swap("GET", f"{C}/banks/{{bank_id}}"),
        Swap("PATCH", f"{C}/banks/{{bank_id}}", {"enabled": False}),
        Swap("GET", f"{C}/banks/{{bank_id}}/entries"),
        Swap(
            "POST", f"{C}/banks/{{bank_id}}/entries", {"signal_type": "url", "signal": "a.example"}
        ),
        Swap("POST", f"{C}/banks/{{bank_id}}/import", {"text": "url a.example"}),
        Swap("GET", f"{C}/banks/{{bank_id}}/export"),
        Swap("POST", f"{C}/bank-entries/{{bank_entry_id}}/status", {"status": "removed"}),
        Swap("GET", f"{C}/posts/{{post_id}}"),
        Swap("POST", f"{C}/posts/{{post_id}}/decision", decision),
        Swap("GET", f"{C}/reviews/{{review_id}}"),
        Swap("POST", f"{C}/reviews/{{review_id}}/dismiss", {"note": "mine"}),
        Swap("GET", f"{C}/decisions/{{decision_id}}"),
        Swap("GET", f"{C}/takedowns/{{takedown_id}}"),
        Swap("GET", f"{C}/takedowns/{{takedown_id}}/statement"),
        Swap("POST", f"{C}/takedowns/{{takedown_id}}/appeals", {"reason": "mine"}),
        Swap("GET", f"{C}/appeals/{{appeal_id}}"),
        Swap("POST", f"{C}/appeals/{{appeal_id}}/decision", {"upheld": True, "reason": "x"}),
    ]


CONTENT_SWAPS = _swaps()


def _post(client: TestClient, member: Member, path: str, body: dict[str, Any]) -> Any:
    answer = client.post(f"{API}{path}", json=body, headers=member.headers)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def content_ids(client: TestClient, world: World) -> dict[str, str]:
    """A bank with an entry, a post in review, a judged post, its takedown and an appeal, of cn."""
    admin = world.cn["admin"]
    bank = _post(client, admin, "/banks", {"name": "A's bank", "legal_ground": "law"})
    entry = _post(
        client, admin, f"/banks/{bank['id']}/entries", {"signal_type": "url", "signal": "a.example"}
    )
    ts = "2026-11-01T00:00:00Z"
    review = _post(
        client, admin, "/posts", {"id": "r", "author": "a", "ts": ts, "links": ["a.example"]}
    )
    judged = _post(client, admin, "/posts", {"id": "j", "author": "a", "ts": ts, "text": "x y z"})
    decision = {"category": "scam", "legal_ground": "law", "explanation": "why"}
    decided = _post(client, admin, f"/posts/{judged['post']['id']}/decision", decision)
    takedown = decided["takedowns"][0]["id"]
    appeal = _post(client, admin, f"/takedowns/{takedown}/appeals", {"reason": "mine"})
    return {
        "bank_id": bank["id"],
        "bank_entry_id": entry["id"],
        "post_id": judged["post"]["id"],
        "review_id": review["review_id"],
        "decision_id": decided["decision"]["id"],
        "takedown_id": takedown,
        "appeal_id": appeal["id"],
    }
