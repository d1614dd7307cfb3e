"""The stream handler: one message, one post; redeliveries and races store nothing twice; bad
messages are refused with a reason (the stream goes on); early reshares wait for their original."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from lawbridge.jobs import stream
from lawbridge.jobs.stream import Handled, HandlerFactory, PostHandler, Verdict
from lawbridge.store.content_models import ContentPost, ContentTakedown
from lawbridge.workflows import takedowns
from lawbridge.workflows.audit import verify_chain
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, World
from tests.workflows.content_helpers import IMAGES, SCAM_ZH, Feed


def body(pid: str, text: str = "", **extra: Any) -> bytes:
    post = {"id": pid, "author": f"user-{pid}", "ts": "2026-11-02T08:00:00Z", "text": text}
    return json.dumps(post | extra, ensure_ascii=False).encode()


@pytest.fixture
def handler(context: Context, world: World) -> PostHandler:
    """A provider whose moderators judged one scam post (so its copies are blocked at upload)."""
    feed = Feed(context, world.provider["admin"].actor)
    feed.post("judged", SCAM_ZH, image="banned")
    with context.write(feed.actor) as unit:
        takedowns.decide(
            unit, feed.ids["judged"], category="scam",
            legal_ground="Cybersecurity Law of the PRC, Art. 47", explanation="Prize scam.",
        )  # fmt: skip
    return PostHandler(context, world.provider["admin"].actor)


def count(context: Context, model: type[Any], **where: Any) -> int:
    with context.read(SYSTEM) as unit:
        query = select(func.count()).select_from(model).filter_by(**where)
        return int(unit.session.scalar(query) or 0)


def takedowns_of(context: Context, external_id: str) -> int:
    with context.read(SYSTEM) as unit:
        post = unit.session.scalars(select(ContentPost).filter_by(external_id=external_id)).one()
        query = select(func.count()).select_from(ContentTakedown).filter_by(post_id=post.id)
        return int(unit.session.scalar(query) or 0)


def test_a_redelivered_post_is_stored_once_and_taken_down_once(
    handler: PostHandler, context: Context
) -> None:
    copy = body("c1", "转发：" + SCAM_ZH)
    first = handler.handle(copy)
    assert (first.verdict, first.post_id, first.action) == (Verdict.STORED, "c1", "blocked")
    for attempt in (2, 3):
        assert handler.handle(copy, attempt) == Handled(Verdict.DUPLICATE, "c1")
    image = base64.b64encode(IMAGES["mirror"]).decode()
    assert handler.handle(body("m1", "wow", image_base64=image)).action == "blocked"
    assert handler.handle(body("ok", "今天天气很好")).action == "published"
    assert count(context, ContentPost, external_id="c1") == 1
    assert takedowns_of(context, "c1") == takedowns_of(context, "m1") == 1
    assert handler.counts == {"stored": 3, "duplicate": 2}
    with context.read(SYSTEM) as unit:
        assert verify_chain(unit).ok


def test_two_workers_racing_on_one_message_store_it_once(
    handler: PostHandler, context: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = body("race", SCAM_ZH + "！！")
    assert handler.handle(copy).verdict is Verdict.STORED
    # The other worker checked before our commit landed: it gets as far as its own commit.
    real, calls = stream._stored, []

    def blind_once(unit: Any, external_id: str) -> bool:
        calls.append(external_id)
        return len(calls) > 1 and real(unit, external_id)

    monkeypatch.setattr(stream, "_stored", blind_once)
    assert handler.handle(copy, 2) == Handled(Verdict.DUPLICATE, "race")
    assert count(context, ContentPost, external_id="race") == 1
    assert takedowns_of(context, "race") == 1


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not valid UTF-8"),
        (b"[1, 2]", "must be a JSON object"),
        (json.dumps({"author": "a", "ts": 1}).encode(), "needs an 'id'"),
        (body("x", ts="yesterday"), "ts is not ISO 8601"),
        (body("x", links="https://a.example"), "links must be a list"),
        (body("x", image_base64="***"), "not valid base64"),
        (body("x", colour="red"), "unknown post fields: colour"),
        (
            json.dumps({"id": "x", "author": "a", "ts": 1, "text": "\udc80"}).encode(),
            "not valid Unicode",
        ),
        (body("x" * 201), "1 to 200 characters"),
    ],
)
def test_a_bad_message_is_refused_with_its_reason_and_stores_nothing(
    handler: PostHandler, context: Context, message: bytes, reason: str
) -> None:
    letters: list[tuple[bytes, Handled]] = []
    handler.dead_letter = lambda raw, handled: letters.append((raw, handled))
    before = count(context, ContentPost)
    handled = handler.handle(message)
    assert handled.verdict is Verdict.INVALID and handled.verdict.ack
    assert reason in handled.reason and letters == [(message, handled)]
    assert count(context, ContentPost) == before
    assert handler.handle(body("after", "still going")).verdict is Verdict.STORED


def test_a_reshare_ahead_of_its_original_waits_then_gives_up(
    handler: PostHandler, context: Context
) -> None:
    early = body("r1", "", reshare_of="orig")
    waiting = handler.handle(early)
    assert waiting.verdict is Verdict.RETRY and not waiting.verdict.ack
    assert "has not arrived yet" in waiting.reason
    assert handler.handle(body("orig", "original post")).verdict is Verdict.STORED
    assert handler.handle(early, 2).verdict is Verdict.STORED
    with context.read(SYSTEM) as unit:
        reshare = unit.session.scalars(select(ContentPost).filter_by(external_id="r1")).one()
        original = unit.session.scalars(select(ContentPost).filter_by(external_id="orig")).one()
        assert reshare.reshare_of == original.id
    orphan = body("r2", "", reply_to="never")
    assert handler.handle(orphan, 50, age=119).verdict is Verdict.RETRY  # time, not deliveries
    last = handler.handle(orphan, 51, age=handler.parent_wait)
    assert last.verdict is Verdict.INVALID and "gave up after 120 s" in last.reason


def test_another_constraint_failing_is_not_taken_for_a_duplicate(
    handler: PostHandler, context: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*_: object, **__: object) -> None:
        raise IntegrityError("INSERT", {}, Exception("FOREIGN KEY constraint failed"))

    monkeypatch.setattr(stream.monitoring, "ingest", refused)
    handled = handler.handle(body("fk", "hello"))
    assert handled.verdict is Verdict.RETRY and "not stored" in handled.reason
    assert count(context, ContentPost, external_id="fk") == 0


def test_a_database_outage_is_retried(
    handler: PostHandler, context: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*_: object, **__: object) -> None:
        raise OperationalError("INSERT", {}, Exception("connection refused"))

    monkeypatch.setattr(stream.monitoring, "ingest", down)
    handled = handler.handle(body("later", "hello"))
    assert handled.verdict is Verdict.RETRY and "database unavailable" in handled.reason
    assert count(context, ContentPost, external_id="later") == 0


def test_the_factory_acts_as_an_active_member_of_the_party(
    world: World, monkeypatch: pytest.MonkeyPatch, context: Context
) -> None:
    monkeypatch.setenv("LAWBRIDGE_DATABASE_URL", context.db.url)
    built = HandlerFactory("provider", world.provider["analyst"].username)()
    built.context.close()
    assert built.actor.account_id == world.provider["analyst"].account_id
    with pytest.raises(stream.InvalidInput, match="not an active account"):
        HandlerFactory("cn-agency", world.provider["analyst"].username)()


def test_a_batch_is_stored_in_one_go_with_each_message_classified(
    handler: PostHandler, context: Context
) -> None:
    handler.handle(body("old", "stored earlier"))
    batch = [
        (body("b1", "第一条"), 1, 0.0),
        (b"{broken", 1, 0.0),
        (body("b2", "", reshare_of="b1"), 1, 0.0),  # its original is earlier in the same batch
        (body("b1", "第一条"), 1, 0.0),  # the same post twice in one batch
        (body("old", "stored earlier"), 3, 0.0),  # a redelivery
        (body("b3", "", reply_to="later"), 1, 0.0),  # ahead of its original
        (body("b4", "转发：" + SCAM_ZH), 1, 0.0),
    ]
    verdicts = [(h.verdict.value, h.post_id, h.action) for h in handler.handle_batch(batch)]
    assert verdicts == [
        ("stored", "b1", "published"),
        ("invalid", None, None),
        ("stored", "b2", "published"),
        ("duplicate", "b1", None),
        ("duplicate", "old", None),
        ("retry", "b3", None),
        ("stored", "b4", "blocked"),
    ]
    assert takedowns_of(context, "b4") == 1 and count(context, ContentPost, external_id="b1") == 1


def test_a_batch_that_fails_together_is_handled_message_by_message(
    handler: PostHandler, context: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = stream.monitoring.ingest

    def flaky(unit: Any, post: Any, **kw: Any) -> Any:
        if post.external_id == "bad":
            raise RuntimeError("a bug in one post's path")
        return real(unit, post, **kw)

    monkeypatch.setattr(stream.monitoring, "ingest", flaky)
    batch = [
        (body("g1", "好的"), 1, 0.0),
        (body("bad", "坏的"), 1, 0.0),
        (body("g2", "也好"), 1, 0.0),
    ]
    verdicts = [h.verdict for h in handler.handle_batch(batch)]
    assert verdicts == [Verdict.STORED, Verdict.RETRY, Verdict.STORED]
    assert (
        count(context, ContentPost, external_id="g1")
        == count(context, ContentPost, external_id="g2")
        == 1
    )
    assert count(context, ContentPost, external_id="bad") == 0
    assert handler.handle_batch([(body("bad", "坏的"), 10, 0.0)])[0].verdict is Verdict.INVALID


def test_workers_that_all_fail_fail_the_run(
    world: World, monkeypatch: pytest.MonkeyPatch, context: Context
) -> None:
    from lawbridge.errors import ExternalServiceError
    from lawbridge.jobs import nats_stream

    monkeypatch.setenv("LAWBRIDGE_DATABASE_URL", context.db.url)
    spec = nats_stream.StreamSpec(subject="lawbridge.test.nowhere", url="nats://127.0.0.1:1")
    factory = HandlerFactory("provider", world.provider["analyst"].username)
    with pytest.raises(ExternalServiceError, match="every worker failed"):
        nats_stream.run_workers(spec, factory, 2, until_idle=0.5, max_restarts=1)
