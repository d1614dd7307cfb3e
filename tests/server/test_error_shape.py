"""Every error the API returns has the one JSON shape of ``server/errors.py`` (datasette's rule)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import false, select, update

from lawbridge.server.app import create_app
from lawbridge.store.models import Account, ApiToken, utcnow
from lawbridge.workflows import documents
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, World
from tests.contracts.error_shape import assert_error

API = "/api/v1"
SMALL_LIMIT = 2048


def _document(client: TestClient, world: World) -> dict[str, object]:
    answer = client.post(
        f"{API}/documents", json={"title": "Letter"}, headers=world.cn["analyst"].headers
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, object] = answer.json()
    return body


def test_unknown_route_is_404(client: TestClient) -> None:
    assert_error(client.get(f"{API}/no-such-thing"), 404, "not_found")


def test_unknown_object_is_404(client: TestClient, world: World) -> None:
    answer = client.get(f"{API}/documents/{uuid.uuid4()}", headers=world.cn["analyst"].headers)
    body = assert_error(answer, 404, "not_found")
    assert body["errors"] == []


def test_wrong_method_is_405(client: TestClient) -> None:
    answer = client.delete(f"{API}/health")
    assert_error(answer, 405, "method_not_allowed")
    assert "GET" in answer.headers["allow"]


def test_missing_token_is_401(client: TestClient, world: World) -> None:
    answer = client.get(f"{API}/me")
    assert_error(answer, 401, "authentication_failed")
    assert answer.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer garbage",
        "Bearer lb_",
        f"Bearer lb_{uuid.uuid4()}_secret",
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "bearer lb_" + "x" * 500,
    ],
)
def test_garbled_token_is_401(client: TestClient, world: World, authorization: str) -> None:
    answer = client.get(f"{API}/me", headers={"Authorization": authorization})
    assert_error(answer, 401, "authentication_failed")


def test_token_with_wrong_secret_is_401(client: TestClient, world: World) -> None:
    token = world.cn["analyst"].token
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    answer = client.get(f"{API}/me", headers={"Authorization": f"Bearer {tampered}"})
    assert_error(answer, 401, "authentication_failed")


def _token_id(token: str) -> str:
    return token.removeprefix("lb_")[:36]


def test_revoked_token_is_401(client: TestClient, world: World) -> None:
    member = world.cn["analyst"]
    revoked = client.post(f"{API}/tokens/{_token_id(member.token)}/revoke", headers=member.headers)
    assert revoked.status_code == 200, revoked.text
    assert_error(client.get(f"{API}/me", headers=member.headers), 401, "authentication_failed")


def test_expired_token_is_401(client: TestClient, world: World, context: Context) -> None:
    member = world.cn["analyst"]
    with context.write(SYSTEM) as unit:
        unit.session.execute(
            update(ApiToken)
            .where(ApiToken.id == _token_id(member.token))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    assert_error(client.get(f"{API}/me", headers=member.headers), 401, "authentication_failed")


def test_missing_permission_is_403(client: TestClient, world: World) -> None:
    answer = client.post(
        f"{API}/documents", json={"title": "x"}, headers=world.cn["reviewer"].headers
    )
    body = assert_error(answer, 403, "permission_denied")
    assert body["errors"][0]["loc"] == ["permission"]


def test_duplicate_username_is_409(client: TestClient, world: World) -> None:
    answer = client.post(
        f"{API}/accounts",
        json={"username": "analyst@cn-agency", "roles": ["analyst"]},
        headers=world.cn["admin"].headers,
    )
    body = assert_error(answer, 409, "conflict")
    assert body["errors"] == [{"loc": ["username"], "msg": "analyst@cn-agency", "type": "conflict"}]


def test_stale_version_is_409(client: TestClient, world: World) -> None:
    document = _document(client, world)
    headers = world.cn["analyst"].headers
    path = f"{API}/documents/{document['id']}"
    first = client.patch(path, json={"expected_version": 1, "title": "v2"}, headers=headers)
    assert first.status_code == 200, first.text
    stale = client.patch(path, json={"expected_version": 1, "title": "v2b"}, headers=headers)
    assert_error(stale, 409, "conflict")
    assert client.get(path, headers=headers).json()["title"] == "v2"


@pytest.mark.parametrize(
    "content",
    [b'{"title": ', b"{title: 'x'}", b'{"title": "x"} trailing', b"\xff\xfe", b""],
    ids=["truncated", "not-json", "trailing", "bad-utf8", "empty"],
)
def test_malformed_json_is_400(client: TestClient, world: World, content: bytes) -> None:
    headers = world.cn["analyst"].headers | {"Content-Type": "application/json"}
    answer = client.post(f"{API}/documents", content=content, headers=headers)
    if content == b"":
        # An empty body is a missing body: the request is valid JSON-wise but lacks the fields.
        assert_error(answer, 422, "invalid_input")
    else:
        assert_error(answer, 400, "malformed_json")


@pytest.mark.parametrize(
    ("payload", "loc", "kind"),
    [
        ({"title": "x", "colour": "red"}, ["body", "colour"], "extra_forbidden"),
        ({"title": 5}, ["body", "title"], "string_type"),
        ({"body": "no title"}, ["body", "title"], "missing"),
        ({"title": ""}, ["body", "title"], "string_too_short"),
        (["title"], ["body"], "model_attributes_type"),
    ],
    ids=["unknown-field", "wrong-type", "missing-field", "too-short", "not-an-object"],
)
def test_invalid_body_is_422(
    client: TestClient, world: World, payload: object, loc: list[str], kind: str
) -> None:
    answer = client.post(f"{API}/documents", json=payload, headers=world.cn["analyst"].headers)
    body = assert_error(answer, 422, "invalid_input")
    assert {"loc": loc, "type": kind} in [
        {"loc": p["loc"], "type": p["type"]} for p in body["errors"]
    ]


def test_nul_character_is_422_not_500(client: TestClient, world: World) -> None:
    answer = client.post(
        f"{API}/documents", json={"title": "a\u0000b"}, headers=world.cn["analyst"].headers
    )
    assert_error(answer, 422, "invalid_input")


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/documents?limit=0", "limit"),
        ("/documents?limit=abc", "limit"),
        ("/documents?offset=-1", "offset"),
        ("/documents?offset=99999999999999999999999", "offset"),
        ("/audit/events?before=99999999999999999999999", "before"),
        ("/audit/events?limit=501", "limit"),
    ],
)
def test_bad_query_params_are_422(client: TestClient, world: World, path: str, param: str) -> None:
    answer = client.get(f"{API}{path}", headers=world.cn["admin"].headers)
    body = assert_error(answer, 422, "invalid_input")
    assert ["query", param] in [p["loc"] for p in body["errors"]]


@pytest.mark.parametrize(
    "path",
    [
        "/audit/events/99999999999999999999999/proof",
        "/audit/events/-1/proof",
        "/documents/" + "x" * 121,
        "/documents/a%00b",
        "/accounts/a%0Ab",
    ],
)
def test_out_of_range_path_params_are_422(client: TestClient, world: World, path: str) -> None:
    answer = client.get(f"{API}{path}", headers=world.cn["admin"].headers)
    body = assert_error(answer, 422, "invalid_input")
    assert body["errors"][0]["loc"][0] == "path"


def test_database_constraint_race_is_409(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If two requests race past the workflow's duplicate check, the database's refusal is a 409."""
    from lawbridge.workflows import accounts

    never = select(Account.id).where(false())  # the duplicate check finds nothing
    monkeypatch.setattr(accounts, "select", lambda *_args: never)
    answer = client.post(
        f"{API}/accounts",
        json={"username": "analyst@cn-agency", "roles": ["analyst"]},
        headers=world.cn["admin"].headers,
    )
    body = assert_error(answer, 409, "conflict")
    assert "analyst@cn-agency" not in body["error"] and "UNIQUE" not in answer.text


@pytest.fixture
def small_client(context: Context) -> Iterator[TestClient]:
    settings = context.settings.model_copy(update={"max_body_bytes": SMALL_LIMIT})
    with TestClient(create_app(context=Context(settings, context.db))) as test_client:
        yield test_client


def test_oversized_body_with_length_is_413(small_client: TestClient, world: World) -> None:
    payload = {"title": "x", "body": "y" * (SMALL_LIMIT * 2)}
    answer = small_client.post(
        f"{API}/documents", json=payload, headers=world.cn["analyst"].headers
    )
    body = assert_error(answer, 413, "payload_too_large")
    assert str(SMALL_LIMIT) in body["error"]
    listed = small_client.get(f"{API}/documents", headers=world.cn["analyst"].headers)
    assert listed.json() == []


def test_oversized_chunked_body_is_413(small_client: TestClient, world: World) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"title": "x", "body": "'
        for _ in range(8):
            yield b"y" * 512
        yield b'"}'

    headers = world.cn["analyst"].headers | {"Content-Type": "application/json"}
    answer = small_client.post(f"{API}/documents", content=chunks(), headers=headers)
    assert "content-length" not in answer.request.headers
    assert_error(answer, 413, "payload_too_large")
    assert small_client.get(f"{API}/documents", headers=world.cn["analyst"].headers).json() == []


def test_chunked_body_under_the_limit_is_accepted(small_client: TestClient, world: World) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"title": "chunked", '
        yield b'"body": "fine"}'

    headers = world.cn["analyst"].headers | {"Content-Type": "application/json"}
    answer = small_client.post(f"{API}/documents", content=chunks(), headers=headers)
    assert answer.status_code == 201, answer.text
    assert answer.json()["body"] == "fine"


def test_unexpected_error_is_500_without_internals(
    context: Context, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internals: /srv/db password=hunter2")

    monkeypatch.setattr(documents, "list_documents", explode)
    with TestClient(create_app(context=context), raise_server_exceptions=False) as client:
        answer = client.get(f"{API}/documents", headers=world.cn["analyst"].headers)
    body = assert_error(answer, 500, "internal_error")
    assert body["error"] == "internal server error"
    assert "hunter2" not in answer.text and "RuntimeError" not in answer.text
