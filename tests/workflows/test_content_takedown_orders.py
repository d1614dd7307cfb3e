"""Takedown orders of authorities feed stop-the-spread: an approved order's posts are judged
through the normal decision path with the order as the legal ground, propagate like any decision,
and are counted apart as state-originated."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lawbridge.domain.clocks import SimulatedClock
from lawbridge.errors import InvalidInput, InvalidTransition
from lawbridge.store.content_models import ContentDecision, ContentTakedown
from lawbridge.store.models import AuditEvent
from lawbridge.workflows import provider_requests as pr
from lawbridge.workflows import takedown_orders, takedowns
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.workflows.content_helpers import (
    COPIES,
    INNOCENT,
    SCAM_ZH,
    Feed,
    build_world_feed,
    dsa_validator,
)
from tests.workflows.provider_helpers import (
    CN_CONTACT,
    T0,
    Registered,
    audit_payloads,
    disclosure,
    envelope,
    receive,
    register,
)


def order(items: list[str], **extra: object) -> dict[str, object]:
    """A complete takedown order (invented case)."""
    return {
        "type": "takedown_order",
        "reference": "GA-2026-117",
        "legal_basis": "Cybersecurity Law of the PRC, Art. 50 (invented order)",
        "legal_process": "domestic_order",
        "issuing_authority": "Cyberspace office (invented)",
        "offence": "fraud",
        "reasons": "prize scam asking victims to add a contact (invented)",
        "territorial_scope": ["CN"],
        "items": items,
    } | extra


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(T0)


@pytest.fixture
def feed(context: Context, world: World) -> Feed:
    built = Feed(context, world.provider["admin"].actor)
    build_world_feed(built)
    return built


@pytest.fixture
def cac(context: Context, world: World, clock: SimulatedClock) -> Registered:
    return register(
        context,
        world.provider["admin"],
        clock,
        name="Cyberspace office (invented)",
        country="CN",
        contact=CN_CONTACT,
        key_id="cn-cac-1",
    )


def received(
    context: Context,
    world: World,
    authority: Registered,
    body: dict[str, object],
    clock: SimulatedClock,
) -> str:
    result = receive(
        context, world.provider["analyst"], envelope(authority, body, clock.now()), clock
    )
    assert result.request is not None and result.request.status == "verified", result.reason
    return result.request.id


def approved(
    context: Context,
    world: World,
    authority: Registered,
    body: dict[str, object],
    clock: SimulatedClock,
) -> str:
    request_id = received(context, world, authority, body, clock)
    with context.write(world.provider["admin"].actor) as unit:
        assert pr.run_gate(unit, request_id, ["CN"], clock=clock).status == "gate_checked"
        assert pr.approve(unit, request_id, clock=clock).status == "approved"
    return request_id


def execute(feed: Feed, request_id: str, clock: SimulatedClock) -> takedown_orders.OrderResult:
    with feed.context.write(feed.actor) as unit:
        return takedown_orders.execute_order(unit, request_id, clock=clock)


def test_an_order_takes_down_its_posts_and_everything_they_spread_to(
    feed: Feed, world: World, cac: Registered, clock: SimulatedClock
) -> None:
    request_id = approved(feed.context, world, cac, order(["judged", "no-such-post"]), clock)
    result = execute(feed, request_id, clock)
    assert result.missing == ["no-such-post"]
    assert len(result.decisions) == 1
    states = feed.states()
    assert {p for p in COPIES | {"judged"} if states[p] == "taken_down"} == COPIES | {"judged"}
    assert {p for p in INNOCENT if states[p] == "visible"} == INNOCENT
    with feed.context.read(feed.actor) as unit:
        decision = unit.session.scalars(select(ContentDecision)).one()
        found = takedowns.list_takedowns(unit, decision_id=decision.id, limit=1000)
        assert pr.get_request(unit, request_id).status == "responded"
    assert decision.origin == "state_order" and decision.order_id == request_id
    assert "GA-2026-117" in decision.legal_ground
    assert "Cyberspace office (invented)" in decision.legal_ground
    validator = dsa_validator()
    for takedown in found:
        assert [e.message for e in validator.iter_errors(takedown.statement)] == []
        assert takedown.statement["source_type"] == "SOURCE_TYPE_OTHER_NOTIFICATION"
        assert takedown.statement["source_identity"] == "Cyberspace office (invented)"
        assert "GA-2026-117" in takedown.statement["illegal_content_legal_ground"]
    decided = audit_payloads(feed.context, "content.decide")
    assert decided[-1]["origin"] == "state_order" and decided[-1]["order"] == request_id
    responded = audit_payloads(feed.context, "provider_request.respond")
    assert responded[-1]["takedown_decisions"] == [decision.id]
    # future uploads of the ordered content are blocked like any judged content
    assert feed.post("again", "快看 " + SCAM_ZH).action == "blocked"
    assert feed.post("reshare-again", "", reshare_of="judged").action == "blocked"


def test_statistics_keep_state_orders_apart(
    feed: Feed, world: World, cac: Registered, clock: SimulatedClock
) -> None:
    with feed.context.write(feed.actor) as unit:
        takedowns.decide(
            unit, feed.ids["template"], category="scam", legal_ground="own rules", explanation="x"
        )
    request_id = approved(feed.context, world, cac, order(["judged"]), clock)
    result = execute(feed, request_id, clock)
    with feed.context.read(feed.actor) as unit:
        stats = takedown_orders.decision_statistics(unit)
        query = select(ContentTakedown.id, ContentDecision.origin).join(
            ContentDecision, ContentTakedown.decision_id == ContentDecision.id
        )
        by_decision = {str(row[0]): str(row[1]) for row in unit.session.execute(query)}
    assert stats["provider"] == {"decisions": 1, "takedowns": 1}
    assert stats["state_order"] == {"decisions": 1, "takedowns": result.taken_down}
    assert result.taken_down == len(COPIES) + 1
    assert sorted(by_decision.values()).count("state_order") == result.taken_down


def test_only_an_approved_takedown_order_is_executed_and_only_once(
    feed: Feed, world: World, cac: Registered, clock: SimulatedClock
) -> None:
    pending = received(feed.context, world, cac, order(["judged"]), clock)
    with pytest.raises(InvalidTransition):
        execute(feed, pending, clock)
    body = disclosure(legal_process="domestic_order", territorial_scope=["CN"])
    other = approved(feed.context, world, cac, body, clock)
    with pytest.raises(InvalidInput):
        execute(feed, other, clock)
    with feed.context.read(feed.actor) as unit:
        count = unit.session.scalars(select(ContentDecision)).all()
        assert count == []
    ordered = approved(feed.context, world, cac, order(["judged"]), clock)
    execute(feed, ordered, clock)
    with pytest.raises(InvalidTransition):  # answered: not executed twice
        execute(feed, ordered, clock)
    with feed.context.read(feed.actor) as unit:
        assert len(unit.session.scalars(select(ContentDecision)).all()) == 1
        actions = unit.session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == ordered)
        ).all()
    assert actions[-1] == "provider_request.respond"


def test_a_failing_order_commits_nothing(
    feed: Feed,
    world: World,
    cac: Registered,
    clock: SimulatedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    request_id = approved(feed.context, world, cac, order(["copy", "judged"]), clock)
    real = takedowns.decide
    calls = {"n": 0}

    def flaky(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    before = feed.states()
    monkeypatch.setattr(takedowns, "decide", flaky)
    with pytest.raises(RuntimeError):
        execute(feed, request_id, clock)
    assert feed.states() == before
    with feed.context.read(feed.actor) as unit:
        assert unit.session.scalars(select(ContentDecision)).all() == []
        assert pr.get_request(unit, request_id).status == "approved"


def test_the_api_carries_out_an_order_once(
    feed: Feed, world: World, cac: Registered, clock: SimulatedClock
) -> None:
    from fastapi.testclient import TestClient

    from lawbridge.server.app import create_app
    from tests.contracts.error_shape import assert_error

    request_id = approved(feed.context, world, cac, order(["judged", "gone-1"]), clock)
    path = f"/api/v1/provider/requests/{request_id}/execute-order"
    admin = world.provider["admin"].headers
    with TestClient(create_app(context=feed.context)) as api:
        bad = api.post(path, json={"category": "x" * 65}, headers=admin)
        assert_error(bad, 422, "invalid_input")
        done = api.post(path, json={"category": "scam"}, headers=admin)
        assert done.status_code == 200, done.text
        body = done.json()
        assert (body["status"], body["missing"], len(body["decisions"])) == (
            "responded",
            ["gone-1"],
            1,
        )
        assert body["taken_down"] == len(COPIES) + 1
        assert_error(api.post(path, json={}, headers=admin), 409)
        analyst = world.provider["auditor"].headers
        assert api.post(path, json={}, headers=analyst).status_code == 403


def test_the_cli_carries_out_an_order_once(
    feed: Feed, world: World, cac: Registered, clock: SimulatedClock
) -> None:
    import json

    from click.testing import CliRunner

    from lawbridge.cli.main import cli

    request_id = approved(feed.context, world, cac, order(["judged"]), clock)
    env = {"LAWBRIDGE_DATABASE_URL": feed.context.db.url, "LAWBRIDGE_ENV": "test"}
    args = ["provider", "request", "execute-order", request_id, "--party", "provider"]
    args += ["--as", world.provider["admin"].username, "--category", "scam"]
    done = CliRunner().invoke(cli, args, env=env)
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["status"] == "responded"
    again = CliRunner().invoke(cli, args, env=env)
    assert again.exit_code == 2 and "a responded order cannot be executed" in again.stderr


def test_the_request_file_carries_out_an_order(
    feed: Feed, world: World, cac: Registered, clock: SimulatedClock
) -> None:
    from fastapi.testclient import TestClient

    from lawbridge.server.app import create_app
    from tests.server.web.webtools import sign_in

    request_id = approved(feed.context, world, cac, order(["judged"]), clock)
    path = f"/provider/requests/{request_id}"
    with TestClient(create_app(context=feed.context)) as client:
        token = sign_in(client, world.provider["analyst"].username)  # no review right
        assert 'id="execute-form"' not in client.get(path).text
        client.cookies.clear()
        token = sign_in(client, world.provider["admin"].username)
        page = client.get(path).text
        assert 'id="execute-form"' in page and f'href="{path}/package"' not in page
        data = {"category": "scam", "csrf_token": token}
        done = client.post(f"{path}/execute-order", data=data, follow_redirects=False)
        assert done.status_code == 303
        again = client.post(f"{path}/execute-order", data=data)
        assert again.status_code == 409 and "cannot be executed" in again.text
    assert {p for p in COPIES | {"judged"} if feed.states()[p] == "taken_down"} == COPIES | {
        "judged"
    }
