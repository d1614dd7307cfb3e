"""A decision and an upload, or two decisions, at once (PostgreSQL: READ COMMITTED, threads).

A decision reads which stored posts are copies or reshares of what it judges; an upload is
checked against the banks as they stand. Before ``takedowns.hold_posts`` neither saw the other
when they overlapped: a copy uploaded while a decision was in flight stayed up, and two decisions
finding the same copies took each down twice. Each test here failed before it.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lawbridge.errors import InvalidTransition
from lawbridge.store.content_models import ContentReview, ContentTakedown
from lawbridge.workflows import appeals, banks, monitoring, takedowns
from lawbridge.workflows.unit import Context, Unit
from tests.conftest import World
from tests.workflows.content_helpers import COPIES, SCAM_ZH, T0, Feed, build_world_feed
from tests.workflows.meanwhile import meanwhile

WAIT = 0.5  # the other transaction gets as far as it can before this one commits


@pytest.fixture
def feed(context: Context, world: World) -> Feed:
    if context.settings.is_sqlite:
        pytest.skip("SQLite runs one writer at a time: a decision and an upload cannot overlap")
    built = Feed(context, world.provider["admin"].actor)
    build_world_feed(built)
    return built


def decide(unit: Unit, feed: Feed, pid: str) -> takedowns.DecisionResult:
    return takedowns.decide(
        unit,
        feed.ids[pid],
        category="scam",
        legal_ground="Cybersecurity Law of the PRC, Art. 47",
        explanation="Prize scam asking victims to add a contact.",
    )


def judge(feed: Feed, pid: str) -> None:
    with feed.context.write(feed.actor) as unit:
        decide(unit, feed, pid)


def upload(unit: Unit, feed: Feed, pid: str, text: str) -> monitoring.IngestResult:
    post = monitoring.PostIn(
        external_id=pid,
        author=f"user-{pid}",
        posted_at=T0 + timedelta(days=1),
        text=text,
        lang="zh",
    )
    result = monitoring.ingest(unit, post, monitor=feed.monitor)
    feed.ids[pid] = result.post.id
    return result


def takedowns_per_post(feed: Feed) -> dict[str, int]:
    names = {post_id: pid for pid, post_id in feed.ids.items()}
    with feed.context.read(feed.actor) as unit:
        query = select(ContentTakedown.post_id, func.count()).group_by(ContentTakedown.post_id)
        return {names[post_id]: n for post_id, n in unit.session.execute(query)}


def test_a_decision_finds_a_copy_uploaded_while_it_waited(feed: Feed) -> None:
    """The upload's transaction is open when the decision starts: the decision waits for it and
    then takes the copy down with the others (before: the copy stayed up, published by an
    upload checked against the bank before the decision, unseen by the decision)."""
    with feed.context.write(feed.actor) as unit:
        assert upload(unit, feed, "in-flight", SCAM_ZH).action == "published"
        thread, errors = meanwhile(lambda: judge(feed, "judged"))
        time.sleep(WAIT)
    thread.join(60)
    assert errors == []
    states = feed.states()
    assert states["in-flight"] == "taken_down"
    assert all(states[pid] == "taken_down" for pid in COPIES | {"judged"})


def test_an_upload_waits_for_a_decision_in_flight_and_is_blocked(feed: Feed) -> None:
    """The decision's transaction is open when the upload comes: the upload waits and is checked
    against the bank the decision left (before: checked against the bank before it, published,
    and unseen by the decision)."""
    results: list[monitoring.IngestResult] = []

    def late_upload() -> None:
        with feed.context.write(feed.actor) as unit:
            results.append(upload(unit, feed, "late", SCAM_ZH))

    with feed.context.write(feed.actor) as unit:
        decide(unit, feed, "judged")
        thread, errors = meanwhile(late_upload)
        time.sleep(WAIT)
    thread.join(60)
    assert errors == []
    assert [r.action for r in results] == ["blocked"]
    assert feed.states()["late"] == "blocked"


def test_two_decisions_finding_the_same_copies_take_each_down_once(feed: Feed) -> None:
    """A decision on the judged post and one on its copy, at once: the later finds what the
    earlier took down already down (before: each post of the chain got two takedowns)."""
    with feed.context.write(feed.actor) as unit:
        first = decide(unit, feed, "judged")
        assert len(first.takedowns) == len(COPIES) + 1
        thread, errors = meanwhile(lambda: judge(feed, "copy"))
        time.sleep(WAIT)
    thread.join(60)
    assert errors == []
    counts = takedowns_per_post(feed)
    assert counts == dict.fromkeys(COPIES | {"judged"}, 1)


def test_uploads_at_once_do_not_wait_for_each_other(feed: Feed) -> None:
    """Uploads hold the party's posts shared: one in flight does not hold up another."""
    done: list[str] = []

    def other_upload() -> None:
        with feed.context.write(feed.actor) as unit:
            done.append(upload(unit, feed, "other", "今天天气很好，我们去公园散步吧").action)

    with feed.context.write(feed.actor) as unit:
        upload(unit, feed, "first", "明天下午三点在图书馆门口见面，记得带上借书证")
        thread, errors = meanwhile(other_upload)
        thread.join(30)
        assert not thread.is_alive()  # finished while this transaction is still open
    assert errors == []
    assert done == ["published"]


def test_a_review_confirmed_by_a_decision_in_flight_cannot_be_dismissed(feed: Feed) -> None:
    """A reviewer dismisses a queued post while a decision on it is in flight: the dismissal waits
    and finds the review confirmed (before: the review ended dismissed beside the takedown)."""
    with feed.context.write(feed.actor) as unit:
        bank = banks.create_bank(unit, name="reported links", legal_ground="user reports")
        banks.add_entry(unit, bank.id, signal_type="url_canonical", signal="https://scam.example/x")
    assert feed.post("queued", "看看", links=["https://scam.example/x"]).action == "review"
    with feed.context.read(feed.actor) as unit:
        (review_id,) = [r.id for r in monitoring.list_reviews(unit)]

    def dismiss() -> None:
        with feed.context.write(feed.actor) as unit:
            monitoring.dismiss_review(unit, review_id, note="looks fine")

    with feed.context.write(feed.actor) as unit:
        decide(unit, feed, "queued")
        thread, errors = meanwhile(dismiss)
        time.sleep(WAIT)
    thread.join(60)
    assert [type(e) for e in errors] == [InvalidTransition]
    with feed.context.read(feed.actor) as unit:
        assert unit.session.get_one(ContentReview, review_id).status == "confirmed"


def test_a_wrong_decision_reversed_meanwhile_restores_a_re_upload_in_flight(feed: Feed) -> None:
    """A re-upload blocked by a decision's bank entry is in flight when an appeal finds the decision
    wrong: the reversal waits for it and restores it with the rest (before: the reversal did not
    see it, and it stayed blocked by a decision found wrong)."""
    with feed.context.write(feed.actor) as unit:
        result = decide(unit, feed, "judged")
        judged = next(t.id for t in result.takedowns if t.post_id == feed.ids["judged"])
        appeal_id = appeals.file_appeal(unit, judged, reason="my own lottery").id

    def reverse() -> None:
        with feed.context.write(feed.actor) as unit:
            appeals.decide(unit, appeal_id, upheld=True, decision_wrong=True, reason="not a scam")

    with feed.context.write(feed.actor) as unit:
        assert upload(unit, feed, "re-upload", SCAM_ZH).action == "blocked"
        thread, errors = meanwhile(reverse)
        time.sleep(WAIT)
    thread.join(60)
    assert errors == []
    states = feed.states()
    assert states["re-upload"] == "restored"
    assert all(states[pid] == "restored" for pid in COPIES | {"judged"})
