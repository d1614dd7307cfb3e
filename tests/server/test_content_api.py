"""The content monitoring API: banks and hash lists, ingest, review queue, decisions with their
statements of reasons, notices and appeals."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Member, World
from tests.contracts.error_shape import assert_error
from tests.workflows.content_helpers import IMAGES, SCAM_ZH, SCAM_ZH_TRAD, dsa_validator

API = "/api/v1/content"
GROUND = "Cybersecurity Law of the PRC, Art. 47"


def post(client: TestClient, member: Member, path: str, body: dict[str, Any]) -> Any:
    answer = client.post(f"{API}{path}", json=body, headers=member.headers)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def upload(client: TestClient, member: Member, pid: str, text: str, **extra: Any) -> Any:
    body = {"id": pid, "author": f"user-{pid}", "ts": datetime(2026, 11, 1, tzinfo=UTC).isoformat()}
    return post(client, member, "/posts", {**body, "text": text, **extra})


def test_bank_import_export_and_blocking(client: TestClient, world: World) -> None:
    admin = world.provider["admin"]
    bank = post(
        client, admin, "/banks", {"name": "scams", "legal_ground": GROUND, "confirmed": True}
    )
    report = post(
        client,
        admin,
        f"/banks/{bank['id']}/import",
        {"format": "txt", "text": f"raw_text {SCAM_ZH}\n"},
    )
    assert report["added"] == 1
    exported = client.get(f"{API}/banks/{bank['id']}/export?format=csv", headers=admin.headers)
    assert exported.text.splitlines()[0] == "collab,signal_type,signal_str,category,tags"
    outcome = upload(client, admin, "p1", SCAM_ZH_TRAD)
    assert outcome["action"] == "blocked" and outcome["post"]["state"] == "blocked"
    statement = client.get(
        f"{API}/takedowns/{outcome['takedown_id']}/statement", headers=admin.headers
    ).json()
    assert list(dsa_validator().iter_errors(statement)) == []


def test_decision_appeal_and_notices(client: TestClient, world: World) -> None:
    admin, reviewer = world.provider["admin"], world.provider["reviewer"]
    image = base64.b64encode(IMAGES["banned"]).decode()
    first = upload(client, admin, "copy", SCAM_ZH_TRAD)
    upload(client, admin, "reshare", "", reshare_of="copy")
    judged = upload(client, admin, "judged", SCAM_ZH, image_base64=image)
    assert judged["post"]["image_sha256"]
    decision = {"category": "scam", "legal_ground": GROUND, "explanation": "prize scam"}
    forbidden = client.post(
        f"{API}/posts/{judged['post']['id']}/decision",
        json=decision,
        headers=world.provider["analyst"].headers,
    )
    assert_error(forbidden, 403, "permission_denied")
    outcome = post(client, reviewer, f"/posts/{judged['post']['id']}/decision", decision)
    assert {t["via"] for t in outcome["takedowns"]} == {"judged", "copy", "reshare"}
    tree = client.get(f"{API}/decisions/{outcome['decision']['id']}", headers=admin.headers).json()
    assert len(tree["takedowns"]) == 3
    copy_takedown = next(t for t in outcome["takedowns"] if t["post_id"] == first["post"]["id"])
    notices = client.get(f"{API}/notices?author=user-copy", headers=admin.headers).json()
    assert [n["kind"] for n in notices] == ["takedown"]
    appeal = post(client, admin, f"/takedowns/{copy_takedown['id']}/appeals", {"reason": "mine"})
    decided = post(
        client, reviewer, f"/appeals/{appeal['id']}/decision", {"upheld": True, "reason": "ok"}
    )
    assert decided["status"] == "upheld" and decided["restored"] == 2
    restored = client.get(f"{API}/posts/{first['post']['id']}", headers=admin.headers).json()
    assert restored["state"] == "restored"


def test_review_queue_and_bad_input(client: TestClient, world: World) -> None:
    admin = world.provider["admin"]
    bank = post(client, admin, "/banks", {"name": "maybe", "legal_ground": GROUND})
    post(
        client,
        admin,
        f"/banks/{bank['id']}/entries",
        {"signal_type": "text_near_dup", "content": SCAM_ZH},
    )
    outcome = upload(client, admin, "p1", SCAM_ZH)
    assert outcome["action"] == "review"
    queue = client.get(f"{API}/reviews", headers=admin.headers).json()
    assert [r["id"] for r in queue] == [outcome["review_id"]]
    post(client, admin, f"/reviews/{outcome['review_id']}/dismiss", {"note": "satire"})
    bad_image = {"id": "x", "author": "a", "ts": "2026-11-01T00:00:00Z", "image_base64": "AAAA"}
    assert_error(client.post(f"{API}/posts", json=bad_image, headers=admin.headers), 422)
    orphan = {"id": "y", "author": "a", "ts": "2026-11-01T00:00:00Z", "reshare_of": "nope"}
    assert_error(client.post(f"{API}/posts", json=orphan, headers=admin.headers), 422)
    again = {"id": "p1", "author": "a", "ts": "2026-11-01T00:00:00Z", "text": "hi"}
    assert_error(client.post(f"{API}/posts", json=again, headers=admin.headers), 409)
