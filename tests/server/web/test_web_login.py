"""Signing in and out of the web UI: cookies, generic failures, revocation, safe redirects."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from lawbridge.server.app import create_app
from lawbridge.server.web.session import SESSION_COOKIE, safe_next
from lawbridge.settings import Settings
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.server.web.webtools import form_token, post_login, sign_in


def test_login_sets_a_hardened_session_cookie(client: TestClient, world: World) -> None:
    answer = post_login(client, world.cn["auditor"].username)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"
    cookie = next(
        c for c in answer.headers.get_list("set-cookie") if c.startswith(f"{SESSION_COOKIE}=")
    )
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    assert "Secure" not in cookie  # plain http and cookie_secure unset
    dashboard = client.get("/")
    assert dashboard.status_code == 200
    assert "auditor@cn-agency" in dashboard.text
    assert "cn-agency (test)" in dashboard.text


def _app(context: Context, cookie_secure: bool | None) -> TestClient:
    settings = Settings(
        env="test", database_url=context.settings.database_url, cookie_secure=cookie_secure
    )
    return TestClient(create_app(settings=settings, context=Context(settings, context.db)))


@pytest.mark.parametrize(
    ("cookie_secure", "scheme", "secure"), [(None, "https", True), (False, "https", False)]
)
def test_session_cookie_secure_follows_setting_and_scheme(
    context: Context, world: World, cookie_secure: bool | None, scheme: str, secure: bool
) -> None:
    with _app(context, cookie_secure) as client:
        client.base_url = client.base_url.copy_with(scheme=scheme)
        answer = post_login(client, world.cn["analyst"].username)
    assert answer.status_code == 303
    cookies = answer.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith(f"{SESSION_COOKIE}="))
    assert ("Secure" in session) is secure


def test_cookie_secure_setting_applies_over_plain_http(context: Context) -> None:
    with _app(context, True) as client:
        answer = client.get("/login")
    assert all("Secure" in c for c in answer.headers.get_list("set-cookie"))


@pytest.mark.parametrize("who", ["wrong-password", "unknown-user"])
def test_failed_login_is_generic_401_and_reshows_the_form(
    client: TestClient, world: World, who: str
) -> None:
    username = world.cn["analyst"].username if who == "wrong-password" else "nobody@nowhere"
    answer = post_login(client, username, password="not the password")
    assert answer.status_code == 401
    assert "Wrong username or password, or the account is disabled." in answer.text
    assert 'name="password"' in answer.text
    assert SESSION_COOKIE not in client.cookies
    assert client.get("/", follow_redirects=False).status_code == 303


def test_logout_revokes_the_session_server_side(client: TestClient, world: World) -> None:
    token = sign_in(client, world.us["analyst"].username)
    old_cookie = client.cookies[SESSION_COOKIE]
    answer = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login"
    client.cookies.set(SESSION_COOKIE, old_cookie)  # a stolen copy of the cookie
    again = client.get("/", follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"].startswith("/login")


def test_logged_out_page_redirects_to_login_with_next(client: TestClient, world: World) -> None:
    answer = client.get("/documents?offset=0", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Fdocuments%3Foffset%3D0"
    page = client.get(answer.headers["location"])
    assert 'name="next" value="/documents?offset=0"' in page.text
    login = post_login(client, world.cn["analyst"].username, next_path="/documents?offset=0")
    assert login.headers["location"] == "/documents?offset=0"


def test_htmx_request_without_session_gets_hx_redirect(client: TestClient) -> None:
    answer = client.get("/audit", headers={"HX-Request": "true"}, follow_redirects=False)
    assert answer.status_code == 401
    assert answer.headers["HX-Redirect"] == "/login?next=%2Faudit"


OFFSITE = [
    "https://evil.example/",
    "//evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "http:/evil.example",
    "/\t/evil.example",
    "evil.example",
    "",
]


@pytest.mark.parametrize("candidate", OFFSITE)
def test_safe_next_refuses_anything_but_a_local_path(candidate: str) -> None:
    assert safe_next(candidate) == "/"


@pytest.mark.parametrize("candidate", ["/", "/audit?before=10", "/documents/abc#top"])
def test_safe_next_keeps_local_paths(candidate: str) -> None:
    assert safe_next(candidate) == candidate


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example"])
def test_open_redirect_attempt_lands_on_the_dashboard(
    client: TestClient, world: World, target: str
) -> None:
    page = client.get("/login", params={"next": target})
    assert 'name="next" value="/"' in page.text
    answer = post_login(client, world.cn["analyst"].username, next_path=target)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"


def test_signed_in_user_visiting_login_goes_to_next(client: TestClient, world: World) -> None:
    sign_in(client, world.cn["analyst"].username)
    answer = client.get("/login?next=/documents", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/documents"


def test_login_form_token_is_reused_while_valid(client: TestClient) -> None:
    first = form_token(client.get("/login").text)
    second = form_token(client.get("/login").text)
    assert first == second
