"""Appeals: an upheld appeal restores the post; a wrong decision brings back everything it
propagated to, in one transaction, and stops blocking uploads."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lawbridge.errors import Conflict, InvalidTransition
from lawbridge.store.content_models import ContentBankEntry, ContentNotice
from lawbridge.workflows import appeals, takedowns
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.workflows.content_helpers import COPIES, SCAM_ZH, Feed, build_world_feed


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
