"""The audit API: an auditor proves their own party's events; other parties' events are not there."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from lawbridge.domain import audit as rules
from lawbridge.store import audit_log
from lawbridge.store.db import Database
from lawbridge.store.models import AuditCheckpoint
from tests.conftest import World
from tests.store import audit_tamper as t


def committed_root(db: Database, tree_size: int) -> str:
    with db.reading() as session:
        checkpoint = session.get(AuditCheckpoint, tree_size)
        if checkpoint is not None:
            return checkpoint.root_hash
        head = audit_log.head(session)
        assert head is not None and head.size == tree_size
        return rules.frontier_root([bytes.fromhex(h) for h in head.frontier]).hex()


def holds(proof: dict[str, Any]) -> bool:
    return rules.verify_inclusion(
        proof["index"],
        proof["tree_size"],
        bytes.fromhex(proof["leaf_hash"]),
        [bytes.fromhex(h) for h in proof["path"]],
        bytes.fromhex(proof["root_hash"]),
    )


def own_events(client: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    answer = client.get("/api/v1/audit/events", params={"limit": 500}, headers=headers)
    assert answer.status_code == 200, answer.text
    events: list[dict[str, Any]] = answer.json()
    return events


def test_an_auditor_gets_proofs_of_their_partys_events(
    client: TestClient, world: World, db: Database
) -> None:
    auditor = world.cn["auditor"].headers
    events = own_events(client, auditor)
    assert events and {e["party_id"] for e in events} == {world.cn.id}
    for event in events:
        answer = client.get(f"/api/v1/audit/events/{event['index']}/proof", headers=auditor)
        assert answer.status_code == 200, answer.text
        proof = answer.json()
        assert proof["index"] == event["index"]
        assert proof["root_hash"] == committed_root(db, proof["tree_size"])
        assert holds(proof)
        assert not holds({**proof, "leaf_hash": event["chain_hash"]})


def test_another_partys_event_is_not_found(client: TestClient, world: World) -> None:
    theirs = own_events(client, world.us["auditor"].headers)[0]["index"]
    for index in (theirs, 10**9):
        answer = client.get(
            f"/api/v1/audit/events/{index}/proof", headers=world.cn["auditor"].headers
        )
        assert answer.status_code == 404
        assert answer.json()["code"] == "not_found"


def test_proofs_need_the_audit_permission(client: TestClient, world: World) -> None:
    answer = client.get("/api/v1/audit/events/0/proof", headers=world.cn["analyst"].headers)
    assert answer.status_code == 403
    assert client.get("/api/v1/audit/events/0/proof").status_code == 401


def test_verify_reports_the_first_bad_index(client: TestClient, world: World, db: Database) -> None:
    auditor = world.cn["auditor"].headers
    assert client.get("/api/v1/audit/verify", headers=auditor).json()["ok"] is True
    t.drop_triggers(db)
    t.execute(db, "UPDATE audit_event SET actor_label = 'nobody' WHERE seq = 2")
    report = client.get("/api/v1/audit/verify", headers=auditor).json()
    assert (report["ok"], report["first_bad_index"]) == (False, 2)
    index = own_events(client, auditor)[-1]["index"]
    assert index < 8  # in the same checkpointed tree as the edited event
    answer = client.get(f"/api/v1/audit/events/{index}/proof", headers=auditor)
    assert answer.status_code == 500
    assert answer.json()["code"] == "internal_error"


def test_tree_heads_and_consistency_over_the_api(client: TestClient, world: World) -> None:
    headers = world.us["auditor"].headers
    heads = client.get("/api/v1/audit/tree-heads", headers=headers)
    assert heads.status_code == 200, heads.text
    sizes = [h["tree_size"] for h in heads.json()]
    assert sizes == sorted(sizes) and len(sizes) >= 2
    first, second = heads.json()[0], heads.json()[-1]
    answer = client.get(
        "/api/v1/audit/consistency",
        params={"first": first["tree_size"], "second": second["tree_size"]},
        headers=headers,
    )
    assert answer.status_code == 200, answer.text
    proof = answer.json()
    assert rules.verify_consistency(
        proof["first"],
        proof["second"],
        bytes.fromhex(first["root_hash"]),
        bytes.fromhex(second["root_hash"]),
        [bytes.fromhex(h) for h in proof["path"]],
    )
    missing = client.get(
        "/api/v1/audit/consistency", params={"first": 1, "second": 3}, headers=headers
    )
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    backwards = client.get(
        "/api/v1/audit/consistency", params={"first": 3, "second": 1}, headers=headers
    )
    assert backwards.status_code == 422
    denied = client.get("/api/v1/audit/tree-heads", headers=world.us["analyst"].headers)
    assert denied.status_code == 403
