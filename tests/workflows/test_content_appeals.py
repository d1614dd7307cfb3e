"""Appeals: an upheld appeal restores the post; a wrong decision brings back everything it
propagated to, in one transaction, and stops blocking uploads."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from lawbridge.domain.actor import Actor
from lawbridge.errors import Conflict, InvalidTransition
from lawbridge.store.content_models import ContentBankEntry, ContentNotice
from lawbridge.workflows import appeals, monitoring, takedowns
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.workflows.content_helpers import COPIES, SCAM_ZH, Feed, build_world_feed
from tests.workflows.meanwhile import meanwhile


@pytest.fixture
def judged(context: Context, world: World) -> tuple[Feed, takedowns.DecisionResult]:
    feed = Feed(context, world.provider["admin"].actor)
    build_world_feed(feed)
    with context.write(feed.actor) as unit:
        result = takedowns.decide(
            unit,
            feed.ids["judged"],
            category="scam",
            legal_ground="Cybersecurity Law of the PRC, Art. 47",
            explanation="prize scam",
        )
    return feed, result


def takedown_of(result: takedowns.DecisionResult, feed: Feed, pid: str) -> str:
    return next(t.id for t in result.takedowns if t.post_id == feed.ids[pid])


def appeal(feed: Feed, takedown_id: str, **decision: object) -> appeals.ContentAppeal:
    with feed.context.write(feed.actor) as unit:
        filed = appeals.file_appeal(unit, takedown_id, reason="this is my own lottery")
    with feed.context.write(feed.actor) as unit:
        return appeals.decide(unit, filed.id, reason="reviewed again", **decision)  # type: ignore[arg-type]


def test_wrong_decision_restores_everything_and_unblocks(
    judged: tuple[Feed, takedowns.DecisionResult],
) -> None:
    feed, result = judged
    assert feed.post("later", SCAM_ZH + "!").action == "blocked"
    decided = appeal(feed, takedown_of(result, feed, "judged"), upheld=True, decision_wrong=True)
    assert decided.status == "upheld"
    states = feed.states()
    assert {p: states[p] for p in COPIES | {"judged", "later"}} == dict.fromkeys(
        COPIES | {"judged", "later"}, "restored"
    )
    with feed.context.read(feed.actor) as unit:
        entries = unit.session.scalars(select(ContentBankEntry)).all()
        restored = unit.session.scalars(
            select(ContentNotice).where(ContentNotice.kind == "restored")
        ).all()
        decision = takedowns.get_decision(unit, result.decision.id)
    assert entries and {e.status for e in entries} == {"removed"}
    assert decision.status == "reversed"
    assert len(restored) == len(COPIES) + 2
    assert feed.post("again", SCAM_ZH).action == "published"


def test_upheld_appeal_on_a_copy_restores_it_and_its_reshares_only(
    judged: tuple[Feed, takedowns.DecisionResult],
) -> None:
    feed, result = judged
    decided = appeal(feed, takedown_of(result, feed, "copy"), upheld=True)
    assert decided.restored == 3
    states = feed.states()
    assert [states[p] for p in ("copy", "reshare1", "reshare2")] == ["restored"] * 3
    assert states["judged"] == states["embedded"] == "taken_down"
    assert feed.post("later", SCAM_ZH + "!").action == "blocked"


def test_rejected_appeal_keeps_the_takedown(
    judged: tuple[Feed, takedowns.DecisionResult],
) -> None:
    feed, result = judged
    takedown_id = takedown_of(result, feed, "copy")
    decided = appeal(feed, takedown_id, upheld=False)
    assert decided.status == "rejected"
    assert feed.states()["copy"] == "taken_down"
    with feed.context.read(feed.actor) as unit:
        kinds = [n.kind for n in takedowns.list_notices(unit, post_id=feed.ids["copy"])]
    assert kinds == ["takedown", "appeal_rejected"]
    with feed.context.write(feed.actor) as unit, pytest.raises(InvalidTransition):
        appeals.decide(unit, decided.id, upheld=True, reason="again")


def test_one_open_appeal_per_takedown(judged: tuple[Feed, takedowns.DecisionResult]) -> None:
    feed, result = judged
    takedown_id = takedown_of(result, feed, "copy")
    with feed.context.write(feed.actor) as unit:
        appeals.file_appeal(unit, takedown_id, reason="mine")
    with feed.context.write(feed.actor) as unit, pytest.raises(Conflict):
        appeals.file_appeal(unit, takedown_id, reason="mine again")


SERIAL = "SQLite runs one writer at a time: two transactions cannot overlap"


def file(feed: Feed, takedown_id: str) -> str:
    with feed.context.write(feed.actor) as unit:
        return appeals.file_appeal(unit, takedown_id, reason="this is my own lottery").id


def test_two_reviewers_deciding_one_appeal_at_once_decide_one_after_the_other(
    judged: tuple[Feed, takedowns.DecisionResult], world: World
) -> None:
    """The later decision waits for the earlier and is judged from the state it left: before,
    both were judged from "open", so the appeal was upheld and rejected at once."""
    feed, result = judged
    if feed.context.settings.is_sqlite:
        pytest.skip(SERIAL)
    appeal_id = file(feed, takedown_of(result, feed, "copy"))
    reviewer = world.provider["reviewer"].actor

    def reject() -> None:
        with feed.context.write(reviewer) as unit:
            appeals.decide(unit, appeal_id, upheld=False, reason="it is a scam")

    with feed.context.write(feed.actor) as unit:
        appeals.decide(unit, appeal_id, upheld=True, reason="reviewed again")
        thread, errors = meanwhile(reject)
        time.sleep(0.5)  # the other decision gets as far as it can before this one commits
    thread.join(30)
    assert [type(e) for e in errors] == [InvalidTransition]
    with feed.context.read(feed.actor) as unit:
        decided = appeals.get_appeal(unit, appeal_id)
        assert (decided.status, decided.restored) == ("upheld", 3)
        kinds = [n.kind for n in takedowns.list_notices(unit, post_id=feed.ids["copy"])]
    assert kinds == ["takedown", "restored"]
    assert feed.states()["copy"] == "restored"


@pytest.mark.parametrize("first", ["copy", "judged"])
def test_an_appeal_on_a_copy_and_a_wrong_decision_at_once_restore_each_post_once(
    judged: tuple[Feed, takedowns.DecisionResult], world: World, first: str
) -> None:
    """The copy's takedown is among those the wrong decision reverses: the later of the two
    waits for the earlier and leaves out what it reversed. Before, the later reversed the copy's
    takedowns again and failed restoring posts already restored."""
    feed, result = judged
    if feed.context.settings.is_sqlite:
        pytest.skip(SERIAL)
    ids = {pid: file(feed, takedown_of(result, feed, pid)) for pid in ("copy", "judged")}
    wrong = {"copy": False, "judged": True}
    second = next(pid for pid in ids if pid != first)
    reviewer = world.provider["reviewer"].actor

    def uphold(actor: Actor, pid: str) -> None:
        with feed.context.write(actor) as unit:
            appeals.decide(
                unit, ids[pid], upheld=True, reason=f"{pid} ok", decision_wrong=wrong[pid]
            )

    with feed.context.write(feed.actor) as unit:
        appeals.decide(
            unit, ids[first], upheld=True, reason=f"{first} ok", decision_wrong=wrong[first]
        )
        thread, errors = meanwhile(lambda: uphold(reviewer, second))
        time.sleep(0.5)  # the other decision gets as far as it can before this one commits
    thread.join(30)
    assert errors == []
    states = feed.states()
    assert {p: states[p] for p in COPIES | {"judged"}} == dict.fromkeys(
        COPIES | {"judged"}, "restored"
    )
    with feed.context.read(feed.actor) as unit:
        notices = unit.session.scalars(
            select(ContentNotice).where(ContentNotice.kind == "restored")
        ).all()
        decided = {pid: appeals.get_appeal(unit, ids[pid]) for pid in ids}
        reversed_by = {
            t.post_id: t.reversed_reason
            for t in takedowns.list_takedowns(unit, decision_id=result.decision.id)
        }
    assert sorted(n.post_id for n in notices) == sorted(feed.ids[p] for p in COPIES | {"judged"})
    assert {pid: a.status for pid, a in decided.items()} == {"copy": "upheld", "judged": "upheld"}
    if first == "copy":  # the copy and its reshares first, the rest by the wrong decision
        assert (decided["copy"].restored, decided["judged"].restored) == (3, len(COPIES) - 2)
    else:  # everything by the wrong decision; the copy's appeal finds nothing left to restore
        assert (decided["copy"].restored, decided["judged"].restored) == (0, len(COPIES) + 1)
    assert reversed_by[feed.ids["copy"]] == f"{first} ok"


def test_two_appeals_filed_at_once_against_one_takedown_one_conflicts(
    judged: tuple[Feed, takedowns.DecisionResult],
) -> None:
    """The later filing waits for the earlier and sees its open appeal: before, both passed the
    check and the takedown had two open appeals."""
    feed, result = judged
    if feed.context.settings.is_sqlite:
        pytest.skip(SERIAL)
    takedown_id = takedown_of(result, feed, "copy")
    with feed.context.write(feed.actor) as unit:
        appeals.file_appeal(unit, takedown_id, reason="mine")
        thread, errors = meanwhile(lambda: file(feed, takedown_id))
        time.sleep(0.5)  # the other filing gets as far as it can before this one commits
    thread.join(30)
    assert [type(e) for e in errors] == [Conflict]
    with feed.context.read(feed.actor) as unit:
        filed = appeals.list_appeals(unit)
    assert [(a.takedown_id, a.status) for a in filed] == [(takedown_id, "open")]


def test_a_post_deleted_while_its_appeal_is_upheld_stays_deleted(
    judged: tuple[Feed, takedowns.DecisionResult], world: World
) -> None:
    """The appeal waits for the deletion and leaves the post deleted (as when decided after it):
    before, it had read the post still down and wrote "restored" over the author's deletion."""
    feed, result = judged
    if feed.context.settings.is_sqlite:
        pytest.skip(SERIAL)
    appeal_id = file(feed, takedown_of(result, feed, "embedded"))
    reviewer = world.provider["reviewer"].actor

    def uphold() -> None:
        with feed.context.write(reviewer) as unit:
            appeals.decide(unit, appeal_id, upheld=True, reason="a question, not a scam")

    with feed.context.write(feed.actor) as unit:
        monitoring.delete_post(unit, feed.ids["embedded"])
        unit.session.flush()
        thread, errors = meanwhile(uphold)
        time.sleep(0.5)  # the appeal gets as far as it can before the deletion commits
    thread.join(30)
    assert errors == []
    assert feed.states()["embedded"] == "deleted"
    with feed.context.read(feed.actor) as unit:
        decided = appeals.get_appeal(unit, appeal_id)
        assert (decided.status, decided.restored) == ("upheld", 0)


def test_an_appeal_on_a_post_its_author_deleted_is_decided_and_leaves_it_deleted(
    judged: tuple[Feed, takedowns.DecisionResult],
) -> None:
    """The takedown is reversed (the appeal decided and counted), the post stays deleted and its
    author gets no "restored" notice; before, the appeal could not be upheld at all ("a deleted
    post cannot be restored") and stayed open for good."""
    feed, result = judged
    takedown_id = takedown_of(result, feed, "copy")
    with feed.context.write(feed.actor) as unit:
        monitoring.delete_post(unit, feed.ids["copy"])
    decided = appeal(feed, takedown_id, upheld=True)
    assert decided.status == "upheld"
    assert decided.restored == 2  # the reshares below it, not the deleted post
    states = feed.states()
    assert [states[p] for p in ("copy", "reshare1", "reshare2")] == ["deleted", *["restored"] * 2]
    with feed.context.read(feed.actor) as unit:
        assert takedowns.get_takedown(unit, takedown_id).state == "reversed"
        kinds = [n.kind for n in takedowns.list_notices(unit, post_id=feed.ids["copy"])]
    assert kinds == ["takedown"]
