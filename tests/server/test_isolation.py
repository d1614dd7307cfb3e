"""Party isolation through the API: another party's ids behave exactly like ids that do not exist.

``SWAPS`` lists every endpoint that takes an object id; ``test_every_id_endpoint_is_covered`` walks
the OpenAPI document, so a new ``{id}`` endpoint fails the suite until it is added here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lawbridge.server.app import create_app
from lawbridge.settings import Settings
from lawbridge.store.models import AuditEvent
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, Member, World, database, make_party
from tests.contracts.error_shape import assert_error
from tests.contracts.state import snapshot
from tests.server.content_isolation import CONTENT_SWAPS, content_ids
from tests.server.cooperation_isolation import COOPERATION_SWAPS, cooperation_ids
from tests.server.provider_isolation import PROVIDER_SWAPS, provider_ids
from tests.server.transparency_isolation import TRANSPARENCY_SWAPS, transparency_ids

API = "/api/v1"


@dataclass(frozen=True)
class Swap:
    method: str
    path: str  # as in the OpenAPI document
    json: dict[str, Any] | None = None


SWAPS = [
    Swap("GET", "/api/v1/documents/{document_id}"),
    Swap("PATCH", "/api/v1/documents/{document_id}", {"expected_version": 1, "title": "mine"}),
    Swap("GET", "/api/v1/documents/{document_id}/shares"),
    Swap("POST", "/api/v1/documents/{document_id}/shares", {"party": "us-agency"}),
    Swap("POST", "/api/v1/shares/{share_id}/revoke"),
    Swap("GET", "/api/v1/accounts/{account_id}"),
    Swap("PATCH", "/api/v1/accounts/{account_id}", {"active": False}),
    Swap("GET", "/api/v1/accounts/{account_id}/tokens"),
    Swap("POST", "/api/v1/accounts/{account_id}/tokens", {"name": "stolen"}),
    Swap("POST", "/api/v1/tokens/{token_id}/revoke"),
    Swap("GET", "/api/v1/audit/events/{index}/proof"),
    Swap("GET", "/api/v1/watchlists/{watchlist_id}"),
    Swap("GET", "/api/v1/watchlists/{watchlist_id}/versions"),
    Swap(
        "POST", "/api/v1/watchlists/{watchlist_id}/import", {"records": [{"id": "x", "name": "X"}]}
    ),
    Swap("GET", "/api/v1/watchlists/{watchlist_id}/entries"),
    Swap("GET", "/api/v1/watchlists/{watchlist_id}/export.ftm.json"),
    Swap("GET", "/api/v1/watchlists/{watchlist_id}/shares"),
    Swap("POST", "/api/v1/watchlists/{watchlist_id}/shares", {"party": "us-agency"}),
    Swap("GET", "/api/v1/watchlist-entries/{entry_id}"),
    Swap("POST", "/api/v1/watchlist-entries/{entry_id}/delist", {"reason": "mine now"}),
    Swap("GET", "/api/v1/screenings/{screening_id}"),
    Swap("GET", "/api/v1/potential-matches/{match_id}"),
    Swap(
        "POST",
        "/api/v1/potential-matches/{match_id}/decision",
        {"decision": "dismiss", "reason": "x"},
    ),
    Swap("GET", "/api/v1/reconcile/{watchlist_id}"),
    Swap("POST", "/api/v1/reconcile/{watchlist_id}"),
    Swap("GET", "/api/v1/reconcile/{watchlist_id}/suggest/entity"),
    Swap("GET", "/api/v1/reconcile/{watchlist_id}/suggest/type"),
    Swap("GET", "/api/v1/reconcile/{watchlist_id}/suggest/property"),
    Swap("GET", "/api/v1/reconcile/{watchlist_id}/extend/propose"),
    Swap("GET", "/api/v1/reconcile/{watchlist_id}/preview"),
    Swap("GET", "/api/v1/privacy/activities/{activity_id}"),
    Swap("PATCH", "/api/v1/privacy/activities/{activity_id}", {"expected_version": 1, "name": "x"}),
    Swap("POST", "/api/v1/privacy/activities/{activity_id}/retire"),
    *COOPERATION_SWAPS,
    *CONTENT_SWAPS,
    *TRANSPARENCY_SWAPS,
    *PROVIDER_SWAPS,
]


PRIVACY_ACTIVITY = {
    "name": "A's delivery",
    "purpose": "parcels",
    "legal_basis": "contract_or_hr",
    "categories": ["PHONE"],
    "retention_days": 30,
}


@dataclass
class Owned:
    """Ids of objects that belong to party cn (A)."""

    ids: dict[str, str]


def _post(client: TestClient, path: str, member: Member, json: dict[str, Any]) -> Any:
    answer = client.post(f"{API}{path}", json=json, headers=member.headers)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def build_owned(client: TestClient, world: World) -> Owned:
    analyst = world.cn["analyst"]
    document = _post(client, "/documents", analyst, {"title": "A's letter", "body": "secret"})
    share = _post(client, f"/documents/{document['id']}/shares", analyst, {"party": "provider"})
    tokens = client.get(f"{API}/accounts/{analyst.account_id}/tokens", headers=analyst.headers)
    events = client.get(
        f"{API}/audit/events",
        params={"action": "document.create"},
        headers=world.cn["auditor"].headers,
    )
    watchlist = _post(client, "/watchlists", analyst, {"name": "A's list", "kind": "internal"})
    records = {"records": [{"id": "A-1", "name": "Zhao Minghui", "birth_date": "1966"}]}
    _post(client, f"/watchlists/{watchlist['id']}/import", analyst, records)
    entries = client.get(f"{API}/watchlists/{watchlist['id']}/entries", headers=analyst.headers)
    subject = {"record": {"name": "Zhao Minghui", "birth_date": "1966"}}
    screened = _post(client, "/screenings", analyst, subject)
    activity = _post(client, "/privacy/activities", analyst, PRIVACY_ACTIVITY)
    return Owned(
        {
            "watchlist_id": watchlist["id"],
            "entry_id": entries.json()[0]["id"],
            "screening_id": screened["screening"]["id"],
            "match_id": screened["candidates"][0]["match_id"],
            "document_id": document["id"],
            "share_id": share["id"],
            "account_id": analyst.account_id,
            "token_id": tokens.json()[0]["id"],
            **cooperation_ids(client, analyst),
            **content_ids(client, world),
            **transparency_ids(world),
            **provider_ids(client, world),
            "activity_id": activity["id"],  # before "index": ids are replaced in this order
            "index": str(events.json()[0]["index"]),
        }
    )


@pytest.fixture
def owned(client: TestClient, world: World) -> Owned:
    return build_owned(client, world)


@dataclass
class Shared:
    """One database per kind with party cn's objects, shared by every swap test of this module:
    a swap must change nothing (each test checks it), so they can all look at the same state.
    Building it once instead of once per swap and role saves most of this module's time."""

    context: Context
    world: World
    client: TestClient
    owned: Owned


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def shared(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Shared]:
    with database(request.param, tmp_path_factory.mktemp("isolation")) as db:
        settings = Settings(env="test", database_url=db.url, audit_checkpoint_every=8)
        context = Context(settings, db)
        world = World(
            cn=make_party(context, "cn-agency", "agency", "CN"),
            us=make_party(context, "us-agency", "agency", "US"),
            provider=make_party(context, "provider", "provider", "CN"),
        )
        with TestClient(create_app(context=context)) as client:
            yield Shared(context, world, client, build_owned(client, world))


def _absent(ids: dict[str, str]) -> dict[str, str]:
    return {k: "999999999" if k == "index" else str(uuid.uuid4()) for k in ids}


@pytest.mark.parametrize("swap", SWAPS, ids=lambda s: f"{s.method} {s.path}")
def test_other_partys_id_is_404_and_changes_nothing(shared: Shared, swap: Swap) -> None:
    client, world, context, owned = shared.client, shared.world, shared.context, shared.owned
    member = world.us["admin"]  # every permission: only party isolation can refuse
    before = snapshot(context)
    path = swap.path.format(**owned.ids)
    answer = client.request(swap.method, path, json=swap.json, headers=member.headers)
    body = assert_error(answer, 404, "not_found")
    assert snapshot(context) == before
    # The answer is the one a never-existing id gets: nothing tells the two apart.
    fake = _absent(owned.ids)
    absent = client.request(
        swap.method, swap.path.format(**fake), json=swap.json, headers=member.headers
    )
    assert_error(absent, 404, "not_found")
    assert _without_ids(body, owned.ids) == _without_ids(absent.json(), fake)


@pytest.mark.parametrize("swap", SWAPS, ids=lambda s: f"{s.method} {s.path}")
@pytest.mark.parametrize("role", ["analyst", "reviewer", "auditor"])
def test_other_partys_id_is_indistinguishable_whatever_the_role(
    shared: Shared, swap: Swap, role: str
) -> None:
    """A role that lacks the permission may get 403, but then for any id alike: no leak."""
    client, world, context, owned = shared.client, shared.world, shared.context, shared.owned
    member = world.us[role]
    before = snapshot(context)
    answer = client.request(
        swap.method, swap.path.format(**owned.ids), json=swap.json, headers=member.headers
    )
    body = assert_error(answer, answer.status_code)
    assert answer.status_code in (403, 404)
    assert snapshot(context) == before
    fake = _absent(owned.ids)
    absent = client.request(
        swap.method, swap.path.format(**fake), json=swap.json, headers=member.headers
    )
    assert absent.status_code == answer.status_code
    assert _without_ids(body, owned.ids) == _without_ids(absent.json(), fake)


def _without_ids(body: dict[str, Any], ids: dict[str, str]) -> str:
    text = str(body)
    for value in ids.values():
        text = text.replace(value, "<id>")
    return text


def test_account_by_username_of_other_party_is_404(client: TestClient, world: World) -> None:
    answer = client.get(f"{API}/accounts/analyst@cn-agency", headers=world.us["admin"].headers)
    assert_error(answer, 404, "not_found")


def test_every_id_endpoint_is_covered(client: TestClient) -> None:
    spec = client.get(f"{API}/openapi.json").json()
    with_ids = {
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        if "{" in path
        for method in operations
    }
    covered = {(s.method, s.path) for s in SWAPS}
    assert with_ids - covered == set(), "add these endpoints to SWAPS"
    assert covered - with_ids == set(), "SWAPS names endpoints that no longer exist"


def test_lists_show_only_own_and_shared(client: TestClient, world: World, owned: Owned) -> None:
    def titles(member: Member) -> list[str]:
        answer = client.get(f"{API}/documents", headers=member.headers)
        assert answer.status_code == 200, answer.text
        return [d["title"] for d in answer.json()]

    assert titles(world.cn["reviewer"]) == ["A's letter"]
    assert titles(world.provider["analyst"]) == ["A's letter"]  # shared with provider
    assert titles(world.us["admin"]) == []
    events = client.get(f"{API}/audit/events", headers=world.us["auditor"].headers).json()
    assert {e["party_id"] for e in events} == {world.us.id}
    accounts = client.get(f"{API}/accounts", headers=world.us["admin"].headers).json()
    assert {a["party_id"] for a in accounts} == {world.us.id}


# --- Sharing -------------------------------------------------------------------------------------


def _share(client: TestClient, world: World, permission: str) -> tuple[str, str]:
    analyst = world.cn["analyst"]
    document = _post(client, "/documents", analyst, {"title": "Shared", "body": "v1"})
    share = _post(
        client,
        f"/documents/{document['id']}/shares",
        analyst,
        {"party": "us-agency", "permission": permission},
    )
    return document["id"], share["id"]


def test_read_share_lets_grantee_read_but_not_write(
    client: TestClient, world: World, context: Context
) -> None:
    document_id, share_id = _share(client, world, "read")
    path = f"{API}/documents/{document_id}"
    us = world.us["analyst"]
    assert client.get(path, headers=us.headers).json()["body"] == "v1"
    before = snapshot(context)
    patch = {"expected_version": 1, "body": "changed by us"}
    assert_error(client.patch(path, json=patch, headers=us.headers), 403, "permission_denied")
    reshare = client.post(f"{path}/shares", json={"party": "provider"}, headers=us.headers)
    assert_error(reshare, 403, "permission_denied")
    assert client.get(f"{path}/shares", headers=us.headers).json() == []
    revoke = client.post(f"{API}/shares/{share_id}/revoke", headers=us.headers)
    assert_error(revoke, 404, "not_found")
    assert snapshot(context) == before
    assert_error(client.get(path, headers=world.provider["analyst"].headers), 404, "not_found")


def test_revoked_share_hides_the_document_again(client: TestClient, world: World) -> None:
    document_id, share_id = _share(client, world, "read")
    path = f"{API}/documents/{document_id}"
    us = world.us["analyst"]
    assert client.get(path, headers=us.headers).status_code == 200
    revoked = client.post(f"{API}/shares/{share_id}/revoke", headers=world.cn["analyst"].headers)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["revoked_at"] is not None
    assert_error(client.get(path, headers=us.headers), 404, "not_found")
    assert client.get(f"{API}/documents", headers=us.headers).json() == []


def test_write_share_lets_grantee_write(client: TestClient, world: World) -> None:
    document_id, _ = _share(client, world, "write")
    path = f"{API}/documents/{document_id}"
    patch = {"expected_version": 1, "body": "edited by us"}
    reviewer = client.patch(path, json=patch, headers=world.us["reviewer"].headers)
    assert_error(reviewer, 403, "permission_denied")  # the share does not lift role limits
    answer = client.patch(path, json=patch, headers=world.us["analyst"].headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["version"] == 2
    owner_view = client.get(path, headers=world.cn["reviewer"].headers).json()
    assert owner_view["body"] == "edited by us"
    assert_error(client.get(path, headers=world.provider["admin"].headers), 404, "not_found")


def test_share_with_own_party_or_twice_is_refused(client: TestClient, world: World) -> None:
    document_id, _ = _share(client, world, "read")
    path = f"{API}/documents/{document_id}/shares"
    headers = world.cn["analyst"].headers
    assert_error(client.post(path, json={"party": "cn-agency"}, headers=headers), 422)
    assert_error(client.post(path, json={"party": "us-agency"}, headers=headers), 409, "conflict")
    assert_error(client.post(path, json={"party": "nowhere"}, headers=headers), 404)


# --- Roles ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "method", "path", "json", "status"),
    [
        ("reviewer", "POST", "/documents", {"title": "x"}, 403),
        ("auditor", "POST", "/documents", {"title": "x"}, 403),
        ("analyst", "POST", "/documents", {"title": "x"}, 201),
        ("analyst", "GET", "/accounts", None, 403),
        ("analyst", "POST", "/accounts", {"username": "new-one", "roles": ["analyst"]}, 403),
        ("admin", "POST", "/accounts", {"username": "new-one", "roles": ["analyst"]}, 201),
        ("analyst", "GET", "/audit/events", None, 403),
        ("reviewer", "GET", "/audit/verify", None, 403),
        ("auditor", "GET", "/audit/events", None, 200),
        ("auditor", "GET", "/audit/verify", None, 200),
        ("admin", "GET", "/audit/verify", None, 200),
    ],
)
def test_roles(
    client: TestClient,
    world: World,
    role: str,
    method: str,
    path: str,
    json: dict[str, Any] | None,
    status: int,
) -> None:
    answer = client.request(method, f"{API}{path}", json=json, headers=world.cn[role].headers)
    if status >= 400:
        assert_error(answer, status, "permission_denied")
    else:
        assert answer.status_code == status, answer.text


def test_colleague_accounts_need_manage_accounts(client: TestClient, world: World) -> None:
    analyst = world.cn["analyst"]
    own = client.get(f"{API}/accounts/{analyst.account_id}", headers=analyst.headers)
    assert own.status_code == 200, own.text
    colleague = client.get(
        f"{API}/accounts/{world.cn['admin'].account_id}", headers=analyst.headers
    )
    assert_error(colleague, 403, "permission_denied")
    admin = client.get(f"{API}/accounts/{analyst.account_id}", headers=world.cn["admin"].headers)
    assert admin.json()["username"] == "analyst@cn-agency"


def test_audit_events_of_other_party_are_not_listed(
    client: TestClient, world: World, owned: Owned, context: Context
) -> None:
    with context.read(SYSTEM) as unit:
        event = unit.session.get(AuditEvent, int(owned.ids["index"]))
        assert event is not None and event.party_id == world.cn.id
    proof = client.get(
        f"{API}/audit/events/{owned.ids['index']}/proof", headers=world.cn["auditor"].headers
    )
    assert proof.status_code == 200, proof.text
