"""Failed API tokens per client address (server/auth_limits.py): the limit, the window, the bound
on memory; and through the API: 401s until the limit, then 429 with Retry-After for that address
only, with no token checked, and a good token from another address still served."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from lawbridge.domain.actor import Actor
from lawbridge.server.app import API_PREFIX as API
from lawbridge.server.app import create_app
from lawbridge.server.auth_limits import FailureLimiter
from lawbridge.workflows import auth
from lawbridge.workflows.unit import Context, Unit
from tests.conftest import World
from tests.contracts.error_shape import assert_error


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_address_is_refused_after_the_limit_until_its_window_ends() -> None:
    clock = Clock()
    limiter = FailureLimiter(3, 60.0, clock=clock)
    for _ in range(2):
        limiter.failed("198.51.100.7")
        assert limiter.retry_after("198.51.100.7") is None
    clock.now += 10
    limiter.failed("198.51.100.7")
    assert limiter.retry_after("198.51.100.7") == 50.0  # the window began at the first failure
    assert limiter.retry_after("198.51.100.8") is None  # another address is not touched
    clock.now += 49.5
    assert limiter.retry_after("198.51.100.7") == 0.5
    clock.now += 0.5
    assert limiter.retry_after("198.51.100.7") is None
    limiter.failed("198.51.100.7")  # a new window: one failure counted
    assert limiter.retry_after("198.51.100.7") is None


def test_failures_spread_beyond_the_window_never_lock() -> None:
    clock = Clock()
    limiter = FailureLimiter(3, 60.0, clock=clock)
    for _ in range(10):
        limiter.failed("203.0.113.1")
        limiter.failed("203.0.113.1")
        assert limiter.retry_after("203.0.113.1") is None
        clock.now += 61


def test_memory_is_bounded_by_evicting_the_longest_quiet_address() -> None:
    clock = Clock()
    limiter = FailureLimiter(1, 60.0, clock=clock, max_addresses=3)
    for address in ("a", "b", "c"):
        limiter.failed(address)
        clock.now += 1
    limiter.failed("a")  # a failed again: b is now the longest quiet
    limiter.failed("d")
    assert limiter.retry_after("b") is None  # forgotten
    assert all(limiter.retry_after(x) is not None for x in ("a", "c", "d"))


def test_the_api_answers_429_to_an_address_past_the_limit_and_serves_others(
    context: Context, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    real = auth.authenticate_token

    def counting(unit: Unit, presented: str) -> Actor:
        checked.append(presented)
        return real(unit, presented)

    monkeypatch.setattr(auth, "authenticate_token", counting)
    settings = context.settings.model_copy(
        update={"api_token_max_failures": 3, "api_token_failure_window_seconds": 60}
    )
    app = create_app(settings=settings, context=Context(settings, context.db))
    good = world.cn["analyst"]
    token_id = good.token.split("_")[1]
    wrong = {"Authorization": f"Bearer lb_{token_id}_{'x' * 43}"}  # a known id, a wrong secret
    with (
        TestClient(app, client=("198.51.100.7", 1)) as guesser,
        TestClient(app, client=("198.51.100.8", 1)) as other,
    ):
        for _ in range(3):
            assert_error(guesser.get(f"{API}/me", headers=wrong), 401)
        assert len(checked) == 3
        for headers in (wrong, good.headers):  # refused unexamined, even a good token
            answer = guesser.get(f"{API}/me", headers=headers)
            body = assert_error(answer, 429, "too_many_requests")
            assert 1 <= int(answer.headers["Retry-After"]) <= 60
            assert body["errors"][0]["loc"] == ["retry_after"]
        assert len(checked) == 3
        assert other.get(f"{API}/me", headers=good.headers).status_code == 200
        # No token at all is not a failed token: still 401, and not counted.
        assert_error(other.get(f"{API}/me"), 401)
        assert other.get(f"{API}/me", headers=good.headers).status_code == 200
