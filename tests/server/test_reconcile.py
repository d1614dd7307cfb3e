"""The OpenRefine reconciliation API over a watchlist, validated against the W3C JSON Schemas.

The schemas and examples are the Entity Reconciliation Community Group's (``shared/external/
reconciliation-api``, see its README): every response kind is checked against version 0.2 and, where
the draft has the same message, against 1.0-draft too.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft7Validator
from referencing import Registry
from referencing.jsonschema import DRAFT7

from lawbridge.store.models import PotentialMatch, Screening
from lawbridge.workflows import watchlists
from lawbridge.workflows.unit import Context
from tests.conftest import Member, World
from tests.contracts.error_shape import assert_error

SPECS = Path(__file__).resolve().parents[3] / "shared" / "external" / "reconciliation-api"
if not SPECS.exists():
    SPECS = Path("/work/shared/external/reconciliation-api")
API = "/api/v1/reconcile"
ENTRIES = [
    {
        "id": "F-1",
        "name": "郭明华",
        "aliases": ["Guo Minghua", "郭明華"],
        "birth_date": "1962-03-14",
        "nationality": "CN",
        "gender": "male",
        "id_number": "330302196203141234",
        "legal_basis": "arrest warrant, Intermediate People's Court of Wenzhou, Art. 382 (embezzlement)",
    },
    {"id": "F-2", "name": "Henrik Lindqvist", "birth_date": "1950-09", "nationality": "SE"},
    {"id": "F-3", "name": "王秀英", "aliases": ["Wang Xiuying"], "birth_date": "1971"},
    {"id": "F-4", "name": "<b>Marker</b> Test", "birth_date": "1980"},
]


@cache
def registry(version: str) -> Registry:
    resources = []
    for path in sorted((SPECS / version / "schemas").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        # The schemas name the generic dialect ``http://json-schema.org/schema#``: read as draft 7.
        resources.append((schema["$id"].rstrip("#"), DRAFT7.create_resource(schema)))
    return Registry().with_resources(resources)


def validator(version: str, name: str) -> Draft7Validator:
    schema = json.loads((SPECS / version / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
    return Draft7Validator(schema, registry=registry(version))


def assert_valid(document: Any, name: str, versions: tuple[str, ...] = ("0.2",)) -> None:
    for version in versions:
        errors = [e.message for e in validator(version, name).iter_errors(document)]
        assert errors == [], f"{version}/{name}: {errors[:3]}"


@pytest.mark.parametrize("version", ["0.2", "1.0-draft"])
def test_the_schemas_accept_their_valid_examples_and_reject_the_invalid(version: str) -> None:
    """The validator set-up itself: the spec's own examples behave as labelled."""
    checked = 0
    for folder in sorted((SPECS / version / "examples").iterdir()):
        if not (SPECS / version / "schemas" / f"{folder.name}.json").exists():
            continue
        check = validator(version, folder.name)
        for expected in ("valid", "invalid"):
            for example in sorted((folder / expected).glob("*.json")):
                valid = check.is_valid(json.loads(example.read_text(encoding="utf-8")))
                assert valid == (expected == "valid"), example
                checked += 1
    assert checked > 20


@pytest.fixture
def listed(context: Context, world: World) -> dict[str, str]:
    """A list of party cn with four entries (F-3 delisted); ids by the list's own ids."""
    analyst = world.cn["analyst"]
    with context.write(analyst.actor) as unit:
        watchlist = watchlists.create_watchlist(unit, name="Wanted (test)", kind="red_notice")
        watchlists.import_records(unit, watchlist.id, ENTRIES)
        ids = {e.external_id: e.id for e in watchlists.list_entries(unit, watchlist.id, limit=10)}
        watchlists.delist_entry(unit, ids["F-3"], reason="returned", route="returned_surrendered")
    return {"list": watchlist.id, **ids}


def _queries(client: TestClient, member: Member, list_id: str, batch: dict[str, Any]) -> Any:
    answer = client.post(
        f"{API}/{list_id}", data={"queries": json.dumps(batch)}, headers=member.headers
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_manifest_without_a_token_says_nothing_about_the_list(
    client: TestClient, listed: dict[str, str]
) -> None:
    answer = client.get(f"{API}/{listed['list']}")
    assert answer.status_code == 200
    manifest = answer.json()
    assert_valid(manifest, "manifest")
    assert "Wanted" not in json.dumps(manifest)
    assert manifest["authentication"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": manifest["authentication"]["description"],
    }
    other = client.get(f"{API}/00000000-0000-0000-0000-000000000000").json()
    assert manifest["name"] == other["name"]


def test_manifest_with_a_token_names_the_list_and_its_services(
    client: TestClient, world: World, listed: dict[str, str]
) -> None:
    answer = client.get(f"{API}/{listed['list']}", headers=world.cn["auditor"].headers)
    assert answer.status_code == 200, answer.text
    manifest = answer.json()
    assert_valid(manifest, "manifest")
    assert manifest["name"] == "lawbridge: Wanted (test)"
    assert manifest["versions"] == ["0.2"]
    assert manifest["defaultTypes"] == [{"id": "Person", "name": "Person"}]
    endpoint = f"http://testserver{API}/{listed['list']}"
    assert manifest["suggest"]["entity"] == {
        "service_url": endpoint,
        "service_path": "/suggest/entity",
    }
    assert manifest["preview"]["url"] == f"{endpoint}/preview?id={{{{id}}}}"


def test_reconcile_finds_the_entry_across_scripts_and_marks_the_match(
    client: TestClient, world: World, listed: dict[str, str]
) -> None:
    batch = {
        "q0": {
            "query": "郭明華",
            "type": "Person",
            "limit": 3,
            "properties": [
                {"pid": "birthDate", "v": "1962-03-14"},
                {"pid": "nationality", "v": "CN"},
                {"pid": "unknownProperty", "v": "ignored"},
            ],
        },
        "q1": {"query": "Henrik Lindqvist", "properties": [{"pid": "birthDate", "v": "1950"}]},
    }
    results = _queries(client, world.cn["reviewer"], listed["list"], batch)
    assert_valid(results, "reconciliation-result-batch")
    assert set(results) == {"q0", "q1"}
    best = results["q0"]["result"][0]
    assert best["id"] == listed["F-1"]
    assert best["name"] == "郭明华"
    assert best["match"] is True
    assert 0 < best["score"] <= 100
    assert best["type"] == [{"id": "Person", "name": "Person"}]
    assert "F-1" in best["description"]
    assert best["features"][0]["id"] == "name"
    assert len(results["q0"]["result"]) <= 3
    assert results["q1"]["result"][0]["id"] == listed["F-2"]


def test_reconcile_by_get_matches_post(
    client: TestClient, world: World, listed: dict[str, str]
) -> None:
    batch = {"q0": {"query": "Guo Minghua"}}
    member = world.cn["analyst"]
    got = client.get(
        f"{API}/{listed['list']}", params={"queries": json.dumps(batch)}, headers=member.headers
    )
    assert got.status_code == 200, got.text
    assert got.json() == _queries(client, member, listed["list"], batch)
    assert got.json()["q0"]["result"][0]["id"] == listed["F-1"]


@pytest.mark.parametrize(
    "example",
    sorted((SPECS / "0.2" / "examples" / "reconciliation-query-batch" / "valid").glob("*.json")),
    ids=lambda p: p.name,
)
def test_the_specs_query_examples_get_valid_results(
    client: TestClient, world: World, listed: dict[str, str], example: Path
) -> None:
    batch = json.loads(example.read_text(encoding="utf-8"))
    results = _queries(client, world.cn["analyst"], listed["list"], batch)
    assert_valid(results, "reconciliation-result-batch")
    assert set(results) == set(batch)


def test_delisted_entries_are_no_candidates(
    client: TestClient, world: World, listed: dict[str, str]
) -> None:
    results = _queries(client, world.cn["analyst"], listed["list"], {"q": {"query": "王秀英"}})
    assert listed["F-3"] not in {c["id"] for c in results["q"]["result"]}


def test_reconciling_writes_nothing(
    client: TestClient, world: World, context: Context, listed: dict[str, str]
) -> None:
    _queries(client, world.cn["analyst"], listed["list"], {"q": {"query": "郭明华"}})
    with context.read(world.cn["analyst"].actor) as unit:
        assert unit.session.query(Screening).count() == 0
        assert unit.session.query(PotentialMatch).count() == 0


@pytest.mark.parametrize(
    ("queries", "fragment"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"q": {"query": "x", "colour": "red"}}), "colour"),
        (
            json.dumps(
                {"q": {"query": "x", "properties": [{"pid": "birthDate", "v": "1985-13-40"}]}}
            ),
            "q",
        ),
        (
            json.dumps({"q": {"query": "x", "properties": [{"pid": "nationality", "v": "XX1"}]}}),
            "q",
        ),
        (json.dumps(["q"]), "queries"),
    ],
)
def test_bad_queries_are_422(
    client: TestClient, world: World, listed: dict[str, str], queries: str, fragment: str
) -> None:
    answer = client.post(
        f"{API}/{listed['list']}", data={"queries": queries}, headers=world.cn["analyst"].headers
    )
    body = assert_error(answer, 422, "invalid_input")
    assert fragment in body["error"]


def test_post_without_queries_or_extend_is_422(
    client: TestClient, world: World, listed: dict[str, str]
) -> None:
    answer = client.post(f"{API}/{listed['list']}", headers=world.cn["analyst"].headers)
    assert_error(answer, 422, "invalid_input")


def test_suggest_services(client: TestClient, world: World, listed: dict[str, str]) -> None:
    base, headers = f"{API}/{listed['list']}", world.cn["reviewer"].headers
    entities = client.get(f"{base}/suggest/entity", params={"prefix": "郭"}, headers=headers)
    assert entities.status_code == 200, entities.text
    assert_valid(entities.json(), "suggest-entities-response", ("0.2", "1.0-draft"))
    assert [e["id"] for e in entities.json()["result"]] == [listed["F-1"]]
    delisted = client.get(f"{base}/suggest/entity", params={"prefix": "王"}, headers=headers)
    assert delisted.json()["result"] == []
    types = client.get(f"{base}/suggest/type", params={"prefix": "per"}, headers=headers).json()
    assert_valid(types, "suggest-types-response", ("0.2", "1.0-draft"))
    assert types["result"] == [{"id": "Person", "name": "Person"}]
    properties = client.get(f"{base}/suggest/property", params={"prefix": "birth"}, headers=headers)
    assert_valid(properties.json(), "suggest-properties-response", ("0.2", "1.0-draft"))
    assert [p["id"] for p in properties.json()["result"]] == ["birthDate"]


def test_data_extension(client: TestClient, world: World, listed: dict[str, str]) -> None:
    base, headers = f"{API}/{listed['list']}", world.us["admin"].headers
    proposal = client.get(f"{base}/extend/propose", params={"type": "Person"}, headers=headers)
    assert proposal.status_code == 404  # not shared with us
    headers = world.cn["auditor"].headers
    proposal = client.get(f"{base}/extend/propose", params={"type": "Person"}, headers=headers)
    assert_valid(proposal.json(), "data-extension-property-proposal", ("0.2", "1.0-draft"))
    assert {"birthDate", "nationality", "idNumber", "legalBasis"} <= {
        p["id"] for p in proposal.json()["properties"]
    }
    query = {
        "ids": [listed["F-1"], listed["F-3"], "no-such-entry"],
        "properties": [{"id": "birthDate"}, {"id": "alias"}, {"id": "status"}, {"id": "P999"}],
    }
    assert_valid(query, "data-extension-query")
    answer = client.post(base, data={"extend": json.dumps(query)}, headers=headers)
    assert answer.status_code == 200, answer.text
    extended = answer.json()
    assert_valid(extended, "data-extension-response")  # 1.0-draft rows are a list: not ours
    assert extended["rows"][listed["F-1"]]["birthDate"] == [{"str": "1962-03-14"}]
    assert {"str": "Guo Minghua"} in extended["rows"][listed["F-1"]]["alias"]
    assert extended["rows"][listed["F-3"]]["status"] == [{"str": "delisted"}]
    assert extended["rows"]["no-such-entry"] == {
        "birthDate": [],
        "alias": [],
        "status": [],
        "P999": [],
    }
    assert [m["id"] for m in extended["meta"]] == ["birthDate", "alias", "status", "P999"]


def test_preview_is_escaped_html(client: TestClient, world: World, listed: dict[str, str]) -> None:
    base, headers = f"{API}/{listed['list']}", world.cn["analyst"].headers
    answer = client.get(f"{base}/preview", params={"id": listed["F-4"]}, headers=headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert "&lt;b&gt;Marker&lt;/b&gt; Test" in answer.text and "<b>" not in answer.text
    missing = client.get(f"{base}/preview", params={"id": "nope"}, headers=headers)
    assert_error(missing, 404, "not_found")
    assert_error(client.get(f"{base}/preview", headers=headers), 422, "invalid_input")


def test_tokens_and_shares_decide_access(
    client: TestClient, world: World, context: Context, listed: dict[str, str]
) -> None:
    base = f"{API}/{listed['list']}"
    batch = json.dumps({"q": {"query": "郭明华"}})
    assert_error(client.post(base, data={"queries": batch}), 401, "authentication_failed")
    assert_error(client.get(base, params={"queries": batch}), 401, "authentication_failed")
    assert_error(client.get(f"{base}/suggest/type"), 401, "authentication_failed")
    us = world.us["analyst"]
    assert_error(client.post(base, data={"queries": batch}, headers=us.headers), 404, "not_found")
    assert_error(client.get(base, headers=us.headers), 404, "not_found")
    with context.write(world.cn["analyst"].actor) as unit:
        watchlists.share_watchlist(unit, listed["list"], grantee="us-agency")
    shared = _queries(client, us, listed["list"], {"q": {"query": "郭明华"}})
    assert shared["q"]["result"][0]["id"] == listed["F-1"]
    provider = world.provider["admin"]
    assert_error(client.get(base, headers=provider.headers), 404, "not_found")
