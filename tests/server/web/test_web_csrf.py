"""Cross-site request forgery: a state-changing request without the right token changes nothing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from lawbridge.server.web import csrf
from lawbridge.server.web.session import SESSION_COOKIE
from lawbridge.workflows import accounts, audit, documents
from lawbridge.workflows.unit import Context
from tests.conftest import PASSWORD, Member, World
from tests.server.web.webtools import form_token, sign_in

BAD_TOKENS = [None, "", "wrong-token", "错误的令牌"]


def _document_count(context: Context, member: Member) -> int:
    with context.read(member.actor) as unit:
        return documents.count_documents(unit)


def _csrf_data(token: str | None, **fields: str) -> dict[str, str]:
    return fields if token is None else {**fields, "csrf_token": token}


@pytest.mark.parametrize("token", BAD_TOKENS)
def test_create_document_without_the_session_token_is_refused(
    client: TestClient, context: Context, world: World, token: str | None
) -> None:
    member = world.cn["analyst"]
    sign_in(client, member.username)
    before = _document_count(context, member)
    answer = client.post("/documents", data=_csrf_data(token, title="forged"))
    assert answer.status_code == 403
    assert "Nothing was changed" in answer.text
    assert _document_count(context, member) == before


def test_token_of_another_session_is_refused(
    client: TestClient, context: Context, world: World
) -> None:
    other_token = sign_in(client, world.us["analyst"].username)
    client.cookies.clear()
    sign_in(client, world.cn["analyst"].username)
    before = _document_count(context, world.cn["analyst"])
    answer = client.post("/documents", data={"title": "forged", "csrf_token": other_token})
    assert answer.status_code == 403
    assert _document_count(context, world.cn["analyst"]) == before


def test_logout_without_token_keeps_the_session(client: TestClient, world: World) -> None:
    sign_in(client, world.cn["auditor"].username)
    answer = client.post("/logout", data={})
    assert answer.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 200


def test_locale_change_without_token_changes_nothing(
    client: TestClient, context: Context, world: World
) -> None:
    member = world.cn["reviewer"]
    sign_in(client, member.username)
    answer = client.post("/account/locale", data={"locale": "zh_Hans", "next": "/"})
    assert answer.status_code == 403
    with context.read(member.actor) as unit:
        assert accounts.get_account(unit, member.account_id).locale is None


def test_htmx_header_token_is_accepted(client: TestClient, context: Context, world: World) -> None:
    member = world.cn["reviewer"]
    token = sign_in(client, member.username)
    answer = client.post(
        "/account/locale",
        data={"locale": "zh_Hans", "next": "/"},
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    with context.read(member.actor) as unit:
        assert accounts.get_account(unit, member.account_id).locale == "zh_Hans"
    with context.read(world.cn["auditor"].actor) as unit:
        assert audit.list_events(unit, action="account.locale")


def test_login_without_the_double_submit_cookie_is_refused(
    client: TestClient, world: World
) -> None:
    token = form_token(client.get("/login").text)
    client.cookies.clear()
    data = {"username": world.cn["analyst"].username, "password": PASSWORD, "csrf_token": token}
    answer = client.post("/login", data=data, follow_redirects=False)
    assert answer.status_code == 403
    assert SESSION_COOKIE not in answer.headers.get("set-cookie", "")


@pytest.mark.parametrize("token", BAD_TOKENS)
def test_login_with_a_wrong_form_token_is_refused(
    client: TestClient, world: World, token: str | None
) -> None:
    client.get("/login")
    data = _csrf_data(token, username=world.cn["analyst"].username, password=PASSWORD)
    answer = client.post("/login", data=data, follow_redirects=False)
    assert answer.status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_login_token_signed_with_another_key_is_refused(client: TestClient, world: World) -> None:
    forged = csrf.new_login_token("some other key")
    client.cookies.set(csrf.LOGIN_COOKIE, forged, path="/login")
    data = {"username": world.cn["analyst"].username, "password": PASSWORD, "csrf_token": forged}
    answer = client.post("/login", data=data, follow_redirects=False)
    assert answer.status_code == 403


def test_login_tokens_expire() -> None:
    token = csrf.new_login_token("key", now=1_000_000)
    assert csrf.login_token_valid("key", token, now=1_000_000 + 60)
    assert not csrf.login_token_valid("key", token, now=1_000_000 + csrf.LOGIN_TOKEN_MAX_AGE + 1)
    assert not csrf.login_token_valid("other", token, now=1_000_000 + 60)
    assert not csrf.login_token_valid("key", "not.a-token", now=1_000_000)
