"""Trust promise 5 (web pages): no session fixation, and failed sign-ins are throttled.

Session fixation: a sign-in always hands out a new cookie value; a value the browser brought (planted
by someone else, or a live session of another account) does not become, or stay, a signed-in
session. Logout ends the session server-side. Throttling: after ``login_max_failures`` failed
sign-ins within the window, per account name and per client address, sign-in answers 429 with a
clear message for the lockout period (even with the right password), the lockout is an
``auth.login_throttled`` audit event without the password, a success clears the account's count,
and the counts live in the database (two apps over one database share them). Time comes from a
``SimulatedClock``: no sleeps. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from lawbridge.domain.clocks import SimulatedClock
from lawbridge.server.app import create_app
from lawbridge.server.web.session import SESSION_COOKIE
from lawbridge.store.models import AuditEvent, LoginThrottle
from lawbridge.workflows import auth
from lawbridge.workflows.unit import Context
from tests.conftest import PASSWORD, World
from tests.server.web.webtools import form_token, post_login, sign_in

THROTTLED_TEXT = "Too many failed sign-ins"
WRONG_TEXT = "Wrong username or password"
START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(START)


def _client(context: Context, clock: SimulatedClock, address: str = "203.0.113.7") -> TestClient:
    app = create_app(context=context)
    app.state.clock = clock
    return TestClient(app, client=(address, 50000))


@pytest.fixture
def web(context: Context, clock: SimulatedClock) -> Iterator[TestClient]:
    with _client(context, clock) as client:
        yield client


def _use_cookie(client: TestClient, value: str) -> None:
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, value, domain="testserver.local")


def _signed_in(client: TestClient) -> bool:
    return client.get("/", follow_redirects=False).status_code == 200


def _throttle_events(context: Context) -> list[AuditEvent]:
    with context.db.reading() as session:
        return list(
            session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action == "auth.login_throttled")
                .order_by(AuditEvent.seq)
            )
        )


def _fail(client: TestClient, username: str, times: int) -> list[int]:
    return [post_login(client, username, password=f"guess-{i}").status_code for i in range(times)]


# --- Session fixation -----------------------------------------------------------------------------


def test_a_cookie_planted_before_login_is_replaced_and_never_authenticates(
    web: TestClient, world: World
) -> None:
    planted = secrets.token_urlsafe(32)
    _use_cookie(web, planted)
    answer = post_login(web, world.cn["analyst"].username)
    assert answer.status_code == 303
    issued = web.cookies[SESSION_COOKIE]
    assert issued != planted
    assert _signed_in(web)
    _use_cookie(web, planted)  # the attacker's copy of the value they planted
    assert not _signed_in(web)


def test_signing_in_ends_the_session_the_browser_brought(
    web: TestClient, world: World, context: Context, clock: SimulatedClock
) -> None:
    with _client(context, clock) as other:
        sign_in(other, world.cn["analyst"].username)
        first = other.cookies[SESSION_COOKIE]
    # A browser carrying that live session signs in (as another account): a new value, and the
    # session it brought is ended server-side.
    token = form_token(web.get("/login").text)
    web.cookies.set(SESSION_COOKIE, first, domain="testserver.local")
    data = {"username": world.cn["auditor"].username, "password": PASSWORD, "csrf_token": token}
    assert web.post("/login", data=data, follow_redirects=False).status_code == 303
    second = web.cookies[SESSION_COOKIE]
    assert second != first
    assert "auditor@cn-agency" in web.get("/").text
    with _client(context, clock) as other:
        _use_cookie(other, first)
        assert not _signed_in(other)
        _use_cookie(other, second)
        assert _signed_in(other)


def test_every_login_gets_a_fresh_cookie_value(web: TestClient, world: World) -> None:
    values = set()
    for _ in range(3):
        web.cookies.clear()
        assert post_login(web, world.us["reviewer"].username).status_code == 303
        values.add(web.cookies[SESSION_COOKIE])
    assert len(values) == 3


def test_after_logout_the_old_cookie_no_longer_authenticates(
    web: TestClient, world: World, context: Context, clock: SimulatedClock
) -> None:
    token = sign_in(web, world.us["analyst"].username)
    old = web.cookies[SESSION_COOKIE]
    assert (
        web.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    )
    with _client(context, clock) as thief:
        _use_cookie(thief, old)
        assert not _signed_in(thief)
        assert thief.get("/documents", follow_redirects=False).status_code == 303


# --- Login throttling -----------------------------------------------------------------------------


def test_five_failures_lock_the_account_then_the_lockout_ends(
    web: TestClient, world: World, context: Context, clock: SimulatedClock
) -> None:
    username = world.cn["analyst"].username
    assert _fail(web, username, 4) == [401] * 4
    fifth = post_login(web, username, password="guess-5")
    assert fifth.status_code == 429
    assert THROTTLED_TEXT in fifth.text
    # Locked: even the right password is refused, with the clear message, and no session.
    right = post_login(web, username)
    assert right.status_code == 429
    assert THROTTLED_TEXT in right.text
    assert WRONG_TEXT not in right.text
    assert SESSION_COOKIE not in web.cookies
    assert not _signed_in(web)
    clock.advance(timedelta(minutes=15) - timedelta(seconds=1))
    assert post_login(web, username).status_code == 429
    clock.advance(timedelta(seconds=1))
    assert post_login(web, username).status_code == 303
    assert _signed_in(web)


def test_the_lockout_is_audited_without_the_password(
    web: TestClient, world: World, context: Context
) -> None:
    member = world.cn["reviewer"]
    for i in range(5):
        post_login(web, member.username, password=f"s3cret-guess-{i}")
    events = _throttle_events(context)
    scopes = {json.loads(e.payload)["scope"]: e for e in events}
    assert set(scopes) == {"account", "address"}
    account_event = scopes["account"]
    assert account_event.object_type == "account"
    assert account_event.object_id == member.account_id
    address_payload = json.loads(scopes["address"].payload)
    assert "203.0.113.7" not in scopes["address"].payload  # kept for ever: no plain address
    assert address_payload["address_pseudonym"] == auth.address_pseudonym(
        context.settings.secret_key, "203.0.113.7"
    )
    assert (
        auth.address_pseudonym("another key", "203.0.113.7")
        != (address_payload["address_pseudonym"])
    )
    for event in events:
        assert "s3cret-guess" not in event.payload
        assert PASSWORD not in event.payload
    # Refused attempts during the lockout do not add events (one per lockout).
    post_login(web, member.username)
    assert len(_throttle_events(context)) == 2


def test_an_unknown_name_is_throttled_like_a_known_one_and_not_logged(
    context: Context, clock: SimulatedClock
) -> None:
    with _client(context, clock, "198.51.100.1") as client:
        assert _fail(client, "nobody-typed-a-password-here", 5)[-1] == 429
    events = _throttle_events(context)
    account_event = next(e for e in events if json.loads(e.payload)["scope"] == "account")
    assert account_event.object_id is None
    assert "nobody-typed-a-password-here" not in account_event.payload


def test_a_success_clears_the_account_count(
    context: Context, clock: SimulatedClock, world: World
) -> None:
    username = world.us["auditor"].username
    # Spread over addresses so that only the account's count is at stake.
    for attempt in range(3):
        with _client(context, clock, f"192.0.2.{attempt}") as client:
            assert _fail(client, username, 4) == [401] * 4
            assert post_login(client, username).status_code == 303


def test_failures_outside_the_window_do_not_add_up(
    web: TestClient, world: World, clock: SimulatedClock
) -> None:
    username = world.provider["analyst"].username
    assert _fail(web, username, 4) == [401] * 4
    clock.advance(timedelta(minutes=15))
    assert _fail(web, username, 4) == [401] * 4
    assert post_login(web, username).status_code == 303


def test_one_address_guessing_many_names_is_locked_out(
    context: Context, clock: SimulatedClock, world: World
) -> None:
    with _client(context, clock, "198.51.100.9") as client:
        answers = [
            post_login(client, f"guess{i}@cn-agency", password="x").status_code for i in range(5)
        ]
        assert answers == [401, 401, 401, 401, 429]
        # A real account, with its right password, from that address: refused.
        assert post_login(client, world.cn["admin"].username).status_code == 429
    # The same account from another address is not affected.
    with _client(context, clock, "198.51.100.10") as client:
        assert post_login(client, world.cn["admin"].username).status_code == 303


def test_one_name_guessed_from_many_addresses_is_locked_out(
    context: Context, clock: SimulatedClock, world: World
) -> None:
    username = world.us["admin"].username
    for i in range(5):
        with _client(context, clock, f"192.0.2.{100 + i}") as client:
            status = post_login(client, username, password="x").status_code
    assert status == 429
    with _client(context, clock, "192.0.2.200") as client:
        answer = post_login(client, username)
        assert answer.status_code == 429
        assert THROTTLED_TEXT in answer.text


def test_the_counts_live_in_the_database_shared_by_every_process(
    context: Context, clock: SimulatedClock, world: World
) -> None:
    """Two apps, each with its own connection pool (two server processes), share the counts."""
    username = world.cn["analyst"].username
    second = Context(context.settings)  # a new Database (engine, pool) on the same URL
    try:
        with _client(context, clock) as one, _client(second, clock) as two:
            assert _fail(one, username, 2) == [401, 401]
            assert _fail(two, username, 2) == [401, 401]
            assert post_login(one, username, password="x").status_code == 429
            assert post_login(two, username).status_code == 429
    finally:
        second.close()
    with context.db.reading() as session:
        keys = list(session.scalars(select(LoginThrottle.key)))
    # The table holds digests only: no account names, no addresses.
    assert keys and all(len(k) == 64 and username not in k and "." not in k for k in keys)


def test_login_form_still_needs_its_csrf_token_while_counting(
    web: TestClient, world: World
) -> None:
    page = web.get("/login")
    data = {"username": world.cn["analyst"].username, "password": "x"}
    assert web.post("/login", data=data, follow_redirects=False).status_code == 403
    data["csrf_token"] = form_token(page.text)
    assert web.post("/login", data=data, follow_redirects=False).status_code == 401
