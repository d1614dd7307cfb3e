"""The transparency API: the report as canonical JSON and CSV, proofs at a report's tree size
checked with the hashlib-only verifier of the test helpers, and bad input as 4xx."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from lawbridge.domain.clocks import SimulatedClock
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.contracts.error_shape import assert_error
from tests.workflows.transparency_helpers import (
    check_evidence,
    load_quarter,
    moderate,
    new_clock,
    verify_consistency,
    verify_inclusion,
)

API = "/api/v1/transparency"
EVER = {"start": "2026-01-01", "end": "2100-01-01"}


@pytest.fixture
def clock() -> SimulatedClock:
    return new_clock()


@pytest.fixture
def loaded(context: Context, world: World, clock: SimulatedClock) -> None:
    load_quarter(context, world, clock)
    moderate(context, world)


def test_report_json_and_csv(client: TestClient, world: World, loaded: None) -> None:
    auditor = world.provider["auditor"]
    url = f"{API}/{world.provider.id}/report"
    answer = client.get(url, params=EVER, headers=auditor.headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    report = answer.json()
    assert report["requests"]["received"] == 6
    check_evidence(report)
    size = report["tree_head"]["tree_size"]
    again = client.get(url, params=EVER | {"tree_size": size}, headers=auditor.headers)
    assert again.content == answer.content
    by_slug = client.get(f"{API}/provider/report", params=EVER, headers=auditor.headers)
    assert by_slug.content == answer.content
    table = client.get(url, params=EVER | {"format": "csv"}, headers=auditor.headers)
    assert table.headers["content-type"].startswith("text/csv")
    assert "requests.received,6" in table.text.splitlines()


def test_proofs_at_a_reports_tree_size(
    client: TestClient, world: World, loaded: None, context: Context, clock: SimulatedClock
) -> None:
    auditor = world.provider["auditor"]
    base = f"{API}/{world.provider.id}"
    old = client.get(f"{base}/report", params=EVER, headers=auditor.headers).json()
    load_quarter(context, world, clock, "2")
    new = client.get(f"{base}/report", params=EVER, headers=auditor.headers).json()
    first, second = old["tree_head"], new["tree_head"]
    leaf = old["items"][0]["leaves"][0]
    proof = client.get(
        f"{base}/events/{leaf}/proof",
        params={"tree_size": first["tree_size"]},
        headers=auditor.headers,
    ).json()
    path = [bytes.fromhex(h) for h in proof["path"]]
    root = bytes.fromhex(first["root_hash"])
    assert verify_inclusion(leaf, first["tree_size"], bytes.fromhex(proof["leaf_hash"]), path, root)
    sizes = {"first": first["tree_size"], "second": second["tree_size"]}
    consistency = client.get(f"{base}/consistency", params=sizes, headers=auditor.headers).json()
    assert consistency["first_root"] == first["root_hash"]
    assert consistency["second_root"] == second["root_hash"]
    roots = bytes.fromhex(first["root_hash"]), bytes.fromhex(second["root_hash"])
    steps = [bytes.fromhex(h) for h in consistency["path"]]
    assert verify_consistency(first["tree_size"], second["tree_size"], *roots, steps)


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"start": "2026-02-30", "end": "2026-03-01"}, 422),
        ({"start": "yesterday", "end": "2026-03-01"}, 422),
        ({"start": "2026-03-01", "end": "2026-02-01"}, 422),
        ({"start": "2026-03-01"}, 422),
        (EVER | {"tree_size": 0}, 422),
        (EVER | {"tree_size": 10**9}, 422),
        (EVER | {"format": "xml"}, 422),
    ],
)
def test_bad_input(
    client: TestClient, world: World, params: dict[str, object], status: int
) -> None:
    answer = client.get(
        f"{API}/{world.provider.id}/report",
        params=params,
        headers=world.provider["auditor"].headers,
    )
    assert_error(answer, status)


def test_unknown_or_other_party_and_bad_proofs(client: TestClient, world: World) -> None:
    auditor = world.provider["auditor"]
    for party in ("no-such-party", world.us.id):
        answer = client.get(f"{API}/{party}/report", params=EVER, headers=auditor.headers)
        assert_error(answer, 404, "not_found")
    agency = client.get(
        f"{API}/{world.us.id}/report", params=EVER, headers=world.us["admin"].headers
    )
    assert_error(agency, 422)
    base = f"{API}/{world.provider.id}"
    assert_error(client.get(f"{base}/events/0/proof", headers=auditor.headers), 404, "not_found")
    bad = client.get(
        f"{base}/consistency", params={"first": 5, "second": 3}, headers=auditor.headers
    )
    assert_error(bad, 422)
    assert_error(client.get(f"{base}/report", params=EVER), 401)


def test_report_body_is_canonical_json(client: TestClient, world: World, loaded: None) -> None:
    answer = client.get(
        f"{API}/{world.provider.id}/report", params=EVER, headers=world.provider["admin"].headers
    )
    body = json.loads(answer.content)
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert answer.content == canonical.encode() + b"\n"
